// tpmready ekcert: EK certificates — where found, decoded, key match, chain, service
// compatibility (RSA-3072/SHA-384 rule), online URL for Intel PTT / AMD fTPM.
#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cert/ca_embedded.h"
#include "util/utc_time.h"
#include "cert/chain.h"
#include "rules/ekcert_checks.h"
#include "collect/ek_online.h"
#include "cert/ek_url.h"
#include "report/ekcert_view.h"
#include "collect/ekcert_files.h"
#include "collect/ekcert_registry.h"
#include "collect/ekcert_tpm.h"
#include "evidence/ek_store.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "platform/console.h"
#include "util/json_text.h"

namespace tpmready::cli {
namespace {

struct EkcertOptions {
  std::string tpm;  ///< "" = no TPM source
  bool power_on = false;
  std::vector<std::string> files;
  std::vector<std::string> reg_files;    ///< regedit .reg exports holding the EKCertStore
  std::vector<std::string> store_blobs;  ///< raw EKCertStore Blob values (until the .reg reader lands)
  std::vector<std::string> ca_stores;
  std::string format = "text";
  std::string now;  ///< hidden: fixed clock for tests (RFC 3339)
  bool no_default_cas = false;
  bool online = false;
  bool derive_ek = false;
  std::string assume_vendor;  ///< hidden: "intel" / "amd", diagnostics and tests on other TPMs
};

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Result<cert::CaStore> load_store(const EkcertOptions& o) {
  cert::CaStore store;
  if (!o.no_default_cas) TRY(cert::load_embedded_vendor_cas(store));
  for (const auto& p : o.ca_stores) TRY(cert::load_ca_path(p, store));
  return store;
}

/// Files, .reg exports and store blobs. A store entry of a .reg export that gives no certificate
/// is kept as a collection error (the rest of the store is still used, as `analyze` uses it) and
/// counted in `unusable_entries`.
Status collect_files(const EkcertOptions& o, EkCertEvidence& e, std::size_t& unusable_entries) {
  for (const auto& f : o.files) {
    auto blobs = TRY(collect::ekcert_from_file(f));
    for (auto& b : blobs) e.certificates.push_back(std::move(b));
  }
  for (const auto& f : o.reg_files) {
    auto reg = TRY(collect::ekcert_from_reg_file(f));
    e.registry_queried = e.registry_queried || reg.store_present;
    add_store_certificates(reg.store, e);
    for (auto& note : ek_store_notes(reg.store)) {
      e.errors.push_back(std::move(note));
      ++unusable_entries;
    }
  }
  for (const auto& f : o.store_blobs) {
    e.registry_queried = true;
    e.certificates.push_back(TRY(collect::ekcert_from_store_blob_file(f)));
  }
  return ok_status();
}

/// Treats the TPM as an Intel/AMD firmware TPM (hidden --assume-vendor): lets the online path be
/// exercised on a software TPM, whose manufacturer is IBM. Recorded in the fact's source.
void assume_vendor(const std::string& vendor, EkCertEvidence& e) {
  if (vendor.empty()) return;
  const std::uint32_t id = vendor == "intel" ? cert::kManufacturerIntel : cert::kManufacturerAmd;
  e.manufacturer = Fact<std::uint32_t>::known(id, "--assume-vendor " + vendor);
}

/// --online: the vendor's EK certificate for this EK (facts/windows.md §6, §6.1) becomes one more
/// certificate source "online:<url>"; a failed fetch is kept as a collection error with the same
/// prefix, which ek.cert.online reports. Only Intel/AMD firmware TPMs have such a service.
void fetch_online(EkCertEvidence& e) {
  const auto& ek = e.ek_rsa.has_value() ? e.ek_rsa : e.ek_ecc;
  if (!e.manufacturer.has_value() || !ek.has_value()) {
    print_error("--online: nothing fetched: the TPM manufacturer and EK public key are needed to build the URL");
    return;
  }
  auto url = cert::online_ek_url(*e.manufacturer.value, ek.value->key);
  if (!url) {
    print_error("--online: nothing fetched: this TPM's vendor has no online EK certificate service (Intel PTT and "
                "AMD fTPM only)");
    return;
  }
  auto der = [&] {
    ProgressLine progress(platform::stderr_is_terminal());
    const ProgressStep step(progress, "fetching " + *url);
    return collect::fetch_online_ekcert(*url, net::HttpOptions{});
  }();
  if (!der.ok()) {
    e.errors.push_back("online:" + der.error().what());
    return;
  }
  e.certificates.push_back(EkCertBlob{"online:" + *url, std::move(der).value(), std::nullopt});
}

int run_ekcert(const EkcertOptions& o) {
  if (o.files.empty() && o.store_blobs.empty() && o.reg_files.empty() && o.tpm.empty()) {
    print_error("no EK certificate source: give --tpm SPEC, --registry FILE.reg, FILES or --store-blob");
    return kExitUsage;
  }
  std::int64_t now = system_now();
  if (!o.now.empty()) {
    auto t = parse_utc_rfc3339(o.now);
    if (!t) {
      print_error("--now: expected YYYY-MM-DDTHH:MM:SSZ, got '" + o.now + "'");
      return kExitUsage;
    }
    now = *t;
  }
  auto store = load_store(o);
  if (!store.ok()) {
    print_error(store.error());
    return kExitUsage;
  }
  EkCertEvidence evidence;
  if (!o.tpm.empty()) {
    tpm::TransportOptions topts;
    topts.power_on = o.power_on;
    auto tpm_evidence = collect::collect_ekcert_tpm(o.tpm, topts, o.derive_ek);
    if (!tpm_evidence.ok()) {
      print_error(tpm_evidence.error());
      return tpm_evidence.error().kind() == ErrorKind::Usage ? kExitUsage : kExitUndetermined;
    }
    evidence = std::move(tpm_evidence).value();
  }
  std::size_t unusable_entries = 0;
  if (auto st = collect_files(o, evidence, unusable_entries); !st.ok()) {
    print_error(st.error());
    return kExitUsage;
  }
  assume_vendor(o.assume_vendor, evidence);
  if (o.online) fetch_online(evidence);
  auto analysis = rules::ek::analyze_ekcerts(evidence, *store, now);
  if (o.format == "json") {
    auto j = report::ekcert_view_json(analysis);
    j["collection_errors"] = evidence.errors;
    write_stdout(json_text(j, 2) + "\n");
  } else {
    write_stdout(styled_text(report::ekcert_view_text(analysis)));
  }
  // A certificate the device holds but that cannot be decoded (corrupt NV contents, a registry store
  // entry without a certificate) is unusable input: one line naming its source and offset, exit 2
  // after the report on the others (files already failed in collect_files).
  bool undecodable = unusable_entries > 0;
  for (const auto& c : analysis.certificates) {
    if (c.cert) continue;
    print_error(c.blob.source + ": " + c.decode_error);
    undecodable = true;
  }
  for (const auto& err : evidence.errors) print_error(err);
  if (undecodable) return kExitUsage;
  return analysis.any_fail() ? kExitNotReady : kExitReady;
}

}  // namespace

void register_ekcert(CLI::App& app, Runner& runner) {
  auto opts = std::make_shared<EkcertOptions>();
  auto* cmd = app.add_subcommand(
      "ekcert",
      "EK certificates: where found, chain, Autopilot service compatibility\n"
      "Where the EK certificates are (TPM NV, registry, files), their decoded fields, whether they match\n"
      "the TPM's EK, their chain to the vendor CA, Autopilot service compatibility (RSA-3072/SHA-384),\n"
      "and the online download URL for Intel PTT / AMD fTPM.");
  cmd->footer(
      "Examples:\n"
      "  tpmready ekcert --tpm auto                    this device's TPM\n"
      "  tpmready ekcert ek.crt                        a certificate file\n"
      "  tpmready ekcert --registry ekcertstore.reg    the EKCertStore of a regedit export\n"
      "  tpmready ekcert --tpm auto --online           also fetch it from Intel's or AMD's service\n"
      "\n"
      "Exit codes: 0 the certificate Windows would use passes every check, 1 a check failed (also when\n"
      "no certificate given is an EK certificate: a signing key's, an AIK's or a CA's is named as such),\n"
      "2 unusable input (a file, registry blob or NV certificate that does not decode, or a TCG platform\n"
      "attribute certificate), 3 the TPM could not be read.\n"
      "--online honours https_proxy/HTTPS_PROXY and no_proxy on Linux and the system proxy on Windows.");
  cmd->add_option("--tpm", opts->tpm, "Read the TPM: auto | device:PATH | tcp:HOST:PORT | replay:FILE")
      ->type_name("SPEC");
  cmd->add_flag("--power-on", opts->power_on, "Simulators (tcp:): send power-on/NV-on on the control port first");
  cmd->add_option("files", opts->files, "EK certificate files: DER (.cer/.crt, NV dumps), PEM, base64 text")
      ->type_name("FILE");
  cmd->add_option("--registry", opts->reg_files,
                  "A regedit .reg export holding\n"
                  "HKLM\\...\\TPM\\WMI\\Endorsement\\EKCertStore")
      ->type_name("FILE");
  cmd->add_option("--store-blob", opts->store_blobs,
                  "The raw EKCertStore 'Blob' registry value saved to a file named\n"
                  "<THUMBPRINT>.bin")
      ->type_name("FILE");
  cmd->add_option("--ca-store", opts->ca_stores,
                  "Extra trusted CA certificates: a file, a .cab/.zip, or a folder (its\n"
                  "files that are not certificates are skipped)")
      ->type_name("PATH");
  cmd->add_flag("--no-default-cas", opts->no_default_cas, "Do not trust the vendor CAs built into tpmready");
  cmd->add_option("--format", opts->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--online", opts->online,
                "Intel PTT / AMD fTPM: download this TPM's EK certificate from the\n"
                "vendor's service (the URL Windows uses, computed from the EK) and\n"
                "check it like the others (source online:URL). Off by default: without\n"
                "it nothing leaves the machine");
  cmd->add_flag("--derive-ek", opts->derive_ek,
                "When no EK is persisted at 0x81010001: re-create it in TPM RAM from\n"
                "the TCG default template (CreatePrimary, then FlushContext) to match\n"
                "certificates against it. Not a write: nothing is persisted and NV is\n"
                "untouched; needs an empty endorsement auth");
  cmd->add_option("--assume-vendor", opts->assume_vendor, "treat the TPM as an Intel/AMD firmware TPM (diagnostics, tests)")
      ->check(CLI::IsMember({"intel", "amd"}))
      ->group("");
  cmd->add_option("--now", opts->now, "evaluate dates at this time (RFC 3339, for tests)")->group("");
  cmd->callback([opts, &runner] { runner = [opts] { return run_ekcert(*opts); }; });
}

}  // namespace tpmready::cli
