#pragma once

#include <map>
#include <string>

#include "core/mail_store.hpp"

namespace otklik::notify {

/// A rendered letter: subject and plain text body, both UTF-8.
struct RenderedMail {
    std::string subject;
    std::string body;
};

/// Russian notification templates (NT-1, CH-8), one per kind, overridable per regulation from
/// files (the project ships regulations/templates/<regulation>/<kind>.txt for every kind of
/// every shipped regulation). A template is text whose first line "Тема: …" is the subject; the
/// UIN is always in the subject. Placeholders, in the project's one template syntax
/// (text::RenderTemplate):
///  - {{name}}: the outbox payload's string fields and the values the caller passes — {{uin}},
///    {{appeal_subject}} (the appeal's subject; for a returned letter, the letter's),
///    {{solution}}, {{comment}} (with a blank line before it when there is one), {{question}},
///    {{agency}}, {{claim_uin}}, {{contacts}}, {{received}}, {{refusal_message}},
///    {{confirm_url}}, {{dispute_url}}, {{links_expire}}, {{status_url}} (the appeal's status
///    page, a link that opens once) with {{status_expires}}, and {{reasons}} / {{files}} as
///    lists;
///  - {{notice_subject}}, {{notice_text}}: the notification as the regulation words it in its
///    [notifications.<kind>] table, with the appeal's deadline, solution, reason filled in;
///    empty when no regulation worded it;
///  - {{#name}}…{{/name}} keeps its text only when the value is not empty, {{^name}}…{{/name}}
///    only when it is.
/// A built-in template gets the standard footer; a template from the folder is the whole
/// letter. Thread-safe.
class TemplateSet {
public:
    /// Built-in templates; `folder` (optional) holds overrides as `<regulation>/<kind>.txt` or
    /// `<kind>.txt`, read once here.
    explicit TemplateSet(const std::string& folder = "");

    /// Renders `message`; `values` are extra placeholders (links, the appeal's fields); the
    /// payload's fields win over them. Kinds without a template get the regulation's wording
    /// when the payload has it, else a generic status letter, so that nothing the workflow
    /// queues is dropped.
    RenderedMail Render(const core::PendingOutbox& message, const std::string& regulation,
                        const std::map<std::string, std::string>& values) const;

    /// True when the folder has `<regulation>/<kind>.txt`.
    bool HasOwn(const std::string& regulation, const std::string& kind) const;

    /// The kinds with a built-in template.
    static const std::map<std::string, std::string>& BuiltIn();

private:
    std::map<std::string, std::string> overrides_;  ///< "regulation/kind" or "kind" → text
};

}  // namespace otklik::notify
