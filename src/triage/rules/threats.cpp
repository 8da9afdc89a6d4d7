// TR-2: threats to life, health or property, told outright, by a plan or veiled.

#include "triage/own_skill.hpp"
#include "triage/routine_watch.hpp"
#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

constexpr std::string_view kIntentWords[] = {
    "хочу",   "хотим",      "собираюсь", "соберусь", "буду",   "будем",       "намерен", "намерена",
    "готов",  "готова",     "пора",      "пойду",    "приду",  "приеду",      "иду",     "решил",
    "решила", "мечтаю",     "клянусь",   "обещаю",   "сейчас", "щас",         "завтра",  "сегодня",
    "думаю",  "планирую",   "задумал",   "задумала", "придем", "придём",      "приедем", "пойдем",
    "пойдём", "собираемся", "намерены",  "готовы",   "решили", "обязательно", "лично",
};

// Infinitives of asking and learning: «хочу понять», «хотим уточнить» is a question coming,
// not a plan (frozen set 12: «хочу понять, не сгорит ли у него лимит проб»).
constexpr std::string_view kInquiryInfinitives[] = {
    "понять",     "понимать",  "знать",  "узнать",        "уточнить",     "спросить",
    "выяснить",   "попросить", "задать", "сообщить",      "пожаловаться", "обратиться",
    "записаться", "получить",  "подать", "поблагодарить", "разъяснить",   "прояснить",
};

constexpr std::string_view kHarmObjects[] = {
    "голов",       "лицо",        "лиц",        "морд",     "рыл",    "рук",      "ног",
    "челюст",      "шею",         "шеи",        "глотк",    "горл",   "зуб",      "череп",
    "ребр",        "кост",        "здани",      "офис",     "контор", "управ",    "мэри",
    "администрац", "министерств", "ведомств",   "центр",    "мфц",    "школ",     "окн",
    "больниц",     "асфальт",     "кабинет",    "учрежден", "отдел",  "колледж",  "техникум",
    "университет", "институт",    "поликлиник", "соцфонд",  "фонд",   "помещени", "приемн",
    "прокуратур",
};

constexpr std::string_view kBodyForms[] = {"нос", "носа", "носу", "уши", "ушей", "глаз", "глаза"};

// Nouns that begin like a verb of harm and end like its first person («УК разложила отраву у
// подвала», «перевёл стрелку», «в спальню»): not verbs (frozen set 10).
constexpr std::string_view kHarmStemNouns[] = {
    "отрава",  "отравы",  "отраве",  "отраву",   "отравой",  "стрелка",
    "стрелки", "стрелке", "стрелку", "стрелкой", "стрелу",   "спальня",
    "спальни", "спальне", "спальню", "спальней", "спальный", "спального",
};

// First-person future or imperative-free forms: «проломлю», «подпалю», «перебьём».
bool FirstPersonOrInfinitive(std::string_view w, bool& infinitive) {
    infinitive = w.ends_with("ть") || w.ends_with("ти") || w.ends_with("чь");
    if (infinitive) return true;
    // Participles declined as adjectives end like a first person («разбитую трассу», «избитому»,
    // «горящим»): they describe a state, nobody's plan (frozen set 11: a call about a broken
    // road was refused as a threat). «Изуродую», «атакую» keep a consonant other than т, н, щ, ш.
    static constexpr std::string_view kParticiple[] = {"тую",   "нную", "щую",  "шую", "тому",
                                                       "нному", "щему", "шему", "щим", "шим"};
    for (std::string_view ending : kParticiple) {
        if (w.ends_with(ending)) return false;
    }
    return w.ends_with("у") || w.ends_with("ю") || w.ends_with("ем") || w.ends_with("ём") ||
           w.ends_with("им");
}

// A plan of violence without a verb of harm: a weapon brought along, a massacre arranged, an
// outcome named («останется без рук»), aimed at a person or a place, by the applicant.
// Weapons (prefixes); fuel and fire count only together («солью бензин… чиркну спичкой»).
constexpr std::string_view kWeaponStems[] = {
    "топор",   "арматур", "гранат",    "ружь",      "пистолет",  "взрывчат", "тротил",  "кастет",
    "травмат", "кувалд",  "арбалет",   "калашник",  "обрезом",   "коктейл",  "пулемет", "оружи",
    "винтовк", "карабин", "двустволк", "дробовик",  "револьвер", "пистол",   "динамит", "пластит",
    "тесак",   "мачете",  "заточк",    "монтировк", "дубинк",    "кислот",   "взрывн",  "самопал",
};
constexpr std::string_view kWeaponForms[] = {
    "нож",     "ножом",   "ножа",     "ножи",    "ножами",   "ножик", "ножиком", "бита",   "битой",
    "биту",    "битами",  "автомат",  "обрез",   "ломом",    "бомба", "бомбу",   "бомбой", "ствол",
    "стволом", "молотка", "молотком", "кислоту", "кислотой", "лом",   "молотов",
};
constexpr std::string_view kFuelStems[] = {"бензин", "канистр", "керосин", "горюч"};
constexpr std::string_view kFireStems[] = {"спичк",  "зажигалк", "чиркн",
                                           "подожг", "подпал",   "факел"};
