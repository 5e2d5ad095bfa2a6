#include "collect/ekcert_files.h"

#include "util/file.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "cert/cert_input.h"
#include "cert/cert_store_blob.h"
#include "cert/x509.h"

namespace tpmready::collect {
namespace {

// Certificates larger than this are not EK certificates; refuse before reading 1 GB by mistake.

Status decodes(const Bytes& der) {
  auto c = cert::parse_certificate(der);
  if (!c.ok()) return std::move(c).error();
  return ok_status();
}

}  // namespace

Result<std::vector<EkCertBlob>> ekcert_from_file(const std::string& path) {
  auto data = TRY(read_file(path, input_limit(kMaxCertificateFileBytes)));
  return ekcert_from_bytes(data, path);
}

Result<std::vector<EkCertBlob>> ekcert_from_bytes(ByteSpan data, const std::string& path) {
  auto blobs = cert::certificate_blobs(data);
  if (!blobs.ok()) return std::move(blobs).error().context("file " + path);
  std::vector<EkCertBlob> out;
  for (std::size_t i = 0; i < blobs->size(); ++i) {
    std::string source = "file:" + path;
    if (i > 0) source.append("#").append(std::to_string(i + 1));
    auto st = decodes((*blobs)[i]);
    if (!st.ok()) return std::move(st).error().context(i == 0 ? "file " + path : source);
    out.push_back(EkCertBlob{source, std::move((*blobs)[i]), std::nullopt});
  }
  return out;
}

Result<EkCertBlob> ekcert_from_store_blob(ByteSpan blob, const std::string& thumbprint) {
  const std::string source = "registry:" + thumbprint;
  auto der = cert::parse_cert_store_blob(blob);
  if (!der.ok()) return std::move(der).error().context(source);
  auto st = decodes(*der);
  if (!st.ok()) return std::move(st).error().context(source + " property 32");
  return EkCertBlob{source, std::move(der).value(), std::nullopt};
}

Result<EkCertBlob> ekcert_from_store_blob_file(const std::string& path) {
  auto data = TRY(read_file(path, input_limit(kMaxCertificateFileBytes)));
  auto blob = ekcert_from_store_blob(data, std::filesystem::path(path).stem().string());
  if (!blob.ok()) return std::move(blob).error().context("file " + path);
  return blob;
}

}  // namespace tpmready::collect
