#include "collect/eventlog_source.h"

#include "util/file.h"
#include "util/text.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <tuple>

namespace tpmready::collect {

namespace {
constexpr std::size_t kCounterDigits = 10;  // facts/windows.md §10: 10-digit counters

std::optional<std::uint64_t> digits(std::string_view s) {
  if (s.size() != kCounterDigits) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}
}  // namespace

std::optional<MeasuredBootName> parse_measured_boot_name(std::string_view name) {
  constexpr std::string_view kExt = ".log";
  if (name.size() != 2 * kCounterDigits + 1 + kExt.size() || name[kCounterDigits] != '-') return std::nullopt;
  if (!iequals(name.substr(2 * kCounterDigits + 1), kExt)) return std::nullopt;
  auto boot = digits(name.substr(0, kCounterDigits));
  auto resume = digits(name.substr(kCounterDigits + 1, kCounterDigits));
  if (!boot || !resume) return std::nullopt;
  return MeasuredBootName{*boot, *resume};
}

std::optional<std::string> pick_measured_boot_log(const std::vector<std::string>& names) {
  std::optional<std::string> best;
  std::tuple<std::uint64_t, std::uint64_t> best_key{};
  for (const auto& n : names) {
    auto parsed = parse_measured_boot_name(n);
    if (!parsed) continue;
    std::tuple<std::uint64_t, std::uint64_t> key{parsed->boot, parsed->resume};
    if (!best || key > best_key) {
      best = n;
      best_key = key;
    }
  }
  return best;
}


Result<std::string> resolve_eventlog_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path, ec)) names.push_back(entry.path().filename().string());
    if (ec) return make_error(ErrorKind::Io, "cannot list " + path + ": " + ec.message());
    auto pick = pick_measured_boot_log(names);
    if (!pick) {
      return make_error(ErrorKind::NotFound,
                        "no MeasuredBoot log (<10-digit boot>-<10-digit resume>.log) in folder " + path);
    }
    return (fs::path(path) / *pick).string();
  }
  if (!fs::exists(path, ec)) return make_error(ErrorKind::NotFound, "no such file: " + path);
  return path;
}

Result<EventLogSource> open_eventlog(const std::string& path) {
  auto file = TRY(resolve_eventlog_path(path));
  // Opened once now so a missing, unreadable or oversized file fails here, not mid-output.
  TRY(eventlog::ChunkedInput::open_file(file, input_limit(kMaxEventLogBytes)));
  return EventLogSource{file, "file:" + file, {}, true};
}

Result<EventLogSource> load_eventlog(const std::string& path) {
  auto file = TRY(resolve_eventlog_path(path));
  auto bytes = TRY(read_file(file, input_limit(kMaxEventLogBytes)));
  return EventLogSource{file, "file:" + file, std::move(bytes), false};
}

Result<std::unique_ptr<eventlog::EventLogInput>> EventLogSource::open() const {
  if (!streamed) return std::unique_ptr<eventlog::EventLogInput>(std::make_unique<eventlog::MemoryInput>(bytes, source));
  auto input = TRY(eventlog::ChunkedInput::open_file(path, input_limit(kMaxEventLogBytes)));
  return std::unique_ptr<eventlog::EventLogInput>(std::move(input));
}

}  // namespace tpmready::collect
