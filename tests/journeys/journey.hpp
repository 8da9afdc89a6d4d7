#pragma once
// The journey harness (issue 11): an applicant walks a seed's path through the real `otklik
// serve` with the shipped regulation files, the manual clock and the real channels — letters
// delivered into a loopback Dovecot and polled by the server over IMAP, every outgoing letter
// read back from a loopback SMTP server (aiosmtpd), signed links followed as an applicant
// would, the chatbot and the calls API. A journey reads like the seed's story:
//
//   const auto id = DeliverLetter("Смирнова Мария <smirnova@example.ru>", "bilet@worldskills.ru",
//                                 "Не загружается тест", "После третьего вопроса …");
//   const auto appeal = WaitForAppeal(id);
//   EXPECT_EQ(NextLetterTo("smirnova@example.ru").subject, "Обращение … зарегистрировано");
//   Act("dept", uin, {{"action", "resolve"}, {"solution", "…"}});
//   Advance("PT3H");
//
// No test sleeps for a fixed time: moving the manual clock (also by zero: Kick) runs the due
// timers, sends the outbox before the clock route answers, and wakes every mailbox poller; what
// happens in a poller's thread is awaited by polling the API with a deadline.
//
// Environment: JOURNEY_RUN_WAITING=1 runs the steps skipped as «waits for fix»; JOURNEY_TIMING=1
// prints how long the setup and each wait took; OTKLIK_TEST_LOG_LEVEL=info shows the server's log.
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

#include "channels/loopback_servers.hpp"

namespace otklik::testing {

/// A mailbox the deployment reads: letters to `address` are polled from a Dovecot user of
/// its own and registered under `regulation` through `channel`.
struct MailboxSpec {
    std::string address;     ///< "bilet@worldskills.ru"
    std::string regulation;  ///< "bilet"
    std::string channel;     ///< "project_mail"
};

/// A letter the server sent, as the SMTP server received it.
struct Letter {
    std::string to;          ///< the envelope recipient
    std::string subject;     ///< decoded
    std::string body;        ///< decoded text
    std::string message_id;  ///< without angle brackets
    std::string in_reply_to;
    std::vector<std::string> links;  ///< every http(s) URL in the body, in order
    long long outbox_id = 0;         ///< from our Message-ID: the order the server wrote them
    std::string raw;

    /// The link whose URL is signed for `action` ("confirm" or "dispute"): the one named in the
    /// body's line that mentions it; empty when none.
    std::string LinkFor(const std::string& action) const;
};

/// The fixture of every journey suite. Each TEST gets its own server and data folder (copied
/// from one prepared per staff list, so accounts and API tokens exist without hashing a password
/// per test) and its own Dovecot users; Dovecot and the SMTP server are shared by a suite
/// (letters are told apart by what each test's server sent).
class Journey : public Scenario {
protected:
    static void SetUpTestSuite();
    static void TearDownTestSuite();
    void SetUp() override;
    void TearDown() override;

    /// Gives each mailbox a fresh user of the suite's Dovecot, writes the server's configuration
    /// (SMTP to the suite's sink; a 1 s poll per mailbox only as a fallback, since every kick
    /// wakes the pollers) and starts `otklik serve --clock manual --clock-start CLOCK_START`
    /// with the shipped regulations and intake triage on, with a client per person (an API
    /// token) and "admin" (an administrator) for lookups. Inherited from Scenario: As(login),
    /// Act/TryAct (with If-Match), SetClock, Advance, List, Actions, Deadline, Attribute,
    /// Offers, Str, Path.
    void StartJourney(const std::string& clock_start, const std::vector<Person>& people,
                      const std::vector<MailboxSpec>& mailboxes);

    // ---- Time -----------------------------------------------------------------------------
    /// Moves the clock by zero: runs due timers, sends the outbox, wakes the pollers.
    void Kick();
    /// The manual clock's time (RFC 3339), after a kick.
    std::string Now();

