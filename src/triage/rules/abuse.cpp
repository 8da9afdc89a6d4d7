// TR-2: obscene language and insults aimed at the recipient.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

// «Сборище бездарей, а не министерство»: the insult names what the institution is instead.
bool Run::NamesWhatItIsNot(std::size_t last) const {
    for (std::size_t k = last + 1; k + 1 < tokens().size() && k <= last + 6; ++k) {
        if (tokens()[k + 1].sentence != tokens()[last].sentence) break;
        if (tokens()[k].folded == "а" && tokens()[k + 1].folded == "не") return true;
    }
    return false;
}

// «Сборище бездельников», «шайка хапуг»: a crowd of them is an insult to a body of people.
bool Run::Collective(std::size_t i) const {
    static constexpr std::string_view kCrowd[] = {"сборищ", "шайк", "банд", "свор",
                                                  "стад",   "кучк", "толп"};
    // «Сидят там одни лопухи», «работают сплошные бестолочи» (frozen set 20): nothing but them,
    // in a sentence about people at work — not «на газоне одни лопухи и крапива».
    static constexpr std::string_view kNothingBut[] = {"одни", "одних", "сплошные", "сплошь"};
    static constexpr std::string_view kAtWork[] = {"сидят",     "работают", "трудятся", "служат",
                                                   "собрались", "набрали",  "держат"};
    const auto at_work = [&] {
        for (const Token& t : tokens()) {
            if (t.sentence == tokens()[i].sentence && InList(t.folded, kAtWork)) return true;
        }
        return false;
    };
    for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
        const Token& t = tokens()[i - back];
        if (t.sentence != tokens()[i].sentence) break;
        if (StartsWithAny(t.folded, kCrowd)) return true;
        if (InList(t.folded, kNothingBut) && at_work()) return true;
    }
    return false;
}

// «Вы стадо баранов», «ты как козёл»: «вы» or «ты» at most two words before the insult.
bool Run::CalledByName(std::size_t i) const {
    for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
        const Token& t = tokens()[i - back];
        if (t.sentence != tokens()[i].sentence) break;
        if (t.folded == "вы" || t.folded == "ты") return true;
    }
    return false;
}

// Issue 15 (rel5): «Ваши сотрудники в управе — это просто нахлебники»: the sentence names
// the addressee a few words before the insult, with no third party between them.
bool Run::AddresseeEarlierInSentence(std::size_t first) const {
    for (std::size_t back = 1; back <= 10 && back <= first; ++back) {
        const std::size_t k = first - back;
        if (tokens()[k].sentence != tokens()[first].sentence) break;
        if (StartsWithAny(tokens()[k].folded, kThirdParties)) return false;
        if (Has(a_.token_classes[k], WordClass::kAddressee)) return true;
    }
    return false;
}

// Issue 15 (rel5): «Сидите там, дармоеды, штаны протираете»: the insult set off by commas
// as a form of address, in a sentence whose verb speaks to «вы» and names no third party.
bool Run::Vocative(std::size_t first, std::size_t last) const {
    const auto& ts = tokens();
    const bool opened = FirstInSentence(first) || ts[first].gap == Gap::kOther;
    const bool closed = last + 1 >= ts.size() || ts[last + 1].sentence != ts[last].sentence ||
                        ts[last + 1].gap == Gap::kOther;
    if (!opened || !closed) return false;
    bool second_person = false;
    for (std::size_t k = 0; k < ts.size(); ++k) {
        if (ts[k].sentence != ts[first].sentence || (k >= first && k <= last)) continue;
        if (StartsWithAny(ts[k].folded, kThirdParties)) return false;
        const std::string_view w = ts[k].folded;
        second_person =
            second_person || (w.size() > 8 && (w.ends_with("ете") || w.ends_with("ите")));
    }
    return second_person;
}

bool Run::FirstInSentence(std::size_t i) const {
    return i == 0 || tokens()[i - 1].sentence != tokens()[i].sentence;
}

