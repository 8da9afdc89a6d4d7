#pragma once

#include <string>
#include <string_view>

namespace otklik::triage {

/// Russian Snowball stem (Xapian::Stem) of a case-folded word. Safe to call from any thread:
/// each thread keeps its own stemmer and a bounded cache of recent words.
std::string StemRussian(std::string_view folded_word);

}  // namespace otklik::triage
