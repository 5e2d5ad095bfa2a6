// tpmready fleet: many devices into one SQLite database (ingest), and the root-cause report over
// it or straight over the files (report: text, JSON, CSV of devices per root cause, HTML dashboard).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/report_output.h"
#include "fleet/dashboard.h"
#include "fleet/direct.h"
#include "fleet/fleet.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready::cli {
namespace {

struct IngestCli {
  fleet::IngestOptions ingest;
  ReportOptions anchors;  // only --ca-store / --no-default-cas are used
};

struct ReportCli {
  std::string db, html, format = "text", output;
  std::size_t max_devices = 10000;
  // The report from files, without a database:
  std::vector<std::string> inputs;
  std::string csv_column;
  unsigned threads = 0;
  ReportOptions anchors;  // only --ca-store / --no-default-cas are used
};

/// Calls its argument with every (root cause, device) row of the CSV.
using CsvRows = std::function<Status(const std::function<void(const fleet::RootCauseDevice&)>&)>;

int exit_for(const Error& e) { return e.kind() == ErrorKind::Internal ? kExitUndetermined : kExitUsage; }

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run_ingest(IngestCli& o) {
  auto anchors = load_trust_anchors(o.anchors);
  if (!anchors) {
    print_error(anchors.error());
    return kExitUsage;
  }
  o.ingest.anchors = &*anchors;
  o.ingest.now = unix_now();
  o.ingest.progress = true;  // shown only when stderr is a terminal
  auto sum = fleet::ingest(o.ingest);
  if (!sum) {
    print_error(sum.error());
    return exit_for(sum.error());
  }
  std::string out = "ingested: " + std::to_string(sum->ingested) + "\nskipped as duplicate: " +
                    std::to_string(sum->duplicates) + "\nrejected: " + std::to_string(sum->rejected.size()) + "\n";
  for (const auto& r : sum->rejected) out += "  " + r.source + ": " + r.reason + "\n";
  write_stdout(styled_text(terminal_safe(out)));  // file names and what was wrong inside them
  return sum->rejected.empty() ? kExitReady : kExitNotReady;
}

/// Streams the devices-per-root-cause CSV to the output (file or stdout) in 1 MiB pieces.
Status write_csv(const ReportCli& o, const CsvRows& rows) {
  std::ofstream file;
  bool to_stdout = o.output.empty() || o.output == "-";
  if (!to_stdout) {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) return make_error(ErrorKind::Io, "cannot write " + o.output);
  }
  std::string buf = fleet::root_cause_csv_header();
  auto flush = [&] {
    if (to_stdout) write_stdout(buf);
    else file.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    buf.clear();
  };
  TRY(rows([&](const fleet::RootCauseDevice& d) {
    buf += fleet::root_cause_csv_row(d);
    if (buf.size() > (1u << 20)) flush();
  }));
  flush();
  if (!to_stdout && !file) return make_error(ErrorKind::Io, "writing " + o.output + " failed");
  return ok_status();
}

/// The report (and dashboard) to the outputs --format, -o and --html ask for.
int write_report(const ReportCli& o, const fleet::FleetReport& r) {
  if (!o.html.empty()) {
    auto st = write_output(o.html, fleet::render_html(r));
    if (!st) {
      print_error(st.error());
      return kExitUsage;
    }
  }
  if (o.format == "csv") return kExitReady;
  auto text = o.format == "json" ? json_text(fleet::to_json(r), 2) + "\n"
                                 : styled_text(fleet::render_text(r), o.output);
  auto st = write_output(o.output, text);
  if (!st) {
    print_error(st.error());
    return kExitUsage;
  }
  return kExitReady;
}

int run_db_report(const ReportCli& o) {
  if (o.format == "csv") {
    auto st = write_csv(o, [&](const auto& fn) { return fleet::for_each_root_cause_device(o.db, fn); });
    if (!st) print_error(st.error());
    if (!st || o.html.empty()) return st ? kExitReady : exit_for(st.error());
  }
  auto r = fleet::build_fleet_report(o.db, o.max_devices);
  if (!r) {
    print_error(r.error());
    return exit_for(r.error());
  }
  return write_report(o, *r);
}

/// Straight from the files: what ingest would store, aggregated in memory, one device at a time.
int run_direct_report(const ReportCli& o) {
  auto anchors = load_trust_anchors(o.anchors);
  if (!anchors) {
    print_error(anchors.error());
    return kExitUsage;
  }
  fleet::PipelineOptions po;
  po.inputs = o.inputs;
  po.csv_column = o.csv_column;
  po.threads = o.threads;
  po.anchors = &*anchors;
  po.now = unix_now();
  auto r = fleet::report_from_inputs(po, o.max_devices);
  if (!r) {
    print_error(r.error());
    return exit_for(r.error());
  }
  // stdout carries the report: what could not be used goes to stderr, as ingest would list it.
  for (const auto& rej : r->rejected) print_error("rejected " + rej.source + ": " + rej.reason);
  if (o.format == "csv") {
    auto st = write_csv(o, [&](const auto& fn) {
      fleet::for_each_root_cause_device(r->report.root_causes, r->devices, fn);
      return ok_status();
    });
    if (!st) {
      print_error(st.error());
      return exit_for(st.error());
    }
  }
  const int code = write_report(o, r->report);
  return code != kExitReady ? code : r->rejected.empty() ? kExitReady : kExitNotReady;
}

int run_report(const ReportCli& o) {
  if (o.inputs.empty() == o.db.empty()) {
    print_error(o.db.empty() ? "fleet report needs --db FILE or the files (bundles, reports, NDJSON, CSV)"
                             : "fleet report takes --db or files, not both: ingest the files into the database first");
    return kExitUsage;
  }
  return o.inputs.empty() ? run_db_report(o) : run_direct_report(o);
}

