// TR-3: no concrete question: tests, thanks, machine letters, silent calls.

#include <algorithm>
#include <cctype>

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

// RFC 3834 and the headers mail systems add to automatic letters.
bool AutomaticByHeaders(const std::vector<std::string>& headers, std::string& which) {
    const std::string* bulk = nullptr;
    bool unsubscribe = false;
    for (const std::string& line : headers) {
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::string name = FoldText(line.substr(0, colon));
        std::string value = FoldText(line.substr(colon + 1));
        const auto trim = [](std::string& x) {
            x.erase(0, x.find_first_not_of(" \t"));
            x.erase(x.find_last_not_of(" \t") + 1);
        };
        trim(name);
        trim(value);
        const bool automatic =
            (name == "auto-submitted" && !value.empty() && value != "no") ||
            (name == "precedence" &&
             (value == "auto_reply" || value == "junk" || value == "auto-reply")) ||
            name == "x-autoreply" || name == "x-autorespond" || name == "x-autoresponder" ||
            name == "x-failed-recipients" ||
            (name == "content-type" && value.find("multipart/report") != std::string::npos) ||
            // Exchange's read receipt (frozen set 18): «Прочитано: …», no person wrote it.
            (name == "content-class" && value.find("mdnotification") != std::string::npos);
        if (automatic) {
            which = line;
            return true;
        }
        if (name == "precedence" && value == "bulk") bulk = &line;
        // A mailing list names itself (RFC 2919 List-Id) as well as its way out (RFC 2369).
        unsubscribe = unsubscribe || name == "list-unsubscribe" || name == "list-id";
    }
    // A newsletter (a webinar's invitation): sent in bulk from a mailing list. «Bulk» alone is
    // set by some forms and gateways that pass on a person's letter.
    if (bulk != nullptr && unsubscribe) {
        which = *bulk;
        return true;
    }
    return false;
}

// A mailing list names itself (RFC 2919 List-Id) or its way out (RFC 2369 List-Unsubscribe).
bool FromMailingList(const std::vector<std::string>& headers) {
    return std::any_of(headers.begin(), headers.end(), [](const std::string& line) {
        const std::string name = FoldText(line.substr(0, line.find(':')));
        return name == "list-id" || name == "list-unsubscribe";
    });
}

// Lines a forward or a mail program adds: headers of the forwarded letter, sign-offs.
bool ForwardBoilerplate(std::string_view folded_line, const MarkerSet& forward_markers) {
    for (std::string_view prefix :
         {"от:",          "from:",         "дата:",     "date:",       "тема:",       "subject:",
          "кому:",        "to:",           "копия:",    "cc:",         "отправлено:", "sent:",
          "отправлено с", "отправлено из", "sent from", "от кого:",    "с уважением", "--",
          "__",           "[вложение",     "[image",    "[attachment", "<image"}) {
        if (folded_line.starts_with(prefix)) return true;
    }
    if (forward_markers.Any(folded_line)) return true;
    // The forwarder's note of the forward alone («Пересылаю.», «FYI»: frozen set 17).
    std::string_view note = folded_line;
    while (!note.empty() && (note.back() == '.' || note.back() == '!' || note.back() == ':' ||
                             note.back() == ' ' || note.back() == '\r')) {
        note.remove_suffix(1);
    }
    for (std::string_view forwarding :
         {"пересылаю", "пересылаю вам", "пересылаю письмо", "переслал", "переслала", "fyi",
          "для информации", "см. ниже", "см ниже", "смотрите ниже"}) {
        if (note == forwarding) return true;
    }
    // "Fwd: Re:" — reply and forward prefixes with nothing after them.
    std::string_view rest = folded_line;
    bool prefixes = false;
    for (bool more = true; more;) {
        more = false;
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
            rest.remove_prefix(1);
        for (std::string_view p : {"fwd:", "fw:", "re:", "пересл:", "отв:", "ответ:"}) {
            if (rest.starts_with(p)) {
                rest.remove_prefix(p.size());
                prefixes = more = true;
            }
        }
    }
    if (prefixes && rest.empty()) return true;
    // "12.03.2026, 10:15, "Петрова А." <petrova@example.ru>:" — a quote header.
    return folded_line.find('@') != std::string_view::npos && folded_line.ends_with(":");
}

// The past tense of a verb of help or explanation: what someone did, not a request.
bool Helped(std::string_view w) {
    static constexpr std::string_view kHelp[] = {"объясн",  "разъясн", "помог",
                                                 "подсказ", "рассказ", "проконсультир"};
    static constexpr std::string_view kPast[] = {"л", "ла", "ли", "ло", "лся", "лась", "лись"};
    if (!StartsWithAny(w, kHelp)) return false;
    return std::any_of(std::begin(kPast), std::end(kPast),
                       [&](std::string_view end) { return w.ends_with(end); });
}

}  // namespace

// Someone speaks for themselves: «я», «мне», «мой», «нам», or an applicant's own request or
// complaint, also as an operator notes it («прошу», «жалуюсь», «просит», «уточняет»). Adverts,
// phishing and mailings address the reader and never do.
bool Run::ApplicantSpeaks() const {
    static constexpr std::string_view kFirstPerson[] = {
        "я", "мне", "меня", "мной", "мой", "моя", "мое", "мои", "моего", "моей", "моему", "моих",
        "мою", "моим", "моем", "нам", "нас",
        // Whole word: a job advert's «Требуются сотрудники» begins the same way.
        "требую"};
    static constexpr std::string_view kApplicantWords[] = {
        "прошу",   "жалоб",     "жалуюсь", "помогите", "подскажите",
        "просьба", "обращаюсь", "просит",  "спрашива", "уточня"};
    return std::any_of(tokens().begin(), tokens().end(), [](const Token& t) {
        return !t.technical && t.letters > 0 &&
               (InList(t.folded, kFirstPerson) || StartsWithAny(t.folded, kApplicantWords));
    });
}

