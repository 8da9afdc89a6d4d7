#include "storage/postgres/database.hpp"

#include <random>

#include <spdlog/spdlog.h>

namespace otklik::storage::postgres {
namespace {

std::string NewNodeName() {
    std::random_device random;
    const auto a = static_cast<std::uint64_t>(random()) << 32 | random();
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(a));
    return text;
}

void RollbackQuietly(Connection& c) {
    try {
        c.Wait();  // a statement sent and failed is what is being rolled back
    } catch (const PgError&) {
    }
    try {
        c.Exec("ROLLBACK");
    } catch (const PgError&) {
    }
}

}  // namespace

Database::Database(const DatabaseOptions& options) : options_(options), node_(NewNodeName()) {
    options_.url = WithApplicationName(options_.url, ApplicationName(node_));
    writer_ = std::make_unique<Connection>(options_.url);
    thread_ = std::thread([this] { Loop(); });
}

Database::~Database() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

Database::Lease Database::Borrow() {
    std::unique_lock lock(pool_mutex_);
    const auto limit = static_cast<std::size_t>(std::max(1, options_.readers));
    pool_available_.wait(lock, [&] { return !idle_.empty() || lent_ < static_cast<int>(limit); });
    std::unique_ptr<Connection> connection;
    if (!idle_.empty()) {
        connection = std::move(idle_.back());
        idle_.pop_back();
    }
    ++lent_;
    lock.unlock();
    if (!connection) {
        try {
            connection = std::make_unique<Connection>(options_.url);
        } catch (...) {
            std::lock_guard again(pool_mutex_);
            --lent_;
            pool_available_.notify_one();
            throw;
        }
    }
    return Lease(*this, std::move(connection));
}

void Database::Return(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(pool_mutex_);
    --lent_;
    // A connection the server dropped, or one left inside a transaction, is not lent again; the
    // next borrower opens a new one. Checked locally: asking the server (SELECT 1) on every
    // return doubled the round trips of each read.
    if (connection && connection->Idle()) idle_.push_back(std::move(connection));
    pool_available_.notify_one();
}

bool Database::Ping() {
    try {
        auto c = Borrow();
        return c->Healthy();
    } catch (const PgError&) {
        return false;
    }
}

void Database::Enqueue(Job job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Database::Loop() {
    for (;;) {
        std::vector<Job> batch;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping and drained
            const auto limit = static_cast<std::size_t>(std::max(1, options_.max_batch));
            while (!queue_.empty() && batch.size() < limit) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        RunBatch(batch);
    }
}

// Every unit of the batch in one transaction, the statements units send first (their key
// claims and numbers) sent together before the first unit runs. A unit that answers with a failed
// Result or throws leaves the batch (PostgreSQL cannot go on in an aborted transaction, and a
// savepoint per unit would cost two more round trips each): the rest runs again without it. A
// deadlock or serialization failure with another node runs the whole batch again.
void Database::RunBatch(std::vector<Job>& batch) {
    std::vector<Job*> pending;
    for (auto& job : batch) pending.push_back(&job);
    int retries = 0;
    while (!pending.empty()) {
        std::size_t failed = pending.size();
        std::exception_ptr error;
        bool retry_all = false;
        try {
            writer_->Exec("BEGIN");
            writer_->DropKept();
            for (auto* job : pending) {
                if (job->send_first) job->send_first(*writer_);
            }
            for (std::size_t i = 0; i < pending.size(); ++i) {
                bool ok = false;
                try {
                    ok = pending[i]->run(*writer_);
                } catch (const PgError& e) {
                    if (!e.retryable()) throw;
                    retry_all = true;
                    break;
                } catch (...) {
                    failed = i;
                    error = std::current_exception();
                    break;
                }
                if (!ok) {
                    failed = i;
                    break;
                }
            }
            if (failed == pending.size() && !retry_all) {
                writer_->Exec("COMMIT");
                commits_.fetch_add(1);
                units_.fetch_add(pending.size());
                for (auto* job : pending) job->done->set_value();
                return;
            }
            RollbackQuietly(*writer_);
        } catch (const PgError& e) {
            RollbackQuietly(*writer_);
            if (e.retryable()) {
                retry_all = true;
            } else {
                // The connection or the COMMIT broke: every unit of the batch learns it.
                if (e.connection_lost()) {
                    try {
                        writer_->Reset();
                    } catch (const PgError&) {
                    }
                }
                const auto broken = std::current_exception();
                for (auto* job : pending) job->done->set_exception(broken);
                return;
            }
        }
        if (retry_all) {
            if (++retries > 20) {
                const auto broken = std::make_exception_ptr(
                    PgError("PostgreSQL: the batch kept deadlocking with another node", "40P01"));
                for (auto* job : pending) job->done->set_exception(broken);
                return;
            }
            spdlog::debug("postgres: batch of {} runs again after a deadlock", pending.size());
            continue;
        }
        if (error) {
            pending[failed]->done->set_exception(error);
        } else {
            pending[failed]->done->set_value();  // its Result holds the failure
        }
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(failed));
    }
}

}  // namespace otklik::storage::postgres
