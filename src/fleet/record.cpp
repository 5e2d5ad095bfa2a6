#include "fleet/record.h"

#include <cstring>

#include "crypto/crypto.h"
#include "report/build.h"
#include "util/bytes.h"

namespace tpmready::fleet {
namespace {

constexpr int kReportSchemaVersion = 1;  // report.cpp writes schema_version 1

std::string sha256_hex(std::string_view text) {
  auto h = crypto::digest(crypto::HashAlg::Sha256,
                          ByteSpan(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  return h ? to_hex(*h) : std::string();
}

bool json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

/// The document without the whitespace between tokens, so a pretty-printed bundle and the same
/// bundle on one NDJSON line hash alike. Most of a bundle's bytes are inside strings (hex PCRs,
/// certificates), which are copied whole: memchr finds the closing quote, and a quote is escaped
/// exactly when an odd run of backslashes precedes it. Written into `out`, reused per thread (a
/// byte-at-a-time copy into a fresh string was ~7% of fleet ingest CPU).
void compact(std::string_view text, std::string& out) {
  out.resize(text.size());
  char* w = out.data();
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    char c = *p++;
    if (json_space(c)) continue;
    *w++ = c;
    if (c != '"') continue;
    for (;;) {  // inside a string: up to and including its closing quote
      const auto* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(end - p)));
      if (q == nullptr) {  // unterminated: the rest as is (the parser rejects it)
        std::memcpy(w, p, static_cast<std::size_t>(end - p));
        w += end - p;
        p = end;
        break;
      }
      std::size_t backslashes = 0;
      while (q - backslashes > p && q[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') ++backslashes;
      std::memcpy(w, p, static_cast<std::size_t>(q + 1 - p));
      w += q + 1 - p;
      p = q + 1;
      if (backslashes % 2 == 0) break;
    }
  }
  out.resize(static_cast<std::size_t>(w - out.data()));
}

std::string str_at(const nlohmann::json& obj, const char* key) {
  if (!obj.is_object()) return {};
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void add_findings(const report::Report& r, RunRecord& rec) {
  for (const auto& f : r.findings) {
    if (f.status == rules::Status::Pass || f.status == rules::Status::NotApplicable) continue;
    bool root = false;
    for (const auto& c : r.root_causes) root = root || c.id == f.id;
    rec.findings.push_back({f.id, std::string(rules::status_name(f.status)), root});
  }
  // A root cause the report names but whose finding it omitted (hand-written reports) still counts.
  for (const auto& c : r.root_causes) {
    bool seen = false;
    for (const auto& row : rec.findings) seen = seen || row.rule_id == c.id;
    if (!seen) rec.findings.push_back({c.id, "fail", true});
  }
}

Result<RunRecord> from_report(const report::Report& r, std::int64_t fallback_time, std::optional<std::int64_t> at) {
  RunRecord rec;
  rec.device_id = str_at(r.device, "id");
  if (rec.device_id.empty())
    return make_error(ErrorKind::Parse, "no device ID: the evidence names no serial, EK key or host name; give one with "
                                        "tpmready analyze ... --device-id ID");
  rec.serial = str_at(r.device, "serial");
  rec.manufacturer = str_at(r.device, "manufacturer");
  rec.model = str_at(r.device, "model");
  rec.firmware = str_at(r.device, "firmware");
  rec.tpm_vendor = str_at(r.device, "tpm_manufacturer");
  rec.tpm_firmware = str_at(r.device, "tpm_firmware");
  rec.observed_known = at.has_value();
  rec.observed_at = at.value_or(fallback_time);
  rec.verdict = std::string(rules::verdict_name(r.verdict));
  rec.tool = "tpmready " + r.tool_version;
  add_findings(r, rec);
  for (const auto& c : r.caveats) rec.caveats.push_back(c.id);
  return rec;
}

Result<RunRecord> from_bundle(const nlohmann::json& doc, const EvalContext& ctx) {
  auto evidence = TRY(evidence_from_json(doc));
  // A bundle of an older tpmready may lack the ID its evidence implies (analyze gave offline
  // evidence none): the same derivation collection uses.
  if (evidence.device.id.empty()) evidence.device.id = device_id(evidence.device, evidence.ek);
  auto r = TRY(report::build_report(evidence, *ctx.anchors, ctx.now));
  auto rec = TRY(from_report(r, ctx.now, evidence.system_time.value));
  rec.kind = "bundle";
  return rec;
}

Result<RunRecord> from_report_json(const nlohmann::json& doc, const EvalContext& ctx) {
  auto v = doc.find("schema_version");
  if (v != doc.end() && v->is_number_integer() && v->get<std::int64_t>() > kReportSchemaVersion)
    return make_error(ErrorKind::Unsupported, "report schema_version " + std::to_string(v->get<std::int64_t>()) +
                                                  " is newer than this tpmready understands (" +
                                                  std::to_string(kReportSchemaVersion) + "): upgrade tpmready");
  auto r = TRY(report::report_from_json(doc));
  return record_from_report(r, ctx.now);
}

}  // namespace

std::string document_hash(std::string_view text) {
  thread_local std::string buf;
  compact(text, buf);
  auto h = sha256_hex(buf);
  if (buf.capacity() > (4u << 20)) std::string().swap(buf);  // a rare huge document is not kept
  return h;
}

std::string summary_hash(const report::Summary& s) { return sha256_hex("summary\n" + report::format_summary(s)); }

Result<RunRecord> record_from_report(const report::Report& r, std::int64_t fallback_time) {
  std::optional<std::int64_t> at;
  if (r.generated_at) {
    auto t = report::parse_utc(*r.generated_at);
    if (t) at = *t;
  }
  auto rec = TRY(from_report(r, fallback_time, at));
  rec.kind = "report";
  return rec;
}

Result<RunRecord> record_from_summary(const report::Summary& s, std::int64_t fallback_time) {
  RunRecord rec;
  rec.device_id = s.device_id;
  rec.observed_known = s.at.has_value();
  rec.observed_at = s.at.value_or(fallback_time);
  rec.kind = "summary";
  rec.verdict = std::string(rules::verdict_name(s.verdict));
  for (const auto& id : s.root_causes) rec.findings.push_back({id, "fail", true});
  rec.caveats = s.caveats;
  rec.content_hash = summary_hash(s);
  return rec;
}

Result<RunRecord> record_from_json(const nlohmann::json& doc, std::string content_hash, const EvalContext& ctx) {
  if (!doc.is_object()) return make_error(ErrorKind::Parse, "not a JSON object");
  bool is_bundle = str_at(doc, "kind") == "tpmready-evidence";
  bool is_report = doc.contains("verdict");
  if (!is_bundle && !is_report) {
    // Bundles written before `kind` existed still have schema_version + tpm_access.
    is_bundle = doc.contains("schema_version") && doc.contains("tpm_access");
  }
  if (!is_bundle && !is_report)
    return make_error(ErrorKind::Parse, "neither a bundle (kind \"tpmready-evidence\") nor a report (verdict)");
  auto rec = is_bundle ? from_bundle(doc, ctx) : from_report_json(doc, ctx);
  if (!rec) return std::move(rec).error().context(is_bundle ? "bundle" : "report");
  rec->content_hash = std::move(content_hash);
  return rec;
}

}  // namespace tpmready::fleet
