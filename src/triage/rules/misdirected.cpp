// TR-4: questions for another body.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

std::size_t Run::FirstWord(TextField field) const {
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        if (tokens()[i].field == field && tokens()[i].letters > 0) return i;
    }
    return tokens().size();
}

// "Прокурору Ленинского района." is an addressee line; "В полицию я уже обращался, …" is
// the applicant telling a story: a header is short and has no first person in it.
// «В полиции сказали обращаться к вам» (frozen set 16) names the body that sent the applicant
// here: a sentence that speaks to this service or tells what someone said is not a header.
bool Run::HeaderSentence(std::size_t first) const {
    static constexpr std::string_view kStory[] = {
        "вам",           "вас",       "вами",      "сказали",
        "посоветовали",  "направили", "отправили", "переадресовали",
        "перенаправили", "ответили",  "велели",    "порекомендовали",
        "отфутболили"};
    const std::uint16_t sentence = tokens()[first].sentence;
    std::size_t length = 0;
    for (std::size_t k = first; k < tokens().size() && tokens()[k].sentence == sentence; ++k) {
        if (++length > 10) return false;
        if (Has(a_.token_classes[k], WordClass::kSelfReference) ||
            Has(a_.token_classes[k], WordClass::kRequest) || InList(tokens()[k].folded, kStory)) {
            return false;
        }
    }
    return true;
}

// A topic of another body or an uncovered service found beside a word of the regulation's
// own system («домашний компьютер» for work in the АИС) is the system's question: the hits
// of the rules whose `unless` words the text names are dropped.
void Run::DropExcepted(std::vector<PhraseHit>& hits, const PhraseMatcher& unless) const {
    if (hits.empty()) return;
    std::vector<PhraseHit> excepted = unless.Find(a_.text, 1);
    // A form's label is the channel's, not the applicant's words: «Пользователь портала:» above
    // a chatbot's message names no portal question (frozen set 21).
    std::erase_if(excepted,
                  [&](const PhraseHit& e) { return a_.form[e.first] == FormPart::kLabel; });
    if (excepted.empty()) return;
    std::erase_if(hits, [&](const PhraseHit& hit) {
        return std::any_of(excepted.begin(), excepted.end(),
                           [&](const PhraseHit& e) { return e.tag == hit.tag; });
    });
}

bool Run::SentenceNamesBot(std::size_t sentence) const {
    static constexpr std::string_view kBot[] = {"бот",   "бота",         "боту",   "ботом",
                                                "робот", "автоответчик", "чатбот", "чат-бот"};
    for (const Token& t : tokens()) {
        if (t.sentence == sentence && InList(t.folded, kBot)) return true;
    }
    return false;
}

// «Честный знак», «Движение первых», «Авито» (frozen set 18): a short quotation that opens with
// a capital is a name, not someone's words.
bool Run::QuotedName(std::size_t i) const {
    const auto& tk = tokens();
    // Tokens k-1 and k stand inside one quotation: no quotation mark between them.
    const auto joined = [&](std::size_t k) {
        if (!tk[k - 1].quoted || !tk[k].quoted || tk[k - 1].field != tk[k].field) return false;
        const std::string_view between =
            a_.text.Field(tk[k].field).substr(tk[k - 1].end, tk[k].begin - tk[k - 1].end);
        for (std::string_view mark : {"«", "»", "\"", "“", "”", "„"}) {
            if (between.find(mark) != std::string_view::npos) return false;
        }
        return true;
    };
    std::size_t first = i;
    while (first > 0 && joined(first)) --first;
    std::size_t last = i;
    while (last + 1 < tk.size() && joined(last + 1)) ++last;
    return last - first < 3 && tk[first].upper_initial;
}

// Issue 15 (corpus part 19): another body's topic that is someone else's quoted words
// («оценку за четверть не поставлю») or where the applicant takes the matter next («подаю
// иск в мировой суд», «пишем в прокуратуру») is not the question asked here.
bool Run::NotTheQuestion(std::size_t i) const {
    const auto& tk = tokens();
    if (tk[i].quoted && !QuotedName(i)) return true;
    if (i == 0 || tk[i - 1].sentence != tk[i].sentence) return false;
    const std::string_view before = tk[i - 1].folded;
    if (before != "в" && before != "во") return false;
    // …or the place something of this service goes to («результаты теста пойдут в
    // аттестат», «попадут в дневник»: frozen set 12): the question is about that thing.
    static constexpr std::string_view kRecourse[] = {
        "пода", "обращ", "обрат", "пиш",   "напиш",   "жалу",  "пожалу", "иск",   "заявлен",
        "пойд", "попад", "войд",  "учтут", "учитыва", "отраз", "внес",   "занес", "идут"};
    for (std::size_t back = 2; back <= 5 && back <= i; ++back) {
        const Token& t = tk[i - back];
        if (t.sentence != tk[i].sentence) break;
        if (StartsWithAny(t.folded, kRecourse)) return true;
    }
    return false;
}

