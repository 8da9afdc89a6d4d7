// The ceiling of a durable write path on this machine (issue 18, point 6): SQLite's group commit
// alone, with nothing of Otklik in it. `clients` threads each hand one 1.3 KB row to a single
// writer thread and wait until it is durable; the writer takes every row waiting, writes them in
// one transaction and commits (WAL, synchronous=FULL: an fdatasync per commit, as the store's
// writer does). Registration's rate divided by this one, measured in the same run, is a figure a
// noisy machine moves far less than either rate alone.
//
// Usage: otklik_commit_bench [--rows N] [--clients C] [--dir D]
// Prints one JSON line: rows, seconds, rate (rows/s), commits, rows_per_commit.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <sqlite3.h>
#include <unistd.h>

namespace {

struct Options {
    long rows = 50000;
    int clients = 64;
    std::string dir;
};

void Check(int rc, sqlite3* db, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    std::fprintf(stderr, "%s: %s\n", what, db != nullptr ? sqlite3_errmsg(db) : "");
    std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
    Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

/// Rows waiting for the writer, and how many are durable: a client waits until the commit that
/// carried its row is done.
class GroupCommit {
public:
    explicit GroupCommit(sqlite3* db) : db_(db) {
        Check(sqlite3_prepare_v2(db_, "INSERT INTO rows(body) VALUES (?)", -1, &insert_, nullptr),
              db_, "prepare");
    }
    ~GroupCommit() { sqlite3_finalize(insert_); }
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    /// Returns once the row is durable.
    void Write(const std::string& body) {
        std::unique_lock lock(mutex_);
        pending_.push_back(&body);
        const auto ticket = submitted_ + static_cast<long>(pending_.size());
        wake_writer_.notify_one();
        durable_cv_.wait(lock, [&] { return durable_ >= ticket; });
    }

    /// The writer: runs until `stop` and nothing is pending.
    void Run() {
        std::vector<const std::string*> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                wake_writer_.wait(lock, [&] { return !pending_.empty() || stop_; });
                if (pending_.empty()) return;
                batch.swap(pending_);
                submitted_ += static_cast<long>(batch.size());
            }
            Exec(db_, "BEGIN");
            for (const auto* body : batch) {
                sqlite3_bind_blob(insert_, 1, body->data(), static_cast<int>(body->size()),
                                  SQLITE_STATIC);
                Check(sqlite3_step(insert_), db_, "insert");
                sqlite3_reset(insert_);
            }
            Exec(db_, "COMMIT");
            ++commits_;
            {
                std::lock_guard lock(mutex_);
                durable_ += static_cast<long>(batch.size());
            }
            durable_cv_.notify_all();
            batch.clear();
        }
    }

    void Stop() {
        std::lock_guard lock(mutex_);
        stop_ = true;
        wake_writer_.notify_one();
    }

    long commits() const { return commits_; }

private:
    sqlite3* db_;
    sqlite3_stmt* insert_ = nullptr;
    std::mutex mutex_;
    std::condition_variable wake_writer_;
    std::condition_variable durable_cv_;
    std::vector<const std::string*> pending_;
    long submitted_ = 0;  // rows taken by the writer
    long durable_ = 0;    // rows committed
    long commits_ = 0;    // the writer's alone
    bool stop_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--rows") o.rows = std::atol(argv[i + 1]);
        if (key == "--clients") o.clients = std::atoi(argv[i + 1]);
        if (key == "--dir") o.dir = argv[i + 1];
    }
    const bool own_dir = o.dir.empty();
    if (own_dir) {
        o.dir = (std::filesystem::temp_directory_path() /
                 ("otklik-commit-bench-" + std::to_string(::getpid())))
                    .string();
    }
    std::filesystem::create_directories(o.dir);
    const auto path = o.dir + "/commit.db";
    sqlite3* db = nullptr;
    Check(sqlite3_open(path.c_str(), &db), db, "open");
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA synchronous=FULL");
    Exec(db, "CREATE TABLE IF NOT EXISTS rows(id INTEGER PRIMARY KEY, body BLOB NOT NULL)");

    // About the size of the load client's appeal (bench/load_client.cpp).
    const std::string body(1300, 'x');
    GroupCommit group(db);
    std::thread writer([&] { group.Run(); });
    const auto per_client = o.rows / o.clients;
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    clients.reserve(static_cast<std::size_t>(o.clients));
    for (int c = 0; c < o.clients; ++c) {
        clients.emplace_back([&] {
            for (long r = 0; r < per_client; ++r) group.Write(body);
        });
    }
    for (auto& client : clients) client.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    group.Stop();
    writer.join();
    sqlite3_close(db);
    if (own_dir) std::filesystem::remove_all(o.dir);
    const auto rows = per_client * o.clients;
    std::printf(
        "{\"rows\": %ld, \"seconds\": %.3f, \"rate\": %.0f, \"commits\": %ld, "
        "\"rows_per_commit\": %.1f}\n",
        rows, seconds, static_cast<double>(rows) / seconds, group.commits(),
        static_cast<double>(rows) / static_cast<double>(std::max(1L, group.commits())));
    return 0;
}
