#include "views/conversation_view.hpp"

namespace otklik::views {
namespace json = boost::json;
namespace {

json::array Entries(const std::vector<core::ConversationEntry>& entries) {
    json::array out;
    out.reserve(entries.size());
    for (const auto& entry : entries) {
        json::array files;
        for (const auto& file : entry.files) {
            files.push_back(json::object{{"name", file.name},
                                         {"type", file.type},
                                         {"size", file.size},
                                         {"number", file.number}});
        }
        out.push_back(json::object{
            {"kind", entry.kind},
            {"direction", entry.direction},
            {"at", core::FormatInstant(entry.at)},
            {"author", entry.author},
            {"author_name", entry.author_name},
            {"subject", entry.subject},
            {"text", entry.text},
            {"channel", entry.channel},
            {"recipient", entry.recipient},
            {"state", entry.state},
            {"state_name", entry.state_name},
            {"letter_kind", entry.letter_kind},
            {"files", std::move(files)},
        });
    }
    return out;
}

}  // namespace

json::object ConversationJson(const std::string& uin, const core::Conversation& conversation) {
    json::array rejected;
    for (const auto& key : conversation.rejected_articles) rejected.emplace_back(key);
    return json::object{
        {"uin", uin},
        {"thread", Entries(conversation.thread)},
        {"notes", Entries(conversation.notes)},
        {"rejected_articles", std::move(rejected)},
    };
}

}  // namespace otklik::views
