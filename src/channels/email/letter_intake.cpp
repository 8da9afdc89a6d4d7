#include "channels/email/letter_intake.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <map>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "channels/email/mime_parser.hpp"
#include "core/appeal_attributes.hpp"
#include "core/local_time.hpp"
#include "text/case_folding.hpp"

namespace otklik::channels::email {
namespace {

namespace json = boost::json;

std::string Attribute(const core::Appeal& appeal, const std::string& name) {
    const auto it = appeal.attributes.find(name);
    return it == appeal.attributes.end() ? std::string() : it->second;
}

// TR-8, 002 §3.8.3: the answer to a status inquiry by e-mail: the earlier appeal's number and
// status, in the thread of the applicant's letter.
core::OutboxMessage StatusReply(const core::Appeal& appeal, const std::string& to,
                                const std::string& in_reply_to, core::Instant now) {
    std::string status = Attribute(appeal, core::attribute::kStatusName);
    if (status.empty()) status = std::string(core::StatusCode(appeal.status));
    std::string text = "Ваше обращение " + appeal.uin + " «" + appeal.subject +
                       "» уже зарегистрировано и находится в статусе «" + status + "»";
    if (const auto reason = Attribute(appeal, core::attribute::kPendingReasonName);
        !reason.empty()) {
        text += " (" + reason + ")";
    }
    text += ". Ваше письмо добавлено к этому обращению; отдельное обращение не регистрируется.";
    core::OutboxMessage message;
    message.appeal_id = appeal.id;
    message.kind = "status_reply";
    message.channel = "email";
    message.recipient = to;
    message.payload = boost::json::serialize(boost::json::object{
        {"template", "status_reply"},
        {"uin", appeal.uin},
        {"subject", "Статус обращения " + appeal.uin},
        {"text", text},
        {"in_reply_to", in_reply_to},
    });
    message.created_at = now;
    return message;
}

const core::Actor& MailActor() {
    static const core::Actor actor{0, "email", core::Role::kOperator, "", ""};
    return actor;
}

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](std::string_view w) { return text.find(w) != std::string_view::npos; });
}

