// The triage text classifier (issue 15, TR-2): its one normalization, deterministic training,
// refusal of a missing or broken file, and how the engine consults the model the build trained
// from the labelled sets (docs/decisions/0009-triage-text-model.md).

#include "classify/text_model.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "triage_test_support.hpp"
#include <gtest/gtest.h>
#include <unistd.h>

#include "triage/lexicons.hpp"
#include "triage/model_signal.hpp"
#include "triage/text_analysis.hpp"
#include "triage/triage_engine.hpp"

namespace otklik::triage {
namespace {

namespace fs = std::filesystem;
using classify::LabelledText;
using classify::TextModel;

class TempFolder {
public:
    TempFolder()
        : path_(fs::temp_directory_path() /
                ("otklik-text-model-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
        fs::create_directories(path_);
    }
    ~TempFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

std::string Bytes(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<LabelledText> TinySet() {
    return {
        {"threat", "сожгу вашу контору вместе с архивом"},
        {"threat", "подожгу ваш офис ночью"},
        {"threat", "спалю контору дотла, так и знайте"},
        {"threat", "вашу контору сожгу, бензин уже купил"},
        {"accept", "не могу войти в личный кабинет, пишет ошибку"},
        {"accept", "подскажите, как войти в личный кабинет"},
        {"accept", "личный кабинет не открывается, помогите войти"},
        {"accept", "как восстановить пароль от личного кабинета"},
    };
}

TEST(TextModel, NormalizeFoldsCaseAndYoKeepsMasksAndDropsPunctuation) {
    EXPECT_EQ(TextModel::Normalize("  Ёлка, ЖДИТЕ!!!\nх*й — 3,14 e-mail: a@b.ru "),
              "елка ждите х*й 3 14 e mail a@b ru");
    EXPECT_EQ(TextModel::Normalize("«»…!?"), "");
}

TEST(TextModel, TheSameRowsTrainTheSameModelWhichClassifiesByThem) {
    TempFolder folder;
    const fs::path first = folder.path() / "a.bin";
    const fs::path second = folder.path() / "b.bin";
    ASSERT_TRUE(TextModel::Train(TinySet(), first));
    ASSERT_TRUE(TextModel::Train(TinySet(), second));
    EXPECT_EQ(Bytes(first), Bytes(second)) << "training must be reproducible";
    EXPECT_FALSE(fs::exists(first.string() + ".train.txt")) << "the training file is removed";

    auto model = TextModel::Load(first);
    ASSERT_TRUE(model) << model.error().message;
    const auto scores = (*model)->Classify("Сожгу контору!");
    ASSERT_EQ(scores.size(), 2u);
    EXPECT_EQ(scores.front().first, "threat");
    const double total =
        std::accumulate(scores.begin(), scores.end(), 0.0,
                        [](double sum, const auto& score) { return sum + score.second; });
    EXPECT_NEAR(total, 1.0, 1e-3);
    EXPECT_GT((*model)->Probability("как войти в личный кабинет?", "accept"), 0.5);
    EXPECT_EQ((*model)->Probability("как войти в личный кабинет?", "insult"), 0.0);
    EXPECT_TRUE((*model)->Classify("!!!").empty()) << "no words: no judgement";
}

// Issue 18: Classify sums each known word's vectors once, at load. On every text of the labelled
// sets, under the model the build trained, it must read the same ids as fastText's dictionary and
// give fastText's probabilities (float sums in another order: about 1e-6 apart).
TEST(TextModel, SummedWordVectorsGiveFastTextsOwnJudgement) {
    auto model = TextModel::Load(OTKLIK_TRIAGE_MODEL);
    ASSERT_TRUE(model) << model.error().message;
    std::vector<std::string> texts = {"", "!!!", "слово", "Сожгу контору!", "zzqx qqzz xxqz"};
    for (const auto& entry : fs::recursive_directory_iterator(OTKLIK_TEST_DATA_DIR "/triage")) {
        if (entry.path().extension() != ".tsv") continue;
        std::ifstream in(entry.path());
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#') continue;
            texts.push_back(line.substr(line.rfind('\t') + 1));
        }
    }
    ASSERT_GT(texts.size(), 3000u);
    double worst = 0.0;
    for (const std::string& text : texts) {
        const auto [by_fasttext, summed] = (*model)->InputIds(text);
        ASSERT_EQ(by_fasttext, summed) << text;
        const auto reference = (*model)->ClassifyByFastText(text);
        const auto fast = (*model)->Classify(text);
        ASSERT_EQ(fast.size(), reference.size()) << text;
        for (const auto& [label, probability] : reference) {
            const double other = (*model)->Probability(text, label);
            worst = std::max(worst, std::abs(other - probability));
            ASSERT_NEAR(other, probability, 1e-5) << label << ": " << text;
        }
    }
    RecordProperty("worst_difference", std::to_string(worst));
}

// Frozen set 11: a reply quoting the service's earlier answer («> Ваше обращение закрыто») under
// the applicant's signature. The quote and the signature are not the applicant's paragraphs:
// judged alone, the quote read as a threat (0.64). The applicant's own two paragraphs are.
TEST(TriageModel, QuotedLinesAndTheSignatureAreNoParagraphsOfTheApplicant) {
    auto model = TextModel::Load(OTKLIK_TRIAGE_MODEL);
    ASSERT_TRUE(model) << model.error().message;
    const std::string own =
        "Спасибо за ответ, но у меня другой вопрос: как скачать квитанцию об оплате госпошлины "
        "за регистрацию брака?";
    const std::string tail =
        "\n\n--\nС уважением, Ястребова Кира\nведущий бухгалтер ООО «Вектор-М»\n\n> Ваше "
        "обращение закрыто. Решение: пароль восстановлен, доступ к кабинету открыт снова.\n> "
        "Служба поддержки";
    // The analysis keeps views of the texts: they outlive it.
    const std::string one_text = own + tail;
    const AnalyzedText quoted = AnalyzeText("Re: Обращение 7789", one_text);
    EXPECT_EQ(ModelSignal(model->get(), quoted).PartProbability("threat"), 0.0)
        << "one paragraph of the applicant's: nothing to judge apart";
    const std::string second =
        "\n\nВ разделе «Платежи» платёж вижу, а кнопки скачивания квитанции у меня нет.";
    const std::string two_texts = own + second + tail;
    const AnalyzedText two = AnalyzeText("Re: Обращение 7789", two_texts);
    EXPECT_GT(ModelSignal(model->get(), two).PartProbability("accept"), 0.0);
}

TEST(TextModel, TrainingStopsWhenCancelled) {
    TempFolder folder;
    std::vector<LabelledText> rows;
    for (int i = 0; i < 200; ++i) {
        for (const auto& row : TinySet()) rows.push_back(row);
    }
    int asked = 0;
    const auto trained = TextModel::Train(rows, folder.path() / "m.bin", [&] {
        ++asked;
        return true;
    });
    ASSERT_FALSE(trained);
    EXPECT_EQ(trained.error().code, "triage_model_cancelled");
    EXPECT_EQ(asked, 1) << "asked once, then stopped";
    EXPECT_FALSE(fs::exists(folder.path() / "m.bin"));
    EXPECT_FALSE(fs::exists(folder.path() / "m.bin.train.txt"));
}

TEST(TextModel, AMissingOrBrokenFileIsRefusedByName) {
    TempFolder folder;
    const auto missing = TextModel::Load(folder.path() / "none.bin");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "triage_model_missing");
    EXPECT_NE(missing.error().message.find("none.bin"), std::string::npos);

    const fs::path broken = folder.path() / "broken.bin";
    std::ofstream(broken) << "not a model";
    const auto invalid = TextModel::Load(broken);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().code, "triage_model_invalid");
    EXPECT_FALSE(Lexicons::Load(OTKLIK_DATA_DIR, broken)) << "a broken model stops the start";
}

// The model the build trained from the labelled sets, through the engine.
TEST(TriageModel, AThreatWithoutLexiconWordsIsHeldOnTheSentenceItRestsOn) {
    const std::string text =
        "Здравствуйте. Если до пятницы не вернёте деньги, я приду к вам в офис не один, и "
        "разговаривать будем по-другому.";
    const TriageOutcome outcome = testing::TriageText(text);
    EXPECT_EQ(outcome.decision, Decision::kHold) << testing::RuleList(outcome);
    const FiredRule* threat = outcome.Find(RuleCode::kThreat);
    ASSERT_NE(threat, nullptr);
    EXPECT_EQ(threat->confidence, Confidence::kMedium);
    EXPECT_EQ(threat->evidence.category, "model");
    ASSERT_FALSE(threat->evidence.matches.empty());
    const TextMatch& sentence = threat->evidence.matches.front();
    EXPECT_EQ(sentence.kind, "model");
    EXPECT_EQ(sentence.matched.rfind("модель: ", 0), 0u) << sentence.matched;
    EXPECT_EQ(text.substr(sentence.offset, sentence.length), sentence.text);
    EXPECT_NE(sentence.text.find("приду к вам"), std::string::npos) << sentence.text;
    EXPECT_NE(threat->message.find("оценка модели"), std::string::npos) << threat->message;

    // The rules alone let it through: the hold is the model's.
    auto rules_only = Lexicons::Load(OTKLIK_DATA_DIR);
    ASSERT_TRUE(rules_only);
    auto engine = TriageEngine::Create(*rules_only, DefaultTriageConfig());
    ASSERT_TRUE(engine);
    EXPECT_EQ(engine->Triage(testing::Draft(text), {}).decision, Decision::kAccept);
}

// Frozen set 17: a polite letter that names its lawful recourse (a deputy, the prosecutor) and
// ends with a threat in its «P.S.». The whole letter all but clears the label (0.01); the
// postscript alone is judged, recourse or not. A lawful postscript stays lawful.
TEST(TriageModel, APostscriptIsJudgedAloneBesideLawfulRecourse) {
    const std::string letter =
        "Добрый день. Прошу заменить разбитый фонарь у дома 7 по ул. Садовой, дети ходят в школу "
        "в темноте. Жалобу я уже направил депутату и в прокуратуру района.\n\nС уважением, "
        "Гаврилов Олег\n\nP.S. ";
    const std::string threat = letter +
                               "Ваш инженер Сомов каждый вечер оставляет машину под этим "
                               "фонарём. Я двадцать лет проработал на СТО и знаю, какую гайку "
                               "открутить, чтобы он до дома не доехал.";
    const TriageOutcome held = testing::TriageText(threat);
    EXPECT_EQ(held.decision, Decision::kHold) << testing::RuleList(held);
    const FiredRule* rule = held.Find(RuleCode::kThreat);
    ASSERT_NE(rule, nullptr);
    ASSERT_FALSE(rule->evidence.matches.empty());
    EXPECT_NE(rule->evidence.matches.front().text.find("Сомов"), std::string::npos)
        << rule->evidence.matches.front().text;

    const TriageOutcome lawful = testing::TriageText(
        letter + "Ответ прошу прислать на почту, по телефону я днём на работе и не отвечаю.");
    EXPECT_EQ(lawful.decision, Decision::kAccept) << testing::RuleList(lawful);
    // A postscript that asks politely is a request, not judged alone (alone it read 1.00).
    const TriageOutcome bench = testing::TriageText(
        letter +
        "Если можно, пусть заодно покрасят скамейку у подъезда, она вся облезла и дети "
        "пачкают одежду.");
    EXPECT_EQ(bench.Find(RuleCode::kThreat), nullptr) << testing::RuleList(bench);
}

// Frozen set 17: a letter of thanks that names the operator and the family («Спасибо вашему
// специалисту Ольге, всё объяснила, дочь уже записалась») read as a threat (0.66–0.98). The
// classifier's guess that rests on the thanks itself is not a threat; the letter is what it is,
// thanks without a question («объяснила» tells what she did, it asks nothing).
TEST(TriageModel, ALetterOfThanksIsNoThreat) {
    const TriageOutcome thanks = testing::TriageText(
        "Добрый день! Спасибо вашему специалисту Ольге, всё объяснила, дочь уже записалась к "
        "врачу.");
    EXPECT_EQ(thanks.Find(RuleCode::kThreat), nullptr) << testing::RuleList(thanks);
    EXPECT_NE(thanks.Find(RuleCode::kNoQuestion), nullptr) << testing::RuleList(thanks);

    // Thirty letters of thanks written apart (tests/data/triage/thanks_letters.tsv, never
    // trained on): the classifier's threats among them stay rare.
    std::ifstream file(OTKLIK_TEST_DATA_DIR "/triage/thanks_letters.tsv");
    ASSERT_TRUE(file);
    std::size_t letters = 0;
    std::size_t threats = 0;
    for (std::string line; std::getline(file, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line.front() == '#' || tab == std::string::npos) continue;
        std::string text;
        for (std::size_t i = tab + 1; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
                text += '\n';
                ++i;
            } else {
                text += line[i];
            }
        }
        ++letters;
        threats += testing::TriageText(text).Find(RuleCode::kThreat) != nullptr;
    }
    EXPECT_EQ(letters, 30u);
    EXPECT_LE(threats, 3u) << "of " << letters << " letters of thanks read as threats";
}

TEST(TriageModel, TheModelNeverRefusesAndLeavesOrdinaryAppealsAlone) {
    const TriageOutcome ordinary = testing::TriageText(
        "Добрый день! Третий раз не могу записать ребёнка в кружок через портал, кнопка "
        "«Записаться» серая. Подскажите, что делать?");
    EXPECT_EQ(ordinary.decision, Decision::kAccept) << testing::RuleList(ordinary);

    TriageConfig config = DefaultTriageConfig();
    config.thresholds.model_threat = 0.0;  // every appeal reaches the model's threshold
    const TriageEngine engine = testing::EngineWith(config);
    const TriageOutcome outcome =
        engine.Triage(testing::Draft("Подскажите, как поменять номер телефона в профиле?"), {});
    const FiredRule* threat = outcome.Find(RuleCode::kThreat);
    ASSERT_NE(threat, nullptr);
    EXPECT_EQ(threat->action, RuleAction::kHold) << "a person decides, never the model alone";
}

}  // namespace
}  // namespace otklik::triage
