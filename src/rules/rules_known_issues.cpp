// tpm.firmware_known_issue and os.attestation_fixes_installed: the known-issue matrix
// (data/known_issues.json, rules/known_issues.h) against the TPM's maker, model and firmware (the
// one path, evidence/tpm_identity.h) and the Windows build and UBR (windows_build).
#include <algorithm>

#include "evidence/tpm_identity.h"
#include "rules/check_util.h"
#include "rules/checks.h"
#include "rules/known_issues.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

constexpr std::string_view kFirmwareRule = "tpm.firmware_known_issue";
constexpr std::string_view kOsRule = "os.attestation_fixes_installed";

std::vector<const KnownIssue*> rows_of(const std::vector<KnownIssue>& table, std::string_view rule) {
  std::vector<const KnownIssue*> out;
  for (const auto& row : table)
    if (row.rule == rule) out.push_back(&row);
  return out;
}

/// "AMD 3.*.0.*, IFX 15.22": what the firmware rows look for, for the summaries.
std::string firmware_list(const std::vector<const KnownIssue*>& rows) {
  std::vector<std::string> items;
  for (const auto* r : rows) items.push_back(r->vendor + (r->model.empty() ? "" : " " + r->model) + " " + join(r->firmware, "/"));
  return join(items, ", ");
}

/// The row's problem and what Windows shows for it.
std::string issue_text(const KnownIssue& row) {
  std::string out = row.title;
  std::vector<std::string> shown;
  if (!row.symptom_text.empty()) shown.push_back("\"" + row.symptom_text + "\"");
  for (const auto& c : row.symptoms)
    if (row.title.find(c) == std::string::npos) shown.push_back(c);
  if (!shown.empty()) out += " (" + join(shown, ", ") + ")";
  return out;
}

/// Fix, reference and the codes Windows shows, of the rows that fail, in table order (a row without
/// codes leaves the entry's).
void use_rows(Finding& f, const std::vector<const KnownIssue*>& rows) {
  std::vector<std::string> fixes, refs, codes;
  for (const auto* r : rows) {
    fixes.push_back(r->fix);
    refs.push_back(reference_of(*r));
    for (const auto& c : r->symptoms)
      if (std::find(codes.begin(), codes.end(), c) == codes.end()) codes.push_back(c);
  }
  f.fix.text = join(fixes, " ");
  f.reference = join(refs, " | ");
  if (!codes.empty()) f.symptom.error_codes = codes;
}

void add_identity(Finding& f, const TpmFirmwareIdentity& id) {
  if (id.manufacturer.value) add_evidence(f, id.manufacturer.source, "TPM manufacturer", *id.manufacturer.value);
  if (id.version_text.value) add_evidence(f, id.version_text.source, "TPM firmware version", *id.version_text.value);
  if (id.model.value) add_evidence(f, id.model.source, "TPM model", *id.model.value);
}

std::string build_text(std::uint32_t build, const Fact<std::uint32_t>& ubr) {
  return std::to_string(build) + (ubr.value ? "." + std::to_string(*ubr.value) : " (UBR unknown)");
}

/// Why the build lacks the row's fix, in words.
std::string missing_text(const KnownIssue& row, std::uint32_t build, const Fact<std::uint32_t>& ubr, const OsFix* fix) {
  if (fix) {
    return "build " + build_text(build, ubr) + " is before " + fix->kb + " (" + std::to_string(fix->build) + "." +
           std::to_string(fix->ubr) + ")";
  }
  const OsFix& first = row.os->fixed_in.front();
  return "build " + std::to_string(build) + " is older than the first build with the fix (" +
         std::to_string(first.build) + "." + std::to_string(first.ubr) + ", " + first.kb + ")";
}

}  // namespace

