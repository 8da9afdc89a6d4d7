// docs/openapi.yaml describes every served route, and nothing that is not served (PL-2).
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "integration/fixture.hpp"

using namespace otklik::testing;

namespace {

std::set<std::string> DocumentedRoutes() {
    std::ifstream file(std::string(OTKLIK_SOURCE_DIR) + "/docs/openapi.yaml");
    EXPECT_TRUE(file.good()) << "docs/openapi.yaml is missing";
    const std::regex path_line(R"(^  (/[^:\s]*):\s*$)");
    const std::regex method_line(R"(^    (get|post|put|patch|delete):\s*$)");
    std::set<std::string> routes;
    std::string line;
    std::string path;
    bool in_paths = false;
    while (std::getline(file, line)) {
        if (line.rfind("paths:", 0) == 0) {
            in_paths = true;
            continue;
        }
        if (in_paths && !line.empty() && line[0] != ' ' && line[0] != '#') in_paths = false;
        if (!in_paths) continue;
        std::smatch match;
        if (std::regex_match(line, match, path_line)) {
            path = match[1];
        } else if (std::regex_match(line, match, method_line) && !path.empty()) {
            std::string method = match[1];
            for (auto& c : method)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            routes.insert(method + " " + path);
        }
    }
    return routes;
}

std::set<std::string> ServedRoutes() {
    std::string output;
    EXPECT_EQ(RunOtklik({"routes"}, "", output), 0);
    std::set<std::string> routes;
    std::istringstream lines(output);
    std::string method;
    std::string path;
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        words >> method >> path;
        if (!path.empty()) routes.insert(method + " " + path);
    }
    return routes;
}

}  // namespace

TEST(OpenApi, DescribesExactlyTheServedRoutes) {
    const auto documented = DocumentedRoutes();
    const auto served = ServedRoutes();
    ASSERT_FALSE(served.empty());
    for (const auto& route : served) {
        EXPECT_TRUE(documented.contains(route))
            << route << " is served but not in docs/openapi.yaml";
    }
    for (const auto& route : documented) {
        EXPECT_TRUE(served.contains(route)) << route << " is in docs/openapi.yaml but not served";
    }
}
