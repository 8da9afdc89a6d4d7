// Notices to the applicant that the core itself needs to word: how a notice reached them, and the
// built-in refusal letter.
#include "core/workflow.hpp"

namespace otklik::core {

std::string DeliveryChannelName(std::string_view via) {
    if (via == "phone") return "по телефону";
    if (via == "sms") return "SMS-сообщением";
    if (via == "post") return "почтой";
    if (via == "in_person") return "лично";
    if (via == "email") return "по электронной почте";
    return std::string(via);
}

std::vector<OutboxMessage> RefusalLetter(const Appeal& appeal, Instant now) {
    std::vector<OutboxMessage> outbox;
    if (!appeal.applicant.email.empty()) {
        outbox.push_back({0, 0, "refused", "email", appeal.applicant.email,
                          "{\"uin\":\"" + appeal.uin + "\"}", now});
    }
    return outbox;
}

}  // namespace otklik::core
