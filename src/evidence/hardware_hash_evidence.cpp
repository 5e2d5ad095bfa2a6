#include "evidence/hardware_hash_evidence.h"

#include <nlohmann/json.hpp>

#include "util/json_reader.h"

namespace tpmready {

void to_json(nlohmann::json& j, const HardwareHashRow& r) {
  j = {{"serial", r.serial},           {"product_id", r.product_id}, {"hash_length", r.hash_length},
       {"hash_sha256", r.hash_sha256}, {"source", r.source}};
}

void to_json(nlohmann::json& j, const HardwareHashCsvEvidence& e) { j = {{"files", e.files}, {"rows", e.rows}}; }

Status read_json(const JsonReader& r, HardwareHashRow& out) {
  out = HardwareHashRow{};
  TRY(r.object());
  TRY(r.get_if("serial", out.serial));
  TRY(r.get_if("product_id", out.product_id));
  TRY(r.get_if("hash_length", out.hash_length));
  TRY(r.get_if("hash_sha256", out.hash_sha256));
  TRY(r.get_if("source", out.source));
  return ok_status();
}

Status read_json(const JsonReader& r, HardwareHashCsvEvidence& out) {
  out = HardwareHashCsvEvidence{};
  TRY(r.object());
  TRY(r.get_if("files", out.files));
  TRY(r.get_if("rows", out.rows));
  return ok_status();
}

}  // namespace tpmready
