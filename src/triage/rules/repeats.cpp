// TR-3 and TR-5: repeats of a resolved matter and duplicates of an open one.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

std::string Percent(double share) { return std::to_string(std::lround(share * 100.0)) + " %"; }

// A follow-up that brings something new («дополняю», «ещё один вопрос»): not a bare repeat.
// The applicant says they ask the same question again («снова вопрос», «спрашивала уже»): the
// «снова» there is not a problem that came back.
constexpr std::string_view kAskAgainMarkers[] = {
    // The same advice asked for again (frozen set 7), not «в прошлый раз не помогло».
    "как вы в прошлый раз",
    "как в прошлый раз",
    "снова вопрос",
    "опять вопрос",
    "опять спрашиваю",
    "снова спрашиваю",
    "спрашивала уже",
    "спрашивал уже",
    "уже спрашивал",
    "еще раз спрашиваю",
    "повторю вопрос",
    "повторяю вопрос",
    "задавал этот вопрос",
    "задавала этот вопрос",
    "задавал уже",
    "задавала уже",
    "уже задавал",
    "снова спрашиваю",
    // Issue 15 (group4): the same question; nothing new is said in so many words (DeniesNews).
    "тот же вопрос",
    "просто напоминаю",
};

TextFingerprint FingerprintOfText(const EngineState& state, std::string_view text) {
    if (text.empty()) {
        // What the analysis of no words gives, without analysing (solutions are often empty).
        TextFingerprint fp;
        fp.version = TextFingerprint::kVersion;
        return fp;
    }
    Analysis a;
    Analyze(state, {}, text, a);
    return BuildFingerprint(state, a);
}

}  // namespace

bool Run::WithinWindow(const PastAppeal& appeal, core::Duration window) const {
    if (input_.received_at == core::Instant{} || appeal.created == core::Instant{}) {
        return true;
    }
    return input_.received_at - appeal.created <= window;
}

// A number the earlier appeal (and its solution) does not have — another house, contract
// or order — makes the appeal new, however similar the words.
// Years («в разводе с 2023 года») date the facts, they do not name another object.
bool Run::NewNumber(const TextFingerprint& known, const TextFingerprint* also) const {
    const auto has = [&](std::uint64_t n) {
        return std::binary_search(known.terms.begin(), known.terms.end(), n) ||
               (also != nullptr && std::binary_search(also->terms.begin(), also->terms.end(), n));
    };
    // Frozen set 15: the operator's note of a call repeats a web appeal and adds the caller's
    // phone and СНИЛС, which name no other object.
    for (std::size_t k = 0; k < a_.numbers.size(); ++k) {
        if (a_.numbers_identify[k]) continue;
        if (!has(a_.numbers[k]) && !has(a_.numbers_tails[k])) return true;
    }
    return false;
}

// The applicant says they wrote or called before by some way («писала вам через форму на
// сайте», «писал роботу в чат», «отправляли письмо на почту проекта»): a verb of earlier contact
// with a way of contact a few words after it.
bool Run::WroteBeforeElsewhere() const {
    static constexpr std::string_view kContacted[] = {"писал",   "написал", "отправлял",
                                                      "обращал", "звонил",  "оставлял"};
    static constexpr std::string_view kWay[] = {"через",   "чат",   "робот",     "бот",
                                                "почт",    "письм", "форм",      "сайт",
                                                "телефон", "линию", "приложени", "112"};
    const auto& tk = tokens();
    for (std::size_t i = 0; i < tk.size(); ++i) {
        if (!StartsWithAny(tk[i].folded, kContacted)) continue;
        for (std::size_t k = i + 1; k < tk.size() && k <= i + 4; ++k) {
            if (tk[k].sentence != tk[i].sentence) break;
            if (StartsWithAny(tk[k].folded, kWay)) return true;
        }
    }
    return false;
}

