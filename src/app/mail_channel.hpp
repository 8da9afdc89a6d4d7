#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/channel_settings.hpp"
#include "app/config.hpp"
#include "channels/email/letter_intake.hpp"
#include "channels/email/mail_poller.hpp"
#include "core/leadership.hpp"
#include "core/mail_store.hpp"
#include "jobs/outbox_sender.hpp"
#include "notify/signed_link.hpp"
#include "notify/smtp_transport.hpp"
#include "notify/templates.hpp"

namespace otklik::app {

/// The e-mail channel of `otklik serve`: a poller per configured mailbox, the outbox sender
/// (when an SMTP server is configured), and the administrators' and applicants' side of it for
/// the API. Accepted attachments and raw letters are kept under DATA/mail; the link key in
/// DATA/mail-link.key. The channel `settings` say which channels' letters get a
/// document-management registration card.
class MailChannel final : public core::MailDesk {
public:
    /// Each mailbox is polled by the node that leads its role in `leadership` (issue 14).
    MailChannel(const ServeConfig& config, core::MailStore& mail, core::AppealRepository& appeals,
                core::AppealService& service, const core::Clock& clock,
                const std::map<std::string, ChannelSettings>& settings,
                core::Leadership& leadership);
    ~MailChannel() override;

    /// Starts the mailbox pollers and, with `outbox_thread`, the thread that sends the outbox
    /// every few seconds; without it (the manual clock: tests) the outbox goes out only in
    /// RunDue, so that what was due has been handed to the SMTP server when RunDue returns.
    void Start(bool outbox_thread = true);
    void Stop();
    /// Wakes every mailbox poller (its pass runs in its own thread, soon) and sends what the
    /// outbox holds due before returning. Called when the manual clock moves (tests).
    void RunDue();

    [[nodiscard]] core::Result<std::vector<core::MailFailure>> Failures(bool open_only,
                                                                        int limit) override;
    [[nodiscard]] core::Result<core::MailRetry> Retry(std::int64_t failure_id) override;
    [[nodiscard]] core::Result<core::LinkTarget> OpenLink(std::string_view token) override;
    [[nodiscard]] core::Result<std::vector<core::SentLetter>> Letters(
        const core::Appeal& appeal) override;

private:
    std::vector<channels::email::MailboxConfig> mailboxes_;
    core::MailStore& mail_;
    const core::Clock& clock_;
    notify::TemplateSet templates_;
    notify::LinkSigner signer_;
    channels::email::LetterIntake intake_;
    std::unique_ptr<notify::SmtpTransport> transport_;
    std::unique_ptr<jobs::OutboxSender> sender_;
    std::vector<std::unique_ptr<channels::email::MailPoller>> pollers_;
    std::chrono::hours link_lifetime_{24 * 60};  ///< how long a letter's signed links work
};

}  // namespace otklik::app
