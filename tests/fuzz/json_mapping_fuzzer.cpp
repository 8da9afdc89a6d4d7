// libFuzzer target: a request body through the JSON mapping of the API (api/json_mapping): the
// create body to an AppealDraft, the service's normalization and field checks, the error body,
// and the applicant as lists (masked) and the logged reveal show it. Valid JSON strings are
// UTF-8, so every string the mapping produces must be UTF-8 too. The test clock's body
// (POST /api/v1/test/clock, Api::SetClock) goes through the same instant and duration parsers the
// manual clock uses, and whatever instant they accept must print and parse back unchanged.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include <boost/json.hpp>

#include "api/json_mapping.hpp"
#include "core/clock.hpp"
#include "core/time.hpp"
#include "core/workflow.hpp"

namespace api = otklik::api;
namespace core = otklik::core;
using otklik::fuzz::IsUtf8;
using otklik::fuzz::Require;

namespace {

void CheckStrings(const boost::json::value& value) {
    if (value.is_string()) {
        Require(IsUtf8(value.get_string()), "JSON string is UTF-8");
    } else if (value.is_object()) {
        for (const auto& [key, item] : value.get_object()) {
            Require(IsUtf8(key), "JSON key is UTF-8");
            CheckStrings(item);
        }
    } else if (value.is_array()) {
        for (const auto& item : value.get_array()) CheckStrings(item);
    }
}

void CheckResponse(const api::Response& response) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(response.body, ec);
    Require(!ec, "the API answers JSON");
    CheckStrings(parsed);
}

// As Api::SetClock reads {"set": RFC 3339, "advance": ISO 8601 duration} into the manual clock.
void MapClockBody(const boost::json::object& body) {
    const auto set = api::OptionalString(body, "set", "set");
    const auto advance = api::OptionalString(body, "advance", "advance");
    if (!set || !advance) return;
    core::ManualClock clock(*core::ParseInstant("2026-01-12T07:00:00Z"));
    if (const auto at = core::ParseInstant(*set)) {
        Require(core::ParseInstant(core::FormatInstant(*at)) == *at, "a set instant prints back");
        clock.Set(*at);
    }
    if (const auto by = core::ParseIsoDuration(*advance)) {
        // The clock holds 64-bit milliseconds: an accepted duration must not overflow them.
        const auto now = core::ToUnixMillis(clock.Now());
        const auto max = std::numeric_limits<std::int64_t>::max();
        Require(by->count() > 0 ? now <= max - by->count() : now >= -max - by->count(),
                "an accepted duration keeps the clock in range");
        clock.Advance(*by);
    }
    (void)core::FormatInstant(clock.Now());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    auto object = api::ParseObject(body);
    if (!object) {
        CheckResponse(api::ErrorResponse(object.error()));
        return 0;
    }
    MapClockBody(*object);
    auto draft = api::ParseDraft(*object);
    if (!draft) {
        Require(!draft.error().fields.empty(), "a refused draft names its fields");
        CheckResponse(api::ErrorResponse(draft.error()));
        return 0;
    }
    const core::AppealDraft normalized = core::NormalizeDraft(*draft);
    const auto errors = core::ValidateDraft(normalized);
    if (!errors.empty()) CheckResponse(api::ErrorResponse(core::Error::Validation(errors)));
    CheckResponse(api::JsonResponse(200, api::MaskedApplicant(normalized.applicant)));
    CheckResponse(api::JsonResponse(200, api::FullApplicant(normalized.applicant)));
    return 0;
}
