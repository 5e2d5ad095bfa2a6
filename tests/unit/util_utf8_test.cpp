// Text safety: ill-formed UTF-8 replaced, control characters shown escaped, JSON always valid.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready {
namespace {

const std::string kFffd = "\xEF\xBF\xBD";

TEST(Utf8Valid, WellFormedTextIsUnchanged) {
  const std::string text = "plain ASCII, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80, \xF4\x8F\xBF\xBF";
  EXPECT_EQ(valid_utf8(text), text);
  EXPECT_EQ(valid_utf8(""), "");
}

// Expected values are Python's bytes.decode("utf-8", "replace") (one U+FFFD per maximal subpart).
TEST(Utf8Valid, IllFormedPartsBecomeOneReplacementEach) {
  EXPECT_EQ(valid_utf8("CN=\xFF" "ARK"), "CN=" + kFffd + "ARK");
  EXPECT_EQ(valid_utf8("\x80\xBF"), kFffd + kFffd);                  // stray continuation bytes
  EXPECT_EQ(valid_utf8("\xC0\xAF"), kFffd + kFffd);                  // overlong '/'
  EXPECT_EQ(valid_utf8("\xE2\x82" "A"), kFffd + "A");                // cut short: one for the subpart
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), kFffd + kFffd + kFffd);      // a surrogate (CESU-8)
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd);  // above U+10FFFF
  EXPECT_EQ(valid_utf8("\xF0\x9F\x98"), kFffd);                      // truncated at the end
  EXPECT_EQ(valid_utf8("a\xF0\x9F\x98" "b\xF0\x9F\x98\x80"), "a" + kFffd + "b\xF0\x9F\x98\x80");
}

TEST(Utf8Valid, SequenceLength) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC3\xA9", 0), 2u);
  EXPECT_EQ(utf8_sequence_length("x\xF0\x9F\x98\x80", 1), 4u);
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98", 0), 0u);
  EXPECT_EQ(utf8_sequence_length("\xFF", 0), 0u);
}

TEST(Utf8AppendCodePoint, NonCharactersBecomeTheReplacement) {
  std::string out;
  append_utf8(out, 0xE9);
  append_utf8(out, 0xD800);
  append_utf8(out, 0x110000);
  EXPECT_EQ(out, "\xC3\xA9" + kFffd + kFffd);
}

TEST(TerminalSafe, ControlCharactersAreShownNotObeyed) {
  EXPECT_EQ(terminal_safe("value\x1b[31mred\x1b]0;title\x07"), "value\\x1b[31mred\\x1b]0;title\\x07");
  EXPECT_EQ(terminal_safe("a\rb\x7f" "c\x01"), "a\\rb\\x7fc\\x01");
  EXPECT_EQ(terminal_safe("C1 \xC2\x9B" "2J \xC2\x85"), "C1 \\u009b2J \\u0085");  // CSI and NEL as code points
  EXPECT_EQ(terminal_safe("\xFF"), kFffd);
}

TEST(TerminalSafe, TabAndLineBreaksAsAsked) {
  EXPECT_EQ(terminal_safe("a\tb\nc\n"), "a\tb\nc\n");
  EXPECT_EQ(terminal_safe("a\tb\nc\n", LineBreaks::Escape), "a\tb\\nc\\n");
}

TEST(TerminalSafe, OrdinaryTextUnchangedAndIdempotent) {
  const std::string text = "C:\\Users\\alice\\tpm.reg \xE2\x86\x92 caf\xC3\xA9 \xC2\xA0 (U+00A0 is no control)";
  EXPECT_EQ(terminal_safe(text), text);
  const std::string hostile = "x\x1b[2J\xC2\x9B\xFF\ry";
  EXPECT_EQ(terminal_safe(terminal_safe(hostile)), terminal_safe(hostile));
}

TEST(JsonText, IllFormedUtf8GivesValidJsonInsteadOfAnException) {
  nlohmann::json j = {{"subject", "CN=\xFF" "ARK"}, {"n", 1}};
  std::string text;
  ASSERT_NO_THROW(text = json_text(j));
  EXPECT_EQ(text, "{\"n\":1,\"subject\":\"CN=" + kFffd + "ARK\"}");
  EXPECT_EQ(nlohmann::json::parse(text)["subject"], "CN=" + kFffd + "ARK");
  EXPECT_EQ(json_text(j, 2), "{\n  \"n\": 1,\n  \"subject\": \"CN=" + kFffd + "ARK\"\n}");
  // JSON's own escapes for control characters are kept (json_text does not make text terminal-safe).
  EXPECT_EQ(json_text(nlohmann::json("a\x1b" "b")), "\"a\\u001bb\"");
}

TEST(JsonText, ReplacesAsValidUtf8Does) {
  for (const std::string s : {"\x80\xBF", "\xC0\xAF", "\xE2\x82" "A", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF0\x9F\x98",
                              "a\xF0\x9F\x98" "b\xF0\x9F\x98\x80"})
    EXPECT_EQ(json_text(nlohmann::json(s)), json_text(nlohmann::json(valid_utf8(s)))) << s;
}

TEST(JsonText, StringsMadeTerminalSafeInPlace) {
  nlohmann::json j = {{"a", {"ok", "esc\x1b[1m"}}, {"b\x07", {{"c", "\xFF"}}}, {"n", 2}};
  make_strings_terminal_safe(j);
  EXPECT_EQ(j["a"][1], "esc\\x1b[1m");
  EXPECT_EQ(j["b\\x07"]["c"], kFffd);
  EXPECT_EQ(j["n"], 2);
}

}  // namespace
}  // namespace tpmready
