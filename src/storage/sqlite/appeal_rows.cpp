#include "storage/sqlite/appeal_rows.hpp"

#include "storage/appeal_codec.hpp"

namespace otklik::storage::sqlite {

core::Appeal ReadAppeal(const Statement& row) {
    core::Appeal appeal;
    appeal.id = row.Int(0);
    appeal.uin = row.Text(1);
    appeal.regulation = row.Text(2);
    appeal.regulation_version = static_cast<int>(row.Int(3));
    appeal.channel = row.Text(4);
    appeal.status = core::ParseStatus(row.Text(5)).value_or(core::Status::kRegistered);
    appeal.pending_reason = row.Text(6);
    appeal.stage = row.Text(7);
    appeal.group = row.Text(8);
    appeal.assignee = row.Text(9);
    appeal.organization = row.Text(10);
    appeal.category = row.Text(11);
    appeal.subcategory = row.Text(12);
    appeal.priority = row.Text(13);
    appeal.version = row.Int(14);
    appeal.created_at = core::FromUnixMillis(row.Int(15));
    appeal.updated_at = core::FromUnixMillis(row.Int(16));
    if (!row.IsNull(17)) appeal.closed_at = core::FromUnixMillis(row.Int(17));
    DecodeAppealDoc(row.Text(18), appeal);
    if (!row.IsNull(19)) appeal.next_event_at = core::FromUnixMillis(row.Int(19));
    return appeal;
}

void FilterSql::BindTo(Statement& statement, int& index) const {
    for (const auto& value : values) {
        if (const auto* text = std::get_if<std::string>(&value)) {
            statement.Bind(index++, *text);
        } else {
            statement.Bind(index++, std::get<std::int64_t>(value));
        }
    }
}

FilterSql AppealFilterSql(const core::AppealFilter& filter) {
    FilterSql out;
    const auto add_text = [&](const char* clause, const std::string& value) {
        out.sql += clause;
        out.values.emplace_back(value);
    };
    const auto add_int = [&](const char* clause, std::int64_t value) {
        out.sql += clause;
        out.values.emplace_back(value);
    };
    const auto add_in = [&](const char* column, const std::vector<std::string>& values) {
        out.sql += std::string(" AND ") + column + " IN (";
        for (std::size_t i = 0; i < values.size(); ++i) {
            out.sql += i ? ", ?" : "?";
            out.values.emplace_back(values[i]);
        }
        out.sql += ")";
    };
    if (!filter.statuses.empty()) {
        std::vector<std::string> codes;
        for (const auto status : filter.statuses) codes.emplace_back(core::StatusCode(status));
        add_in("status", codes);
    }
    if (filter.open_only || filter.overdue_at) out.sql += " AND is_open = 1";
    if (!filter.group.empty()) add_text(" AND grp = ?", filter.group);
    // The literal term lets the planner use the partial index of assigned appeals (migration 14).
    if (!filter.assignee.empty()) add_text(" AND assignee <> '' AND assignee = ?", filter.assignee);
    if (!filter.region.empty()) add_text(" AND region = ?", filter.region);
    if (filter.visible_regions) {
        // Visibility (AppealScope): nothing at all when no region is visible.
        if (filter.visible_regions->empty()) {
            out.sql += " AND 0";
        } else {
            add_in("region", *filter.visible_regions);
        }
    }
    if (!filter.category.empty()) add_text(" AND category = ?", filter.category);
    if (!filter.priority.empty()) add_text(" AND priority = ?", filter.priority);
    if (!filter.channel.empty()) add_text(" AND channel = ?", filter.channel);
    if (!filter.regulation.empty()) add_text(" AND regulation = ?", filter.regulation);
    if (!filter.applicant_email.empty()) {
        // The address as typed, found through the index of its canonical form (migration 11;
        // migration 14 dropped the plain one, a page written per registration): the folded
        // comparison is implied by the exact one and only leads the planner to that index. The
        // unary plus keeps SQLite from propagating the constant into the folded expression,
        // which would make the index unusable.
        add_text(
            " AND applicant_email IS NOT NULL AND lower(trim(applicant_email)) = lower(trim(?))",
            filter.applicant_email);
        add_text(" AND +applicant_email = ?", filter.applicant_email);
    }
    if (!filter.applicant_snils.empty()) {
        add_text(" AND applicant_snils = ?", filter.applicant_snils);
    }
    if (!filter.applicant_phone.empty()) {
        add_text(" AND applicant_phone = ?", filter.applicant_phone);
    }
    if (!filter.triage_decisions.empty()) add_in("triage_decision", filter.triage_decisions);
    if (filter.created_from) {
        add_int(" AND created_at >= ?", core::ToUnixMillis(*filter.created_from));
    }
    if (filter.created_to) add_int(" AND created_at < ?", core::ToUnixMillis(*filter.created_to));
    if (filter.overdue_at) add_int(" AND due_at < ?", core::ToUnixMillis(*filter.overdue_at));
    if (filter.due_from || filter.due_to) out.sql += " AND is_open = 1";
    if (filter.due_from) add_int(" AND due_at >= ?", core::ToUnixMillis(*filter.due_from));
    if (filter.due_to) add_int(" AND due_at < ?", core::ToUnixMillis(*filter.due_to));
    if (!filter.stages.empty()) add_in("stage", filter.stages);
    if (!filter.channels.empty()) add_in("channel", filter.channels);
    if (filter.breached) {
        out.sql += *filter.breached ? " AND EXISTS" : " AND NOT EXISTS";
        out.sql +=
            " (SELECT 1 FROM json_each(appeals.doc, '$.attributes') WHERE key LIKE 'breached.%')";
    }
    if (filter.escalated) {
        // As the reports count escalations (report_store.cpp), by the history_by_appeal index.
        out.sql += *filter.escalated ? " AND EXISTS" : " AND NOT EXISTS";
        out.sql +=
            " (SELECT 1 FROM history h WHERE h.appeal_id = appeals.id "
            "AND h.action IN ('escalate', 'forward', 'forward_regional'))";
    }
    if (!filter.pending_reason.empty()) {
        add_text(" AND pending_reason = ?", filter.pending_reason);
    }
    return out;
}

}  // namespace otklik::storage::sqlite
