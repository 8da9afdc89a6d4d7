#pragma once

// One appeal's run through the triage rules. Each rule is defined in its own file of this
// folder (language.cpp, abuse.cpp, threats.cpp…); core.cpp orders them.

#include "triage/rules/engine_support.hpp"

namespace otklik::triage::rules {

class Run {
public:
    Run(const EngineState& state, const TriageInput& input, const TriageContext& context)
        : state_(state),
          policy_(state.config.policy),
          t_(state.config.thresholds),
          input_(input),
          context_(context) {
        Analyze(state_, input_.subject, input_.text, a_);
        a_.fingerprint = BuildFingerprint(state_, a_);
        const auto& tokens = a_.text.tokens;
        // The channel operator's marker («Центр мониторинга 112») opens every note of the
        // channel: its number names no object of this appeal (frozen set 17).
        std::size_t marker_end = 0;
        for (const std::string& marker : state_.config.source_markers) {
            if (std::string_view(input_.text).starts_with(marker)) {
                marker_end = std::max(marker_end, marker.size());
            }
        }
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            const Token& t = tokens[i];
            if (t.field == TextField::kText && t.end <= marker_end) continue;
            if (!t.technical && t.letters == 0 && t.folded.size() >= 2 && !Year(t.folded)) {
                a_.numbers_identify.push_back(IdentifiesSender(i) || InPhoneNumber(i) ||
                                              MonthOfADate(i) || InSignatureLine(i));
                a_.numbers.push_back(Fnv1a("#" + t.folded));
                // A phone or a code written apart the first time («+7 917 …»): its tail.
                if (t.folded.size() >= 5)
                    a_.numbers_tails.push_back(Fnv1a("#" + t.folded.substr(1)));
                else
                    a_.numbers_tails.push_back(a_.numbers.back());
            }
        }
    }
    TriageOutcome Execute();

private:
    // Whether the number at token `i` identifies the sender (a phone, СНИЛС, ИНН the operator
    // wrote down: «тел. 8 917 052-41-90»), not the matter: the numbers after such a word, up to
    // the next word.
    bool IdentifiesSender(std::size_t i) const {
        static constexpr std::string_view kIdentifiers[] = {
            "тел", "телефон", "телефона", "тлф", "моб", "снилс", "инн", "огрн", "кпп"};
        const auto& tokens = a_.text.tokens;
        for (std::size_t k = i; k-- > 0 && i - k <= 8;) {
            // «тел.» ends a sentence for the tokenizer: the word before is what counts.
            if (tokens[k].letters == 0) continue;
            return InList(tokens[k].folded, kIdentifiers);
        }
        return false;
    }

    // Whether the number at token `i` stands in the letter's last line when that line signs it:
    // a short line that opens with a name of two capitalised words and asks or exclaims nothing
    // («Савчук Елена Викторовна, школа № 17 г. Орска»: the sender's school, not the matter's
    // object; frozen set 23).
    bool InSignatureLine(std::size_t i) const {
        const auto& tokens = a_.text.tokens;
        const Token& t = tokens[i];
        if (t.field != TextField::kText) return false;
        const std::string_view field = a_.text.Field(t.field);
        const std::size_t line = field.rfind('\n', t.begin);
        if (line == std::string_view::npos) return false;
        const std::string_view rest = field.substr(line + 1);
        if (rest.size() > 120 || rest.find_first_of("?!") != std::string_view::npos ||
            rest.find('\n') != std::string_view::npos) {
            return false;
        }
        std::size_t first = i;
        while (first > 0 && tokens[first - 1].field == t.field && tokens[first - 1].begin > line) {
            --first;
        }
        return first + 1 < i && tokens[first].upper_initial && tokens[first + 1].upper_initial &&
               tokens[first].letters > 1 && tokens[first + 1].letters > 1;
    }

