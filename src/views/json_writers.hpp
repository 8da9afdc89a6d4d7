#pragma once

// Internal to views: the two targets every form is written to by one renderer, so that a form
// is described once and comes out either as JSON text (the store's summary cache, written with
// every change of an appeal: no JSON values built) or as Boost.JSON values (the API's answers,
// which extend them). The renderers call Key before each member of an object and nothing
// before an element of an array.

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>

#include "core/json_text.hpp"

namespace otklik::views::detail {

/// Appends JSON text to a string.
class TextWriter {
public:
    explicit TextWriter(std::string& out) : out_(out) {}

    void Key(std::string_view name) {
        Separate();
        core::AppendJsonString(out_, name);
        out_ += ':';
        after_key_ = true;
    }
    void String(std::string_view value) {
        Separate();
        core::AppendJsonString(out_, value);
    }
    void Int(std::int64_t value) {
        Separate();
        out_ += std::to_string(value);
    }
    void Uint(std::uint64_t value) {
        Separate();
        out_ += std::to_string(value);
    }
    // The shortest text that reads back as the same double; JSON has no infinities or NaN.
    void Double(double value) {
        Separate();
        if (!std::isfinite(value)) {
            out_ += "null";
            return;
        }
        char buffer[32];
        const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, ec == std::errc() ? end : buffer);
    }
    void Bool(bool value) {
        Separate();
        out_ += value ? "true" : "false";
    }
    void Null() {
        Separate();
        out_ += "null";
    }
    void BeginObject() { Open('{'); }
    void EndObject() { Close('}'); }
    void BeginArray() { Open('['); }
    void EndArray() { Close(']'); }

private:
    void Separate() {
        if (after_key_) {
            after_key_ = false;
        } else if (depth_ > 0) {
            if (!first_[depth_ - 1]) out_ += ',';
            first_[depth_ - 1] = false;
        }
    }
    void Open(char bracket) {
        Separate();
        out_ += bracket;
        first_[depth_++] = true;  // the forms nest a few levels, far from the limit
    }
    void Close(char bracket) {
        out_ += bracket;
        --depth_;
    }

    std::string& out_;
    std::array<bool, 16> first_{};
    std::size_t depth_ = 0;
    bool after_key_ = false;
};

/// Builds a Boost.JSON value in `storage`.
class ValueWriter {
public:
    explicit ValueWriter(boost::json::storage_ptr storage)
        : storage_(std::move(storage)), root_(storage_) {}

    void Key(std::string_view name) { key_ = name; }
    void String(std::string_view value) { Place(boost::json::value(value, storage_)); }
    void Int(std::int64_t value) { Place(boost::json::value(value, storage_)); }
    void Uint(std::uint64_t value) { Place(boost::json::value(value, storage_)); }
    void Double(double value) { Place(boost::json::value(value, storage_)); }
    void Bool(bool value) { Place(boost::json::value(value, storage_)); }
    void Null() { Place(boost::json::value(nullptr, storage_)); }
    void BeginObject() { open_.push_back(&Place(boost::json::object(storage_))); }
    void EndObject() { open_.pop_back(); }
    void BeginArray() { open_.push_back(&Place(boost::json::array(storage_))); }
    void EndArray() { open_.pop_back(); }

    boost::json::value& Root() { return root_; }

private:
    // Only the innermost open container grows, so the pointers to the open ones stay valid.
    boost::json::value& Place(boost::json::value value) {
        if (open_.empty()) return root_ = std::move(value);
        boost::json::value& top = *open_.back();
        if (top.is_array()) return top.get_array().emplace_back(std::move(value));
        return top.get_object().insert_or_assign(key_, std::move(value)).first->value();
    }

    boost::json::storage_ptr storage_;
    boost::json::value root_;  // in storage_, so that a placed value moves rather than copies
    std::vector<boost::json::value*> open_;
    std::string_view key_;
};

}  // namespace otklik::views::detail
