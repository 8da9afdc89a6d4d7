// The run of one appeal through the rules: their order, actions and shared lookups.

#include "triage/rules/run.hpp"

namespace otklik::triage::rules {

namespace {

RuleAction Harsher(RuleAction a, RuleAction b) { return a > b ? a : b; }

Decision ToDecision(RuleAction action) {
    switch (action) {
        case RuleAction::kOff:
            return Decision::kAccept;
        case RuleAction::kFlag:
            return Decision::kFlag;
        case RuleAction::kComment:
            return Decision::kComment;
        case RuleAction::kHold:
            return Decision::kHold;
        case RuleAction::kReturn:
            return Decision::kReturn;
        case RuleAction::kRefuse:
            return Decision::kRefuse;
    }
    return Decision::kAccept;
}

}  // namespace

TriageOutcome Run::Execute() {
    if (On(RuleCode::kForeignLanguage)) ForeignLanguage();
    if (On(RuleCode::kObsceneLanguage) || On(RuleCode::kInsult)) Abuse();
    if (On(RuleCode::kThreat)) Threats();
    if (On(RuleCode::kNoQuestion)) NoQuestion();
    // A machine letter (auto-reply, bounce, spam) is refused as such, whatever its language.
    if (machine_letter_) {
        std::erase_if(out_.rules, [](const FiredRule& rule) {
            return rule.code == RuleCode::kForeignLanguage;
        });
    }
    // Status inquiry before duplicates: an inquiry that restates the problem comments on
    // the original instead of being refused as its duplicate.
    if (On(RuleCode::kStatusInquiry)) StatusInquiry();
    if (On(RuleCode::kRepeatResolved) || On(RuleCode::kDuplicate)) Similarity();
    if (On(RuleCode::kAnonymous)) Anonymous();
    if (On(RuleCode::kMisdirected)) Misdirected();
    if (On(RuleCode::kMassIncident)) MassIncident();
    if (On(RuleCode::kMissingFields)) MissingFields();
    if (On(RuleCode::kNotCovered)) NotCovered();
    if (misdirected_unnamed_ &&
        std::none_of(out_.rules.begin(), out_.rules.end(),
                     [](const FiredRule& rule) { return rule.action >= RuleAction::kComment; })) {
        MisdirectedByModel();
    }
    Classify();
    std::stable_sort(out_.rules.begin(), out_.rules.end(),
                     [](const FiredRule& x, const FiredRule& y) { return x.code < y.code; });
    RuleAction harshest = RuleAction::kOff;
    for (const FiredRule& rule : out_.rules) harshest = Harsher(harshest, rule.action);
    out_.decision = ToDecision(harshest);
    if (out_.decision != Decision::kComment) out_.comment_on.reset();
    out_.fingerprint = std::move(a_.fingerprint);
    return std::move(out_);
}

RuleAction Run::ActionFor(RuleCode code, Confidence confidence) const {
    const RulePolicy& p = policy_.For(code);
    switch (confidence) {
        case Confidence::kHigh:
            return p.action;
        case Confidence::kMedium:
            return p.uncertain_action;
        case Confidence::kLow:
            return std::min(p.action, RuleAction::kFlag);
    }
    return RuleAction::kOff;
}

void Run::Fire(RuleCode code, Confidence confidence, std::string message, Evidence evidence,
               std::optional<RuleAction> action_override) {
    const RuleAction action = action_override ? *action_override : ActionFor(code, confidence);
    if (action == RuleAction::kOff) return;
    out_.rules.push_back(
        FiredRule{code, confidence, action, std::move(message), std::move(evidence)});
}

// The text classifier as a second opinion (docs/decisions/0009-triage-text-model.md): when
// the appeal reaches `threshold` for `label`, its strongest sentence leads the evidence.
// A guess adds nothing to an appeal another rule already refuses (an obscenity).
// The appeal is judged with and without its subject; with `part_threshold`, one of its
// paragraphs reaching that counts too, once the whole appeal is not all but cleared; with
// `postscript_threshold`, a postscript reaching that counts whatever the whole scores.
// A word or two («Привет», «Тест», a run of one letter) gives the classifier nothing to weigh:
// its subwords alone can land anywhere.
bool Run::WordsForModel() const {
    constexpr std::size_t kModelMinWords = 3;
    std::size_t words = 0;
    for (const Token& t : tokens()) {
        if (!t.technical && t.letters > 1 && ++words == kModelMinWords) return true;
    }
    return false;
}

bool Run::ByModel(std::string_view label, double threshold, Evidence& evidence,
                  std::optional<double> part_threshold,
                  std::optional<double> postscript_threshold) {
    if (std::any_of(out_.rules.begin(), out_.rules.end(),
                    [](const FiredRule& rule) { return rule.action == RuleAction::kRefuse; })) {
        return false;
    }
    if (!WordsForModel()) return false;
    // Below `model_threat_clears` the classifier all but rules the label out: the text
    // without its subject is not asked (one classification spared on most appeals).
    double whole = model_.Probability(label);
    if (whole < threshold && whole >= t_.model_threat_clears) {
        whole = std::max(whole, model_.TextProbability(label));
    }
    // One paragraph alone is asked only when the whole appeal leaves the label possible: a
    // short paragraph of a lawful letter can score anything (frozen set 12: a forwarded
    // letter's note «Таня, перешли это в техподдержку, пусть посмотрят» read as a threat,
    // the whole letter 0.005).
    // A postscript is asked whatever the whole letter scores: it is a message of its own.
    if (whole < threshold &&
        !(part_threshold && whole >= t_.model_threat_clears &&
          model_.PartProbability(label) >= *part_threshold) &&
        !(postscript_threshold && model_.PostscriptProbability(label) >= *postscript_threshold)) {
        return false;
    }
    auto sentence = model_.Evidence(label);
    if (!sentence) return false;
    evidence.matches.insert(evidence.matches.begin(), std::move(*sentence));
    return true;
}

// «Обращение похоже на угрозу (оценка модели … 0,62): «sentence». …»: for the operator,
// with the decimal comma and the sentence ByModel put first in the evidence.
std::string Run::ModelMessage(std::string_view what, std::string_view label,
                              const Evidence& evidence) {
    char figure[16];
    std::snprintf(figure, sizeof figure, "%.2f", model_.Strongest(label));
    std::string out =
        "Обращение похоже на " + std::string(what) + " (оценка модели по размеченным обращениям ";
    for (const char* c = figure; *c != '\0'; ++c) out += *c == '.' ? ',' : *c;
    return out + "): " + text::Quoted(evidence.matches.front().text) +
           ". Нужна проверка оператором.";
}

// The folded subject and text ("subject\ntext") and the markers found in them: folded and
// scanned once, on first use, for every rule that searches phrases in the raw text.
void Run::FoldOnce() {
    if (folded_) return;
    folded_ = true;
    folded_all_ = FoldText(input_.subject);
    folded_all_ += '\n';
    text_from_ = folded_all_.size();
    folded_all_ += FoldText(input_.text);
    state_.text_markers.Scan(folded_all_, markers_found_);
}

std::string_view Run::FoldedText() {
    FoldOnce();
    return std::string_view(folded_all_).substr(text_from_);
}

bool Run::Marker(std::size_t index) {
    FoldOnce();
    return markers_found_[index];
}

// The fingerprint of an earlier appeal: stored by the caller, or computed once per call.
const TextFingerprint& Run::Known(const PastAppeal& appeal) {
    if (appeal.fingerprint.Computed()) return appeal.fingerprint;
    auto it = computed_.find(&appeal);
    if (it == computed_.end()) it = computed_.emplace(&appeal, FingerprintOf(state_, appeal)).first;
    return it->second;
}

const ReportTerms& Run::TermsOf(const PastAppeal& appeal) {
    if (appeal.report_terms) return *appeal.report_terms;
    auto it = report_terms_.find(&appeal);
    if (it == report_terms_.end())
        it = report_terms_.emplace(&appeal, ReportTermsOf(state_, appeal, Known(appeal))).first;
    return it->second;
}

std::size_t Run::CountClass(WordClass c) const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < tokens().size(); ++i) {
        if (Has(a_.token_classes[i], c) && tokens()[i].script == Script::kLatin) ++n;
    }
    return n;
}

}  // namespace otklik::triage::rules
