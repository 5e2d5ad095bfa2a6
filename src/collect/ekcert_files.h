#pragma once
/// EK certificate sources that are files: certificate files (DER/PEM/base64) and raw
/// EKCertStore registry blobs. Thin I/O around the pure parsers in src/cert.
#include <string>
#include <vector>

#include "evidence/ekcert_evidence.h"
#include "util/result.h"

namespace tpmready::collect {

/// Reads a certificate file; every certificate in it becomes a blob with source "file:NAME"
/// (NAME = the path as given; "file:NAME#2" for the second PEM block). Each certificate is
/// decoded once so unusable input fails here, naming the file and the offset.
Result<std::vector<EkCertBlob>> ekcert_from_file(const std::string& path);
/// The same for bytes already in memory (an archive member); `name` as in "file:NAME".
Result<std::vector<EkCertBlob>> ekcert_from_bytes(ByteSpan data, const std::string& name);

/// An EKCertStore `Blob` value (facts/windows.md §2.3) with its `<thumbprint>` subkey name →
/// source "registry:THUMBPRINT".
Result<EkCertBlob> ekcert_from_store_blob(ByteSpan blob, const std::string& thumbprint);

/// Reads a file holding a raw EKCertStore blob; the thumbprint is the file name without extension.
Result<EkCertBlob> ekcert_from_store_blob_file(const std::string& path);


}  // namespace tpmready::collect
