#include "search/knowledge_base.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "text/csv.hpp"
#include "text/utf8.hpp"

namespace otklik::search {
namespace {

namespace json = boost::json;

std::vector<std::string> Strings(const json::value& value) {
    std::vector<std::string> items;
    if (value.is_array()) {
        for (const auto& item : value.as_array()) {
            if (item.is_string()) items.emplace_back(item.as_string());
        }
    } else if (value.is_string()) {
        items.emplace_back(value.as_string());
    }
    return items;
}

json::array Array(const std::vector<std::string>& items) {
    json::array array;
    for (const auto& item : items) array.emplace_back(item);
    return array;
}

std::string Join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ";") + item;
    return text;
}

std::vector<std::string> SplitList(const std::string& text) {
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ';')) {
        if (!item.empty()) items.push_back(item);
    }
    return items;
}

constexpr const char* kCsvColumns[] = {"key",      "base",          "regulation", "kind",
                                       "category", "category_name", "audience",   "region_scope",
                                       "question", "answer",        "keywords",   "published"};

core::Error Invalid(const std::string& field, const std::string& message) {
    return core::Error::Validation({{field, "invalid", message}});
}

// Gives `article` its base's regulation (issue 15); refuses an unknown base or another
// regulation. `field` names the article in the request ("items[3]").
core::Result<void> BelongToBase(core::KbArticle& article, const std::vector<core::KbBase>& bases,
                                const std::string& field) {
    const bool known = std::any_of(bases.begin(), bases.end(),
                                   [&](const core::KbBase& b) { return b.code == article.base; });
    if (!known) {
        return core::Fail(core::Error::Validation(
            {{field + "base", "unknown_base",
              "База знаний «" + article.base +
                  "» не найдена: сначала создайте её (POST /api/v1/kb/bases)"}}));
    }
    const std::string regulation = RegulationOfBase(article.base, bases);
    if (article.regulation.empty()) {
        article.regulation = regulation;
    } else if (!regulation.empty() && article.regulation != regulation) {
        return core::Fail(core::Error::Validation(
            {{field + "regulation", "base_mismatch",
              "Регламент статьи «" + article.regulation + "» не совпадает с регламентом базы «" +
                  article.base + "» («" + regulation + "»)"}}));
    }
    return {};
}

}  // namespace

json::object ArticleJson(const core::KbArticle& a) {
    return json::object{{"id", a.id},
                        {"key", a.key},
                        {"base", a.base},
                        {"regulation", a.regulation},
                        {"kind", a.kind},
                        {"category", a.category},
                        {"category_name", a.category_name},
                        {"audience", Array(a.audience)},
                        {"region_scope", a.region_scope.empty() ? json::value(nullptr)
                                                                : json::value(a.region_scope)},
                        {"question", a.question},
                        {"answer", a.answer},
                        {"keywords", Array(a.keywords)},
                        {"published", a.published},
                        {"version", a.version},
                        {"origin_key", a.origin_key},
                        {"locally_edited", a.locally_edited},
                        {"updated_at", core::FormatInstant(a.updated_at)},
                        {"updated_by", a.updated_by}};
}