// Massacre, bodies, arson named as nouns («устрою резню», «будет много трупов»).
constexpr std::string_view kHarmNouns[] = {
    "резня",    "резню",    "резни",     "бойня",    "бойню",     "трупы",      "трупов",
    "трупами",  "погром",   "погрома",   "расправу", "расправа",  "теракт",     "поджог",
    "кровавую", "кровавая", "мясорубку", "стрельбу", "колумбайн", "скулшутинг", "взрывчатку",
    "взрыв",    "взрыва",   "взрывом",   "взрывы",   "расправой", "расправы",   "кишки",
    "кишок",    "самосуд",  "самосуда",  "пожар",
};
// The applicant's own plan: first-person verbs of coming, bringing, preparing, waiting.
constexpr std::string_view kPlanVerbs[] = {
    "приду",    "приеду",   "зайду",      "заеду",      "заявлюсь",   "наведаюсь",  "явлюсь",
    "принесу",  "привезу",  "возьму",     "куплю",      "купил",      "купила",     "достал",
    "достала",  "достану",  "подготовил", "приготовил", "встречу",    "подожду",    "подкараулю",
    "выслежу",  "дождусь",  "найду",      "устрою",     "устроим",    "займусь",    "позабочусь",
    "сделаю",   "солью",    "оболью",     "вывезу",     "запру",      "придем",     "приедем",
    "принесем", "прихвачу", "захвачу",    "наточил",    "заряжу",     "зарядил",    "ждите",
    "доберусь", "выйду",    "нагряну",    "пойду",      "поеду",      "плесну",     "прийти",
    "приехать", "прийду",   "прийдем",    "заявимся",   "нагрянем",   "наведаемся", "встретим",
    "подожгу",  "отомщу",   "поквитаюсь", "разберусь",  "разберемся", "разберёмся", "начну",
    "начнем",   "займемся", "возьмусь",   "возьмемся",  "жди",        "навещу",     "навестим",
    "заглянем",
};

// The plan-of-violence lists, looked up once per word through bucketed prefixes and hash sets
// (the rule runs on every appeal without a lexicon threat: no linear scans per word).
struct PlanLexicon {
    PrefixIndex objects{kHarmObjects};
    PrefixIndex weapons{kWeaponStems};
    PrefixIndex fuel{kFuelStems};
    PrefixIndex fire{kFireStems};
    std::unordered_set<std::string_view> plans;
    std::unordered_set<std::string_view> means;
    std::unordered_set<std::string_view> body;
    PlanLexicon() {
        plans.insert(std::begin(kPlanVerbs), std::end(kPlanVerbs));
        plans.insert(std::begin(kIntentWords), std::end(kIntentWords));
        for (std::string_view w : {"сейчас", "щас", "завтра", "сегодня", "пора"}) plans.erase(w);
        means.insert(std::begin(kWeaponForms), std::end(kWeaponForms));
        means.insert(std::begin(kHarmNouns), std::end(kHarmNouns));
        body.insert(std::begin(kBodyForms), std::end(kBodyForms));
    }
};

const PlanLexicon& SharedPlanLexicon() {
    static const PlanLexicon lexicon;
    return lexicon;
}

}  // namespace