    // Whether the number at token `i` is a piece of a phone number written without «тел.»
    // («8 (81374) 2-33-06», «89510973311»): its run of digits, spaces, dashes, brackets and «+»
    // holds 10 or 11 digits.
    bool InPhoneNumber(std::size_t i) const {
        const Token& t = a_.text.tokens[i];
        const std::string_view field = a_.text.Field(t.field);
        const auto phone_char = [](char c) {
            return (c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' ||
                   c == '+';
        };
        std::size_t from = t.begin;
        while (from > 0 && phone_char(field[from - 1])) --from;
        std::size_t to = t.end;
        while (to < field.size() && phone_char(field[to])) ++to;
        const auto digits = std::count_if(field.begin() + static_cast<std::ptrdiff_t>(from),
                                          field.begin() + static_cast<std::ptrdiff_t>(to),
                                          [](char c) { return c >= '0' && c <= '9'; });
        return digits == 10 || digits == 11;
    }

    // Whether the number at token `i` is the month of a date «14.11» (frozen set 16: «14.11» in
    // the repeat, «14 ноября» in the original): the day tells the date apart, the month written
    // as a word has no number to match.
    bool MonthOfADate(std::size_t i) const {
        const auto& tokens = a_.text.tokens;
        if (i == 0 || tokens[i].folded.size() > 2 || tokens[i - 1].letters > 0 ||
            tokens[i - 1].folded.size() > 2 || tokens[i - 1].field != tokens[i].field) {
            return false;
        }
        const std::string_view field = a_.text.Field(tokens[i].field);
        return tokens[i].begin == tokens[i - 1].end + 1 && field[tokens[i - 1].end] == '.';
    }

    // A facet value chosen by its phrases (classification.cpp).
    struct FacetPick {
        std::size_t value = 0;
        bool matched = false;
        std::vector<TextMatch> matches;
    };

    // core.cpp — The run of one appeal through the rules: their order, actions and shared lookups.
    RuleAction ActionFor(RuleCode code, Confidence confidence) const;
    void Fire(RuleCode code, Confidence confidence, std::string message, Evidence evidence,
              std::optional<RuleAction> action_override = std::nullopt);
    bool WordsForModel() const;
    bool ByModel(std::string_view label, double threshold, Evidence& evidence,
                 std::optional<double> part_threshold = std::nullopt,
                 std::optional<double> postscript_threshold = std::nullopt);
    std::string ModelMessage(std::string_view what, std::string_view label,
                             const Evidence& evidence);
    void FoldOnce();
    std::string_view FoldedText();
    bool Marker(std::size_t index);
    const TextFingerprint& Known(const PastAppeal& appeal);
    const ReportTerms& TermsOf(const PastAppeal& appeal);
    std::size_t CountClass(WordClass c) const;

    // voice.cpp — Whose words a sentence holds: the applicant's own, reported or received (TR-2).
    bool NearClass(std::size_t first, std::size_t last, WordClass c, std::size_t before,
                   std::size_t after) const;
    bool OwnSpeechOnly(std::uint16_t sentence) const;
    bool SpeechReported(std::uint16_t sentence) const;
    bool Reported(std::size_t first) const;
    bool Received() const;
    bool CallerVoice(std::uint16_t sentence) const;

    // language.cpp — TR-1: an appeal not written in Russian.
    ProseStats BodyProse() const;
    void ForeignLanguage();
    std::optional<std::size_t> CallerSpeaksForeign() const;

    // abuse.cpp — TR-2: obscene language and insults aimed at the recipient.
    bool NamesWhatItIsNot(std::size_t last) const;
    bool Collective(std::size_t i) const;
    bool CalledByName(std::size_t i) const;
    bool AddresseeEarlierInSentence(std::size_t first) const;
    bool Vocative(std::size_t first, std::size_t last) const;
    bool FirstInSentence(std::size_t i) const;
    void Abuse();

    // threats.cpp — TR-2: threats to life, health or property, told outright, by a plan or veiled.
    void Threats();
    bool Negated(std::size_t i) const;
    void ViolentIntent(Evidence& threat, std::optional<Confidence>& confidence,
                       const std::vector<bool>& vetoed);
    bool AsksToKnow(std::size_t i) const;
    bool OnlyAsked(std::string_view phrase);
    bool Licensed(std::size_t i) const;
    void PlannedViolence(Evidence& threat, std::optional<Confidence>& confidence,
                         const std::vector<bool>& vetoed);
    ThreatContext MakeThreatContext(const std::vector<bool>& vetoed) const;
    ThreatContext VeiledContext(const std::vector<ThreatHintHit>& hints) const;
    std::vector<bool> NamedPeople() const;
    bool OwnRequest() const;
    void VeiledPlan(Evidence& threat, std::optional<Confidence>& confidence,
                    const std::vector<ThreatHintHit>& hints);
    void StructuralPlan(Evidence& threat, std::optional<Confidence>& confidence,
                        const std::vector<bool>& vetoed);

    // no_question.cpp — TR-3: no concrete question: tests, thanks, machine letters, silent calls.
    bool AdvertOrPhishing(std::string& why);
    bool ApplicantSpeaks() const;
    bool CircularToCustomers() const;
    bool NoticeGiven() const;
    bool NeedDenied(std::size_t i) const;
    bool MachineLetter();
    bool ThanksAt(std::size_t i) const;
    bool ThanksLed() const;
    bool TestMessage(std::size_t words) const;
    bool TestNotToProcess(std::size_t words) const;
    bool OnlyAsksWhetherItWorks() const;
    bool AsksNothingShort(std::size_t words) const;
    bool NothingNeeded(std::size_t words) const;
    bool SolvedByThemselves(std::size_t words) const;
    bool NoteToFamily(std::size_t words) const;
    bool StillWrong() const;
    bool ThanksLetter() const;
    std::optional<TextMatch> OperatorWarned() const;
    bool NothingAskedNote() const;
    bool CallerAsked() const;
    bool RequestWord(bool outside_quotes = false) const;
    bool SilentCall() const;
    bool PlainlySilentCall() const;
    void NoQuestion();

    // repeats.cpp — TR-3 and TR-5: repeats of a resolved matter and duplicates of an open one.
    bool WithinWindow(const PastAppeal& appeal, core::Duration window) const;
    bool NewNumber(const TextFingerprint& known, const TextFingerprint* also) const;
    bool ReplyTo(const PastAppeal& earlier) const;
    bool AskedHowFar(const PastAppeal& earlier) const;
    bool AnnouncesRepeat();
    bool WroteBeforeElsewhere() const;
    bool AddsFacts();
    bool AddsFactsBeyondAsking();
    bool AddsFactsMarker(std::size_t k);
    bool AsksAgain() const;
    bool OnlyRecurrenceWords() const;
    void Similarity();

    // misdirected.cpp — TR-4: questions for another body.
    std::size_t FirstWord(TextField field) const;
    bool HeaderSentence(std::size_t first) const;
    void DropExcepted(std::vector<PhraseHit>& hits, const PhraseMatcher& unless) const;
    bool SentenceNamesBot(std::size_t sentence) const;
    bool NotTheQuestion(std::size_t i) const;
    bool DeniesNews() const;
    bool AsksIndirectly(std::size_t i) const;
    bool QuotedName(std::size_t i) const;
    // A city of another region named as the problem's address (a regional platform).
    struct PlaceHit {
        std::size_t first = 0;
        std::size_t last = 0;
        const Place* place = nullptr;
        bool in_address = false;  // found in the problem's address field, not the text
    };
    std::optional<PlaceHit> PlaceInAnotherRegion() const;
    static std::optional<PlaceHit> NamedCity(const std::vector<Token>& at,
                                             const std::vector<Place>& places, std::size_t from,
                                             std::size_t until);
    void Misdirected();
    void MisdirectedByModel();

    // mass_incident.cpp — Mass incidents: reports of one failure linked into a group.
    bool SameIncident(const ReportOverlap& ov, const IncidentFeatures& a_concepts,
                      const ReportTerms& b, core::Instant a_time, core::Instant b_time) const;
    std::vector<std::uint64_t> MassAnchors() const;
    void MassIncident();

    // fields_and_coverage.cpp — Anonymous appeals, missing fields (CH-4) and matters not covered
    // (TR-7).
    void Anonymous();
    void MissingFields();
    void NotCovered();

    // status_inquiry.cpp — TR-8: an applicant asking how far an earlier appeal got.
    std::optional<std::size_t> ProgressAsked() const;
    bool AppealNamedAround(std::size_t i) const;
    std::string WordBefore(std::size_t i) const;
    bool SentenceAsks(std::size_t i) const;
    bool EarlierContact() const;
    void StatusInquiry();

    // classification.cpp — TR-6: category, facets and priority.
    FacetPick PickFacet(const FacetConfig& facet, const PhraseMatcher& matcher) const;
    void Classify();

    bool On(RuleCode code) const { return policy_.For(code).action != RuleAction::kOff; }

    const std::vector<Token>& tokens() const { return a_.text.tokens; }

    const EngineState& state_;
    const TriagePolicy& policy_;
    const TriageThresholds& t_;
    const TriageInput& input_;
    const TriageContext& context_;
    Analysis a_;
    ModelSignal model_{state_.lexicons->model(), a_.text,
                       &state_.config.source_markers};  // asked on first use
    TriageOutcome out_;
    std::optional<RelatedAppeal> commented_;
    bool machine_letter_ = false;
    // Misdirected found no body's name or words: the classifier may still judge (Execute).
    bool misdirected_unnamed_ = false;
    bool veiled_ = false;  // the threat found is told by hints or an idiom only (VeiledPlan)
    // The veiled threat rests on the applicant's trade or access beside a person within reach
    // (own_skill.hpp): the classifier learnt no such letter, so its doubt does not clear it.
    bool skilled_ = false;
    bool lawful_recourse_ = false;  // the appeal names lawful recourse (Threats)
    std::unordered_map<const PastAppeal*, TextFingerprint> computed_;
    std::unordered_map<const PastAppeal*, ReportTerms> report_terms_;
    bool folded_ = false;
    std::string folded_all_;
    std::size_t text_from_ = 0;
    std::vector<bool> markers_found_;
    mutable std::vector<std::uint8_t> caller_voice_;
    mutable std::optional<bool> received_;
};

}  // namespace otklik::triage::rules