    // ---- Letters in -----------------------------------------------------------------------
    /// Delivers a letter from `from` ("Имя Фамилия <addr>" or a bare address) into the mailbox
    /// read for `to_mailbox`; returns its Message-ID. `in_reply_to` threads it as a reply;
    /// `extra_headers` ("Name: value\r\n" lines) are written among its headers.
    std::string DeliverLetter(const std::string& from, const std::string& to_mailbox,
                              const std::string& subject, const std::string& body,
                              const std::string& in_reply_to = "",
                              const std::string& extra_headers = "");
    /// The same letter with one file attached (multipart/mixed, `file_name` in ASCII); returns
    /// its Message-ID.
    std::string DeliverLetterWithFile(const std::string& from, const std::string& to_mailbox,
                                      const std::string& subject, const std::string& body,
                                      const std::string& file_name, const std::string& file_type,
                                      const std::string& file_bytes);
    /// The applicant answers `letter` (Re: its subject, In-Reply-To its Message-ID) into the
    /// mailbox `to_mailbox`; returns the reply's Message-ID.
    std::string ReplyTo(const Letter& letter, const std::string& from,
                        const std::string& to_mailbox, const std::string& body);
    /// Polls the API until the letter with `message_id` is registered; the appeal, or an
    /// empty object (and a failure) after the deadline.
    json::object WaitForAppeal(const std::string& message_id);
    /// Polls until `condition(appeal)` holds for `uin`; the appeal then, or the last one read
    /// (and a failure) after the deadline.
    json::object WaitUntil(const std::string& uin,
                           const std::function<bool(const json::object&)>& condition,
                           const std::string& what);
    /// Polls until the appeal's history has more than `after_entries` entries (a letter joined
    /// as a comment or an action); false after the deadline.
    bool WaitForHistory(const std::string& uin, std::size_t after_entries);

    // ---- Letters out ----------------------------------------------------------------------
    /// Every letter this test's server sent so far, oldest first.
    std::vector<Letter> SentLetters();
    /// The next letter to `address` this test has not taken yet, waiting (and kicking) up to
    /// the deadline; fails the test and returns an empty letter when none comes.
    Letter NextLetterTo(const std::string& address);
    /// After a kick, the letters to `address` not taken yet (expected none in most uses).
    std::vector<Letter> UntakenLettersTo(const std::string& address);

    // ---- Links ------------------------------------------------------------------------------
    /// Opens the link as a browser (GET, Accept: text/html: a page with a button, nothing
    /// done) and presses the button (POST to the same address). Returns the POST's response.
    /// (That the GET shows the page and does nothing is HotlineJourney.OpeningALinkShows….)
    /// With `comment`, the applicant types it into the page's form first (a dispute asks what
    /// is still wrong).
    HttpResponse FollowLink(const std::string& url, const std::string& comment = "");

    // ---- Staff --------------------------------------------------------------------------------
    /// Registers `body` as `login` exactly as given; 201 expected.
    json::object Register(const std::string& login, const json::object& body);
    /// The appeal as the administrator sees it.
    json::object Get(const std::string& uin) { return Scenario::Get(uin, "admin"); }
    /// Comments of the appeal (the administrator's view), oldest first.
    json::array Comments(const std::string& uin);
    /// Links of the appeal.
    json::array Links(const std::string& uin);
    /// Entries of the history (action codes).
    std::vector<std::string> History(const std::string& uin) { return Actions(uin); }

    // ---- Chatbot and calls -------------------------------------------------------------------
    /// Starts a chat (public, no login) and answers each question in turn; returns the reply to
    /// the last answer. `session` receives the dialog's id.
    json::object Chat(const json::object& start, const std::vector<std::string>& answers,
                      std::string* session = nullptr);
    json::object ChatSay(const std::string& session, const std::string& text);
    /// Takes a call as `login` (the UIN is reserved and said first); returns the call.
    json::object TakeCall(const std::string& login, const std::string& regulation,
                          const std::string& channel = "phone");

    /// JOURNEY_RUN_WAITING=1 runs the steps marked «waits for fix» instead of skipping them, to
    /// see which fixes have landed: `if (!RunWaiting()) GTEST_SKIP() << "waits for fix: …";`.
    static bool RunWaiting() { return std::getenv("JOURNEY_RUN_WAITING") != nullptr; }

    static std::string Field(const json::object& appeal, const char* key) {
        return Str(appeal, key);
    }

    std::map<std::string, std::string> mailbox_users_;  ///< address → Dovecot user
    std::unique_ptr<HttpClient> public_;
    std::set<std::string> sink_before_;  ///< sink files that were there before this test
    std::set<std::string> taken_;        ///< Message-IDs NextLetterTo has returned
    int delivered_ = 0;

    static std::unique_ptr<channels::email::testing::SmtpSink> sink_;
    static std::unique_ptr<channels::email::testing::Dovecot> dovecot_;
    static std::filesystem::path suite_dir_;
    /// Prepared data folders by staff list, and the API token of each login in them.
    static std::map<std::string, std::filesystem::path> templates_;
    static std::map<std::string, std::map<std::string, std::string>> tokens_;
    static int used_users_;  ///< Dovecot users u1…uN taken by the suite's tests so far

private:
    /// Creates the accounts (and groups) in `data` with a server of its own, and their tokens.
    void PrepareData(const std::filesystem::path& data, const std::vector<Person>& people,
                     std::map<std::string, std::string>& tokens);
    /// IMAP APPEND of `raw` into the INBOX of `user`: Dovecot indexes it at once (a file dropped
    /// into the Maildir is seen by a selected session only after its next full sync, ~5 s).
    void Append(const std::string& raw, const std::string& user);
};

}  // namespace otklik::testing
