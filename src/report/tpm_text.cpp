#include "report/tpm_text.h"

#include <utility>
#include <vector>

#include "util/text.h"
#include "util/utf8.h"

namespace tpmready::report {
namespace {

constexpr std::size_t kLabelWidth = 22;

class Section {
 public:
  explicit Section(std::string title) : out_(std::move(title) + "\n") {}
  Section& row(const std::string& label, const std::string& value) {
    out_.append("  ").append(label);
    out_.append(label.size() < kLabelWidth ? kLabelWidth - label.size() : 1, ' ');
    out_.append(value).append("\n");
    return *this;
  }
  Section& line(const std::string& text) {
    out_.append("  ").append(text).append("\n");
    return *this;
  }
  std::string str() const { return out_ + "\n"; }

 private:
  std::string out_;
};

std::string yes_no(bool b) { return b ? "yes" : "no"; }

/// "0-23", "0-7, 16, 23": compact PCR index ranges.
std::string ranges(const std::vector<unsigned>& pcrs) {
  std::string out;
  for (std::size_t i = 0; i < pcrs.size();) {
    std::size_t j = i;
    while (j + 1 < pcrs.size() && pcrs[j + 1] == pcrs[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += std::to_string(pcrs[i]);
    if (j > i) out.append("-").append(std::to_string(pcrs[j]));
    i = j + 1;
  }
  return out.empty() ? "(none)" : out;
}

std::string identity(const TpmEvidence& e) {
  Section s("TPM");
  s.row("Read from", e.source);
  std::string vendor = "\"" + e.manufacturer + "\" (" + hex32(e.manufacturer_raw) + ")";
  if (!e.manufacturer_name.empty()) vendor += " " + e.manufacturer_name;
  s.row("Manufacturer", vendor);
  s.row("Vendor string", "\"" + e.vendor_string + "\"");
  s.row("Firmware", e.firmware_version + " (" + hex32(e.firmware_version_1) + " " + hex32(e.firmware_version_2) + ")");
  s.row("Specification", "TPM " + e.spec_family + " level " + std::to_string(e.spec_level) + " revision " +
                             std::to_string(e.spec_revision / 100) + "." +
                             (e.spec_revision % 100 < 10 ? "0" : "") + std::to_string(e.spec_revision % 100) +
                             " (" + std::to_string(e.spec_year) + ", day " + std::to_string(e.spec_day_of_year) + ")");
  s.row("NV buffer / index max", std::to_string(e.nv_buffer_max) + " / " + std::to_string(e.nv_index_max) + " bytes");
  return s.str();
}

std::string state(const TpmEvidence& e) {
  auto bit = [](std::uint32_t raw, std::uint32_t mask) { return (raw & mask) != 0; };
  // TPMA_PERMANENT / TPMA_STARTUP_CLEAR masks: facts/tcg.md §2.
  Section s("State");
  s.row("Owner auth set", yes_no(bit(e.permanent_raw, 0x1)));
  s.row("Endorsement auth set", yes_no(bit(e.permanent_raw, 0x2)));
  s.row("Lockout auth set", yes_no(bit(e.permanent_raw, 0x4)));
  s.row("In lockout", yes_no(bit(e.permanent_raw, 0x200)) + " (failures " + std::to_string(e.lockout_counter) + " of " +
                          std::to_string(e.max_auth_fail) + ", interval " + std::to_string(e.lockout_interval) +
                          " s, lockout recovery " + std::to_string(e.lockout_recovery) + " s)");
  s.row("Disable clear", yes_no(bit(e.permanent_raw, 0x100)));
  s.row("TPM-generated EPS", yes_no(bit(e.permanent_raw, 0x400)));
  s.row("Hierarchies enabled", std::string("platform ") + yes_no(bit(e.startup_clear_raw, 0x1)) + ", storage " +
                                   yes_no(bit(e.startup_clear_raw, 0x2)) + ", endorsement " +
                                   yes_no(bit(e.startup_clear_raw, 0x4)) + ", platform NV " +
                                   yes_no(bit(e.startup_clear_raw, 0x8)));
  s.row("Orderly shutdown", yes_no(bit(e.startup_clear_raw, 0x80000000)));
  if (e.clock_time && e.clock_clock) {
    s.row("Clock", std::to_string(*e.clock_clock) + " ms (" + std::to_string(*e.clock_time) + " ms since startup), resets " +
                       std::to_string(e.clock_reset_count) + ", restarts " + std::to_string(e.clock_restart_count) +
                       (e.clock_safe ? ", safe" : ", not safe"));
  }
  return s.str();
}

std::string objects(const TpmEvidence& e) {
  Section p("Persistent objects (" + std::to_string(e.persistent.size()) + ")");
  for (const auto& o : e.persistent) {
    std::string key = o.type;
    if (o.type == "rsa") key.append(" ").append(std::to_string(o.key_bits));
    if (o.type == "ecc") key.append(" ").append(o.curve);
    p.row(hex32(o.handle), key + ", name alg " + o.name_alg + ", symmetric " + o.symmetric +
                               (o.symmetric_key_bits ? std::to_string(o.symmetric_key_bits) : "") + o.symmetric_mode);
    p.row("", join(o.attributes, "|"));
    if (!o.auth_policy.empty()) p.row("", "policy " + o.auth_policy);
  }
  Section n("NV indices (" + std::to_string(e.nv_indices.size()) + ")");
  for (const auto& i : e.nv_indices) {
    n.row(hex32(i.index), std::to_string(i.size) + " bytes, " + i.type + ", name alg " + i.name_alg);
    n.row("", join(i.attributes, "|"));
  }
  Section c("EK certificate indices (" + std::to_string(e.ek_cert_indices.size()) + ")");
  for (const auto& i : e.ek_cert_indices) {
    std::string status = i.error.empty() ? std::to_string(i.bytes_read) + " of " + std::to_string(i.size) + " bytes read"
                                         : "not read: " + i.error;
    c.row(hex32(i.index), i.content + ": " + status);
  }
  if (e.ek_cert_indices.empty()) c.line("none of the EK certificate indices (facts: TCG EK Credential Profile) is defined");
  return p.str() + n.str() + c.str();
}

std::string pcrs(const TpmEvidence& e) {
  Section s("PCR banks");
  for (const auto& b : e.pcr_banks) s.row(b.bank, ranges(b.pcrs));
  std::string out = s.str();
  // People compare sha256 PCRs with event logs; all banks are in --format json.
  auto shown = e.pcrs.find("sha256");
  if (shown == e.pcrs.end()) shown = e.pcrs.begin();
  if (shown == e.pcrs.end()) return out;
  Section v("PCRs " + shown->first + (e.pcrs.size() > 1 ? " (all banks: --format json)" : ""));
  for (const auto& [index, digest] : shown->second) v.row(std::to_string(index), to_hex(digest));
  return out + v.str();
}

std::string capabilities(const TpmEvidence& e) {
  Section s("Capabilities");
  std::vector<std::string> names;
  for (const auto& a : e.algorithms) names.push_back(a.name);
  s.row("Algorithms", join(names, " "));
  s.row("Commands", std::to_string(e.commands.size()) + " implemented");
  s.row("Round trips", std::to_string(e.round_trips));
  return s.str();
}

}  // namespace

std::string software_tpm_banner(const TpmEvidence& e) {
  if (!e.software_tpm) return {};
  return "SOFTWARE TPM (" + e.software_tpm_kind + ") \u2014 not a hardware TPM";
}

std::string render_tpm_text(const TpmEvidence& e) {
  std::string out;
  if (e.software_tpm) out += software_tpm_banner(e) + "\n  " + e.software_tpm_reason + "\n\n";
  out += identity(e) + state(e) + objects(e) + capabilities(e) + pcrs(e);
  out.pop_back();  // sections end with a blank line; the document ends with one newline
  return terminal_safe(out);  // vendor strings and firmware text are the TPM's (or a recording's)
}

}  // namespace tpmready::report