Finding check_tpm_firmware_known_issue(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  auto table = known_issues();
  if (!table) return conclude(std::move(f), Status::Unknown, "tpmready's known-issue table does not load: " + table.error().what());
  const auto rows = rows_of(**table, kFirmwareRule);
  const TpmFirmwareIdentity id = tpm_firmware_identity(e);
  add_identity(f, id);

  std::vector<const KnownIssue*> hits;
  std::vector<std::string> found, open;
  for (const auto* row : rows) {
    const Conditions c = tpm_conditions(*row, id);
    if (c.match == Match::Yes) {
      hits.push_back(row);
      std::string line = issue_text(*row);
      if (!c.notes.empty()) line += "; " + join(c.notes, "; ");
      found.push_back(line);
    } else if (c.match == Match::Undecided) {
      open.push_back(row->title + "; not known: " + join(c.unknown, ", "));
    }
  }
  if (!hits.empty()) {
    use_rows(f, hits);
    return conclude(std::move(f), Status::Fail,
                    *id.manufacturer.value + " firmware " + *id.version_text.value +
                        " is a release with a known attestation failure: " + join(found, "; ") + ".");
  }
  if (!id.manufacturer.value || !id.version) {
    const std::string why = !id.manufacturer.value ? *id.manufacturer.unknown_reason
                            : id.version_text.value ? "\"" + *id.version_text.value + "\" is not a firmware version"
                                                    : *id.version_text.unknown_reason;
    return conclude(std::move(f), Status::Unknown,
                    "The TPM firmware version is not known (" + why + "), so its known issues (" + firmware_list(rows) +
                        ") cannot be ruled out: run Get-Tpm (ManufacturerIdTxt, ManufacturerVersion) or tpmtool "
                        "getdeviceinformation on the device.");
  }
  if (!open.empty())
    return conclude(std::move(f), Status::Unknown, "Cannot decide: " + join(open, ". ") + ".");
  return conclude(std::move(f), Status::Pass,
                  *id.manufacturer.value + " firmware " + *id.version_text.value +
                      " has none of the known firmware issues tpmready ships (" + firmware_list(rows) + ").");
}

Finding check_os_attestation_fixes_installed(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) return conclude(std::move(f), Status::NotApplicable, "No Windows evidence: the Windows build is not known.");
  auto table = known_issues();
  if (!table) return conclude(std::move(f), Status::Unknown, "tpmready's known-issue table does not load: " + table.error().what());
  const WindowsBuild wb = windows_build(e.windows->registry);
  if (!wb.build.value) {
    return conclude(std::move(f), Status::Unknown,
                    "The Windows build is not known (" + *wb.build.unknown_reason +
                        "): run reg query \"HKLM\\" + std::string(kCurrentVersionKey) +
                        "\" on the device (CurrentBuild and UBR), or export that key with reg export.");
  }
  const std::uint32_t build = *wb.build.value;
  add_evidence(f, wb.build.source, "CurrentBuild", std::to_string(build));
  if (wb.ubr.value) add_evidence(f, wb.ubr.source, "UBR", std::to_string(*wb.ubr.value));
  const TpmFirmwareIdentity id = tpm_firmware_identity(e);

  std::vector<const KnownIssue*> missing;
  std::vector<std::string> lacks, open, has;
  for (const auto* row : rows_of(**table, kOsRule)) {
    const Conditions c = tpm_conditions(*row, id);
    if (c.match == Match::No) continue;
    const OsFix* fix = nullptr;
    const OsState st = os_state(*row->os, build, wb.ubr.value, &fix);
    if (st == OsState::NotCovered) continue;
    if (st == OsState::Fixed) {
      const std::string kb = fix ? fix->kb : row->os->fixed_in.back().kb + "'s fix (a later release)";
      if (c.match == Match::Yes && std::find(has.begin(), has.end(), kb) == has.end()) has.push_back(kb);
      continue;
    }
    if (st == OsState::NeedsUbr) {
      open.push_back(row->title + " (the UBR is not known: the fix is in " + std::to_string(fix->build) + "." +
                     std::to_string(fix->ubr) + ", " + fix->kb + ")");
      continue;
    }
    if (c.match == Match::Yes) {
      missing.push_back(row);
      lacks.push_back(issue_text(*row) + ": " + missing_text(*row, build, wb.ubr, fix));
    } else {
      open.push_back(row->title + " (" + missing_text(*row, build, wb.ubr, fix) + "); not known: " +
                     join(c.unknown, ", "));
    }
  }
  if (!missing.empty()) {
    use_rows(f, missing);
    return conclude(std::move(f), Status::Fail,
                    "Windows build " + build_text(build, wb.ubr) + " lacks an attestation fix: " + join(lacks, "; ") + ".");
  }
  if (!open.empty()) return conclude(std::move(f), Status::Unknown, "Cannot decide: " + join(open, ". ") + ".");
  return conclude(std::move(f), Status::Pass,
                  "Windows build " + build_text(build, wb.ubr) +
                      (has.empty() ? std::string(" needs none of the attestation fixes tpmready knows.")
                                   : " has the attestation fixes tpmready knows for it (" + join(has, ", ") + ")."));
}

}  // namespace tpmready::rules
