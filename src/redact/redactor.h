#pragma once
/// Redactor: salted tokens for identifying values, and the final scrub of rendered output.
///
/// `--redact` (collect, check, analyze) replaces device serial numbers, EK/SRK public keys,
/// certificate serials and thumbprints, the device ID and host names with tokens
/// "redacted-<first 12 hex of HMAC-SHA256(salt, value)>". The same value gives the same token
/// within a run and across runs that use the same salt (so `fleet` still groups one device's
/// bundles); another salt gives unlinkable tokens. 48 bits of token make an accidental collision
/// between two devices of one fleet unlikely (birthday bound ~16 million devices), and are short
/// enough to read in a report.
///
/// Redaction is two layers (see redact/evidence_redact.h for why): structured fields are replaced
/// first; then `scrub` replaces every registered sensitive string, in each encoding the outputs use
/// (hex in both cases, colon hex, base64 and its PEM lines, decimal serials, JSON- and
/// HTML-escaped text), wherever it still occurs.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::redact {

inline constexpr std::size_t kSaltBytes = 32;
/// A salt file larger than this is not a salt file (it was created with kSaltBytes).
inline constexpr std::size_t kMaxSaltFileBytes = 4096;
/// Shorter values are replaced in their fields but not scrubbed from text: "vm" or "0" would
/// match unrelated words and numbers everywhere.
inline constexpr std::size_t kMinScrubLength = 4;
inline constexpr std::string_view kTokenPrefix = "redacted-";

/// The salt of `--redact-salt-file PATH`: the file's bytes, or, when it does not exist, kSaltBytes
/// fresh random bytes written to it (so a fleet shares one salt by sharing the file). The file is
/// created readable by its owner only (mode 0600); an existing one that its group or others can
/// read is refused (ErrorKind::Usage), since with it a guessed serial can be tested against a token.
Result<Bytes> load_or_create_salt(const std::string& path);
/// A random salt for one run (no --redact-salt-file): tokens link nothing across runs.
Result<Bytes> random_salt();

class Redactor {
 public:
  explicit Redactor(Bytes salt) : salt_(std::move(salt)) {}

  /// "redacted-" + first 12 hex digits of HMAC-SHA256(salt, value).
  std::string token(std::string_view value) const;
  /// Token of an identifier written in hex (thumbprints, key names): case-insensitive, so the
  /// registry's upper-case thumbprint and a lower-case SHA-1 give one token.
  std::string hex_token(std::string_view hex) const;
  /// Bytes of the same length derived from HMAC-SHA256(salt, label || value): stands in for key
  /// material so sizes (and equality between two copies of one key) survive redaction.
  Bytes pseudo_bytes(ByteSpan value, std::string_view label) const;

  /// Registers `value` to be replaced by `replacement` in scrub(), with its JSON- and
  /// HTML-escaped forms and the forms outputs give text that is not safe as it is (ill-formed
  /// UTF-8 replaced, control characters escaped: util/utf8.h). Values shorter than
  /// kMinScrubLength are only kept for exact().
  void add_text(std::string_view value, const std::string& replacement);
  /// Registers bytes in every encoding: hex (both cases), colon hex (short values: serials,
  /// fingerprints), base64 and its 64-character PEM lines. Replaced by hex_token(hex).
  void add_bytes(ByteSpan value);
  /// A decimal rendering of a certificate serial (INTEGER content bytes, big-endian).
  void add_serial(ByteSpan serial);

  /// The token for a whole value that equals a registered one (e.g. an event record's data
  /// field), or nullopt.
  const std::string* exact(std::string_view value) const;
  /// `text` with every registered value replaced, longest first, in one left-to-right pass (so a
  /// replacement is never matched again). Values shorter than 8 characters only match whole
  /// words (not inside a longer run of letters and digits).
  std::string scrub(std::string_view text) const;
  std::size_t size() const { return replacements_.size(); }

 private:
  Bytes salt_;
  std::map<std::string, std::string, std::less<>> replacements_;  ///< value → token
};

/// Host names written in free text (event data and messages): at least two dot-separated labels
/// of letters, digits, '-' and '_' whose last label is letters only (two or more), such as
/// "wks01.corp.contoso.com", "contoso.local" or "ztd.dds.microsoft.com". Not version numbers
/// ("10.0.19045": the last label has digits) nor file names ("tpmtool.exe": the last label is a
/// file extension that is no top-level domain). An e-mail address is given whole
/// ("alice@contoso.com"): its local part names a person. In the order they occur.
std::vector<std::string> host_names_in(std::string_view text);

/// Big-endian unsigned bytes as decimal ("1626..."), as `openssl x509 -serial`-less tools print
/// serials (certutil, PowerShell SerialNumber shows hex; Python's cryptography shows decimal).
std::string to_decimal(ByteSpan big_endian);

}  // namespace tpmready::redact
