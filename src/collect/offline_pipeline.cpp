// The offline input pipeline (offline_pipeline.h): classify → read → InputRecord → Evidence, in one
// pass over files and archive members alike.
#include "collect/offline_pipeline.h"

#include <filesystem>
#include <optional>
#include <system_error>

#include "collect/ekcert_files.h"
#include "collect/eventlog_collect.h"
#include "collect/offline/hardware_hash_csv.h"
#include "collect/offline/powershell_text.h"
#include "collect/offline/reg_file.h"
#include "collect/offline/schtasks_text.h"
#include "collect/offline/tpmtool_text.h"
#include "collect/offline/windows_facts.h"
#include "util/file.h"

namespace tpmready::collect {
namespace {

using offline::InputKind;

/// One input to read: a file on disk, or bytes already in memory (an archive member, or the input
/// of collect_offline_bytes).
struct Input {
  std::string path;  ///< as the input list names it ("file:" + path): the path given, or "a.zip:member"
  std::string name;  ///< as sources name it ("file:NAME:LINE"): the file's base name, or "a.zip:member"
  std::optional<ByteSpan> bytes;  ///< set when in memory; otherwise `path` is read from disk
  std::size_t depth = 0;          ///< archives around it: 0 for a file given or found in a folder
};

/// How much of a log was read: 1 when its events were walked (to the end or to a structural error),
/// 0 when not even its header was (it does not parse at all, or could not be opened).
int log_rank(const EventLogEvidence& e) { return e.event_count.value ? 1 : 0; }

class Pipeline {
 public:
  explicit Pipeline(const OfflineOptions& options) : options_(options), archive_budget_{options.archive} {}

  void path(const std::string& p) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      folder(p);
    } else {
      file(p, std::nullopt);
    }
  }

  void bytes(ByteSpan data, const std::string& name) {
    read(Input{name, name, data, 0}, offline::classify(data));
  }

  /// Error when nothing could be used: the first failure, in `context`.
  Result<Evidence> finish(const std::string& context, const char* nothing_found) {
    if (usable_ == 0) {
      Error e = first_failure_ ? *first_failure_ : make_error(ErrorKind::Parse, nothing_found);
      return std::move(e.context(context));
    }
    finish_windows();
    return assemble();
  }

 private:
  // ---- one input: classify, read, record -------------------------------------------------------
  void file(const std::string& path, std::optional<InputKind> walked_kind) {
    InputKind kind = InputKind::Unknown;
    if (walked_kind) {
      kind = *walked_kind;  // the folder walk classified it already
    } else {
      std::uint64_t size = 0;
      auto head = offline::read_prefix(path, offline::kClassifyPrefixBytes, size);
      if (!head.ok()) {
        InputRecord rec = record(path, InputKind::Unknown);
        fail(rec, head.error());
        return inputs_.push_back(std::move(rec));
      }
      kind = offline::classify(*head, size);
    }
    read(Input{path, offline::base_name(path), std::nullopt, 0}, kind);
  }

  /// The one dispatch by kind, for files and archive members alike.
  void read(const Input& in, InputKind kind) {
    InputRecord rec = record(in.path, kind);
    switch (kind) {
      case InputKind::Archive: return archive(in, std::move(rec));  // records itself, then its members
      case InputKind::CertificateDer:
      case InputKind::CertificatePem: certificate(in, rec); break;
      case InputKind::TcgEventLog: tcg_log(in, rec); break;
      case InputKind::BundleJson: bundle(in, rec); break;
      case InputKind::WindowsEventLog: evtx(in, rec); break;
      case InputKind::Unknown:
        not_used(rec, in.bytes && in.bytes->empty() ? "empty file" : "content not recognised");
        if (!first_failure_)
          first_failure_ = make_error(ErrorKind::Parse, "content not recognised").context(in.bytes ? in.path : "file " + in.path);
        break;
      default: text(in, kind, rec);
    }
    inputs_.push_back(std::move(rec));
  }

  static InputRecord record(const std::string& path, InputKind kind) {
    return InputRecord{"file:" + path, offline::input_kind_name(kind), InputStatus::Read, ""};
  }

