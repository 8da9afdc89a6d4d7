// The appeals' Xapian index on its own (issue 16 point 3): only a query's newest matches are
// ranked, so that a word found in every appeal costs the same at 1,000,000 appeals as at 10,000.
#include "search/appeal_index.hpp"

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <gtest/gtest.h>

#include "core/appeal_search.hpp"

namespace otklik::search {
namespace {

core::AppealSearchSource Source(std::int64_t id, std::string subject, std::string text) {
    core::AppealSearchSource source;
    source.appeal.id = id;
    source.appeal.subject = std::move(subject);
    source.appeal.text = std::move(text);
    source.appeal.group = id % 2 == 0 ? "even" : "odd";
    return source;
}

// `count` appeals that all say «квитанция»; the oldest ten also say it in their subject, so in
// a search over every appeal they would rank first.
AppealIndex& Filled(AppealIndex& index, std::int64_t count) {
    std::vector<core::AppealSearchSource> sources;
    for (std::int64_t id = 1; id <= count; ++id) {
        sources.push_back(Source(id, id <= 10 ? "Квитанция за свет" : "Вопрос",
                                 "Не пришла квитанция за " + std::to_string(id) + " месяц"));
    }
    index.Apply(sources, count);
    return index;
}

AppealIndexQuery Words(std::string text, std::size_t limit) {
    AppealIndexQuery query;
    query.text = std::move(text);
    query.limit = limit;
    return query;
}

std::vector<std::int64_t> Ids(const AppealIndexResult& result) {
    std::vector<std::int64_t> ids;
    for (const auto& hit : result.hits) ids.push_back(hit.id);
    return ids;
}

TEST(AppealIndex, AWordInEveryAppealRanksOnlyItsNewestMatches) {
    AppealIndex index;
    const std::int64_t count = static_cast<std::int64_t>(core::RankedSearchMatches(0, 10)) + 500;
    Filled(index, count);
    AppealIndexQuery query;
    query.text = "квитанции";
    query.limit = 10;
    const auto found = index.Search(query);
    ASSERT_EQ(found.hits.size(), 10U);
    EXPECT_TRUE(found.more);
    // The subject matches are older than the window: the newest appeals come first.
    EXPECT_EQ(Ids(found).front(), count);
    for (const auto id : Ids(found)) EXPECT_GT(id, 10);
}

// Issue 18 (stop 40): the index keeps no copy of the texts; a page's snippets are cut from the
// passages asked for that page's appeals only, and an appeal the store no longer gives has none.
TEST(AppealIndex, SnippetsAreCutFromThePassagesAskedForThePage) {
    AppealIndex index;
    Filled(index, 30);
    const AppealIndexQuery query = Words("квитанции", 5);
    std::vector<std::int64_t> asked;
    const auto found = index.Search(query, [&](const std::vector<std::int64_t>& ids) {
        asked = ids;
        std::unordered_map<std::int64_t, std::string> passages;
        for (const auto id : ids) {
            if (id == 30) continue;  // removed from the store meanwhile
            passages.emplace(
                id, AppealIndex::SnippetPassage(
                        Source(id, "Вопрос", "Квитанция не пришла, номер " + std::to_string(id))));
        }
        return passages;
    });
    ASSERT_EQ(found.hits.size(), 5U);
    EXPECT_EQ(asked, Ids(found));
    for (const auto& hit : found.hits) {
        if (hit.id == 30) {
            EXPECT_TRUE(hit.snippet.empty()) << hit.snippet;
            continue;
        }
        EXPECT_NE(hit.snippet.find("<mark>Квитанция</mark>"), std::string::npos) << hit.snippet;
        EXPECT_NE(hit.snippet.find(std::to_string(hit.id)), std::string::npos) << hit.snippet;
    }
    EXPECT_TRUE(index.Search(query).hits.front().snippet.empty());
}

TEST(AppealIndex, WithinTheWindowTheSubjectRanksFirstThenTheNewest) {
    AppealIndex index;
    Filled(index, 300);
    const auto ids = Ids(index.Search(Words("квитанция", 12)));
    ASSERT_EQ(ids.size(), 12U);
    const std::vector<std::int64_t> subject_first = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    EXPECT_EQ(std::vector<std::int64_t>(ids.begin(), ids.begin() + 10), subject_first);
    EXPECT_EQ(ids[10], 300);
    EXPECT_EQ(ids[11], 299);
}

TEST(AppealIndex, APageBeyondTheWindowIsStillReachedAndFiltered) {
    AppealIndex index;
    const auto window = static_cast<std::int64_t>(core::RankedSearchMatches(0, 10));
    const std::int64_t count = 2 * window + 600;  // window + 300 even ids
    Filled(index, count);
    AppealIndexQuery query;
    query.text = "квитанция";
    query.filter.group = "even";
    query.offset = static_cast<std::size_t>(window + 100);
    query.limit = 5;
    const auto found = index.Search(query);
    ASSERT_EQ(found.hits.size(), 5U);
    EXPECT_TRUE(found.more);
    for (const auto& hit : found.hits) EXPECT_EQ(hit.id % 2, 0);
    // The window grew to the page: even ids newest first, past the first window + 100.
    EXPECT_EQ(found.hits.front().id, count - 2 * (window + 100));
}

TEST(AppealIndex, AReplacedAppealIsFoundByItsNewWordsOnly) {
    AppealIndex index;
    index.Apply({Source(7, "Лифт", "Не работает лифт")}, 1);
    index.Apply({Source(7, "Свет", "Нет света в подъезде")}, 2);
    AppealIndexQuery query;
    query.text = "лифт";
    EXPECT_TRUE(index.Search(query).hits.empty());
    query.text = "подъезд";
    EXPECT_EQ(Ids(index.Search(query)), std::vector<std::int64_t>{7});
    EXPECT_EQ(index.last_change(), 2);
}

TEST(AppealIndex, SearchesRunTogetherWhileTheIndexerCommits) {
    AppealIndex index;
    Filled(index, 50);
    std::atomic<bool> writing{true};
    std::thread writer([&] {
        for (std::int64_t id = 51; id <= 250; id += 10) {
            std::vector<core::AppealSearchSource> batch;
            for (std::int64_t i = id; i < id + 10; ++i) {
                batch.push_back(Source(i, "Вопрос", "Не пришла квитанция за газ"));
            }
            index.Apply(batch, id + 9);
        }
        writing = false;
    });
    std::vector<std::thread> searchers;
    std::atomic<int> searches{0};
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t) {
        searchers.emplace_back([&] {
            AppealIndexQuery query;
            query.text = "квитанция";
            query.limit = 5;
            do {
                const auto found = index.Search(query);
                // A full page every time: the 50 appeals indexed before the searches began, the
                // subject matches (ids 1–10) first.
                if (found.hits.size() != 5 || found.hits.front().id != 10) ++wrong;
                ++searches;
            } while (writing || searches < 40);
        });
    }
    writer.join();
    for (auto& searcher : searchers) searcher.join();
    EXPECT_EQ(wrong, 0);
    AppealIndexQuery query;
    query.text = "газ";
    query.limit = 1;
    EXPECT_EQ(index.Search(query).hits.front().id, 250);  // the last commit is seen
}

}  // namespace
}  // namespace otklik::search
