#include "cli/usage_error.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string_view>
#include <vector>

#include "util/closest.h"

namespace tpmready::cli {
namespace {

/// The command the parser reached: `tpmready fleet report` for "fleet report --dbb x".
const CLI::App* reached(const CLI::App& app) {
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) at = at->get_subcommands().back();
  return at;
}

/// "fleet report": the command's words after the program's name ("" for the program itself).
std::string command_of(const CLI::App* at) {
  std::string path;
  for (const CLI::App* a = at; a->get_parent() != nullptr; a = a->get_parent())
    path = a->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

std::string program_of(const CLI::App* at) {
  while (at->get_parent() != nullptr) at = at->get_parent();
  return at->get_name();
}

/// Where to read more: "see tpmready fleet report --help".
std::string see_help(const CLI::App* at) {
  const std::string cmd = command_of(at);
  return "see " + program_of(at) + (cmd.empty() ? "" : " " + cmd) + " --help";
}

std::string prefix(const std::string& cmd) { return cmd.empty() ? "" : cmd + ": "; }

/// `message` + "; one of: <the commands>" while the error line stays within 100 columns, else
/// + "; see ... --help".
std::string with_commands(const CLI::App* at, const std::string& message, const std::vector<std::string>& commands) {
  std::string out = message + "; one of: ";
  for (std::size_t i = 0; i < commands.size(); ++i) out += (i ? ", " : "") + commands[i];
  constexpr std::size_t kRoom = 100 - std::string_view("tpmready: error: ").size();
  return out.size() <= kRoom ? out : message + "; " + see_help(at);
}

std::vector<std::string> command_names(const CLI::App* at) {
  std::vector<std::string> names;
  for (const CLI::App* s : at->get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); }))
    names.push_back(s->get_name());
  return names;
}

/// The options `at` takes as they are spelled ("--format", "-o"), with those of its parents (they
/// fall through to them), hidden ones left out.
std::vector<std::string> option_names(const CLI::App* at, bool with_parents) {
  std::vector<std::string> names;
  for (const CLI::App* a = at; a != nullptr; a = with_parents ? a->get_parent() : nullptr) {
    for (const CLI::Option* o : a->get_options([](const CLI::Option* o) { return o->nonpositional(); })) {
      if (o->get_group().empty()) continue;
      for (const auto& n : o->get_lnames()) names.push_back("--" + n);
      for (const auto& n : o->get_snames()) names.push_back("-" + n);
    }
  }
  return names;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string unknown_option(const CLI::App* at, const std::string& typed) {
  const std::string cmd = command_of(at);
  const std::string name = typed.substr(0, typed.find('='));
  const auto own = option_names(at, false);
  // Known to the command, yet not taken: it came before the command's name.
  if (!cmd.empty() && std::find(own.begin(), own.end(), name) != own.end())
    return "option " + quoted(name) + " goes after the command: " + program_of(at) + " " + cmd + " " + name + " ...";
  // Compared without their dashes: "-format" and "format" are "--format" mistyped.
  const auto names = option_names(at, true);
  std::vector<std::string> bare;
  for (const auto& n : names) bare.push_back(n.substr(n.find_first_not_of('-')));
  const auto close = closest_name(name.substr(std::min(name.find_first_not_of('-'), name.size())), bare);
  const std::string out = prefix(cmd) + "unknown option " + quoted(name);
  if (close) {
    for (std::size_t i = 0; i < bare.size(); ++i)
      if (bare[i] == *close) return out + "; did you mean " + quoted(names[i]) + "?";
  }
  return out + "; " + see_help(at);
}

bool looks_like_option(const std::string& s) { return s.size() > 1 && s[0] == '-' && !(s[1] >= '0' && s[1] <= '9'); }

}  // namespace

std::string usage_error_text(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App* at = reached(app);
  const std::string cmd = command_of(at);
  const auto commands = command_names(at);
  const auto extra = app.remaining(true);
  if (!extra.empty()) {
    const std::string& typed = extra.front();
    if (looks_like_option(typed)) return unknown_option(at, typed);
    if (!commands.empty()) {
      const std::string in = cmd.empty() ? "" : cmd + " ";
      const auto close = closest_name(typed, commands);
      const std::string out = "unknown command " + quoted(in + typed);
      return close ? out + "; did you mean " + quoted(in + *close) + "?" : with_commands(at, out, commands);
    }
    return prefix(cmd) + "unexpected argument " + quoted(typed) + "; " + see_help(at);
  }
  if (!commands.empty() && e.get_name() == "RequiredError")
    return with_commands(at, prefix(cmd) + "no command given", commands);
  return prefix(cmd) + e.what() + "; " + see_help(at);
}

}  // namespace tpmready::cli