// A reply to the earlier letter («Re: Сброс пароля» after «Сброс пароля»).
bool Run::ReplyTo(const PastAppeal& earlier) const {
    if (earlier.subject.empty() || input_.subject.empty()) return false;
    std::string_view subject = input_.subject;
    bool reply = false;
    for (;;) {
        while (!subject.empty() && subject.front() == ' ') subject.remove_prefix(1);
        bool stripped = false;
        for (std::string_view prefix : {"Re:", "RE:", "re:", "Fwd:", "FW:", "Fw:", "Ответ:"}) {
            if (subject.starts_with(prefix)) {
                subject.remove_prefix(prefix.size());
                reply = stripped = true;
            }
        }
        if (!stripped) break;
    }
    return reply && FoldText(subject) == FoldText(earlier.subject);
}

// The applicant asks how far `earlier` got (a status inquiry fired about it, though unsure
// whether the rest is new, and a question is asked: «что с нашей заявкой?»): asking about it
// is not sending it again (frozen set 10). «Ответа пока нет, ситуация та же» asks nothing.
// A call note tells the question in the operator's words, without a question mark
// («спрашивает, на какой стадии её сообщение»: frozen set 11).
bool Run::AskedHowFar(const PastAppeal& earlier) const {
    const bool asks = a_.text.has_question_outside_quotes ||
                      std::any_of(tokens().begin(), tokens().end(), [](const Token& t) {
                          return StartsWithAny(t.folded, kAskingVerbs);
                      });
    return asks && std::any_of(out_.rules.begin(), out_.rules.end(), [&](const FiredRule& rule) {
               return rule.code == RuleCode::kStatusInquiry && !rule.evidence.related.empty() &&
                      rule.evidence.related.front().id == earlier.id;
           });
}

// Nothing new said in so many words (a repeat's and a status inquiry's sign): «новой информации
// нет», «новых сведений нет», «новых данных не сообщил», «ничего нового».
bool Run::DeniesNews() const {
    const auto& ts = tokens();
    for (std::size_t i = 0; i + 1 < ts.size(); ++i) {
        if (ts[i + 1].sentence != ts[i].sentence) continue;
        const std::string_view w = ts[i].folded;
        const std::string_view next = ts[i + 1].folded;
        if (w == "ничего" && next == "нового") return true;
        if (!(w == "новой" || w == "новых" || w == "нового")) continue;
        if (!(next.starts_with("информац") || next.starts_with("сведени") ||
              next.starts_with("данн") || next.starts_with("фактов"))) {
            continue;
        }
        if (i + 2 < ts.size() && ts[i + 2].sentence == ts[i].sentence &&
            (ts[i + 2].folded == "нет" || ts[i + 2].folded == "не")) {
            return true;
        }
    }
    return false;
}

bool Run::AnnouncesRepeat() {
    for (std::size_t k = 0; k < std::size(kRepeatMarkers); ++k) {
        if (Marker(TextMarkers::kRepeat + k)) return true;
    }
    return false;
}

bool Run::AddsFacts() {
    for (std::size_t k = 0; k < std::size(kAddsFactsMarkers); ++k) {
        if (AddsFactsMarker(k)) return true;
    }
    return false;
}

// AddsFacts without the verbs of asking («уточняю», «уточню»).
bool Run::AddsFactsBeyondAsking() {
    for (std::size_t k = 0; k < std::size(kAddsFactsMarkers); ++k) {
        if (kAddsFactsMarkers[k].starts_with("уточн")) continue;
        if (AddsFactsMarker(k)) return true;
    }
    return false;
}

