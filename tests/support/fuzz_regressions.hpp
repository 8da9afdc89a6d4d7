#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace otklik::testing {

/// The inputs fuzzing once broke for one target, kept in tests/data/fuzz-regressions/<target>/
/// (docs/fuzzing.md), as (file name, bytes) sorted by name, so that `make test` replays them
/// through the same code path as the fuzzer. `data_dir` is the tests/data folder.
inline std::vector<std::pair<std::string, std::string>> FuzzRegressions(
    const std::filesystem::path& data_dir, const std::string& target) {
    std::vector<std::pair<std::string, std::string>> inputs;
    for (const auto& entry :
         std::filesystem::directory_iterator(data_dir / "fuzz-regressions" / target)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        inputs.emplace_back(entry.path().filename().string(), bytes.str());
    }
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

}  // namespace otklik::testing
