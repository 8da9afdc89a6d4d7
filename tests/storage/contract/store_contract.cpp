#include "store_contract.hpp"

namespace otklik::storage::contract {

std::vector<StoreFactory>& StoreFactories() {
    static std::vector<StoreFactory> factories;
    return factories;
}

std::string FactoryName(const ::testing::TestParamInfo<StoreFactory>& info) {
    return info.param.name;
}

core::NewAppeal MakeRequest(const std::string& text, const std::string& group,
                            core::Instant created) {
    core::NewAppeal request;
    request.appeal.regulation = "hotline";
    request.appeal.channel = "api";
    request.appeal.subject = "Тема: " + text;
    request.appeal.text = text;
    request.appeal.group = group;
    request.appeal.category = "ИНЦ";
    request.appeal.priority = "P3";
    request.appeal.applicant.last_name = "Смирнова";
    request.appeal.applicant.email = "smirnova@example.ru";
    request.appeal.applicant.phone = "+79161234567";
    request.appeal.applicant.snils = "112-233-445 95";
    request.appeal.applicant.region = "77";
    request.appeal.created_at = created;
    request.appeal.updated_at = created;
    request.uin_prefix = "ГЛ";
    request.uin_year = 2026;
    request.entry.at = created;
    request.entry.actor = "operator";
    request.entry.action = "register";
    // The notice needs the number the store allocates: made inside the transaction.
    request.make_outbox = [created](const core::Appeal& appeal) {
        auto notice = Notice(appeal.id, created);
        notice.payload = R"({"uin":")" + appeal.uin + R"("})";
        return std::vector<core::OutboxMessage>{notice};
    };
    return request;
}

core::OutboxMessage Notice(std::int64_t appeal_id, core::Instant at, const std::string& channel) {
    core::OutboxMessage message;
    message.appeal_id = appeal_id;
    message.kind = "registered";
    message.channel = channel;
    message.recipient = channel == "email" ? "smirnova@example.ru" : "+79161234567";
    message.payload = "{}";
    message.created_at = at;
    return message;
}

}  // namespace otklik::storage::contract