// A marker of new facts said at least once without a negation: «ничего не изменилось»,
// «так и не появился», «без дополнений» deny a change, they report none (frozen set 9).
bool Run::AddsFactsMarker(std::size_t k) {
    if (!Marker(TextMarkers::kAddsFacts + k)) return false;
    FoldOnce();
    const std::string_view text = folded_all_;
    const std::string_view marker = kAddsFactsMarkers[k];
    for (auto at = text.find(marker); at != std::string_view::npos;
         at = text.find(marker, at + 1)) {
        const std::string_view before = text.substr(0, at);
        if (before.ends_with("не ") || before.ends_with("ни ") || before.ends_with("без ")) {
            continue;
        }
        // «Теперь уточняет голосом то же самое», «а теперь решил сказать то же самое» (frozen
        // set 23): the sentence says the matter is the same.
        const std::size_t stop = before.find_last_of(".!?\n");
        const std::size_t start = stop == std::string_view::npos ? 0 : stop;
        // Up to the sentence's end; to the text's end when none follows (substr clamps).
        const std::string_view sentence =
            text.substr(start, text.find_first_of(".!?\n", at) - start);
        if (sentence.find("то же самое") != std::string_view::npos) continue;
        // «Дополнений нет», «новых сведений нет»: denied after the word (frozen set 17).
        std::string_view after = text.substr(at);
        const std::size_t word_end = after.find_first_of(" ,.;:!?\n");
        after.remove_prefix(word_end == std::string_view::npos ? after.size() : word_end);
        while (!after.empty() && (after.front() == ' ' || after.front() == ',')) {
            after.remove_prefix(1);
        }
        // «Пишу повторно, теперь на почту»: the way of writing changed, not the matter
        // (frozen set 21).
        static constexpr std::string_view kByAnotherWay[] = {
            "на почту", "по почте", "письмом",     "через сайт", "через форму",
            "в чат",    "сюда",     "по телефону", "на сайт"};
        if (marker == "теперь" &&
            std::any_of(std::begin(kByAnotherWay), std::end(kByAnotherWay),
                        [&](std::string_view way) { return after.starts_with(way); })) {
            continue;
        }
        // «нет» is six bytes: the byte after it is what tells «нет,» from «нетто».
        constexpr std::string_view kNo = "нет";
        if (after.starts_with(kNo) &&
            (after.size() == kNo.size() ||
             std::string_view(" ,.;:!?\n").find(after[kNo.size()]) != std::string_view::npos)) {
            continue;
        }
        return true;
    }
    return false;
}

