#pragma once
/// EK certificate chain building over a vendor CA store (data/vendor-ca plus --ca-store).
///
/// Trust model (like `openssl verify -partial_chain`): every certificate in the trusted store is
/// an anchor, so a path that reaches any of them (root or intermediate) is "verified". Other
/// certificates the device supplied (NV chain indices, extra files) may serve as untrusted
/// intermediates.
#include <string>
#include <vector>

#include "cert/x509.h"
#include "util/result.h"

namespace tpmready::cert {

struct StoredCert {
  Certificate cert;
  std::string origin;  ///< "data/vendor-ca/kl-IFX1.pem", "--ca-store my.pem", "nv:0x01c00100"
};

struct CaStore {
  std::vector<StoredCert> trusted;
  std::vector<StoredCert> untrusted;  ///< intermediates supplied by the device, not anchors
};

/// A file of a CA folder that gave no certificate, and why (the reader's own words).
struct UnusedCaFile {
  std::string path;
  std::string reason;
};

/// Loads every certificate in FILE, or in the files of DIR (non-recursive; PEM, DER, base64, or a
/// .cab/.zip such as TrustedTpm.cab). A FILE that gives no certificate is an error naming it. In a
/// DIR, files that give none (a README, a private key, a script) are skipped and, when `unused` is
/// given, listed there; only a DIR in which nothing is a certificate is an error, naming the DIR.
Status load_ca_path(const std::string& path, CaStore& store, std::vector<UnusedCaFile>* unused = nullptr);

/// The compiled-in vendor CAs (data/vendor-ca): see cert/ca_embedded.h.

/// "verified" / "incomplete" / "untrusted" / "bad_signature" (JSON contract .chain.status).
enum class ChainStatus { Verified, Incomplete, Untrusted, BadSignature };
const char* chain_status_name(ChainStatus s);

struct ChainLink {
  std::string subject;  ///< RFC 2253
  std::string origin;   ///< where this certificate came from ("leaf" for the EK certificate)
};

struct ChainResult {
  ChainStatus status = ChainStatus::Incomplete;
  std::vector<ChainLink> path;   ///< leaf first
  std::string missing_issuer;    ///< incomplete/untrusted: the issuer that is not in the store
  std::vector<std::string> aia_urls;  ///< incomplete: CA-issuers URLs of the last certificate
  std::string detail;            ///< one sentence for reports
};

/// Builds and verifies a path from `leaf` to an anchor in `store` (pure: signatures through the
/// crypto seam, no I/O).
ChainResult build_chain(const Certificate& leaf, const CaStore& store);

}  // namespace tpmready::cert