void Run::Abuse() {
    const std::vector<AbuseHit> hits = state_.abuse.Find(a_.text);
    Evidence obscene;
    Evidence insult;
    std::optional<Confidence> obscene_confidence;
    std::optional<Confidence> insult_confidence;
    bool insult_at_bot = false;  // an insult aimed at the chatbot (SentenceNamesBot)
    const auto raise = [](std::optional<Confidence>& current, Confidence c) {
        if (!current || *current < c) current = c;
    };
    for (const AbuseHit& hit : hits) {
        const AbuseEntry& entry = *hit.entry;
        const Token& token = tokens()[hit.first];
        // Frozen set 7: digits alone are a number (a phone «360-44-09»), never a masked
        // word; a mask keeps some letters («х*й», «3,14здец»).
        bool letters = false;
        for (std::size_t i = hit.first; i <= hit.last && !letters; ++i) {
            letters = tokens()[i].letters > 0;
        }
        if (!letters) continue;
        const bool reported = Reported(hit.first);
        std::optional<Confidence> confidence;
        if (entry.kind == AbuseKind::kInsult) {
            // A capitalized word inside a sentence is a surname (Козлов, Баранов, Дураков).
            if (token.upper_initial && !token.all_upper && !FirstInSentence(hit.first) &&
                !hit.disguised) {
                continue;
            }
            // «одна сука ощенилась», «козлы на ферме»: an animal, not a person — unless the
            // applicant calls the addressee one («вы стадо баранов», «ты козёл»).
            // («Ваши сотрудники — стадо баранов»: the herd is the staff.)
            if (NearClass(hit.first, hit.last, WordClass::kLiteral, 40, 40) &&
                !CalledByName(hit.first) &&
                !(Collective(hit.first) && AddresseeEarlierInSentence(hit.first))) {
                continue;
            }
            const bool self = NearClass(hit.first, hit.last, WordClass::kSelfReference, 3, 0);
            const bool aimed = (NearClass(hit.first, hit.last, WordClass::kAddressee, 4, 4) ||
                                NamesWhatItIsNot(hit.last) || Collective(hit.first)) &&
                               !self;
            // Issue 15 (rel5): aimed from further away (the addressee earlier in the sentence,
            // a form of address): a person decides.
            const bool aimed_far =
                (AddresseeEarlierInSentence(hit.first) || Vocative(hit.first, hit.last)) && !self;
            // On the phone the operator quotes the caller's own words: aimed at the staff,
            // they are the caller's insult, not a report of someone else's.
            const bool caller_insult =
                reported && (aimed || aimed_far) && CallerVoice(tokens()[hit.first].sentence);
            // Issue 15 (corpus part 19): «бот, ты тупой? соедини с человеком» scolds the
            // software, not a person: flagged, so the applicant reaches the person asked for.
            const bool at_bot = SentenceNamesBot(token.sentence);
            insult_at_bot = insult_at_bot || at_bot;
            if ((reported && !caller_insult) || self || at_bot) {
                if (entry.strong || at_bot) confidence = Confidence::kLow;
            } else if (entry.strong) {
                confidence = aimed ? Confidence::kHigh : Confidence::kMedium;
            } else if (aimed || aimed_far) {
                confidence = Confidence::kMedium;
            }
            if (!confidence) continue;
            raise(insult_confidence, *confidence);
            insult.matches.push_back(
                a_.text.Match(hit.first, hit.last, entry.pattern,
                              (reported && !caller_insult) || self ? "insult_quoted" : "insult"));
            continue;
        }
        if (entry.kind == AbuseKind::kMat) {
            // «Ёб твою мать, я уже 15 раз написал «оператор»»: the applicant's own verb of
            // speech reports their own words, the мат outside the quotes is theirs.
            // On the phone the operator quotes the caller («дословно: «…»»): the мат is the
            // caller's own, as a quoted insult aimed at the staff is.
            const bool own = (!token.quoted && OwnSpeechOnly(token.sentence)) ||
                             (reported && CallerVoice(token.sentence));
            confidence = reported && !own ? Confidence::kLow : Confidence::kHigh;
        } else {
            // Weak rude words («сраная система») are lawful strong words: only flagged.
            const bool aimed =
                entry.strong && NearClass(hit.first, hit.last, WordClass::kAddressee, 3, 3);
            confidence = reported ? Confidence::kLow
                         : aimed  ? Confidence::kMedium
                                  : Confidence::kLow;
        }
        raise(obscene_confidence, *confidence);
        std::string kind = entry.kind == AbuseKind::kMat ? "mat" : "rude";
        if (reported) kind += "_quoted";
        obscene.matches.push_back(a_.text.Match(hit.first, hit.last, entry.pattern, kind));
    }
    // On the phone the operator may describe the caller's obscenities instead of writing
    // them down («ответил нецензурно», «матерился»): the caller's own words.
    if ((!obscene_confidence || *obscene_confidence < Confidence::kMedium) &&
        input_.channel == "phone") {
        // «На просьбы успокоиться продолжает браниться» (frozen set 23).
        static constexpr std::string_view kDescribed[] = {
            "нецензурн", "материл", "матерят", "матерна", "матом",
            "матерщин",  "бранит",  "бранил",  "бранью",  "бранят"};
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const Token& t = tokens()[i];
            if (t.quoted || !StartsWithAny(t.folded, kDescribed) || !CallerVoice(t.sentence)) {
                continue;
            }
            raise(obscene_confidence, Confidence::kMedium);
            obscene.matches.push_back(a_.text.Match(i, i, std::string(t.folded), "mat_described"));
            break;
        }
    }
    if (obscene_confidence && On(RuleCode::kObsceneLanguage)) {
        obscene.category = "obscene";
        std::string message;
        switch (*obscene_confidence) {
            case Confidence::kHigh:
                message = "Обращение содержит нецензурную брань: " + JoinQuoted(obscene.matches) +
                          ". Такие обращения остаются без ответа (ТР-2).";
                break;
            case Confidence::kMedium:
                message = "Обращение содержит грубые выражения в адрес адресата: " +
                          JoinQuoted(obscene.matches) + ". Нужна проверка оператором.";
                break;
            case Confidence::kLow:
                message =
                    "Грубые или нецензурные слова встречаются в цитате, описании "
                    "чужих слов или надписи (" +
                    JoinQuoted(obscene.matches) +
                    "): обращение рассматривается, оператору — на заметку.";
                break;
        }
        Fire(RuleCode::kObsceneLanguage, *obscene_confidence, std::move(message),
             std::move(obscene));
    }
    const bool insult_by_model = On(RuleCode::kInsult) &&
                                 (!insult_confidence || *insult_confidence < Confidence::kMedium) &&
                                 ByModel("insult", t_.model_insult, insult);
    if (insult_by_model) insult_confidence = Confidence::kMedium;
    if (insult_confidence && On(RuleCode::kInsult)) {
        insult.category = "insult";
        std::string message;
        if (insult_by_model) {
            message = ModelMessage("оскорбление адресата", "insult", insult);
        } else {
            switch (*insult_confidence) {
                case Confidence::kHigh:
                    message =
                        "Обращение содержит оскорбления в адрес адресата или его "
                        "сотрудников: " +
                        JoinQuoted(insult.matches) +
                        ". Такие обращения остаются без ответа (ТР-2).";
                    break;
                case Confidence::kMedium:
                    message =
                        "Обращение содержит оскорбительные слова: " + JoinQuoted(insult.matches) +
                        ". Неясно, к кому они обращены, — нужна проверка оператором.";
                    break;
                case Confidence::kLow:
                    if (insult_at_bot) {
                        message = "Грубое слово обращено к чат-боту, а не к сотруднику (" +
                                  JoinQuoted(insult.matches) +
                                  "): обращение рассматривается, оператору — на заметку.";
                        break;
                    }
                    message = "Заявитель передаёт чужие оскорбления (" +
                              JoinQuoted(insult.matches) +
                              "): это жалоба на них, обращение рассматривается.";
                    break;
            }
        }
        Fire(RuleCode::kInsult, *insult_confidence, std::move(message), std::move(insult));
    }
}

}  // namespace otklik::triage::rules