core::Result<core::KbArticle> ParseArticle(const json::object& body, core::KbArticle a) {
    const auto text = [&body](const char* key, std::string& out) {
        if (const auto* v = body.if_contains(key)) {
            if (v->is_string())
                out = std::string(v->as_string());
            else if (v->is_null())
                out.clear();
        }
    };
    if (const auto* v = body.if_contains("key"); v && v->is_string()) {
        a.key = std::string(v->as_string());
    } else if (const auto* id = body.if_contains("id"); id && id->is_string()) {
        a.key = std::string(id->as_string());  // the demo files name the key "id"
    }
    text("base", a.base);
    text("regulation", a.regulation);
    text("kind", a.kind);
    text("category", a.category);
    text("category_name", a.category_name);
    text("region_scope", a.region_scope);
    text("question", a.question);
    text("answer", a.answer);
    if (const auto* v = body.if_contains("audience")) a.audience = Strings(*v);
    if (const auto* v = body.if_contains("keywords")) a.keywords = Strings(*v);
    if (const auto* v = body.if_contains("published"); v && v->is_bool()) {
        a.published = v->as_bool();
    }
    if (const auto* v = body.if_contains("version"); v && v->is_int64()) {
        a.version = v->as_int64();
    }
    std::vector<core::FieldError> errors;
    if (a.base.empty()) errors.push_back({"base", "required", "Укажите базу знаний"});
    if (a.question.empty()) errors.push_back({"question", "required", "Укажите вопрос"});
    if (a.answer.empty()) errors.push_back({"answer", "required", "Укажите ответ"});
    if (a.kind != "faq" && a.kind != "script") {
        errors.push_back({"kind", "invalid", "Вид статьи: faq или script"});
    }
    if (!errors.empty()) return core::Fail(core::Error::Validation(std::move(errors)));
    if (a.audience.empty()) a.audience = {"any"};
    return a;
}

std::string ArticlesCsv(const std::vector<core::KbArticle>& articles) {
    std::string csv = text::CsvLine({std::begin(kCsvColumns), std::end(kCsvColumns)});
    for (const auto& a : articles) {
        const std::vector<std::string> row = {
            a.key,      a.base,          a.regulation,     a.kind,
            a.category, a.category_name, Join(a.audience), a.region_scope,
            a.question, a.answer,        Join(a.keywords), a.published ? "1" : "0"};
        csv += text::CsvLine(row);
    }
    return csv;
}

core::Result<std::vector<core::KbArticle>> ParseArticlesCsv(std::string_view csv) {
    // A spreadsheet saved as windows-1251 would otherwise be stored as is and break every JSON
    // answer that shows the article (found by tests/fuzz/kb_import_fuzzer).
    if (!text::IsValidUtf8(csv)) {
        return core::Fail(Invalid("csv", "CSV должен быть в кодировке UTF-8"));
    }
    auto records = text::ParseCsv(csv);
    if (!records) {
        return core::Fail(Invalid(
            "csv", "Строка " + std::to_string(records.error().line) + ": " + records.error().what));
    }
    const auto& rows = *records;
    if (rows.empty()) return core::Fail(Invalid("csv", "Пустой CSV: нужна строка заголовка"));
    std::map<std::string, std::size_t> columns;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i) columns[rows[0].fields[i]] = i;
    for (const char* required : {"base", "question", "answer"}) {
        if (!columns.count(required)) {
            return core::Fail(Invalid("csv", std::string("В CSV нет столбца ") + required));
        }
    }
    std::vector<core::KbArticle> articles;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto get = [&](const char* name) {
            const auto it = columns.find(name);
            const auto& fields = rows[r].fields;
            return it == columns.end() || it->second >= fields.size() ? std::string()
                                                                      : fields[it->second];
        };
        core::KbArticle a;
        a.key = get("key");
        a.base = get("base");
        a.regulation = get("regulation");
        a.kind = get("kind").empty() ? "faq" : get("kind");
        a.category = get("category");
        a.category_name = get("category_name");
        a.audience = SplitList(get("audience"));
        if (a.audience.empty()) a.audience = {"any"};
        a.region_scope = get("region_scope");
        a.question = get("question");
        a.answer = get("answer");
        a.keywords = SplitList(get("keywords"));
        a.published = get("published") != "0";
        if (a.base.empty() || a.question.empty() || a.answer.empty()) {
            return core::Fail(Invalid(
                "csv", "Строка " + std::to_string(rows[r].line) + ": нужны база, вопрос и ответ"));
        }
        // The same rule as ParseArticle: the JSON import refuses any other kind.
        if (a.kind != "faq" && a.kind != "script") {
            return core::Fail(Invalid(
                "csv", "Строка " + std::to_string(rows[r].line) + ": вид статьи — faq или script"));
        }
        articles.push_back(std::move(a));
    }
    return articles;
}

