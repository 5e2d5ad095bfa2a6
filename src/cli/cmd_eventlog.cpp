// tpmready eventlog: decode a TCG measured-boot log, replay its PCRs, compare with a TPM's.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "collect/eventlog_collect.h"
#include "collect/eventlog_live.h"
#include "collect/eventlog_source.h"
#include "eventlog/analysis.h"
#include "report/eventlog_view.h"
#include "util/file.h"

namespace tpmready::cli {

namespace {

struct EventlogOptions {
  std::string input;        // FILE or MeasuredBoot DIR
  bool live = false;        // the platform's log and the TPM's PCRs
  std::string tpm = "auto";
  std::string pcrs_file;    // JSON PCR values
  bool replay = false;
  std::string format = "text";
  int bench_iterations = 0;  // hidden: in-process parse+replay throughput (bench/eventlog.sh)
};

Result<PcrValues> load_pcrs_file(const std::string& path) {
  auto bytes = TRY(read_file(path, input_limit(kMaxJsonBytes)));
  nlohmann::json j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(ErrorKind::Parse, "not JSON").context("PCR file " + path);
  return pcr_values_from_json(j).context("PCR file " + path);
}

// Hidden benchmark: parse + replay the log N times (streamed as the command does), MB/s on stdout.
int run_bench(const collect::EventLogSource& log, int iterations) {
  auto start = std::chrono::steady_clock::now();
  std::size_t events = 0, bytes = 0;
  for (int i = 0; i < iterations; ++i) {
    auto processed = collect::process_eventlog(log);
    if (!processed) {
      print_error(processed.error());
      return kExitUsage;
    }
    events += processed->summary.events;
    bytes = processed->summary.bytes;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double mb = static_cast<double>(bytes) * iterations / 1e6;
  char line[200];
  std::snprintf(line, sizeof line, "parse+replay: %d x %zu bytes, %zu events, %.3f s, %.1f MB/s\n", iterations,
                bytes, events, seconds, mb / seconds);
  write_stdout(line);
  return kExitReady;
}

// Both passes read the log from its start; a file that changed between them shows up here.
std::optional<Error> passes_differ(const eventlog::ProcessedLog& done, std::size_t shown, std::size_t bytes) {
  if (shown == done.summary.events && bytes == done.summary.bytes) return std::nullopt;
  return make_error(ErrorKind::Io, "the log changed while it was read: " + std::to_string(shown) + " events shown, " +
                                       std::to_string(done.summary.events) + " replayed");
}

struct Output {
  std::unique_ptr<report::EventLogJsonRenderer> json;
  std::unique_ptr<report::EventLogTextRenderer> text;
  void event(const eventlog::Event& e) {
    if (json) json->event(e);
    if (text) text->event(e);
  }
};

// A pipe or securityfs file can be read once: one thread parses, replays and renders each event.
Result<eventlog::ProcessedLog> one_pass(eventlog::EventLogReader reader, Output& out) {
  return eventlog::process_log(std::move(reader), [&](const eventlog::Event& e) { out.event(e); });
}

// A log that can be read again (a regular file, or memory) is walked twice at once, each pass
// streaming from its own input: a worker parses + replays (the hashing) while this thread parses
// again and renders. Output still streams event by event and neither pass holds the log.
Result<eventlog::ProcessedLog> two_passes(const collect::EventLogSource& log, eventlog::EventLogReader reader,
                                          Output& out) {
  std::optional<Result<eventlog::ProcessedLog>> processed;
  std::thread worker([&] {
    try {
      processed.emplace(collect::process_eventlog(log));
    } catch (const std::exception& e) {
      processed.emplace(make_error(ErrorKind::Internal, std::string("replay failed: ") + e.what()));
    }
  });
  std::size_t shown = 0;
  while (auto e = reader.next()) {
    ++shown;
    out.event(*e);
  }
  worker.join();
  if (!processed->ok()) return std::move(*processed).error();  // the file vanished between the opens
  std::size_t bytes = reader.offset() + reader.trailing_zero_bytes() + reader.trailing_bytes();
  if (auto differ = passes_differ(processed->value(), shown, bytes)) return *differ;
  return std::move(*processed);
}

int run_eventlog(const EventlogOptions& o) {
  if (!o.live && o.input.empty()) {
    print_error("give a log FILE or MeasuredBoot DIR, or --live");
    return kExitUsage;
  }
  if (o.live && !o.pcrs_file.empty()) {
    print_error("--live reads the PCRs from the TPM; --pcrs gives them from a file: pick one");
    return kExitUsage;
  }
  // --live alone: the platform's own log; --live with FILE: that log against the live TPM.
  bool platform_log = o.live && o.input.empty();
  // A file streams in chunks (bounded memory whatever its size); platform logs are in memory.
  auto log = platform_log ? collect::load_platform_eventlog() : collect::open_eventlog(o.input);
  if (!log) {
    print_error(log.error());
    return platform_log ? kExitUndetermined : kExitUsage;
  }
  if (o.bench_iterations > 0) return run_bench(*log, o.bench_iterations);

  std::optional<PcrValues> actual;
  if (!o.pcrs_file.empty()) {
    auto p = load_pcrs_file(o.pcrs_file);
    if (!p) {
      print_error(p.error());
      return kExitUsage;
    }
    actual = std::move(*p);
  } else if (o.live) {
    auto p = collect::read_tpm_pcrs(o.tpm);
    if (!p) {
      print_error(std::move(p).error().context("TPM " + o.tpm));
      return kExitUndetermined;
    }
    actual = std::move(*p);
  }

  // Open once up front for the header (format, banks) so output can stream event by event.
  auto input = log->open();
  if (!input) {
    print_error(input.error());
    return kExitUsage;
  }
  auto header = eventlog::EventLogReader::open_input(std::move(*input));
  if (!header) {
    print_error(std::move(header).error().context(log->path));
    return kExitUsage;
  }
  report::Sink sink = [](std::string_view chunk) { write_stdout(chunk); };
  // The text renderer writes whole lines: each is shown in the console's style.
  if (o.format != "json") sink = [](std::string_view chunk) { write_stdout(styled_text(std::string(chunk))); };
  Output out;
  if (o.format == "json") {
    out.json = std::make_unique<report::EventLogJsonRenderer>(sink);
    out.json->begin(header->format(), header->spec_id(), log->source);
  } else {
    out.text = std::make_unique<report::EventLogTextRenderer>(sink, header->banks());
    out.text->begin(header->format(), header->spec_id(), log->source);
  }
  bool reread = header->input().size().has_value();
  auto processed = reread ? two_passes(*log, std::move(*header), out) : one_pass(std::move(*header), out);
  if (!processed) {
    print_error(std::move(processed).error().context(log->path));
    return kExitUsage;
  }
  auto& done = *processed;
  std::optional<eventlog::ReplayReport> report;
  if (actual) report = eventlog::compare_replay(done.replay, *actual, done.summary.issue);
  const EventLogEvidence evidence = collect::eventlog_evidence(done, log->source, report);
  report::EventLogRenderInput in{&done,   log->source, actual ? &*actual : nullptr, report ? &*report : nullptr,
                                 o.replay, &evidence};
  if (out.json) out.json->end(in);
  if (out.text) out.text->end(in);

  if (done.summary.issue) {
    print_error(make_error(ErrorKind::Parse, done.summary.issue->message).context(log->path));
  }
  // Exit: with PCRs the replay decides; without, a log cut short by a broken event is bad input.
  if (report) return report->matches ? kExitReady : kExitNotReady;
  return done.summary.issue ? kExitUsage : kExitReady;
}

}  // namespace

void register_eventlog(CLI::App& app, Runner& runner) {
  auto opts = std::make_shared<EventlogOptions>();
  auto* cmd = app.add_subcommand(
      "eventlog",
      "Decode a measured-boot log, replay PCRs, compare with the TPM\n"
      "Decodes a TCG measured-boot log (SHA-1 or crypto-agile; Windows WBCL/SIPA events), replays the\n"
      "PCR values it implies and compares them with a TPM's (--live) or with saved ones (--pcrs).");
  cmd->footer(
      "Examples:\n"
      "  tpmready eventlog C:\\Windows\\Logs\\MeasuredBoot\\   the newest boot's log\n"
      "  tpmready eventlog boot.log --replay               with the replayed PCR values\n"
      "  tpmready eventlog boot.log --pcrs tpm.json        against a saved `tpmready tpm --format json`\n"
      "  tpmready eventlog --live                          this device's log against its TPM\n"
      "\n"
      "Exit codes: 0 decoded (and, with PCRs, they match), 1 the PCRs do not match the log, 2 a log\n"
      "that cannot be used, 3 the TPM or the platform's log could not be read.");
  cmd->add_option("input", opts->input, "Event log file, or a Windows MeasuredBoot folder (its newest log)")
      ->type_name("PATH");
  cmd->add_flag("--live", opts->live,
                "Compare with the TPM's PCRs (PCR_Read); without PATH, also read the\n"
                "platform's log");
  cmd->add_option("--tpm", opts->tpm, "TPM for --live: auto | device:PATH | tcp:HOST:PORT")
      ->type_name("SPEC")
      ->capture_default_str();
  cmd->add_option("--pcrs", opts->pcrs_file,
                  "PCR values to compare with: JSON, such as what `tpmready tpm --format\n"
                  "json` writes")
      ->type_name("FILE");
  cmd->add_flag("--replay", opts->replay, "Show the replayed PCR values");
  cmd->add_option("--format", opts->format, "text | json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--bench-iterations", opts->bench_iterations)->group("");  // hidden
  cmd->callback([opts, &runner] { runner = [opts] { return run_eventlog(*opts); }; });
}

}  // namespace tpmready::cli
