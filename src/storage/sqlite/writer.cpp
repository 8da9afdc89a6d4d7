#include "storage/sqlite/writer.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace otklik::storage::sqlite {
namespace {

constexpr std::size_t kMaxBatch = 512;

}  // namespace

Writer::Writer(const std::string& path) : connection_(path), thread_([this] { Loop(); }) {}

Writer::~Writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Writer::Enqueue(Job job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw SqliteError("the store is shutting down", 0);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void Writer::Loop() {
    std::vector<Job> batch;
    std::vector<std::exception_ptr> errors;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            while (!queue_.empty() && batch.size() < kMaxBatch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        errors.assign(batch.size(), nullptr);
        std::exception_ptr batch_error;
        try {
            connection_.Exec("BEGIN IMMEDIATE");
            for (std::size_t i = 0; i < batch.size(); ++i) {
                connection_.Exec("SAVEPOINT unit");
                bool keep = false;
                try {
                    keep = batch[i].run(connection_);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
                if (!keep) connection_.Exec("ROLLBACK TO unit");
                connection_.Exec("RELEASE unit");
            }
            connection_.Exec("COMMIT");
            commits_.fetch_add(1);
            units_.fetch_add(batch.size());
            int written = 0;
            int highest = 0;
            if (sqlite3_db_status(connection_.handle(), SQLITE_DBSTATUS_CACHE_WRITE, &written,
                                  &highest, 0) == SQLITE_OK) {
                pages_.store(static_cast<std::uint64_t>(written));
            }
        } catch (const std::exception& e) {
            spdlog::error("store: transaction failed: {}", e.what());
            batch_error = std::current_exception();
            try {
                connection_.Exec("ROLLBACK");
            } catch (...) {
                // Nothing was started or it is already rolled back.
            }
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (batch_error) {
                batch[i].done->set_exception(batch_error);
            } else if (errors[i]) {
                batch[i].done->set_exception(errors[i]);
            } else {
                batch[i].done->set_value();
            }
        }
        batch.clear();
    }
}

ReaderPool::ReaderPool(const std::string& path, int size) {
    for (int i = 0; i < size; ++i) {
        connections_.push_back(std::make_unique<Connection>(path));
        connections_.back()->Exec("PRAGMA query_only=ON");
        idle_.push_back(connections_.back().get());
    }
}

ReaderPool::Lease ReaderPool::Borrow() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !idle_.empty(); });
    Connection* connection = idle_.back();
    idle_.pop_back();
    return Lease(*this, connection);
}

void ReaderPool::Return(Connection* connection) {
    {
        std::lock_guard lock(mutex_);
        idle_.push_back(connection);
    }
    available_.notify_one();
}

}  // namespace otklik::storage::sqlite
