#include "cert/chain.h"

#include "util/archive.h"
#include "util/file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cert/cert_input.h"
#include "crypto/crypto.h"

namespace tpmready::cert {

/// Files read from one --ca-store folder: TrustedTpm.cab expands to ~1,500 (util/file.h lists it).
constexpr std::size_t kMaxCaFiles = 10000;

namespace {

std::string display_origin(const std::string& path);

/// The certificates of an archive such as Microsoft's TrustedTpm.cab (one folder per TPM vendor,
/// plus setup.cmd: docs/facts/windows.md §13). Members that are not certificates are skipped: a
/// trust store holds what it can parse.
Status load_archive(const std::string& path, ByteSpan data, CaStore& store) {
  auto members = TRY(read_archive(data, ArchiveLimits{}));
  std::size_t loaded = 0;
  for (const auto& m : members) {
    auto blobs = certificate_blobs(m.data);
    if (!blobs) continue;
    for (const auto& b : *blobs) {
      auto c = parse_certificate(b);
      if (!c) continue;
      store.trusted.push_back({std::move(*c), display_origin(path) + ":" + m.name});
      ++loaded;
    }
  }
  if (loaded == 0) return make_error(ErrorKind::Parse, "archive holds no certificate");
  return ok_status();
}

Status load_file(const std::string& path, CaStore& store) {
  // A CA store file may be an archive (TrustedTpm.cab is ~1 MB), so it gets the event-log sized limit.
  auto data = TRY(read_file(path, input_limit(kMaxEventLogBytes)));
  if (looks_like_archive(data)) return load_archive(path, data, store);
  auto blobs = TRY(certificate_blobs(data));
  for (const auto& b : blobs) {
    auto c = TRY(parse_certificate(b));
    store.trusted.push_back({std::move(c), display_origin(path)});
  }
  return ok_status();
}

/// Same RDN count, attributes per RDN and values: necessary for equal RFC 2253 strings (the
/// rendering escapes its separators, so it is injective on that structure), and cheap; rendering
/// both names for every store certificate on every chain step cost ~12% of fleet ingest CPU.
bool same_shape_and_values(const Name& a, const Name& b) {
  if (a.rdns.size() != b.rdns.size()) return false;
  for (std::size_t i = 0; i < a.rdns.size(); ++i) {
    if (a.rdns[i].size() != b.rdns[i].size()) return false;
    for (std::size_t k = 0; k < a.rdns[i].size(); ++k)
      if (a.rdns[i][k].value != b.rdns[i][k].value) return false;
  }
  return true;
}

/// Equal DER, or the same name encoded differently (e.g. PrintableString vs UTF8String).
bool names_match(const Name& a, const Name& b) {
  if (a.der == b.der) return true;
  if (a.empty() || !same_shape_and_values(a, b)) return false;
  return a.rfc2253() == b.rfc2253();
}

bool in_trusted(const Certificate& c, const CaStore& store) {
  return std::any_of(store.trusted.begin(), store.trusted.end(), [&](const StoredCert& s) { return s.cert.der == c.der; });
}

// Signature of `child` under `issuer`'s key: true/false, or an Error when it cannot be checked.
Result<bool> signed_by(const Certificate& child, const Certificate& issuer) {
  if (child.signature_hash == 0) {
    return make_error(ErrorKind::Unsupported, "signature algorithm " + child.signature_algorithm + " not verified");
  }
  return crypto::verify_signature(child.signature_ecdsa ? crypto::SigScheme::Ecdsa : crypto::SigScheme::RsaPkcs1,
                                  static_cast<crypto::HashAlg>(child.signature_hash), issuer.spki_der, child.tbs,
                                  child.signature);
}

std::vector<const StoredCert*> issuers_of(const Certificate& c, const CaStore& store) {
  std::vector<const StoredCert*> out;
  for (const auto* list : {&store.trusted, &store.untrusted}) {
    for (const auto& s : *list) {
      if (s.cert.der != c.der && names_match(s.cert.subject, c.issuer)) out.push_back(&s);
    }
  }
  return out;
}

// Once a trusted anchor is reached, show the rest of the path up to its root when the store has
// it (for reports only; the status is already decided).
void extend_to_root(const Certificate* current, const CaStore& store, ChainResult& r) {
  for (int depth = 0; depth < 10 && !current->self_issued(); ++depth) {
    const StoredCert* next = nullptr;
    for (const auto* cand : issuers_of(*current, store)) {
      auto ok = signed_by(*current, cand->cert);
      if (ok.ok() && *ok && in_trusted(cand->cert, store)) {
        next = cand;
        break;
      }
    }
    if (next == nullptr) return;
    r.path.push_back({next->cert.subject.rfc2253(), next->origin});
    current = &next->cert;
  }
}

std::string display_origin(const std::string& path) {
  const std::filesystem::path p(path);
  return (p.parent_path().filename() / p.filename()).generic_string();  // "/" on every OS: reports stay alike
}

}  // namespace

const char* chain_status_name(ChainStatus s) {
  switch (s) {
    case ChainStatus::Verified: return "verified";
    case ChainStatus::Incomplete: return "incomplete";
    case ChainStatus::Untrusted: return "untrusted";
    case ChainStatus::BadSignature: return "bad_signature";
  }
  return "incomplete";
}

Status load_ca_path(const std::string& path, CaStore& store, std::vector<UnusedCaFile>* unused) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    auto st = load_file(path, store);
    if (!st.ok()) return std::move(st).error().context("CA file " + path);
    return ok_status();
  }
  std::vector<std::string> files;
  const std::size_t max_files = input_count_limit(kMaxCaFiles);
  for (const auto& e : std::filesystem::directory_iterator(path, ec)) {
    if (!e.is_regular_file()) continue;
    if (files.size() == max_files)
      return make_error(ErrorKind::Limit, "CA folder " + path + " has more than " + std::to_string(max_files) +
                                              " files (TPMREADY_MAX_INPUT_COUNT raises the limit)");
    files.push_back(e.path().string());
  }
  if (ec) return make_error(ErrorKind::Io, "CA folder " + path + ": cannot list it: " + ec.message());
  std::sort(files.begin(), files.end());  // deterministic order → deterministic chains
  // A folder of certificates often holds other things too (a README, the key that goes with a
  // certificate, setup scripts): each file loads whole or not at all, and only a folder that
  // gives no certificate is an error.
  std::size_t loaded = 0;
  std::vector<UnusedCaFile> skipped;
  for (const auto& f : files) {
    CaStore one;
    auto st = load_file(f, one);
    if (!st.ok()) {
      skipped.push_back({f, st.error().what()});
      continue;
    }
    loaded += one.trusted.size();
    for (auto& c : one.trusted) store.trusted.push_back(std::move(c));
  }
  if (loaded == 0) {
    std::string why = files.empty() ? "it is empty"
                                    : std::to_string(files.size()) + (files.size() == 1 ? " file" : " files") +
                                          ", none a certificate; " +
                                          std::filesystem::path(skipped.front().path).filename().string() + ": " +
                                          skipped.front().reason;
    return make_error(ErrorKind::Parse, "CA folder " + path + " holds no certificate (" + why + ")");
  }
  if (unused) unused->insert(unused->end(), skipped.begin(), skipped.end());
  return ok_status();
}

