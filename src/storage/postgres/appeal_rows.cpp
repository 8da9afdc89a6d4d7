#include "storage/postgres/appeal_rows.hpp"

#include "storage/appeal_codec.hpp"

namespace otklik::storage::postgres {

core::Appeal ReadAppeal(const Rows& rows, int r, int first) {
    core::Appeal appeal;
    appeal.id = rows.Int(r, first + 0);
    appeal.uin = rows.Text(r, first + 1);
    appeal.regulation = rows.Text(r, first + 2);
    appeal.regulation_version = static_cast<int>(rows.Int(r, first + 3));
    appeal.channel = rows.Text(r, first + 4);
    appeal.status = core::ParseStatus(rows.Text(r, first + 5)).value_or(core::Status::kRegistered);
    appeal.pending_reason = rows.Text(r, first + 6);
    appeal.stage = rows.Text(r, first + 7);
    appeal.group = rows.Text(r, first + 8);
    appeal.assignee = rows.Text(r, first + 9);
    appeal.organization = rows.Text(r, first + 10);
    appeal.category = rows.Text(r, first + 11);
    appeal.subcategory = rows.Text(r, first + 12);
    appeal.priority = rows.Text(r, first + 13);
    appeal.version = rows.Int(r, first + 14);
    appeal.created_at = core::FromUnixMillis(rows.Int(r, first + 15));
    appeal.updated_at = core::FromUnixMillis(rows.Int(r, first + 16));
    if (!rows.IsNull(r, first + 17))
        appeal.closed_at = core::FromUnixMillis(rows.Int(r, first + 17));
    DecodeAppealDoc(rows.Text(r, first + 18), appeal);
    if (!rows.IsNull(r, first + 19))
        appeal.next_event_at = core::FromUnixMillis(rows.Int(r, first + 19));
    return appeal;
}

std::vector<core::Appeal> ReadAppeals(const Rows& rows) {
    std::vector<core::Appeal> appeals;
    appeals.reserve(static_cast<std::size_t>(rows.size()));
    for (int r = 0; r < rows.size(); ++r) appeals.push_back(ReadAppeal(rows, r));
    return appeals;
}

void AppendAppealFilter(const core::AppealFilter& filter, std::string& sql, Params& params,
                        int& index) {
    const auto next = [&] { return "$" + std::to_string(++index); };
    const auto add_text = [&](const char* column, const std::string& value) {
        sql += std::string(" AND ") + column + " = " + next();
        params.Add(value);
    };
    const auto add_in = [&](const char* column, const auto& values, auto to_text) {
        sql += std::string(" AND ") + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            sql += (i ? ", " : "") + next();
            params.Add(to_text(values[i]));
        }
        sql += ")";
    };
    const auto same = [](const std::string& value) { return value; };
    if (!filter.statuses.empty()) {
        add_in("status", filter.statuses,
               [](core::Status s) { return std::string(core::StatusCode(s)); });
    }
    if (filter.open_only || filter.overdue_at) sql += " AND is_open";
    if (!filter.group.empty()) add_text("grp", filter.group);
    if (!filter.assignee.empty()) add_text("assignee", filter.assignee);
    if (!filter.region.empty()) add_text("region", filter.region);
    if (filter.visible_regions) {
        // Visibility (AppealScope): nothing at all when no region is visible.
        if (filter.visible_regions->empty()) {
            sql += " AND false";
        } else {
            add_in("region", *filter.visible_regions, same);
        }
    }
    if (!filter.category.empty()) add_text("category", filter.category);
    if (!filter.priority.empty()) add_text("priority", filter.priority);
    if (!filter.channel.empty()) add_text("channel", filter.channel);
    if (!filter.regulation.empty()) add_text("regulation", filter.regulation);
    if (!filter.applicant_email.empty()) add_text("applicant_email", filter.applicant_email);
    if (!filter.applicant_snils.empty()) add_text("applicant_snils", filter.applicant_snils);
    if (!filter.applicant_phone.empty()) add_text("applicant_phone", filter.applicant_phone);
    if (!filter.triage_decisions.empty()) add_in("triage_decision", filter.triage_decisions, same);
    if (filter.created_from) {
        sql += " AND created_at >= " + next();
        params.Add(core::ToUnixMillis(*filter.created_from));
    }
    if (filter.created_to) {
        sql += " AND created_at < " + next();
        params.Add(core::ToUnixMillis(*filter.created_to));
    }
    if (filter.overdue_at) {
        sql += " AND due_at < " + next();
        params.Add(core::ToUnixMillis(*filter.overdue_at));
    }
    if (filter.due_from || filter.due_to) sql += " AND is_open";
    if (filter.due_from) {
        sql += " AND due_at >= " + next();
        params.Add(core::ToUnixMillis(*filter.due_from));
    }
    if (filter.due_to) {
        sql += " AND due_at < " + next();
        params.Add(core::ToUnixMillis(*filter.due_to));
    }
    if (!filter.stages.empty()) add_in("stage", filter.stages, same);
    if (!filter.channels.empty()) add_in("channel", filter.channels, same);
    if (!filter.pending_reason.empty()) add_text("pending_reason", filter.pending_reason);
    if (filter.breached) {
        // As the reports count a breach (call_contact_report.cpp).
        sql += *filter.breached ? " AND EXISTS" : " AND NOT EXISTS";
        sql +=
            " (SELECT 1 FROM json_object_keys(CASE WHEN json_typeof(appeals.doc::json -> "
            "'attributes') = 'object' THEN appeals.doc::json -> 'attributes' ELSE '{}'::json END) "
            "k "
            "WHERE k LIKE 'breached.%')";
    }
    if (filter.escalated) {
        // As the reports count escalations (call_contact_report.cpp).
        sql += *filter.escalated ? " AND EXISTS" : " AND NOT EXISTS";
        sql +=
            " (SELECT 1 FROM history h WHERE h.appeal_id = appeals.id "
            "AND h.action IN ('escalate', 'forward', 'forward_regional'))";
    }
}

}  // namespace otklik::storage::postgres
