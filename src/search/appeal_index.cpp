#include "search/appeal_index.hpp"

#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <xapian.h>

#include "core/parse_integer.hpp"
#include "search/russian_text.hpp"
#include "text/case_folding.hpp"

namespace otklik::search {
namespace {

// The layout of documents and terms below; another value in an existing index means it was
// written by another version of this file and is rebuilt.
constexpr const char* kLayout = "appeals-1";
constexpr const char* kLayoutKey = "layout";
constexpr const char* kLastChangeKey = "last_change";
constexpr Xapian::valueno kCreatedSlot = 0;
// The passage text kept for snippets; longer appeals are cut (the index still has every word).
constexpr std::size_t kSnippetSourceLimit = 16 * 1024;
constexpr std::size_t kSnippetLength = 240;
// Xapian refuses terms over 245 bytes; codes are far shorter, a longer value matches nothing.
constexpr std::size_t kMaxValueBytes = 200;

// Boolean filter terms, one prefix per filtered field.
constexpr const char* kStatusPrefix = "XS";
constexpr const char* kGroupPrefix = "XG";
constexpr const char* kAssigneePrefix = "XA";
constexpr const char* kRegionPrefix = "XR";
constexpr const char* kCategoryPrefix = "XC";
constexpr const char* kPriorityPrefix = "XP";
constexpr const char* kChannelPrefix = "XH";
constexpr const char* kRegulationPrefix = "XL";
constexpr const char* kOpenTerm = "XO";

std::string Term(const char* prefix, std::string_view value) {
    return std::string(prefix) + std::string(value.substr(0, kMaxValueBytes));
}

// Cuts at a character boundary at or before `limit` bytes.
std::string Cut(std::string text, std::size_t limit) {
    if (text.size() <= limit) return text;
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    return text;
}

double CreatedValue(core::Instant at) { return static_cast<double>(core::ToUnixMillis(at)); }

// OR of one term per value: one of several statuses, regions…
Xapian::Query AnyOf(const char* prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    terms.reserve(values.size());
    for (const auto& value : values) terms.emplace_back(Term(prefix, value));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

struct AppealIndex::State {
    Xapian::WritableDatabase db;
    // Used by searches only, under the mutex; documents are built with their own (Xapian
    // objects are not shared between threads).
    Xapian::Stem stemmer{kStemmerLanguage};
    Xapian::SimpleStopper stopper{StopWords().begin(), StopWords().end()};
    std::int64_t last_change = 0;
};

namespace {

Xapian::Document Build(const core::AppealSearchSource& source, const Xapian::Stem& stemmer,
                       const Xapian::Stopper& stopper) {
    const core::Appeal& a = source.appeal;
    Xapian::TermGenerator generator;
    generator.set_stemmer(stemmer);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    generator.set_stopper(&stopper);
    Xapian::Document doc;
    generator.set_document(doc);
    // The subject and the applicant's name weigh more than the body (a surname search finds
    // the applicant's appeals first: issue 16).
    generator.index_text(NormalizeYo(a.subject), 3);
    generator.increase_termpos();
    generator.index_text(NormalizeYo(a.applicant.last_name + " " + a.applicant.first_name + " " +
                                     a.applicant.middle_name),
                         2);
    generator.increase_termpos();
    generator.index_text(NormalizeYo(a.text));
    std::string passage = a.subject + "\n" + a.text;
    for (const auto& comment : source.comments) {
        generator.increase_termpos();
        generator.index_text(NormalizeYo(comment.text));
        if (passage.size() < kSnippetSourceLimit) passage += "\n" + comment.text;
    }
    doc.set_data(Cut(NormalizeYo(passage), kSnippetSourceLimit));
    doc.add_boolean_term(Term(kStatusPrefix, core::StatusCode(a.status)));
    if (!core::IsFinal(a.status)) doc.add_boolean_term(kOpenTerm);
    doc.add_boolean_term(Term(kGroupPrefix, a.group));
    doc.add_boolean_term(Term(kAssigneePrefix, a.assignee));
    doc.add_boolean_term(Term(kRegionPrefix, a.applicant.region));
    doc.add_boolean_term(Term(kCategoryPrefix, a.category));
    doc.add_boolean_term(Term(kPriorityPrefix, a.priority));
    doc.add_boolean_term(Term(kChannelPrefix, a.channel));
    doc.add_boolean_term(Term(kRegulationPrefix, a.regulation));
    doc.add_value(kCreatedSlot, Xapian::sortable_serialise(CreatedValue(a.created_at)));
    return doc;
}

Xapian::WritableDatabase OpenDatabase(const std::string& directory) {
    if (directory.empty()) {
        return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    }
    std::filesystem::create_directories(directory);
    try {
        Xapian::WritableDatabase db(directory, Xapian::DB_CREATE_OR_OPEN | Xapian::DB_NO_SYNC);
        const std::string layout = db.get_metadata(kLayoutKey);
        if (layout == kLayout || (layout.empty() && db.get_doccount() == 0)) return db;
        spdlog::warn("appeal index: layout '{}' in {} is not '{}'; rebuilding", layout, directory,
                     kLayout);
    } catch (const Xapian::DatabaseLockError& e) {
        throw std::runtime_error("the appeals' search index in " + directory +
                                 " is held by another process: " + e.get_description());
    } catch (const Xapian::Error& e) {
        spdlog::warn("appeal index: {} is unreadable ({}); rebuilding", directory,
                     e.get_description());
    }
    // Derived data: the store is the source of truth, so an unusable index is replaced.
    std::filesystem::remove_all(directory);
    std::filesystem::create_directories(directory);
    return Xapian::WritableDatabase(directory, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
}

}  // namespace

AppealIndex::AppealIndex(std::string directory) : directory_(std::move(directory)) {
    try {
        state_ = std::make_unique<State>();
        state_->db = OpenDatabase(directory_);
        const std::string last = state_->db.get_metadata(kLastChangeKey);
        // An unreadable mark (never written, or damaged) means "nothing indexed yet": the next
        // catch-up re-reads every change, which only costs time.
        state_->last_change = core::ParseInteger<std::int64_t>(last).value_or(0);
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("appeal index: " + e.get_description());
    }
}

AppealIndex::~AppealIndex() {
    if (!state_) return;
    try {
        state_->db.close();
    } catch (const Xapian::Error& e) {
        spdlog::warn("appeal index: closing: {}", e.get_description());
    }
}

void AppealIndex::Apply(const std::vector<core::AppealSearchSource>& sources,
                        std::int64_t last_change) {
    // Documents are built before the lock: searches wait only for the writes themselves.
    std::vector<std::pair<Xapian::docid, Xapian::Document>> docs;
    docs.reserve(sources.size());
    try {
        const Xapian::Stem stemmer(kStemmerLanguage);
        const Xapian::SimpleStopper stopper(StopWords().begin(), StopWords().end());
        for (const auto& source : sources) {
            docs.emplace_back(static_cast<Xapian::docid>(source.appeal.id),
                              Build(source, stemmer, stopper));
        }
        const std::lock_guard lock(mutex_);
        for (const auto& [id, doc] : docs) state_->db.replace_document(id, doc);
        state_->db.set_metadata(kLayoutKey, kLayout);
        state_->db.set_metadata(kLastChangeKey, std::to_string(last_change));
        state_->db.commit();
        state_->last_change = last_change;
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("appeal index: " + e.get_description());
    }
}

void AppealIndex::Clear() {
    const std::lock_guard lock(mutex_);
    try {
        // Documents are appeal ids, so deleting by the open-only or any term would miss none;
        // closing and recreating is simpler and reclaims the space.
        state_->db.close();
        if (!directory_.empty()) std::filesystem::remove_all(directory_);
        state_->db = OpenDatabase(directory_);
        state_->last_change = 0;
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("appeal index: " + e.get_description());
    }
}

AppealIndexResult AppealIndex::Search(const AppealIndexQuery& query) const {
    AppealIndexResult result;
    const core::AppealFilter& f = query.filter;
    if (f.visible_regions && f.visible_regions->empty()) return result;
    const std::lock_guard lock(mutex_);
    try {
        const State& s = *state_;
        Xapian::QueryParser parser;
        parser.set_stemmer(s.stemmer);
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_stopper(&s.stopper);
        parser.set_default_op(Xapian::Query::OP_AND);
        // Lower case first: the parser leaves a capitalised word unstemmed (a name), and people
        // type surnames in capitals (issue 16: «СМИРНОВА»).
        const std::string text = NormalizeYo(text::FoldCase(query.text));
        Xapian::Query words;
        try {
            words = parser.parse_query(
                text, Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE);
        } catch (const Xapian::QueryParserError&) {
            words = parser.parse_query(text, 0);  // unbalanced quotes and the like: plain words
        }
        if (words.empty()) return result;

        std::vector<Xapian::Query> filters;
        if (!f.statuses.empty()) {
            std::vector<std::string> codes;
            for (const auto status : f.statuses) codes.emplace_back(core::StatusCode(status));
            filters.push_back(AnyOf(kStatusPrefix, codes));
        }
        if (f.open_only) filters.emplace_back(kOpenTerm);
        const auto exact = [&](const char* prefix, const std::string& value) {
            if (!value.empty()) filters.emplace_back(Term(prefix, value));
        };
        exact(kGroupPrefix, f.group);
        exact(kAssigneePrefix, f.assignee);
        exact(kRegionPrefix, f.region);
        exact(kCategoryPrefix, f.category);
        exact(kPriorityPrefix, f.priority);
        exact(kChannelPrefix, f.channel);
        exact(kRegulationPrefix, f.regulation);
        if (f.visible_regions) filters.push_back(AnyOf(kRegionPrefix, *f.visible_regions));
        if (f.created_from || f.created_to) {
            const double from = f.created_from ? CreatedValue(*f.created_from) : -1e18;
            // created_to is exclusive; instants are whole milliseconds.
            const double to = f.created_to ? CreatedValue(*f.created_to) - 1 : 1e18;
            filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, kCreatedSlot,
                                 Xapian::sortable_serialise(from), Xapian::sortable_serialise(to));
        }
        Xapian::Query full = words;
        if (!filters.empty()) {
            full =
                Xapian::Query(Xapian::Query::OP_FILTER, words,
                              Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
        }
        Xapian::Enquire enquire(s.db);
        enquire.set_query(full);
        // Equal relevance: the newer appeal (higher id) first, the same on every page.
        enquire.set_docid_order(Xapian::Enquire::DESCENDING);
        const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                                           static_cast<Xapian::doccount>(query.limit + 1));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (result.hits.size() == query.limit) {
                result.more = true;
                break;
            }
            const std::string passage = it.get_document().get_data();
            result.hits.push_back(
                {static_cast<std::int64_t>(*it),
                 mset.snippet(passage, kSnippetLength, s.stemmer, Xapian::MSet::SNIPPET_EXHAUSTIVE,
                              "<mark>", "</mark>", "…")});
        }
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("appeal index: " + e.get_description());
    }
    return result;
}

std::int64_t AppealIndex::last_change() const {
    const std::lock_guard lock(mutex_);
    return state_->last_change;
}

std::size_t AppealIndex::size() const {
    const std::lock_guard lock(mutex_);
    return state_->db.get_doccount();
}

}  // namespace otklik::search