  void folder(const std::string& path) {
    auto walked = offline::walk_folder(path, options_.walk);
    if (!walked.ok()) {
      InputRecord rec{"file:" + path, "folder", InputStatus::Read, ""};
      fail(rec, walked.error());
      return inputs_.push_back(std::move(rec));
    }
    for (const auto& n : walked->notes) windows_.notes.push_back(n);
    if (walked->files.empty() && !first_failure_) first_failure_ = nothing_recognised(path, walked->ignored);
    for (const auto& f : walked->files) file(f.path, f.kind);
    for (const auto& f : walked->ignored) {
      // Unknown content is not used; a file that could not even be opened is unreadable.
      inputs_.push_back(InputRecord{"file:" + f.path, offline::input_kind_name(f.kind),
                                    f.opened ? InputStatus::NotUsed : InputStatus::Unreadable, f.note});
    }
  }

  /// "FOLDER: 3 files, none recognised: a.log (content not recognised), b.txt (empty file)".
  static Error nothing_recognised(const std::string& folder, const std::vector<offline::ClassifiedFile>& ignored) {
    if (ignored.empty()) return make_error(ErrorKind::NotFound, "no files in it").context("folder " + folder);
    constexpr std::size_t kListed = 5;  // one line: name the first few, count the rest
    std::string list;
    for (std::size_t i = 0; i < ignored.size() && i < kListed; ++i) {
      std::string rel = std::filesystem::path(ignored[i].path).lexically_relative(folder).generic_string();
      if (rel.empty() || rel.rfind("..", 0) == 0) rel = offline::base_name(ignored[i].path);
      list += (i ? ", " : "") + rel + " (" + ignored[i].note + ")";
    }
    if (ignored.size() > kListed) list += ", and " + std::to_string(ignored.size() - kListed) + " more";
    const std::string count = std::to_string(ignored.size()) + (ignored.size() == 1 ? " file" : " files");
    return make_error(ErrorKind::Parse, count + ", none recognised: " + list).context("folder " + folder);
  }

  // ---- status and detail -----------------------------------------------------------------------
  /// The error without the context frames that name the input itself ("file X", "evtx X",
  /// "archive member A:M"): the input record, and the line printed from it, name it once.
  static std::string detail_without_input(const InputRecord& rec, const Error& e) {
    const std::string path = rec.name.rfind("file:", 0) == 0 ? rec.name.substr(5) : rec.name;
    const std::string base = offline::base_name(path);
    auto names_input = [&](const std::string& frame) {
      for (const std::string* n : {&path, &base}) {
        if (n->empty()) continue;
        if (frame == *n || (frame.size() > n->size() && frame.compare(frame.size() - n->size(), n->size(), *n) == 0 &&
                            frame[frame.size() - n->size() - 1] == ' ')) {
          return true;
        }
      }
      return false;
    };
    Error out(e.kind(), e.message());
    for (const auto& frame : e.context()) {
      if (!names_input(frame)) out.context(frame);
    }
    return out.what();
  }

  static void add_detail(InputRecord& rec, std::size_t line, const std::string& reason) {
    if (!rec.detail.empty()) rec.detail += "; ";
    if (line) rec.detail += "line " + std::to_string(line) + ": ";
    rec.detail += reason;
  }

  void fail(InputRecord& rec, const Error& e) {
    rec.status = InputStatus::Unreadable;
    add_detail(rec, 0, detail_without_input(rec, e));
    if (!first_failure_) first_failure_ = e;
  }

  /// As fail(), for an error that does not name the input: the run's error names it.
  void fail_unnamed(InputRecord& rec, Error e, const std::string& path) {
    rec.status = InputStatus::Unreadable;
    add_detail(rec, 0, e.what());
    if (!first_failure_) first_failure_ = std::move(e.context("file " + path));
  }

  static void not_used(InputRecord& rec, const std::string& why) {
    rec.status = InputStatus::NotUsed;
    add_detail(rec, 0, why);
  }

  void used(InputRecord& rec, bool complete) {
    rec.status = complete ? InputStatus::Read : InputStatus::Partial;
    ++usable_;
  }

  static void add_lines(InputRecord& rec, const std::vector<offline::UnrecognisedLine>& lines) {
    for (const auto& u : lines) add_detail(rec, u.line, u.reason + ": " + u.text);
  }

  /// The input's bytes: in memory already, or read from disk within `limit`.
  Result<ByteSpan> load(const Input& in, std::size_t limit, Bytes& storage) {
    if (in.bytes) return *in.bytes;
    storage = TRY(read_file(in.path, input_limit(limit)));
    return ByteSpan(storage);
  }

