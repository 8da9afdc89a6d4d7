#include "triage/phrase_matcher.hpp"

#include <algorithm>

#include "text/utf8.hpp"
#include "triage/stemmer.hpp"

namespace otklik::triage {

namespace {

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

void PhraseMatcher::Index::Insert(std::uint64_t hash, std::uint32_t entry) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = hash & mask;
    while (slots_[at].entry != 0) at = (at + 1) & mask;
    slots_[at] = {hash, entry};
}

void PhraseMatcher::Index::Add(const std::string& word, std::uint32_t phrase) {
    const std::uint64_t hash = WordHash(word);
    if (!slots_.empty()) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t at = hash & mask; slots_[at].entry != 0; at = (at + 1) & mask) {
            if (slots_[at].hash == hash && words_[slots_[at].entry - 1] == word) {
                phrases_[slots_[at].entry - 1].push_back(phrase);
                return;
            }
        }
    }
    words_.push_back(word);
    phrases_.push_back({phrase});
    if (words_.size() * 2 > slots_.size()) {
        // At most half full: probes stay short.
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(16, old.size() * 2), Slot{});
        for (const Slot& slot : old) {
            if (slot.entry != 0) Insert(slot.hash, slot.entry);
        }
    }
    Insert(hash, static_cast<std::uint32_t>(words_.size()));
}

const std::vector<std::uint32_t>* PhraseMatcher::Index::Find(std::string_view word,
                                                             std::uint64_t hash) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = hash & mask; slots_[at].entry != 0; at = (at + 1) & mask) {
        if (slots_[at].hash == hash && words_[slots_[at].entry - 1] == word) {
            return &phrases_[slots_[at].entry - 1];
        }
    }
    return nullptr;
}

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
            by_stem_.Add(first.text, index);
            break;
        case Kind::kExact:
            by_exact_.Add(first.text, index);
            break;
        case Kind::kPrefix:
            if (Letters(first.text) >= 2) {
                by_prefix_head_.Add(std::string(WordHead(first.text)), index);
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
    // AnalyzeText fills the keys; a hand-made AnalyzedText gets them here.
    std::vector<TokenKeys> own_keys;
    const std::vector<TokenKeys>* keys = &text.keys;
    if (keys->size() != text.tokens.size()) {
        for (const Token& token : text.tokens) {
            const std::string_view head = WordHead(token.folded);
            own_keys.push_back(
                {WordHash(token.stem), WordHash(token.folded), WordHash(head), head.size()});
        }
        keys = &own_keys;
    }
    for (std::size_t i = 0; i < text.tokens.size(); ++i) {
        const Token& token = text.tokens[i];
        if (token.technical || token.letters == 0) continue;
        const TokenKeys& key = (*keys)[i];
        if (const auto* list = by_stem_.Find(token.stem, key.stem)) {
            for (std::uint32_t p : *list) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        if (const auto* list = by_exact_.Find(token.folded, key.folded)) {
            for (std::uint32_t p : *list) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        if (const auto* list = by_prefix_head_.Find(
                std::string_view(token.folded).substr(0, key.head_bytes), key.head)) {
            for (std::uint32_t p : *list) MatchFrom(text, i, phrases_[p], max_gap, hits);
        }
        for (std::uint32_t p : short_prefix_) MatchFrom(text, i, phrases_[p], max_gap, hits);
    }
    std::stable_sort(hits.begin(), hits.end(),
                     [](const PhraseHit& a, const PhraseHit& b) { return a.first < b.first; });
    return hits;
}

}  // namespace otklik::triage
