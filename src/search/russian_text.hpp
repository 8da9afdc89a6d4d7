#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace otklik::search {

/// The one Russian text path of Otklik's Xapian indexes (the knowledge base and the appeals):
/// the same folding of «ё» to «е», the same stop words and the Snowball "russian" stemmer on
/// both the indexed text and the query, so that a word found in one index is found in the other
/// the same way. Pure functions; thread-safe.
inline constexpr const char* kStemmerLanguage = "russian";

/// Function words that carry no meaning in a question, with the colloquial fillers people write
/// to the chatbot the way they speak; lower case, «е» for «ё».
std::span<const char* const> StopWords();

/// `text` with «ё»/«Ё» replaced by «е»/«Е», byte for byte otherwise.
std::string NormalizeYo(std::string_view text);

/// `text` after NormalizeYo in lower case, other characters kept: what the knowledge base indexes
/// and searches. Xapian's "stem some" strategy leaves a capitalised word unstemmed, so that the
/// first word of an article's question («Профпроба пройдена…») or a question typed in capitals
/// («НЕ ОТКРЫВАЮТСЯ») would not meet the same word in another form.
std::string FoldCase(std::string_view text);

/// The general synonyms of a citizen's words and the knowledge base's words («заплатить» and
/// «оплатить», «справка» and «выписка», «аккаунт» and «личный кабинет»): data/kb_ru_synonyms.tsv,
/// compiled in. Each group's terms as written (one or more words each); comment lines skipped.
const std::vector<std::vector<std::string>>& RussianSynonyms();

/// The text of data/kb_ru_synonyms.tsv (generated from it at build time).
std::string_view RussianSynonymsTsv();

/// The lower-case words of `text` as Xapian's query parser sees them (after NormalizeYo).
std::vector<std::string> Words(std::string_view text);

}  // namespace otklik::search