// Automatic letters, spam and empty forwards have no question of an applicant (TR-3).
// Adverts and phishing by their structure, not by slogans: an offer (goods, services, prices,
// guarantees) or a warning about the reader's account, a way to respond (a phone, a link,
// «звоните», «подтвердите»), and no applicant of its own — nobody says «я», «мне», «мой», asks
// nothing.
bool Run::AdvertOrPhishing(std::string& why) {
    static constexpr std::string_view kOffer[] = {
        "цена",    "цены",     "ценам",       "скидк",    "гаранти",  "выезд",    "доставк",
        "прода",   "предлага", "оказыва",     "мастер",   "недорог",  "дешев",    "качествен",
        "опытн",   "сложност", "акци",        "распрода", "заказ",    "бесплатн", "выгодн",
        "оптов",   "розниц",   "ассортимент", "прайс",    "кредит",   "займ",     "заработ",
        "ваканси", "приглаша", "подработ",    "доход",    "стоимост", "курс"};
    static constexpr std::string_view kRespond[] = {
        "звоните", "звонит", "позвоните", "пишите", "напишите", "обращайтесь", "перейдите",
        "переходите", "подтвердите", "нажмите", "жмите", "заходите", "оставьте", "тел", "телефон",
        "whatsapp", "telegram", "ватсап", "телеграм", "записаться", "запишитесь", "отписк",
        "отписаться",
        // What phishing has the reader do: «продлите сертификат по ссылке и введите ПИН-код»
        // (frozen set 21).
        "продлите", "введите", "обновите", "авторизуйтесь", "оплатите",
        // «Скачайте и запустите файл update_critical.exe по ссылке» (frozen set 23).
        "скачайте", "запустите", "установите",
        // «Подробнее по ссылке» (frozen set 20); not «ссылке» alone, which a complaint
        // says too («сменила по ссылке из письма»).
        "подробнее", "подробност"};
    static constexpr std::string_view kAccountWarning[] = {
        "удален",   "удалена", "удалён",  "заблокир",     "блокировк", "приостановл",
        "истекает", "истек",   "верифик", "подозрительн", "взлом",     "несанкционирован"};
    if (a_.text.has_question_mark || ApplicantSpeaks()) return false;
    // A call the operator wrote down: a person called about something, which adverts and
    // phishing, sent in writing to many, never do (a number in the note is the caller's).
    if (input_.channel == "phone") return false;
    std::size_t words = 0;
    std::size_t offer = 0;
    std::size_t respond = 0;
    std::size_t warning = 0;
    bool link = false;
    std::string first_offer;
    std::string first_warning;
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        const Token& t = tokens()[i];
        if (t.technical) {
            // A domain's parts are tokens of their own: «proforient-kurs.online/sale».
            const std::string_view field = a_.text.Field(t.field);
            const bool dotted = t.end + 1 < field.size() &&
                                (field[t.end] == '.' || field[t.end] == '/') &&
                                std::isalnum(static_cast<unsigned char>(field[t.end + 1])) != 0;
            link = link || dotted || t.folded.find("http") != std::string::npos ||
                   t.folded.find("www") != std::string::npos ||
                   t.folded.find('.') != std::string::npos;
            continue;
        }
        if (t.letters == 0) continue;
        ++words;
        if (StartsWithAny(t.folded, kOffer)) {
            if (offer++ == 0) first_offer = t.folded;
        }
        // A form's label «Телефон:» is where the applicant gave a number, not an instruction to
        // call one (frozen set 23: a bookkeeper's support form quoting «Срок действия лицензии
        // истёк» was refused as phishing).
        if (StartsWithAny(t.folded, kRespond) && a_.form[i] != FormPart::kLabel) ++respond;
        // «удалённо» (remotely) is not «удалено» (deleted).
        if (StartsWithAny(t.folded, kAccountWarning) && !t.folded.starts_with("удаленн") &&
            !t.folded.starts_with("удалённ")) {
            if (warning++ == 0) first_warning = t.folded;
        }
    }
    if (words > 80) return false;
    // A notice an organisation sends to all its customers or partners: «Уважаемые партнёры!
    // Сообщаем, что…» (frozen set 22: new bank details from a carrier). It opens by addressing
    // them as a crowd and informs; no applicant writes to a service that way.
    if (CircularToCustomers()) {
        why = "уведомление организации своим клиентам или партнёрам";
        return true;
    }
    // A mailing list's notice «для сведения» («Направляем для сведения график приёма граждан»:
    // frozen set 23): it informs its subscribers and asks no one anything.
    if (FromMailingList(input_.headers) && NoticeGiven()) {
        why = "рассылка для сведения";
        return true;
    }
    // A chain letter: «перешлите это сообщение десяти знакомым».
    static constexpr std::string_view kChainSend[] = {
        "перешлите", "разошлите", "отправьте", "перешли",   "разошли",
        "передайте", "переслать", "разослать", "перешлешь", "перешлет"};
    static constexpr std::string_view kChainWhom[] = {
        "друзьям",  "знакомым", "контактам", "людям",     "адресатам",
        "подругам", "цепочк",   "дальше",    "родителям", "коллегам"};
    bool send = false;
    bool whom = false;
    const bool body_says_chain = FoldedText().find("письмо счастья") != std::string_view::npos;
    for (const Token& t : tokens()) {
        send = send || InList(t.folded, kChainSend);
        whom = whom || StartsWithAny(t.folded, kChainWhom);
    }
    if ((send && whom) || body_says_chain) {
        why = "письмо «счастья» с просьбой переслать его дальше";
        return true;
    }
    // A mailing list's letter reaches its reader with a way back built in (frozen set 22: a
    // course's offer «Подробности на сайте» with a List-Id).
    const bool contact = link || HasContactInText(input_.text) || FromMailingList(input_.headers);
    if (offer >= 2 && (contact || respond > 0)) {
        why = "предложение товаров или услуг («" + first_offer + "») и способ связи";
        return true;
    }
    // «Ознакомьтесь с требованием во вложении (Trebovanie_3318.rar, пароль 2024)» (frozen set
    // 22): an archive locked with a password it gives, which mail scanners cannot open — how
    // malware comes, never how an applicant writes.
    const std::string_view folded = FoldedText();
    const bool archive = folded.find(".rar") != std::string_view::npos ||
                         folded.find(".zip") != std::string_view::npos ||
                         folded.find(".7z") != std::string_view::npos;
    if (archive && folded.find("пароль") != std::string_view::npos) {
        why = "архив во вложении с паролем к нему";
        return true;
    }
    if (warning >= 1 && respond > 0 && contact) {
        why = "предупреждение об учётной записи («" + first_warning + "») и ссылка или номер";
        return true;
    }
    return false;
}

// A verb of notice in the letter: «сообщаем», «информируем», «направляем для сведения».
bool Run::NoticeGiven() const {
    static constexpr std::string_view kNotice[] = {"сообщаем",   "информируем", "уведомляем",
                                                   "напоминаем", "извещаем",    "направляем"};
    return std::any_of(tokens().begin(), tokens().end(),
                       [](const Token& t) { return InList(t.folded, kNotice); });
}

