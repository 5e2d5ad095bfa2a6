#include "collect/ekcert_registry.h"

#include "cert/cert_store_blob.h"
#include "collect/offline/text_decode.h"
#include "util/file.h"
#include "util/text.h"

namespace tpmready::collect {

std::vector<EkStoreCertificate> read_ek_cert_stores(const offline::RegistryExport& reg, std::string_view source_prefix) {
  std::vector<EkStoreCertificate> out;
  for (const auto& store : kEkCertStores) {
    for (const offline::RegKey* key : reg.subkeys(store.certificates)) {
      EkStoreCertificate c;
      c.store = store.name;
      c.thumbprint = ascii_upper(key->path.substr(key->path.rfind('\\') + 1));
      const offline::RegValue* blob = key->find("Blob");
      if (!blob) {
        c.source = offline::reg_source(source_prefix, key->file, key->line);
        c.note = "no Blob value";
      } else {
        c.source = offline::reg_source(source_prefix, blob->file, blob->line);
        c.blob = blob->data;
        auto der = cert::parse_cert_store_blob(blob->data);
        if (der.ok()) {
          c.der = std::move(der).value();
        } else {
          c.note = der.error().what();
        }
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

RegistryEkCerts ekcert_from_registry_export(const offline::RegistryExport& reg) {
  RegistryEkCerts out;
  for (const auto& store : kEkCertStores) out.store_present = out.store_present || reg.covers(store.certificates);
  out.store = read_ek_cert_stores(reg);
  return out;
}

Result<RegistryEkCerts> ekcert_from_reg_file(const std::string& path) {
  auto data = read_file(path, input_limit(offline::kDefaultMaxTextBytes));
  if (!data.ok()) return std::move(data).error();
  auto reg = offline::parse_reg_bytes(*data, offline::base_name(path));
  if (!reg.ok()) return std::move(reg).error().context("file " + path);
  return ekcert_from_registry_export(*reg);
}

}  // namespace tpmready::collect