void Run::Threats() {
    const auto& entries = state_.lexicons->threats();
    const std::vector<PhraseHit> hits = state_.threats.Find(a_.text, 3);
    std::vector<bool> vetoed(tokens().size(), false);
    for (const PhraseHit& hit : hits) {
        if (entries[hit.tag].form != ThreatForm::kVeto) continue;
        vetoed[hit.first] = true;
    }
    // Issue 15 (corpus part 19): an appeal that names lawful recourse anywhere (a court, a
    // prosecutor, a complaint, the press) warns of that recourse. Menacing phrases, outcomes
    // and hints in it are its tone: they are flagged. A verb of harm, a weapon or a plan
    // still decides, and the model, trained on such appeals beside threats, may hold it.
    lawful_recourse_ = false;
    for (const PhraseHit& hit : hits) {
        const ThreatEntry& entry = entries[hit.tag];
        if (entry.form == ThreatForm::kHint && entry.category == "lawful" &&
            !(hit.first > 0 && tokens()[hit.first - 1].folded == "без")) {
            lawful_recourse_ = true;
        }
    }
    // «Убью двух зайцев», «стреляю глазами», «пострелять в тире»: everyday uses.
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        if (!vetoed[i] && tokens()[i].letters >= 3 &&
            state_.harm_stems.AnyPrefixOf(tokens()[i].folded) && IdiomaticHarm(a_.text, i)) {
            vetoed[i] = true;
        }
    }
    Evidence threat;
    Evidence self_harm;
    std::optional<Confidence> confidence;
    std::vector<ThreatHintHit> hints;
    for (const PhraseHit& hit : hits) {
        const ThreatEntry& entry = entries[hit.tag];
        if (entry.form == ThreatForm::kHint) {
            if (const auto hint = ParseThreatHint(entry.category)) {
                hints.push_back({*hint, hit.first, hit.last});
            }
            continue;
        }
        if (entry.form == ThreatForm::kVeto || vetoed[hit.first]) continue;
        if (hit.first > 0 && tokens()[hit.first - 1].folded == "не" &&
            tokens()[hit.first - 1].sentence == tokens()[hit.first].sentence &&
            entry.form != ThreatForm::kSelfHarm) {
            continue;
        }
        if (entry.form == ThreatForm::kSelfHarm) {
            self_harm.matches.push_back(
                a_.text.Match(hit.first, hit.last, entry.pattern, entry.category));
            continue;
        }
        const bool reported = Reported(hit.first);
        Confidence c = Confidence::kLow;
        switch (entry.form) {
            case ThreatForm::kVerb: {
                const bool target = NearClass(hit.first, hit.last, WordClass::kThreatTarget, 4, 4);
                c = reported ? Confidence::kLow : target ? Confidence::kHigh : Confidence::kMedium;
                break;
            }
            case ThreatForm::kStrongPhrase:
                c = reported ? Confidence::kLow : Confidence::kHigh;
                break;
            case ThreatForm::kPhrase:
                c = reported || lawful_recourse_ ? Confidence::kLow : Confidence::kMedium;
                break;
            default:
                c = Confidence::kLow;
                break;
        }
        if (!confidence || *confidence < c) confidence = c;
        threat.matches.push_back(
            a_.text.Match(hit.first, hit.last, entry.pattern,
                          reported ? entry.category + "_quoted" : entry.category));
    }
    // A lexicon verb far from its target is only probable: a plan or an idiom may make it
    // certain.
    const auto unsure = [&] { return !confidence || *confidence < Confidence::kHigh; };
    if (unsure()) ViolentIntent(threat, confidence, vetoed);
    if (unsure()) PlannedViolence(threat, confidence, vetoed);
    if (unsure()) StructuralPlan(threat, confidence, vetoed);
    if (!confidence || *confidence < Confidence::kMedium) VeiledPlan(threat, confidence, hints);
    if (lawful_recourse_ && veiled_ && !skilled_ && confidence == Confidence::kMedium) {
        confidence = Confidence::kLow;
    }
    // Hints and idioms come in lawful letters too (a hazard the applicant warns of, «вы
    // доиграетесь» before a complaint); a classifier that all but rules out a threat leaves
    // them a flag for the operator.
    if (veiled_ && !skilled_ && confidence == Confidence::kMedium && model_.Available() &&
        model_.Strongest("threat") < t_.model_threat_clears) {
        confidence = Confidence::kLow;
    }
    // Words of self-harm are the applicant's own distress, which the model cannot tell
    // from a threat to others: they stay flagged for a person's quick reply.
    // Lawful recourse named is evidence against a threat: the model must be surer. A
    // postscript is judged alone even then: the petition and the deputy of a letter do not
    // make its «P.S.» lawful (frozen set 17).
    bool by_model =
        (!confidence || *confidence < Confidence::kMedium) && self_harm.matches.empty() &&
        ByModel("threat", lawful_recourse_ ? t_.model_threat_beside_recourse : t_.model_threat,
                threat,
                lawful_recourse_ ? std::nullopt : std::optional<double>(t_.model_threat_part),
                t_.model_threat_part);
    // A letter of thanks asks nothing and sets no condition: the classifier's guess reads the
    // staff and the family it names («Спасибо огромное вашему оператору Алине — всё объяснила,
    // сын записался…», 0.98: frozen set 17), not a threat.
    if (by_model && ThanksLetter()) {
        threat.matches.erase(threat.matches.begin());
        by_model = false;
    }
    if (by_model) confidence = Confidence::kMedium;
    // Frozen set 10: an operator who warned the caller of the consequences («оператор сделал
    // предупреждение», «разъяснила последствия») heard a threat, however it was put.
    if ((!confidence || *confidence < Confidence::kMedium) && input_.channel == "phone") {
        if (auto warned = OperatorWarned()) {
            confidence = Confidence::kMedium;
            threat.matches.insert(threat.matches.begin(), std::move(*warned));
        }
    }
    if (confidence) {
        threat.category = threat.matches.front().kind;
        std::string message;
        if (by_model) {
            message = ModelMessage("угрозу", "threat", threat);
        } else {
            switch (*confidence) {
                case Confidence::kHigh:
                    message = "Обращение содержит угрозу жизни или здоровью: " +
                              JoinQuoted(threat.matches) +
                              ". Такие обращения остаются без ответа (ТР-2); сообщите "
                              "руководителю.";
                    break;
                case Confidence::kMedium:
                    message = "Обращение может содержать угрозу: " + JoinQuoted(threat.matches) +
                              ". Нужна проверка оператором.";
                    break;
                case Confidence::kLow:
                    message = veiled_
                                  ? "В обращении есть намёки на угрозу (" +
                                        JoinQuoted(threat.matches) + "): руководителю — на заметку."
                                  : "В обращении есть слова угрозы в пересказе или в мягкой "
                                    "форме (" +
                                        JoinQuoted(threat.matches) + "): оператору — на заметку.";
                    break;
            }
        }
        for (TextMatch& m : self_harm.matches) threat.matches.push_back(std::move(m));
        Fire(RuleCode::kThreat, *confidence, std::move(message), std::move(threat));
    } else if (!self_harm.matches.empty()) {
        self_harm.category = "self_harm";
        std::string message = "Заявитель пишет о намерении причинить себе вред (" +
                              JoinQuoted(self_harm.matches) +
                              "). Это не основание для отказа: нужна срочная реакция человека.";
        Fire(RuleCode::kThreat, Confidence::kHigh, std::move(message), std::move(self_harm),
             policy_.self_harm_action);
    }
}

