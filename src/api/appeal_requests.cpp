#include "api/appeal_requests.hpp"

#include <string_view>
#include <vector>

#include "api/json_mapping.hpp"
#include "core/parse_integer.hpp"
#include "core/personal_data.hpp"
#include "core/time.hpp"

namespace otklik::api {
namespace {

// "a,b,c" → {"a", "b", "c"}; "" → {}.
std::vector<std::string> CommaList(const std::string& text) {
    std::vector<std::string> items;
    if (text.empty()) return items;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto comma = text.find(',', pos);
        items.push_back(
            text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return items;
}

core::Result<std::optional<core::Instant>> QueryInstant(const Request& request, const char* name) {
    const std::string text = request.Query(name);
    if (text.empty()) return std::optional<core::Instant>{};
    if (auto at = core::ParseInstant(text)) return std::optional<core::Instant>{*at};
    return core::Fail(core::Error::Validation(
        {{name, "format", "Время указывается в формате RFC 3339, например 2026-01-12T07:00:00Z"}}));
}

constexpr std::size_t kMaxSearchCharacters = 500;

std::size_t CodePoints(std::string_view text) {
    std::size_t count = 0;
    for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

}  // namespace

core::Result<AppealListQuery> ParseAppealListQuery(const Request& r, const core::Actor& actor,
                                                   core::Instant now) {
    AppealListQuery query;
    core::AppealFilter& filter = query.filter;
    for (const auto& code : CommaList(r.Query("status"))) {
        const auto status = core::ParseStatus(code);
        if (!status) {
            return core::Fail(
                core::Error::Validation({{"status", "unknown", "Неизвестный статус: " + code}}));
        }
        filter.statuses.push_back(*status);
    }
    filter.group = r.Query("group");
    filter.assignee = r.Query("assignee") == "me" ? actor.login : r.Query("assignee");
    filter.region = r.Query("region");
    filter.category = r.Query("category");
    filter.priority = r.Query("priority");
    filter.channel = r.Query("channel");
    if (filter.channel.find(',') != std::string::npos) {
        filter.channels = CommaList(filter.channel);
        filter.channel.clear();
    }
    filter.stages = CommaList(r.Query("stage"));
    filter.pending_reason = r.Query("pending_reason");
    if (r.Query("breached") == "true") filter.breached = true;
    if (r.Query("breached") == "false") filter.breached = false;
    if (r.Query("escalated") == "true") filter.escalated = true;
    if (r.Query("escalated") == "false") filter.escalated = false;
    filter.regulation = r.Query("regulation");
    filter.applicant_email = r.Query("applicant_email");
    filter.applicant_snils = core::DigitsOnly(r.Query("applicant_snils"));
    // A filter that keeps nothing must not become no filter at all (issue 12).
    if (!r.Query("applicant_snils").empty() && filter.applicant_snils.size() != 11) {
        const std::string message = "СНИЛС в фильтре: 11 цифр, например 112-233-445 95";
        return core::Fail(core::Error{core::ErrorKind::kBadRequest,
                                      "bad_filter",
                                      message,
                                      {{"applicant_snils", "format", message}}});
    }
    if (!r.Query("applicant_phone").empty()) {
        filter.applicant_phone = core::NormalizePhone(r.Query("applicant_phone"));
    }
    filter.open_only = r.Query("open") == "true";
    for (const auto& code : CommaList(r.Query("triage"))) {
        if (code != "flag" && code != "hold" && code != "refuse") {
            return core::Fail(core::Error::Validation(
                {{"triage", "unknown", "Список на проверку: flag, hold или refuse"}}));
        }
        filter.triage_decisions.push_back(code);
    }
    if (r.Query("overdue") == "true") filter.overdue_at = now;
    // Issue 16: «Срок истекает» — open, not yet overdue, due within a day.
    if (r.Query("due_soon") == "true") {
        filter.due_from = now;
        filter.due_to = now + std::chrono::hours(24);
    }
    const std::string count = r.Query("count");
    if (!count.empty() && count != "true" && count != "false" && count != "only") {
        return core::Fail(core::Error::Validation(
            {{"count", "unknown", "Подсчёт: count=true (страница и итог) или count=only"}}));
    }
    query.count = count == "true" || count == "only";
    query.count_only = count == "only";
    auto from = QueryInstant(r, "created_from");
    if (!from) return core::Fail(from.error());
    auto to = QueryInstant(r, "created_to");
    if (!to) return core::Fail(to.error());
    filter.created_from = *from;
    filter.created_to = *to;

    core::PageRequest& page = query.page;
    const std::string sort = r.Query("sort");
    if (sort.empty() || sort == "-created") {
        page.order = core::AppealOrder::kByCreatedDesc;
    } else if (sort == "deadline") {
        page.order = core::AppealOrder::kByDeadline;
    } else if (sort == "created") {
        page.order = core::AppealOrder::kByCreated;
    } else {
        return core::Fail(core::Error::Validation(
            {{"sort", "unknown", "Сортировка: deadline, created или -created"}}));
    }
    if (r.HasQuery("limit")) {
        const auto limit = core::ParseIntegerIn(r.Query("limit"), 1, 500);
        if (!limit) {
            return core::Fail(
                core::Error::Validation({{"limit", "range", "Размер страницы — от 1 до 500"}}));
        }
        page.limit = *limit;
    }
    const std::string view = r.Query("view");
    if (!view.empty() && view != "full" && view != "summary") {
        return core::Fail(core::Error::Validation(
            {{"view", "unknown", "Вид списка: full (полный) или summary (для очереди)"}}));
    }
    page.after = r.Query("after");
    page.summaries_only = view == "summary";
    query.summaries_only = page.summaries_only;
    query.text = r.Query("q");
    // Issue 16: only spaces is no search at all, the list as without q.
    if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) query.text.clear();
    if (CodePoints(query.text) > kMaxSearchCharacters) {
        return core::Fail(
            core::Error::Validation({{"q", "too_long", "Строка поиска длиннее 500 символов"}}));
    }
    return query;
}

core::Result<std::optional<std::int64_t>> ParseIfMatch(const std::string& header) {
    if (header.empty()) return std::optional<std::int64_t>{};
    std::string_view value = header;
    if (value.substr(0, 2) == "W/") value.remove_prefix(2);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
    }
    if (const auto version = core::ParseInteger<std::int64_t>(value); version && *version > 0) {
        return std::optional<std::int64_t>{*version};
    }
    return core::Fail(core::Error::Validation(
        {{"If-Match", "format", "Заголовок If-Match должен содержать версию обращения"}}));
}

core::Result<core::ActionRequest> ParseActionBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    core::ActionRequest action;
    std::vector<core::FieldError> errors;
    for (const auto& [key, value] : *body) {
        std::string parameter;
        if (value.is_string()) {
            parameter = std::string(value.get_string());
        } else if (value.is_int64()) {
            parameter = std::to_string(value.get_int64());
        } else if (value.is_bool()) {
            parameter = value.get_bool() ? "true" : "false";
        } else if (!value.is_null()) {
            errors.push_back({std::string(key), "type", "Ожидается строка или число"});
            continue;
        }
        if (key == "action") {
            action.action = parameter;
        } else {
            action.params[std::string(key)] = parameter;
        }
    }
    if (action.action.empty()) errors.push_back({"action", "required", "Укажите действие"});
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return action;
}

