#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/mail_store.hpp"
#include "core/repositories.hpp"
#include "notify/signed_link.hpp"
#include "notify/smtp_transport.hpp"
#include "notify/templates.hpp"

namespace otklik::jobs {

/// Settings of the outbox sender; every field has a default.
struct OutboxSenderOptions {
    std::string from_address = "noreply@otklik.local";
    std::string from_name = "Отклик — обработка обращений";
    /// Right-hand side of the Message-IDs: replies are recognized by it.
    std::string message_id_domain = "otklik.local";
    /// Where the public confirm / dispute pages are: {base}/api/v1/public/confirm/{token}; the
    /// status page is {base}/status/#{token}.
    std::string public_base_url = "http://127.0.0.1:8080";
    /// How long a confirm / dispute link works (LC-5 waits 30 business days: ≈ 6 weeks); the
    /// status page link of a notice letter works as long, once.
    std::chrono::hours link_lifetime{24 * 60};
    /// How long the link of a letter the status page's entry form asked for works, once.
    std::chrono::minutes status_link_lifetime{60};
    int batch = 50;
    /// Attempts before a message is given up (the error stays on the row).
    int max_attempts = 12;
    /// A delivery that started but never finished (a crash) is retried after this.
    std::chrono::seconds lease{600};
    std::chrono::seconds first_retry{60};
    std::chrono::seconds max_retry{std::chrono::hours{6}};
    std::chrono::milliseconds idle_sleep{2000};
};

/// What a letter's template may say of its appeal beyond the payload: {{appeal_subject}},
/// {{solution}}, {{refusal_message}}, {{claim_of}}.
std::map<std::string, std::string> AppealTemplateValues(const core::Appeal& appeal);

/// Delivers the outbox (NT-1, NT-2): renders each due e-mail row with its template and sends it
/// over the transport, retrying with exponential back-off.
///
/// Delivery is at-least-once with a stable identity: a row is claimed (attempts + 1, next attempt
/// pushed one lease ahead) before the SMTP session and marked sent after it. A crash between the
/// two leaves the row claimed; after the lease it is sent again with the same Message-ID
/// (`otklik.<row id>.<appeal id>@domain`), which receiving systems and mail clients use to
/// drop the copy. Nothing is lost across restarts, because the row is only ever finished by
/// MarkSent or by giving up. One thread; RunOnce may also be called directly (tests).
class OutboxSender {
public:
    OutboxSender(core::MailStore& store, core::AppealRepository& appeals,
                 notify::MailTransport& transport, const notify::TemplateSet& templates,
                 const notify::LinkSigner* signer, const core::Clock& clock,
                 OutboxSenderOptions options = {});
    ~OutboxSender();
    OutboxSender(const OutboxSender&) = delete;
    OutboxSender& operator=(const OutboxSender&) = delete;

    /// Sends what is due now, one batch; returns how many were sent.
    int RunOnce();
    void Start();
    void Stop();
    /// Something was queued: look now instead of after the idle sleep.
    void Notify();

    /// The message for an outbox row, as it would go out (tests, previews).
    std::string Compose(const core::PendingOutbox& message, std::string* envelope_to = nullptr);

    [[nodiscard]] std::uint64_t sent() const { return sent_.load(); }
    [[nodiscard]] std::uint64_t failed() const { return failed_.load(); }

private:
    void Loop();

    core::MailStore& store_;
    core::AppealRepository& appeals_;
    notify::MailTransport& transport_;
    const notify::TemplateSet& templates_;
    const notify::LinkSigner* signer_;
    const core::Clock& clock_;
    OutboxSenderOptions options_;
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> failed_{0};

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  ///< guarded by mutex_
    bool poked_ = false;     ///< guarded by mutex_
    std::thread thread_;
};

}  // namespace otklik::jobs
