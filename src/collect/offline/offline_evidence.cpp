#include "collect/offline/offline_evidence.h"

#include "util/file.h"

#include <filesystem>
#include <system_error>

#include "collect/ekcert_registry.h"
#include "collect/offline/information_flags.h"
#include "util/archive.h"
#include "util/byte_reader.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

// ---- registry paths (facts/windows.md §2.1 keys, §2.2 value catalogue) -----------------------
const std::string kTpmWmi(kKeyTpmWmi);
const std::string kTaskStates = kTpmWmi + "\\TaskStates";                 // §2.2 key 8
const std::string kAttestationInfo = kTaskStates + "\\AttestationInfo";   // §2.2 key 9
const std::string kAdmin = kTpmWmi + "\\Admin";                           // §2.2 key 5
const std::string kEndorsement = kTpmWmi + "\\Endorsement";               // §2.2 key 6
const std::string kEkCertStore = kEndorsement + "\\EKCertStore";          // §2.1, §2.2 key 11
const std::string kOobe = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE";  // §0
const std::string kIntegrityServices = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices";
const std::string kAikCertEnroll = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Ngc\\AIKCertEnroll";

std::string file_source(const std::string& file, std::size_t line) {
  return "file:" + file + ":" + std::to_string(line);
}

// ---- conflict-aware fact setting --------------------------------------------------------------
std::string describe(bool v) { return v ? "True" : "False"; }
std::string describe(std::uint32_t v) { return std::to_string(v); }
std::string describe(const std::string& v) { return "'" + v + "'"; }
std::string describe(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + v[i];
  return out + "]";
}

template <typename T>
void set_fact(Fact<T>& f, T v, std::string source, std::string_view what, std::vector<std::string>& notes) {
  if (f.value && !(*f.value == v)) {
    notes.push_back(std::string(what) + ": " + describe(*f.value) + " (" + f.source + ") then " + describe(v) + " (" +
                    source + "); later input wins");
  }
  f = Fact<T>::known(std::move(v), std::move(source));
}

template <typename T>
void set_unknown_if_empty(Fact<T>& f, std::string reason, std::string source = {}) {
  if (!f.value && !f.unknown_reason) f = Fact<T>::unknown(std::move(reason), std::move(source));
}