// «Уважаемые партнёры/клиенты/абоненты!», «Уважаемый налогоплательщик!» in the first sentence
// and a verb of notice («сообщаем», «информируем», «уведомляем») in the letter.
bool Run::CircularToCustomers() const {
    static constexpr std::string_view kCrowd[] = {"партнер",    "клиент",     "абонент",
                                                  "подписчик",  "покупател",  "налогоплательщик",
                                                  "потребител", "пользовател"};
    const auto& tk = tokens();
    std::size_t first = 0;  // the letter's first word, after its subject
    while (first < tk.size() && tk[first].field != TextField::kText) ++first;
    bool crowd = false;
    for (std::size_t i = first; i + 1 < tk.size() && tk[i].sentence == tk[first].sentence; ++i) {
        crowd =
            crowd || (tk[i].folded.starts_with("уважаем") && tk[i + 1].sentence == tk[i].sentence &&
                      StartsWithAny(tk[i + 1].folded, kCrowd));
    }
    return crowd && NoticeGiven();
}

bool Run::MachineLetter() {
    machine_letter_ = true;
    Evidence e;
    std::string header;
    if (AutomaticByHeaders(input_.headers, header)) {
        e.category = "auto_reply";
        e.matches.push_back(TextMatch{TextField::kSubject, 0, 0, header, header, "header"});
        Fire(RuleCode::kNoQuestion, Confidence::kHigh,
             "Письмо отправлено автоматически (" + text::Quoted(header) +
                 ", RFC 3834): вопроса заявителя в нём нет (ТР-3).",
             std::move(e));
        return true;
    }
    const std::string_view body = FoldedText();
    std::size_t words = 0;
    for (const Token& t : tokens()) words += t.letters > 0 && !t.technical;
    // No mail system answers on the phone: an operator's note that the caller's colleague was
    // «в отпуске» and told them «обратитесь к администратору» is a call (frozen set 22).
    const bool written = input_.channel != "phone";
    std::vector<std::string_view> auto_found;
    for (std::size_t k = 0; written && k < std::size(kAutoReplyMarkers); ++k) {
        if (Marker(TextMarkers::kAutoReply + k)) auto_found.push_back(kAutoReplyMarkers[k]);
    }
    const bool strong_auto = !auto_found.empty();
    for (std::size_t k = 0; written && k < std::size(kAutoReplyWeakMarkers); ++k) {
        if (Marker(TextMarkers::kAutoWeak + k)) auto_found.push_back(kAutoReplyWeakMarkers[k]);
    }
    if ((strong_auto || auto_found.size() >= 2) && !a_.text.has_question_mark && words <= 80) {
        e.category = "auto_reply";
        for (std::string_view m : auto_found) {
            e.matches.push_back(
                TextMatch{TextField::kText, 0, 0, std::string(m), std::string(m), "auto_reply"});
        }
        Fire(RuleCode::kNoQuestion, Confidence::kHigh,
             "Похоже на автоматический ответ или уведомление почтовой системы («" +
                 std::string(auto_found.front()) + "»): вопроса заявителя нет (ТР-3).",
             std::move(e));
        return true;
    }
    std::vector<std::string_view> spam_found;
    for (std::size_t k = 0; k < std::size(kSpamMarkers); ++k) {
        if (Marker(TextMarkers::kSpam + k)) spam_found.push_back(kSpamMarkers[k]);
    }
    const bool asks = a_.text.has_question_mark;
    // Two weak slogans are also what a person says of their own trouble: «бесплатные лекарства…
    // на свои деньги ей их не купить… Прошу помочь» (frozen set 23).
    if (spam_found.size() >= 3 || (spam_found.size() >= 2 && !asks && !ApplicantSpeaks())) {
        e.category = "spam";
        for (std::string_view m : spam_found) {
            e.matches.push_back(
                TextMatch{TextField::kText, 0, 0, std::string(m), std::string(m), "spam"});
        }
        Fire(RuleCode::kNoQuestion, Confidence::kHigh,
             "Рассылка, реклама или фишинг («" + std::string(spam_found.front()) + "», «" +
                 std::string(spam_found[1]) + "»): вопроса заявителя нет (ТР-3).",
             std::move(e));
        return true;
    }
    if (std::string why; AdvertOrPhishing(why)) {
        e.category = "spam";
        e.matches.push_back(TextMatch{TextField::kText, 0, 0, why, why, "spam"});
        Fire(RuleCode::kNoQuestion, Confidence::kHigh,
             "Рассылка, реклама или фишинг (" + why + "): вопроса заявителя нет (ТР-3).",
             std::move(e));
        return true;
    }
    // An empty forward: nothing but the forwarded letter's headers and sign-offs.
    bool boilerplate = false;
    std::size_t left = 0;
    std::size_t start = 0;
    bool signature = false;
    bool forwarded = false;
    bool forwarded_quoted = false;  // the forwarded letter's lines carry «>»
    const std::string_view subject_folded = std::string_view(folded_all_).substr(0, text_from_);
    const bool forward_subject = subject_folded.starts_with("fwd") ||
                                 subject_folded.starts_with("fw:") ||
                                 subject_folded.starts_with("пересл");
    while (start <= body.size()) {
        std::size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        const std::size_t indent = line.find_first_not_of(" \t>");
        const bool quoted_line = indent != std::string_view::npos &&
                                 line.substr(0, indent).find('>') != std::string_view::npos;
        // In a forward, lines quoted with «>» are the forwarded letter's, not the applicant's.
        const bool quoted = forward_subject && quoted_line;
        line = indent == std::string_view::npos ? std::string_view{} : line.substr(indent);
        start = end + 1;
        if (line.empty()) continue;
        if (signature) continue;
        // Below «-------- Пересылаемое сообщение --------» the forwarded letter's own text
        // (a portal's notice) is not the applicant's, up to «конец пересылаемого…»
        // (frozen set 10). When the forwarded letter is quoted with «>», the first line
        // without the mark after it is the applicant's own again (frozen set 11: the
        // question written under the forwarded invitation).
        if (forwarded) {
            if (quoted_line) forwarded_quoted = true;
            if (!forwarded_quoted || quoted_line ||
                ForwardBoilerplate(line, state_.forward_markers)) {
                forwarded = line.find("конец пересылаемого") == std::string_view::npos;
                continue;
            }
            forwarded = false;
        }
        if (state_.forward_markers.Any(line) &&
            line.find("конец пересылаемого") == std::string_view::npos) {
            boilerplate = forwarded = true;
            continue;
        }
        if (quoted) {
            boilerplate = true;
            continue;
        }
        if (ForwardBoilerplate(line, state_.forward_markers)) {
            boilerplate = true;
            if (line.starts_with("с уважением")) signature = true;
            continue;
        }
        for (char c : line)
            left += static_cast<unsigned char>(c) >= 0x80 ||
                    std::isalpha(static_cast<unsigned char>(c));
        // The applicant wrote something of their own: not an empty forward, whatever follows.
        if (left > 0) break;
    }
    // «Fwd: …» with no letter in the body: the subject is the forwarded letter's.
    if (!boilerplate && left == 0) boilerplate = forward_subject;
    machine_letter_ = boilerplate && left == 0;
    if (boilerplate && left == 0) {
        e.category = "empty_forward";
        Fire(RuleCode::kNoQuestion, Confidence::kHigh,
             "Пересланное письмо без текста заявителя: вопроса в нём нет (ТР-3).", std::move(e));
        return true;
    }
    return false;
}

