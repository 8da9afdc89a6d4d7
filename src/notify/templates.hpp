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
/// files. A template is text with {{name}} placeholders filled from the outbox payload's string
/// fields, plus {{uin}}, {{confirm_url}}, {{dispute_url}} and {{reasons}} / {{files}} lists.
/// The first line "Тема: …" is the subject; the UIN is always in the subject. Thread-safe.
class TemplateSet {
public:
    /// Built-in templates; `folder` (optional) holds overrides as `<regulation>/<kind>.txt` or
    /// `<kind>.txt`, read once here.
    explicit TemplateSet(const std::string& folder = "");

    /// Renders `message`; `values` are extra placeholders (links). Unknown kinds get a generic
    /// status letter so that nothing the workflow queues is dropped.
    RenderedMail Render(const core::PendingOutbox& message, const std::string& regulation,
                        const std::map<std::string, std::string>& values) const;

    /// The kinds with a built-in template.
    static const std::map<std::string, std::string>& BuiltIn();

private:
    std::map<std::string, std::string> overrides_;  ///< "regulation/kind" or "kind" → text
};

}  // namespace otklik::notify
