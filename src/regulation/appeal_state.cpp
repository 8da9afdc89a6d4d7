#include "regulation/appeal_state.hpp"

#include <charconv>

namespace otklik::regulation {

core::TimeZone ZoneOf(const sla::BusinessCalendar& calendar) {
    return core::TimeZone::Find(calendar.Schedule().TimeZoneName()).value_or(core::TimeZone::Utc());
}

core::Error NotAllowed(std::string message) {
    return core::Error::Unprocessable("action_not_allowed", std::move(message));
}

std::string Attr(const core::Appeal& appeal, const std::string& key) {
    const auto it = appeal.attributes.find(key);
    return it == appeal.attributes.end() ? std::string() : it->second;
}

int IntAttr(const core::Appeal& appeal, const std::string& key) {
    const std::string text = Attr(appeal, key);
    int value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

void SetAttr(core::Appeal& appeal, const std::string& key, const std::string& value) {
    if (value.empty()) {
        appeal.attributes.erase(key);
    } else {
        appeal.attributes[key] = value;
    }
}

std::optional<core::Instant> InstantAttr(const core::Appeal& appeal, const std::string& key) {
    const std::string text = Attr(appeal, key);
    if (text.empty()) return std::nullopt;
    return core::ParseInstant(text);
}

void EnterState(core::Appeal& appeal, core::Instant at) {
    appeal.attributes["state_since"] = core::FormatInstant(at);
    appeal.attributes.erase("reminders_done");
    appeal.attributes.erase("reminders_sent");
}

AppealKind KindOf(const core::Appeal& appeal) {
    return appeal.attributes.contains("claim_of") ? AppealKind::kClaim : AppealKind::kAppeal;
}

std::vector<std::string> MissingFields(const Regulation& regulation, const std::string& set,
                                       const core::Appeal& appeal) {
    std::vector<std::string> missing;
    if (const FieldSet* fields = regulation.FindFieldSet(set)) {
        for (const auto& field : fields->fields) {
            if (!HasField(appeal, field)) missing.push_back(field);
        }
    }
    return missing;
}

std::string FieldList(const std::vector<std::string>& fields) {
    std::string out;
    for (const auto& field : fields) out += (out.empty() ? "" : ", ") + FieldDisplayName(field);
    return out;
}

bool Matches(const Condition& c, const Regulation& r, const core::Appeal& a) {
    const auto in = [](const auto& list, const auto& value) {
        return list.empty() || Contains(list, value);
    };
    if (!in(c.channels, a.channel) || !in(c.categories, a.category) ||
        !in(c.subcategories, a.subcategory) || !in(c.priorities, a.priority) ||
        !in(c.regions, a.applicant.region) || !in(c.applicant_roles, a.applicant.role) ||
        !in(c.groups, a.group) || !in(c.organizations, a.organization) || !in(c.kinds, KindOf(a))) {
        return false;
    }
    if (!c.lines.empty()) {
        const Group* group = r.FindGroup(a.group);
        if (!group || !Contains(c.lines, group->support_line)) return false;
    }
    if (!c.missing.empty() && MissingFields(r, c.missing, a).empty()) return false;
    if (!c.complete.empty() && !MissingFields(r, c.complete, a).empty()) return false;
    return true;
}

const Group* RegionalGroup(const Regulation& r, const core::Appeal& a) {
    if (a.applicant.region.empty()) return nullptr;
    for (const Group& group : r.groups) {
        if (Contains(group.regions, a.applicant.region)) return &group;
    }
    return nullptr;
}

const Stage* NextStage(const Regulation& r, const core::Appeal& a) {
    bool after_current = a.stage.empty();
    for (const Stage& stage : r.stages) {
        if (after_current && (stage.channels.empty() || Contains(stage.channels, a.channel))) {
            return &stage;
        }
        if (stage.code == a.stage) after_current = true;
    }
    return nullptr;
}

void SetDisplayNames(const Regulation& r, core::Appeal& a) {
    SetAttr(a, "status_name", r.StatusName(a.status));
    const PendingReason* reason = r.FindPendingReason(a.pending_reason);
    SetAttr(a, "pending_reason_name", reason ? reason->name : std::string());
    const Stage* stage = r.FindStage(a.stage);
    SetAttr(a, "stage_name", stage ? stage->name : std::string());
}

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) {
        if (item.empty()) continue;
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

}  // namespace otklik::regulation
