#include "regulation/notices.hpp"

#include <cstdio>
#include <set>

#include "core/json_text.hpp"
#include "core/local_time.hpp"
#include "regulation/appeal_state.hpp"
#include "text/template.hpp"

namespace otklik::regulation {
namespace {

using core::Appeal;
using core::Instant;
using core::JsonString;

// "13.01.2026 10:00" in the calendar's zone: how Russian letters state a deadline.
std::string FormatLocal(const sla::BusinessCalendar& calendar, Instant instant) {
    return ZoneOf(calendar).FormatDateTime(instant);
}

}  // namespace

std::string Substitute(std::string_view text, const std::map<std::string, std::string>& values) {
    return text::RenderTemplate(text, values);
}

std::optional<core::OutboxMessage> RenderNotice(const Regulation& r, const Appeal& appeal,
                                                const sla::BusinessCalendar& calendar,
                                                const std::string& code, const std::string& comment,
                                                Instant now) {
    const Notification* notification = r.FindNotification(code);
    if (!notification) return std::nullopt;
    const core::Applicant& a = appeal.applicant;
    std::string channel = "email";
    std::string recipient = a.email;
    if (notification->channel == NotificationChannel::kContact) {
        // NT-3: the answer goes where the appeal asked for it.
        if (a.contact_channel == "phone" || a.contact_channel == "sms") {
            channel = a.contact_channel;
            recipient = a.phone;
        } else if (a.contact_channel == "post") {
            channel = "post";
            recipient = a.address;
        } else if (recipient.empty() && !a.phone.empty()) {
            channel = "phone";
            recipient = a.phone;
        }
    }
    if (recipient.empty()) return std::nullopt;
    std::map<std::string, std::string> values;
    values["uin"] = appeal.uin;
    values["subject"] = appeal.subject;
    values["text"] = appeal.text;
    values["regulation"] = r.name;
    values["status"] = r.StatusName(appeal.status);
    if (const auto* reason = r.FindPendingReason(appeal.pending_reason)) {
        values["pending_reason"] = reason->name;
    }
    if (const auto* stage = r.FindStage(appeal.stage)) values["stage"] = stage->name;
    const auto due = appeal.DueAt();
    values["deadline"] = due ? FormatLocal(calendar, *due) : "—";
    values["solution"] = Attr(appeal, "solution");
    values["comment"] = comment;
    values["contacts"] = r.contacts;
    values["claim_of"] = Attr(appeal, "claim_of");
    values["delivery_channel"] = Attr(appeal, "delivery_channel");
    if (const auto* reason = r.FindRefusalReason(Attr(appeal, "refusal_reason"))) {
        values["refusal_reason"] = reason->name;
    }
    values["original"] = Attr(appeal, "original");
    values["original_solution"] = Attr(appeal, "original_solution");
    if (const auto* reason = r.FindRefusalReason(Attr(appeal, "refusal_reason"))) {
        values["refusal_notice"] = Substitute(reason->notice, values);
    }
    if (const auto* org = r.FindOrganization(appeal.organization))
        values["organization"] = org->name;
    if (const auto* group = r.FindGroup(appeal.group)) values["group"] = group->name;
    const std::string subject = Substitute(notification->subject, values);
    const std::string text = Substitute(notification->text, values);
    core::OutboxMessage message;
    message.appeal_id = appeal.id;
    message.kind = code;
    message.channel = channel;
    message.recipient = recipient;
    message.payload = "{\"template\":" + JsonString(code) + ",\"uin\":" + JsonString(appeal.uin) +
                      ",\"subject\":" + JsonString(subject) + ",\"text\":" + JsonString(text) + "}";
    message.created_at = now;
    return message;
}

void SendNotices(const Regulation& r, Appeal& appeal, const sla::BusinessCalendar& calendar,
                 const std::vector<std::string>& notifications, const std::string& comment,
                 Instant now, std::vector<core::OutboxMessage>& outbox,
                 std::vector<std::string>& notes) {
    for (const std::string& code : notifications) {
        const Notification* notification = r.FindNotification(code);
        if (!notification) continue;
        const std::string counter = "notices." + code;
        if (notification->once && IntAttr(appeal, counter) > 0) {
            notes.push_back("Уведомление " + Quoted(code) + " уже отправлялось: повторно не шлём");
            continue;
        }
        auto message = RenderNotice(r, appeal, calendar, code, comment, now);
        if (!message) {
            notes.push_back("Уведомление " + Quoted(code) +
                            " не отправлено: нет контакта заявителя для ответа");
            continue;
        }
        // The history names a notice by its subject with the number only: no applicant's words.
        const std::string title = Quoted(Substitute(notification->subject, {{"uin", appeal.uin}}));
        if (message->channel == "email") {
            notes.push_back("Письмо заявителю: " + title);
        } else {
            // NT-3, 002 §3.7, §3.11: the system cannot call or post; staff deliver it, and what
            // waits for the applicant's answer waits until they have been told.
            notes.push_back("Поручено сотрудникам: сообщить заявителю " +
                            core::DeliveryChannelName(message->channel) + " — " + title);
            appeal.attributes["awaiting_delivery"] = code;
        }
        outbox.push_back(std::move(*message));
        appeal.attributes[counter] = std::to_string(IntAttr(appeal, counter) + 1);
    }
}

std::vector<core::OutboxMessage> IntakeNotices(const Regulation& r, const Appeal& appeal,
                                               const sla::BusinessCalendar& calendar, Instant now) {
    std::vector<core::OutboxMessage> outbox;
    std::set<std::string> sent;
    const std::string list = Attr(appeal, "intake_notify");
    std::size_t pos = 0;
    while (pos < list.size()) {
        const auto comma = list.find(',', pos);
        const std::string code =
            list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        pos = comma == std::string::npos ? list.size() : comma + 1;
        if (code.empty() || !sent.insert(code).second) continue;
        if (auto message = RenderNotice(r, appeal, calendar, code, "", now)) {
            outbox.push_back(std::move(*message));
        }
    }
    return outbox;
}

}  // namespace otklik::regulation
