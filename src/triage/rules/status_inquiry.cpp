// TR-8: an applicant asking how far an earlier appeal got.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

struct Uin {
    std::string text;  // as written
    std::string folded;
    TextField field = TextField::kText;
    std::size_t offset = 0;
};

// "ББ-2026-000123": 1–6 letters, a dash, a four-digit year, a dash, 3–8 digits.
std::vector<Uin> FindUins(std::string_view s, TextField field) {
    std::vector<Uin> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t start = pos;
        std::size_t p = pos;
        std::size_t letters = 0;
        while (p < s.size()) {
            std::size_t q = p;
            const char32_t c = text::NextCodePoint(s, q);
            if (!(text::IsCyrillic(c) || text::IsAsciiLetter(c))) break;
            ++letters;
            p = q;
        }
        auto digits = [&](std::size_t& at) {
            std::size_t n = 0;
            while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
                ++at;
                ++n;
            }
            return n;
        };
        bool ok = letters >= 1 && letters <= 6 && p < s.size() && s[p] == '-';
        std::size_t end = p;
        if (ok) {
            ++end;
            ok = digits(end) == 4 && end < s.size() && s[end] == '-';
        }
        if (ok) {
            ++end;
            const std::size_t n = digits(end);
            ok = n >= 3 && n <= 8;
        }
        bool word_start = true;
        if (start > 0) {
            std::size_t back = start - 1;
            while (back > 0 && (static_cast<unsigned char>(s[back]) & 0xC0) == 0x80) --back;
            std::size_t q = back;
            const char32_t previous = text::NextCodePoint(s, q);
            word_start = !(text::IsCyrillic(previous) || text::IsAsciiLetter(previous));
        }
        if (ok && word_start) {
            Uin uin;
            uin.text = std::string(s.substr(start, end - start));
            uin.folded = FoldText(uin.text);
            uin.field = field;
            uin.offset = start;
            out.push_back(std::move(uin));
            pos = end;
            continue;
        }
        if (letters > 0) {
            pos = p;
        } else {
            text::NextCodePoint(s, pos);
        }
    }
    return out;
}

}  // namespace

