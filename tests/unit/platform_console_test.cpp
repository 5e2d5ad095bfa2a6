// How text for people is written, decided from the console's state, --ascii and NO_COLOR
// (platform::output_style): every combination of the five inputs.
#include <gtest/gtest.h>

#include "platform/console.h"

using namespace tpmready::platform;

namespace {
struct Row {
  bool terminal, vt, utf8, ascii, no_color;
  bool want_utf8, want_colour;
};
}  // namespace

TEST(OutputStyle, DecisionTable) {
  const Row rows[] = {
      // A modern terminal (Windows Terminal, conhost with VT and UTF-8 set, a Linux terminal).
      {true, true, true, false, false, true, true},
      {true, true, true, false, true, true, false},  // NO_COLOR: symbols stay, colour goes
      {true, true, true, true, false, false, false},  // --ascii: neither
      {true, true, true, true, true, false, false},
      // Old conhost: VT processing cannot be enabled. Neither, even with the code page set.
      {true, false, true, false, false, false, false},
      {true, false, false, false, false, false, false},
      // The code page could not be set to UTF-8: ASCII, colour still possible.
      {true, true, false, false, false, false, true},
      {true, true, false, false, true, false, false},
      // Redirected: never colour; UTF-8 when the bytes are read as UTF-8 (POSIX, a file tpmready
      // writes itself), ASCII when not (Windows: the reader's code page is unknown).
      {false, false, true, false, false, true, false},
      {false, false, false, false, false, false, false},
      {false, false, true, true, false, false, false},
      {false, true, true, false, false, true, false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(testing::Message() << "terminal=" << r.terminal << " vt=" << r.vt << " utf8=" << r.utf8
                                    << " ascii=" << r.ascii << " no_color=" << r.no_color);
    auto s = output_style({r.terminal, r.vt, r.utf8}, r.ascii, r.no_color);
    EXPECT_EQ(s.utf8_symbols, r.want_utf8);
    EXPECT_EQ(s.colour, r.want_colour);
  }
}

TEST(OutputStyle, ColourNeedsATerminalAndUtf8NeverComesWithAscii) {
  for (int bits = 0; bits < 32; ++bits) {
    const ConsoleState c{(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
    const bool ascii = (bits & 8) != 0, no_color = (bits & 16) != 0;
    auto s = output_style(c, ascii, no_color);
    if (s.colour) {
      EXPECT_TRUE(c.is_terminal && c.vt_enabled && !ascii && !no_color) << bits;
    }
    if (ascii) {
      EXPECT_FALSE(s.utf8_symbols || s.colour) << bits;
    }
  }
}

TEST(OutputStyle, WidthIsTheTerminalsOr100) {
  ConsoleState c{true, true, true};
  c.columns = 132;
  EXPECT_EQ(output_style(c, false, false).width, 132u);
  c.columns = 60;
  EXPECT_EQ(output_style(c, true, true).width, 60u);  // --ascii and NO_COLOR change nothing here
  c.columns = 12;  // a sliver of a terminal: text still gets room for a label and a word
  EXPECT_EQ(output_style(c, false, false).width, kMinColumns);
  c.columns = 0;  // a terminal that does not say
  EXPECT_EQ(output_style(c, false, false).width, kDefaultColumns);
  ConsoleState pipe{false, false, true};
  pipe.columns = 200;  // not a terminal: whatever a width says, files and pipes get 100
  EXPECT_EQ(output_style(pipe, false, false).width, 100u);
}