bool Run::Negated(std::size_t i) const {
    for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
        const Token& t = tokens()[i - back];
        if (t.sentence != tokens()[i].sentence) break;
        if (t.folded == "не" || t.folded == "ни") return true;
    }
    return false;
}

void Run::ViolentIntent(Evidence& threat, std::optional<Confidence>& confidence,
                        const std::vector<bool>& vetoed) {
    for (std::size_t k = 0; k < std::size(kIdiomThreats); ++k) {
        const std::string_view idiom = kIdiomThreats[k];
        if (!Marker(TextMarkers::kIdiom + k)) continue;
        // An idiom names its victim: it must be aimed at the addressee or a target.
        if (!Has(a_.all_classes, WordClass::kThreatTarget)) continue;
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            if (idiom.starts_with(tokens()[i].folded) && !Reported(i)) {
                threat.matches.push_back(a_.text.Match(i, i, std::string(idiom), "violent_intent"));
                confidence = Confidence::kHigh;
                return;
            }
        }
    }
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        const Token& t = tokens()[i];
        if (t.script != Script::kCyrillic || t.letters < 4) continue;
        if (vetoed[i] || !state_.harm_stems.AnyPrefixOf(t.folded)) continue;
        bool infinitive = false;
        if (!FirstPersonOrInfinitive(t.folded, infinitive)) continue;
        if (Negated(i)) continue;
        const std::uint16_t sentence = t.sentence;
        const std::size_t from = i >= 6 ? i - 6 : 0;
        const std::size_t to = std::min(tokens().size() - 1, i + 6);
        bool intent = !infinitive;
        bool target = false;
        bool self = false;
        for (std::size_t k = from; k <= to; ++k) {
            const Token& u = tokens()[k];
            if (k == i || u.sentence != sentence) continue;
            if (k < i && std::find(std::begin(kIntentWords), std::end(kIntentWords), u.folded) !=
                             std::end(kIntentWords)) {
                intent = true;
            }
            // «…её уже убить готов» about a program: a pronoun alone does not make an
            // infinitive a threat to a person; a first-person form («убью его») it does.
            const bool pronoun_only = infinitive && InList(u.folded, kVictimPronouns);
            if ((Has(a_.token_classes[k], WordClass::kThreatTarget) && !pronoun_only) ||
                StartsWithAny(u.folded, kHarmObjects)) {
                target = true;
            }
            if (u.folded == "себе" || u.folded == "себя" || u.folded == "мне") self = true;
        }
        // «я» before a first-person form confirms who acts; an infinitive needs intent.
        if (!intent || !target || self) continue;
        const bool reported = Reported(i);
        const Confidence c = reported ? Confidence::kLow : Confidence::kHigh;
        if (!confidence || *confidence < c) confidence = c;
        threat.matches.push_back(
            a_.text.Match(i, i, t.folded, reported ? "violent_intent_quoted" : "violent_intent"));
    }
}

// «Хочу понять…», «хотим уточнить…»: a word of intent before an infinitive of asking or
// learning announces a question, not a plan.
bool Run::AsksToKnow(std::size_t i) const {
    std::size_t next = i + 1;
    if (next < tokens().size() && tokens()[next].folded == "бы") ++next;
    return next < tokens().size() && tokens()[next].sentence == tokens()[i].sentence &&
           InList(tokens()[next].folded, kInquiryInfinitives);
}

// An outcome asked about with «ли» («не сгорит ли у него лимит проб», «сгорит ли
// запись») wherever the text has it: a question, not a promise (frozen set 12).
bool Run::OnlyAsked(std::string_view phrase) {
    const std::string_view text = FoldedText();
    bool found = false;
    for (std::size_t at = text.find(phrase); at != std::string_view::npos;
         at = text.find(phrase, at + 1)) {
        found = true;
        std::size_t next = at + phrase.size();
        while (next < text.size() && text[next] == ' ') ++next;
        const std::string_view rest = text.substr(next);
        constexpr std::string_view kLi = "ли";
        // «ли» as a word: not the start of «лимит» (a Cyrillic letter is not ASCII).
        const bool asked = rest.starts_with(kLi) &&
                           (rest.size() == kLi.size() ||
                            (static_cast<unsigned char>(rest[kLi.size()]) < 0x80 &&
                             !std::isalnum(static_cast<unsigned char>(rest[kLi.size()]))));
        if (!asked) return false;
    }
    return found;
}

