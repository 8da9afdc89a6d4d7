// libFuzzer target: a request body through the JSON mapping of the API (api/json_mapping): the
// create body to an AppealDraft, the service's normalization and field checks, the error body,
// and the applicant as lists (masked) and the logged reveal show it. Valid JSON strings are
// UTF-8, so every string the mapping produces must be UTF-8 too.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include <boost/json.hpp>

#include "api/json_mapping.hpp"
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    auto object = api::ParseObject(body);
    if (!object) {
        CheckResponse(api::ErrorResponse(object.error()));
        return 0;
    }
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
