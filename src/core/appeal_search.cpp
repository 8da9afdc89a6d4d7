#include "core/appeal_search.hpp"

#include <algorithm>
#include <charconv>

namespace otklik::core {

std::optional<Error> CheckSearchFilter(const AppealFilter& filter) {
    std::string field;
    if (filter.overdue_at) field = "overdue";
    if (!filter.triage_decisions.empty()) field = "triage";
    if (!filter.applicant_email.empty()) field = "applicant_email";
    if (!filter.applicant_snils.empty()) field = "applicant_snils";
    if (!filter.applicant_phone.empty()) field = "applicant_phone";
    if (field.empty()) return std::nullopt;
    const std::string message =
        "Поиск по тексту (q) не сочетается с фильтром «" + field + "»: уберите одно из двух";
    return Error{ErrorKind::kBadRequest,
                 "search_filter_unsupported",
                 message,
                 {{field, "unsupported", message}}};
}

std::optional<std::size_t> ParseSearchCursor(std::string_view cursor) {
    if (cursor.empty()) return std::size_t{0};
    if (cursor.size() < 2 || cursor.size() > 12 || cursor[0] != 's') return std::nullopt;
    std::size_t offset = 0;
    const char* end = cursor.data() + cursor.size();
    const auto [stop, error] = std::from_chars(cursor.data() + 1, end, offset);
    if (error != std::errc() || stop != end) return std::nullopt;
    return offset;
}

std::string SearchCursor(std::size_t offset) { return "s" + std::to_string(offset); }

std::size_t RankedSearchMatches(std::size_t offset, std::size_t limit) {
    constexpr std::size_t kNewestRanked = 2000;
    // One more than the page, so that the page knows whether another follows.
    return std::max(kNewestRanked, offset + limit + 1);
}

bool IsSearchableComment(const Comment& comment) {
    // The e-mail channel's login (channels/email): a letter joined to its appeal.
    return comment.visibility == Visibility::kPublic || comment.author == "email";
}

}  // namespace otklik::core
