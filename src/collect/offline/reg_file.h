#pragma once
/// Parser for regedit `.reg` exports ("Windows Registry Editor Version 5.00", written UTF-16LE
/// with a BOM, and the older ANSI "REGEDIT4"). Admins send these for the keys in
/// facts/windows.md §2.1 (Services\TPM\WMI with TaskStates and Endorsement\EKCertStore,
/// Setup\OOBE, Control\IntegrityServices, Cryptography\Ngc\AIKCertEnroll).
///
/// Tolerant by design: a broken line is recorded as an issue with its line number and skipped,
/// the rest is still read; parsing fails only when the header is missing or not a single key
/// could be read. Key and value names compare case-insensitively, as the Windows registry does
/// (scripts write `taskStates`, facts/windows.md §2.1).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/text_decode.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::offline {

/// Registry value type numbers as regedit writes them in `hex(N):`; these are the Win32 REG_*
/// numbers (facts/windows.md §2.2: 1=REG_SZ, 3=REG_BINARY, 4=REG_DWORD, 11=REG_QWORD; 2 and 7 are
/// the hex(2) expand_sz / hex(7) multi_sz forms regedit writes, as Wine's regedit confirms in
/// tests/data/offline/wine-regedit-tpm.reg).
enum RegType : std::uint32_t {
  kRegSz = 1,
  kRegExpandSz = 2,
  kRegBinary = 3,
  kRegDword = 4,
  kRegMultiSz = 7,
  kRegQword = 11,
};
/// "REG_SZ", "REG_DWORD", ...; "REG_TYPE_<n>" for numbers we do not name.
std::string reg_type_name(std::uint32_t type);

struct RegValue {
  std::string name;            ///< "" for the default value (`@=`)
  std::uint32_t type = kRegSz;
  Bytes data;                  ///< the bytes the registry holds (REG_SZ from "..." as UTF-16LE + NUL)
  // Decoded form, filled when the type has one:
  std::optional<std::uint64_t> number;   ///< REG_DWORD / REG_QWORD (little-endian)
  std::optional<std::string> text;       ///< REG_SZ / REG_EXPAND_SZ, UTF-8, no terminator
  std::vector<std::string> strings;      ///< REG_MULTI_SZ entries
  std::string file;            ///< file name the value came from
  std::size_t line = 0;        ///< 1-based line of the `"name"=` line
  bool operator==(const RegValue&) const = default;
};

struct RegKey {
  std::string path;            ///< as first written, e.g. HKEY_LOCAL_MACHINE\SYSTEM\...\WMI
  std::string file;
  std::size_t line = 0;
  std::vector<RegValue> values;  ///< in file order; names unique (case-insensitively)
  const RegValue* find(std::string_view name) const;
};

/// A line that could not be used, kept as data (osquery style: the rest of the record stays).
struct RegIssue {
  std::string file;
  std::size_t line = 0;
  std::string reason;
  bool operator==(const RegIssue&) const = default;
};

class RegistryExport {
 public:
  /// Key by full path, case-insensitive; accepts "HKLM\..." for "HKEY_LOCAL_MACHINE\...".
  const RegKey* find_key(std::string_view path) const;
  const RegValue* find_value(std::string_view key_path, std::string_view name) const;
  /// Direct subkeys of `path` (e.g. the thumbprint keys under ...\EKCertStore\Certificates).
  std::vector<const RegKey*> subkeys(std::string_view path) const;
  /// True when `path` or any key below it is in the export (regedit exports a key with its
  /// whole subtree, so a present parent with a missing child means the child did not exist).
  bool covers(std::string_view path) const;

  /// Applies `later` on top of this export: its keys/values win, its deletions remove.
  /// Values overwritten with different data are recorded in notes().
  void merge(const RegistryExport& later);
  /// The same; into an export that holds nothing yet it takes `later` whole instead of copying
  /// it key by key (a 32 MiB export of small keys is ~0.4 GB parsed: one copy, not two).
  void merge(RegistryExport&& later);

  const std::map<std::string, RegKey>& keys() const { return keys_; }
  const std::vector<RegIssue>& issues() const { return issues_; }
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<std::string>& files() const { return files_; }

  // Building blocks used by the parser.
  RegKey& open_key(const std::string& path, const std::string& file, std::size_t line);
  void delete_key(std::string_view path);
  void set_value(RegKey& key, RegValue value);
  void add_issue(RegIssue issue) { issues_.push_back(std::move(issue)); }
  void add_file(std::string file) { files_.push_back(std::move(file)); }
  void delete_value(RegKey& key, std::string_view name);

 private:
  std::map<std::string, RegKey> keys_;  ///< lower-cased canonical path → key
  std::vector<std::string> deleted_keys_;  ///< canonical paths deleted by `[-...]`, replayed on merge
  std::vector<std::pair<std::string, std::string>> deleted_values_;  ///< (canonical key, name) of `"x"=-`
  std::vector<RegIssue> issues_;
  std::vector<std::string> notes_;
  std::vector<std::string> files_;
};

/// Where a key or value came from, as evidence sources name it: `prefix` + its file, then ":" + its
/// line when it has one (line 0: none). An offline export gives "file:tpm.reg:12"; the live
/// collector builds its export with file = "HKLM\\KEY\\VALUE" and no lines and reads it with the
/// prefix "registry:", giving "registry:HKLM\\KEY\\VALUE".
inline constexpr std::string_view kFileSourcePrefix = "file:";
inline constexpr std::string_view kLiveRegistrySourcePrefix = "registry:";
std::string reg_source(std::string_view prefix, std::string_view file, std::size_t line);

/// Canonical lookup form of a key path: lower-case, "hklm\" expanded, no trailing backslash.
std::string canonical_key_path(std::string_view path);

/// Parses one decoded `.reg` text. Error when the first non-empty line is neither
/// "Windows Registry Editor Version 5.00" nor "REGEDIT4", or when lines were broken and no key
/// at all could be read.
Result<RegistryExport> parse_reg(const TextLines& text);
/// decode_text + parse_reg.
Result<RegistryExport> parse_reg_bytes(ByteSpan data, std::string_view name);

}  // namespace tpmready::offline
