#include "core/appeal_summary.hpp"

#include <string_view>

#include "core/json_text.hpp"

namespace otklik::core {
namespace {

// The screener's outcome is stored as JSON; a person's review stands beside the automatic
// decision, and both stay visible.
void AppendTriage(std::string& out, const Appeal& appeal) {
    const auto review = appeal.attributes.find("triage_review");
    const std::string_view stored = appeal.triage_json;
    const auto close = stored.find_last_of('}');
    if (review == appeal.attributes.end() || close == std::string_view::npos) {
        out += stored;
        return;
    }
    const auto get = [&](const char* name) {
        const auto it = appeal.attributes.find(name);
        return it == appeal.attributes.end() ? std::string_view() : std::string_view(it->second);
    };
    const std::string_view head = stored.substr(0, close);
    out += head;
    const auto last = head.find_last_not_of(" \n\r\t");
    if (last != std::string_view::npos && head[last] != '{') out += ',';
    out += "\"review\":{\"decision\":";
    AppendJsonString(out, review->second);
    out += ",\"by\":";
    AppendJsonString(out, get("triage_reviewed_by"));
    out += ",\"comment\":";
    AppendJsonString(out, get("triage_review_comment"));
    out += "}}";
}

}  // namespace

void AppendAppealSummary(std::string& out, const Appeal& appeal, std::int64_t version) {
    // Written as text: a queue page is fifty of these, and building JSON values for them cost
    // more than reading them from the store.
    bool first = true;
    const auto key = [&](std::string_view name) {
        out += first ? "{\"" : ",\"";
        first = false;
        out += name;
        out += "\":";
    };
    const auto text = [&](std::string_view name, std::string_view value) {
        key(name);
        AppendJsonString(out, value);
    };
    const auto attribute = [&](const char* name, std::string_view fallback) {
        const auto it = appeal.attributes.find(name);
        return it == appeal.attributes.end() ? fallback : std::string_view(it->second);
    };
    text("uin", appeal.uin);
    text("regulation", appeal.regulation);
    key("regulation_version");
    out += std::to_string(appeal.regulation_version);
    text("channel", appeal.channel);
    text("status", StatusCode(appeal.status));
    text("status_name", attribute("status_name", StatusDisplayName(appeal.status)));
    text("pending_reason", appeal.pending_reason);
    text("pending_reason_name", attribute("pending_reason_name", ""));
    text("stage", appeal.stage);
    text("stage_name", attribute("stage_name", ""));
    text("group", appeal.group);
    text("assignee", appeal.assignee);
    text("organization", appeal.organization);
    text("category", appeal.category);
    text("subcategory", appeal.subcategory);
    text("priority", appeal.priority);
    text("subject", appeal.subject);
    text("region", appeal.applicant.region);
    key("deadlines");
    out += '{';
    bool first_deadline = true;
    for (const auto& [name, at] : appeal.deadlines) {
        if (!first_deadline) out += ',';
        first_deadline = false;
        AppendJsonString(out, name);
        out += ':';
        AppendJsonString(out, FormatInstant(at));
    }
    out += '}';
    key("triage");
    if (appeal.triage_json.empty()) {
        out += "null";
    } else {
        AppendTriage(out, appeal);
    }
    key("version");
    out += std::to_string(version > 0 ? version : appeal.version);
    text("created_at", FormatInstant(appeal.created_at));
    text("updated_at", FormatInstant(appeal.updated_at));
    key("closed_at");
    if (appeal.closed_at) {
        AppendJsonString(out, FormatInstant(*appeal.closed_at));
    } else {
        out += "null";
    }
    out += '}';
}

}  // namespace otklik::core
