#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "core/result.hpp"
#include "core/workflow.hpp"

namespace otklik::api {

/// A file an applicant sends with an answer on the status page, decoded.
struct IncomingFile {
    std::string name;
    std::string type;
    std::string bytes;
};

/// Limits of the files of one answer; the request body limit (4 MB) bounds them too.
struct ApplicantFileLimits {
    std::size_t max_file_bytes = 2U * 1024U * 1024U;
    std::size_t max_total_bytes = 2U * 1024U * 1024U + 512U * 1024U;
    std::size_t max_files = 5;
};

/// Reads `files` of an answer body: an array of {"name", "type", "content" (base64)}; absent
/// or null: none. kValidation on field "files" naming the file and the reason (type not
/// accepted, too large, too many, not base64).
[[nodiscard]] core::Result<std::vector<IncomingFile>> ParseApplicantFiles(
    const boost::json::value* files, const ApplicantFileLimits& limits = {});

/// Files written to disk for an answer not applied yet: Discard() removes them when the
/// answer is refused.
struct StoredFiles {
    std::vector<core::KeptFile> kept;
    std::vector<std::filesystem::path> paths;

    void Discard();
};

/// Stores `files` with the appeal's other files, as the e-mail intake keeps them:
/// `<dir>/<appeal id>/<n>-<safe name>`, numbered after the files already there, so the n-th
/// kept file of the appeal's list is the n-th file by that number. Never overwrites a file.
/// kUnavailable "disk" when writing fails (what was written is removed).
[[nodiscard]] core::Result<StoredFiles> StoreApplicantFiles(const std::string& dir,
                                                            std::int64_t appeal_id,
                                                            const std::vector<IncomingFile>& files);

}  // namespace otklik::api