// Thanks, or greetings for a holiday («поздравляем вас с Новым годом»; not a sarcastic
// «поздравляю, вы самый бесполезный чиновник»).
bool Run::ThanksAt(std::size_t i) const {
    const auto& tk = tokens();
    const std::string_view w = tk[i].folded;
    if (w.starts_with("спасиб") || w.starts_with("благодар") || w.starts_with("поблагодар")) {
        return true;
    }
    if (!w.starts_with("поздравля")) return false;
    for (std::size_t k = i + 1; k < tk.size() && k <= i + 3; ++k) {
        if (tk[k].sentence == tk[i].sentence && tk[k].folded == "с") return true;
    }
    return false;
}

// Thanks in the first sentence («Спасибо вашему специалисту…», «Благодарю за…»), or in the
// second after a greeting alone («Добрый день. Просто хотела сказать спасибо…»).
bool Run::ThanksLed() const {
    const auto& tk = tokens();
    // The letter's text leads, not its subject («Re: Протокол…»: frozen set 10) nor a form's
    // labels («ФИО: Петрова», frozen set 20).
    const std::size_t first = a_.body_from;
    std::size_t i = first;
    const auto greeting_only = [&](std::uint16_t sentence) {
        for (std::size_t k = first; k < tk.size() && tk[k].sentence <= sentence; ++k) {
            if (tk[k].sentence == sentence && tk[k].letters > 0 &&
                !Has(a_.token_classes[k], WordClass::kCourtesy)) {
                return false;
            }
        }
        return true;
    };
    // «Спасибо вам огромное!» is all courtesy words, and thanks itself (frozen set 19).
    const auto thanks_in = [&](std::size_t from) {
        for (std::size_t k = from; k < tk.size() && tk[k].sentence == tk[from].sentence; ++k) {
            if (ThanksAt(k)) return true;
        }
        return false;
    };
    if (i < tk.size() && thanks_in(i)) return true;
    if (i < tk.size() && greeting_only(tk[i].sentence)) {
        const std::uint16_t greeting = tk[i].sentence;
        while (i < tk.size() && tk[i].sentence == greeting) ++i;
    }
    return i < tk.size() && thanks_in(i);
}

// A test message: «тест, прошу не отвечать», «проверка связи. бот ты тут?» — a test word
// first and a few words more, nothing wrong and nothing asked of the service.
bool Run::TestMessage(std::size_t words) const {
    const auto& tk = tokens();
    if (tk.empty() || words > 6 || Has(a_.all_classes, WordClass::kProblem)) return false;
    static constexpr std::string_view kTest[] = {"тест", "тестовое", "тестовый", "test"};
    // After a form's labels («ФИО: тест»: frozen set 20).
    const std::size_t first = a_.body_from;
    return InList(tk[first].folded, kTest) ||
           (first + 1 < tk.size() && tk[first].folded == "проверка" &&
            tk[first + 1].folded == "связи");
}

// «Проверка формы после переноса сайта. Просьба не обрабатывать»: a test its sender asks not
// to process. It opens with the test, asks nothing else and turns to nothing else after the
// «не обрабатывать» («прошу не рассматривать прежнее, а разобраться с этим» is a request).
bool Run::TestNotToProcess(std::size_t words) const {
    // The imperative too: «проверка формы, не отвечайте» (frozen set 14).
    static constexpr std::string_view kDoNot[] = {
        "обрабатывать",  "регистрировать", "рассматривать",  "отвечать",
        "обрабатывайте", "регистрируйте",  "рассматривайте", "отвечайте"};
    // «…, игнорьте» (frozen set 16) says the same in one word.
    static constexpr std::string_view kIgnore[] = {"игнорьте", "игнорируйте", "проигнорируйте"};
    static constexpr std::string_view kTest[] = {"тест", "проверк", "test"};
    static constexpr std::string_view kArrives[] = {"дойдет", "дошло",  "доходит",
                                                    "дойдут", "придет", "пришло"};
    const auto& tk = tokens();
    // The test named first, or after a filler or two («ааа тестирую отправку»).
    static constexpr std::string_view kFillers[] = {"ну", "так", "итак", "вот", "короче",
                                                    "аа", "ааа", "ээ",   "эээ", "мм"};
    std::size_t first = a_.body_from;
    while (first < tk.size() && first < a_.body_from + 2 && InList(tk[first].folded, kFillers)) {
        ++first;
    }
    const bool test_first = first < tk.size() && StartsWithAny(tk[first].folded, kTest);
    if (words > 30 || !test_first ||
        (a_.text.has_question_outside_quotes && !OnlyAsksWhetherItWorks()) ||
        Has(a_.all_classes, WordClass::kProblem)) {
        return false;
    }
    std::optional<std::size_t> do_not;
    for (std::size_t i = 1; i < tk.size() && !do_not; ++i) {
        if ((tk[i - 1].folded == "не" && InList(tk[i].folded, kDoNot)) ||
            InList(tk[i].folded, kIgnore)) {
            do_not = i;
        }
        // «Отвечать не нужно» (frozen set 23).
        if (i >= 2 && NeedDenied(i) && InList(tk[i - 2].folded, kDoNot)) do_not = i;
    }
    // «Проверка. Отправляю с планшета, чтобы понять, дойдёт ли вообще» (frozen set 15): a test
    // of whether the message arrives says as much as «не отвечайте», when nothing is asked.
    if (!do_not) {
        for (std::size_t i = 0; i + 1 < tk.size() && !do_not; ++i) {
            if (InList(tk[i].folded, kArrives) && tk[i + 1].folded == "ли") do_not = i + 1;
        }
    }
    if (!do_not) return false;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        const bool introduces = i + 2 == *do_not;  // «просьба / прошу» before «не …»
        // «дойдёт ли» is the test's own question.
        const bool arrives = tk[i].folded == "ли" && i > 0 && InList(tk[i - 1].folded, kArrives);
        if (Has(a_.token_classes[i], WordClass::kRequest) && !introduces && !arrives &&
            !NeedDenied(i)) {
            return false;
        }
        if (i > *do_not && tk[i].sentence == tk[*do_not].sentence &&
            (tk[i].folded == "а" || tk[i].folded == "но")) {
            return false;
        }
    }
    return true;
}