// A weapon named as the object of a licence («хочу на разрешение на ружьё», «лицензию на
// оружие»): paperwork, not a means brought.
bool Run::Licensed(std::size_t i) const {
    const auto& tk = tokens();
    for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
        if (tk[k].sentence != tk[i].sentence) continue;
        if (tk[k].folded.starts_with("разрешени") || tk[k].folded.starts_with("лицензи")) {
            return true;
        }
    }
    return false;
}

// A plan of violence without a verb of harm in the first person: a means of harm (a verb of
// harm in any form, a weapon, fuel and fire, a massacre named, an outcome «без рук»), a target
// (staff, an office, a building, «вас») and the applicant's own plan («приду», «куплю»,
// «устрою», an intent word, or a first-person verb of harm). Sentences with reported speech
// («сосед угрожал…») do not count.
void Run::PlannedViolence(Evidence& threat, std::optional<Confidence>& confidence,
                          const std::vector<bool>& vetoed) {
    const auto& tk = tokens();
    const PlanLexicon& lex = SharedPlanLexicon();
    std::vector<std::size_t> plans;
    std::vector<std::size_t> means;  // weapons and massacres named
    std::vector<std::size_t> harms;  // verbs of harm in any form
    std::optional<std::size_t> target;
    std::optional<std::size_t> named_target;    // not a bare «его», «её»
    std::optional<std::size_t> foreign_target;  // named, not «наш участковый»
    std::optional<std::size_t> object;
    std::optional<std::size_t> reported_harm;
    std::optional<std::size_t> fuel;
    std::optional<std::size_t> fire;
    bool reporting = false;
    // «Запомните мои слова»: the applicant's own voice, though «слова» reads as a report.
    bool menace = false;
    for (std::size_t k = 0; k < std::size(kMenaceMarkers) && !menace; ++k) {
        menace = Marker(TextMarkers::kMenace + k);
    }
    for (std::size_t i = 0; i < tk.size(); ++i) {
        const Token& t = tk[i];
        if (t.technical || t.script != Script::kCyrillic || vetoed[i]) continue;
        const std::string_view w = t.folded;
        const bool harm_stem = t.letters >= 4 && state_.harm_stems.AnyPrefixOf(w) &&
                               !InList(w, kHarmStemNouns) && !Negated(i);
        // «Пришло смс: «…придём и отключим всё, пожалеешь»»: a message the applicant received.
        if (t.quoted && Received() && !CallerVoice(t.sentence)) {
            reporting = true;
            continue;
        }
        if (Has(a_.sentence_classes[t.sentence], WordClass::kReporting) && !menace &&
            !CallerVoice(t.sentence)) {
            // «Сосед пригрозил, что проломит мне голову»: someone else's threat, reported.
            reporting = true;
            if (!reported_harm && harm_stem) reported_harm = i;
            continue;
        }
        if (Has(a_.token_classes[i], WordClass::kThreatTarget) ||
            Has(a_.token_classes[i], WordClass::kAddressee)) {
            if (!target) target = i;
            // «Знаю, где живёт наш участковый»: the applicant's own side, not an aim.
            if (!foreign_target && !InList(w, kVictimPronouns) &&
                !(i > 0 && tk[i - 1].folded.starts_with("наш"))) {
                foreign_target = i;
            }
            if (!named_target && !InList(w, kVictimPronouns)) named_target = i;
        }
        if (!object && (lex.objects.AnyPrefixOf(w) || lex.body.contains(w))) object = i;
        if (lex.plans.contains(w) && !(i > 0 && tk[i - 1].folded == "не") && !AsksToKnow(i)) {
            plans.push_back(i);
        }
        if (harm_stem) {
            bool infinitive = false;
            if (FirstPersonOrInfinitive(w, infinitive) && !infinitive) plans.push_back(i);
            // An operator's account: the caller's «перестреляю» becomes «перестреляет».
            if (CallerVoice(t.sentence) && (w.ends_with("ет") || w.ends_with("ит"))) {
                plans.push_back(i);
            }
            harms.push_back(i);
        } else if ((lex.weapons.AnyPrefixOf(w) || lex.means.contains(w)) && !Licensed(i)) {
            means.push_back(i);
        } else if (lex.fuel.AnyPrefixOf(w)) {
            fuel = i;
        } else if (lex.fire.AnyPrefixOf(w)) {
            fire = i;
        }
    }
    const auto near_plan = [&](std::size_t i, std::size_t before, std::size_t after) {
        for (std::size_t p : plans) {
            if (p == i || tk[p].sentence != tk[i].sentence) continue;
            if ((p < i && i - p <= after) || (p > i && p - i <= before)) return true;
        }
        return false;
    };
    std::optional<std::size_t> evidence;
    // A weapon or a massacre the applicant brings, buys or arranges («приду с ножом»,
    // «устрою резню», «купил топор»), aimed at someone.
    for (std::size_t m : means) {
        if (target && near_plan(m, 2, 7)) {
            evidence = m;
            break;
        }
    }
    // A verb of harm in the applicant's own plan («приду и буду громить»), aimed at someone.
    for (std::size_t h : harms) {
        if (evidence) break;
        const bool own = std::find(plans.begin(), plans.end(), h) != plans.end();
        // «…её уже убить готов» about a program: an infinitive needs a named target.
        // «Эту школу надо взорвать, и я знаю как»: a menace stands for the plan.
        if ((own && (target || object)) ||
            (!own && (named_target || object) && (near_plan(h, 6, 6) || menace))) {
            evidence = h;
        }
    }
    // An outcome named («мало не покажется», «останется без рук») with the applicant's plan or
    // a menace («запомните мои слова»), aimed at someone.
    bool outcome = false;
    for (std::size_t k = 0; k < std::size(kHarmOutcomes) && !outcome; ++k) {
        outcome = Marker(TextMarkers::kOutcome + k) && !OnlyAsked(kHarmOutcomes[k]);
    }
    // Fuel and fire together («солью бензин… чиркну спичкой»), with a plan, or the
    // applicant's own with what will be left («бензин у меня есть, спички найдутся, от мойки
    // одни стены останутся») when the classifier reads a threat too: a warning of a
    // basement's hazard («у нас в подвале хранят бензин… одни стены останутся») is not one.
    const auto own = [&](std::size_t at) {
        for (std::size_t k = 0; k + 1 < tk.size(); ++k) {
            if (tk[k].sentence == tk[at].sentence && tk[k].folded == "у" &&
                tk[k + 1].folded == "меня") {
                return true;
            }
        }
        return false;
    };
    if (!evidence && fuel && fire && target && !plans.empty()) evidence = *fire;
    // Without a plan it is held for a person, not refused.
    bool unplanned_fire = false;
    if (!evidence && fuel && fire && outcome && (own(*fuel) || own(*fire)) &&
        model_.Probability("threat") >= t_.model_threat) {
        evidence = *fire;
        unplanned_fire = true;
    }
    // Fuel the applicant brings to a place or a person («приду в отделение с канистрой
    // бензина»): the plan names the means, the fire is left unsaid.
    if (!evidence && fuel && (target || object) && near_plan(*fuel, 2, 7)) evidence = *fuel;
    bool bomb = false;
    for (std::size_t k = 0; k < std::size(kBombMarkers) && !bomb; ++k) {
        bomb = Marker(TextMarkers::kBomb + k);
    }
    // «У меня есть ружьё, и я умею им пользоваться»: a weapon with a menace needs no target.
    if (!evidence && menace && !means.empty()) evidence = means.front();
    bool direct = false;
    for (std::size_t k = 0; k < std::size(kDirectThreats) && !direct; ++k) {
        direct = Marker(TextMarkers::kDirect + k);
    }
    const bool by_outcome =
        !evidence &&
        ((outcome && foreign_target && !lawful_recourse_ && (!plans.empty() || menace)) ||
         (bomb && (target || object)) ||
         (direct && foreign_target && !lawful_recourse_ &&
          (!a_.text.has_question_mark ||
           Has(a_.token_classes[*foreign_target], WordClass::kAddressee))));
    if (!evidence && !by_outcome) {
        if (reported_harm && !confidence) {
            confidence = Confidence::kLow;
            threat.matches.push_back(a_.text.Match(*reported_harm, *reported_harm,
                                                   tk[*reported_harm].folded,
                                                   "violent_intent_quoted"));
        }
        return;
    }
    confidence =
        (by_outcome && reporting) || unplanned_fire ? Confidence::kMedium : Confidence::kHigh;
    if (evidence) {
        threat.matches.push_back(
            a_.text.Match(*evidence, *evidence, tk[*evidence].folded, "violent_plan"));
    }
    if (!plans.empty()) {
        threat.matches.push_back(
            a_.text.Match(plans.front(), plans.front(), tk[plans.front()].folded, "plan"));
    }
    if (target || object) {
        const std::size_t aim = target ? *target : *object;
        threat.matches.push_back(a_.text.Match(aim, aim, tk[aim].folded, "target"));
    }
}