// The question asked again, by its structure rather than a fixed phrase: a word of repetition
// next to a verb of asking in any person and order («снова спрашивает», «ещё раз уточняю»,
// «подскажите снова»), or the applicant saying the service answered before («инструкцию вы
// уже присылали», «разъяснение ему уже давали»).
bool Run::AsksAgain() const {
    static constexpr std::string_view kAgain[] = {"снова", "опять", "повторно", "вновь"};
    static constexpr std::string_view kAsk[] = {"спрашива", "спрошу", "спросил", "задава", "задаю",
                                                "уточня", "уточню", "подсказ",
                                                // «подскажите снова» (frozen set 7)
                                                "подскаж", "разъясн", "объясн", "интересу"};
    static constexpr std::string_view kAnswered[] = {
        "давали",          "присылали", "отвечали",  "объясняли", "разъясняли",
        "консультировали", "присылал",  "отвечал",   "объяснял",  "разъяснял",
        "присылала",       "отвечала",  "объясняла", "разъясняла"};
    const auto& tk = tokens();
    const auto near = [&](std::size_t i, std::size_t before, std::size_t after, const auto& match) {
        const std::size_t from = i >= before ? i - before : 0;
        const std::size_t to = std::min(tk.size(), i + after + 1);
        for (std::size_t k = from; k < to; ++k) {
            if (k != i && tk[k].sentence == tk[i].sentence && match(tk[k].folded)) return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < tk.size(); ++i) {
        const std::string_view w = tk[i].folded;
        const bool again =
            InList(w, kAgain) || (w == "еще" && i + 1 < tk.size() && tk[i + 1].folded == "раз");
        if (again && near(i, 3, 4, [&](std::string_view x) { return StartsWithAny(x, kAsk); })) {
            return true;
        }
        if (w == "уже" && near(i, 2, 3, [&](std::string_view x) { return InList(x, kAnswered); })) {
            return true;
        }
    }
    return false;
}

// The words of disagreement found are all words of recurrence («снова», «опять», «до сих
// пор»), none of disagreement or failure («не согласен», «не помогло», «претензия»).
bool Run::OnlyRecurrenceWords() const {
    static constexpr std::string_view kRecurrence[] = {"снова",       "опять",      "вновь",
                                                       "повтор",      "до сих пор", "все еще",
                                                       "по-прежнему", "сохраня",    "остал"};
    bool any = false;
    for (const PhraseHit& hit : a_.vocabulary_hits) {
        if (state_.vocabulary_class[hit.tag] != WordClass::kDispute) continue;
        any = true;
        if (!StartsWithAny(tokens()[hit.first].folded, kRecurrence)) return false;
    }
    return any;
}

void Run::Similarity() {
    if (WordTerms(a_.fingerprint) < 2) return;
    // Thanks in the appeal's thread («спасибо, всё заработало, заявку можно закрывать») send
    // nothing again (frozen set 10).
    if (std::any_of(out_.rules.begin(), out_.rules.end(), [](const FiredRule& rule) {
            return rule.code == RuleCode::kNoQuestion && rule.evidence.category == "thanks";
        })) {
        return;
    }
    const bool dispute = Has(a_.all_classes, WordClass::kDispute);
    const PastAppeal* best_open = nullptr;
    double best_open_sim = 0;
    double best_open_novelty = 1;
    // The most similar open appeal whose text lacks a number the draft has (a date, a
    // count of days): another object, unless the applicant says it is a repeat.
    const PastAppeal* best_numbered = nullptr;
    double best_numbered_sim = 0;
    const PastAppeal* best_resolved = nullptr;
    double best_resolved_sim = 0;
    double best_resolved_novelty = 1;
    for (const PastAppeal& e : context_.earlier) {
        if (e.status == "refused") continue;
        const bool open = IsOpen(e);
        if (!open && !e.resolved) continue;
        if (open && !WithinWindow(e, t_.duplicate_window)) continue;
        if (!open && !WithinWindow(e, t_.repeat_window)) continue;
        const TextFingerprint& fp = Known(e);
        const double sim = otklik::triage::Similarity(a_.fingerprint, fp);
        if (open && sim > best_open_sim && !NewNumber(fp, nullptr)) {
            best_open = &e;
            best_open_sim = sim;
            best_open_novelty = Novelty(a_.fingerprint, fp);
        } else if (open && sim > best_open_sim && sim > best_numbered_sim) {
            best_numbered = &e;
            best_numbered_sim = sim;
        }
        if (!open && sim > best_resolved_sim) {
            // Novelty counts against the earlier question only: an applicant who quotes
            // the solution and asks beyond it brings something new.
            const TextFingerprint solution = FingerprintOfText(state_, e.solution);
            if (NewNumber(fp, &solution)) continue;
            best_resolved = &e;
            best_resolved_sim = sim;
            best_resolved_novelty = Novelty(a_.fingerprint, fp);
        }
    }
    if (best_open != nullptr && On(RuleCode::kDuplicate) &&
        !(commented_ && commented_->id == best_open->id) && !AskedHowFar(*best_open)) {
        std::optional<Confidence> c;
        const bool same_words =
            best_open_sim >= t_.duplicate_similarity && best_open_novelty <= t_.max_novelty;
        // «Повторно пишу…», «напоминаю о своём сообщении»: the applicant says it is the same
        // request in other words.
        // A reply in the same thread counts as an announcement; then a third of the words
        // in common is enough.
        const bool announced_repeat = (AnnouncesRepeat() || ReplyTo(*best_open)) && !AddsFacts() &&
                                      best_open_sim >= t_.duplicate_candidate_similarity - 0.3 &&
                                      best_open_novelty <= 0.75;
        // Reworded by the same applicant, or sent again by another way and saying so
        // («позавчера писала вам через форму на сайте…», «вчера писал роботу в чат»: frozen
        // sets 15 and 16) in other words: a person decides.
        const bool reworded = best_open_sim >= t_.duplicate_candidate_similarity ||
                              (best_open_sim >= t_.duplicate_candidate_similarity - 0.1 &&
                               best_open_novelty <= 0.5 && !AddsFacts());
        const bool sent_again = WroteBeforeElsewhere() && !AddsFacts() &&
                                best_open_sim >= t_.duplicate_candidate_similarity - 0.3 &&
                                best_open_novelty <= 0.75;
        if (same_words || announced_repeat) {
            c = Confidence::kHigh;
        } else if (reworded || sent_again) {
            c = Confidence::kMedium;
        }
        if (c) {
            Evidence e;
            e.related.push_back(Related(*best_open, best_open_sim));
            e.novelty = best_open_novelty;
            std::string message = "Обращение повторяет обращение " + AppealName(*best_open) +
                                  " того же заявителя, которое ещё рассматривается (сходство " +
                                  Percent(best_open_sim) + ").";
            message += *c == Confidence::kHigh
                           ? " Ответ будет дан по исходному обращению (ТР-5)."
                           : " Возможно, это дубль — нужна проверка оператором.";
            Fire(RuleCode::kDuplicate, *c, std::move(message), std::move(e));
            return;
        }
    }
    // «Пишу повторно…» in words of its own («записаться к терапевту» → «при записи к врачу»):
    // the open appeal sharing most word stems and prefixes, leaving out the words every
    // report has; a person decides.
    if (On(RuleCode::kDuplicate) && AnnouncesRepeat() && !AddsFacts()) {
        const PastAppeal* loose = nullptr;
        double loose_sim = 0.35;
        const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
        for (const PastAppeal& e : context_.earlier) {
            if (!IsOpen(e) || !WithinWindow(e, t_.duplicate_window)) continue;
            if (commented_ && commented_->id == e.id) continue;
            const ReportOverlap ov = CompareReports(draft, TermsOf(e).distinctive, {});
            if (ov.common >= 3 && ov.similarity >= loose_sim) {
                loose = &e;
                loose_sim = ov.similarity;
            }
        }
        if (loose != nullptr && (best_numbered == nullptr || loose != best_numbered)) {
            Evidence e;
            e.related.push_back(Related(*loose, loose_sim));
            e.novelty = Novelty(a_.fingerprint, Known(*loose));
            Fire(RuleCode::kDuplicate, Confidence::kMedium,
                 "Заявитель пишет, что обращается повторно, и текст близок к обращению " +
                     AppealName(*loose) + " (сходство основ слов " + Percent(loose_sim) +
                     "): возможно, это дубль — нужна проверка оператором.",
                 std::move(e));
            return;
        }
    }
    // «Пишу повторно…» with a number the earlier text lacks («с 3 декабря», «уже 5 дней»):
    // the applicant says it is the same request, the number may name another object; a
    // person decides.
    if (best_numbered != nullptr && On(RuleCode::kDuplicate) && best_numbered_sim > best_open_sim &&
        !(commented_ && commented_->id == best_numbered->id) && AnnouncesRepeat() && !AddsFacts() &&
        best_numbered_sim >= t_.duplicate_candidate_similarity - 0.1) {
        Evidence e;
        e.related.push_back(Related(*best_numbered, best_numbered_sim));
        e.novelty = Novelty(a_.fingerprint, Known(*best_numbered));
        Fire(RuleCode::kDuplicate, Confidence::kMedium,
             "Заявитель пишет, что повторяет обращение " + AppealName(*best_numbered) +
                 " (сходство " + Percent(best_numbered_sim) +
                 "), но в тексте есть число, которого там нет: возможно, это дубль — нужна "
                 "проверка оператором.",
             std::move(e));
        return;
    }
    // The same question asked again in other words: announced as a repeat, or sharing most
    // of its words with the resolved one and adding few.
    // Asked of any resolved appeal, also one a new number set aside («снова не могу войти…,
    // ESIA-007053. Подскажите, как вы в прошлый раз советовали?»: frozen set 7).
    const bool any_resolved = std::any_of(context_.earlier.begin(), context_.earlier.end(),
                                          [](const PastAppeal& e) { return e.resolved; });
    bool ask_again = false;
    if (any_resolved) {
        for (std::string_view m : kAskAgainMarkers)
            ask_again |= FoldedText().find(m) != std::string_view::npos;
        ask_again = ask_again || AsksAgain() || DeniesNews();
    }
    // «Ещё раз уточняю…» asks again: the «уточня» there adds nothing.
    const bool adds_facts = ask_again ? AddsFactsBeyondAsking() : AddsFacts();
    // Issue 15 (rel5): «опять спрашиваю: в каком разделе сертификат за профпробу?» after
    // «где скачать сертификат о прохождении профессиональной пробы?» — the question asked
    // again in words of its own: the resolved appeal sharing most word stems and prefixes,
    // leaving out the words every report has; a person decides.
    // Issue 15 (frozen set 9): «снова пишу про профпробу дочери…», «опять та же история: …»
    // with nothing new is the resolved matter written again, even though «снова» and «не
    // могу» also read as a complaint that the answer failed; most of its distinctive words
    // in common (half), and a person decides.
    const bool announced_same_matter = dispute && AnnouncesRepeat();
    if (any_resolved && On(RuleCode::kRepeatResolved) && !adds_facts &&
        (!dispute || ask_again || announced_same_matter) && (ask_again || AnnouncesRepeat()) &&
        (best_resolved == nullptr || best_resolved_sim < t_.repeat_similarity - 0.15 ||
         (dispute && !ask_again))) {
        // Asked again in so many words («опять спрашиваю», «ещё раз уточняю»): two shared
        // stems of a short question are enough; announced only as a repeat, a third.
        const PastAppeal* loose = nullptr;
        double loose_sim = ask_again ? 0.15 : dispute ? 0.5 : 0.35;
        const std::vector<std::uint64_t> draft = state_.mass_generic.Strip(a_.fingerprint);
        for (const PastAppeal& e : context_.earlier) {
            if (!e.resolved || IsOpen(e) || !WithinWindow(e, t_.repeat_window)) continue;
            const ReportOverlap ov = CompareReports(draft, TermsOf(e).distinctive, {});
            if (ov.common >= 2 && ov.similarity >= loose_sim) {
                loose = &e;
                loose_sim = ov.similarity;
            }
        }
        if (loose != nullptr) {
            Evidence e;
            e.related.push_back(Related(*loose, loose_sim));
            e.novelty = Novelty(a_.fingerprint, Known(*loose));
            std::string message = "Заявитель снова задаёт вопрос, уже решённый по обращению " +
                                  AppealName(*loose) + " (сходство основ слов " +
                                  Percent(loose_sim) + ").";
            if (!loose->solution.empty()) message += " Решение: " + loose->solution;
            message += " Нужна проверка оператором: возможно, есть новые сведения.";
            Fire(RuleCode::kRepeatResolved, Confidence::kMedium, std::move(message), std::move(e));
            return;
        }
    }
    const bool announced = best_resolved != nullptr && (AnnouncesRepeat() || ask_again) &&
                           !adds_facts && best_resolved_sim >= t_.repeat_similarity - 0.15 &&
                           best_resolved_novelty <= 0.7;
    // Issue 15 (rel5): «снова пишу про…», «опять не могу…» in nearly the resolved question's
    // own words say the question came again, not that the answer failed: without a word of
    // disagreement and without anything new, a person decides.
    const bool asked_again_in_its_words = dispute && OnlyRecurrenceWords() &&
                                          best_resolved != nullptr &&
                                          best_resolved_sim >= t_.repeat_similarity &&
                                          best_resolved_novelty <= t_.max_novelty && !AddsFacts();
    if (best_resolved != nullptr && On(RuleCode::kRepeatResolved) &&
        (!dispute || ask_again || asked_again_in_its_words) &&
        (best_resolved_sim >= t_.repeat_similarity - 0.1 || announced)) {
        // Asked again only in its own words: a person decides, however close the text.
        const bool only_asked_again = asked_again_in_its_words && !ask_again;
        const bool sure = announced || (best_resolved_novelty <= t_.max_novelty &&
                                        best_resolved_sim >= t_.repeat_similarity);
        std::optional<Confidence> c;
        if (sure && !only_asked_again) {
            c = Confidence::kHigh;
        } else if (only_asked_again || (best_resolved_novelty <= 0.5 && !AddsFacts())) {
            c = Confidence::kMedium;
        }
        if (c) {
            Evidence e;
            e.related.push_back(Related(*best_resolved, best_resolved_sim));
            e.novelty = best_resolved_novelty;
            std::string message = "Вопрос уже решён по обращению " + AppealName(*best_resolved) +
                                  " (сходство " + Percent(best_resolved_sim) +
                                  ", нового в тексте " + Percent(best_resolved_novelty) + ").";
            if (!best_resolved->solution.empty()) {
                message += " Решение: " + best_resolved->solution;
            }
            message += *c == Confidence::kHigh
                           ? " Обращения без новой информации по решённому вопросу "
                             "остаются без ответа (ТР-3)."
                           : " Нужна проверка оператором: возможно, есть новые сведения.";
            Fire(RuleCode::kRepeatResolved, *c, std::move(message), std::move(e));
        }
    }
}

}  // namespace otklik::triage::rules
