#include "collect/evidence_offline.h"

#include <algorithm>

#include "collect/ekcert_files.h"
#include "collect/eventlog_collect.h"
#include "collect/eventlog_source.h"
#include "collect/offline/offline_evidence.h"
#include "eventlog/analysis.h"
#include "util/file.h"

namespace tpmready::collect {
namespace {

bool is_windows_kind(const std::string& kind) {
  return kind == "reg_export" || kind == "tpmtool" || kind == "schtasks_list" || kind == "schtasks_csv" ||
         kind == "get_tpm" || kind == "get_tpm_ek_info";
}

void set_status(Evidence& e, const std::string& path, const std::string& status, const std::string& detail) {
  for (auto& in : e.inputs) {
    if (in.name == "file:" + path || in.name == path) {
      in.status = status;
      in.detail = detail;
      return;
    }
  }
  e.inputs.push_back({"file:" + path, "", status, detail});
}

/// A TCG log as event-log evidence (replay unknown: offline there are no PCR values).
Result<EventLogEvidence> log_evidence(std::unique_ptr<eventlog::EventLogInput> log, const std::string& source) {
  auto processed = TRY(eventlog::process_log(std::move(log)));
  return eventlog_evidence(processed, source, std::nullopt);
}

/// A log file, streamed.
Result<EventLogEvidence> eventlog_file_evidence(const std::string& path) {
  auto log = TRY(open_eventlog(path));
  return log_evidence(TRY(log.open()), log.source);
}

void add_bundle_bytes(Evidence& e, ByteSpan bytes, const std::string& path) {
  auto j = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (j.is_discarded()) return set_status(e, path, "unreadable", "not valid JSON");
  auto bundle = evidence_from_json(j);
  if (!bundle) return set_status(e, path, "unreadable", bundle.error().what());
  // The bundle is a whole device's evidence: it becomes the base, and files given beside it
  // add to it (a later Windows export fills what the bundle did not have).
  auto inputs = std::move(e.inputs);
  auto windows = std::move(e.windows);
  e = std::move(*bundle);
  for (auto& in : inputs) e.inputs.push_back(std::move(in));
  if (!e.windows && windows) e.windows = std::move(windows);
  set_status(e, path, "read", "evidence bundle from " + e.tool);
}

void add_bundle(Evidence& e, const std::string& path) {
  auto bytes = read_file(path, input_limit(kMaxJsonBytes));
  if (!bytes) return set_status(e, path, "unreadable", bytes.error().what());
  add_bundle_bytes(e, *bytes, path);
}

void add_certificates(Evidence& e, Result<std::vector<EkCertBlob>> blobs, const std::string& path) {
  if (!blobs) return set_status(e, path, "unreadable", blobs.error().what());
  for (auto& b : *blobs) e.ek.certificates.push_back(std::move(b));
}

void add_tcg_log(Evidence& e, ByteSpan log, const std::string& source, const std::string& path) {
  auto ev = log_evidence(std::make_unique<eventlog::MemoryInput>(log, path), source);
  if (!ev) return set_status(e, path, "unreadable", ev.error().what());
  e.eventlog = std::move(*ev);
}

// Archive members of the kinds other layers parse, from memory (offline_evidence.h).
void add_memory_input(Evidence& e, const offline::MemoryInput& in) {
  using offline::InputKind;
  switch (in.kind) {
    case InputKind::CertificateDer:
    case InputKind::CertificatePem: return add_certificates(e, ekcert_from_bytes(in.data, in.name), in.name);
    case InputKind::TcgEventLog: return add_tcg_log(e, in.data, "file:" + in.name, in.name);
    case InputKind::BundleJson: return add_bundle_bytes(e, in.data, in.name);
    default: return;
  }
}

}  // namespace

Result<Evidence> collect_offline(const std::vector<std::string>& paths) {
  auto read = offline::read_offline(paths);
  if (!read) return std::move(read).error();
  auto* windows = &read->windows;
  Evidence e;
  e.tool = std::string("tpmready ") + TPMREADY_VERSION;
  e.platform = "offline";
  e.system_time = Fact<std::int64_t>::unknown("offline files carry no device clock");
  // Offline exports (tpmtool, .reg, certificates, logs) do not identify the device; a bundle
  // given among the inputs replaces these with the identity it recorded.
  for (auto* fact : {&e.device.serial, &e.device.manufacturer, &e.device.model, &e.device.firmware, &e.device.hostname})
    *fact = Fact<std::string>::unknown("not in the offline inputs");
  bool any_windows = false;
  for (const auto& in : windows->inputs) {
    std::string detail;
    for (const auto& issue : in.issues)
      detail += (detail.empty() ? "" : "; ") + (issue.line ? "line " + std::to_string(issue.line) + ": " : "") + issue.reason;
    e.inputs.push_back({"file:" + in.path, in.kind, in.status == "deferred" ? "read" : in.status, detail});
    any_windows = any_windows || (is_windows_kind(in.kind) && (in.status == "read" || in.status == "partial"));
  }
  for (const auto& path : windows->bundle_files) add_bundle(e, path);
  for (const auto& path : windows->certificate_files) add_certificates(e, ekcert_from_file(path), path);
  for (const auto& path : windows->event_log_files) {
    auto ev = eventlog_file_evidence(path);
    if (!ev) {
      set_status(e, path, "unreadable", ev.error().what());
      continue;
    }
    e.eventlog = std::move(*ev);
  }
  for (const auto& in : read->deferred) add_memory_input(e, in);
  // Event-log records: appended after a bundle's own (a bundle given beside the files is the base).
  for (auto& ev : read->events) e.events.push_back(std::move(ev));
  if (any_windows) {
    const auto& wbcl = windows->registry.wbcl_data;
    if (!e.eventlog && !wbcl.empty()) {
      auto ev = log_evidence(std::make_unique<eventlog::MemoryInput>(wbcl), windows->registry.wbcl.exists.source);
      if (ev) e.eventlog = std::move(*ev);
    }
    if (e.windows) {
      e.windows->notes.push_back("Windows exports given beside the bundle were not merged into its Windows evidence");
    } else {
      e.windows = std::move(*windows);
    }
  }
  return e;
}

}  // namespace tpmready::collect
