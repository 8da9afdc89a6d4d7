#include "regulation/channel_contract.hpp"

#include <algorithm>

#include "text/quoting.hpp"

namespace otklik::regulation {
namespace {

using text::Quoted;

bool Has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// What a letter gives: its text and subject, the reply address, and the name the sender's
// mail program shows (LetterIntake::Register).
const std::vector<std::string> kEmailFields = {"text",
                                               "subject",
                                               "applicant.email",
                                               "applicant.contact_channel",
                                               "applicant.last_name",
                                               "applicant.first_name",
                                               "applicant.middle_name",
                                               "applicant.full_name"};

// What the chatbot asks (000 §5.6.1): region, role and login, the registered e-mail and the
// question type, which is the category.
const std::vector<std::string> kChatbotFields = {"text",
                                                 "subject",
                                                 "applicant.email",
                                                 "applicant.region",
                                                 "applicant.login",
                                                 "applicant.role",
                                                 "applicant.contact_channel",
                                                 "category"};

}  // namespace

const std::vector<std::string>& AdapterFields(ChannelAdapter adapter) {
    switch (adapter) {
        case ChannelAdapter::kEmail:
            return kEmailFields;
        case ChannelAdapter::kChatbot:
            return kChatbotFields;
        case ChannelAdapter::kForm:
            return KnownFields();
    }
    return KnownFields();
}

std::vector<std::pair<int, std::string>> CheckChannelContract(const Regulation& r) {
    std::vector<std::pair<int, std::string>> problems;
    for (const Channel& channel : r.channels) {
        const auto& fields = AdapterFields(channel.adapter);
        for (const std::string& field : channel.required) {
            // An unknown field is the loader's own complaint, at its line.
            if (Has(fields, field) || !Has(KnownFields(), field)) continue;
            problems.emplace_back(
                channel.source_line,
                "[channels." + channel.code + "]: канал " +
                    Quoted(ChannelAdapterCode(channel.adapter)) +
                    " не может заполнить обязательное поле " + Quoted(field) + " (" +
                    FieldDisplayName(field) +
                    "): каждое такое обращение было бы возвращено; классифицирует оператор");
        }
    }
    for (const auto intent : core::kApplicantIntents) {
        for (const std::string& code : r.applicant_answers.For(intent)) {
            const Action* action = r.FindAction(code);
            if (!action) continue;  // the loader names an unknown action itself
            for (const ParamSpec& param : action->params) {
                if (!param.required || param.name == core::kApplicantAnswerParam) continue;
                problems.emplace_back(action->source_line,
                                      "[actions." + code + "]: ответ заявителя " +
                                          Quoted(core::ApplicantIntentCode(intent)) +
                                          " (письмо, ссылка, страница статуса) передаёт только "
                                          "комментарий, а действие требует " +
                                          Quoted(param.name));
            }
        }
    }
    return problems;
}

}  // namespace otklik::regulation
