// libFuzzer target: a raw letter as the mailbox hands it over, through the MIME parser the
// e-mail intake uses (GMime, charset detection, HTML to text, reply trimming). Whatever the
// letter holds, what comes out is UTF-8 (mime_parser.hpp, letter.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.hpp"

#include "channels/email/mime_parser.hpp"
#include "channels/email/text_tools.hpp"

namespace email = otklik::channels::email;
using otklik::fuzz::IsUtf8;
using otklik::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    auto letter = email::ParseLetter(raw);
    if (letter) {
        Require(IsUtf8(letter->subject), "subject is UTF-8");
        Require(IsUtf8(letter->from_name), "from_name is UTF-8");
        Require(IsUtf8(letter->text), "text is UTF-8");
        Require(IsUtf8(letter->trimmed_text), "trimmed_text is UTF-8");
        for (const auto& attachment : letter->attachments) {
            Require(IsUtf8(attachment.filename), "attachment filename is UTF-8");
        }
    }
    (void)email::NormalizeMessageId(raw);
    const std::string text = email::ToUtf8(raw, "windows-1251");
    Require(IsUtf8(text), "ToUtf8 gives UTF-8");
    Require(IsUtf8(email::HtmlToText(text)), "HtmlToText of UTF-8 is UTF-8");
    Require(IsUtf8(email::TidyText(email::TrimReply(text))), "TrimReply of UTF-8 is UTF-8");
    return 0;
}