// A word asking for progress (the index of the token), in a sentence of its own kind.
std::optional<std::size_t> Run::ProgressAsked() const {
    // («висит в статусе „Ожидает“» describes the application: not a progress word.)
    // Issue 15 (rel5): «движение по заявке», «какова судьба», «зарегистрировано ли».
    static constexpr std::string_view kProgress[] = {"новост",  "стади", "этап",           "тишин",
                                                     "движени", "судьб", "зарегистрирован"};
    static constexpr std::string_view kTaken[] = {"взял", "взят", "принял", "принят"};
    static constexpr std::string_view kAnswer[] = {"ответ", "рассмотр", "решени"};
    static constexpr std::string_view kStill[] = {"нет", "пока", "когда", "ждать", "ждем"};
    // Frozen set 19: «моё сообщение передали в управляющую компанию?», «передана ли заявка
    // разработчикам?», «кто им сейчас занимается?».
    static constexpr std::string_view kHandled[] = {"рассматрива", "закрыт",   "закрыл", "двига",
                                                    "закреплен",   "назначен", "переда", "занима"};
    // «Ответ от них уже есть?», «пришёл ли ответ?»: asked of the answer in a question.
    static constexpr std::string_view kAskedStill[] = {"уже", "ли"};
    const auto& ts = tokens();
    for (std::size_t i = 0; i < ts.size(); ++i) {
        const std::string_view w = ts[i].folded;
        if (StartsWithAny(w, kProgress)) return i;
        // Frozen set 11, asked outright: «заявка вообще в работе?», «в каком оно сейчас
        // статусе?», «что с ним происходит?».
        if (i > 0 && SentenceAsks(i)) {
            if (w == "работе" && WordBefore(i) == "в") return i;
            if (w.starts_with("статус") || w.starts_with("происход")) {
                for (std::size_t k = i;
                     k-- > 0 && k + 4 >= i && ts[k].sentence == ts[i].sentence;) {
                    const std::string_view q = ts[k].folded;
                    if (q.starts_with("как") || q == "что") return i;
                }
            }
        }
        // Frozen set 14, asked of the appeal itself: «моё обращение кто-то рассматривает или
        // оно закрыто?», «живо оно или его молча закрыли?», «его кто-то двигает?», «за
        // заявкой хоть кто-то закреплён?».
        if (i > 0 && (StartsWithAny(w, kHandled) || w == "живо" || w == "жива") &&
            (SentenceAsks(i) || AsksIndirectly(i)) && AppealNamedAround(i)) {
            return i;
        }
        // «взяли ли заявку в работу»: taken and work in one sentence.
        if (w.starts_with("работ")) {
            for (std::size_t k = i; k-- > 0 && ts[k].sentence == ts[i].sentence;) {
                if (StartsWithAny(ts[k].folded, kTaken)) return i;
            }
        }
        // «ответа пока нет», «когда ждать решения», «рассмотрено или нет».
        if (StartsWithAny(w, kAnswer)) {
            const bool asks = SentenceAsks(i) || AsksIndirectly(i);
            for (std::size_t k = 0; k < ts.size(); ++k) {
                if (k == i || ts[k].sentence != ts[i].sentence) continue;
                if (InList(ts[k].folded, kStill) || (asks && InList(ts[k].folded, kAskedStill))) {
                    return i;
                }
            }
        }
        // «Где она сейчас: у оператора или у вас?», «где моя заявка?» (frozen set 19);
        // «спрашивает, у кого сейчас её обращение» (frozen set 22).
        if ((w == "где" || (w == "кого" && WordBefore(i) == "у")) &&
            (SentenceAsks(i) || AsksIndirectly(i)) && AppealNamedAround(i)) {
            return i;
        }
    }
    return std::nullopt;
}

// Whether the sentence of token `i` names an appeal («обращение», «заявка») or stands for
// one («оно», «его»).
bool Run::AppealNamedAround(std::size_t i) const {
    static constexpr std::string_view kStandsFor[] = {"оно", "она", "его", "ее", "им", "ним"};
    const auto& ts = tokens();
    for (std::size_t k = 0; k < ts.size(); ++k) {
        if (ts[k].sentence != ts[i].sentence) continue;
        if (Has(a_.token_classes[k], WordClass::kAppealRef) || InList(ts[k].folded, kStandsFor) ||
            ts[k].folded.starts_with("сообщени")) {
            return true;
        }
    }
    return false;
}

// The word written right before token `i` (letters), folded; one-letter words such as «в»
// are no tokens.
std::string Run::WordBefore(std::size_t i) const {
    const Token& t = tokens()[i];
    std::string_view before = a_.text.Field(t.field).substr(0, t.begin);
    while (!before.empty() && (before.back() == ' ' || before.back() == '\t')) {
        before.remove_suffix(1);
    }
    const std::size_t space = before.find_last_of(" \t\n(«\"");
    return FoldText(space == std::string_view::npos ? before : before.substr(space + 1));
}

// An operator's note of a question (frozen set 19): «спрашивает, передано ли сообщение
// исполнителю», «хочет знать, пришёл ли ответ» — a verb of asking, then «ли» in the sentence.
// «Интересуется, на каком этапе её обращение», «хотел бы понять, на какой стадии сейчас
// вопрос» (frozen sets 10, 12, 14): a question word after the verb asks too.
bool Run::AsksIndirectly(std::size_t i) const {
    static constexpr std::string_view kQuestionWords[] = {
        "ли",  "каком", "какой", "какая", "какую",   "какие", "каких",
        "где", "когда", "кто",   "куда",  "сколько", "кого"};
    const auto& ts = tokens();
    std::size_t first = i;
    while (first > 0 && ts[first - 1].sentence == ts[i].sentence) --first;
    bool asking = false;
    for (std::size_t k = first; k < ts.size() && ts[k].sentence == ts[i].sentence; ++k) {
        const std::string_view w = ts[k].folded;
        if (StartsWithAny(w, kAskingVerbs) || w == "знать" || w == "понять" || w == "узнать") {
            asking = true;
            continue;
        }
        if (asking && InList(w, kQuestionWords)) return true;
    }
    return false;
}

