#pragma once

#include <string>
#include <vector>

namespace otklik::search {

/// A role the chatbot offers the user ("school_student", «Школьник»): the applicant's role the
/// regulation's routing and the knowledge base's audiences speak of.
struct ChatRole {
    std::string code;
    std::string name;
};

/// How the chatbot talks under one regulation: what a deployment says in data
/// (regulations/channels/<regulation>.toml, `[chatbot]`) and the regulation's chatbot channel
/// (whether it requires the login). The defaults are the neutral dialog of a regulation that
/// says nothing: a plain greeting, no role asked, no login asked.
struct ChatbotProfile {
    std::string greeting = "Здравствуйте! Я помощник службы поддержки.";
    /// The roles offered, in order; empty: the role is not asked.
    std::vector<ChatRole> roles;
    /// The login question; empty: the login is asked only when required, in plain words.
    std::string login_prompt;
    /// The regulation's chatbot channel requires the login: «нет» is not an answer.
    bool login_required = false;
    /// What is said when a required login is refused; empty: plain words.
    std::string login_refusal;
};

}  // namespace otklik::search
