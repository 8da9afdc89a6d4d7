#include "triage/phrase_matcher.hpp"

#include <algorithm>

#include "text/utf8.hpp"
#include "triage/stemmer.hpp"

namespace otklik::triage {

namespace {

// Prefix patterns are indexed by their first two letters.
std::string_view Head(std::string_view word) {
    std::size_t pos = 0;
    for (int i = 0; i < 2 && pos < word.size(); ++i) text::NextCodePoint(word, pos);
    return word.substr(0, pos);
}

std::size_t Letters(std::string_view word) {
    std::size_t count = 0;
    std::size_t pos = 0;
    while (pos < word.size()) {
        text::NextCodePoint(word, pos);
        ++count;
    }
    return count;
}

bool IsCyrillicWord(std::string_view word) {
    std::size_t pos = 0;
    while (pos < word.size()) {
        if (!text::IsCyrillic(text::NextCodePoint(word, pos))) return false;
    }
    return !word.empty();
}

}  // namespace

bool PhraseMatcher::Add(std::string_view phrase, std::uint32_t tag) {
    Phrase compiled;
    compiled.tag = tag;
    std::string folded = FoldText(phrase);
    // "=когда ответите": a leading "=" makes every word of the phrase exact.
    bool all_exact = plain_ == PlainWords::kExact;
    if (folded.starts_with('=')) {
        all_exact = true;
        folded.erase(0, 1);
    }
    std::size_t pos = 0;
    while (pos < folded.size()) {
        while (pos < folded.size() && (folded[pos] == ' ' || folded[pos] == '\t')) ++pos;
        std::size_t end = pos;
        while (end < folded.size() && folded[end] != ' ' && folded[end] != '\t') ++end;
        if (end == pos) break;
        std::string_view raw(folded.data() + pos, end - pos);
        pos = end;
        Word word;
        if (raw.size() > 1 && raw.back() == '*') {
            word.kind = Kind::kPrefix;
            word.text = std::string(raw.substr(0, raw.size() - 1));
        } else if (raw.size() > 1 && raw.front() == '=') {
            word.kind = Kind::kExact;
            word.text = std::string(raw.substr(1));
        } else if (all_exact) {
            word.kind = Kind::kExact;
            word.text = std::string(raw);
        } else {
            word.kind = Kind::kStem;
            word.text = IsCyrillicWord(raw) ? StemRussian(raw) : std::string(raw);
        }
        compiled.words.push_back(std::move(word));
    }
    if (compiled.words.empty()) return false;
    const auto index = static_cast<std::uint32_t>(phrases_.size());
    const Word& first = compiled.words.front();
    switch (first.kind) {
        case Kind::kStem:
            by_stem_[first.text].push_back(index);
            break;
        case Kind::kExact:
            by_exact_[first.text].push_back(index);
            break;
        case Kind::kPrefix:
            if (Letters(first.text) >= 2) {
                by_prefix_head_[std::string(Head(first.text))].push_back(index);
            } else {
                short_prefix_.push_back(index);
            }
            break;
    }
    phrases_.push_back(std::move(compiled));
    return true;
}

bool PhraseMatcher::Matches(const Word& word, const Token& token) {
    if (token.technical || token.letters == 0) return false;
    switch (word.kind) {
        case Kind::kStem:
            return token.stem == word.text;
        case Kind::kExact:
            return token.folded == word.text;
        case Kind::kPrefix:
            return token.folded.starts_with(word.text);
    }
    return false;
}

void PhraseMatcher::MatchFrom(const AnalyzedText& text, std::size_t start, const Phrase& phrase,
                              std::size_t max_gap, std::vector<PhraseHit>& hits) const {
    const auto& tokens = text.tokens;
    if (!Matches(phrase.words.front(), tokens[start])) return;
    std::size_t at = start;
    for (std::size_t w = 1; w < phrase.words.size(); ++w) {
        bool found = false;
        for (std::size_t next = at + 1; next < tokens.size() && next <= at + 1 + max_gap; ++next) {
            if (tokens[next].sentence != tokens[start].sentence ||
                tokens[next].field != tokens[start].field) {
                break;
            }
            if (Matches(phrase.words[w], tokens[next])) {
                at = next;
                found = true;
                break;
            }
        }
        if (!found) return;
    }
    hits.push_back({phrase.tag, start, at});
}

std::vector<PhraseHit> PhraseMatcher::Find(const AnalyzedText& text, std::size_t max_gap) const {
    std::vector<PhraseHit> hits;
    for (std::size_t i = 0; i < text.tokens.size(); ++i) {
        const Token& token = text.tokens[i];
        if (token.technical || token.letters == 0) continue;
        if (auto it = by_stem_.find(token.stem); it != by_stem_.end()) {
            for (std::uint32_t p : it->second) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        if (auto it = by_exact_.find(token.folded); it != by_exact_.end()) {
            for (std::uint32_t p : it->second) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        if (auto it = by_prefix_head_.find(Head(token.folded)); it != by_prefix_head_.end()) {
            for (std::uint32_t p : it->second) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        for (std::uint32_t p : short_prefix_) MatchFrom(text, i, phrases_[p], max_gap, hits);
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const PhraseHit& a, const PhraseHit& b) { return a.first < b.first; });
    return hits;
}

}  // namespace otklik::triage
