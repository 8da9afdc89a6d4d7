#include "search/appeal_index.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>
#include <stdlib.h>  // mkdtemp
#include <xapian.h>

#include "core/appeal_search.hpp"
#include "core/parse_integer.hpp"
#include "search/russian_text.hpp"
#include "text/case_folding.hpp"

namespace otklik::search {
namespace {

// The layout of documents and terms below; another value in an existing index means it was
// written by another version of this file and is rebuilt.
constexpr const char* kLayout = "appeals-2";
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

// Documents are numbered newest first (the document id falls as the appeal id grows): Xapian
// walks posting lists in ascending document order, so the newest matches of a query are the
// first it meets and a search can stop after core::RankedSearchMatches of them. Not the largest
// document id: Xapian's posting lists then report their end too early (measured: "Unexpected end
// of posting list"), as chunk bounds overflow; 2^31 leaves ids up to 2,147,483,647.
constexpr Xapian::docid kNewestFirstBase = Xapian::docid{1} << 31U;

Xapian::docid DocumentOf(std::int64_t appeal_id) {
    if (appeal_id <= 0 || appeal_id >= static_cast<std::int64_t>(kNewestFirstBase)) {
        throw std::runtime_error("appeal index: appeal id " + std::to_string(appeal_id) +
                                 " is outside the index's document numbers");
    }
    return kNewestFirstBase - static_cast<Xapian::docid>(appeal_id);
}

std::int64_t AppealOf(Xapian::docid document) {
    return static_cast<std::int64_t>(kNewestFirstBase - document);
}

// The documents up to `last`: the window of a query's newest matches that gets ranked.
class DocumentsUpTo final : public Xapian::PostingSource {
public:
    explicit DocumentsUpTo(Xapian::docid last) : last_(last) {}
    Xapian::doccount get_termfreq_min() const override { return last_; }
    Xapian::doccount get_termfreq_est() const override { return last_; }
    Xapian::doccount get_termfreq_max() const override { return last_; }
    void init(const Xapian::Database& /*db*/) override { current_ = 0; }
    void next(double /*min_wt*/) override { ++current_; }
    void skip_to(Xapian::docid document, double /*min_wt*/) override {
        current_ = std::max(current_, document);
    }
    bool at_end() const override { return current_ > last_; }
    Xapian::docid get_docid() const override { return current_; }
    DocumentsUpTo* clone() const override { return new DocumentsUpTo(last_); }

private:
    Xapian::docid last_;
    Xapian::docid current_ = 0;
};

// Every match weighs 0, so in document order Xapian stops once it has the matches asked for.
// Not Xapian::BoolWeight (or any weight that reads no statistic): for a term in every document
// Xapian 1.4.22 then walks a list of all documents that assumes they are numbered from 1, and
// fails with "Unexpected end of posting list" on numbers like these (checked on a 200,000
// document database). Asking for the within-document frequency keeps the term's own list.
class UnrankedWeight final : public Xapian::Weight {
public:
    UnrankedWeight() { need_stat(WDF); }
    UnrankedWeight* clone() const override { return new UnrankedWeight; }
    void init(double /*factor*/) override {}
    std::string name() const override { return "otklik.unranked"; }
    double get_sumpart(Xapian::termcount /*wdf*/, Xapian::termcount /*doclen*/,
                       Xapian::termcount /*uniqterms*/) const override {
        return 0;
    }
    double get_maxpart() const override { return 0; }
    double get_sumextra(Xapian::termcount /*doclen*/,
                        Xapian::termcount /*uniqterms*/) const override {
        return 0;
    }
    double get_maxextra() const override { return 0; }
};

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
    std::int64_t last_change = 0;
};

// A search's own view of the index: Xapian objects are not shared between threads, so each
// concurrent search takes one of these (searches no longer wait for each other or for a commit).
struct AppealIndex::Reader {
    explicit Reader(const std::string& directory) : db(directory) {}
    Xapian::Database db;
    Xapian::Stem stemmer{kStemmerLanguage};
    Xapian::SimpleStopper stopper{StopWords().begin(), StopWords().end()};
    std::uint64_t generation = 0;
};

namespace {

// How long a reader keeps starting again on the newest revision while the indexer commits.
constexpr auto kPatience = std::chrono::seconds(2);

// Runs `read` on the newest revision until no commit discards it while it reads. The writer may
// overwrite the revision being read (two commits during one read); the latest revision is
// complete, so the read starts again on it. A count of retries was not enough on a loaded machine
// (a sanitizer build beside other builds: eight attempts all lost to a burst of commits within
// 0.09 s, stop 37), so it keeps starting again for up to `kPatience`, after four quick tries
// stepping aside a little longer each time (2 to 32 ms) so that the burst ends. The indexer
// gathers 200 ms of writes into one commit, so in service a read meets at most one commit.
template <class Read>
auto OnNewestRevision(Read&& read) {
    const auto give_up = std::chrono::steady_clock::now() + kPatience;
    for (int attempt = 1;; ++attempt) {
        try {
            return read();
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (std::chrono::steady_clock::now() >= give_up) {
                throw std::runtime_error("appeal index: " + e.get_description());
            }
            if (attempt > 4) {
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(1 << std::min(attempt - 4, 5)));
            }
        } catch (const Xapian::Error& e) {
            throw std::runtime_error("appeal index: " + e.get_description());
        }
    }
}

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
    for (const auto& comment : source.comments) {
        generator.increase_termpos();
        generator.index_text(NormalizeYo(comment.text));
    }
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

// A fresh directory for an index without one. Not Xapian's in-memory backend: it keeps a vector
// slot per document number, and numbers here start near the largest one.
std::string TemporaryDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "otklik-appeal-index-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("appeal index: cannot create a temporary directory in " +
                                 std::filesystem::temp_directory_path().string());
    }
    return pattern;
}

}  // namespace