void register_ingest(CLI::App* fleet_cmd, Runner& runner) {
  auto o = std::make_shared<IngestCli>();
  auto* cmd = fleet_cmd->add_subcommand(
      "ingest",
      "Add devices to the fleet database (SQLite), for history and trends\n"
      "Reads bundles (tpmready collect), reports (check --format json), NDJSON streams of either (one per\n"
      "line), folders (recursive: *.json, *.ndjson, *.jsonl, *.csv, *.txt), Intune Remediations CSV\n"
      "exports whose detection output is `tpmready check --summary`, and files of summary lines. Bundles\n"
      "are re-evaluated with this tpmready's rules (redacted ones, collect --redact, keep the report made\n"
      "on the device). Re-ingesting is idempotent; a device's newest run is its current one.");
  cmd->footer(
      "Examples:\n"
      "  tpmready fleet ingest bundles/ intune-export.csv --db fleet.sqlite\n"
      "\n"
      "Exit codes: 0 all ingested (or duplicates), 1 something was rejected (listed with file and\n"
      "reason), 2 usage or the database cannot be used.");
  cmd->add_option("inputs", o->ingest.inputs, "Files and folders")->required();
  cmd->add_option("--db", o->ingest.db, "SQLite database (created when missing)")->required();
  cmd->add_option("--csv-column", o->ingest.csv_column,
                  "CSV column holding the summary lines (default: the column whose\n"
                  "cells start with \"tpmready:\")")
      ->type_name("NAME");
  cmd->add_option("--threads", o->ingest.threads, "Parse/evaluate threads (default: one per core)");
  cmd->add_option("--batch", o->ingest.batch_items, "Runs per transaction")->check(CLI::Range(1, 1000000));
  cmd->add_option("--ca-store", o->anchors.ca_stores, "Extra trust anchors for re-evaluating bundles (as for check)")
      ->type_name("PATH");
  cmd->add_flag("--no-default-cas", o->anchors.no_default_cas, "Do not trust the vendor CAs built into tpmready");
  cmd->callback([&runner, o] { runner = [o] { return run_ingest(*o); }; });
}

void register_report(CLI::App* fleet_cmd, Runner& runner) {
  auto o = std::make_shared<ReportCli>();
  auto* cmd = fleet_cmd->add_subcommand(
      "report",
      "Root causes over the fleet, from the files or from the database\n"
      "Aggregates each device's current run: verdict counts, root causes ranked by devices with their\n"
      "fix, caveats (devices counted ready whose evidence left a requirement unchecked), breakdown by\n"
      "manufacturer/model x TPM vendor x TPM firmware, runs by date. Straight from the files fleet\n"
      "ingest takes (no database; also on Windows), or from the database it writes (--db).\n"
      "--format json is a contract: .devices, .verdicts.{ready,not_ready,undetermined},\n"
      ".root_causes[].{id,devices}, .caveats[].{id,devices,check}.");
  cmd->footer(
      "Examples:\n"
      "  tpmready fleet report bundles/ intune-export.csv --format json\n"
      "  tpmready fleet report bundles/ --html dashboard.html\n"
      "  tpmready fleet report --db fleet.sqlite --html dashboard.html\n"
      "  tpmready fleet report --db fleet.sqlite --format csv -o devices-per-root-cause.csv\n"
      "\n"
      "Exit codes: 0 done, 1 files were rejected (listed on stderr; the report covers the rest),\n"
      "2 usage.");
  cmd->add_option("inputs", o->inputs, "Files and folders, as for fleet ingest (instead of --db)");
  cmd->add_option("--db", o->db, "SQLite database written by fleet ingest");
  cmd->add_option("--format", o->format,
                  "text, json, or csv (devices per root cause, for the teams applying\n"
                  "fixes)")
      ->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->add_option("-o,--output", o->output, "Write to FILE instead of stdout");
  cmd->add_option("--html", o->html, "Also write the dashboard (one self-contained HTML file)");
  cmd->add_option("--max-devices", o->max_devices, "Devices listed in the dashboard table")
      ->check(CLI::Range(0, 10000000));
  cmd->add_option("--csv-column", o->csv_column, "Files: CSV column holding the summary lines (as for fleet ingest)")
      ->type_name("NAME");
  cmd->add_option("--threads", o->threads, "Files: parse/evaluate threads (default: one per core)");
  cmd->add_option("--ca-store", o->anchors.ca_stores, "Files: extra trust anchors for re-evaluating bundles")
      ->type_name("PATH");
  cmd->add_flag("--no-default-cas", o->anchors.no_default_cas,
                "Files: do not trust the vendor CAs built into tpmready");
  cmd->callback([&runner, o] { runner = [o] { return run_report(*o); }; });
}

}  // namespace

void register_fleet(CLI::App& app, Runner& runner) {
  auto* cmd = app.add_subcommand(
      "fleet",
      "Many devices: root causes over bundles, reports, Intune CSV exports\n"
      "Straight from the files (fleet report FILES...), or through a SQLite database that keeps each\n"
      "device's history (fleet ingest, then fleet report --db).");
  cmd->footer(
      "Examples:\n"
      "  tpmready fleet report bundles/ intune-export.csv --html dashboard.html\n"
      "  tpmready fleet ingest bundles/ --db fleet.sqlite\n"
      "  tpmready fleet report --help\n"
      "  tpmready fleet ingest --help");
  cmd->require_subcommand(1);
  register_ingest(cmd, runner);
  register_report(cmd, runner);
}

}  // namespace tpmready::cli