// A city named as addresses name it («г. Самара», «город Казань», or the first words) at
// tokens from..until-1 of an address.
std::optional<Run::PlaceHit> Run::NamedCity(const std::vector<Token>& at,
                                            const std::vector<Place>& places, std::size_t from,
                                            std::size_t until) {
    for (std::size_t i = from; i < at.size() && i < until; ++i) {
        const bool named = i == from || at[i - 1].folded == "г" || at[i - 1].folded == "город";
        if (!named) continue;
        for (const Place& place : places) {
            if (i + place.city.size() > at.size()) continue;
            bool same = true;
            for (std::size_t w = 0; w < place.city.size() && same; ++w) {
                same = at[i + w].folded == place.city[w];
            }
            if (same) return PlaceHit{i, i + place.city.size() - 1, &place};
        }
    }
    return std::nullopt;
}

// Frozen set 20 (TR-4): on a regional platform, the address of the problem in a city of another
// region («Я в Самаре, в Кировском районе, на ул. Ташкентской у дома 112 яма», «в Казани, на
// ул. Чистопольской, у дома 27, открытый люк») — «в» and the city's name with a capital, a
// word of an address (a street, a house, a district) in the same sentence near it.
std::optional<Run::PlaceHit> Run::PlaceInAnotherRegion() const {
    const auto& home = state_.config.home_regions;
    if (home.empty()) return std::nullopt;
    const auto& places = state_.lexicons->places();
    // The platform's own address field first: «г. Самара, ул. Ташкентская, д. 112».
    if (!input_.problem_address.empty()) {
        const AnalyzedText address = AnalyzeText("", input_.problem_address);
        if (const auto named = NamedCity(address.tokens, places, 0, address.tokens.size())) {
            if (std::find(home.begin(), home.end(), named->place->region) != home.end()) {
                return std::nullopt;
            }
            return PlaceHit{0, 0, named->place, true};
        }
    }
    static constexpr std::string_view kAddress[] = {
        "ул",    "улица",    "улице",      "улицы",     "проспект",    "проспекте",
        "пр",    "переулок", "переулке",   "шоссе",     "дом",         "дома",
        "доме",  "район",    "районе",     "мкр",       "микрорайоне", "двор",
        "дворе", "площади",  "набережной", "остановке", "перекрестке", "трассе"};
    const auto& tk = tokens();
    for (std::size_t i = 0; i + 1 < tk.size(); ++i) {
        if ((tk[i].folded != "в" && tk[i].folded != "во") || tk[i + 1].quoted ||
            !tk[i + 1].upper_initial || tk[i + 1].script != Script::kCyrillic ||
            tk[i + 1].sentence != tk[i].sentence) {
            continue;
        }
        for (const Place& place : places) {
            const std::size_t last = i + place.words.size();
            if (last >= tk.size() || tk[last].sentence != tk[i].sentence) continue;
            bool same = true;
            for (std::size_t w = 0; w < place.words.size() && same; ++w) {
                same = tk[i + 1 + w].folded == place.words[w];
            }
            if (!same) continue;
            if (std::find(home.begin(), home.end(), place.region) != home.end()) break;
            // The address follows the city in its clause: «в Казани, а у нас на ул. Гагарина»
            // turns to the applicant's own place.
            bool address = false;
            for (std::size_t k = i >= 3 ? i - 3 : 0; k < tk.size() && k <= last + 10 && !address;
                 ++k) {
                if (tk[k].sentence != tk[i].sentence) continue;
                const std::string_view w = tk[k].folded;
                if (k > last &&
                    (w == "а" || w == "но" || w == "нас" || w == "нам" || w.starts_with("наш") ||
                     w == "мой" || w == "моем" || w == "моего")) {
                    break;
                }
                address = InList(w, kAddress);
            }
            if (address) return PlaceHit{i + 1, last, &place};
            break;
        }
    }
    // The problem's address written out in the text, as an operator notes a call («Адрес
    // проблемы: г. Саранск, общежитие университета»: frozen set 21); not the caller's own
    // address («адрес: г. Сызрань, ул. Гагарина» says where they live).
    for (std::size_t i = 0; i + 2 < tk.size(); ++i) {
        if ((tk[i].folded != "адрес" && tk[i].folded != "место") ||
            !tk[i + 1].folded.starts_with("проблем")) {
            continue;
        }
        const auto named = NamedCity(tk, places, i + 2, i + 5);
        if (!named || std::find(home.begin(), home.end(), named->place->region) != home.end()) {
            return std::nullopt;
        }
        return named;
    }
    return std::nullopt;
}