AppealIndex::AppealIndex(const std::string& directory)
    : directory_(directory.empty() ? TemporaryDirectory() : directory),
      temporary_(directory.empty()) {
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
    idle_readers_.clear();
    if (!state_) return;
    try {
        state_->db.close();
    } catch (const Xapian::Error& e) {
        spdlog::warn("appeal index: closing: {}", e.get_description());
    }
    std::error_code ignored;
    if (temporary_) std::filesystem::remove_all(directory_, ignored);
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
            docs.emplace_back(DocumentOf(source.appeal.id), Build(source, stemmer, stopper));
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
    {
        const std::lock_guard readers(readers_mutex_);
        ++generation_;
        idle_readers_.clear();
    }
    const std::lock_guard lock(mutex_);
    try {
        // Documents are appeal ids, so deleting by the open-only or any term would miss none;
        // closing and recreating is simpler and reclaims the space.
        state_->db.close();
        std::filesystem::remove_all(directory_);
        state_->db = OpenDatabase(directory_);
        state_->last_change = 0;
    } catch (const Xapian::Error& e) {
        throw std::runtime_error("appeal index: " + e.get_description());
    }
}

std::string AppealIndex::SnippetPassage(const core::AppealSearchSource& source) {
    std::string passage = source.appeal.subject + "\n" + source.appeal.text;
    for (const auto& comment : source.comments) {
        if (passage.size() >= kSnippetSourceLimit) break;
        passage += "\n" + comment.text;
    }
    return Cut(NormalizeYo(passage), kSnippetSourceLimit);
}

AppealIndexResult AppealIndex::Search(const AppealIndexQuery& query,
                                      const AppealPassages& passages) const {
    AppealIndexResult result;
    const core::AppealFilter& f = query.filter;
    if (f.visible_regions && f.visible_regions->empty()) return result;
    auto reader = TakeReader();
    result = OnNewestRevision([&] {
        // The latest commit: what the indexer or this search's own catch-up just wrote.
        reader->db.reopen();
        return SearchWith(*reader, query, passages);
    });
    GiveBack(std::move(reader));
    return result;
}

AppealIndexResult AppealIndex::SearchWith(Reader& s, const AppealIndexQuery& query,
                                          const AppealPassages& passages) {
    AppealIndexResult result;
    const core::AppealFilter& f = query.filter;
    {
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
        // Only the newest matches are ranked: unweighted and in document order, Xapian stops at
        // the last of them without reading the rest of a long posting list (at 1,000,000
        // appeals a word in every appeal took 38 ms to rank in full, 0.4 ms this way).
        const auto ranked = core::RankedSearchMatches(query.offset, query.limit);
        Xapian::Enquire newest(s.db);
        newest.set_query(full);
        newest.set_weighting_scheme(UnrankedWeight());
        newest.set_docid_order(Xapian::Enquire::ASCENDING);
        const auto window = newest.get_mset(static_cast<Xapian::doccount>(ranked - 1), 1);
        if (!window.empty()) {
            full = Xapian::Query(Xapian::Query::OP_FILTER, full,
                                 Xapian::Query((new DocumentsUpTo(*window.begin()))->release()));
        }
        Xapian::Enquire enquire(s.db);
        enquire.set_query(full);
        // Equal relevance: the newer appeal (lower document id) first, the same on every page.
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const auto mset = enquire.get_mset(static_cast<Xapian::doccount>(query.offset),
                                           static_cast<Xapian::doccount>(query.limit + 1));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (result.hits.size() == query.limit) {
                result.more = true;
                break;
            }
            result.hits.push_back({AppealOf(*it), {}});
        }
        if (passages && !result.hits.empty()) {
            std::vector<std::int64_t> ids;
            ids.reserve(result.hits.size());
            for (const auto& hit : result.hits) ids.push_back(hit.id);
            const auto texts = passages(ids);
            for (auto& hit : result.hits) {
                const auto passage = texts.find(hit.id);
                if (passage == texts.end()) continue;
                hit.snippet =
                    mset.snippet(passage->second, kSnippetLength, s.stemmer,
                                 Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
            }
        }
    }
    return result;
}

std::unique_ptr<AppealIndex::Reader> AppealIndex::TakeReader() const {
    std::uint64_t generation = 0;
    {
        const std::lock_guard lock(readers_mutex_);
        generation = generation_;
        if (!idle_readers_.empty()) {
            auto reader = std::move(idle_readers_.back());
            idle_readers_.pop_back();
            return reader;
        }
    }
    // Opening reads the newest revision, which a burst of commits may discard while it is read
    // (the fresh clone's AppealIndex.SearchesRunTogetherWhileTheIndexerCommits, stop 37).
    return OnNewestRevision([&] {
        auto reader = std::make_unique<Reader>(directory_);
        reader->generation = generation;
        return reader;
    });
}

void AppealIndex::GiveBack(std::unique_ptr<Reader> reader) const {
    const std::lock_guard lock(readers_mutex_);
    // A reader of an index since cleared reads deleted files: dropped.
    if (reader->generation == generation_) idle_readers_.push_back(std::move(reader));
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