// Whether the sentence of token `i` ends with a question mark.
bool Run::SentenceAsks(std::size_t i) const {
    const auto& ts = tokens();
    std::size_t last = i;
    while (last + 1 < ts.size() && ts[last + 1].sentence == ts[i].sentence) ++last;
    const std::string_view field = a_.text.Field(ts[last].field);
    const std::size_t to = last + 1 < ts.size() && ts[last + 1].field == ts[last].field
                               ? ts[last + 1].begin
                               : field.size();
    return to > ts[last].end &&
           field.substr(ts[last].end, to - ts[last].end).find('?') != std::string_view::npos;
}

// The applicant's own earlier contact: «писала вам», «обращался», «звонил позавчера».
bool Run::EarlierContact() const {
    static constexpr std::string_view kContact[] = {"писал",   "написал",   "обращал",  "звонил",
                                                    "подавал", "отправлял", "оставлял", "обратил",
                                                    "сообщал", "жаловал",   "заявлял"};
    for (const Token& t : tokens()) {
        if (StartsWithAny(t.folded, kContact)) return true;
    }
    return false;
}

void Run::StatusInquiry() {
    std::vector<Uin> uins = FindUins(input_.subject, TextField::kSubject);
    for (Uin& uin : FindUins(input_.text, TextField::kText)) uins.push_back(std::move(uin));
    const bool status = Has(a_.all_classes, WordClass::kStatus);
    bool reference = false;
    for (const PhraseHit& hit : a_.vocabulary_hits) {
        if (state_.vocabulary_class[hit.tag] != WordClass::kAppealRef) continue;
        // «заявка на профпробу», «заявка для участия» are applications, not appeals.
        const bool application =
            tokens()[hit.first].folded.starts_with("заявк") && hit.last + 1 < tokens().size() &&
            (tokens()[hit.last + 1].folded == "на" || tokens()[hit.last + 1].folded == "для");
        reference = reference || !application;
    }
    // Issue 15 (group4): an applicant with an earlier appeal asking how far it got, by the
    // structure rather than a listed phrase: a word of progress («новости», «на какой
    // стадии», «взяли ли в работу», «ответа пока нет», «тишина») and their own earlier
    // contact («писала вам», «обращался», «звонил позавчера»).
    std::optional<std::size_t> progress;
    const bool contacted = EarlierContact();
    if (!context_.earlier.empty()) progress = ProgressAsked();
    // «Так и не получил приглашение, писал вчера» restates the problem (a duplicate): the
    // earlier contact names the appeal only beside a word of progress. Without any earlier
    // appeal here, a word of status will do («обращалась через 112… какой статус?»: frozen
    // set 8); it is then flagged as not found.
    reference = reference || (contacted && (progress || (status && context_.earlier.empty())));
    // «по своему сообщению», «моё сообщение» (the platform's word for an appeal: frozen set 19).
    // Possessives only: «может сообщение не дошло» names no appeal of the applicant's.
    static constexpr std::string_view kOwn[] = {"мое",  "моего",  "моему",  "моем",
                                                "свое", "своего", "своему", "своем",
                                                "наше", "нашего", "нашему", "нашем"};
    for (std::size_t i = 1; i < tokens().size() && !reference; ++i) {
        reference =
            tokens()[i].folded.starts_with("сообщени") && InList(tokens()[i - 1].folded, kOwn);
    }
    if ((!status && !progress) || (uins.empty() && !reference)) return;
    Evidence e;
    for (const PhraseHit& hit : a_.vocabulary_hits) {
        if (state_.vocabulary_class[hit.tag] == WordClass::kStatus) {
            e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "status"));
        }
    }
    if (e.matches.empty() && progress) {
        e.matches.push_back(a_.text.Match(*progress, *progress, "", "status"));
    }
    const PastAppeal* target = nullptr;
    for (const Uin& uin : uins) {
        e.matches.push_back(
            TextMatch{uin.field, uin.offset, uin.text.size(), uin.text, uin.folded, "uin"});
        if (e.referenced_uin.empty()) e.referenced_uin = uin.text;
        for (const PastAppeal& earlier : context_.earlier) {
            if (!earlier.uin.empty() && FoldText(earlier.uin) == uin.folded) {
                target = &earlier;
                break;
            }
        }
        if (target != nullptr) break;
    }
    bool guessed = false;
    if (target == nullptr && uins.empty()) {
        // "что с моей заявкой": the applicant's only open appeal, or the most similar one.
        std::vector<const PastAppeal*> open;
        for (const PastAppeal& earlier : context_.earlier) {
            if (IsOpen(earlier)) open.push_back(&earlier);
        }
        // Issue 15 (group4): a number the inquiry quotes («по отчёту 0503127») names the
        // thread whose appeals carry it; the most similar of them is the one asked about.
        // Four digits or more: a report's, a contract's or an order's number, not a house.
        std::vector<std::uint64_t> long_numbers;
        for (const Token& t : tokens()) {
            if (!t.technical && t.letters == 0 && t.folded.size() >= 4 && !Year(t.folded)) {
                long_numbers.push_back(Fnv1a("#" + t.folded));
            }
        }
        std::vector<const PastAppeal*> numbered;
        if (open.size() > 1) {
            for (const PastAppeal* candidate : open) {
                const auto& terms = Known(*candidate).terms;
                for (std::uint64_t number : long_numbers) {
                    if (std::binary_search(terms.begin(), terms.end(), number)) {
                        numbered.push_back(candidate);
                        break;
                    }
                }
            }
        }
        if (open.size() == 1) {
            target = open.front();
        } else if (!numbered.empty()) {
            double best = -1.0;
            for (const PastAppeal* candidate : numbered) {
                const double sim = otklik::triage::Similarity(a_.fingerprint, Known(*candidate));
                if (sim > best) {
                    best = sim;
                    target = candidate;
                }
            }
        } else if (open.size() > 1) {
            double best = 0.2;
            double second = 0.0;
            for (const PastAppeal* candidate : open) {
                const double sim = otklik::triage::Similarity(a_.fingerprint, Known(*candidate));
                if (sim > best) {
                    best = sim;
                    target = candidate;
                }
            }
            // Issue 15 (group4): the applicant's own repeat of the same request (a
            // duplicate still open) is one thread with it, not a rival candidate.
            for (const PastAppeal* candidate : open) {
                if (candidate == target) continue;
                if (target != nullptr &&
                    otklik::triage::Similarity(Known(*target), Known(*candidate)) >= 0.3) {
                    continue;
                }
                second =
                    std::max(second, otklik::triage::Similarity(a_.fingerprint, Known(*candidate)));
            }
            // «Что с моим обращением про фонарь?»: the inquiry names its appeal's subject
            // when one open appeal is clearly the most similar.
            guessed = !(target != nullptr && best >= 0.25 && best >= 1.5 * second &&
                        best - second >= 0.15);
        }
    }
    // A form's fields («Регион: …. Роль: …. Тип: …», as the chatbot passes them: frozen set 20)
    // are neither other matters nor facts.
    std::size_t extra = 0;
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        const ClassMask m = a_.token_classes[i];
        if (a_.content[i] && a_.form[i] == FormPart::kBody && !Has(m, WordClass::kStatus) &&
            !Has(m, WordClass::kAppealRef)) {
            ++extra;
        }
    }
    e.category = "status_inquiry";
    if (target == nullptr) {
        std::string message =
            "Заявитель спрашивает о ходе рассмотрения обращения" +
            (e.referenced_uin.empty() ? std::string{} : " " + e.referenced_uin) +
            ", но оно не найдено среди обращений этого заявителя: нужна проверка оператором.";
        Fire(RuleCode::kStatusInquiry, Confidence::kMedium, std::move(message), std::move(e));
        return;
    }
    e.related.push_back(Related(*target, 0));
    if (!IsOpen(*target)) {
        Fire(RuleCode::kStatusInquiry, Confidence::kMedium,
             "Заявитель спрашивает о ходе рассмотрения обращения " + AppealName(*target) +
                 ", которое уже " + (target->resolved ? "решено" : "закрыто") +
                 ": ответьте со ссылкой на решение.",
             std::move(e));
        return;
    }
    // A report that adds facts to the earlier appeal («дополнительно сообщаю…», several
    // words the original does not have) is registered and linked, not folded into it.
    std::size_t fresh = 0;
    const TextFingerprint& original = Known(*target);
    // Issue 15 (group4): words of the appeal's handling and of time («передано в
    // ведомство», «у исполнителя, на согласовании», «писал две недели назад») are not facts.
    static constexpr std::string_view kHandling[] = {
        "исполнител", "согласован", "передан", "передал", "ведомств", "написал", "сообщени",
        "ответ", "стади", "этап", "статус", "тишин", "рассмотр", "назад", "недел", "дней", "прошл",
        "вчера", "позавчера", "писал", "обращал", "звонил", "ждать", "пока",
        // Issue 15 (rel5): time passing and asking to be told («прошёл месяц, прошу
        // сообщить») are not facts either.
        "месяц", "прош", "сообщ", "запрос", "отправ", "смотр", "насчет", "вообщ", "сих", "пор",
        "кто-нибудь",
        // Issue 15 (frozen set 9): the operator's words for a call about it («звонит
        // повторно, интересуется…, ей никто не звонил») are not facts of the matter.
        "звон", "интересу", "спрашива", "никто",
        // …nor reminding and the deadline asked about («напомните…, нам важно понимать
        // сроки», «ни запроса информации»: frozen set 10).
        "напомн", "срок", "информац", "важно", "понима",
        // …nor the number they were given, how long it takes and who said what («мне
        // дали номер», «что с ним сейчас и сколько ещё ждать», «пятый рабочий день без
        // обратной связи», «подскажите, на какой стадии»: frozen set 12).
        "номер", "дали", "сказал", "поводу", "текущ", "сейчас", "сколько", "узна", "подскаж",
        "изменени", "обратн", "связ", "рабоч", "почти",
        // …nor where its state is shown and how long it stands there («в личном кабинете
        // „на согласовании“, полторы недели стоит, его кто-то двигает?»: frozen set 14).
        "кабинет", "личн", "стои", "стоя", "полтор", "двига", "закрепл", "назначен", "рассматрива",
        "закрыт", "закрыл",
        // …nor how and when it was sent («примерно десять дней назад подавала через сайт»:
        // frozen set 14).
        "подава", "подала", "подал", "сайт", "примерно", "около", "нескольк", "десят", "пят",
        "двух", "трех"};
    // The sentence that asks how far it got names where it may be («на каком этапе — у
    // регионального оператора или у разработчиков?», «вы передали сообщение в администрацию
    // района?»: frozen set 20): the handling, not facts of the matter.
    // A statement («ответа пока нет, ситуация та же») asks nothing: its words may restate the
    // matter of a duplicate.
    const auto asking_sentence = [&](std::size_t i) {
        const std::uint16_t s = tokens()[i].sentence;
        return ((progress && tokens()[*progress].sentence == s) ||
                Has(a_.sentence_classes[s], WordClass::kStatus)) &&
               (SentenceAsks(i) || AsksIndirectly(i));
    };
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        const ClassMask m = a_.token_classes[i];
        const Token& t = tokens()[i];
        if (!a_.content[i] || a_.form[i] != FormPart::kBody || Has(m, WordClass::kStatus) ||
            Has(m, WordClass::kAppealRef) || StartsWithAny(t.folded, kHandling) ||
            asking_sentence(i)) {
            continue;
        }
        // Who asks and how to reach them («Зуев Илья, ilya.zuev09@yandex.ru») identify the
        // appeal; they are not facts of the matter.
        if (t.technical || (t.upper_initial && !t.all_upper && !FirstInSentence(i))) continue;
        // Known as a word or by its first letters («заявление» after «заявления»).
        // Facts are told in a sentence of a problem («светофор так и не горит»); why it
        // matters («учредитель ждёт», «меня это задевает») adds no fact (frozen set 21).
        if (!Has(a_.sentence_classes[t.sentence], WordClass::kProblem)) continue;
        const auto prefix = PrefixTerm(t.folded);
        fresh +=
            !std::binary_search(original.terms.begin(), original.terms.end(),
                                Fnv1a(Term(state_, t))) &&
            !(prefix && std::binary_search(original.terms.begin(), original.terms.end(), *prefix));
    }
    // «Новой информации нет», «новых данных не сообщил» (frozen sets 18 and 19): the caller or
    // the operator says the words are the matter told again.
    const bool denies_news = DeniesNews();
    const bool new_facts = !denies_news && (AddsFacts() || fresh >= 6);
    // Issue 15 (rel5): an inquiry that restates its appeal's problem («что с заявкой по
    // карточке контракта, белый экран») has many words, but all of them the original's.
    // A resend that only says the answer has not come («ответа нет, поэтому повторяю») is
    // the applicant's duplicate: restating counts beside a word of status or progress.
    static constexpr std::string_view kWeakProgress[] = {"ответ", "рассмотр", "решени"};
    bool asks_stage = progress && !StartsWithAny(tokens()[*progress].folded, kWeakProgress);
    for (const PhraseHit& hit : a_.vocabulary_hits) {
        if (state_.vocabulary_class[hit.tag] != WordClass::kStatus) continue;
        bool weak = false;
        for (std::size_t i = hit.first; i <= hit.last; ++i) {
            weak = weak || StartsWithAny(tokens()[i].folded, kWeakProgress);
        }
        asks_stage = asks_stage || !weak;
    }
    const bool restated = asks_stage && (fresh * 4 <= extra || denies_news);
    // Announced as a repeat and asking nothing of the handling: «Здравствуйте ещё раз… Ответа
    // пока нет, ситуация та же. Помогите» repeats the request itself, a duplicate's (frozen
    // set 9).
    bool asks_handling = false;
    for (std::size_t i = 0; i < tokens().size() && !asks_handling; ++i) {
        asks_handling = asking_sentence(i);
    }
    const bool repeats_request = !asks_handling && AnnouncesRepeat();
    const bool certain = !guessed && (extra <= t_.status_max_extra_words || restated) &&
                         !new_facts && !repeats_request;
    const RelatedAppeal related = Related(*target, 0);
    if (certain) {
        commented_ = related;
        out_.comment_on = related;
        Fire(RuleCode::kStatusInquiry, Confidence::kHigh,
             "Повторный запрос о ходе рассмотрения обращения " + AppealName(*target) +
                 ": новая заявка не создаётся, запрос добавляется комментарием к исходному "
                 "обращению, заявителю сообщается его текущее состояние (ТР-8).",
             std::move(e));
    } else {
        Fire(RuleCode::kStatusInquiry, Confidence::kMedium,
             "Заявитель спрашивает о ходе рассмотрения обращения " + AppealName(*target) +
                 (guessed ? " (определено по сходству текста)" : "") +
                 ", но пишет и о другом: обращение регистрируется, связь с исходным "
                 "отмечена.",
             std::move(e));
    }
}

}  // namespace otklik::triage::rules
