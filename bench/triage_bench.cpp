// Triage benchmark (issue 4): precision and recall per rule on the labelled corpus, and the
// average triage time per appeal — over the corpus and for a 2 KB appeal with a realistic
// context (stored fingerprints, 10 earlier appeals, 300 recent appeals of others).
//
// Usage: otklik_triage_bench [data_dir] [corpus_dir]

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "triage_corpus.hpp"
#include "triage_eval.hpp"

#include "triage/lexicons.hpp"
#include "triage/triage_engine.hpp"

using namespace otklik::triage;

namespace {

// A little over 2 KB of UTF-8: a long municipal complaint with the question at the end.
std::string LongAppeal() {
    return "Добрый день. Пишу от имени жителей домов 12, 14 и 16 по улице Набережной. Уже третий "
           "год подряд весной двор превращается в болото: ливневая канализация забита, вода "
           "стоит по щиколотку, дети идут в школу по бордюрам, пожилые люди не могут выйти из "
           "подъезда. Мы неоднократно обращались в управляющую компанию «Уют-Сервис», нам "
           "отвечали, что двор не на их балансе и ливнёвка относится к городу. В администрации "
           "района сказали, что работы запланированы, но сроков не назвали. В прошлом году "
           "приезжала машина, откачала воду, но через неделю всё повторилось. Летом в яме у "
           "третьего подъезда застрял автомобиль скорой помощи, который ехал к соседке, — "
           "пришлось толкать всем двором. Осенью асфальт вокруг решёток просел, образовались "
           "ямы глубиной до двадцати сантиметров. Зимой вода замерзает, и вместо двора получается "
           "каток: за прошлую зиму двое соседей сломали руку, одна пенсионерка — шейку бедра. "
           "Мы собрали подписи 84 жителей и приложили фотографии. Просим сообщить, на чьём балансе "
           "находится ливневая канализация во "
           "дворе, включены ли работы по её прочистке и ремонту асфальта в план на этот год и "
           "какие сроки выполнения работ? Заранее спасибо за ответ.";
}

}  // namespace

int main(int argc, char** argv) {
    const std::string data_dir = argc > 1 ? argv[1] : OTKLIK_DATA_DIR;
    const std::string corpus_dir =
        argc > 2 ? argv[2] : std::string(OTKLIK_TEST_DATA_DIR) + "/triage";
    auto lexicons = Lexicons::Load(data_dir);
    if (!lexicons) {
        std::cerr << lexicons.error().message << "\n";
        return 1;
    }
    auto rows = testing::LoadCorpus(corpus_dir);
    if (!rows) {
        std::cerr << rows.error().message << "\n";
        return 1;
    }
    const testing::CorpusReport report = testing::EvaluateCorpus(*rows, *lexicons, 5);
    std::cout << "Triage corpus: " << rows->size() << " appeals\n" << testing::FormatReport(report);
    // Issue 15: per label on the tuning set and on the frozen set written apart from the rules
    // (under the shipped regulations' [triage] policies).
    if (auto tuning = testing::Evaluate("Tuning set (per label)", testing::LabelTuningCorpus(*rows),
                                        *lexicons, testing::EvalConfig::kSeed)) {
        std::cout << "\n" << testing::FormatEvalReport(*tuning);
    }
    if (auto frozen = testing::LoadFrozenSet(corpus_dir + "/frozen/appeals.tsv")) {
        if (auto scored =
                testing::Evaluate("Frozen set (per label)", *frozen, *lexicons,
                                  testing::EvalConfig::kProduct, OTKLIK_REGULATIONS_DIR)) {
            std::cout << "\n" << testing::FormatEvalReport(*scored);
        } else {
            std::cerr << scored.error().message << "\n";
        }
    }

    auto engine = TriageEngine::Create(*lexicons, testing::SeedConfig("pos"));
    if (!engine) {
        std::cerr << engine.error().message << "\n";
        return 1;
    }
    TriageInput input;
    input.channel = "web";
    input.text = LongAppeal();
    input.has_name = input.has_email = true;
    input.received_at = otklik::core::Instant{std::chrono::hours(24 * 20465 + 9)};
    TriageContext context;
    for (std::size_t i = 0; i < rows->size() && context.recent_others.size() < 300; ++i) {
        PastAppeal appeal;
        appeal.id = static_cast<std::int64_t>(i + 1);
        appeal.applicant = "other-" + std::to_string(i);
        appeal.text = (*rows)[i].text;
        appeal.status = "registered";
        appeal.created = input.received_at - std::chrono::minutes(i + 1);
        appeal.fingerprint = engine->Fingerprint({}, appeal.text);
        if (context.earlier.size() < 10 && i % 7 == 0) {
            appeal.applicant = "me";
            context.earlier.push_back(appeal);
        } else {
            context.recent_others.push_back(appeal);
        }
    }
    constexpr int kRuns = 2000;
    const auto start = std::chrono::steady_clock::now();
    std::size_t rules = 0;
    for (int i = 0; i < kRuns; ++i) rules += engine->Triage(input, context).rules.size();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    const double micros =
        std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(kRuns);
    std::printf(
        "2 KB appeal (%zu bytes, %zu earlier, %zu recent others): %.1f us per triage "
        "(%zu rules fired per run)\n",
        input.text.size(), context.earlier.size(), context.recent_others.size(), micros,
        rules / kRuns);
    return 0;
}