// The context the threat detectors share: targets, reported sentences, vetoed idioms.
ThreatContext Run::MakeThreatContext(const std::vector<bool>& vetoed) const {
    ThreatContext context;
    context.target.resize(tokens().size());
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        context.target[i] = Has(a_.token_classes[i], WordClass::kThreatTarget) ||
                            Has(a_.token_classes[i], WordClass::kAddressee);
    }
    context.reported.resize(a_.text.sentence_count + 1);
    for (std::size_t s = 0; s < context.reported.size(); ++s) {
        const auto sentence = static_cast<std::uint16_t>(s);
        context.reported[s] =
            Has(a_.sentence_classes[s], WordClass::kReporting) && !CallerVoice(sentence);
    }
    context.vetoed = vetoed;
    context.caller_quotes = input_.channel == "phone";
    return context;
}

// The context of veiled threats. On the phone the operator writes down the caller's words:
// quotes and «сказал» are the caller's own voice unless the sentence names someone else (a
// neighbour, a husband). In writing only a verb of speech makes a sentence reported.
ThreatContext Run::VeiledContext(const std::vector<ThreatHintHit>& hints) const {
    ThreatContext context = MakeThreatContext({});
    context.request = OwnRequest();
    context.named = NamedPeople();
    if (!context.caller_quotes) {
        // Only a verb of speech reports («сказал», «угрожал»); «запомните мои слова» or «я
        // нарисовал план» are the applicant's own.
        static constexpr std::string_view kOwnWords[] = {"слова",     "словами",    "угроза",
                                                         "угрозы",    "угрозами",   "дословно",
                                                         "нарисовал", "нарисовала", "нарисовали"};
        std::fill(context.reported.begin(), context.reported.end(), false);
        for (std::size_t i = 0; i < tokens().size(); ++i) {
            const Token& t = tokens()[i];
            if (t.sentence >= context.reported.size() || InList(t.folded, kOwnWords)) continue;
            if (Has(a_.token_classes[i], WordClass::kReporting) && !CallerVoice(t.sentence)) {
                context.reported[t.sentence] = true;
            }
        }
        return context;
    }
    std::fill(context.reported.begin(), context.reported.end(), false);
    // «Требовал сообщить её домашний адрес» (frozen set 20): «её» owns what follows, nobody is
    // a victim in the caller's words.
    static constexpr std::string_view kPossessed[] = {"домашн", "адрес", "телефон", "квартир",
                                                      "машин"};
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        const Token& u = tokens()[i];
        if (u.quoted || u.sentence >= context.reported.size()) continue;
        const bool owner = i + 1 < tokens().size() && tokens()[i + 1].sentence == u.sentence &&
                           StartsWithAny(tokens()[i + 1].folded, kPossessed);
        // «Знает, в какое время её забирает бабушка» (frozen set 22): the one watched, not
        // someone the caller reports harmed.
        const bool watched = std::any_of(hints.begin(), hints.end(), [&](const ThreatHintHit& h) {
            return h.hint == ThreatHint::kSurveillance && h.first <= i && i <= h.last + 3 &&
                   tokens()[h.first].sentence == u.sentence;
        });
        if (StartsWithAny(u.folded, kThirdParties) ||
            (InList(u.folded, kVictimPronouns) && !owner && !watched)) {
            context.reported[u.sentence] = true;
        }
    }
    return context;
}

