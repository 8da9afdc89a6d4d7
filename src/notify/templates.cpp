#include "notify/templates.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include <boost/json.hpp>

#include "text/template.hpp"

namespace otklik::notify {
namespace {

namespace json = boost::json;

constexpr const char* kFooter =
    "\n\n{{#status_url}}Статус обращения, ответы и действия по нему: {{status_url}}\n(ссылка "
    "открывает страницу один раз; новую ссылку можно запросить на той же странице)\n\n"
    "{{/status_url}}--\nЭто письмо отправлено автоматически. Чтобы дополнить обращение, ответьте "
    "на это письмо, не меняя тему: номер обращения в теме связывает ответ с обращением.";

// What sections that were left out leave behind: trailing spaces and runs of empty lines.
std::string Tidy(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    int newlines = 0;
    for (const char c : text) {
        if (c == '\n') {
            while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
            if (++newlines > 2) continue;
        } else {
            newlines = 0;
        }
        out += c;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

// A notification a regulation words ([notifications.<code>]) and no template covers: its own
// subject and text in a letter.
constexpr const char* kNotice = "Тема: {{notice_subject}}\nЗдравствуйте!\n\n{{notice_text}}";

}  // namespace

const std::map<std::string, std::string>& TemplateSet::BuiltIn() {
    static const std::map<std::string, std::string> kTemplates = {
        {"registered",
         "Тема: Обращение {{uin}} зарегистрировано\n"
         "Здравствуйте!\n\nВаше обращение «{{subject}}» зарегистрировано под номером {{uin}}. "
         "Сообщайте этот номер при любом обращении по этому вопросу.\n\nМы ответим в срок, "
         "установленный регламентом."},
        {"info_requested",
         "Тема: Обращение {{uin}}: нужна дополнительная информация\n"
         "Здравствуйте!\n\nДля работы по обращению {{uin}} нам не хватает информации:\n\n"
         "{{question}}{{comment}}\n\nОтветьте, пожалуйста, на это письмо. Пока ответа нет, "
         "обращение находится в статусе «В ожидании»; если ответ не поступит в срок, "
         "установленный регламентом, обращение будет закрыто."},
        {"reminder",
         "Тема: Напоминание по обращению {{uin}}\n"
         "Здравствуйте!\n\nНапоминаем: по обращению {{uin}} мы ждём от вас ответа.\n\n"
         "{{question}}{{comment}}\n\nБез ответа обращение будет закрыто в срок, установленный "
         "регламентом."},
        {"referred_to_agency",
         "Тема: Обращение {{uin}} направлено в ведомство\n"
         "Здравствуйте!\n\nВопрос по обращению {{uin}} относится к компетенции ведомства "
         "{{agency}}. Обращение направлено туда; ответ ведомства мы передадим вам.{{comment}}"},
        {"resolved",
         "Тема: Обращение {{uin}}: решение\n"
         "Здравствуйте!\n\nПо обращению {{uin}} принято решение:\n\n{{solution}}{{comment}}\n\n"
         "Пожалуйста, подтвердите решение или сообщите о несогласии:\n"
         "подтвердить: {{confirm_url}}\nне согласен: {{dispute_url}}\n\n"
         "Ссылки действуют до {{links_expire}}. Можно также ответить на это письмо словами "
         "«Подтверждаю» или «Не согласен». Если решение не будет подтверждено, обращение будет "
         "закрыто в срок, установленный регламентом."},
        {"claim_registered",
         "Тема: Претензия {{claim_uin}} по обращению {{uin}} зарегистрирована\n"
         "Здравствуйте!\n\nВаше несогласие с решением по обращению {{uin}} зарегистрировано как "
         "претензия {{claim_uin}}. Срок рассмотрения претензии — 7 рабочих дней.\n\n"
         "По вопросам претензии обращайтесь: {{contacts}}"},
        {"closed",
         "Тема: Обращение {{uin}} закрыто\n"
         "Здравствуйте!\n\nРабота по обращению {{uin}} завершена, обращение закрыто.{{comment}}"
         "\n\nЕсли вопрос остался, напишите новое обращение."},
        {"returned_unregistered",
         "Тема: Письмо «{{subject}}» не зарегистрировано\n"
         "Здравствуйте!\n\nВаше письмо «{{subject}}» от {{received}} не может быть "
         "зарегистрировано как обращение по следующим причинам:\n\n{{reasons}}\n\n"
         "Исправьте, пожалуйста, письмо и отправьте его снова."},
        {"attachments_rejected",
         "Тема: Обращение {{uin}}: не приняты вложения\n"
         "Здравствуйте!\n\nВаше обращение зарегистрировано под номером {{uin}}, но следующие "
         "вложения не приняты:\n\n{{files}}\n\nПринимаются документы и изображения (pdf, doc, "
         "docx, odt, rtf, txt, xls, xlsx, jpg, png, tif) размером до 10 МБ."},
        {"contact_code",
         "Тема: Код подтверждения адреса электронной почты\n"
         "Здравствуйте!\n\nВаш код подтверждения: {{code}}\n\nКод действует {{minutes}} минут и "
         "подходит один раз. Введите его на странице статуса обращения или в чате поддержки. "
         "Если вы не запрашивали код, просто не отвечайте на это письмо: без кода никто не узнает "
         "о ваших обращениях."},
        {"status_link",
         "Тема: Ссылка на страницу обращения {{uin}}\n"
         "Здравствуйте!\n\nВы запросили ссылку на страницу обращения {{uin}}. По ней видны "
         "статус обращения, срок и ответы, там же можно ответить на запрос информации, "
         "подтвердить решение или не согласиться с ним.\n\n{{status_url}}\n\nСсылка "
         "открывает страницу один раз и действует до {{status_expires}}. Если вы не запрашивали "
         "ссылку, просто не отвечайте на это письмо."},
        {"status_changed",
         "Тема: Обращение {{uin}}: изменение статуса\n"
         "Здравствуйте!\n\nПо обращению {{uin}} произошли изменения.{{comment}}"},
    };
    return kTemplates;
}

TemplateSet::TemplateSet(const std::string& folder) {
    if (folder.empty() || !std::filesystem::is_directory(folder)) return;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
        auto relative = std::filesystem::relative(entry.path(), folder);
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        overrides_[relative.replace_extension().generic_string()] = text.str();
    }
}

bool TemplateSet::HasOwn(const std::string& regulation, const std::string& kind) const {
    return overrides_.contains(regulation + "/" + kind);
}

RenderedMail TemplateSet::Render(const core::PendingOutbox& message, const std::string& regulation,
                                 const std::map<std::string, std::string>& extra) const {
    std::map<std::string, std::string> values = extra;
    values["uin"] = message.appeal_uin;
    std::error_code ignored;
    auto parsed = json::parse(message.message.payload, ignored);
    bool worded = false;  // the regulation's own wording of the notification
    if (parsed.is_object()) {
        worded = parsed.as_object().contains("template");
        for (const auto& [key, value] : parsed.as_object()) {
            const std::string name(key);
            if (value.is_string()) {
                values[name] = std::string(value.as_string());
            } else if (value.is_array()) {
                std::string list;
                for (const auto& item : value.as_array()) {
                    if (item.is_string()) {
                        list += "— " + std::string(item.as_string()) + "\n";
                    } else if (item.is_object()) {
                        const auto& o = item.as_object();
                        list += "— ";
                        if (const auto* n = o.if_contains("name"); n && n->is_string()) {
                            list += std::string(n->as_string());
                        }
                        if (const auto* r = o.if_contains("reason"); r && r->is_string()) {
                            list += ": " + std::string(r->as_string());
                        }
                        list += "\n";
                    }
                }
                if (!list.empty()) list.pop_back();
                values[name] = list;
            } else if (value.is_int64()) {
                values[name] = std::to_string(value.as_int64());
            }
        }
    }
    if (values["uin"].empty()) values["uin"] = message.appeal_uin;
    if (worded) {
        // The regulation's subject and text become notice_*; {{subject}} stays the appeal's.
        values["notice_subject"] = values["subject"];
        values["notice_text"] = values["text"];
        values["subject"] = values["appeal_subject"];
        values.erase("text");
    } else if (values["appeal_subject"].empty()) {
        values["appeal_subject"] = values["subject"];
    }
    // Workflows name the solution differently; the letter needs it under one name.
    for (const char* alias : {"resolution", "answer", "text", "notice_text"}) {
        if (!values["solution"].empty()) break;
        if (auto it = values.find(alias); it != values.end()) values["solution"] = it->second;
    }
    // A comment goes on its own paragraph when there is one.
    if (auto it = values.find("comment"); it != values.end() && !it->second.empty()) {
        it->second = "\n\n" + it->second;
    }
    const std::string* text = nullptr;
    for (const auto& key : {regulation + "/" + message.message.kind, message.message.kind}) {
        if (auto it = overrides_.find(key); it != overrides_.end()) {
            text = &it->second;
            break;
        }
    }
    const bool own = text != nullptr;
    static const std::string notice = kNotice;
    if (!text) {
        const auto& built_in = BuiltIn();
        if (auto it = built_in.find(message.message.kind); it != built_in.end()) {
            text = &it->second;
        } else if (worded && !values["notice_text"].empty()) {
            text = &notice;
        } else {
            text = &built_in.at("status_changed");
        }
    }
    const auto filled = text::RenderTemplate(*text, values);
    RenderedMail mail;
    auto body_start = std::string::npos;
    constexpr std::string_view kSubject = "Тема: ";
    if (filled.rfind(kSubject, 0) == 0) {
        body_start = filled.find('\n');
        mail.subject = Tidy(filled.substr(kSubject.size(), body_start - kSubject.size()));
    }
    mail.body = Tidy(body_start == std::string::npos ? filled : filled.substr(body_start + 1));
    // A template of the folder is the whole letter; a code letter belongs to no appeal.
    if (!own && message.message.kind != "contact_code" && message.message.kind != "status_link") {
        mail.body += text::RenderTemplate(kFooter, values);
    }
    // The UIN in every subject (NT-1): replies find their appeal by it.
    if (!values["uin"].empty() && mail.subject.find(values["uin"]) == std::string::npos) {
        mail.subject = "[" + values["uin"] + "] " + mail.subject;
    }
    return mail;
}

}  // namespace otklik::notify
