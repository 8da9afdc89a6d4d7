#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/appeal.hpp"
#include "core/workflow.hpp"
#include "regulation/regulation.hpp"
#include "sla/business_calendar.hpp"

namespace otklik::regulation {

/// The regulation's notices to the applicant (NT-1…NT-3): a notification template rendered for
/// an appeal and addressed by the channel the applicant chose; one the system cannot send itself
/// (phone, SMS, post) is put in the outbox for staff to deliver.

/// Replaces each {name} in `text` by its value ("" for unknown names).
std::string Substitute(std::string_view text, const std::map<std::string, std::string>& values);

/// The notification `code` for the appeal, or nullopt when the regulation has no such
/// notification or the applicant left no contact it can go to. `calendar` is the appeal's: it
/// states the deadline in local time.
std::optional<core::OutboxMessage> RenderNotice(const Regulation& regulation,
                                                const core::Appeal& appeal,
                                                const sla::BusinessCalendar& calendar,
                                                const std::string& code, const std::string& comment,
                                                core::Instant now);

/// Renders each notification into `outbox` and says what happened in `notes`: a notice marked
/// `once` is not sent again; one staff must deliver makes the appeal await the delivery
/// ("awaiting_delivery"); each sent notice is counted on the appeal ("notices.<code>").
void SendNotices(const Regulation& regulation, core::Appeal& appeal,
                 const sla::BusinessCalendar& calendar,
                 const std::vector<std::string>& notifications, const std::string& comment,
                 core::Instant now, std::vector<core::OutboxMessage>& outbox,
                 std::vector<std::string>& notes);

/// The notices intake chose for a registered appeal (its "intake_notify" list), each once.
std::vector<core::OutboxMessage> IntakeNotices(const Regulation& regulation,
                                               const core::Appeal& appeal,
                                               const sla::BusinessCalendar& calendar,
                                               core::Instant now);

}  // namespace otklik::regulation