// «проверка связи, форма работает? тестирую…» (frozen set 17): every question of the text is
// a few words asking whether the thing tested works or arrived, which the test itself answers.
bool Run::OnlyAsksWhetherItWorks() const {
    static constexpr std::string_view kWorks[] = {"работа", "дош",  "доход", "приход",
                                                  "приш",   "видн", "получ", "отправ"};
    const auto& tk = tokens();
    const std::string_view text = a_.text.Field(TextField::kText);
    bool any = false;
    for (std::size_t at = text.find('?'); at != std::string_view::npos;
         at = text.find('?', at + 1)) {
        // The words of the question's sentence up to the mark.
        std::optional<std::size_t> last;
        for (std::size_t i = 0; i < tk.size(); ++i) {
            if (tk[i].field == TextField::kText && tk[i].end <= at) last = i;
        }
        if (!last || tk[*last].technical) return false;
        std::size_t words = 0;
        bool works = false;
        for (std::size_t i = *last + 1; i-- > 0 && tk[i].sentence == tk[*last].sentence;) {
            if (tk[i].field != TextField::kText) break;
            ++words;
            works = works || StartsWithAny(tk[i].folded, kWorks);
        }
        if (words > 4 || !works) return false;
        any = true;
    }
    return any;
}

// «не надо», «не нужно» at token `i`: a need denied, which requests nothing.
bool Run::NeedDenied(std::size_t i) const {
    const auto& tk = tokens();
    return (tk[i].folded == "надо" || tk[i].folded == "нужно") && i > 0 && tk[i - 1].folded == "не";
}

// A short message that asks nothing, requests nothing and names nothing wrong. «Проверил,
// работает ли сайт»: «ли» of what they checked is no request, nor is the «надо» they deny.
bool Run::AsksNothingShort(std::size_t words) const {
    const auto& tk = tokens();
    if (words > 25 || a_.text.has_question_mark || Has(a_.all_classes, WordClass::kProblem)) {
        return false;
    }
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (Has(a_.token_classes[i], WordClass::kRequest) && tk[i].folded != "ли" &&
            !NeedDenied(i)) {
            return false;
        }
    }
    return true;
}

// «Ничего не надо, просто проверил, работает ли сайт» (frozen set 14): the sender says they
// need nothing («ничего не нужно, просто верните деньги» requests).
bool Run::NothingNeeded(std::size_t words) const {
    const auto& tk = tokens();
    if (!AsksNothingShort(words)) return false;
    for (std::size_t i = 2; i < tk.size(); ++i) {
        if (NeedDenied(i) && tk[i - 2].folded == "ничего" && tk[i - 2].sentence == tk[i].sentence) {
            return true;
        }
    }
    return false;
}

// «мам я после пробы к Насте, телефон сел, к ужину не жди» (frozen set 22): a note to one's
// family sent to the service by mistake. It opens by calling a relative («мам», «пап,», «бабуль»),
// is short and asks the service nothing.
bool Run::NoteToFamily(std::size_t words) const {
    static constexpr std::string_view kCalled[] = {"мам",    "пап", "мамуль", "папуль",  "бабуль",
                                                   "дедуль", "ма",  "па",     "мамочка", "папочка"};
    static constexpr std::string_view kRelative[] = {
        "мама", "папа", "бабушка", "дедушка", "сынок", "доча", "дочка", "сестренка", "братишка"};
    const auto& tk = tokens();
    if (words > 25 || a_.text.has_question_mark) return false;
    std::size_t first = 0;
    while (first < tk.size() &&
           (tk[first].field != TextField::kText || a_.form[first] != FormPart::kBody)) {
        ++first;
    }
    if (first >= tk.size()) return false;
    const std::string_view w = tk[first].folded;
    const bool next_apart = first + 1 < tk.size() && tk[first + 1].gap == Gap::kOther;
    if (!InList(w, kCalled) && !(InList(w, kRelative) && next_apart)) return false;
    for (std::size_t i = first; i < tk.size(); ++i) {
        if (Has(a_.token_classes[i], WordClass::kRequest) && tk[i].folded != "ли") return false;
    }
    return true;
}

// «Отбой, разобралась сама», «вопрос снят» (frozen set 21): the sender solved it and asks
// nothing more.
bool Run::SolvedByThemselves(std::size_t words) const {
    static constexpr std::string_view kSolved[] = {"разобрал", "справил", "нашел", "нашла",
                                                   "решил"};
    static constexpr std::string_view kSelf[] = {"сам", "сама", "сами"};
    const auto& tk = tokens();
    if (!AsksNothingShort(words)) return false;
    for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
        if (tk[i + 1].sentence != tk[i].sentence) continue;
        if ((StartsWithAny(tk[i].folded, kSolved) && InList(tk[i + 1].folded, kSelf)) ||
            (InList(tk[i].folded, kSelf) && StartsWithAny(tk[i + 1].folded, kSolved)) ||
            (tk[i].folded == "вопрос" && tk[i + 1].folded == "снят")) {
            return true;
        }
    }
    return false;
}

