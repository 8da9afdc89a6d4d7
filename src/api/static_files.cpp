#include "api/static_files.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

#include "api/api.hpp"
#include "api/json_mapping.hpp"

namespace otklik::api {
namespace fs = std::filesystem;

namespace {

bool IsApiPath(const std::string& path) {
    if (path == "/api" || path.rfind("/api/", 0) == 0) return true;
    for (const auto& route : Api::Routes()) {
        if (route.pattern == path) return true;
    }
    return false;
}

bool ReadFile(const fs::path& file, std::string& out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return !in.bad();
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) {
    std::error_code ec;
    root_ = fs::canonical(root, ec);
    if (ec || !fs::is_regular_file(root_ / "index.html", ec)) {
        throw std::runtime_error("--web-root " + root.string() +
                                 " has no index.html (build the web workplace: make web)");
    }
}

bool StaticFiles::Handles(const Request& request) const {
    if (request.method != "GET" && request.method != "HEAD") return false;
    return !IsApiPath(request.path);
}

std::string StaticFiles::ContentType(const fs::path& file) {
    static const std::pair<const char*, const char*> kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff", "font/woff"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    const std::string extension = file.extension().string();
    for (const auto& [ext, type] : kTypes) {
        if (extension == ext) return type;
    }
    return "application/octet-stream";
}

std::optional<fs::path> StaticFiles::Resolve(const std::string& path) const {
    if (path.empty() || path.front() != '/') return std::nullopt;
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) {
        return std::nullopt;
    }
    fs::path relative;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        const auto slash = path.find('/', pos);
        const std::string segment =
            path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        if (segment == "." || segment == "..") return std::nullopt;
        if (!segment.empty()) relative /= segment;
        if (slash == std::string::npos) break;
        pos = slash + 1;
    }
    std::error_code ec;
    const fs::path candidate = fs::weakly_canonical(root_ / relative, ec);
    if (ec) return std::nullopt;
    // A symlink may point elsewhere: the resolved file must still be under the root.
    const auto [root_end, unused] =
        std::mismatch(root_.begin(), root_.end(), candidate.begin(), candidate.end());
    if (root_end != root_.end()) return std::nullopt;
    return candidate;
}

Response StaticFiles::FileResponse(const fs::path& file, bool head, bool immutable) const {
    Response response;
    if (!ReadFile(file, response.body)) {
        return ErrorResponse(core::Error::NotFound("Файл не найден"));
    }
    response.content_type = ContentType(file);
    // Vite puts content hashes into the names under assets/: they never change.
    response.Header("Cache-Control",
                    immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.Header("X-Content-Type-Options", "nosniff");
    if (file.filename() == "index.html") {
        response.Header("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self' "
                        "'unsafe-inline'; frame-ancestors 'none'");
        response.Header("X-Frame-Options", "DENY");
    }
    if (head) response.body.clear();
    return response;
}

Response StaticFiles::Serve(const Request& request) const {
    const bool head = request.method == "HEAD";
    const auto resolved = Resolve(request.path);
    if (!resolved) return ErrorResponse(core::Error::NotFound("Адрес не найден"));
    std::error_code ec;
    if (fs::is_regular_file(*resolved, ec)) {
        const bool immutable = request.path.rfind("/assets/", 0) == 0;
        return FileResponse(*resolved, head, immutable);
    }
    // A folder of its own (the help site /help/) is served by its index page.
    if (fs::is_directory(*resolved, ec) && fs::is_regular_file(*resolved / "index.html", ec) &&
        *resolved != root_) {
        if (!request.path.ends_with('/')) {
            Response moved;
            moved.status = 301;
            moved.Header("Location", request.path + "/");
            return moved;
        }
        return FileResponse(*resolved / "index.html", head, false);
    }
    // Client routes (/appeals/ГЛ-2026-000001, /queues/mine) have no extension: the SPA handles
    // them.
    const auto last = request.path.substr(request.path.rfind('/') + 1);
    if (last.find('.') == std::string::npos) {
        return FileResponse(root_ / "index.html", head, false);
    }
    return ErrorResponse(core::Error::NotFound("Файл не найден"));
}

}  // namespace otklik::api
