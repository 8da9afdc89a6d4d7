#pragma once

#include <string>
#include <vector>

#include "core/appeal_service.hpp"
#include "core/repositories.hpp"

namespace otklik::app {

/// A demo login printed by `make run`.
struct DemoLogin {
    std::string login;
    std::string password;
    std::string role;
};

/// Fills a fresh store with demo groups, users and `appeal_count` realistic Russian appeals
/// spread over the regulations, channels and statuses of `demo_file` (data/demo/appeals.toml),
/// registered through `appeals` while `clock` walks forward from a month ago. Deterministic
/// (fixed seed). Leaves a store that already has users as it is; returns false then. Throws
/// std::runtime_error naming the file, line and reason when the file is broken.
bool LoadDemo(core::UserRepository& users, core::AppealService& appeals, core::ManualClock& clock,
              int appeal_count, const std::string& demo_file);

/// The demo logins and their passwords.
std::vector<DemoLogin> DemoLogins();

}  // namespace otklik::app
