#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace otklik::text {

/// The one template syntax of letters, notifications and regulation texts (Mustache-like):
///  - `{{name}}` is the value of `name`, empty when there is none;
///  - `{{#name}}…{{/name}}` keeps its text only when the value is not empty,
///    `{{^name}}…{{/name}}` only when it is; sections nest.
/// A tag may also be written with single braces, `{name}`, `{#name}…{/name}`: the regulation
/// files are written that way and stay as they are. A brace without its closing brace is text.
std::string RenderTemplate(std::string_view text, const std::map<std::string, std::string>& values);

/// A fault in a template, for the regulation loader's messages.
struct TemplateError {
    std::string what;
};

/// The names a template refers to (values and sections), in order of appearance; an error
/// for an unclosed tag or a section without its end.
[[nodiscard]] tl::expected<std::vector<std::string>, TemplateError> TemplateNames(
    std::string_view text);

}  // namespace otklik::text
