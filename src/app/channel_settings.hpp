#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "search/chatbot_profile.hpp"

namespace otklik::app {

/// What the channel adapters say and do under one regulation beyond what its regulation file
/// states (issue 13: no seed's words in C++): regulations/channels/<regulation>.toml.
///
///   [chatbot]                       # the chatbot's dialog (000 §5.6.1)
///   greeting = "Здравствуйте! …"
///   login_prompt = "Укажите ваш логин на платформе проекта."
///   login_refusal = "Без логина платформы …"   # when the chatbot channel requires the login
///   roles = [{ code = "school_student", name = "Школьник" }, …]
///
///   [email.org_mail]                # a mailbox channel of the regulation
///   registration_card = true        # letters are registered in document management
struct ChannelSettings {
    /// The `[chatbot]` table; login_required is the regulation's to say, not the file's.
    std::optional<search::ChatbotProfile> chatbot;
    /// The regulation's channels whose letters get a document-management registration card.
    std::set<std::string> registration_card_channels;
};

/// Parses one file's text; unknown keys and wrong types are refused. Throws std::runtime_error
/// naming `source`, the line and the reason.
ChannelSettings ParseChannelSettings(std::string_view text, const std::string& source);

/// Reads `<regulations folder>/channels/*.toml`, keyed by the file's stem (the regulation id);
/// no folder: none. Throws std::runtime_error for a file that cannot be read or parsed.
std::map<std::string, ChannelSettings> LoadChannelSettings(const std::string& regulations_folder);

}  // namespace otklik::app