std::optional<std::uint32_t> parse_u32(std::string_view s) {
  s = trim(s);
  if (s.empty() || s.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

// ---- registry ---------------------------------------------------------------------------------
// The nearest exported ancestor of `path` (regedit exports a key with its whole subtree, so a
// missing key under an exported ancestor did not exist on the device).
const RegKey* exported_ancestor(const RegistryExport& reg, const std::string& path) {
  std::string p = path;
  for (std::size_t cut = p.rfind('\\'); cut != std::string::npos; cut = p.rfind('\\')) {
    p.resize(cut);
    if (const RegKey* k = reg.find_key(p)) return k;
    if (p.find('\\') == std::string::npos) break;
  }
  return nullptr;
}

std::string missing_reason(const RegistryExport& reg, const std::string& key) {
  if (reg.files().empty()) return "no registry export among the inputs";
  return key + " not in the registry exports";
}

RegValueFact value_fact(const RegValue& v, std::string_view prefix) {
  RegValueFact f;
  f.exists = Fact<bool>::known(true, reg_source(prefix, v.file, v.line));
  f.type = reg_type_name(v.type);
  f.number = v.number;
  f.text = v.text;
  f.size = v.data.size();
  return f;
}

RegValueFact reg_value(const RegistryExport& reg, std::string_view prefix, const std::string& key, std::string_view name) {
  RegValueFact f;
  if (const RegKey* k = reg.find_key(key)) {
    if (const RegValue* v = k->find(name)) return value_fact(*v, prefix);
    f.exists = Fact<bool>::known(false, reg_source(prefix, k->file, k->line));  // key exported without it
  } else if (const RegKey* a = exported_ancestor(reg, key)) {
    f.exists = Fact<bool>::known(false, reg_source(prefix, a->file, a->line));  // key itself absent
  } else {
    f.exists = Fact<bool>::unknown(missing_reason(reg, key));
  }
  return f;
}

Fact<bool> key_fact(const RegistryExport& reg, std::string_view prefix, const std::string& key) {
  if (const RegKey* k = reg.find_key(key)) return Fact<bool>::known(true, reg_source(prefix, k->file, k->line));
  if (reg.covers(key)) {
    const RegKey* below = reg.subkeys(key).empty() ? nullptr : reg.subkeys(key).front();
    return Fact<bool>::known(true, below ? reg_source(prefix, below->file, below->line) : std::string());
  }
  if (const RegKey* a = exported_ancestor(reg, key)) return Fact<bool>::known(false, reg_source(prefix, a->file, a->line));
  return Fact<bool>::unknown(missing_reason(reg, key));
}

// ---- tpmtool ----------------------------------------------------------------------------------
template <typename T>
struct LabelMap {
  std::string_view label;
  Fact<T> TpmtoolEvidence::*member;
};

const LabelMap<bool> kTpmtoolBools[] = {
    {"TPM Present", &TpmtoolEvidence::tpm_present},
    {"Is Initialized", &TpmtoolEvidence::is_initialized},
    {"Ready For Storage", &TpmtoolEvidence::ready_for_storage},
    {"Ready For Attestation", &TpmtoolEvidence::ready_for_attestation},
    {"Is Capable For Attestation", &TpmtoolEvidence::is_capable_for_attestation},
    {"Clear Needed To Recover", &TpmtoolEvidence::clear_needed_to_recover},
    {"Clear Possible", &TpmtoolEvidence::clear_possible},
    {"TPM Has Vulnerable Firmware", &TpmtoolEvidence::has_vulnerable_firmware},
    {"Maintenance Task Complete", &TpmtoolEvidence::maintenance_task_complete},
    {"Is Locked Out", &TpmtoolEvidence::is_locked_out},
};
const LabelMap<std::string> kTpmtoolStrings[] = {
    {"TPM Version", &TpmtoolEvidence::tpm_version},
    {"TPM Manufacturer ID", &TpmtoolEvidence::manufacturer_id},
    {"TPM Manufacturer Full Name", &TpmtoolEvidence::manufacturer_full_name},
    {"TPM Manufacturer Version", &TpmtoolEvidence::manufacturer_version},
    {"PPI Version", &TpmtoolEvidence::ppi_version},
    {"TPM Spec Version", &TpmtoolEvidence::spec_version},
    {"TPM Errata Date", &TpmtoolEvidence::errata_date},
    {"PC Client Version", &TpmtoolEvidence::pc_client_version},
};

void apply_tpmtool_flags(const TpmtoolOutput& t, TpmtoolEvidence& out, std::vector<std::string>& notes) {
  if (!t.flags_section) return;
  std::vector<std::string> names;
  std::uint32_t mask = 0;
  for (const auto& f : t.information_flags) {
    names.push_back(f.name);
    if (auto bit = information_flag_value(f.name)) mask |= *bit;
  }
  const std::string src = file_source(t.file, t.flags_line);
  set_fact(out.information_flags, std::move(names), src, "tpmtool Information Flags", notes);
  set_fact(out.information_flags_mask, mask, src, "tpmtool Information Flags mask", notes);
}

// ---- PowerShell -------------------------------------------------------------------------------
template <typename E, typename T>
struct PsMap {
  std::string_view name;
  Fact<T> E::*member;
};

const PsMap<GetTpmEvidence, bool> kGetTpmBools[] = {
    {"TpmPresent", &GetTpmEvidence::tpm_present},   {"TpmReady", &GetTpmEvidence::tpm_ready},
    {"TpmEnabled", &GetTpmEvidence::tpm_enabled},   {"TpmActivated", &GetTpmEvidence::tpm_activated},
    {"TpmOwned", &GetTpmEvidence::tpm_owned},       {"RestartPending", &GetTpmEvidence::restart_pending},
    {"LockedOut", &GetTpmEvidence::locked_out},
};
const PsMap<GetTpmEvidence, std::uint32_t> kGetTpmNumbers[] = {
    {"ManufacturerId", &GetTpmEvidence::manufacturer_id},
    {"LockoutCount", &GetTpmEvidence::lockout_count},
};
const PsMap<GetTpmEvidence, std::string> kGetTpmStrings[] = {
    {"ManufacturerIdTxt", &GetTpmEvidence::manufacturer_id_txt},
    {"ManufacturerVersion", &GetTpmEvidence::manufacturer_version},
    {"ManufacturerVersionFull20", &GetTpmEvidence::manufacturer_version_full20},
    {"ManufacturerVersionInfo", &GetTpmEvidence::manufacturer_version_info},
};

void ps_bool(const PsListOutput& list, std::string_view name, Fact<bool>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  if (auto b = parse_ps_bool(p->value)) {
    set_fact(f, *b, src, std::string(name), notes);
  } else {
    set_unknown_if_empty(f, "unrecognised value '" + p->value + "'", src);
  }
}

void ps_u32(const PsListOutput& list, std::string_view name, Fact<std::uint32_t>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  if (auto n = parse_u32(p->value)) {
    set_fact(f, *n, src, std::string(name), notes);
  } else {
    set_unknown_if_empty(f, "unrecognised value '" + p->value + "'", src);
  }
}

void ps_string(const PsListOutput& list, std::string_view name, Fact<std::string>& f, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (p) set_fact(f, p->value, file_source(list.file, p->line), std::string(name), notes);
}

void ps_certs(const PsListOutput& list, std::string_view name, Fact<std::uint32_t>& count,
              Fact<std::vector<std::string>>& thumbs, std::vector<std::string>& notes) {
  const PsField* p = list.find(name);
  if (!p) return;
  const std::string src = file_source(list.file, p->line);
  auto c = parse_cert_collection(p->value);
  if (!c) {
    set_unknown_if_empty(count, "unrecognised collection text", src);
    return;
  }
  if (c->truncated) {
    set_unknown_if_empty(count, "collection cut by Format-List ('...'); at least " + std::to_string(c->count), src);
  } else {
    set_fact(count, static_cast<std::uint32_t>(c->count), src, std::string(name) + " count", notes);
  }
  set_fact(thumbs, c->thumbprints, src, std::string(name) + " thumbprints", notes);
}

// ---- input handling ---------------------------------------------------------------------------
struct Collector {
  explicit Collector(const OfflineOptions& o) : options(o) {}

  const OfflineOptions& options;
  // One for the whole read: nested archives and every archive among the inputs share it, and
  // members held in `out.deferred` stay counted, so their memory is bounded by the total limit.
  ArchiveBudget archive_budget{options.archive};
  OfflineRead out;
  WindowsEvidence& ev = out.windows;
  RegistryExport reg;
  bool have_tpmtool = false, have_schtasks = false, have_get_tpm = false, have_ek_info = false;
  std::size_t usable = 0;
  std::optional<Error> first_failure;

  void fail(InputRecord& rec, const Error& e) {
    rec.status = "unreadable";
    rec.issues.push_back(InputIssue{0, e.what()});
    if (!first_failure) first_failure = e;
  }

  static void add_lines(InputRecord& rec, const std::vector<UnrecognisedLine>& lines) {
    for (const auto& u : lines) rec.issues.push_back(InputIssue{u.line, u.reason + ": " + u.text});
  }

  void text_input(const std::string& path, InputKind kind, InputRecord& rec) {
    auto data = read_file(path, input_limit(options.max_input_bytes));
    if (!data.ok()) return fail(rec, data.error());
    text_bytes(*data, kind, rec);
  }

  void text_bytes(ByteSpan data, InputKind kind, InputRecord& rec) {
    auto text = decode_text(data, rec.name, options.max_input_bytes);
    if (!text.ok()) return fail(rec, text.error());
    rec.encoding = encoding_name(text->encoding);
    switch (kind) {
      case InputKind::RegExport: return reg_input(*text, rec);
      case InputKind::TpmtoolText: return tpmtool_input(*text, rec);
      case InputKind::SchtasksList:
      case InputKind::SchtasksCsv: return schtasks_input(*text, rec);
      case InputKind::GetTpmText:
      case InputKind::GetTpmEkInfoText:
      case InputKind::ScheduledTaskInfoText: return ps_input(*text, kind, rec);
      default: return;
    }
  }

  // ---- .evtx ----
  void evtx_result(Result<EvtxReadResult> r, InputRecord& rec) {
    if (!r.ok()) return fail(rec, r.error());
    rec.issues.push_back(InputIssue{0, std::to_string(r->records) + " records: " + std::to_string(r->events.size()) +
                                           " kept (attestation channels), " + std::to_string(r->other_channel) +
                                           " other channels, " + std::to_string(r->skipped) + " skipped"});
    for (auto& i : r->issues) rec.issues.push_back(InputIssue{0, std::move(i)});
    rec.status = r->issues.empty() ? "read" : "partial";
    for (auto& e : r->events) out.events.push_back(std::move(e));
    ++usable;
  }

  // ---- archives (.cab/.zip, facts/windows.md §12.3) ----
  // Every member is classified by content and handled like a file of that kind; members that
  // fail are reported one by one and the rest still used. Nested archives: one level.
  void archive_bytes(ByteSpan data, InputRecord rec, std::size_t depth) {
    if (archive_limit_reached(rec)) {
      ev.inputs.push_back(std::move(rec));
      return;
    }
    auto listing = read_archive_members(data, archive_budget);
    if (!listing.ok()) {
      fail(rec, Error(listing.error()).context("archive " + rec.path));
      ev.inputs.push_back(std::move(rec));
      return;
    }
    std::size_t bad = 0;
    for (const auto& m : listing->members) bad += !m.error.empty();
    rec.status = listing->stopped.empty() && bad == 0 ? "read" : "partial";
    rec.issues.push_back(InputIssue{0, std::to_string(listing->members.size()) + " members" +
                                           (bad ? ", " + std::to_string(bad) + " not readable" : std::string())});
    if (!listing->stopped.empty()) rec.issues.push_back(InputIssue{0, listing->stopped});
    const std::string path = rec.path, name = rec.name;
    ev.inputs.push_back(std::move(rec));
    for (auto& m : listing->members) member(path + ":" + m.name, name + ":" + m.name, m, depth);
  }

  // Once a limit stopped one archive, later ones (nested or not) are not opened: the member that
  // reached it is listed as unreadable with the limit, one line rather than one per archive.
  bool archive_limit_reached(InputRecord& rec) {
    if (!archive_budget.reached) return false;
    not_used(rec, "not opened: the archive limit was reached before it");
    return true;
  }

  // `path` names the member in the input list (archive path as given), `name` in sources.
  void member(const std::string& path, const std::string& name, ArchiveMember& m, std::size_t depth) {
    InputRecord rec;
    rec.path = path;
    rec.name = name;
    if (!m.error.empty()) {
      rec.kind = input_kind_name(InputKind::Unknown);
      rec.status = "unreadable";
      rec.issues.push_back(InputIssue{0, m.error});
      if (!first_failure) first_failure = make_error(ErrorKind::Parse, m.error).context("archive member " + path);
      ev.inputs.push_back(std::move(rec));
      return;
    }
    const InputKind kind = classify(m.data);
    rec.kind = input_kind_name(kind);
    switch (kind) {
      case InputKind::Archive:
        if (depth == 0) return archive_bytes(m.data, std::move(rec), depth + 1);
        not_used(rec, "archive nested more than one level: not opened");
        break;
      case InputKind::WindowsEventLog:
        evtx_result(read_evtx(m.data, name, options.evtx), rec);
        break;
      case InputKind::CertificateDer:
      case InputKind::CertificatePem:
      case InputKind::TcgEventLog:
      case InputKind::BundleJson:
        out.deferred.push_back(MemoryInput{path, kind, std::move(m.data)});
        rec.status = "deferred";
        ++usable;
        break;
      case InputKind::Unknown:
        not_used(rec, m.data.empty() ? "empty file" : "content not recognised");
        if (!first_failure) first_failure = make_error(ErrorKind::Parse, "content not recognised").context(path);
        break;
      default:
        text_bytes(m.data, kind, rec);
    }
    ev.inputs.push_back(std::move(rec));
  }

  static void not_used(InputRecord& rec, std::string why) {
    rec.status = "not used";
    rec.issues.push_back(InputIssue{0, std::move(why)});
  }

  void reg_input(const TextLines& text, InputRecord& rec) {
    auto parsed = parse_reg(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    for (const auto& i : parsed->issues()) rec.issues.push_back(InputIssue{i.line, i.reason});
    rec.status = rec.issues.empty() ? "read" : "partial";
    reg.merge(std::move(*parsed));
    ++usable;
  }

  void tpmtool_input(const TextLines& text, InputRecord& rec) {
    auto parsed = parse_tpmtool(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    if (parsed->fields.empty()) {
      rec.status = "unreadable";
      rec.issues.push_back(InputIssue{0, "no known tpmtool label (facts/windows.md §8); other language?"});
      if (!first_failure) first_failure = make_error(ErrorKind::Parse, "no known tpmtool label").context("file " + rec.name);
      return;
    }
    rec.status = rec.issues.empty() ? "read" : "partial";
    apply_tpmtool(*parsed, ev.tpmtool, ev.notes);
    have_tpmtool = true;
    ++usable;
  }

  void schtasks_input(const TextLines& text, InputRecord& rec) {
    auto parsed = parse_schtasks(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    if (parsed->localized_header) rec.issues.push_back(InputIssue{0, "localized CSV header: columns read by position"});
    rec.status = rec.issues.empty() ? "read" : "partial";
    apply_schtasks(*parsed, ev.tpm_maintenance_task, ev.notes);
    have_schtasks = true;
    ++usable;
  }

  void ps_input(const TextLines& text, InputKind kind, InputRecord& rec) {
    auto parsed = parse_format_list(text);
    if (!parsed.ok()) return fail(rec, parsed.error());
    add_lines(rec, parsed->unrecognised);
    rec.status = rec.issues.empty() ? "read" : "partial";
    if (kind == InputKind::GetTpmText) {
      apply_get_tpm(*parsed, ev.get_tpm, ev.notes);
      have_get_tpm = true;
    } else if (kind == InputKind::ScheduledTaskInfoText) {
      apply_scheduled_task_info(*parsed, ev.tpm_maintenance_task, ev.notes);
      have_schtasks = true;
    } else {
      apply_ek_info(*parsed, ev.ek_info, ev.notes);
      have_ek_info = true;
    }
    ++usable;
  }

  void file(const std::string& path, std::optional<InputKind> known_kind) {
    InputRecord rec;
    rec.path = path;
    rec.name = base_name(path);
    InputKind kind = InputKind::Unknown;
    if (known_kind) {
      kind = *known_kind;
    } else {
      std::uint64_t size = 0;
      auto head = read_prefix(path, kClassifyPrefixBytes, size);
      if (!head.ok()) {
        rec.kind = input_kind_name(InputKind::Unknown);
        fail(rec, head.error());
        ev.inputs.push_back(std::move(rec));
        return;
      }
      kind = classify(*head, size);
    }
    rec.kind = input_kind_name(kind);
    switch (kind) {
      case InputKind::CertificateDer:
      case InputKind::CertificatePem:
        ev.certificate_files.push_back(path);
        rec.status = "deferred";
        ++usable;
        break;
      case InputKind::TcgEventLog:
        ev.event_log_files.push_back(path);
        rec.status = "deferred";
        ++usable;
        break;
      case InputKind::BundleJson:
        ev.bundle_files.push_back(path);
        rec.status = "deferred";
        ++usable;
        break;
      case InputKind::WindowsEventLog:
        evtx_result(read_evtx_file(path, rec.name, options.evtx), rec);
        break;
      case InputKind::Archive: {
        if (archive_limit_reached(rec)) break;
        auto data = read_file(path, input_limit(kMaxArchiveBytes));
        if (!data.ok()) {
          fail(rec, data.error());
          break;
        }
        return archive_bytes(*data, std::move(rec), 0);
      }
      case InputKind::Unknown:
        not_used(rec, "content not recognised");
        if (!first_failure) first_failure = make_error(ErrorKind::Parse, "content not recognised").context("file " + path);
        break;
      default:
        text_input(path, kind, rec);
    }
    ev.inputs.push_back(std::move(rec));
  }

  void bytes(ByteSpan data, const std::string& name) {
    if (classify(data) == InputKind::Archive) {
      InputRecord rec;
      rec.path = rec.name = name;
      rec.kind = input_kind_name(InputKind::Archive);
      return archive_bytes(data, std::move(rec), 0);
    }
    ArchiveMember m{name, Bytes(data.begin(), data.end()), {}};
    member(name, name, m, 0);
  }

  void folder(const std::string& path) {
    auto walked = walk_folder(path, options.walk);
    if (!walked.ok()) {
      InputRecord rec{path, base_name(path), "folder", "", "", {}};
      fail(rec, walked.error());
      ev.inputs.push_back(std::move(rec));
      return;
    }
    for (const auto& n : walked->notes) ev.notes.push_back(n);
    for (const auto& f : walked->files) file(f.path, f.kind);
    for (const auto& f : walked->ignored) {
      // Unknown content is "not used"; a file that could not even be opened is "unreadable".
      const bool content = f.note == "content not recognised" || f.note == "empty file";
      ev.inputs.push_back(InputRecord{f.path, base_name(f.path), input_kind_name(f.kind), "",
                                      content ? "not used" : "unreadable", {InputIssue{0, f.note}}});
    }
  }

  void finish() {
    apply_registry(reg, ev.registry);
    for (const auto& n : reg.notes()) ev.notes.push_back(n);
    ev.tpm_maintenance_task.task_path = std::string(kTpmMaintenanceTask);
    mark_unknown(ev.tpmtool, have_tpmtool ? "label not in the tpmtool output" : "no tpmtool output among the inputs");
    mark_unknown(ev.tpm_maintenance_task, have_schtasks ? "not in the scheduled task output"
                                                        : "no schtasks or Get-ScheduledTaskInfo output among the inputs");
    mark_unknown(ev.get_tpm, have_get_tpm ? "field not in the Get-Tpm output" : "no Get-Tpm output among the inputs");
    mark_unknown(ev.ek_info, have_ek_info ? "field not in the Get-TpmEndorsementKeyInfo output"
                                          : "no Get-TpmEndorsementKeyInfo output among the inputs");
  }
};

}  // namespace

void apply_registry(const RegistryExport& reg, RegistryEvidence& out, std::string_view source_prefix) {
  TaskStatesEvidence& ts = out.task_states;
  ts.key_present = key_fact(reg, source_prefix, kTaskStates);
  ts.ek_certificate_present = reg_value(reg, source_prefix, kTaskStates, "EkCertificatePresent");
  ts.ecc_ek_certificate_present = reg_value(reg, source_prefix, kTaskStates, "EccEkCertificatePresent");
  ts.maintenance_task_complete = reg_value(reg, source_prefix, kTaskStates, "MaintenanceTaskComplete");
  ts.owner_auth_endorsement_present = reg_value(reg, source_prefix, kTaskStates, "OwnerAuthEndorsementPresent");
  ts.pcr7_binding_state = reg_value(reg, source_prefix, kTaskStates, "PCR7BindingState");
  ts.tpm_provision_failed_steps = reg_value(reg, source_prefix, kTaskStates, "TpmProvisionFailedSteps");
  ts.tpm_provision_hresult = reg_value(reg, source_prefix, kTaskStates, "TpmProvisionHresult");
  ts.attestation_info.clear();
  if (const RegKey* ai = reg.find_key(kAttestationInfo)) {
    for (const auto& v : ai->values) ts.attestation_info[v.name.empty() ? "@" : v.name] = value_fact(v, source_prefix);
  }
  out.setup_displayed_eula = reg_value(reg, source_prefix, kOobe, "SetupDisplayedEula");
  out.wbcl = reg_value(reg, source_prefix, kIntegrityServices, "WBCL");
  out.wbcl_data.clear();
  if (const RegValue* w = reg.find_value(kIntegrityServices, "WBCL")) out.wbcl_data = w->data;
  out.ek_cert_store_present = key_fact(reg, source_prefix, kEkCertStore);
  out.ek_certificates = collect::read_ek_cert_stores(reg, source_prefix);
  out.task_ready_for_attestation = reg_value(reg, source_prefix, kTpmWmi, "TaskReadyForAttestation");
  out.task_ready_for_storage = reg_value(reg, source_prefix, kTpmWmi, "TaskReadyForStorage");
  out.task_information_flags = reg_value(reg, source_prefix, kTpmWmi, "TaskInformationFlags");
  out.task_manufacturer_id = reg_value(reg, source_prefix, kTpmWmi, "TaskManufacturerId");
  out.task_firmware_version = reg_value(reg, source_prefix, kTpmWmi, "TaskFirmwareVersion");
  out.aik_enrollment_error_code = reg_value(reg, source_prefix, kTpmWmi, "AIKEnrollmentErrorCode");
  out.firmware_version_at_last_provision = reg_value(reg, source_prefix, kTpmWmi, "FirmwareVersionAtLastProvision");  // §14
  out.srk_pub = reg_value(reg, source_prefix, kAdmin, "SRKPub");
  out.aik_cert_enroll_error_code = reg_value(reg, source_prefix, kAikCertEnroll, "ErrorCode");
}

void apply_tpmtool(const TpmtoolOutput& t, TpmtoolEvidence& out, std::vector<std::string>& notes) {
  for (const auto& m : kTpmtoolBools) {
    const TpmtoolField* f = t.find(m.label);
    if (!f) continue;
    const std::string src = file_source(t.file, f->line);
    if (auto b = parse_ps_bool(f->value)) {
      set_fact(out.*m.member, *b, src, "tpmtool " + std::string(m.label), notes);
    } else {
      set_unknown_if_empty(out.*m.member, "unrecognised value '" + f->value + "'", src);
    }
  }
  for (const auto& m : kTpmtoolStrings) {
    if (const TpmtoolField* f = t.find(m.label)) {
      set_fact(out.*m.member, f->value, file_source(t.file, f->line), "tpmtool " + std::string(m.label), notes);
    }
  }
  if (const TpmtoolField* f = t.find("PCR7 Binding State")) {
    const std::string src = file_source(t.file, f->line);
    if (auto n = parse_u32(f->value)) {
      set_fact(out.pcr7_binding_state, *n, src, "tpmtool PCR7 Binding State", notes);
    } else {
      set_unknown_if_empty(out.pcr7_binding_state, "unrecognised value '" + f->value + "'", src);
    }
  }
  apply_tpmtool_flags(t, out, notes);
}

void apply_schtasks(const SchtasksOutput& tasks, ScheduledTaskEvidence& out, std::vector<std::string>& notes) {
  const SchtasksRecord* r = tasks.find_task(kTpmMaintenanceTask);
  if (!r) return;
  const std::string what = "schtasks Tpm-Maintenance ";
  out.reader = "schtasks /fo " + tasks.format;
  set_fact(out.exists, true, file_source(tasks.file, r->line), what + "exists", notes);
  auto text = [&](std::string_view label, Fact<std::string>& f) {
    if (const SchtasksField* x = r->find(label)) {
      set_fact(f, x->value, file_source(tasks.file, x->line), what + std::string(label), notes);
    }
  };
  text("Status", out.status);
  text("Scheduled Task State", out.scheduled_task_state);
  text("Last Run Time", out.last_run_time);
  text("Next Run Time", out.next_run_time);
  if (const SchtasksField* x = r->find("Last Result")) {
    const std::string src = file_source(tasks.file, x->line);
    if (auto n = parse_last_result(x->value)) {
      set_fact(out.last_result, *n, src, what + "Last Result", notes);
    } else {
      set_unknown_if_empty(out.last_result, "unrecognised value '" + x->value + "'", src);
    }
  }
}

void apply_scheduled_task_info(const PsListOutput& list, ScheduledTaskEvidence& out, std::vector<std::string>& notes) {
  // Find the object whose TaskPath + TaskName is the Tpm-Maintenance task (facts §5).
  for (const auto& name : list.fields) {
    if (!iequals(name.name, kPsTaskName)) continue;
    const PsField* path = nullptr;
    const PsField* result = nullptr;
    for (const auto& f : list.fields) {
      if (f.object != name.object) continue;
      if (iequals(f.name, kPsTaskPath)) path = &f;
      if (iequals(f.name, kPsLastTaskResult)) result = &f;
    }
    const std::string full = (path ? path->value : std::string("\\Microsoft\\Windows\\TPM\\")) + name.value;
    if (!iequals(full, kTpmMaintenanceTask)) continue;
    const std::string what = "Get-ScheduledTaskInfo Tpm-Maintenance ";
    out.reader = "Get-ScheduledTaskInfo";
    set_fact(out.exists, true, file_source(list.file, name.line), what + "exists", notes);
    if (result) {
      const std::string src = file_source(list.file, result->line);
      if (auto n = parse_last_result(result->value)) {
        set_fact(out.last_result, *n, src, what + "LastTaskResult", notes);
      } else {
        set_unknown_if_empty(out.last_result, "unrecognised value '" + result->value + "'", src);
      }
    }
    return;
  }
}

void apply_get_tpm(const PsListOutput& list, GetTpmEvidence& out, std::vector<std::string>& notes) {
  for (const auto& m : kGetTpmBools) ps_bool(list, m.name, out.*m.member, notes);
  for (const auto& m : kGetTpmNumbers) ps_u32(list, m.name, out.*m.member, notes);
  for (const auto& m : kGetTpmStrings) ps_string(list, m.name, out.*m.member, notes);
}

void apply_ek_info(const PsListOutput& list, EkInfoEvidence& out, std::vector<std::string>& notes) {
  ps_bool(list, "IsPresent", out.is_present, notes);
  ps_string(list, "PublicKeyHash", out.public_key_hash, notes);
  ps_certs(list, "ManufacturerCertificates", out.manufacturer_certificate_count,
           out.manufacturer_certificate_thumbprints, notes);
  ps_certs(list, "AdditionalCertificates", out.additional_certificate_count, out.additional_certificate_thumbprints,
           notes);
}

void mark_unknown(TpmtoolEvidence& o, const std::string& r) {
  for (const auto& m : kTpmtoolBools) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kTpmtoolStrings) set_unknown_if_empty(o.*m.member, r);
  set_unknown_if_empty(o.pcr7_binding_state, r);
  set_unknown_if_empty(o.information_flags, r);
  set_unknown_if_empty(o.information_flags_mask, r);
}

void mark_unknown(ScheduledTaskEvidence& o, const std::string& r) {
  set_unknown_if_empty(o.exists, r);
  set_unknown_if_empty(o.status, r);
  set_unknown_if_empty(o.scheduled_task_state, r);
  set_unknown_if_empty(o.last_run_time, r);
  set_unknown_if_empty(o.last_result, r);
  set_unknown_if_empty(o.next_run_time, r);
}

void mark_unknown(GetTpmEvidence& o, const std::string& r) {
  for (const auto& m : kGetTpmBools) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kGetTpmNumbers) set_unknown_if_empty(o.*m.member, r);
  for (const auto& m : kGetTpmStrings) set_unknown_if_empty(o.*m.member, r);
}

void mark_unknown(EkInfoEvidence& o, const std::string& r) {
  set_unknown_if_empty(o.is_present, r);
  set_unknown_if_empty(o.public_key_hash, r);
  set_unknown_if_empty(o.manufacturer_certificate_count, r);
  set_unknown_if_empty(o.additional_certificate_count, r);
  set_unknown_if_empty(o.manufacturer_certificate_thumbprints, r);
  set_unknown_if_empty(o.additional_certificate_thumbprints, r);
}

Result<WindowsEvidence> read_offline_inputs(const std::vector<std::string>& paths, const OfflineOptions& options) {
  auto r = TRY(read_offline(paths, options));
  return std::move(r.windows);
}

Result<OfflineRead> read_offline_bytes(ByteSpan data, const std::string& name, const OfflineOptions& options) {
  Collector c(options);
  c.bytes(data, name);
  if (c.usable == 0) {
    Error e = c.first_failure ? *c.first_failure : make_error(ErrorKind::Parse, "nothing usable");
    return std::move(e.context(name));
  }
  c.finish();
  return std::move(c.out);
}

Result<OfflineRead> read_offline(const std::vector<std::string>& paths, const OfflineOptions& options) {
  if (paths.empty()) return make_error(ErrorKind::Usage, "no input files given");
  Collector c(options);
  for (const auto& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      c.folder(p);
    } else {
      c.file(p, std::nullopt);
    }
  }
  if (c.usable == 0) {
    Error e = c.first_failure ? *c.first_failure : make_error(ErrorKind::Parse, "no input file found");
    return std::move(e.context("no usable input among " + std::to_string(paths.size()) + " path(s)"));
  }
  c.finish();
  return std::move(c.out);
}

}  // namespace tpmready::offline
