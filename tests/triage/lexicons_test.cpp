#include "triage/lexicons.hpp"

#include "triage_test_support.hpp"
#include <gtest/gtest.h>

namespace otklik::triage {
namespace {

LexiconTexts Minimal() {
    LexiconTexts texts;
    texts.homoglyphs = "letter\tvariants\nх\txX\n";
    texts.profanity_exceptions = "stem\tsource\nрубл\tx\n";
    texts.abuse =
        "@prefixes\tна по\npattern\tmatch\tkind\tstrength\tnote\nхуй\tprefixed\tmat\tstrong\n";
    texts.threats = "pattern\tcategory\tform\nубью\tviolence\tverb\n";
    texts.vocabulary = "class\tpattern\tvalue\ncourtesy\t=привет\nsynonym\tзайти\tвойти\n";
    texts.places =
        "place\tcity\tregion\tregion_name\nнижнем новгороде\tнижний новгород\t52\tНижегородская "
        "область\n";
    return texts;
}

TEST(TriageLexicons, ProjectFilesLoad) {
    const auto lexicons = testing::ProjectLexicons();
    EXPECT_GT(lexicons->abuse().size(), 100u);
    EXPECT_GT(lexicons->exceptions().size(), 100u);
    EXPECT_FALSE(lexicons->prefixes().empty());
    EXPECT_GT(lexicons->threats().size(), 40u);
    EXPECT_GT(lexicons->vocabulary().size(), 500u);
    // "y" may stand for у or й.
    EXPECT_EQ(lexicons->homoglyphs().at(U'y'), U"уй");
}

TEST(TriageLexicons, ParsesMinimalTexts) {
    const auto lexicons = Lexicons::Parse(Minimal());
    ASSERT_TRUE(lexicons.has_value()) << lexicons.error().message;
    EXPECT_EQ((*lexicons)->abuse().size(), 1u);
    EXPECT_EQ((*lexicons)->prefixes().size(), 2u);
    ASSERT_EQ((*lexicons)->places().size(), 1u);
    EXPECT_EQ((*lexicons)->places()[0].words, (std::vector<std::string>{"нижнем", "новгороде"}));
    EXPECT_EQ((*lexicons)->places()[0].region, "52");
}

// A place row without its region is refused with the file and line (issue 15).
TEST(TriageLexicons, APlaceWithoutItsRegionIsRefused) {
    LexiconTexts texts = Minimal();
    texts.places = "place\tcity\tregion\tregion_name\nсамаре\tсамара\n";
    const auto lexicons = Lexicons::Parse(texts);
    ASSERT_FALSE(lexicons.has_value());
    EXPECT_NE(lexicons.error().message.find("triage_places.tsv"), std::string::npos)
        << lexicons.error().message;
}

TEST(TriageLexicons, ErrorsNameFileAndLine) {
    LexiconTexts texts = Minimal();
    texts.abuse = "pattern\tmatch\tkind\tstrength\nхуй\tsomewhere\tmat\tstrong\n";
    const auto lexicons = Lexicons::Parse(texts);
    ASSERT_FALSE(lexicons.has_value());
    EXPECT_NE(lexicons.error().message.find("triage_abuse_lexicon.tsv:2"), std::string::npos)
        << lexicons.error().message;

    texts = Minimal();
    texts.vocabulary = "class\tpattern\n# comment\nnonsense\tслово\n";
    const auto vocabulary = Lexicons::Parse(texts);
    ASSERT_FALSE(vocabulary.has_value());
    EXPECT_NE(vocabulary.error().message.find("triage_vocabulary.tsv:3"), std::string::npos);
}

TEST(TriageLexicons, MissingDirectoryFails) {
    const auto lexicons = Lexicons::Load("/nonexistent/otklik");
    ASSERT_FALSE(lexicons.has_value());
    EXPECT_EQ(lexicons.error().code, "lexicon_missing");
}

}  // namespace
}  // namespace otklik::triage
