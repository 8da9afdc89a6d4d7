// The files of an applicant's answer on the status page (issue 17): checked like e-mail
// attachments and kept beside them, so staff download them from the appeal card.
#include "api/applicant_files.hpp"

#include <algorithm>
#include <array>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

#include "core/parse_integer.hpp"
#include "text/base64.hpp"
#include "text/case_folding.hpp"

namespace otklik::api {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

// Documents and images people scan, as the e-mail intake accepts them (no archives: a page
// upload has no need of them).
constexpr std::array<std::string_view, 17> kExtensions = {
    "pdf", "doc", "docx", "odt", "rtf", "txt", "xls",  "xlsx", "ods",
    "csv", "jpg", "jpeg", "png", "gif", "tif", "tiff", "heic"};

std::string Extension(std::string_view name) {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return {};
    return text::AsciiLower(name.substr(dot + 1));
}

std::string SafeFileName(std::string_view name) {
    std::string out;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        out += (c == '/' || c == '\\' || c == ':' || byte < 0x20) ? '_' : c;
    }
    if (out.empty() || out == "." || out == "..") out = "file";
    return out.substr(0, 200);
}

core::Error FileError(const std::string& message) {
    return core::Error::Validation({{"files", "invalid", message}});
}

// Two answers of one appeal at once must not take the same number.
std::mutex& NumberingMutex() {
    static std::mutex mutex;
    return mutex;
}

long NextNumber(const fs::path& folder) {
    long next = 1;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return next;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        const auto dash = name.find('-');
        if (dash == 0 || dash == std::string::npos) continue;
        if (const auto n = core::ParseInteger<long>(name.substr(0, dash))) {
            next = std::max(next, *n + 1);
        }
    }
    return next;
}

}  // namespace

core::Result<std::vector<IncomingFile>> ParseApplicantFiles(const json::value* files,
                                                            const ApplicantFileLimits& limits) {
    std::vector<IncomingFile> out;
    if (!files || files->is_null()) return out;
    if (!files->is_array()) return core::Fail(FileError("Файлы передаются списком"));
    if (files->as_array().size() > limits.max_files) {
        return core::Fail(
            FileError("Можно приложить не больше " + std::to_string(limits.max_files) + " файлов"));
    }
    std::size_t total = 0;
    for (const auto& item : files->as_array()) {
        const auto* object = item.if_object();
        const auto text = [&](const char* key) {
            const auto* value = object ? object->if_contains(key) : nullptr;
            return value && value->is_string() ? std::string(value->as_string()) : std::string();
        };
        IncomingFile file{text("name"), text("type"), {}};
        if (file.name.empty() || file.name.size() > 255) {
            return core::Fail(FileError("У файла нет имени"));
        }
        const auto extension = Extension(file.name);
        if (std::find(kExtensions.begin(), kExtensions.end(), extension) == kExtensions.end()) {
            return core::Fail(FileError("Файл «" + file.name +
                                        "»: такой тип не принимается. Принимаются документы и "
                                        "изображения (pdf, doc, docx, odt, rtf, txt, xls, xlsx, "
                                        "jpg, png, tif)"));
        }
        const std::string content = text("content");
        if (content.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789+/=\r\n") != std::string::npos) {
            return core::Fail(FileError("Файл «" + file.name + "» передан повреждённым"));
        }
        file.bytes = text::FromBase64Lenient(content);
        if (file.bytes.empty()) return core::Fail(FileError("Файл «" + file.name + "» пуст"));
        if (file.bytes.size() > limits.max_file_bytes) {
            return core::Fail(FileError("Файл «" + file.name + "» больше " +
                                        std::to_string(limits.max_file_bytes / 1024U / 1024U) +
                                        " МБ"));
        }
        total += file.bytes.size();
        if (total > limits.max_total_bytes) {
            return core::Fail(FileError("Общий размер файлов слишком велик"));
        }
        if (file.type.empty() || file.type.size() > 100 ||
            file.type.find_first_of("\r\n;\"") != std::string::npos) {
            file.type = "application/octet-stream";
        }
        out.push_back(std::move(file));
    }
    return out;
}

void StoredFiles::Discard() {
    std::error_code ec;
    for (const auto& path : paths) fs::remove(path, ec);
    paths.clear();
    kept.clear();
}

core::Result<StoredFiles> StoreApplicantFiles(const std::string& dir, std::int64_t appeal_id,
                                              const std::vector<IncomingFile>& files) {
    StoredFiles stored;
    if (files.empty()) return stored;
    const core::Error disk{core::ErrorKind::kUnavailable,
                           "disk",
                           "Не удалось сохранить файлы: повторите попытку позже",
                           {}};
    if (dir.empty()) return core::Fail(disk);
    const fs::path folder = fs::path(dir) / std::to_string(appeal_id);
    std::error_code ec;
    fs::create_directories(folder, ec);
    std::lock_guard lock(NumberingMutex());
    long number = NextNumber(folder);
    for (const auto& file : files) {
        const fs::path path = folder / (std::to_string(number++) + "-" + SafeFileName(file.name));
        // O_EXCL: a file of another node or an earlier answer is never overwritten.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        bool written = fd >= 0;
        if (written) stored.paths.push_back(path);
        std::size_t done = 0;
        while (written && done < file.bytes.size()) {
            const auto n = ::write(fd, file.bytes.data() + done, file.bytes.size() - done);
            if (n <= 0) {
                written = false;
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        if (fd >= 0 && ::close(fd) != 0) written = false;
        if (!written) {
            stored.Discard();
            return core::Fail(disk);
        }
        stored.kept.push_back({file.name, file.type, file.bytes.size()});
    }
    return stored;
}

}  // namespace otklik::api
