#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace otklik::channels::email::testing {

inline std::string Fixture(const std::string& name) {
    std::ifstream in(std::filesystem::path(OTKLIK_TEST_DATA_DIR) / "email" / name,
                     std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A fresh empty folder under the system temporary directory.
inline std::filesystem::path TempDir(const std::string& tag) {
    static int counter = 0;
    auto dir =
        std::filesystem::temp_directory_path() /
        ("otklik-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace otklik::channels::email::testing
