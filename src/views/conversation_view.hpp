#pragma once

#include <boost/json.hpp>

#include "core/conversation.hpp"

namespace otklik::views {

/// The wire form of an appeal's conversation (GET /api/v1/appeals/{uin}/conversation, issue 16):
/// {"uin", "thread": [entry…], "notes": [entry…], "rejected_articles": [key…]}, each entry with
/// kind, direction, at, author, author_name, subject, text, channel, recipient, state,
/// state_name, letter_kind and files [{name, type, size, number}].
boost::json::object ConversationJson(const std::string& uin,
                                     const core::Conversation& conversation);

}  // namespace otklik::views
