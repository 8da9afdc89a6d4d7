#include "core/conversation.hpp"

#include <algorithm>
#include <string_view>

#include "core/appeal_attributes.hpp"
#include "core/local_time.hpp"
#include "core/personal_data.hpp"

namespace otklik::core {
namespace {

constexpr std::string_view kFilesNote = "Приложены файлы: ";

bool StartsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// The names a history note lists after «Приложены файлы: » (AppealService::Act).
std::size_t FilesNamed(std::string_view note) {
    const auto at = note.find(kFilesNote);
    if (at == std::string_view::npos) return 0;
    const std::string_view names = note.substr(at + kFilesNote.size());
    if (names.empty()) return 0;
    std::size_t count = 1;
    for (std::size_t i = names.find(", "); i != std::string_view::npos;
         i = names.find(", ", i + 2)) {
        ++count;
    }
    return count;
}

bool IsApplicant(std::string_view author) { return StartsWith(author, "applicant:"); }

std::string StaffName(const std::string& login) {
    if (login.empty() || login == "system") return "Система";
    if (login == "email") return "Электронная почта";
    if (login == "chatbot") return "Чат-бот";
    if (IsApplicant(login)) return "Заявитель";
    return login;
}

std::string MaskRecipient(const std::string& recipient) {
    if (recipient.find('@') != std::string::npos) return MaskEmail(recipient);
    if (std::any_of(recipient.begin(), recipient.end(),
                    [](char c) { return c >= '0' && c <= '9'; }) &&
        recipient.size() < 24) {
        return MaskPhone(recipient);
    }
    return recipient.empty() ? "" : "***";
}

std::string ViaName(std::string_view via) {
    if (via == "phone") return "по телефону";
    if (via == "sms") return "по SMS";
    if (via == "post") return "почтой";
    if (via == "email") return "по электронной почте";
    return std::string(via);
}

// The delivery state of a letter out, as code and Russian words.
void DescribeDelivery(const SentLetter& letter, ConversationEntry& entry) {
    const auto when = [](Instant at) { return TimeZone::Default().FormatDateTime(at); };
    if (letter.sent_at && !letter.delivered_via.empty()) {
        entry.state = "delivered";
        entry.state_name = "Доставлено " + ViaName(letter.delivered_via) + " " +
                           when(*letter.sent_at) +
                           (letter.delivered_by.empty() ? "" : " (" + letter.delivered_by + ")");
    } else if (letter.sent_at) {
        entry.state = "sent";
        entry.state_name = "Отправлено " + when(*letter.sent_at);
    } else if (letter.given_up) {
        entry.state = "failed";
        entry.state_name = "Не доставлено: " + letter.last_error;
    } else if (letter.channel != "email") {
        entry.state = "queued";
        entry.state_name = "Ждёт доставки " + ViaName(letter.channel) + " сотрудником";
    } else if (!letter.last_error.empty()) {
        entry.state = "queued";
        entry.state_name = "Ещё не отправлено, попыток: " + std::to_string(letter.attempts) + " (" +
                           letter.last_error + ")";
    } else {
        entry.state = "queued";
        entry.state_name = "В очереди на отправку";
    }
}

bool ChangesSolution(const HistoryEntry& entry) {
    return std::any_of(entry.changes.begin(), entry.changes.end(), [](const FieldChange& change) {
        const std::string_view field = change.field;
        return field == attribute::kSolution ||
               (field.size() > 9 && field.substr(field.size() - 9) == ".solution");
    });
}

}  // namespace

Conversation AssembleConversation(const Appeal& appeal, const ConversationSources& sources) {
    Conversation out;
    const Applicant& applicant = appeal.applicant;
    const auto scrub = [&](std::string_view text) { return ScrubApplicantData(text, applicant); };

    // Files: the later answers take theirs from the end of the list, the opening letter the rest.
    std::vector<std::pair<const HistoryEntry*, std::size_t>> answers_with_files;
    std::size_t later = 0;
    for (const auto& entry : sources.history) {
        if (const std::size_t n = FilesNamed(entry.note); n > 0) {
            answers_with_files.emplace_back(&entry, n);
            later += n;
        }
    }
    const std::size_t total = sources.files.size();
    const std::size_t opening_files = total > later ? total - later : 0;
    const auto files_between = [&](std::size_t from, std::size_t to) {
        std::vector<ConversationFile> files;
        for (std::size_t i = from; i < to && i < total; ++i) {
            const auto& file = sources.files[i];
            files.push_back({file.name, file.type, file.size, static_cast<int>(i + 1)});
        }
        return files;
    };

    // The opening message, as the channel brought it.
    if (sources.chat && !sources.chat->turns.empty()) {
        for (const auto& turn : sources.chat->turns) {
            ConversationEntry entry;
            entry.kind = "chat";
            const bool bot = turn.from == "bot";
            entry.direction = bot ? "out" : "in";
            entry.at = sources.chat->started_at;
            entry.author = bot ? "chatbot" : "applicant";
            entry.author_name = bot ? "Чат-бот" : "Заявитель";
            entry.text = scrub(turn.text);
            entry.channel = appeal.channel;
            out.thread.push_back(std::move(entry));
        }
        out.rejected_articles = sources.chat->rejected_articles;
    }
    {
        ConversationEntry entry;
        entry.direction = "in";
        entry.at = appeal.created_at;
        entry.subject = appeal.subject;
        entry.text = appeal.text;
        entry.channel = appeal.channel;
        entry.author = "applicant";
        entry.author_name = "Заявитель";
        if (appeal.channel == "email" || appeal.channel == "letter" ||
            !AttributeOr(appeal, attribute::kEmailFrom).empty()) {
            entry.kind = "letter_in";
            if (const auto from = AttributeOr(appeal, attribute::kEmailFrom); !from.empty()) {
                entry.author_name = "Заявитель, " + MaskEmail(from);
            }
        } else if (sources.call) {
            entry.kind = "call";
            entry.at = std::min(appeal.created_at, sources.call->started_at);
            entry.author = sources.call->operator_login;
            entry.author_name = "Звонок принял " + sources.call->operator_login;
            if (!sources.call->note.empty()) entry.text += "\n\n" + scrub(sources.call->note);
        } else if (appeal.channel == "phone" || appeal.channel == "in_person") {
            entry.kind = "call";
            entry.author = appeal.created_by;
            entry.author_name = "Записал " + appeal.created_by;
        } else {
            entry.kind = "appeal";
        }
        entry.files = files_between(0, opening_files);
        // A chatbot appeal's text is the question the transcript already shows; it stays as
        // the registered text after it.
        out.thread.push_back(std::move(entry));
    }

    // Comments: the applicant's answers and letters in, public comments out, the rest notes.
    std::vector<bool> answer_used(answers_with_files.size(), false);
    const auto files_of_answer = [&](Instant at, const std::string& actor) {
        for (std::size_t i = 0, from = opening_files; i < answers_with_files.size(); ++i) {
            const auto& [history, count] = answers_with_files[i];
            if (!answer_used[i] && history->at == at && history->actor == actor) {
                answer_used[i] = true;
                return files_between(from, from + count);
            }
            from += count;
        }
        return std::vector<ConversationFile>{};
    };
    for (const auto& comment : sources.comments) {
        ConversationEntry entry;
        entry.at = comment.at;
        entry.author = comment.author;
        entry.author_name = StaffName(comment.author);
        entry.text = scrub(comment.text);
        if (IsApplicant(comment.author)) {
            entry.kind = "answer";
            entry.direction = "in";
            entry.channel = comment.author.substr(10);
            entry.files = files_of_answer(comment.at, comment.author);
            out.thread.push_back(std::move(entry));
        } else if (comment.author == "email") {
            entry.kind = "letter_in";
            entry.direction = "in";
            entry.channel = "email";
            out.thread.push_back(std::move(entry));
        } else if (comment.visibility == Visibility::kPublic) {
            entry.kind = "comment";
            entry.direction = "out";
            out.thread.push_back(std::move(entry));
        } else {
            entry.kind = "note";
            entry.direction = "internal";
            out.notes.push_back(std::move(entry));
        }
    }
    // Answers with files but without words.
    for (std::size_t i = 0, from = opening_files; i < answers_with_files.size(); ++i) {
        const auto& [history, count] = answers_with_files[i];
        if (!answer_used[i]) {
            ConversationEntry entry;
            entry.kind = "answer";
            entry.direction = "in";
            entry.at = history->at;
            entry.author = history->actor;
            entry.author_name = StaffName(history->actor);
            entry.text = history->note;
            entry.files = files_between(from, from + count);
            out.thread.push_back(std::move(entry));
        }
        from += count;
    }

    // Letters out, as sent.
    std::optional<Instant> last_letter;
    for (const auto& letter : sources.letters) {
        ConversationEntry entry;
        entry.kind = "letter_out";
        entry.direction = "out";
        entry.at = letter.created_at;
        entry.author = "system";
        entry.author_name = "Письмо заявителю";
        entry.subject = scrub(letter.subject);
        entry.text = scrub(letter.body);
        entry.channel = letter.channel;
        entry.recipient = MaskRecipient(letter.recipient);
        entry.letter_kind = letter.kind;
        DescribeDelivery(letter, entry);
        if (!last_letter || *last_letter < letter.created_at) last_letter = letter.created_at;
        out.thread.push_back(std::move(entry));
    }
    // A solution no letter carried (no address, a regulation that does not write) is still
    // what the applicant was told.
    if (const auto solution = AttributeOr(appeal, attribute::kSolution); !solution.empty()) {
        const HistoryEntry* resolved = nullptr;
        for (const auto& entry : sources.history) {
            if (ChangesSolution(entry)) resolved = &entry;
        }
        const Instant at = resolved ? resolved->at : appeal.updated_at;
        if (!last_letter || *last_letter < at) {
            ConversationEntry entry;
            entry.kind = "resolution";
            entry.direction = "out";
            entry.at = at;
            entry.author = resolved ? resolved->actor : "";
            entry.author_name = StaffName(entry.author);
            entry.subject = "Решение по обращению";
            entry.text = std::string(solution);
            entry.state = "not_sent";
            entry.state_name = "Письмом не отправлялось";
            out.thread.push_back(std::move(entry));
        }
    }

    // Time order; at the same instant, the order above (opening, answers, letters).
    std::stable_sort(
        out.thread.begin(), out.thread.end(),
        [](const ConversationEntry& a, const ConversationEntry& b) { return a.at < b.at; });
    std::stable_sort(
        out.notes.begin(), out.notes.end(),
        [](const ConversationEntry& a, const ConversationEntry& b) { return a.at < b.at; });
    return out;
}

}  // namespace otklik::core
