#include "collect/ekcert_registry.h"

#include "collect/ekcert_files.h"

namespace tpmready::collect {
namespace {

std::string last_component(const std::string& path) {
  const auto pos = path.find_last_of('\\');
  return pos == std::string::npos ? path : path.substr(pos + 1);
}

}  // namespace

Result<RegistryEkCerts> ekcert_from_registry_export(const offline::RegistryExport& reg) {
  RegistryEkCerts out;
  for (const char* store : kEkCertStoreKeys) {
    if (!reg.covers(store)) continue;
    out.store_present = true;
    for (const offline::RegKey* key : reg.subkeys(store)) {
      const offline::RegValue* blob = key->find("Blob");
      if (blob == nullptr) continue;
      auto cert = ekcert_from_store_blob(blob->data, last_component(key->path));
      if (!cert.ok()) {
        return std::move(cert).error().context(key->file + ":" + std::to_string(blob->line) + " [" + key->path + "]");
      }
      out.certificates.push_back(std::move(cert).value());
    }
  }
  return out;
}

Result<RegistryEkCerts> ekcert_from_reg_file(const std::string& path) {
  auto data = TRY(read_file_bytes(path));
  auto reg = offline::parse_reg_bytes(data, path);
  if (!reg.ok()) return std::move(reg).error().context("file " + path);
  return ekcert_from_registry_export(*reg);
}

}  // namespace tpmready::collect
