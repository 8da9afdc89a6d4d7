#include "jobs/outbox_sender.hpp"

#include <algorithm>

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/appeal_attributes.hpp"
#include "core/contact_proof.hpp"
#include "core/local_time.hpp"

namespace otklik::jobs {

std::map<std::string, std::string> AppealTemplateValues(const core::Appeal& appeal) {
    // What templates may say beyond the payload (the payload wins).
    std::map<std::string, std::string> values;
    values["appeal_subject"] = appeal.subject;
    for (const char* name : {core::attribute::kSolution, core::attribute::kRefusalMessage,
                             core::attribute::kClaimOf}) {
        if (auto it = appeal.attributes.find(name); it != appeal.attributes.end()) {
            values[name] = it->second;
        }
    }
    return values;
}

OutboxSender::OutboxSender(core::MailStore& store, core::AppealRepository& appeals,
                           notify::MailTransport& transport, const notify::TemplateSet& templates,
                           const notify::LinkSigner* signer, const core::Clock& clock,
                           OutboxSenderOptions options)
    : store_(store),
      appeals_(appeals),
      transport_(transport),
      templates_(templates),
      signer_(signer),
      clock_(clock),
      options_(std::move(options)) {}

OutboxSender::~OutboxSender() { Stop(); }

std::string OutboxSender::Compose(const core::PendingOutbox& message, std::string* envelope_to) {
    const auto now = clock_.Now();
    std::string regulation;
    std::map<std::string, std::string> values;
    // A status page link opens the appeal as its applicant: only a letter to the appeal's own
    // address carries one.
    bool to_applicant = false;
    if (message.message.appeal_id != 0) {
        if (auto appeal = appeals_.FindById(message.message.appeal_id)) {
            regulation = appeal->regulation;
            to_applicant = !appeal->applicant.email.empty() &&
                           core::ContactProof::Canonical(appeal->applicant.email) ==
                               core::ContactProof::Canonical(message.message.recipient);
            values = AppealTemplateValues(*appeal);
        }
    }
    if (signer_ && !message.appeal_uin.empty()) {
        const auto expires = now + options_.link_lifetime;
        for (const char* action : {"confirm", "dispute"}) {
            values[std::string(action) + "_url"] =
                options_.public_base_url + "/api/v1/public/confirm/" +
                signer_->Sign({message.appeal_uin, action, expires});
        }
        values["links_expire"] = core::FormatInstant(expires).substr(0, 10);
        // Issue 17: every letter of an appeal leads to its status page; the token rides in the
        // fragment, which browsers never send, so no log or scanner's GET uses it up.
        const auto status_expires =
            message.message.kind == "status_link" ? now + options_.status_link_lifetime : expires;
        // The letter's own row in the claim: each letter's link is a token of its own, used
        // once, even when two letters go out within the same second.
        if (to_applicant) {
            values["status_url"] =
                options_.public_base_url + "/status/#" +
                signer_->Sign({message.appeal_uin, "status." + std::to_string(message.message.id),
                               status_expires});
            values["status_expires"] = core::TimeZone::Default().FormatDateTime(status_expires);
        }
    }
    const auto rendered = templates_.Render(message, regulation, values);
    notify::MailHeaders headers;
    headers.from_name = options_.from_name;
    headers.from_address = options_.from_address;
    headers.to = message.message.recipient;
    headers.subject = rendered.subject;
    // otklik.<row>.<appeal>.<tag>@domain: the tag proves a reply answers this letter (SEC-5).
    const std::string thread =
        std::to_string(message.message.id) + "." + std::to_string(message.message.appeal_id);
    headers.message_id = "otklik." + thread + (signer_ ? "." + signer_->Tag(thread) : "") + "@" +
                         options_.message_id_domain;
    std::error_code ignored;
    const auto payload = boost::json::parse(message.message.payload, ignored);
    if (payload.is_object()) {
        if (const auto* reply = payload.as_object().if_contains("in_reply_to");
            reply && reply->is_string()) {
            headers.in_reply_to = std::string(reply->as_string());
        }
    }
    headers.date = now;
    if (envelope_to) *envelope_to = message.message.recipient;
    return notify::ComposeMessage(headers, rendered.body);
}

int OutboxSender::RunOnce() {
    const auto now = clock_.Now();
    auto due = store_.DueOutbox(now, options_.batch);
    if (!due) {
        spdlog::warn("outbox: {}", due.error().message);
        return 0;
    }
    int sent = 0;
    for (const auto& message : *due) {
        if (message.message.channel != "email" || message.message.recipient.empty()) {
            (void)store_.MarkFailed(message.message.id, "no e-mail recipient", now, true);
            continue;
        }
        // Claim first: a crash from here to MarkSent means a resend after the lease, never a loss.
        auto claimed = store_.BeginDelivery(message.message.id, now + options_.lease);
        if (!claimed || !*claimed) continue;
        std::string to;
        const auto text = Compose(message, &to);
        auto delivered = transport_.Send(options_.from_address, to, text);
        if (delivered) {
            auto marked = store_.MarkSent(message.message.id, clock_.Now());
            if (!marked) spdlog::error("outbox: sent {} but not marked", message.message.id);
            ++sent;
            sent_.fetch_add(1);
            continue;
        }
        failed_.fetch_add(1);
        const int attempts = message.attempts + 1;
        const bool permanent = delivered.error().kind == core::ErrorKind::kUnprocessable;
        const bool give_up = permanent || attempts >= options_.max_attempts;
        auto delay = options_.first_retry;
        for (int i = 1; i < attempts && delay < options_.max_retry; ++i) delay *= 2;
        delay = std::min(delay, options_.max_retry);
        (void)store_.MarkFailed(message.message.id, delivered.error().message, now + delay,
                                give_up);
        spdlog::warn("outbox: message {} to {} failed (attempt {}{}): {}", message.message.id,
                     message.message.kind, attempts, give_up ? ", given up" : "",
                     delivered.error().message);
    }
    return sent;
}

void OutboxSender::Start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { Loop(); });
}

void OutboxSender::Stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void OutboxSender::Notify() {
    {
        std::lock_guard lock(mutex_);
        poked_ = true;
    }
    wake_.notify_all();
}

void OutboxSender::Loop() {
    while (true) {
        int sent = 0;
        try {
            sent = RunOnce();
        } catch (const std::exception& e) {
            spdlog::error("outbox: {}", e.what());
        }
        std::unique_lock lock(mutex_);
        if (stopping_) return;
        if (sent >= options_.batch) continue;  // more may be waiting
        wake_.wait_for(lock, options_.idle_sleep, [this] { return stopping_ || poked_; });
        poked_ = false;
        if (stopping_) return;
    }
}

}  // namespace otklik::jobs