// A letter of thanks: thanks in its first two sentences (after a greeting or an address, or
// at once), no question asked, nothing requested and no condition set («пусть ставит зачёт,
// пока машина целая» after «спасибо ему» is an ultimatum). It may tell what was wrong before.
bool Run::ThanksLetter() const {
    if (a_.text.has_question_mark || RequestWord()) return false;
    static constexpr std::string_view kCondition[] = {"если",  "иначе", "пока",
                                                      "пусть", "чтоб",  "чтобы"};
    const auto& tk = tokens();
    if (std::any_of(tk.begin(), tk.end(),
                    [](const Token& t) { return InList(t.folded, kCondition); })) {
        return false;
    }
    const std::size_t first = a_.body_from;
    if (first == tk.size() || tk[first].field != TextField::kText) return false;
    const std::uint16_t opening = tk[first].sentence;
    for (std::size_t i = first; i < tk.size() && tk[i].sentence <= opening + 1; ++i) {
        if (ThanksAt(i)) return true;
    }
    return false;
}

// Something still wrong or a contrast after the thanks («спасибо, но воды так и нет»).
bool Run::StillWrong() const {
    static constexpr std::string_view kWrong[] = {
        "не",     "нет",   "но",     "однако", "снова", "опять", "до",     "сих",
        "пока",   "никак", "ничего", "еще",    "жаль",  "хотя",  "зато",   "только",
        "почему", "когда", "прошу",  "просим", "нужно", "надо",  "требую", "жду"};
    // The text's words: a reply's subject still names the problem it was about («Re: не
    // найдены сведения»: frozen set 10).
    for (const Token& t : tokens()) {
        if (t.field == TextField::kText && InList(t.folded, kWrong)) return true;
    }
    return false;
}

// The operator's note of a warning given to the caller («сделал предупреждение»,
// «разъяснила последствия», «предупредил об ответственности») after the caller's own words
// quoted with a condition («если не приедут — «разберусь сам»»). Without quoted words and
// a condition it is advice («разъяснил последствия неуплаты»).
std::optional<TextMatch> Run::OperatorWarned() const {
    const auto& all = tokens();
    const bool quoted =
        std::any_of(all.begin(), all.end(), [](const Token& t) { return t.quoted; });
    const bool condition = std::any_of(all.begin(), all.end(), [](const Token& t) {
        return t.folded == "если" || t.folded == "иначе";
    });
    if (!quoted || !condition) return std::nullopt;
    static constexpr std::string_view kWarned[] = {"предупреждени", "последстви", "ответственност"};
    static constexpr std::string_view kGave[] = {"сделал", "разъясн", "предупредил", "вынес",
                                                 "объясн"};
    const auto& tk = all;
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!StartsWithAny(tk[i].folded, kGave)) continue;
        for (std::size_t k = i + 1; k < tk.size() && k <= i + 3; ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (StartsWithAny(tk[k].folded, kWarned)) {
                return a_.text.Match(i, k, "", "operator_warning");
            }
        }
    }
    return std::nullopt;
}

// The operator's note that the caller asked nothing: a wrong number, «вопросов не имеет».
bool Run::NothingAskedNote() const {
    static constexpr std::string_view kNotTold[] = {"излож",     "озвуч", "задан", "задал",
                                                    "сформулир", "назва", "успел"};
    const auto& tk = tokens();
    for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
        if (tk[i + 1].sentence != tk[i].sentence) continue;
        const std::string_view a = tk[i].folded;
        const std::string_view b = tk[i + 1].folded;
        if ((a.starts_with("ошиб") && b == "номером") ||
            (a == "вопросов" && (b == "нет" || b == "не")) ||
            // «Вопрос не изложен», «вопрос не озвучил» (frozen set 10); not «вопрос не по
            // теме».
            (a == "вопрос" && b == "не" && i + 2 < tk.size() &&
             tk[i + 2].sentence == tk[i].sentence && StartsWithAny(tk[i + 2].folded, kNotTold)) ||
            (a == "обращения" && b == "нет")) {
            return true;
        }
        // A wrong number: «узнав, что нет, извинилась и положила трубку», «не туда попал»
        // (frozen set 21).
        if (a == "туда" && i > 0 && tk[i - 1].folded == "не" && b.starts_with("попал")) {
            return true;
        }
        if (a.starts_with("извинил")) {
            for (std::size_t k = i + 1; k < tk.size() && k <= i + 3; ++k) {
                if (tk[k].sentence != tk[i].sentence) break;
                if (tk[k].folded.starts_with("положил") || tk[k].folded.starts_with("отключил")) {
                    return true;
                }
            }
        }
    }
    return false;
}

// The operator notes that the caller asked or demanded something («просит прислать бригаду»,
// «требовал начальника», «жалуется»): whatever else the note says, the call had a question.
bool Run::CallerAsked() const {
    static constexpr std::string_view kAsked[] = {"просит",  "просят",   "просил",   "требует",
                                                  "требуют", "требовал", "жалуется", "жаловал"};
    return std::any_of(tokens().begin(), tokens().end(),
                       [](const Token& t) { return !t.quoted && StartsWithAny(t.folded, kAsked); });
}

