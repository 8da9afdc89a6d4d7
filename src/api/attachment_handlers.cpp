// Files that came with an appeal (e-mail attachments the intake kept), for the appeal card.
#include "api/attachment_handlers.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/json_mapping.hpp"
#include "core/appeal_attributes.hpp"
#include "core/parse_integer.hpp"

namespace otklik::api {
namespace {

namespace fs = std::filesystem;

// The intake stores the kept files as "<position in the letter>-<safe name>", in letter order;
// the n-th kept file (1-based) is the n-th of them by that number.
std::optional<fs::path> KeptFile(const fs::path& folder, std::size_t n) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return std::nullopt;
    std::vector<std::pair<long, fs::path>> files;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (!entry.is_regular_file()) continue;
        const std::string name = entry.path().filename().string();
        const auto dash = name.find('-');
        if (dash == 0 || dash == std::string::npos) continue;
        if (const auto position = core::ParseInteger<long>(name.substr(0, dash))) {
            files.emplace_back(*position, entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    if (n == 0 || n > files.size()) return std::nullopt;
    return files[n - 1].second;
}

}  // namespace

core::Result<Response> AttachmentHandlers::GetAttachment(Call& call) {
    const auto actor = call.Actor();
    auto appeal = deps_.appeals.Get(call.Param("uin"), actor);
    if (!appeal) return core::Fail(appeal.error());
    const auto not_found = [] {
        return core::Fail(core::Error::NotFound("Такого вложения у обращения нет"));
    };
    const auto listed = appeal->attributes.find(core::attribute::kEmailAttachments);
    if (listed == appeal->attributes.end() || deps_.attachments_dir.empty()) return not_found();
    const std::size_t n = core::ParseInteger<std::size_t>(call.Param("n")).value_or(0);
    boost::system::error_code ec;
    const auto meta = json::parse(listed->second, ec);
    if (ec || !meta.is_array() || n == 0 || n > meta.as_array().size()) return not_found();
    const auto path = KeptFile(fs::path(deps_.attachments_dir) / std::to_string(appeal->id), n);
    if (!path) return not_found();
    std::ifstream in(*path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return not_found();
    // SEC-3: what applicants send may carry personal data: the read is logged first.
    auto logged =
        deps_.audit.LogAccess({0, deps_.clock.Now(), actor.login, appeal->uin,
                               "attachment " + std::to_string(n), call.request.Query("purpose")});
    if (!logged) return core::Fail(logged.error());
    const auto& item = meta.as_array()[n - 1];
    const auto text = [&](const char* key) {
        const auto* value = item.is_object() ? item.as_object().if_contains(key) : nullptr;
        return value && value->is_string() ? std::string(value->as_string()) : std::string();
    };
    Response response;
    response.content_type = text("type").empty() ? "application/octet-stream" : text("type");
    response.body = std::move(bytes).str();
    // Always a download, never rendered in the workplace's origin.
    std::string ascii;
    for (const char c : text("name")) {
        const auto byte = static_cast<unsigned char>(c);
        ascii += byte < 0x80 && c != '"' && c != '\\' && byte >= 0x20 ? c : '_';
    }
    response.Header(
        "Content-Disposition",
        "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + PercentEncode(text("name")));
    response.Header("X-Content-Type-Options", "nosniff");
    response.Header("Cache-Control", "no-store");
    return response;
}

}  // namespace otklik::api
