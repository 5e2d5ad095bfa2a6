#include "redact/evidence_redact.h"

#include <cctype>

#include "cert/x509.h"
#include "crypto/crypto.h"
#include "net/endpoints.h"
#include "util/text.h"

namespace tpmready::redact {
namespace {

void add_key(const PublicKey& k, Redactor& r) {
  r.add_bytes(k.modulus);
  r.add_bytes(k.x);
  r.add_bytes(k.y);
}

/// Everything an EK certificate gives away: its bytes, serial, fingerprints (what Windows names
/// the EKCertStore subkey after, facts/windows.md §2.3), subject key identifier and key.
void add_certificate(ByteSpan raw, Redactor& r) {
  if (raw.empty()) return;
  r.add_bytes(raw);
  auto cert = cert::parse_certificate(raw);
  if (!cert) return;  // undecodable bytes are still registered above and dropped from bundles
  r.add_bytes(cert->der);
  r.add_serial(cert->serial);
  for (auto alg : {crypto::HashAlg::Sha1, crypto::HashAlg::Sha256})
    if (auto fp = crypto::digest(alg, cert->der)) r.add_bytes(*fp);
  r.add_bytes(cert->subject_key_id);
  if (cert->public_key) add_key(*cert->public_key, r);
}

void add_hex_text(const std::string& hex, Redactor& r) {
  Bytes b;
  if (from_hex(hex, b)) r.add_bytes(b);
  else r.add_text(hex, r.token(hex));
}

/// The folder part of an input path ("C:\Users\alice\diag" of "C:\Users\alice\diag\tpm.reg"):
/// user and host names live there; the file name is kept (tpmtool.txt says what the input was).
void add_folder(std::string_view path, Redactor& r) {
  if (path.rfind("file:", 0) == 0) path.remove_prefix(5);
  auto slash = path.find_last_of("/\\");
  if (slash == std::string_view::npos || slash == 0) return;
  auto folder = path.substr(0, slash);
  r.add_text(folder, r.token(folder));
}

/// The tenant and profile an Autopilot registration names (registry and AutopilotDDSZTDFile.json):
/// they say whose device it is.
void add_autopilot(const WindowsEvidence& w, Redactor& r) {
  const auto& ap = w.registry.autopilot;
  for (const RegValueFact* v : {&ap.cloud_assigned_tenant_id, &ap.cloud_assigned_tenant_domain, &ap.deployment_profile_name})
    if (v->text && !v->text->empty()) r.add_text(*v->text, r.token(*v->text));
  const auto& z = w.ztd_file;
  for (const Fact<std::string>* f : {&z.tenant_id, &z.tenant_domain, &z.profile_name})
    if (f->value && !f->value->empty()) r.add_text(*f->value, r.token(*f->value));
}

void add_windows(const WindowsEvidence& w, Redactor& r) {
  add_autopilot(w, r);
  for (const auto& c : w.registry.ek_certificates) {
    add_hex_text(c.thumbprint, r);
    add_certificate(c.der, r);
    r.add_bytes(c.blob);
  }
  const auto& info = w.ek_info;
  if (info.public_key_hash.value) add_hex_text(*info.public_key_hash.value, r);
  for (const auto* list : {&info.manufacturer_certificate_thumbprints, &info.additional_certificate_thumbprints})
    if (list->value)
      for (const auto& t : *list->value) add_hex_text(t, r);
}

/// Same length, HMAC-derived key bytes. The RSA modulus keeps its top bit (so key size rules and
/// reports still say "rsa 2048"); equal keys stay equal, so the EK and the key of a bundle's EK
/// object still compare alike.
/// Event data fields that name a person or a machine, by the field's name (Windows event schemas
/// use e.g. UserName, TargetUserName, Computer, DeviceName, SerialNumber): their values are
/// identifying whatever they hold. Lower-case substrings.
bool names_identity(std::string_view field) {
  const std::string f = ascii_lower(field);
  for (const char* k : {"user", "account", "computer", "machine", "host", "devicename", "serial", "upn", "email", "sid"})
    if (f.find(k) != std::string::npos) return true;
  return false;
}

/// Host names inside free text (an error naming the server or the device's FQDN). Kept: the public
/// service names of the attestation endpoint table and the domains above them (ztd.dds.microsoft.com,
/// ekop.intel.com, microsoft.com, ...: net/endpoints.cpp), because they are the same on every device,
/// say nothing about whose it is, and which of them Windows failed to reach is often the diagnosis.
/// Every other name is tokenised, Microsoft-looking or not: tenants have names under Microsoft's
/// domains too (contoso.sharepoint.com, <tenant>.blob.core.windows.net), and there is no sourced list of
/// which Microsoft names are tenant-free. DNS names are case-insensitive, so one host gets one token.
void add_host_names(std::string_view text, Redactor& r) {
  for (const auto& host : host_names_in(text)) {
    if (net::is_public_service_name(host)) continue;
    r.add_text(host, r.token(ascii_lower(host)));
  }
}

void add_events(const std::vector<WindowsEvent>& events, Redactor& r) {
  for (const auto& ev : events) {
    for (const auto& [name, value] : ev.data) {
      if (names_identity(name) && !value.empty() && value != "-") r.add_text(value, r.token(value));
      add_host_names(value, r);
    }
    add_host_names(ev.message, r);
  }
}

PublicKey pseudo_key(const PublicKey& k, const Redactor& r) {
  PublicKey out = k;
  if (k.algorithm == PublicKey::Algorithm::Rsa) {
    out.modulus = r.pseudo_bytes(k.modulus, "rsa-modulus");
    if (!out.modulus.empty()) {
      std::uint8_t top = 0x80;
      while (top && !(k.modulus[0] & top)) top >>= 1;
      out.modulus[0] = static_cast<std::uint8_t>((out.modulus[0] & (top ? top - 1 : 0)) | top);
      out.modulus.back() |= 1;
    }
  } else {
    out.x = r.pseudo_bytes(k.x, "ecc-x");
    out.y = r.pseudo_bytes(k.y, "ecc-y");
  }
  return out;
}

void redact_fact(Fact<std::string>& f, const Redactor& r) {
  if (f.value) f.value = r.token(*f.value);
}

void redact_tpm(TpmEvidence& t, const Redactor& r) {
  for (auto& o : t.persistent) {
    if (o.public_key) o.public_key = pseudo_key(*o.public_key, r);
    if (!o.name.empty()) o.name = r.hex_token(o.name);
  }
  for (auto& i : t.ek_cert_indices) i.data.clear();  // bytes_read and size still say what was there
}

void redact_ek(EkCertEvidence& ek, const Redactor& r) {
  for (auto& c : ek.certificates) c.raw.clear();
  for (auto* obj : {&ek.ek_rsa, &ek.ek_ecc})
    if (obj->value) obj->value->key = pseudo_key(obj->value->key, r);
}

void redact_windows(WindowsEvidence& w, const Redactor& r) {
  auto& ap = w.registry.autopilot;
  for (RegValueFact* v : {&ap.cloud_assigned_tenant_id, &ap.cloud_assigned_tenant_domain, &ap.deployment_profile_name})
    if (v->text && !v->text->empty()) v->text = r.scrub(*v->text);
  for (Fact<std::string>* f : {&w.ztd_file.tenant_id, &w.ztd_file.tenant_domain, &w.ztd_file.profile_name})
    redact_fact(*f, r);
  for (auto& c : w.registry.ek_certificates) {
    c.thumbprint = r.hex_token(c.thumbprint);
    c.blob.clear();
    c.der.clear();
  }
  w.registry.wbcl_data.clear();  // the boot log's facts were taken into .eventlog already
  auto& info = w.ek_info;
  if (info.public_key_hash.value) info.public_key_hash.value = r.hex_token(*info.public_key_hash.value);
  for (auto* list : {&info.manufacturer_certificate_thumbprints, &info.additional_certificate_thumbprints})
    if (list->value)
      for (auto& t : *list->value) t = r.hex_token(t);
}

std::vector<std::string> removed_list(const Evidence& e) {
  std::vector<std::string> out = {
      "device ID, serial number and host name: tokens",
      "EK and other persistent public keys: same-size HMAC-derived stand-ins; object names: tokens",
      "EK certificates (raw bytes from NV, files and the registry): removed; serials, fingerprints and "
      "thumbprints: tokens wherever they appear",
      "folders of input paths: tokens",
      "host names in event data and messages: tokens (except the public attestation service names)"};
  if (e.windows) out.push_back("registry WBCL boot-log bytes: removed (its facts are in .eventlog)");
  if (e.windows) out.push_back("Autopilot tenant ID, tenant domain and profile name: tokens wherever they appear");
  if (e.hardware_hash_csv)
    out.push_back("hardware-hash CSV: serial numbers and product IDs tokens wherever they appear, hash fingerprints "
                  "tokens (the hashes themselves are never kept)");
  return out;
}

}  // namespace

void collect_sensitive(const Evidence& e, Redactor& r) {
  if (!e.device.id.empty()) r.add_text(e.device.id, r.token(e.device.id));
  for (const auto* f : {&e.device.serial, &e.device.hostname})
    if (f->value) r.add_text(*f->value, r.token(*f->value));
  // The serial numbers a hardware-hash CSV registered (the report's text names them), its product
  // IDs and hash fingerprints: they identify devices as the serial does.
  if (e.hardware_hash_csv)
    for (const auto& row : e.hardware_hash_csv->rows) {
      for (const std::string* v : {&row.serial, &row.product_id})
        if (!v->empty()) r.add_text(*v, r.token(*v));
      if (!row.hash_sha256.empty()) add_hex_text(row.hash_sha256, r);
    }
  if (e.tpm) {
    for (const auto& o : e.tpm->persistent) {
      if (o.public_key) add_key(*o.public_key, r);
      if (!o.name.empty()) add_hex_text(o.name, r);
    }
    for (const auto& i : e.tpm->ek_cert_indices) add_certificate(i.data, r);
  }
  for (const auto& c : e.ek.certificates) add_certificate(c.raw, r);
  for (const auto* obj : {&e.ek.ek_rsa, &e.ek.ek_ecc})
    if (obj->value) add_key(obj->value->key, r);
  if (e.windows) add_windows(*e.windows, r);
  for (const auto& in : e.inputs) add_folder(in.name, r);
  add_events(e.events, r);
}

Evidence redact_evidence(const Evidence& e, const Redactor& r, const report::Report& report) {
  Evidence out = e;
  if (!out.device.id.empty()) out.device.id = r.token(out.device.id);
  redact_fact(out.device.serial, r);
  redact_fact(out.device.hostname, r);
  if (out.tpm) redact_tpm(*out.tpm, r);
  redact_ek(out.ek, r);
  if (out.windows) redact_windows(*out.windows, r);
  if (out.hardware_hash_csv)
    for (auto& row : out.hardware_hash_csv->rows) {
      for (std::string* v : {&row.serial, &row.product_id})
        if (!v->empty()) *v = r.token(*v);
      if (!row.hash_sha256.empty()) row.hash_sha256 = r.hex_token(row.hash_sha256);
    }
  for (auto& ev : out.events) {  // event data may name the device or its user, in a field or in its text
    for (auto& [name, value] : ev.data) {
      if (const auto* tok = r.exact(value)) value = *tok;
      else value = r.scrub(value);
    }
    ev.message = r.scrub(ev.message);
  }
  // The AIK CA probe's URL comes from those events: its host is tokenised here as it is there.
  if (out.network) {
    for (auto& p : out.network->probes) {
      p.url = r.scrub(p.url);
      p.error = r.scrub(p.error);
    }
    for (auto& u : out.network->aik_ca_refused) u.url = r.scrub(u.url);
  }
  report::Report rep = report;
  redact_report_device(rep, r);
  out.redaction = RedactionInfo{"HMAC-SHA256(salt, value), first 12 hex digits, as redacted-<hex>", removed_list(e),
                                report::to_json(rep)};
  return out;
}

void redact_report_device(report::Report& rep, const Redactor& r) {
  for (const char* key : {"id", "serial", "hostname"}) {
    auto it = rep.device.find(key);
    if (it != rep.device.end() && it->is_string()) *it = r.token(it->get<std::string>());
  }
}

}  // namespace tpmready::redact
