// The last line of SEC-6 for a restricted caller: appeal numbers of other regions that stored
// text carries (triage evidence, refusal reasons, history of links, comments) are hidden from
// its successful answers.
#include "api/scope_filter.hpp"

#include <map>
#include <regex>

#include "core/uin.hpp"

namespace otklik::api {

void HideForeignAppeals(Response& response, const core::AppealScope& scope,
                        core::AppealRepository& appeals) {
    if (scope.unrestricted() || response.stream || response.status / 100 != 2 ||
        response.content_type.rfind("application/json", 0) != 0) {
        return;
    }
    // As the chatbot finds numbers in text: PREFIX-YYYY-NNN…, any letters in the prefix.
    static const std::regex kUinLike(R"(([^\s,.;:!?()«»"\\\[\]{}]+-\d{4}-\d{3,}))");
    std::map<std::string, bool> hidden;  // number as written → hide it
    std::string out;
    out.reserve(response.body.size());
    auto from = response.body.cbegin();
    for (std::sregex_iterator it(response.body.begin(), response.body.end(), kUinLike), end;
         it != end; ++it) {
        const std::string text = (*it)[1].str();
        auto [known, inserted] = hidden.try_emplace(text, false);
        if (inserted) {
            if (const auto uin = core::NormalizeUin(text)) {
                auto appeal = appeals.FindByUin(*uin);
                known->second = appeal && !scope.Covers(*appeal);
            }
        }
        if (!known->second) continue;
        out.append(from, (*it)[1].first);
        out += "[обращение другого региона]";
        from = (*it)[1].second;
    }
    if (from == response.body.cbegin()) return;
    out.append(from, response.body.cend());
    response.body = std::move(out);
}

}  // namespace otklik::api
