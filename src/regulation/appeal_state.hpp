#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/appeal.hpp"
#include "core/local_time.hpp"
#include "core/result.hpp"
#include "regulation/regulation.hpp"
#include "text/quoting.hpp"

namespace otklik::regulation {

/// What the workflow keeps on an appeal between actions (its attributes: "previous_group",
/// "state_since", "count.<action>"…) and how an appeal matches the regulation's conditions.
/// Shared by the workflow's parts (effects, timers, notices); not for other libraries.

template <class Container, class Value>
bool Contains(const Container& container, const Value& value) {
    return std::find(container.begin(), container.end(), value) != container.end();
}

/// «text»: how messages quote a name or a code (the text library's one definition).
using text::Quoted;

/// The calendar's zone: the schedule was built from it, so the tz database knows it.
core::TimeZone ZoneOf(const sla::BusinessCalendar& calendar);

/// An action the appeal's state or the actor's role does not allow ("action_not_allowed").
core::Error NotAllowed(std::string message);

/// The attribute, or "" when the appeal has none.
std::string Attr(const core::Appeal& appeal, const std::string& key);
/// The attribute as a number; 0 when absent or not a number.
int IntAttr(const core::Appeal& appeal, const std::string& key);
/// Sets the attribute; an empty value removes it.
void SetAttr(core::Appeal& appeal, const std::string& key, const std::string& value);
/// The attribute as an instant; nullopt when absent or malformed.
std::optional<core::Instant> InstantAttr(const core::Appeal& appeal, const std::string& key);

/// Starts the period of the state the appeal is in now (auto-close counts from it).
void EnterState(core::Appeal& appeal, core::Instant at);

/// The appeal's kind: a claim when it was spawned by a dispute (LC-4).
AppealKind KindOf(const core::Appeal& appeal);

/// The fields of the field set `set` the appeal lacks.
std::vector<std::string> MissingFields(const Regulation& regulation, const std::string& set,
                                       const core::Appeal& appeal);
/// «СНИЛС, ИНН»: the fields' Russian names.
std::string FieldList(const std::vector<std::string>& fields);

/// Whether the appeal matches the condition (all present lists, each by one of its items).
bool Matches(const Condition& condition, const Regulation& regulation, const core::Appeal& appeal);

/// The group serving the applicant's region, or nullptr.
const Group* RegionalGroup(const Regulation& regulation, const core::Appeal& appeal);

/// The stage after the appeal's current one that applies to its channel (the first one when
/// it has none), or nullptr.
const Stage* NextStage(const Regulation& regulation, const core::Appeal& appeal);

/// Keeps the Russian names of the status, pending reason and stage with the appeal.
void SetDisplayNames(const Regulation& regulation, core::Appeal& appeal);

/// Joins the non-empty items.
std::string Join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace otklik::regulation
