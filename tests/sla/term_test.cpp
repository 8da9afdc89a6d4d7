#include "sla/term.hpp"

#include <cmath>
#include <limits>

#include "sla_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::sla {
namespace {

using namespace std::chrono_literals;
using testing::AroundTheClock;
using testing::Office;

TEST(Term, ConvertsEachUnitToABudget) {
    const auto office = Office("Europe/Moscow");
    const struct {
        Term term;
        core::Duration amount;
        TermClock clock;
    } cases[] = {
        {{1, Term::Unit::kBusinessDays}, 8h, TermClock::kWorkingTime},  // 004, table 2: P1
        {{5, Term::Unit::kBusinessDays}, 40h, TermClock::kWorkingTime},
        {{0.5, Term::Unit::kBusinessDays}, 4h, TermClock::kWorkingTime},
        {{2.5, Term::Unit::kBusinessHours}, 2h + 30min, TermClock::kWorkingTime},
        {{30, Term::Unit::kCalendarDays}, 720h, TermClock::kAroundTheClock},  // 000 §4.1.4
        {{24, Term::Unit::kHours}, 24h, TermClock::kAroundTheClock},          // 000 §5.5
        {{0, Term::Unit::kHours}, 0h, TermClock::kAroundTheClock},
    };
    for (const auto& c : cases) {
        const auto budget = ToBudget(c.term, office);
        ASSERT_TRUE(budget.has_value());
        EXPECT_EQ(budget->amount, c.amount) << c.term.amount;
        EXPECT_EQ(budget->clock, c.clock) << c.term.amount;
    }
}

TEST(Term, BusinessDayOnAroundTheClockCalendarIs24Hours) {
    const auto budget = ToBudget({1, Term::Unit::kBusinessDays}, AroundTheClock("UTC"));
    ASSERT_TRUE(budget.has_value());
    EXPECT_EQ(budget->amount, 24h);
}

TEST(Term, RefusesNegativeNonFiniteAndHugeAmounts) {
    const auto office = Office("Europe/Moscow");
    for (const double amount : {-1.0, std::nan(""), std::numeric_limits<double>::infinity(), 1e9}) {
        EXPECT_FALSE(ToBudget({amount, Term::Unit::kBusinessDays}, office).has_value()) << amount;
    }
}

TEST(Term, NominalLengthComparesUnits) {
    const auto office = Office("Europe/Moscow");
    const auto nominal = [&](Term term) { return NominalLength(*ToBudget(term, office), office); };
    EXPECT_EQ(nominal({1, Term::Unit::kBusinessDays}), 24h);
    EXPECT_EQ(nominal({8, Term::Unit::kBusinessHours}), 24h);
    EXPECT_EQ(nominal({24, Term::Unit::kHours}), 24h);
    EXPECT_EQ(nominal({2, Term::Unit::kCalendarDays}), 48h);
    EXPECT_LT(nominal({2, Term::Unit::kBusinessDays}), nominal({5, Term::Unit::kBusinessDays}));
}

}  // namespace
}  // namespace otklik::sla