bool EndsWith(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool Has(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string Extension(std::string_view filename) {
    const auto dot = filename.rfind('.');
    if (dot == std::string_view::npos) return {};
    return text::FoldCase(filename.substr(dot + 1));
}

std::string SafeFileName(std::string_view name) {
    std::string out;
    for (const char c : name) {
        out += (c == '/' || c == '\\' || c == '\0' || c == ':') ? '_' : c;
    }
    if (out.empty() || out == "." || out == "..") out = "attachment";
    return out.substr(0, 200);
}

// What a letter may lack that a channel can require, as the returned letter says it: the
// sender's name (from the display name) and the subject.
constexpr std::pair<std::string_view, std::string_view> kLetterFields[] = {
    {"applicant.last_name", "Не указана фамилия заявителя"},
    {"applicant.first_name", "Не указано имя заявителя"},
    {"subject", "Не указана тема письма"},
};

// The registration card's dates are the deployment's civil dates.
std::string LocalDate(core::Instant at) { return core::TimeZone::Default().FormatIsoDate(at); }

core::OutboxMessage Notice(std::string kind, std::string recipient, const json::object& payload,
                           std::int64_t appeal_id, core::Instant now) {
    core::OutboxMessage message;
    message.appeal_id = appeal_id;
    message.kind = std::move(kind);
    message.channel = "email";
    message.recipient = std::move(recipient);
    message.payload = json::serialize(payload);
    message.created_at = now;
    return message;
}

std::string ReplyAddress(const ParsedLetter& letter) {
    return letter.reply_to.empty() ? letter.from_address : letter.reply_to;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Disjoint sets of letters that may belong to one thread.
class Threads {
public:
    explicit Threads(std::size_t n) : parent_(n) {
        for (std::size_t i = 0; i < n; ++i) parent_[i] = i;
    }
    std::size_t Find(std::size_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void Unite(std::size_t a, std::size_t b) {
        a = Find(a);
        b = Find(b);
        if (a != b) parent_[std::max(a, b)] = std::min(a, b);
    }

private:
    std::vector<std::size_t> parent_;
};

// What ties a letter to others of its batch: its addresses and the Message-IDs it carries or
// names. An automatic letter touches no appeal: only its own Message-ID. (Letters that name
// the UIN of an appeal, or our Message-ID, are tied by the appeal they find.)
std::vector<std::string> ThreadKeys(const ParsedLetter& letter) {
    std::vector<std::string> keys;
    if (!letter.message_id.empty()) keys.push_back("id:" + letter.message_id);
    if (letter.auto_kind != AutoKind::kNone) return keys;
    for (const auto* address : {&letter.from_address, &letter.reply_to}) {
        if (!address->empty()) keys.push_back("from:" + *address);
    }
    if (!letter.in_reply_to.empty()) keys.push_back("id:" + letter.in_reply_to);
    for (const auto& id : letter.references) keys.push_back("id:" + id);
    return keys;
}

core::Error Crashed(const std::exception& e) {
    return core::Error{core::ErrorKind::kUnavailable, "exception", e.what(), {}};
}

}  // namespace

bool MustRetryLater(const core::Error& error) {
    return error.kind == core::ErrorKind::kUnavailable && error.code != "exception";
}

std::string ThreadSubject(std::string_view subject) {
    // Longer prefixes first: "fwd" before "fw", "ответ" before "отв".
    static constexpr std::string_view kPrefixes[] = {"re",  "fwd", "fw", "ответ",
                                                     "отв", "aw",  "wg", "пересл"};
    std::string s = text::FoldCase(subject);
    std::size_t at = 0;
    for (bool stripped = true; stripped;) {
        stripped = false;
        while (at < s.size() && IsSpace(s[at])) ++at;
        for (const auto prefix : kPrefixes) {
            if (s.compare(at, prefix.size(), prefix) != 0) continue;
            auto end = at + prefix.size();
            // A counter some clients add: Re[2]:, Re(3):, Re^2:.
            if (end < s.size() && (s[end] == '[' || s[end] == '(' || s[end] == '^')) {
                auto digit = end + 1;
                while (digit < s.size() && std::isdigit(static_cast<unsigned char>(s[digit]))) {
                    ++digit;
                }
                if (digit > end + 1) {
                    end = digit;
                    if (end < s.size() && (s[end] == ']' || s[end] == ')')) ++end;
                }
            }
            while (end < s.size() && IsSpace(s[end])) ++end;
            if (end < s.size() && s[end] == ':') {
                at = end + 1;
                stripped = true;
                break;
            }
        }
    }
    std::string out;
    bool space = false;
    for (; at < s.size(); ++at) {
        if (IsSpace(s[at])) {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += s[at];
    }
    return out;
}

std::string LetterKey(const RawLetter& raw, const ParsedLetter& letter) {
    if (!letter.message_id.empty()) return letter.message_id;
    return "no-message-id:" + raw.mailbox + ":" + std::to_string(raw.uidvalidity) + ":" +
           std::to_string(raw.uid) + ":" + std::to_string(std::hash<std::string>{}(raw.bytes));
}

std::string FindUinInSubject(std::string_view subject) {
    // A UIN is PREFIX-YYYY-NNNNNN: letters (Cyrillic or Latin), a year, a sequence.
    for (std::size_t i = 0; i + 6 < subject.size(); ++i) {
        if (subject[i] != '-') continue;
        std::size_t k = i + 1;
        int year_digits = 0;
        while (k < subject.size() && std::isdigit(static_cast<unsigned char>(subject[k]))) {
            ++k;
            ++year_digits;
        }
        if (year_digits != 4 || k >= subject.size() || subject[k] != '-') continue;
        std::size_t end = k + 1;
        while (end < subject.size() && std::isdigit(static_cast<unsigned char>(subject[end]))) {
            ++end;
        }
        if (end == k + 1) continue;
        std::size_t begin = i;
        while (begin > 0) {
            const auto c = static_cast<unsigned char>(subject[begin - 1]);
            if (std::isalpha(c) || c >= 0x80) {
                --begin;
            } else {
                break;
            }
        }
        if (begin == i) continue;
        return std::string(subject.substr(begin, end - begin));
    }
    return {};
}

// Our Message-IDs: otklik.<row>.<appeal>[.<tag>]@domain (OutboxSender).
struct OurMessageId {
    std::int64_t appeal_id = 0;
    std::string thread;  ///< "<row>.<appeal>", what the tag is computed over
    std::string tag;
};

OurMessageId ParseOurMessageId(std::string_view message_id) {
    constexpr std::string_view kPrefix = "otklik.";
    if (message_id.substr(0, kPrefix.size()) != kPrefix) return {};
    const auto at = message_id.find('@');
    if (at == std::string_view::npos) return {};
    const auto local = message_id.substr(kPrefix.size(), at - kPrefix.size());
    const auto first_dot = local.find('.');
    if (first_dot == std::string_view::npos) return {};
    const auto second_dot = local.find('.', first_dot + 1);
    const auto appeal = local.substr(first_dot + 1, second_dot == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : second_dot - first_dot - 1);
    OurMessageId parsed;
    for (const char c : appeal) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return {};
        parsed.appeal_id = parsed.appeal_id * 10 + (c - '0');
    }
    if (appeal.empty()) return {};
    parsed.thread = std::string(local.substr(0, second_dot));
    if (second_dot != std::string_view::npos)
        parsed.tag = std::string(local.substr(second_dot + 1));
    return parsed;
}

std::int64_t AppealIdFromMessageId(std::string_view message_id) {
    return ParseOurMessageId(message_id).appeal_id;
}

void SplitName(std::string_view name, core::Applicant& applicant) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : name) {
        if (c == ' ' || c == '\t' || c == ',' || c == '"') {
            if (!word.empty()) words.push_back(std::move(word));
            word.clear();
        } else {
            word += c;
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    auto patronymic = [](const std::string& w) {
        const auto l = text::FoldCase(w);
        return EndsWith(l, "вич") || EndsWith(l, "вна") || EndsWith(l, "ична") ||
               EndsWith(l, "инична") || EndsWith(l, "оглы") || EndsWith(l, "кызы");
    };
    auto surname = [](const std::string& w) {
        const auto l = text::FoldCase(w);
        for (const char* s : {"ов", "ев", "ёв", "ин", "ын", "ова", "ева", "ина", "ына", "ский",
                              "ская", "цкий", "цкая", "енко", "ук", "юк", "ых", "их"}) {
            if (EndsWith(l, s)) return true;
        }
        return false;
    };
    if (words.size() >= 3) {
        if (patronymic(words[1])) {  // «Иван Иванович Иванов»
            applicant.first_name = words[0];
            applicant.middle_name = words[1];
            applicant.last_name = words[2];
        } else {  // «Иванов Иван Иванович», the official order
            applicant.last_name = words[0];
            applicant.first_name = words[1];
            applicant.middle_name = words[2];
        }
    } else if (words.size() == 2) {
        if (surname(words[0]) && !surname(words[1])) {
            applicant.last_name = words[0];
            applicant.first_name = words[1];
        } else {
            applicant.first_name = words[0];
            applicant.last_name = words[1];
        }
    } else if (words.size() == 1 && words[0].find('@') == std::string::npos) {
        applicant.first_name = words[0];
    }
}

LetterIntake::LetterIntake(core::AppealService& service, core::AppealRepository& appeals,
                           core::MailStore& mail, IntakeOptions options, const LetterScreen* screen)
    : service_(service),
      appeals_(appeals),
      mail_(mail),
      options_(std::move(options)),
      screen_(screen),
      // The calling thread takes a share too. Threads are kept: creating and ending 15 of them
      // twice per batch cost 3-5 % of a letter in the profile (stacks mapped and unmapped).
      pool_(std::make_unique<boost::asio::thread_pool>(
          static_cast<std::size_t>(std::max(1, options_.workers - 1)))) {}

LetterIntake::~LetterIntake() { pool_->join(); }

void LetterIntake::ForEachAtOnce(std::size_t n, const std::function<void(std::size_t)>& body) {
    const auto threads = std::min(n, static_cast<std::size_t>(std::max(1, options_.workers)));
    if (threads == 0) return;
    std::atomic<std::size_t> next{0};
    const auto run = [&] {
        for (auto i = next++; i < n; i = next++) body(i);
    };
    std::latch helpers_done(static_cast<std::ptrdiff_t>(threads - 1));
    for (std::size_t t = 1; t < threads; ++t) {
        boost::asio::post(*pool_, [&] {
            run();
            helpers_done.count_down();
        });
    }
    run();
    helpers_done.wait();
}

core::Result<IntakeResult> LetterIntake::Process(const MailboxConfig& mailbox,
                                                 const RawLetter& raw) {
    auto letter = ParseLetter(raw.bytes);
    if (!letter) return core::Fail(letter.error());
    return ProcessParsed(mailbox, raw, std::move(*letter));
}

core::Result<IntakeResult> LetterIntake::ProcessParsed(const MailboxConfig& mailbox,
                                                       const RawLetter& raw, ParsedLetter letter) {
    if (letter.message_id.empty()) letter.message_id = LetterKey(raw, letter);
    // CH-7: the same Message-ID or the same place in the mailbox is never taken twice.
    auto seen = mail_.FindLetter(letter.message_id, raw.mailbox, raw.uidvalidity, raw.uid);
    if (!seen) return core::Fail(seen.error());
    if (*seen) {
        IntakeResult result{"duplicate", {}, {}};
        if ((*seen)->appeal_id != 0) {
            if (auto appeal = appeals_.FindById((*seen)->appeal_id)) result.uin = appeal->uin;
        }
        return result;
    }
    // RFC 3834: automatic letters never open appeals and are never answered.
    if (letter.auto_kind != AutoKind::kNone) {
        auto recorded = Record(raw, letter, 0, "ignored_auto", {});
        if (!recorded) return core::Fail(recorded.error());
        return IntakeResult{"ignored_auto", {}, {letter.auto_reason}};
    }
    if (auto appeal = FindThread(mailbox, letter)) return Join(mailbox, raw, letter, *appeal);
    return Register(mailbox, raw, letter);
}

std::vector<core::Result<IntakeResult>> LetterIntake::ProcessBatch(
    const MailboxConfig& mailbox, const std::vector<RawLetter>& letters) {
    const auto n = letters.size();
    std::vector<std::optional<core::Result<IntakeResult>>> results(n);
    std::vector<std::optional<ParsedLetter>> parsed(n);
    std::vector<std::vector<std::string>> keys(n);
    // Parsing and finding the appeal a letter answers only read: all letters at once.
    ForEachAtOnce(n, [&](std::size_t i) {
        try {
            auto letter = ParseLetter(letters[i].bytes);
            if (!letter) {
                results[i] = core::Fail(letter.error());
                return;
            }
            if (letter->message_id.empty()) letter->message_id = LetterKey(letters[i], *letter);
            keys[i] = ThreadKeys(*letter);
            if (letter->auto_kind == AutoKind::kNone) {
                if (auto appeal = FindThread(mailbox, *letter)) {
                    keys[i].push_back("appeal:" + std::to_string(appeal->id));
                }
            }
            parsed[i] = std::move(*letter);
        } catch (const std::exception& e) {
            results[i] = core::Fail(Crashed(e));
        }
    });

    Threads threads(n);
    std::unordered_map<std::string, std::size_t> first_with;
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& key : keys[i]) {
            const auto [it, added] = first_with.emplace(key, i);
            if (!added) threads.Unite(it->second, i);
        }
    }
    std::map<std::size_t, std::vector<std::size_t>> by_root;
    for (std::size_t i = 0; i < n; ++i) by_root[threads.Find(i)].push_back(i);
    std::vector<std::vector<std::size_t>> groups;
    groups.reserve(by_root.size());
    for (auto& [root, members] : by_root) groups.push_back(std::move(members));

    // Threads at once, the letters of a thread in mailbox order.
    ForEachAtOnce(groups.size(), [&](std::size_t g) {
        std::optional<core::Error> down;
        for (const auto i : groups[g]) {
            if (results[i]) continue;  // did not parse
            if (down) {
                results[i] = core::Fail(*down);
                continue;
            }
            try {
                results[i] = ProcessParsed(mailbox, letters[i], std::move(*parsed[i]));
            } catch (const std::exception& e) {
                results[i] = core::Fail(Crashed(e));
            }
            if (!*results[i] && MustRetryLater(results[i]->error())) down = results[i]->error();
        }
    });

    std::vector<core::Result<IntakeResult>> out;
    out.reserve(n);
    for (auto& result : results) out.push_back(std::move(*result));
    return out;
}

std::optional<core::Appeal> LetterIntake::FindThread(const MailboxConfig& mailbox,
                                                     const ParsedLetter& letter) {
    std::vector<std::string> ids;
    if (!letter.in_reply_to.empty()) ids.push_back(letter.in_reply_to);
    ids.insert(ids.end(), letter.references.rbegin(), letter.references.rend());
    const auto ours = "@" + options_.message_id_domain;
    for (const auto& id : ids) {
        if (const auto appeal_id = EndsWith(id, ours) ? AppealIdFromMessageId(id) : 0;
            appeal_id != 0) {
            if (auto appeal = appeals_.FindById(appeal_id)) return *appeal;
        }
        // The applicant answering a copy of their own letter, or a second letter in a thread
        // that began with one we registered.
        auto known = mail_.FindLetter(id, "", -1, -1);
        if (known && *known && (*known)->appeal_id != 0) {
            if (auto appeal = appeals_.FindById((*known)->appeal_id)) return *appeal;
        }
    }
    if (const auto uin = FindUinInSubject(letter.subject); !uin.empty()) {
        if (auto appeal = appeals_.FindByUin(uin)) return *appeal;
    }
    return FindBySenderAndSubject(mailbox, letter);
}

std::optional<core::Appeal> LetterIntake::FindBySenderAndSubject(const MailboxConfig& mailbox,
                                                                 const ParsedLetter& letter) {
    const auto sender = ReplyAddress(letter);
    // The subject as registration stored it (Register keeps its first 500 bytes).
    const auto topic = ThreadSubject(letter.subject.substr(0, 500));
    if (sender.empty() || topic.empty()) return std::nullopt;
    // The applicant's appeals come from the index on their address, newest first; an applicant
    // has few open appeals, so comparing subjects here reads a handful of rows.
    core::AppealFilter filter;
    filter.applicant_email = sender;
    filter.channel = mailbox.channel;
    filter.open_only = true;
    filter.created_from = service_.clock().Now() - options_.sender_thread_window;
    auto page = appeals_.List(filter, {core::AppealOrder::kByCreatedDesc, 20, ""});
    if (!page) return std::nullopt;
    for (auto& appeal : page->items) {
        if (appeal.source_ref.empty() || ThreadSubject(appeal.subject) != topic) continue;
        // Registered from this mailbox: its first letter was taken here.
        auto origin = mail_.FindLetter(appeal.source_ref, "", -1, -1);
        if (!origin || !*origin || (*origin)->mailbox != mailbox.name) continue;
        return std::move(appeal);
    }
    return std::nullopt;
}

bool LetterIntake::ProvesThread(const ParsedLetter& letter, const core::Appeal& appeal) const {
    if (!options_.message_tag) return true;
    std::vector<std::string> ids = letter.references;
    if (!letter.in_reply_to.empty()) ids.push_back(letter.in_reply_to);
    const auto ours = "@" + options_.message_id_domain;
    for (const auto& id : ids) {
        if (!EndsWith(id, ours)) continue;
        const auto parsed = ParseOurMessageId(id);
        if (parsed.appeal_id == appeal.id && !parsed.tag.empty() &&
            parsed.tag == options_.message_tag(parsed.thread)) {
            return true;
        }
    }
    return false;
}

core::Result<IntakeResult> LetterIntake::Join(const MailboxConfig& /*mailbox*/,
                                              const RawLetter& raw, const ParsedLetter& letter,
                                              const core::Appeal& appeal) {
    const auto text = letter.trimmed_text.empty() ? letter.text : letter.trimmed_text;
    const auto sender = ReplyAddress(letter);
    // Only the applicant's own address may act on the appeal; anyone else only comments.
    const bool from_applicant =
        !appeal.applicant.email.empty() && text::FoldCase(appeal.applicant.email) == sender;
    // SEC-5: a From header proves nothing; answering one of our letters (its tagged Message-ID)
    // does. Without that, the letter joins as an internal comment and acts on nothing.
    const bool proven = from_applicant && ProvesThread(letter, appeal);
    std::optional<std::string> action;
    if (proven) {
        // LC-2, LC-4, LC-5: the letter says what the applicant means; the regulation says which
        // action carries it out (its [applicant] answers).
        const auto lowered = text::FoldCase(text);
        auto intent = core::ApplicantIntent::kReply;
        if (appeal.status == core::Status::kResolved) {
            // Disagreement is checked first: «не согласен» contains «согласен».
            if (ContainsAny(lowered, {"не согласен", "не согласна", "несогласен", "не решен",
                                      "не решён", "не решена", "оспариваю", "не устраивает",
                                      "претензи", "не помогло"})) {
                intent = core::ApplicantIntent::kDispute;
            } else if (ContainsAny(lowered, {"подтверждаю", "согласен", "согласна", "решен",
                                             "решён", "спасибо", "помогло"})) {
                intent = core::ApplicantIntent::kConfirm;
            }
        }
        if (appeal.status != core::Status::kResolved || intent != core::ApplicantIntent::kReply) {
            action = service_.ApplicantAction(appeal, intent);
        }
    }
    std::string outcome = "commented";
    if (action) {
        core::ActionRequest request;
        request.action = *action;
        request.params[core::kApplicantAnswerParam] = text;
        auto acted = service_.Act(appeal.uin, request, core::ApplicantActor("email"), std::nullopt);
        if (acted) {
            outcome = *action;
        } else {
            spdlog::warn("mail: {} on {} refused ({}), the letter becomes a comment", *action,
                         appeal.uin, acted.error().code);
        }
    }
    if (outcome == "commented") {
        const std::string note = proven ? "Письмо заявителя"
                                 : from_applicant ? "Письмо с адреса заявителя, не ответ на наше "
                                                    "письмо (действия не выполнялись)"
                                                  : "Письмо от " + sender;
        auto comment = service_.AddComment(
            appeal.uin, note + ":\n" + text,
            proven ? core::Visibility::kPublic : core::Visibility::kInternal, MailActor());
        if (!comment) return core::Fail(comment.error());
    }
    // TR-8, 002 §3.8.3: a letter that only joins the appeal (a question about it, more words)
    // is answered with the appeal's number and status, at the applicant's own address.
    std::vector<core::OutboxMessage> reply;
    if (outcome == "commented" && from_applicant) {
        reply.push_back(StatusReply(appeal, sender, letter.message_id, service_.clock().Now()));
    }
    auto recorded = Record(raw, letter, appeal.id, outcome, reply);
    if (!recorded) return core::Fail(recorded.error());
    return IntakeResult{outcome, appeal.uin, {}};
}

core::Result<IntakeResult> LetterIntake::Register(const MailboxConfig& mailbox,
                                                  const RawLetter& raw,
                                                  const ParsedLetter& letter) {
    core::AppealDraft draft;
    draft.regulation = mailbox.regulation;
    draft.channel = mailbox.channel;
    draft.applicant.email = ReplyAddress(letter);
    draft.applicant.contact_channel = "email";
    SplitName(letter.from_name, draft.applicant);
    draft.subject = letter.subject.substr(0, 500);
    draft.text = letter.trimmed_text.empty() ? letter.text : letter.trimmed_text;
    draft.source_ref = letter.message_id;

    std::vector<core::FieldError> reasons;
    if (draft.text.empty() && letter.attachments.empty()) {
        reasons.push_back({"text", "required", "В письме нет текста обращения"});
    }
    // CH-3 (000 §4.1.1: a letter to the organization's mailbox names the applicant and the
    // subject): what the regulation's channel requires and a letter may lack is told in the
    // letter's terms, before triage.
    if (auto intake = service_.PrepareIntake(draft, MailActor()); !intake) {
        for (const auto& [field, message] : kLetterFields) {
            const auto& errors = intake.error().fields;
            if (std::any_of(errors.begin(), errors.end(), [field = field](const auto& error) {
                    return error.field == field && error.code == "required";
                })) {
                reasons.push_back({std::string(field), "required", std::string(message)});
            }
        }
    }
    if (reasons.empty() && screen_) reasons = screen_->Screen(draft, letter);
    if (!reasons.empty()) return Return(mailbox, raw, letter, reasons);
    if (draft.text.empty()) draft.text = "(текст в приложенных файлах)";

    // A letter with nothing to add to its card (no files, no registration card) is recorded in
    // the registration's own transaction: one durable commit per letter instead of two. A card
    // must be written before the record, or a crash between them would leave it out for good.
    const bool registration_card =
        options_.registration_card_channels.count({mailbox.regulation, mailbox.channel}) > 0;
    const bool record_with_appeal = !registration_card && letter.attachments.empty();
    std::optional<core::ProcessedLetter> carried;
    if (record_with_appeal) carried = Processed(raw, letter, 0, "registered");
    auto registered = service_.Register(draft, MailActor(), "email:" + letter.message_id,
                                        letter.message_id, std::move(carried));
    if (!registered) {
        // CH-4, TR-*: triage may decide that the letter goes back unregistered.
        if (registered.error().code == "returned_unregistered") {
            return Return(mailbox, raw, letter,
                          {{"", "returned_unregistered", registered.error().message}});
        }
        if (registered.error().kind == core::ErrorKind::kValidation) {
            auto fields = registered.error().fields;
            // A regulation or channel the deployment cannot take is the mailbox's configuration,
            // not the sender's fault: the letter is kept aside for the administrator instead.
            for (const auto& field : fields) {
                if (field.field == "regulation" || field.field == "channel") {
                    return core::Fail(core::Error{core::ErrorKind::kUnprocessable,
                                                  "mailbox_misconfigured",
                                                  mailbox.name + ": " + field.message,
                                                  {}});
                }
            }
            if (fields.empty()) fields.push_back({"", "invalid", registered.error().message});
            return Return(mailbox, raw, letter, fields);
        }
        return core::Fail(registered.error());
    }
    auto appeal = registered->appeal;
    const auto now = service_.clock().Now();
    if (!registered->registered) {
        // TR-8: a status inquiry went to the earlier appeal as a comment; the applicant is told
        // its number and status (002 §3.8.3) — only at the address the earlier appeal has, so a
        // letter naming someone else's СНИЛС or phone learns nothing.
        std::vector<core::OutboxMessage> reply;
        if (!appeal.applicant.email.empty() &&
            text::FoldCase(appeal.applicant.email) == text::FoldCase(draft.applicant.email)) {
            reply.push_back(StatusReply(appeal, draft.applicant.email, letter.message_id, now));
        }
        auto recorded = Record(raw, letter, appeal.id, "commented", reply);
        if (!recorded) return core::Fail(recorded.error());
        return IntakeResult{"commented", appeal.uin, {registered->message}};
    }

    // Attachments: the policy decides; a refused file is reported, the letter stays registered.
    json::array refused;
    json::array kept;
    std::size_t total = 0;
    int count = 0;
    for (std::size_t i = 0; i < letter.attachments.size(); ++i) {
        const auto& file = letter.attachments[i];
        std::string why;
        const auto extension = Extension(file.filename);
        if (!Has(options_.attachments.extensions, extension)) {
            why = "недопустимый тип файла";
        } else if (file.data.size() > options_.attachments.max_file_bytes) {
            why = "файл больше " +
                  std::to_string(options_.attachments.max_file_bytes / (1024U * 1024U)) + " МБ";
        } else if (total + file.data.size() > options_.attachments.max_total_bytes) {
            why = "превышен общий размер вложений";
        } else if (count >= options_.attachments.max_files) {
            why = "слишком много файлов";
        }
        if (!why.empty()) {
            refused.push_back(json::object{{"name", file.filename}, {"reason", why}});
            continue;
        }
        total += file.data.size();
        ++count;
        if (!options_.files_dir.empty()) {
            const auto dir = std::filesystem::path(options_.files_dir) / "attachments" /
                             std::to_string(appeal.id);
            std::filesystem::create_directories(dir);
            std::ofstream out(dir / (std::to_string(i + 1) + "-" + SafeFileName(file.filename)),
                              std::ios::binary);
            out.write(file.data.data(), static_cast<std::streamsize>(file.data.size()));
            if (!out) {
                return core::Fail(core::Error{
                    core::ErrorKind::kUnavailable, "disk", "cannot store an attachment", {}});
            }
        }
        kept.push_back(json::object{
            {"name", file.filename}, {"type", file.content_type}, {"size", file.data.size()}});
    }

    // A card is written only when there is something beyond the appeal itself (the Message-ID
    // is its source_ref, the mailbox is in the letter record): one commit less per letter.
    const bool card = registration_card || !kept.empty() || !refused.empty();
    if (!registered->replayed && card) {
        // The letter's card: where it came from and, for the organization's mailbox, the
        // document-management registration (000 §4.1.2–4.1.3).
        auto changed = appeal;
        changed.attributes[core::attribute::kEmailMessageId] = letter.message_id;
        changed.attributes[core::attribute::kEmailMailbox] = mailbox.name;
        changed.attributes[core::attribute::kEmailFrom] = letter.from_address;
        if (!kept.empty())
            changed.attributes[core::attribute::kEmailAttachments] = json::serialize(kept);
        if (!refused.empty())
            changed.attributes[core::attribute::kEmailRefusedAttachments] =
                json::serialize(refused);
        if (registration_card) {
            changed.attributes["registration_card.incoming_number"] = appeal.uin;
            changed.attributes["registration_card.incoming_date"] = LocalDate(appeal.created_at);
            changed.attributes["registration_card.correspondent"] =
                letter.from_name.empty() ? letter.from_address
                                         : letter.from_name + " <" + letter.from_address + ">";
            changed.attributes["registration_card.subject"] = letter.subject;
            changed.attributes["registration_card.sheets"] = std::to_string(count);
            changed.attributes["registration_card.delivery"] = "электронная почта";
        }
        core::AppealChange change;
        change.expected_version = appeal.version;
        change.appeal = changed;
        change.appeal.version = appeal.version + 1;
        change.appeal.updated_at = now;
        change.entry.appeal_id = appeal.id;
        change.entry.at = now;
        change.entry.actor = "email";
        change.entry.action = "email_card";
        change.entry.note = registration_card ? "Регистрационная карточка: вх. № " + appeal.uin +
                                                    " от " + LocalDate(appeal.created_at)
                                              : "Письмо " + letter.message_id;
        auto updated = appeals_.Update(std::move(change));
        if (updated) appeal = *updated;
    }

    std::vector<core::OutboxMessage> outbox;
    if (!refused.empty()) {
        outbox.push_back(Notice(
            "attachments_rejected", ReplyAddress(letter),
            json::object{{"uin", appeal.uin}, {"subject", letter.subject}, {"files", refused}},
            appeal.id, now));
    }
    if (!record_with_appeal) {
        auto recorded = Record(raw, letter, appeal.id, "registered", outbox);
        if (!recorded) return core::Fail(recorded.error());
    }
    return IntakeResult{registered->replayed ? "duplicate" : "registered", appeal.uin, {}};
}

core::Result<IntakeResult> LetterIntake::Return(const MailboxConfig& /*mailbox*/,
                                                const RawLetter& raw, const ParsedLetter& letter,
                                                const std::vector<core::FieldError>& reasons) {
    IntakeResult result{"returned", {}, {}};
    json::array list;
    for (const auto& reason : reasons) {
        result.reasons.push_back(reason.message);
        list.push_back(json::string(reason.message));
    }
    std::vector<core::OutboxMessage> outbox;
    const auto to = ReplyAddress(letter);
    if (!to.empty()) {
        // CH-4, 004: the letter goes back unregistered with the reasons.
        outbox.push_back(Notice(
            "returned_unregistered", to,
            json::object{
                {"subject", letter.subject.empty() ? std::string("(без темы)") : letter.subject},
                {"reasons", list},
                {"received", letter.date.empty() ? LocalDate(service_.clock().Now()) : letter.date},
                {"in_reply_to", letter.message_id}},
            0, service_.clock().Now()));
    }
    auto recorded = Record(raw, letter, 0, "returned", outbox);
    if (!recorded) return core::Fail(recorded.error());
    return result;
}

core::ProcessedLetter LetterIntake::Processed(const RawLetter& raw, const ParsedLetter& letter,
                                              std::int64_t appeal_id,
                                              const std::string& outcome) const {
    core::ProcessedLetter processed;
    processed.message_id = letter.message_id;
    processed.mailbox = raw.mailbox;
    processed.uidvalidity = raw.uidvalidity;
    processed.uid = raw.uid;
    processed.appeal_id = appeal_id;
    processed.outcome = outcome;
    processed.at = service_.clock().Now();
    return processed;
}

core::Result<bool> LetterIntake::Record(const RawLetter& raw, const ParsedLetter& letter,
                                        std::int64_t appeal_id, const std::string& outcome,
                                        const std::vector<core::OutboxMessage>& outbox) {
    return mail_.RecordLetter(Processed(raw, letter, appeal_id, outcome), outbox);
}

}  // namespace otklik::channels::email