  // ---- Windows exports (text) → WindowsEvidence --------------------------------------------------
  void text(const Input& in, InputKind kind, InputRecord& rec) {
    Bytes storage;
    auto data = load(in, options_.max_input_bytes, storage);
    if (!data.ok()) return fail(rec, data.error());
    auto lines = offline::decode_text(*data, in.name, options_.max_input_bytes);
    if (!lines.ok()) return fail(rec, lines.error());
    // A paste of several commands (Get-Tpm, then tpmtool) is read as its main kind; a tpmtool
    // failure in it still counts (the tpmtool reader finds its own).
    if (kind != InputKind::TpmtoolText) {
      if (auto failure = offline::find_tpmtool_failure(*lines)) {
        offline::apply_tpmtool_failure(*failure, lines->name, windows_.tpmtool, windows_.notes);
        have_tpmtool_ = true;
      }
    }
    switch (kind) {
      case InputKind::RegExport: return reg_export(*lines, rec);
      case InputKind::TpmtoolText: return tpmtool(*lines, in, rec);
      case InputKind::SchtasksList:
      case InputKind::SchtasksCsv: return schtasks(*lines, rec);
      case InputKind::GetTpmText:
      case InputKind::GetTpmEkInfoText:
      case InputKind::ScheduledTaskInfoText: return powershell(*lines, kind, rec);
      case InputKind::AutopilotZtdJson: return ztd_file(*lines, rec);
      case InputKind::AutopilotHashCsv: return hash_csv(*lines, rec);
      default: return;
    }
  }

  void windows_input(InputRecord& rec) {
    used(rec, rec.detail.empty());
    any_windows_ = true;
  }