// People named in the text (frozen set 14): a name beside its patronymic («Ольга
// Сергеевна», «Сергеевне»), or a surname by its ending that the dictionary does not know as
// a word («Сафронов», «Рябову»; not «Магазин», «Готов»).
std::vector<bool> Run::NamedPeople() const {
    static constexpr std::string_view kPatronymic[] = {"вна", "вны",  "вне",  "вну",   "вной",
                                                       "вич", "вича", "вичу", "вичем", "чна",
                                                       "чны", "чне",  "чну",  "чной"};
    static constexpr std::string_view kSurname[] = {
        "ов",   "ев",    "ин",   "ын",   "ова",  "ева",  "ина",  "ына",  "ову",
        "еву",  "ину",   "овым", "евым", "иным", "овой", "евой", "иной", "ский",
        "ская", "ского", "ской", "цкий", "цкая", "енко", "чук"};
    const auto& tk = tokens();
    const auto capital = [&](std::size_t i) {
        return tk[i].upper_initial && !tk[i].all_upper && tk[i].script == Script::kCyrillic &&
               tk[i].letters >= 3 && !tk[i].technical;
    };
    const auto ends = [](std::string_view w, std::span<const std::string_view> tails) {
        return std::any_of(tails.begin(), tails.end(),
                           [&](std::string_view tail) { return w.ends_with(tail); });
    };
    const auto patronymic = [&](std::size_t i) {
        return capital(i) && tk[i].letters >= 6 && ends(tk[i].folded, kPatronymic);
    };
    const RussianWords* words = state_.lexicons->russian_words();
    std::vector<bool> named(tk.size(), false);
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!capital(i)) continue;
        const bool before_patronymic =
            i + 1 < tk.size() && tk[i + 1].sentence == tk[i].sentence && patronymic(i + 1);
        named[i] =
            patronymic(i) || before_patronymic ||
            (words != nullptr && ends(tk[i].folded, kSurname) && !words->Known(tk[i].folded));
    }
    return named;
}

