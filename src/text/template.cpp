#include "text/template.hpp"

namespace otklik::text {
namespace {

// One tag found in a template: where it starts and ends, what it says, and how it was spelled.
struct Tag {
    std::size_t open = std::string_view::npos;
    std::size_t end = std::string_view::npos;  // one past the closing brace(s)
    std::string_view body;                     // between the braces: "name", "#name", "/name"
    bool doubled = false;
};

// The next complete tag at or after `from`; open == npos when there is none.
Tag NextTag(std::string_view text, std::size_t from) {
    Tag tag;
    const auto open = text.find('{', from);
    if (open == std::string_view::npos) return tag;
    const bool doubled = open + 1 < text.size() && text[open + 1] == '{';
    const std::string_view closing = doubled ? "}}" : "}";
    const auto body_start = open + closing.size();
    const auto close = text.find(closing, body_start);
    if (close == std::string_view::npos) return tag;
    tag.open = open;
    tag.end = close + closing.size();
    tag.body = text.substr(body_start, close - body_start);
    tag.doubled = doubled;
    return tag;
}

std::string EndTag(std::string_view name, bool doubled) {
    return doubled ? "{{/" + std::string(name) + "}}" : "{/" + std::string(name) + "}";
}

}  // namespace

std::string RenderTemplate(std::string_view text,
                           const std::map<std::string, std::string>& values) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto tag = NextTag(text, i);
        if (tag.open == std::string_view::npos) {
            out.append(text.substr(i));
            break;
        }
        out.append(text.substr(i, tag.open - i));
        i = tag.end;
        if (tag.body.empty() || tag.body[0] == '/') continue;  // a stray end tag is dropped
        if (tag.body[0] == '#' || tag.body[0] == '^') {
            const auto name = tag.body.substr(1);
            const auto end_tag = EndTag(name, tag.doubled);
            const auto end = text.find(end_tag, i);
            if (end == std::string_view::npos) continue;
            const auto it = values.find(std::string(name));
            const bool present = it != values.end() && !it->second.empty();
            if (present == (tag.body[0] == '#')) {
                out += RenderTemplate(text.substr(i, end - i), values);
            }
            i = end + end_tag.size();
            continue;
        }
        if (const auto it = values.find(std::string(tag.body)); it != values.end()) {
            out += it->second;
        }
    }
    return out;
}

tl::expected<std::vector<std::string>, TemplateError> TemplateNames(std::string_view text) {
    std::vector<std::string> names;
    std::size_t i = 0;
    while (true) {
        const auto tag = NextTag(text, i);
        if (tag.open == std::string_view::npos) {
            if (text.find('{', i) != std::string_view::npos) {
                return tl::unexpected<TemplateError>(
                    TemplateError{"незакрытая подстановка «{» в тексте"});
            }
            return names;
        }
        i = tag.end;
        if (tag.body.empty()) {
            names.emplace_back();  // "{}" names nothing: the caller refuses it as unknown
        } else if (tag.body[0] == '#' || tag.body[0] == '^') {
            const auto name = tag.body.substr(1);
            if (text.find(EndTag(name, tag.doubled), i) == std::string_view::npos) {
                return tl::unexpected<TemplateError>(
                    TemplateError{"нет конца раздела " + EndTag(name, tag.doubled)});
            }
            names.emplace_back(name);
        } else if (tag.body[0] != '/') {
            names.emplace_back(tag.body);
        }
    }
}

}  // namespace otklik::text
