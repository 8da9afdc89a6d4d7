#include "app/triage_screener.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "app/triage_policy.hpp"
#include "core/appeal_attributes.hpp"
#include "triage/lexicons.hpp"

namespace otklik::app {
namespace {

int PriorityNumber(const std::string& priority) {
    // "P2" or "2"; anything else is "not chosen".
    const std::string digits = !priority.empty() && (priority[0] == 'P' || priority[0] == 'p')
                                   ? priority.substr(1)
                                   : priority;
    return digits.size() == 1 && digits[0] >= '1' && digits[0] <= '4' ? digits[0] - '0' : 0;
}

// "v:hex,hex,…": compact, and versioned so that a changed analysis recomputes.
std::string EncodeFingerprint(const triage::TextFingerprint& fingerprint) {
    std::string out = std::to_string(fingerprint.version) + ":";
    char buffer[20];
    for (std::size_t i = 0; i < fingerprint.terms.size(); ++i) {
        std::snprintf(buffer, sizeof buffer, "%s%llx", i ? "," : "",
                      static_cast<unsigned long long>(fingerprint.terms[i]));
        out += buffer;
    }
    return out;
}

triage::TextFingerprint DecodeFingerprint(const std::string& text) {
    triage::TextFingerprint fingerprint;
    const auto colon = text.find(':');
    if (colon == std::string::npos) return fingerprint;
    const auto version = static_cast<std::uint32_t>(std::strtoul(text.c_str(), nullptr, 10));
    if (version != triage::TextFingerprint::kVersion) return fingerprint;
    const char* p = text.c_str() + colon + 1;
    while (*p) {
        char* end = nullptr;
        fingerprint.terms.push_back(std::strtoull(p, &end, 16));
        if (end == p) return {};
        p = *end == ',' ? end + 1 : end;
    }
    fingerprint.version = version;
    return fingerprint;
}

std::string ApplicantKey(const core::Applicant& applicant) {
    if (!applicant.email.empty()) return "e:" + applicant.email;
    if (!applicant.phone.empty()) return "p:" + applicant.phone;
    if (!applicant.snils.empty()) return "s:" + applicant.snils;
    return {};
}

std::vector<core::TriageMatch> ToReport(const std::vector<triage::TextMatch>& matches) {
    std::vector<core::TriageMatch> out;
    out.reserve(matches.size());
    for (const auto& m : matches) {
        out.push_back({std::string(triage::TextFieldName(m.field)), m.offset, m.length, m.text,
                       m.matched, m.kind});
    }
    return out;
}

core::TriageEvidence ToReport(const triage::Evidence& e) {
    core::TriageEvidence out;
    out.matches = ToReport(e.matches);
    if (e.language) {
        out.language = core::TriageLanguage{e.language->code, e.language->name, e.language->percent,
                                            e.language->reliable, e.language->cyrillic_share};
    }
    out.related.reserve(e.related.size());
    for (const auto& r : e.related) {
        out.related.push_back({r.uin, r.status, r.solution, r.similarity});
    }
    out.missing_fields = e.missing_fields;
    out.organization = e.organization;
    out.service = e.service;
    out.category = e.category;
    out.referenced_uin = e.referenced_uin;
    out.applicants = e.applicants;
    out.novelty = e.novelty;
    return out;
}

core::Screening::Decision ToCore(triage::Decision decision) {
    switch (decision) {
        case triage::Decision::kAccept:
            return core::Screening::Decision::kAccept;
        case triage::Decision::kFlag:
            return core::Screening::Decision::kFlag;
        case triage::Decision::kComment:
            return core::Screening::Decision::kComment;
        case triage::Decision::kHold:
            return core::Screening::Decision::kHold;
        case triage::Decision::kReturn:
            return core::Screening::Decision::kReturn;
        case triage::Decision::kRefuse:
            return core::Screening::Decision::kRefuse;
    }
    return core::Screening::Decision::kAccept;
}

// The action of a rule that produces the decision (refuse ⇒ a refusing rule…).
bool Decides(triage::RuleAction action, triage::Decision decision) {
    switch (decision) {
        case triage::Decision::kRefuse:
            return action == triage::RuleAction::kRefuse;
        case triage::Decision::kHold:
            return action == triage::RuleAction::kHold;
        case triage::Decision::kReturn:
            return action == triage::RuleAction::kReturn;
        case triage::Decision::kComment:
            return action == triage::RuleAction::kComment;
        case triage::Decision::kFlag:
            return action == triage::RuleAction::kFlag;
        case triage::Decision::kAccept:
            return false;
    }
    return false;
}

}  // namespace

std::string TriageModelFile(const std::string& data_dir) {
    std::error_code error;
    const auto installed = std::filesystem::path(data_dir) / "triage_model.bin";
    if (std::filesystem::is_regular_file(installed, error)) return installed.string();
#ifdef OTKLIK_BUILT_TRIAGE_MODEL
    if (std::filesystem::is_regular_file(OTKLIK_BUILT_TRIAGE_MODEL, error)) {
        return OTKLIK_BUILT_TRIAGE_MODEL;
    }
#endif
    return {};
}

TriageScreener::TriageScreener(const std::string& data_dir,
                               const regulation::RegulationCatalog* catalog) {
    const std::string model = TriageModelFile(data_dir);
    if (model.empty()) {
        spdlog::warn(
            "triage: no text classifier (triage_model.bin) beside the data or in the build "
            "tree; the rules decide alone");
    }
    auto lexicons = triage::Lexicons::Load(data_dir, model);
    if (!lexicons) throw std::runtime_error("triage: " + lexicons.error().message);
    auto engine = triage::TriageEngine::Create(*lexicons, triage::DefaultTriageConfig());
    if (!engine) throw std::runtime_error("triage: " + engine.error().message);
    engine_ = std::make_unique<triage::TriageEngine>(std::move(*engine));
    if (!catalog) return;
    for (const regulation::Regulation* r : catalog->All()) {
        if (r->triage.empty() || by_regulation_.contains(r->id)) continue;
        auto config = TriageConfigOf(*r);
        if (!config) throw std::runtime_error(config.error().fields.front().message);
        auto built = triage::TriageEngine::Create(*lexicons, std::move(*config));
        if (!built) throw std::runtime_error(r->file + ": [triage]: " + built.error().message);
        by_regulation_[r->id] = std::make_unique<triage::TriageEngine>(std::move(*built));
    }
}

const triage::TriageEngine& TriageScreener::EngineFor(const std::string& regulation) const {
    const auto it = by_regulation_.find(regulation);
    return it == by_regulation_.end() ? *engine_ : *it->second;
}

triage::PastAppeal TriageScreener::ToPast(const core::Appeal& appeal) const {
    triage::PastAppeal past;
    past.id = appeal.id;
    past.uin = appeal.uin;
    past.applicant = ApplicantKey(appeal.applicant);
    past.subject = appeal.subject;
    past.text = appeal.text;
    past.status = std::string(core::StatusCode(appeal.status));
    const auto solution = appeal.attributes.find(core::attribute::kSolution);
    past.resolved = appeal.status == core::Status::kResolved ||
                    (appeal.status == core::Status::kClosed && solution != appeal.attributes.end());
    if (solution != appeal.attributes.end()) past.solution = solution->second;
    past.category = appeal.category;
    past.created = appeal.created_at;
    past.grouped = appeal.triage &&
                   std::ranges::any_of(appeal.triage->rules, [](const core::TriageRuleFinding& r) {
                       return r.code == triage::RuleCodeName(triage::RuleCode::kMassIncident);
                   });
    const auto stored = appeal.attributes.find(core::attribute::kTriageFingerprint);
    if (stored != appeal.attributes.end()) past.fingerprint = DecodeFingerprint(stored->second);
    if (!past.fingerprint.Computed()) {
        past.fingerprint = engine_->Fingerprint(appeal.subject, appeal.text);
    }
    return past;
}

core::Screening TriageScreener::Screen(const core::AppealDraft& draft,
                                       const std::vector<core::Appeal>& earlier, core::Instant now,
                                       const core::AppealScope& scope) const {
    triage::TriageInput input;
    input.channel = draft.channel;
    input.subject = draft.subject;
    input.text = draft.text;
    const auto& a = draft.applicant;
    input.has_name = a.HasName();
    input.has_email = !a.email.empty();
    input.has_phone = !a.phone.empty();
    input.has_address = !a.address.empty();
    input.has_login = !a.login.empty();
    input.category = draft.category;
    input.problem_address = draft.problem_address;
    input.priority = PriorityNumber(draft.priority);
    input.received_at = now;

    triage::TriageContext context;
    for (const auto& appeal : earlier) context.earlier.push_back(ToPast(appeal));
    const std::string self = ApplicantKey(a);
    {
        std::lock_guard lock(mutex_);
        context.shared_recent_others.reserve(recent_.size());
        // Appeals the caller may not see are never evidence shown to it (SEC-6).
        for (const auto& [region, past] : recent_) {
            if (!scope.CoversRegion(region)) continue;
            if (self.empty() || past->applicant != self) {
                context.shared_recent_others.push_back(past);
            }
        }
    }
    const triage::TriageOutcome outcome = EngineFor(draft.regulation).Triage(input, context);

    core::Screening screening;
    screening.decision = ToCore(outcome.decision);
    // The analysis the rules made gives the fingerprint too (it does not depend on the
    // regulation: every engine has the same lexicons).
    screening.fingerprint = EncodeFingerprint(outcome.fingerprint);
    core::TriageReport report;
    report.decision = screening.decision;
    report.rules.reserve(outcome.rules.size());
    for (const auto& rule : outcome.rules) {
        report.rules.push_back({std::string(triage::RuleCodeName(rule.code)),
                                std::string(triage::RuleActionName(rule.action)),
                                std::string(triage::ConfidenceName(rule.confidence)), rule.message,
                                ToReport(rule.evidence)});
        if (screening.rule.empty() && Decides(rule.action, outcome.decision)) {
            screening.rule = std::string(triage::RuleCodeName(rule.code));
            screening.message = rule.message;
        }
        if (rule.code == triage::RuleCode::kDuplicate && !rule.evidence.related.empty()) {
            screening.links.emplace_back(rule.evidence.related.front().uin,
                                         core::LinkType::kDuplicateOf);
        } else if (rule.code == triage::RuleCode::kMassIncident && outcome.mass_group) {
            // The same problem from many applicants is one incident: each new report is linked to
            // the group's first report and to the reports registered before the group was seen,
            // so every report is linked to the group (issue 15).
            for (const auto& uin : outcome.mass_links) {
                screening.links.emplace_back(uin, core::LinkType::kRelated);
            }
        } else if (rule.code == triage::RuleCode::kRepeatResolved &&
                   !rule.evidence.related.empty()) {
            screening.links.emplace_back(rule.evidence.related.front().uin,
                                         core::LinkType::kRelated);
        } else if (rule.code == triage::RuleCode::kStatusInquiry &&
                   !rule.evidence.related.empty() &&
                   outcome.decision != triage::Decision::kComment) {
            // An inquiry that also brings other matters is registered: it is linked to the
            // appeal it asks about, which is told of it (002 §4.8.4.1).
            screening.links.emplace_back(rule.evidence.related.front().uin,
                                         core::LinkType::kStatusInquiryAbout);
            screening.inquiry_about_uin = rule.evidence.related.front().uin;
        }
    }
    const auto& c = outcome.classification;
    if (outcome.comment_on) screening.comment_on_uin = outcome.comment_on->uin;
    if (outcome.decision == triage::Decision::kComment && screening.message.empty()) {
        screening.message = "Обращение по этому вопросу уже зарегистрировано и находится в работе";
    }
    report.category = c.category;
    report.category_name = c.category_title;
    report.priority = c.priority > 0 ? "P" + std::to_string(c.priority) : "";
    report.category_disagrees = c.category_disagrees;
    report.priority_disagrees = c.priority_disagrees;
    report.note = c.note;
    report.message = screening.message;
    report.comment_on = screening.comment_on_uin;
    screening.report = std::move(report);
    return screening;
}

std::size_t TriageScreener::RememberRecent(core::AppealRepository& appeals, core::Instant now) {
    core::AppealFilter filter;
    filter.created_from = now - engine_->config().thresholds.mass_window;
    core::PageRequest page;
    page.order = core::AppealOrder::kByCreatedDesc;
    page.limit = static_cast<int>(kRecentCapacity);
    auto recent = appeals.List(filter, page);
    if (!recent) {
        spdlog::warn("triage: recent appeals not read ({}); mass incidents start afresh",
                     recent.error().message);
        return 0;
    }
    for (auto it = recent->items.rbegin(); it != recent->items.rend(); ++it) Remember(*it);
    return recent->items.size();
}

void TriageScreener::Remember(const core::Appeal& appeal) {
    {
        std::lock_guard lock(mutex_);
        if (remembered_.contains(appeal.id)) return;
    }
    triage::PastAppeal past = ToPast(appeal);
    engine_->Prepare(past);
    // Mass-incident matching needs only the fingerprint and its terms; texts stay in the store.
    past.subject.clear();
    past.text.clear();
    std::lock_guard lock(mutex_);
    // Heard of twice at once (two threads): the first one in keeps it.
    if (!remembered_.insert(appeal.id).second) return;
    recent_.emplace_back(appeal.applicant.region,
                         std::make_shared<const triage::PastAppeal>(std::move(past)));
    if (recent_.size() > kRecentCapacity) {
        remembered_.erase(recent_.front().second->id);
        recent_.pop_front();
    }
}

}  // namespace otklik::app