ChainResult build_chain(const Certificate& leaf, const CaStore& store) {
  ChainResult r;
  r.path.push_back({leaf.subject.empty() ? "(empty subject)" : leaf.subject.rfc2253(), "leaf"});
  const Certificate* current = &leaf;
  for (int depth = 0; depth < 10; ++depth) {
    if (in_trusted(*current, store)) {
      r.status = ChainStatus::Verified;
      r.detail = "chains to trusted CA " + current->subject.rfc2253();
      extend_to_root(current, store, r);
      return r;
    }
    if (current->self_issued()) {
      auto self = signed_by(*current, *current);
      r.status = self.ok() && *self ? ChainStatus::Untrusted : ChainStatus::BadSignature;
      r.missing_issuer = current->subject.rfc2253();
      r.detail = "ends at self-signed CA " + r.missing_issuer + ", which is not in the trusted vendor CA store";
      return r;
    }
    const auto candidates = issuers_of(*current, store);
    if (candidates.empty()) {
      r.status = ChainStatus::Incomplete;
      r.missing_issuer = current->issuer.rfc2253();
      r.aia_urls = current->ca_issuer_urls;
      r.detail = "issuer " + r.missing_issuer + " not in the CA store" +
                 (r.aia_urls.empty() ? "" : "; download it from " + r.aia_urls.front());
      return r;
    }
    const StoredCert* next = nullptr;
    std::string last_error;
    for (const auto* cand : candidates) {
      auto ok = signed_by(*current, cand->cert);
      if (ok.ok() && *ok) {
        next = cand;
        break;
      }
      if (!ok.ok()) last_error = ok.error().what();
    }
    if (next == nullptr) {
      r.status = last_error.empty() ? ChainStatus::BadSignature : ChainStatus::Incomplete;
      r.missing_issuer = current->issuer.rfc2253();
      r.detail = last_error.empty() ? "signature of " + r.path.back().subject + " does not verify under " +
                                          r.missing_issuer + " (" + candidates.front()->origin + ")"
                                    : "signature could not be checked: " + last_error;
      return r;
    }
    r.path.push_back({next->cert.subject.rfc2253(), next->origin});
    current = &next->cert;
  }
  r.status = ChainStatus::Incomplete;
  r.detail = "chain longer than 10 certificates";
  return r;
}

}  // namespace tpmready::cert
