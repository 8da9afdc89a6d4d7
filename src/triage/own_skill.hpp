#pragma once

#include <vector>

#include "triage/text_analysis.hpp"
#include "triage/threat_detector.hpp"

namespace otklik::triage {

/// TR-2, issue 15: what the applicant or their household can do or reach, told in their own
/// voice — a trade («Я тридцать лет лаборант», «я кинолог-любитель», «работаю водителем
/// школьного автобуса», «муж работает на карьере машинистом», «проработал на гидравлическом
/// прессе»), access («у меня доступ к посевам») or know-how («знаю, куда подпилить», «знаю, на
/// скольких болтах она держится», «у нас умеют находить людей»). Each gives one skill cue
/// (ThreatHint::kSkill). Frozen set 20 told nine of its ten missed threats this way, beside a
/// member of staff watched or within reach and a demand; a trade alone is an ordinary letter's
/// introduction, so a cue decides nothing without FindVeiledThreat's other cues. Pure.
std::vector<ThreatHintHit> FindOwnSkill(const AnalyzedText& text, const ThreatContext& context);

}  // namespace otklik::triage
