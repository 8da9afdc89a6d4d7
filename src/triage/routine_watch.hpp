#pragma once

#include <vector>

#include "triage/text_analysis.hpp"
#include "triage/threat_detector.hpp"

namespace otklik::triage {

/// TR-2, issue 15: the comings and goings of a person on the recipient's side told by the clock
/// or by the day — «Она ходит на работу через гаражи, каждый день в 7:40», ««Гранта» вашего
/// заместителя каждое утро стоит у крыльца», «где Грачёв ставит машину и во сколько уезжает»,
/// «тренировка заканчивается в 20:30, домой он идёт один». A sentence that has a time (a clock
/// time, «каждое утро», «по вечерам», «во сколько») and a verb of coming, going or standing in
/// the present tense whose subject is a member of staff, a named person, «он»/«она» after one,
/// or something of «yours» gives one surveillance cue. The applicant's own side («я», «мы»,
/// «мой сын», «наш автобус») and things with no person («автобус уходит в 7:40») give none.
/// A cue alone decides nothing: FindVeiledThreat needs it beside a menace, a means, a harm or a
/// second watching. Pure.
std::vector<ThreatHintHit> FindRoutineWatch(const AnalyzedText& text, const ThreatContext& context);

/// A time of day or a daily habit is told anywhere (the cheap test before FindRoutineWatch).
bool TellsTimeOfDay(const AnalyzedText& text);

}  // namespace otklik::triage