// The applicant's own request: «прошу», «помогите» or a plural imperative («поставьте
// забор»), not an imperative of menace («решайте сами», «ждите»).
bool Run::OwnRequest() const {
    static constexpr std::string_view kAsk[] = {"прошу", "просим", "пожалуйста", "просьба"};
    static constexpr std::string_view kMenacing[] = {
        "решайте",    "думайте",    "подумайте",     "берегитесь", "берегите",  "ждите",
        "готовьтесь", "молитесь",   "прощайтесь",    "запомните",  "помяните",  "попомните",
        "смотрите",   "посмотрите", "оглядывайтесь", "пеняйте",    "передайте", "учтите",
        "знайте",     "проверьте",  "загляните"};
    static constexpr std::string_view kCourtesy[] = {"здравствуйте", "извините", "простите"};
    for (const Token& t : tokens()) {
        if (t.quoted || t.script != Script::kCyrillic) continue;
        const std::string_view w = t.folded;
        if (InList(w, kAsk)) return true;
        const bool after_subject =
            &t != &tokens().front() && ((&t - 1)->folded == "вы" || (&t - 1)->folded == "не");
        // «Здравствуйте», «извините» greet and excuse: no request (frozen set 18).
        if ((w.ends_with("ите") || w.ends_with("йте") || w.ends_with("ьте")) && t.letters > 4 &&
            !after_subject && !InList(w, kMenacing) && !InList(w, kCourtesy)) {
            return true;
        }
    }
    return false;
}

// A threat told as hints (threat_detector.hpp, issue 15). Hints also come in lawful letters
// (a former blaster, a hunting rifle, «запомните эту дату»), and on the first set nobody tuned
// on, holding every veiled threat held one admissible appeal. So hints of two classes are
// flagged for the supervisor; a person decides to hold only when three classes of hint
// combine (menace, surveillance, means, harm, the staff's family…) or staff are watched.
void Run::VeiledPlan(Evidence& threat, std::optional<Confidence>& confidence,
                     const std::vector<ThreatHintHit>& hints) {
    // A person's comings and goings told by the clock are watching too (routine_watch.hpp);
    // the context (the dictionary's look-ups of names) only when a time is told or hints came.
    if (hints.empty() && !TellsTimeOfDay(a_.text)) return;
    const ThreatContext context = VeiledContext(hints);
    std::vector<ThreatHintHit> cues = FindRoutineWatch(a_.text, context);
    const std::vector<ThreatHintHit> skills = FindOwnSkill(a_.text, context);
    cues.insert(cues.end(), skills.begin(), skills.end());
    if (hints.empty() && cues.empty()) return;
    cues.insert(cues.begin(), hints.begin(), hints.end());
    const std::optional<VeiledThreat> found = FindVeiledThreat(a_.text, context, cues);
    if (!found) return;
    std::vector<ThreatHint> classes;
    for (const ThreatHintHit& cue : found->cues) {
        if (std::find(classes.begin(), classes.end(), cue.hint) == classes.end()) {
            classes.push_back(cue.hint);
        }
    }
    // A warning of a hazard or a shortcoming (a rotten tree, old wiring, guards asleep)
    // names a menace, a harm or what the applicant saw, but asks for a repair or asks a
    // question; an intimidation asks nothing, or brings a weapon, fuel or a formula that
    // menaces by itself. Only the former stays a flag.
    const auto has = [&](ThreatHint h) {
        return std::find(classes.begin(), classes.end(), h) != classes.end();
    };
    const bool hazard_warning = found->asks && !has(ThreatHint::kStrongMenace) &&
                                !has(ThreatHint::kMeans) && !has(ThreatHint::kSkill) &&
                                found->kind != "private_life" && !found->family_watched;
    const bool strong = !hazard_warning;
    confidence = strong ? Confidence::kMedium : Confidence::kLow;
    veiled_ = true;
    skilled_ = has(ThreatHint::kSkill);
    for (const ThreatHintHit& cue : found->cues) {
        threat.matches.push_back(
            a_.text.Match(cue.first, cue.last, tokens()[cue.first].folded, found->kind));
    }
}

// A plan of violence by its structure (threat_detector.hpp): harm, target and intent in one
// clause of the applicant's own voice.
void Run::StructuralPlan(Evidence& threat, std::optional<Confidence>& confidence,
                         const std::vector<bool>& vetoed) {
    const ThreatContext context = MakeThreatContext(vetoed);
    const std::optional<triage::StructuralThreat> found = FindStructuralThreat(a_.text, context);
    if (!found) return;
    if (!confidence || *confidence < found->confidence) confidence = found->confidence;
    // An idiom of menace aimed at someone («вы доиграетесь») is a threat told without a
    // plan, as hints tell one.
    if (found->kind == "veiled_threat") veiled_ = true;
    const auto& tk = tokens();
    threat.matches.push_back(
        a_.text.Match(found->harm, found->harm, tk[found->harm].folded, found->kind));
    if (found->agent && *found->agent != found->harm) {
        threat.matches.push_back(
            a_.text.Match(*found->agent, *found->agent, tk[*found->agent].folded, "plan"));
    }
    if (found->target) {
        threat.matches.push_back(
            a_.text.Match(*found->target, *found->target, tk[*found->target].folded, "target"));
    }
}

}  // namespace otklik::triage::rules