void KnowledgeBase::Reload() {
    auto bases = store_.ListBases();
    auto articles = store_.ListArticles("", false);
    auto synonyms = store_.Synonyms("");
    if (!bases || !articles || !synonyms) throw std::runtime_error("kb: the store did not answer");
    index_.Rebuild(*bases, *articles, *synonyms);
}

void KnowledgeBase::Refresh(std::int64_t id) {
    auto article = store_.FindArticle(id);
    if (article) {
        index_.Upsert(*article);
    } else if (article.error().kind == core::ErrorKind::kNotFound) {
        index_.Remove(id);
    } else {
        throw std::runtime_error("kb: the store did not answer: " + article.error().message);
    }
}

core::Result<core::KbBase> KnowledgeBase::CreateBase(const core::KbBase& base) {
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    if (std::any_of(bases->begin(), bases->end(),
                    [&](const core::KbBase& b) { return b.code == base.code; })) {
        return core::Fail(core::Error::Conflict(
            "base_exists", "База знаний с кодом «" + base.code + "» уже есть"));
    }
    auto valid = ValidateBase(base, *bases);
    if (!valid) return core::Fail(valid.error());
    auto saved = store_.SaveBase(*valid);
    if (saved) Reload();
    return saved;
}

core::Result<core::KbBase> KnowledgeBase::ConfigureBase(const std::string& code,
                                                        const KbBasePatch& patch,
                                                        const std::string& actor) {
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    const auto it = std::find_if(bases->begin(), bases->end(),
                                 [&](const core::KbBase& b) { return b.code == code; });
    if (it == bases->end()) return core::Fail(core::Error::NotFound("База знаний не найдена"));
    core::KbBase base = *it;
    const std::string old_regulation = base.regulation;
    if (patch.name) base.name = *patch.name;
    if (patch.regulation) base.regulation = *patch.regulation;
    if (patch.region) base.region = *patch.region;
    if (patch.parent) base.parent = *patch.parent;
    auto valid = ValidateBase(base, *bases);
    if (!valid) return core::Fail(valid.error());
    auto saved = store_.SaveBase(*valid);
    if (!saved) return core::Fail(saved.error());
    if (saved->regulation != old_regulation) {
        auto articles = store_.ListArticles(code, false);
        if (!articles) return core::Fail(articles.error());
        std::vector<core::KbArticle> moved;
        for (auto a : *articles) {
            if (a.regulation == saved->regulation) continue;
            a.regulation = saved->regulation;
            moved.push_back(std::move(a));
        }
        if (!moved.empty()) {
            if (auto written = store_.SaveArticles(moved, actor); !written) {
                return core::Fail(written.error());
            }
        }
    }
    Reload();
    return saved;
}

core::Result<core::KbArticle> KnowledgeBase::Create(core::KbArticle article,
                                                    const std::string& actor) {
    article.id = 0;
    article.version = 0;
    if (article.key.empty()) {
        // Keys stay readable: base and a time stamp unique enough for manual creation.
        article.key = article.base + "-" +
                      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
    }
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    if (auto belongs = BelongToBase(article, *bases, ""); !belongs) {
        return core::Fail(belongs.error());
    }
    auto saved = store_.SaveArticle(article, actor);
    if (saved) index_.Upsert(*saved);
    return saved;
}

core::Result<core::KbArticle> KnowledgeBase::Update(core::KbArticle article,
                                                    const std::string& actor) {
    if (!article.origin_key.empty()) article.locally_edited = true;
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    if (auto belongs = BelongToBase(article, *bases, ""); !belongs) {
        return core::Fail(belongs.error());
    }
    auto saved = store_.SaveArticle(article, actor);
    if (saved) index_.Upsert(*saved);
    return saved;
}

core::Result<bool> KnowledgeBase::Delete(std::int64_t id, const std::string& actor) {
    auto deleted = store_.DeleteArticle(id, actor);
    if (deleted) index_.Remove(id);
    return deleted;
}