core::Result<CommentBody> ParseCommentBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    if (auto unknown = RefuseUnknownFields(*body, {"text", "visibility"}); !unknown) {
        return core::Fail(unknown.error());
    }
    auto comment = OptionalString(*body, "text", "text");
    if (!comment) return core::Fail(comment.error());
    auto visibility = OptionalString(*body, "visibility", "visibility");
    if (!visibility) return core::Fail(visibility.error());
    if (!visibility->empty() && *visibility != "internal" && *visibility != "public") {
        return core::Fail(core::Error::Validation(
            {{"visibility", "unknown",
              "Видимость: internal (внутренний) или public (для заявителя)"}}));
    }
    return CommentBody{std::move(*comment), *visibility == "public" ? core::Visibility::kPublic
                                                                    : core::Visibility::kInternal};
}

core::Result<LinkBody> ParseLinkBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    auto type = OptionalString(*body, "type", "type");
    if (!type) return core::Fail(type.error());
    auto target = OptionalString(*body, "target", "target");
    if (!target) return core::Fail(target.error());
    const auto link_type = core::ParseLinkType(*type);
    std::vector<core::FieldError> errors;
    if (!link_type) {
        errors.push_back({"type", "unknown",
                          "Тип связи: duplicate_of, claim_about, related, status_inquiry_about "
                          "или merged_into"});
    }
    if (target->empty()) {
        errors.push_back({"target", "required", "Укажите номер связываемого обращения"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    return LinkBody{*link_type, std::move(*target)};
}

core::Result<TriageReviewBody> ParseTriageReviewBody(const std::string& text) {
    auto body = ParseObject(text);
    if (!body) return core::Fail(body.error());
    auto decision = OptionalString(*body, "decision", "decision");
    if (!decision) return core::Fail(decision.error());
    auto comment = OptionalString(*body, "comment", "comment");
    if (!comment) return core::Fail(comment.error());
    return TriageReviewBody{std::move(*decision), std::move(*comment)};
}

}  // namespace otklik::api
