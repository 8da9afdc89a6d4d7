#include "api/router.hpp"

namespace otklik::api {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t pos = 1;
    while (pos <= path.size()) {
        const auto next = path.find('/', pos);
        parts.push_back(
            path.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
        if (next == std::string_view::npos) break;
        pos = next + 1;
    }
    return parts;
}

bool Match(std::string_view pattern, const std::vector<std::string_view>& path,
           std::map<std::string, std::string>& params) {
    const auto parts = Split(pattern);
    if (parts.size() != path.size()) return false;
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i].size() > 2 && parts[i].front() == '{' && parts[i].back() == '}') {
            if (path[i].empty()) return false;
            found[std::string(parts[i].substr(1, parts[i].size() - 2))] = std::string(path[i]);
        } else if (parts[i] != path[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

RouteMatch FindRoute(const std::vector<RouteSpec>& routes, std::string_view method,
                     std::string_view path, bool test_routes) {
    RouteMatch match;
    const auto segments = Split(path);
    for (const auto& spec : routes) {
        std::map<std::string, std::string> params;
        if (!Match(spec.pattern, segments, params)) continue;
        if (spec.test_only && !test_routes) continue;
        match.path_known = true;
        if (spec.method != method) continue;
        match.route = &spec;
        match.params = std::move(params);
        return match;
    }
    return match;
}

}  // namespace otklik::api