// A word of request or question. «Как» compares («ездим как люди», «как всегда») unless an
// infinitive or a word of need follows it («как записаться», «как мне быть»). With
// `outside_quotes`, quoted words (someone else's, as an operator notes them) are left out.
bool Run::RequestWord(bool outside_quotes) const {
    static constexpr std::string_view kAfterHow[] = {
        "мне", "нам", "можно", "нужно", "надо", "лучше", "правильно", "теперь", "же"};
    const auto& tk = tokens();
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!Has(a_.token_classes[i], WordClass::kRequest)) continue;
        if (outside_quotes && tk[i].quoted) continue;
        // The question quoted after «вопрос» is someone else's: the operator's «Чем могу
        // помочь?» to a silent caller (frozen set 16).
        if (tk[i].quoted) {
            std::size_t open = i;
            while (open > 0 && tk[open - 1].quoted && tk[open - 1].sentence == tk[i].sentence) {
                --open;
            }
            if (open > 0 && tk[open - 1].folded.starts_with("вопрос")) continue;
        }
        // «Наконец-то можно нормально ездить» says what became possible; «можно узнать…»
        // and «можно ли…» ask (frozen set 10).
        if (tk[i].folded == "можно" && i > 0 && tk[i - 1].sentence == tk[i].sentence &&
            !(i + 1 < tk.size() && tk[i + 1].folded == "ли")) {
            continue;
        }
        // «на вопросы оператора не отвечает» tells of a silent caller, not a question
        // (frozen set 15).
        // «на приветствие оператора и вопрос «Чем могу помочь?» не отвечает» too (frozen set
        // 16): «на» a few words before.
        if (tk[i].folded.starts_with("вопрос")) {
            bool answered_to = false;
            for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
                if (tk[i - back].sentence != tk[i].sentence) break;
                answered_to = answered_to || tk[i - back].folded == "на";
            }
            if (answered_to) continue;
        }
        // «всё объяснила», «помог разобраться» tell what a person did (frozen set 17's thanks).
        if (Helped(tk[i].folded)) continue;
        // «подробно объяснил, как подтвердить профиль» reports what was explained.
        if (tk[i].folded == "как" && i > 0 && tk[i - 1].sentence == tk[i].sentence &&
            (Helped(tk[i - 1].folded) || (i > 1 && Helped(tk[i - 2].folded)))) {
            continue;
        }
        // «Хочу поблагодарить…» wants to thank, not to be helped.
        // «хотел сказать спасибо» (frozen set 23) too.
        if (tk[i].folded.starts_with("хоч") || tk[i].folded.starts_with("хот")) {
            const bool say = i + 2 < tk.size() && tk[i + 2].sentence == tk[i].sentence &&
                             (tk[i + 1].folded == "сказать" || tk[i + 1].folded == "передать" ||
                              tk[i + 1].folded == "выразить");
            if ((i + 1 < tk.size() && tk[i + 1].sentence == tk[i].sentence && ThanksAt(i + 1)) ||
                (say && ThanksAt(i + 2))) {
                continue;
            }
        }
        if (tk[i].folded != "как") return true;
        for (std::size_t k = i + 1; k < tk.size() && k <= i + 2; ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            const std::string_view w = tk[k].folded;
            if (InList(w, kAfterHow) || w.ends_with("ть") || w.ends_with("ти") ||
                w.ends_with("чь") || w.ends_with("ться") || w.ends_with("тись")) {
                return true;
            }
        }
    }
    return false;
}

bool Run::SilentCall() const {
    static constexpr std::string_view kSilent[] = {"молчал", "молчит", "молчан", "тишин", "оборвал",
                                                   "прервал", "прерван", "отключил", "сбросил",
                                                   "сброшен", "безмолв", "разъедин",
                                                   // «соединение разорвано» (frozen set 23)
                                                   "разорван",
                                                   // «затем смех и гудки» (frozen set 21)
                                                   "гудки"};
    const auto& tk = tokens();
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (StartsWithAny(tk[i].folded, kSilent)) return true;
        // «связь сорвалась», «звонок сорвался»; «сорвало крышку» is what the caller reports
        // (frozen set 20).
        if (tk[i].folded.starts_with("сорвал") &&
            (tk[i].folded.ends_with("ся") || tk[i].folded.ends_with("сь"))) {
            return true;
        }
        // «без слов», «без речи», «положил трубку», «вызов завершён абонентом» (frozen set 20).
        if (i + 1 < tk.size() && tk[i + 1].sentence == tk[i].sentence &&
            ((tk[i].folded == "без" &&
              (tk[i + 1].folded == "слов" || tk[i + 1].folded == "речи")) ||
             (tk[i].folded.starts_with("положил") && tk[i + 1].folded == "трубку") ||
             ((tk[i].folded == "вызов" || tk[i].folded == "звонок") &&
              tk[i + 1].folded.starts_with("заверш")))) {
            return true;
        }
    }
    return false;
}

// What an operator writes only of a call that brought no question («звонок из кармана», «на
// приветствие не отвечают», «абонент недоступен»): it stands beside a word of a problem
// («не отвечают» is one in a caller's complaint).
bool Run::PlainlySilentCall() const {
    static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
        {"из", "кармана"},
        {"на", "приветствие"},
        {"случайный", "звонок"},
        {"ошибочный", "звонок"},
        {"звонок", "сброшен"},
        {"вызов", "сброшен"},
        {"абонент", "недоступен"},
        {"детская", "шалость"},
        {"детский", "голос"},
        // «В трубке сигнал факса» (frozen set 23): a machine called.
        {"сигнал", "факса"},
        {"факсовый", "сигнал"}};
    const auto& tk = tokens();
    for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
        if (tk[i + 1].sentence != tk[i].sentence) continue;
        for (const auto& [a, b] : kPairs) {
            if (tk[i].folded == a && tk[i + 1].folded == b) return true;
        }
    }
    // A silent caller who «на вопросы оператора не отвечает» (frozen set 15): the operator's
    // questions went unanswered, beside a word of silence.
    // «на вопросы оператора никто не отвечает» (frozen set 20) too.
    // «на голос оператора никто не отвечает» (frozen set 23) too.
    for (std::size_t i = 0; i + 3 < tk.size(); ++i) {
        if (tk[i].folded != "на" ||
            !(tk[i + 1].folded.starts_with("вопрос") || tk[i + 1].folded == "голос")) {
            continue;
        }
        for (std::size_t k = i + 2; k + 1 < tk.size() && k <= i + 4; ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (tk[k].folded == "не" &&
                (tk[k + 1].folded.starts_with("отвеча") ||
                 tk[k + 1].folded.starts_with("ответил")) &&
                SilentCall()) {
                return true;
            }
        }
    }
    // «После приветствия оператора связь прервалась, абонент ничего не сказал» (frozen set 23):
    // the caller said nothing, beside a word of silence.
    for (std::size_t i = 0; i + 2 < tk.size(); ++i) {
        if (tk[i].folded == "ничего" && tk[i + 1].folded == "не" &&
            (tk[i + 2].folded.starts_with("сказал") || tk[i + 2].folded.starts_with("говор")) &&
            SilentCall()) {
            return true;
        }
    }
    return false;
}

