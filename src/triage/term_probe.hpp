#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace otklik::triage {

/// One text's term hashes in an open-addressed table, for counting what each of many other
/// texts shares with it. The mass-incident check compares a new report with the ~300 recent ones;
/// merging two sorted lists mispredicts a branch at nearly every step, while a probe of a table
/// that stays in the L1 cache does not (issue 18: the merges were 10 % of registration CPU).
/// Counts are those of the merge for lists without repeats (fingerprints are sorted and unique).
class TermProbe {
public:
    /// `terms` (any order); `marked` (sorted), a subset named apart (a report's numbers and
    /// names).
    explicit TermProbe(const std::vector<std::uint64_t>& terms,
                       const std::vector<std::uint64_t>& marked = {});

    /// How many terms it was built from (repeats included, as the merge counts them).
    std::size_t size() const { return size_; }

    /// 0: not one of the terms; 1: one of them; 2: one of them and marked.
    unsigned Find(std::uint64_t term) const {
        for (std::size_t slot = Slot(term);; slot = (slot + 1) & mask_) {
            if (state_[slot] == 0) return 0;
            if (keys_[slot] == term) return state_[slot];
        }
    }

private:
    std::size_t Slot(std::uint64_t term) const {
        return static_cast<std::size_t>((term * 0x9E3779B97F4A7C15ULL) >> 40) & mask_;
    }

    std::size_t size_ = 0;
    std::size_t mask_ = 0;
    std::vector<std::uint64_t> keys_;
    std::vector<unsigned char> state_;  // 0 empty, 1 a term, 2 a marked term
};

}  // namespace otklik::triage
