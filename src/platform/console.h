#pragma once
/// The console tpmready writes to. console_posix.cpp / console_windows.cpp prepare it and say what
/// it can show; output_style (console.cpp) decides from that how text for people is written.
#include <cstddef>
#include <string_view>

namespace tpmready::platform {

/// What preparing stdout found.
struct ConsoleState {
  bool is_terminal = false;  ///< stdout is a terminal (Windows: a console), not a file or pipe
  bool vt_enabled = false;   ///< the terminal interprets escape sequences (colour)
  bool utf8_output = false;  ///< what tpmready writes to stdout is read as UTF-8
  /// The terminal's width in columns (POSIX: TIOCGWINSZ, else $COLUMNS; Windows: the console
  /// window's); 0 when stdout is not a terminal or its width is unknown.
  std::size_t columns = 0;
};

/// Call once, at start. Windows: when stdout is a console, sets its output code page to UTF-8
/// (SetConsoleOutputCP) and enables virtual-terminal processing, where the console supports each,
/// and restores the original code page and mode at exit (also on Ctrl+C). Redirected output is
/// left alone and reported as not UTF-8: the reader decodes it with a code page tpmready cannot
/// see. POSIX changes nothing: terminals interpret escape sequences and text is UTF-8.
ConsoleState prepare_console();

enum class ConsoleStream { Out, Err };

/// stderr is a terminal (Windows: a console): where progress lines may be drawn.
bool stderr_is_terminal();

/// Writes UTF-8 text to stdout's or stderr's console as UTF-16 (WriteConsoleW), when
/// prepare_console found that stream to be a console: the bytes then never pass through the C
/// runtime, whose console writes may read them in another code page. False when the stream is not
/// a console (POSIX: always) or the console refused the first write: write the bytes instead.
bool write_console(ConsoleStream stream, std::string_view utf8);

/// Columns text for people is wrapped to where no terminal says otherwise (a file, a pipe, a
/// terminal of unknown width), and the narrowest a terminal's width is taken as.
inline constexpr std::size_t kDefaultColumns = 100;
inline constexpr std::size_t kMinColumns = 40;

/// How text for people is written.
struct OutputStyle {
  bool utf8_symbols = true;  ///< "→", "—", "…"; otherwise "->", "--", "..." and ASCII only
  bool colour = false;       ///< ANSI colour escape sequences
  std::size_t width = kDefaultColumns;  ///< columns text for people is wrapped to
};

/// The decision, from the console's state, --ascii and NO_COLOR: colour only on a terminal that
/// interprets escape sequences; UTF-8 only where it is read as UTF-8 and not on a terminal without
/// escape-sequence support (an old console, whose fonts lack the symbols too); --ascii turns both
/// off. A file tpmready writes itself is {is_terminal false, utf8_output true}. Width: a terminal's
/// own (at least kMinColumns), kDefaultColumns for anything else.
OutputStyle output_style(const ConsoleState& console, bool ascii, bool no_color);

/// $COLUMNS as a width, where a terminal gives none of its own: 0 when unset or not a number in
/// 1..10000.
std::size_t columns_from_env();

/// NO_COLOR is set to a non-empty value (no-color.org).
bool no_color_requested();

}  // namespace tpmready::platform
