#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
    /// A phone appeal: words in quotes are the caller's own (the operator writes them down).
    bool caller_quotes = false;
    /// The applicant asks or requests something of their own («прошу», «почините»).
    bool request = false;
    /// By token: a person named in the text — a name with a patronymic («Ольга Сергеевна») or a
    /// surname the dictionary does not know as a word («Сафронов»). Empty when not computed.
    std::vector<bool> named;
};

/// The cue classes of a veiled threat (data/triage_threats.tsv, form `hint`).
enum class ThreatHint : std::uint8_t {
    kStrongMenace,  ///< a formula that menaces by itself («вам не жить», «бронежилет»)
    kMenace,  ///< a warning or a promise («пожалеете», «мало ли что», «запомните»)
    kSurveillance,  ///< knowing or watching staff's private life («знаю, где живёт»)
    kMeans,  ///< a weapon, explosives, fuel, poison, a car («ружьё», «канистра», «днище»)
    kHarm,  ///< an outcome of violence or fire («сгорит», «скорой», «случится»)
    kFamily,  ///< the families of staff («дети», «садик»)
    kPressure,  ///< a condition, an ultimatum, a refusal as the cause («если», «отказали»)
    kLawful,  ///< lawful recourse: cancels the hints of its sentence («в прокуратуру»)
    kConcern,  ///< pretended concern («мало ли что», «не дай бог»): a menace only when aimed at
               ///< the staff's people or after a refusal, never in the applicant's own request
    kSkill,    ///< the applicant's trade, access or know-how (own_skill.hpp), not in the lexicon
};

/// The class named in the lexicon's category column; nullopt for an unknown name.
std::optional<ThreatHint> ParseThreatHint(std::string_view name);

/// One hint found in the appeal (tokens first..last, inclusive).
struct ThreatHintHit {
    ThreatHint hint = ThreatHint::kMenace;
    std::size_t first = 0;
    std::size_t last = 0;
};

/// A veiled threat: the cues that together make it, by token index of their first word.
struct VeiledThreat {
    std::vector<ThreatHintHit> cues;
    std::string kind;  ///< "veiled_threat", "stalking", "private_life" (a named person watched)
    /// The applicant asks something of their own: a request («прошу», «почините») or a question
    /// of their own («когда добавят операторов?», «кто ответит?»). Hints in such a letter are
    /// often a hazard or a shortcoming described, not a menace.
    bool asks = false;
    /// The staff's family is watched («сын навигатора… домой он идёт один»): no hazard is
    /// warned of that way, whatever the letter asks besides.
    bool family_watched = false;
};

/// TR-2, issue 15: a threat told as a hint — a plan of the floor and a day to choose, knowing
/// when a child is collected, a weapon «left from the service», a wooden house «that can burn»,
/// «a neighbourly warning». No single cue decides: over the sentences in the applicant's own
/// voice (not reported, not questions, no lawful recourse in the sentence) it needs a strong
/// menace with a target or pressure, or cues of two classes among menace, surveillance, means
/// and harm with a target, the staff's family or pressure, or surveillance of a person. Always
/// medium confidence: a person decides. Pure.
std::optional<VeiledThreat> FindVeiledThreat(const AnalyzedText& text, const ThreatContext& context,
                                             const std::vector<ThreatHintHit>& hits);

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
