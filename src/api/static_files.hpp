#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "api/http.hpp"

namespace otklik::api {

/// Serves the built web workplace (`otklik serve --web-root DIR`) for every GET or HEAD that is
/// not an API route: files under the root with their content type, and index.html for client
/// routes (paths whose last segment has no extension). Never reads outside the root: "..",
/// backslashes and NUL are refused, and symlinks must resolve inside it. Thread-safe.
class StaticFiles {
public:
    /// Throws std::runtime_error if `root` has no index.html (a startup failure).
    explicit StaticFiles(std::filesystem::path root);

    /// True for requests this class answers: GET or HEAD outside /api/ and outside the
    /// API's own non-/api routes (/healthz, /readyz, /metrics).
    bool Handles(const Request& request) const;

    /// The file, the index.html fallback, or a 404 error body.
    Response Serve(const Request& request) const;

    /// Content type by file extension ("application/octet-stream" when unknown).
    static std::string ContentType(const std::filesystem::path& file);

private:
    std::optional<std::filesystem::path> Resolve(const std::string& path) const;
    Response FileResponse(const std::filesystem::path& file, bool head, bool immutable) const;

    std::filesystem::path root_;  ///< canonical
};

}  // namespace otklik::api