void Run::Misdirected() {
    const auto& rules = state_.config.misdirected;
    const std::size_t subject_start = FirstWord(TextField::kSubject);
    const std::size_t text_start = FirstWord(TextField::kText);
    for (const PhraseHit& hit : state_.misdirected_addressee.Find(a_.text, 1)) {
        if (hit.first != subject_start && hit.first != text_start) continue;
        if (!HeaderSentence(hit.first)) continue;
        Evidence e;
        e.organization = rules[hit.tag].organization;
        e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "addressee"));
        std::string message =
            "Обращение адресовано другой организации (" + e.organization + ", " +
            JoinQuoted(e.matches) +
            "). Ошибочно направленные обращения не рассматриваются (ТР-4); заявителю стоит "
            "обратиться туда напрямую.";
        Fire(RuleCode::kMisdirected, Confidence::kHigh, std::move(message), std::move(e));
        return;
    }
    // Issue 15 (rel5): a guess at another body's topic adds nothing to an appeal another
    // rule already refuses (a threat, an advert that offers credit).
    if (std::any_of(out_.rules.begin(), out_.rules.end(),
                    [](const FiredRule& rule) { return rule.action == RuleAction::kRefuse; })) {
        return;
    }
    if (const auto elsewhere = PlaceInAnotherRegion()) {
        const Place& place = *elsewhere->place;
        Evidence e;
        e.organization = "Органы власти другого региона (" + place.region_name + ")";
        if (elsewhere->in_address) {
            e.matches.push_back(TextMatch{TextField::kText, 0, 0, input_.problem_address,
                                          FoldText(input_.problem_address), "problem_address"});
        } else {
            e.matches.push_back(a_.text.Match(elsewhere->first, elsewhere->last, "", "place"));
        }
        std::string message = "Место, о котором пишет заявитель, находится в другом регионе (" +
                              place.region_name + ": " + JoinQuoted(e.matches) +
                              "): вопрос, по-видимому, к органам власти этого региона. Нужна "
                              "проверка оператором.";
        Fire(RuleCode::kMisdirected, Confidence::kMedium, std::move(message), std::move(e));
        return;
    }
    std::vector<PhraseHit> topics = state_.misdirected_topics.Find(a_.text, 1);
    DropExcepted(topics, state_.misdirected_unless);
    std::erase_if(topics, [&](const PhraseHit& hit) { return NotTheQuestion(hit.first); });
    const bool hints_only = topics.empty();
    if (hints_only) {
        topics = state_.misdirected_hints.Find(a_.text, 1);
        DropExcepted(topics, state_.misdirected_unless);
        std::erase_if(topics, [&](const PhraseHit& hit) { return NotTheQuestion(hit.first); });
    }
    if (topics.empty()) {
        // Asked after every other rule (Execute): the guess adds nothing to an appeal
        // another rule already stops (not covered by the contract, in another language).
        misdirected_unnamed_ = true;
        return;
    }
    Evidence e;
    e.organization = rules[topics.front().tag].organization;
    // The hints' first words, one per stem: «адвокат» and «адвокатская» are one word.
    std::vector<std::string_view> words;
    for (const PhraseHit& hit : topics) {
        if (rules[hit.tag].organization != e.organization) continue;
        e.matches.push_back(a_.text.Match(hit.first, hit.last, "", "topic"));
        const std::string_view stem = tokens()[hit.first].stem;
        if (std::none_of(words.begin(), words.end(), [&](std::string_view other) {
                return stem.starts_with(other) || other.starts_with(stem);
            })) {
            words.push_back(stem);
        }
    }
    // Two different words of one body's vocabulary («украли», «кража»; «пенсию», «СФР»)
    // and none of this service's: the question is that body's.
    // One word of that body's vocabulary and the classifier's leaning the same way («за
    // какие-то подписки» in a letter the model reads as another body's: frozen set 21) are
    // two voices too.
    // The classifier is asked only of a text with words enough to weigh, as everywhere.
    const bool model_agrees = hints_only && words.size() < 2 && WordsForModel() &&
                              model_.Probability("misdirected") >= t_.model_misdirected;
    const bool sure_hints = hints_only && (words.size() >= 2 || model_agrees);
    std::string message =
        "Вопрос, по-видимому, относится к ведению другой организации (" + e.organization +
        "): " + JoinQuoted(e.matches) +
        (model_agrees ? "; так оценивает и модель по размеченным обращениям" : "") +
        ". Нужна проверка оператором.";
    // Words of the body's vocabulary (`hints`: «кредит», «поликлиник*») are named in
    // admissible questions too: on a set nobody tuned on they held such questions, so they
    // only flag the appeal for the operator. Its topics (phrases) hold it for a person.
    Fire(RuleCode::kMisdirected, hints_only && !sure_hints ? Confidence::kLow : Confidence::kMedium,
         std::move(message), std::move(e));
}

// Frozen set 12: most questions for another body name neither it nor a word of its
// vocabulary («посылка третий день „в пути"», «поцарапали машину на парковке»). The
// classifier learned them from the labelled sets; where it is sure, a person checks the
// appeal (held, never refused by it).
void Run::MisdirectedByModel() {
    Evidence e;
    if (!ByModel("misdirected", t_.model_misdirected, e)) return;
    std::string message = ModelMessage("вопрос к другой организации", "misdirected", e);
    Fire(RuleCode::kMisdirected, Confidence::kMedium, std::move(message), std::move(e));
}

}  // namespace otklik::triage::rules
