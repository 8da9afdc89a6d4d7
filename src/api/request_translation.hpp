#pragma once

#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http.hpp"

namespace otklik::api {

/// The handlers' Request from a message Beast has parsed: method, target split into the decoded
/// path and query, header names lower-cased, body, and the peer's address. Only the server (and
/// the HTTP fuzzer, tests/fuzz) include this header, so Beast stays out of the other units.
Request ToRequest(const boost::beast::http::request<boost::beast::http::string_body>& message,
                  const std::string& remote);

}  // namespace otklik::api
