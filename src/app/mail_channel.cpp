#include "app/mail_channel.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

namespace otklik::app {
namespace {

channels::email::IntakeOptions IntakeOptionsOf(
    const ServeConfig& config, const notify::LinkSigner& signer,
    const std::map<std::string, ChannelSettings>& settings) {
    channels::email::IntakeOptions options;
    // SEC-5: a reply proves itself by the tag of one of our Message-IDs.
    options.message_tag = [&signer](std::string_view thread) { return signer.Tag(thread); };
    options.files_dir = (std::filesystem::path(config.data) / "mail").string();
    options.message_id_domain = config.mail.message_id_domain;
    for (const auto& [regulation, of_regulation] : settings) {
        for (const auto& channel : of_regulation.registration_card_channels) {
            options.registration_card_channels.emplace(regulation, channel);
        }
    }
    return options;
}

// The templates: the configured folder, else the one shipped beside the regulation files
// (regulations/templates), else none — the built-in ones.
std::string TemplatesFolder(const ServeConfig& config) {
    if (!config.mail.templates.empty()) return config.mail.templates;
    const auto shipped = std::filesystem::path(config.regulations) / "templates";
    std::error_code error;
    return std::filesystem::is_directory(shipped, error) ? shipped.string() : std::string();
}

notify::LinkSigner SignerOf(const ServeConfig& config) {
    std::filesystem::create_directories(config.data);
    return notify::LinkSigner::FromKeyFile(
        (std::filesystem::path(config.data) / "mail-link.key").string());
}

}  // namespace

MailChannel::MailChannel(const ServeConfig& config, core::MailStore& mail,
                         core::AppealRepository& appeals, core::AppealService& service,
                         const core::Clock& clock,
                         const std::map<std::string, ChannelSettings>& settings,
                         core::Leadership& leadership)
    : mailboxes_(config.mailboxes),
      mail_(mail),
      clock_(clock),
      templates_(TemplatesFolder(config)),
      signer_(SignerOf(config)),
      intake_(service, appeals, mail, IntakeOptionsOf(config, signer_, settings)) {
    link_lifetime_ = std::chrono::hours(24 * config.mail.link_days);
    if (const auto folder = TemplatesFolder(config); !folder.empty()) {
        spdlog::info("mail: notification templates from {}", folder);
    }
    if (!config.mail.smtp_url.empty()) {
        notify::SmtpOptions smtp;
        smtp.url = config.mail.smtp_url;
        smtp.user = config.mail.smtp_user;
        smtp.password = config.mail.smtp_password;
        smtp.tls = config.mail.smtp_tls;
        smtp.verify_tls = config.mail.verify_tls;
        smtp.ca_file = config.mail.ca_file;
        transport_ = std::make_unique<notify::SmtpTransport>(smtp);
        jobs::OutboxSenderOptions options;
        options.from_address = config.mail.from_address;
        options.from_name = config.mail.from_name;
        options.message_id_domain = config.mail.message_id_domain;
        options.public_base_url = config.mail.public_url;
        options.link_lifetime = std::chrono::hours(24 * config.mail.link_days);
        sender_ = std::make_unique<jobs::OutboxSender>(mail, appeals, *transport_, templates_,
                                                       &signer_, clock, options);
    }
    const auto raw_dir = (std::filesystem::path(config.data) / "mail" / "raw").string();
    for (const auto& mailbox : mailboxes_) {
        pollers_.push_back(
            std::make_unique<channels::email::MailPoller>(mailbox, intake_, mail, raw_dir));
        pollers_.back()->SetLeadership(&leadership);
    }
}

MailChannel::~MailChannel() { Stop(); }

void MailChannel::Start(bool outbox_thread) {
    if (sender_) {
        if (outbox_thread) sender_->Start();
    } else {
        spdlog::warn("mail: no [mail] smtp_url: notifications wait in the outbox");
    }
    for (auto& poller : pollers_) {
        poller->Start();
        spdlog::info("mail: polling {} for {} ({})", poller->config().name,
                     poller->config().regulation, poller->config().channel);
    }
}

void MailChannel::RunDue() {
    for (auto& poller : pollers_) poller->Wake();
    if (!sender_) return;
    while (sender_->RunOnce() > 0) {
    }
}

void MailChannel::Stop() {
    for (auto& poller : pollers_) poller->Stop();
    if (sender_) sender_->Stop();
}

core::Result<std::vector<core::MailFailure>> MailChannel::Failures(bool open_only, int limit) {
    return mail_.ListFailures(open_only, limit);
}

core::Result<core::MailRetry> MailChannel::Retry(std::int64_t failure_id) {
    auto result =
        channels::email::RetryFailure(failure_id, mailboxes_, intake_, mail_, clock_.Now());
    if (!result) return tl::unexpected(result.error());
    return core::MailRetry{result->outcome, result->uin};
}

core::Result<std::vector<core::SentLetter>> MailChannel::Letters(const core::Appeal& appeal) {
    auto records = mail_.AppealOutbox(appeal.id);
    if (!records) return tl::unexpected(records.error());
    // Rendered as the sender renders them; a signed link acts as the applicant, so the card
    // names it instead of carrying it (SEC-5).
    auto values = jobs::AppealTemplateValues(appeal);
    values["confirm_url"] = "[ссылка «Подтверждаю» из письма]";
    values["dispute_url"] = "[ссылка «Не согласен» из письма]";
    values["status_url"] = "[ссылка на страницу обращения из письма]";
    std::vector<core::SentLetter> letters;
    letters.reserve(records->size());
    for (auto& record : *records) {
        record.pending.appeal_uin = appeal.uin;
        auto at = values;
        if (record.sent_at) {
            // The links' expiry as the letter said it.
            at["links_expire"] =
                core::FormatInstant(*record.sent_at + link_lifetime_).substr(0, 10);
        }
        const auto rendered = templates_.Render(record.pending, appeal.regulation, at);
        core::SentLetter letter;
        letter.id = record.pending.message.id;
        letter.kind = record.pending.message.kind;
        letter.channel = record.pending.message.channel;
        letter.recipient = record.pending.message.recipient;
        letter.subject = rendered.subject;
        letter.body = rendered.body;
        letter.created_at = record.pending.message.created_at;
        letter.sent_at = record.sent_at;
        letter.delivered_via = record.delivered_via;
        letter.delivered_by = record.delivered_by;
        letter.last_error = record.last_error;
        letter.given_up = record.given_up;
        letter.attempts = record.pending.attempts;
        letters.push_back(std::move(letter));
    }
    return letters;
}

core::Result<core::LinkTarget> MailChannel::OpenLink(std::string_view token) {
    auto claim = signer_.Verify(token, clock_.Now());
    if (!claim) return tl::unexpected(claim.error());
    return core::LinkTarget{claim->uin, claim->action, claim->expires};
}

}  // namespace otklik::app