core::Result<int> KnowledgeBase::Import(const std::vector<core::KbArticle>& articles,
                                        const std::string& actor) {
    auto existing = store_.ListArticles("", false);
    if (!existing) return core::Fail(existing.error());
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    std::map<std::string, const core::KbArticle*> by_key;
    for (const auto& a : *existing) by_key[a.key] = &a;
    std::vector<core::KbArticle> batch;
    for (auto a : articles) {
        const std::string field = "items[" + std::to_string(batch.size()) + "].";
        if (a.key.empty()) {
            return core::Fail(Invalid("key", "У каждой импортируемой статьи должен быть код"));
        }
        if (auto belongs = BelongToBase(a, *bases, field); !belongs) {
            return core::Fail(belongs.error());
        }
        if (const auto it = by_key.find(a.key); it != by_key.end()) {
            a.id = it->second->id;
            a.version = it->second->version;
            a.origin_key = it->second->origin_key;
            a.origin_version = it->second->origin_version;
            a.locally_edited = it->second->locally_edited;
        } else {
            a.id = 0;
            a.version = 0;
        }
        batch.push_back(std::move(a));
    }
    auto saved = store_.SaveArticles(batch, actor);
    if (saved) Reload();
    return saved;
}

core::Result<std::vector<core::KbSynonymGroup>> KnowledgeBase::Synonyms(const std::string& base) {
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    if (std::none_of(bases->begin(), bases->end(),
                     [&](const core::KbBase& b) { return b.code == base; })) {
        return core::Fail(core::Error::NotFound("База знаний не найдена"));
    }
    return store_.Synonyms(base);
}

core::Result<std::vector<core::KbSynonymGroup>> KnowledgeBase::SetSynonyms(
    const std::string& base, std::vector<std::vector<std::string>> groups) {
    if (auto known = Synonyms(base); !known) return core::Fail(known.error());
    std::vector<core::FieldError> problems;
    std::vector<core::KbSynonymGroup> cleaned;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        core::KbSynonymGroup group{base, {}};
        std::set<std::string> seen;
        for (auto& term : groups[i]) {
            const auto first = term.find_first_not_of(" \t\r\n");
            if (first == std::string::npos) continue;
            term = term.substr(first, term.find_last_not_of(" \t\r\n") - first + 1);
            if (term.size() > 100) {
                problems.push_back({"groups[" + std::to_string(i) + "]", "too_long",
                                    "Термин длиннее 100 символов: «" + term.substr(0, 40) + "…»"});
            } else if (seen.insert(term).second) {
                group.terms.push_back(term);
            }
        }
        if (group.terms.size() == 1) {
            problems.push_back({"groups[" + std::to_string(i) + "]", "single_term",
                                "В группе синонимов нужны хотя бы два разных термина: «" +
                                    group.terms.front() + "»"});
        }
        if (group.terms.size() >= 2) cleaned.push_back(std::move(group));
    }
    if (!problems.empty()) return core::Fail(core::Error::Validation(std::move(problems)));
    if (auto saved = store_.SetSynonyms(base, cleaned); !saved) return core::Fail(saved.error());
    // Synonyms are built into each base's database: a base and its children are re-indexed.
    Reload();
    return cleaned;
}

