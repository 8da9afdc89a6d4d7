#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "triage/rule_code.hpp"
#include "triage/text_analysis.hpp"

namespace otklik::triage {

/// What the engine knows about the words of one appeal before the structural threat check.
struct ThreatContext {
    /// By token: a person or a place a threat may aim at (the vocabulary's threat_target and
    /// addressee classes).
    std::vector<bool> target;
    /// By sentence: someone else's words (reported speech, a quoted message the applicant got).
    std::vector<bool> reported;
    /// By token: a word an idiom of the threat lexicon cancels («убью день», «сожгу калории»).
    std::vector<bool> vetoed;
};

/// One clause that plans violence: the words that show it, by token index.
struct StructuralThreat {
    Confidence confidence = Confidence::kMedium;
    std::size_t harm = 0;  ///< the act or means of harm («оболью», «канистру»)
    std::optional<std::size_t> agent;  ///< the applicant's own plan («приду», «я», «мы»)
    std::optional<std::size_t> target;  ///< whom or what it aims at
    std::string kind;                   ///< "violent_plan", "ultimatum", "stalking", "self_justice"
};

/// True when the word at `i` (a verb of harm found by any rule) is used as an idiom or an everyday
/// verb: an everyday object follows it («убью двух зайцев», «стреляю глазами», «прибью полку»,
/// «сожгу ваши письма», «разорву договор») or the sentence is about sport, hunting, games or
/// fiction («пострелять в тире»).
bool IdiomaticHarm(const AnalyzedText& text, std::size_t i);

/// TR-2: a plan of violence recognised by its structure rather than by a phrase list. Within a
/// sentence (a clause of the applicant's own voice, not reported, not a question about a
/// procedure): a word of harm from the whole semantic field (killing, beating, maiming, fire,
/// petrol, explosives, shooting, stabbing, strangling, poisoning, running over, wrecking, a
/// weapon), a target (staff, officials, «вы», a building or an institution, their families and
/// cars) and the applicant's intent (a first-person future, an intent word, «я»/«мы», an
/// ultimatum «если не …»). Past tenses (events), negated acts, participles, self-harm and
/// figurative second-person forms («вы меня убиваете») do not count. Also: waiting for a person
/// at a private place or time («подожду вашего директора у подъезда вечером») and taking justice
/// into one's own hands («разберусь с вами по-своему»). Pure; allocation-light.
std::optional<StructuralThreat> FindStructuralThreat(const AnalyzedText& text,
                                                     const ThreatContext& context);

}  // namespace otklik::triage
