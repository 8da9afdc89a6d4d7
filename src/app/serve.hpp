#pragma once

#include "app/config.hpp"

namespace otklik::app {

/// Runs the server until SIGINT or SIGTERM; returns the process exit code. Prints
/// "otklik: listening on http://HOST:PORT" once it accepts connections (tests read it).
int Serve(const ServeConfig& config);

}  // namespace otklik::app