core::Result<int> KnowledgeBase::Publish(const std::string& child, const std::string& actor) {
    auto bases = store_.ListBases();
    if (!bases) return core::Fail(bases.error());
    const core::KbBase* target = nullptr;
    for (const auto& base : *bases) {
        if (base.code == child) target = &base;
    }
    if (!target) return core::Fail(core::Error::NotFound("База знаний не найдена"));
    if (target->parent.empty()) {
        return core::Fail(core::Error::Unprocessable(
            "no_parent", "У этой базы нет родительской: публиковать в неё нечего"));
    }
    auto parent_articles = store_.ListArticles(target->parent, true);
    auto child_articles = store_.ListArticles(child, false);
    if (!parent_articles) return core::Fail(parent_articles.error());
    if (!child_articles) return core::Fail(child_articles.error());
    std::map<std::string, const core::KbArticle*> copies;
    for (const auto& a : *child_articles) {
        if (!a.origin_key.empty()) copies[a.origin_key] = &a;
    }
    std::vector<core::KbArticle> batch;
    for (const auto& source : *parent_articles) {
        if (source.kind != "faq") continue;
        core::KbArticle copy = source;
        copy.base = child;
        copy.origin_key = source.key;
        copy.origin_version = source.version;
        copy.locally_edited = false;
        if (const auto it = copies.find(source.key); it != copies.end()) {
            // Local edits win over the parent's newer text (002 §2.1: regions adapt the FAQ).
            if (it->second->locally_edited || it->second->origin_version == source.version) {
                continue;
            }
            copy.id = it->second->id;
            copy.key = it->second->key;
            copy.version = it->second->version;
        } else {
            copy.id = 0;
            copy.version = 0;
            copy.key = source.key + "@" + child;
        }
        batch.push_back(std::move(copy));
    }
    if (batch.empty()) return 0;
    auto saved = store_.SaveArticles(batch, actor);
    if (saved) Reload();
    return saved;
}

core::Result<int> KnowledgeBase::LoadDemo(const std::string& jsonl, const std::string& synonyms_tsv,
                                          const std::string& actor) {
    std::vector<core::KbArticle> articles;
    std::map<std::string, std::vector<core::KbSynonymGroup>> groups;
    std::map<std::string, std::string> regulation_of;  // base → regulation
    std::map<std::string, std::string> region_of;      // base → region
    std::map<std::string, std::string> base_name;      // base → its name, when the data says
    std::istringstream lines(jsonl);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        boost::system::error_code ec;
        auto value = json::parse(line, ec);
        if (ec || !value.is_object()) {
            return core::Fail(
                Invalid("jsonl", "Строка " + std::to_string(number) + ": не JSON-объект"));
        }
        auto article = ParseArticle(value.as_object(), {});
        if (!article) return core::Fail(article.error());
        if (const auto* synonyms = value.as_object().if_contains("synonyms");
            synonyms && synonyms->is_array()) {
            for (const auto& group : synonyms->as_array()) {
                groups[article->base].push_back({article->base, Strings(group)});
            }
        }
        regulation_of[article->base] = article->regulation;
        // The data names its federal bases ("base_name" on any one of the base's lines).
        if (const auto* name = value.as_object().if_contains("base_name");
            name && name->is_string()) {
            base_name[article->base] = std::string(name->as_string());
        }
        if (const auto at = article->base.find("-region-"); at != std::string::npos) {
            region_of[article->base] = article->base.substr(at + 8);
        }
        articles.push_back(std::move(*article));
    }
    std::map<std::string, std::string> root_of;  // regulation → root base
    for (const auto& [base, regulation] : regulation_of) {
        if (!region_of.count(base)) root_of[regulation] = base;
    }
    for (const auto& [base, regulation] : regulation_of) {
        core::KbBase b;
        b.code = base;
        b.regulation = regulation;
        if (const auto region = region_of.find(base); region != region_of.end()) {
            b.region = region->second;
            b.parent = root_of.count(regulation) ? root_of[regulation] : "";
            b.name = "Региональная база, регион " + b.region;
        } else {
            const auto named = base_name.find(base);
            b.name = named != base_name.end() ? named->second : "Федеральная база " + regulation;
            std::istringstream rows(synonyms_tsv);
            std::string row;
            while (std::getline(rows, row)) {
                core::KbSynonymGroup group{base, {}};
                std::istringstream terms(row);
                std::string term;
                while (std::getline(terms, term, '\t')) {
                    if (!term.empty() && term.back() == '\r') term.pop_back();
                    if (!term.empty()) group.terms.push_back(term);
                }
                if (group.terms.size() > 1) groups[base].push_back(std::move(group));
            }
        }
        if (auto saved = store_.SaveBase(b); !saved) return core::Fail(saved.error());
    }
    for (const auto& [base, list] : groups) {
        if (auto saved = store_.SetSynonyms(base, list); !saved) return core::Fail(saved.error());
    }
    return Import(articles, actor);
}

}  // namespace otklik::search
