#include "core/appeal.hpp"

#include <array>
#include <utility>

namespace otklik::core {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 7> kStatusCodes = {{
    {Status::kRegistered, "registered"},
    {Status::kAssigned, "assigned"},
    {Status::kInProgress, "in_progress"},
    {Status::kPending, "pending"},
    {Status::kResolved, "resolved"},
    {Status::kClosed, "closed"},
    {Status::kRefused, "refused"},
}};

constexpr std::array<std::pair<LinkType, std::string_view>, 5> kLinkCodes = {{
    {LinkType::kDuplicateOf, "duplicate_of"},
    {LinkType::kClaimAbout, "claim_about"},
    {LinkType::kRelated, "related"},
    {LinkType::kStatusInquiryAbout, "status_inquiry_about"},
    {LinkType::kMergedInto, "merged_into"},
}};

}  // namespace

std::string_view StatusCode(Status status) {
    for (const auto& [value, code] : kStatusCodes) {
        if (value == status) return code;
    }
    return "registered";
}

std::optional<Status> ParseStatus(std::string_view code) {
    for (const auto& [value, name] : kStatusCodes) {
        if (name == code) return value;
    }
    return std::nullopt;
}

std::string_view StatusDisplayName(Status status) {
    switch (status) {
        case Status::kRegistered:
            return "Зарегистрировано";
        case Status::kAssigned:
            return "Назначен";
        case Status::kInProgress:
            return "В работе";
        case Status::kPending:
            return "В ожидании";
        case Status::kResolved:
            return "Решен";
        case Status::kClosed:
            return "Закрыт";
        case Status::kRefused:
            return "Не рассматривается";
    }
    return "";
}

bool IsFinal(Status status) { return status == Status::kClosed || status == Status::kRefused; }

std::string_view LinkTypeCode(LinkType type) {
    for (const auto& [value, code] : kLinkCodes) {
        if (value == type) return code;
    }
    return "related";
}

std::optional<LinkType> ParseLinkType(std::string_view code) {
    for (const auto& [value, name] : kLinkCodes) {
        if (name == code) return value;
    }
    return std::nullopt;
}

std::optional<Instant> Appeal::DueAt() const {
    if (IsFinal(status)) return std::nullopt;
    const auto resolution = deadlines.find("resolution");
    if (resolution != deadlines.end()) return resolution->second;
    std::optional<Instant> earliest;
    for (const auto& [name, at] : deadlines) {
        if (!earliest || at < *earliest) earliest = at;
    }
    return earliest;
}

}  // namespace otklik::core