void Run::NoQuestion() {
    if (MachineLetter()) return;
    std::size_t words = 0;
    std::size_t content = 0;
    std::size_t gibberish = 0;
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        // A form's labels and fields («ФИО: тест», «СНИЛС: -») are no words of the appeal.
        if (tokens()[i].technical || a_.form[i] != FormPart::kBody) continue;
        if (tokens()[i].letters > 0) ++words;
        if (a_.content[i]) ++content;
        if (a_.gibberish[i]) ++gibberish;
    }
    const bool request = a_.text.has_question_mark || Has(a_.all_classes, WordClass::kRequest) ||
                         Has(a_.all_classes, WordClass::kProblem);
    // Thanks and calls are read closer: «ездим как люди» asks nothing.
    const bool asks = RequestWord();
    Evidence e;
    for (std::size_t i = 0; i < tokens().size() && e.matches.size() < 12; ++i) {
        if (a_.form[i] == FormPart::kBody && (a_.content[i] || a_.gibberish[i])) {
            e.matches.push_back(
                a_.text.Match(i, i, tokens()[i].folded, a_.gibberish[i] ? "gibberish" : "content"));
        }
    }
    // Each kind of appeal without a question fires once, with its category and message.
    const auto fire = [&](std::string category, Confidence confidence, std::string message) {
        e.category = std::move(category);
        Fire(RuleCode::kNoQuestion, confidence, std::move(message), std::move(e));
    };
    if (words == 0) {
        return fire("empty", Confidence::kHigh,
                    "Обращение не содержит текста. Обращения без конкретного вопроса остаются без "
                    "ответа (ТР-3).");
    }
    if (content == 0 && gibberish > 0 && !request) {
        return fire("gibberish", Confidence::kHigh,
                    "Текст обращения — бессмысленный набор символов, вопроса в нём нет (ТР-3).");
    }
    if (content == 0) {
        return fire(request ? "request_without_subject" : "courtesy_only",
                    request ? Confidence::kMedium : Confidence::kHigh,
                    request
                        ? "В обращении есть просьба, но не сказано, о чём: нужно уточнить вопрос "
                          "у заявителя."
                        : "Обращение содержит только приветствие или благодарность, вопроса в "
                          "нём нет (ТР-3).");
    }
    if (gibberish >= 2 && gibberish >= 2 * content && !request) {
        return fire("gibberish", Confidence::kHigh,
                    "Текст обращения — в основном бессмысленный набор символов, вопроса в нём нет "
                    "(ТР-3).");
    }
    bool thanks = false;
    for (std::size_t i = 0; i < tokens().size() && !thanks; ++i) thanks = ThanksAt(i);
    if (thanks && !a_.text.has_question_mark && !asks &&
        !Has(a_.all_classes, WordClass::kProblem) && content <= t_.no_question_max_words + 2 &&
        !StillWrong()) {
        return fire("thanks", Confidence::kHigh,
                    "Обращение — благодарность или поздравление, вопроса или просьбы в нём нет "
                    "(ТР-3).");
    }
    // A letter of thanks for what was done («спасибо, яму заделали, всё работает»): it
    // opens with thanks, asks nothing and complains of nothing still wrong.
    if (thanks && !a_.text.has_question_mark && !asks && words <= 45 && ThanksLed() &&
        !StillWrong()) {
        return fire(
            "thanks", Confidence::kMedium,
            "Обращение — благодарность или поздравление, вопроса или просьбы в нём не видно: "
            "нужна проверка оператором.");
    }
    // An operator's note of a call that thanked («поздравляет операторов…, говорит, что просто
    // хотел сказать спасибо за работу, и кладёт трубку»: frozen set 23): thanks anywhere in the
    // note, nothing asked, nothing wrong.
    if (input_.channel == "phone" && thanks && !a_.text.has_question_mark && !asks &&
        !CallerAsked() && !Has(a_.all_classes, WordClass::kProblem) && !StillWrong()) {
        return fire("thanks", Confidence::kMedium,
                    "Звонок с благодарностью или поздравлением, вопроса или просьбы в нём не "
                    "видно: нужна проверка оператором.");
    }
    if (input_.channel == "phone" && NothingAskedNote() && !CallerAsked() &&
        !Has(a_.all_classes, WordClass::kProblem)) {
        return fire("nothing_asked", Confidence::kMedium,
                    "Звонок без вопроса: по записи оператора абонент ни о чём не просил (ТР-3). "
                    "Нужна проверка оператором.");
    }
    if (TestMessage(words) || TestNotToProcess(words) || NothingNeeded(words)) {
        return fire("test", Confidence::kHigh,
                    "Тестовое сообщение: вопроса или просьбы в нём нет (ТР-3).");
    }
    if (NoteToFamily(words)) {
        return fire("personal_note", Confidence::kMedium,
                    "Похоже на личное сообщение родственнику, отправленное не по адресу: вопроса "
                    "или просьбы к службе в нём нет (ТР-3). Нужна проверка оператором.");
    }
    if (SolvedByThemselves(words)) {
        return fire("solved", Confidence::kMedium,
                    "Заявитель сообщает, что разобрался сам: вопроса или просьбы в обращении нет "
                    "(ТР-3). Нужна проверка оператором.");
    }
    // A silent or dropped call written down by the operator; not a caller's complaint that
    // the line dropped them («ждала 52 минуты, связь оборвалась, это недопустимо»).
    // The caller's first words the operator quotes («Алло, это поддержка?») ask nothing.
    // What a caller who said nothing of substance said is quoted («В трубке детский голос:
    // «Алло, а это кто?»», frozen set 21): beside a plain mark of such a call, the quoted
    // words ask nothing of us.
    if (input_.channel == "phone" && !a_.text.has_question_outside_quotes && !CallerAsked() &&
        ((!asks && !Has(a_.all_classes, WordClass::kProblem) && SilentCall()) ||
         (!RequestWord(true) && PlainlySilentCall()))) {
        return fire(
            "silent_call", Confidence::kMedium,
            "Звонок без вопроса: абонент молчал или связь прервалась (ТР-3). Нужна проверка "
            "оператором.");
    }
    if (content <= t_.no_question_max_words && !request) {
        return fire("too_short", Confidence::kMedium,
                    "В обращении не видно конкретного вопроса или просьбы: нужна проверка "
                    "оператором.");
    }
    // No rule knows this kind (a new sort of circular, a notice, a bare greeting in other
    // words): where the classifier is sure and the applicant asks nothing, a person looks (held,
    // never refused by it; frozen set 3, never learned nor studied, caught 2 more with no
    // admissible appeal held). On the phone quoted words count: they are the caller's
    // («Помогите восстановить пароль», and then the line dropped).
    const bool caller_asked =
        input_.channel == "phone" && (a_.text.has_question_mark || asks || CallerAsked());
    if (!a_.text.has_question_outside_quotes && !caller_asked) {
        Evidence m;
        if (ByModel("no_question", t_.model_no_question, m)) {
            std::string message = ModelMessage("сообщение без вопроса", "no_question", m);
            m.category = "model";
            Fire(RuleCode::kNoQuestion, Confidence::kMedium, std::move(message), std::move(m));
        }
    }
}

}  // namespace otklik::triage::rules