  void reg_export(const offline::TextLines& text, InputRecord& rec) {
    auto parsed = offline::parse_reg(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    for (const auto& i : parsed->issues()) add_detail(rec, i.line, i.reason);
    reg_.merge(std::move(*parsed));
    windows_input(rec);
  }

  void tpmtool(const offline::TextLines& text, const Input& in, InputRecord& rec) {
    auto parsed = offline::parse_tpmtool(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    if (parsed->fields.empty() && !parsed->failure) {
      rec.status = InputStatus::Unreadable;
      add_detail(rec, 0, "no known tpmtool label; other language?");
      if (!first_failure_) first_failure_ = make_error(ErrorKind::Parse, "no known tpmtool label").context("file " + in.name);
      return;
    }
    offline::apply_tpmtool(*parsed, windows_.tpmtool, windows_.notes);
    have_tpmtool_ = true;
    windows_input(rec);
  }

  void schtasks(const offline::TextLines& text, InputRecord& rec) {
    auto parsed = offline::parse_schtasks(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    if (parsed->localized_header) add_detail(rec, 0, "localized CSV header: columns read by position");
    offline::apply_schtasks(*parsed, windows_.tpm_maintenance_task, windows_.notes);
    have_schtasks_ = true;
    windows_input(rec);
  }

  void powershell(const offline::TextLines& text, InputKind kind, InputRecord& rec) {
    auto parsed = offline::parse_format_list(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    if (kind == InputKind::GetTpmText) {
      offline::apply_get_tpm(*parsed, windows_.get_tpm, windows_.notes);
      have_get_tpm_ = true;
      if (!parsed->elisions.empty() && get_tpm_cut_.empty()) {
        get_tpm_cut_ = "not in the pasted Get-Tpm output (lines cut with [...] at " + parsed->file + ":" +
                       std::to_string(parsed->elisions.front()) + ")";
      }
    } else if (kind == InputKind::ScheduledTaskInfoText) {
      offline::apply_scheduled_task_info(*parsed, windows_.tpm_maintenance_task, windows_.notes);
      have_schtasks_ = true;
    } else {
      offline::apply_ek_info(*parsed, windows_.ek_info, windows_.notes);
      have_ek_info_ = true;
    }
    windows_input(rec);
  }

  void ztd_file(const offline::TextLines& text, InputRecord& rec) {
    auto parsed = offline::parse_ztd_file(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->issues);
    offline::apply_ztd_file(*parsed, windows_.ztd_file, windows_.notes);
    have_ztd_file_ = true;
    windows_input(rec);
  }

  /// Not Windows evidence of the device: the registration an admin made, compared with the device's
  /// identity by autopilot.hardware_hash_matches. It leaves a TPM-only evidence TPM-only.
  void hash_csv(const offline::TextLines& text, InputRecord& rec) {
    auto parsed = offline::parse_hardware_hash_csv(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->issues);
    add_detail(rec, 0, std::to_string(parsed->rows.size()) + (parsed->rows.size() == 1 ? " device row" : " device rows"));
    if (!hash_csv_) hash_csv_.emplace();
    offline::apply_hardware_hash_csv(*parsed, *hash_csv_);
    used(rec, parsed->issues.empty());
  }

  void finish_windows() {
    offline::apply_registry(reg_, windows_.registry);
    offline::apply_bios(reg_, windows_.bios);
    offline::apply_computer_name(reg_, hostname_);
    for (const auto& n : reg_.notes()) windows_.notes.push_back(n);
    windows_.tpm_maintenance_task.task_path = std::string(offline::kTpmMaintenanceTask);
    offline::mark_unknown(windows_.tpmtool,
                          have_tpmtool_ ? "label not in the tpmtool output" : "no tpmtool output among the inputs");
    offline::mark_unknown(windows_.tpm_maintenance_task, have_schtasks_
                                                             ? "not in the scheduled task output"
                                                             : "no schtasks or Get-ScheduledTaskInfo output among the inputs");
    offline::mark_unknown(windows_.get_tpm,
                          !have_get_tpm_           ? "no Get-Tpm output among the inputs"
                          : !get_tpm_cut_.empty() ? get_tpm_cut_
                                                  : "field not in the Get-Tpm output");
    offline::mark_unknown(windows_.ztd_file, have_ztd_file_ ? "field not in AutopilotDDSZTDFile.json"
                                                            : "no AutopilotDDSZTDFile.json among the inputs");
    offline::mark_unknown(windows_.ek_info, have_ek_info_ ? "field not in the Get-TpmEndorsementKeyInfo output"
                                                          : "no Get-TpmEndorsementKeyInfo output among the inputs");
  }

  // ---- .evtx → Evidence::events --------------------------------------------------------------------
  void evtx(const Input& in, InputRecord& rec) {
    auto r = in.bytes ? offline::read_evtx(*in.bytes, in.name, options_.evtx)
                      : offline::read_evtx_file(in.path, in.name, options_.evtx);
    if (!r.ok()) return fail(rec, r.error());
    // A damaged log that gave no record at all gave nothing: unreadable, not "partial".
    if (r->records == 0 && !r->issues.empty()) {
      return fail_unnamed(rec, make_error(ErrorKind::Parse, "no record could be read: " + r->issues.front()), in.path);
    }
    add_detail(rec, 0, std::to_string(r->records) + " records: " + std::to_string(r->events.size()) +
                           " kept (attestation channels), " + std::to_string(r->other_channel) + " other channels, " +
                           std::to_string(r->skipped) + " skipped");
    for (const auto& i : r->issues) add_detail(rec, 0, i);
    used(rec, r->issues.empty());
    for (auto& e : r->events) events_.push_back(std::move(e));
  }

  // ---- EK certificates → Evidence::ek ---------------------------------------------------------------
  void certificate(const Input& in, InputRecord& rec) {
    auto blobs = in.bytes ? ekcert_from_bytes(*in.bytes, in.path) : ekcert_from_file(in.path);
    if (!blobs.ok()) return fail(rec, blobs.error());
    for (auto& b : *blobs) certificates_.push_back(std::move(b));
    used(rec, true);
  }

  // ---- TCG measured-boot logs → Evidence::eventlog ------------------------------------------------
  // The one event-log evidence builder (eventlog_collect.h), as `check --eventlog` uses it: a log
  // that does not parse is evidence too (present, parses = false, parse_error). Its input is then
  // "partial" when events before the structural error were read and used, "unreadable" when not even
  // its header was (that log's evidence is still kept, below a log that was read).
  void tcg_log(const Input& in, InputRecord& rec) {
    EventLogEvidence ev = in.bytes ? eventlog_evidence_from_bytes(*in.bytes, "file:" + in.path, std::nullopt)
                                   : eventlog_evidence_from_path(in.path, std::nullopt);
    if (ev.present.value == false) {
      fail_unnamed(rec, make_error(ErrorKind::NotFound, "not found"), in.path);
    } else if (!ev.present.value) {
      fail_unnamed(rec, make_error(ErrorKind::Io, ev.present.unknown_reason.value_or("not readable")), in.path);
    } else if (ev.parses.value == false && log_rank(ev) == 0) {
      fail_unnamed(rec, make_error(ErrorKind::Parse, ev.parse_error), in.path);
    } else {
      if (ev.parses.value == false) add_detail(rec, 0, ev.parse_error);
      used(rec, ev.parses.value == true);
    }
    offer_eventlog(std::move(ev));
  }

  /// A later log replaces an earlier one unless it was read less far (log_rank).
  void offer_eventlog(EventLogEvidence ev) {
    if (!eventlog_ || log_rank(ev) >= log_rank(*eventlog_)) eventlog_ = std::move(ev);
  }

  // ---- tpmready bundles → the base Evidence -------------------------------------------------------
  void bundle(const Input& in, InputRecord& rec) {
    Bytes storage;
    auto data = load(in, kMaxJsonBytes, storage);
    if (!data.ok()) return fail(rec, data.error());
    auto j = nlohmann::json::parse(data->begin(), data->end(), nullptr, false);
    if (j.is_discarded()) return fail_unnamed(rec, make_error(ErrorKind::Parse, "not valid JSON"), in.path);
    auto b = evidence_from_json(j);
    if (!b.ok()) return fail_unnamed(rec, b.error(), in.path);
    add_detail(rec, 0, "evidence bundle from " + b->tool);
    used(rec, true);
    bundle_ = std::move(*b);  // a later bundle replaces an earlier one, as later inputs do
  }

  // ---- archives (.cab/.zip, facts/windows.md §12.3) -----------------------------------------------
  // Every member is classified by content and read like a file of its kind; members that fail are
  // recorded one by one and the rest still used. Nested archives: one level.
  void archive(const Input& in, InputRecord rec) {
    if (in.depth > 1) {
      not_used(rec, "archive nested more than one level: not opened");
      return inputs_.push_back(std::move(rec));
    }
    if (archive_limit_reached(rec)) return inputs_.push_back(std::move(rec));
    Bytes storage;
    auto data = load(in, kMaxArchiveBytes, storage);
    if (!data.ok()) {
      fail(rec, data.error());
      return inputs_.push_back(std::move(rec));
    }
    // One budget for the run: nested archives and every archive among the inputs draw from it, and
    // expanded bytes stay counted after a member was read (certificates and bundles keep theirs
    // until the run ends), so what one run holds is bounded by the total limit.
    auto listing = read_archive_members(*data, archive_budget_);
    if (!listing.ok()) {
      fail(rec, Error(listing.error()).context("archive " + in.path));
      return inputs_.push_back(std::move(rec));
    }
    std::size_t bad = 0;
    for (const auto& m : listing->members) bad += !m.error.empty();
    rec.status = listing->stopped.empty() && bad == 0 ? InputStatus::Read : InputStatus::Partial;
    add_detail(rec, 0, std::to_string(listing->members.size()) + " members" +
                           (bad ? ", " + std::to_string(bad) + " not readable" : std::string()));
    if (!listing->stopped.empty()) add_detail(rec, 0, listing->stopped);
    inputs_.push_back(std::move(rec));
    for (auto& m : listing->members) {
      const Input member{in.path + ":" + m.name, in.name + ":" + m.name, ByteSpan(m.data), in.depth + 1};
      if (!m.error.empty()) {
        InputRecord bad_member = record(member.path, InputKind::Unknown);
        bad_member.status = InputStatus::Unreadable;
        add_detail(bad_member, 0, m.error);
        if (!first_failure_) first_failure_ = make_error(ErrorKind::Parse, m.error).context("archive member " + member.path);
        inputs_.push_back(std::move(bad_member));
        continue;
      }
      read(member, offline::classify(m.data));
      Bytes().swap(m.data);  // read: what it gave is in the evidence now
    }
  }

  // Once a limit stopped one archive, later ones (nested or not) are not opened: the member that
  // reached it is listed as unreadable with the limit, one line rather than one per archive.
  bool archive_limit_reached(InputRecord& rec) {
    if (!archive_budget_.reached) return false;
    not_used(rec, "not opened: the archive limit was reached before it");
    return true;
  }

  // ---- Evidence ---------------------------------------------------------------------------------------
  Evidence assemble() {
    Evidence e;
    if (bundle_) {
      // A bundle is a whole device's evidence: it is the base, its own inputs listed first, and the
      // files given beside it add to it.
      e = std::move(*bundle_);
    } else {
      e.tool = std::string("tpmready ") + TPMREADY_VERSION;
      e.platform = "offline";
      e.system_time = Fact<std::int64_t>::unknown("offline files carry no device clock");
      // Offline exports (tpmtool, .reg, certificates, logs) do not identify the device, except
      // .reg exports of the BIOS key (maker and model) and the computer name (below); the
      // Windows build is in the Windows evidence (os_build). No export tpmready reads holds the
      // serial number.
      for (auto* fact : {&e.device.serial, &e.device.manufacturer, &e.device.model, &e.device.firmware, &e.device.hostname,
                         &e.device.hypervisor, &e.device.os_build})
        *fact = Fact<std::string>::unknown("not in the offline inputs");
      if (any_windows_) {
        if (windows_.bios.system_manufacturer.value) e.device.manufacturer = windows_.bios.system_manufacturer;
        if (windows_.bios.system_product_name.value) e.device.model = windows_.bios.system_product_name;
        if (hostname_.value) e.device.hostname = hostname_;
      }
    }
    // The identity the evidence holds (a bundle keeps its own): what fleet groups runs by.
    if (e.device.id.empty()) e.device.id = device_id(e.device, e.ek);
    for (auto& in : inputs_) e.inputs.push_back(std::move(in));
    for (auto& c : certificates_) e.ek.certificates.push_back(std::move(c));
    for (auto& ev : events_) e.events.push_back(std::move(ev));
    if (hash_csv_) {  // a bundle's own CSV rows first, then the files' (several CSVs add up)
      if (!e.hardware_hash_csv) e.hardware_hash_csv.emplace();
      for (auto& f : hash_csv_->files) e.hardware_hash_csv->files.push_back(std::move(f));
      for (auto& r : hash_csv_->rows) e.hardware_hash_csv->rows.push_back(std::move(r));
    }
    const bool log_from_files = eventlog_ && (!e.eventlog || log_rank(*eventlog_) >= log_rank(*e.eventlog));
    if (log_from_files) e.eventlog = std::move(eventlog_);
    if (any_windows_) {
      // The registry export's WBCL value is a TCG log too: used when no log file or bundle gave one,
      // or when the log files gave one read less far.
      const auto& wbcl = windows_.registry.wbcl_data;
      if (!wbcl.empty() && (!e.eventlog || log_from_files)) {
        auto ev = eventlog_evidence_from_bytes(wbcl, windows_.registry.wbcl.exists.source, std::nullopt);
        if (!e.eventlog || log_rank(ev) > log_rank(*e.eventlog)) e.eventlog = std::move(ev);
      }
      if (e.windows) {
        e.windows->notes.push_back("Windows exports given beside the bundle were not merged into its Windows evidence");
      } else {
        e.windows = std::move(windows_);
      }
    }
    return e;
  }

  const OfflineOptions& options_;
  ArchiveBudget archive_budget_;
  std::vector<InputRecord> inputs_;
  WindowsEvidence windows_;
  Fact<std::string> hostname_;  ///< ComputerName from the registry exports (apply_computer_name)
  offline::RegistryExport reg_;
  bool have_tpmtool_ = false, have_schtasks_ = false, have_get_tpm_ = false, have_ek_info_ = false, have_ztd_file_ = false;
  std::string get_tpm_cut_;  ///< why a Get-Tpm field may be missing: the admin cut the paste
  bool any_windows_ = false;  ///< a Windows export was read: the evidence has a Windows part
  std::vector<EkCertBlob> certificates_;
  std::optional<EventLogEvidence> eventlog_;
  std::vector<WindowsEvent> events_;
  std::optional<HardwareHashCsvEvidence> hash_csv_;
  std::optional<Evidence> bundle_;
  std::size_t usable_ = 0;
  std::optional<Error> first_failure_;
};

}  // namespace

Result<Evidence> collect_offline(const std::vector<std::string>& paths, const OfflineOptions& options) {
  if (paths.empty()) return make_error(ErrorKind::Usage, "no input files given");
  Pipeline p(options);
  for (const auto& path : paths) p.path(path);
  return p.finish("no usable input among " + std::to_string(paths.size()) + " path(s)", "no input file found");
}

Result<Evidence> collect_offline_bytes(ByteSpan data, const std::string& name, const OfflineOptions& options) {
  Pipeline p(options);
  p.bytes(data, name);
  return p.finish(name, "nothing usable");
}

}  // namespace tpmready::collect
