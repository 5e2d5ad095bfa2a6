#include "collect/offline/classify.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "collect/offline/evtx_reader.h"
#include "collect/offline/hardware_hash_csv.h"
#include "collect/offline/powershell_text.h"
#include "collect/offline/schtasks_text.h"
#include "collect/offline/text_decode.h"
#include "collect/offline/tpmtool_text.h"
#include "collect/offline/ztd_file.h"
#include "util/archive.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

std::uint32_t le32(ByteSpan d, std::size_t off) {
  return d[off] | (std::uint32_t{d[off + 1]} << 8) | (std::uint32_t{d[off + 2]} << 16) |
         (std::uint32_t{d[off + 3]} << 24);
}

// X.509 Certificate ::= SEQUENCE { tbsCertificate SEQUENCE, ... }: outer SEQUENCE with a
// definite length that fits the file (trailing NV padding allowed), then an inner SEQUENCE.
bool looks_like_der_certificate(ByteSpan d, std::uint64_t total) {
  if (d.size() < 8 || d[0] != 0x30) return false;
  std::uint64_t len = 0;
  std::size_t hdr = 0;
  if (d[1] == 0x82) {
    len = (std::uint64_t{d[2]} << 8) | d[3];
    hdr = 4;
  } else if (d[1] == 0x83) {
    len = (std::uint64_t{d[2]} << 16) | (std::uint64_t{d[3]} << 8) | d[4];
    hdr = 5;
  } else if (d[1] == 0x81) {
    len = d[2];
    hdr = 3;
  } else {
    return false;
  }
  return len + hdr <= total && len >= 64 && d[hdr] == 0x30 && (d[hdr + 1] & 0x80) != 0;
}

bool is_known_event_type(std::uint32_t t) {
  // facts/tcg.md §5.3: EV_PREBOOT_CERT..EV_OMIT_BOOT_DEVICE_EVENTS and the EV_EFI_* range.
  return t <= 0x12 || (t >= 0x80000000u && t <= 0x800000FFu);
}

// facts/tcg.md §5.1/§5.2: every log starts with a SHA-1-format event (PCRIndex, EventType,
// 20-byte digest, EventSize, Event). A crypto-agile log's first event is EV_NO_ACTION carrying
// "Spec ID Event03"; a SHA-1 log starts directly with measurements, or with a StartupLocality
// EV_NO_ACTION (facts/tcg.md §5: Windows Server logs do). Walk up to three SHA-1 headers and
// require plausible PCR indices, known types and sizes inside the file. EV_NO_ACTION events are
// never extended, and Windows logs them with PCRIndex 0xFFFFFFFF ("PCR -1", the parser accepts it).
bool looks_like_tcg_log(ByteSpan d, std::uint64_t total) {
  constexpr std::size_t kHeader = 32;  // 4 + 4 + 20 + 4
  constexpr std::uint32_t kNoAction = 3;
  if (d.size() < kHeader) return false;
  const std::uint32_t type0 = le32(d, 4);
  constexpr std::string_view kSig = "Spec ID Event";
  if (le32(d, 0) == 0 && type0 == kNoAction && d.size() >= kHeader + kSig.size() &&
      std::equal(kSig.begin(), kSig.end(), d.begin() + kHeader)) {
    return true;
  }
  std::uint64_t off = 0;
  int events = 0;
  while (events < 3 && off + kHeader <= d.size()) {
    const std::uint32_t pcr = le32(d, off);
    const std::uint32_t type = le32(d, off + 4);
    const std::uint32_t size = le32(d, off + 28);
    if ((pcr > 23 && !(pcr == 0xFFFFFFFFu && type == kNoAction)) || !is_known_event_type(type)) return false;
    if (size > total - off - kHeader) return false;
    off += kHeader + size;
    ++events;
    if (off == total) break;
  }
  return events >= 2 || (events == 1 && off == total);
}

// Drops a trailing partial UTF-8 sequence or odd UTF-16 byte so a prefix decodes.
ByteSpan text_safe_prefix(ByteSpan d, std::uint64_t total) {
  if (d.size() == total) return d;
  const bool utf16 = d.size() >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] != 0 && d[1] == 0));
  if (utf16) {
    std::size_t n = d.size() & ~std::size_t{1};
    // Do not end inside a surrogate pair.
    if (n >= 2 && d[n - 1] >= 0xD8 && d[n - 1] <= 0xDB) n -= 2;
    return d.first(n);
  }
  std::size_t n = d.size();
  for (std::size_t back = 0; back < 4 && n > 0; ++back) {
    const std::uint8_t b = d[n - 1];
    if ((b & 0xC0) == 0x80) { --n; continue; }  // continuation byte: keep backing up
    if (b >= 0xC0) --n;                          // lead byte of a cut sequence
    break;
  }
  return d.first(n);
}

std::size_t count_known_tpmtool_labels(const std::vector<std::string>& lines) {
  std::size_t n = 0;
  for (const auto& l : lines) {
    const std::string_view t = trim(l);
    if (t.size() < 2 || t[0] != '-') continue;
    for (auto label : tpmtool_labels()) {
      if (t.size() > label.size() + 1 && t.substr(1, label.size()) == label && t[label.size() + 1] == ':') ++n;
    }
  }
  return n;
}

std::size_t count_dash_label_lines(const std::vector<std::string>& lines) {
  std::size_t n = 0;
  for (const auto& l : lines) {
    const std::string_view t = trim(l);
    if (t.size() > 2 && t[0] == '-' && t[1] != '-' && t.find(": ") != std::string_view::npos) ++n;
  }
  return n;
}

bool has_format_list_field(const std::vector<std::string>& lines, std::string_view name) {
  for (const auto& l : lines) {
    if (starts_with_icase(l, name)) {
      const std::string_view rest = trim(std::string_view(l).substr(name.size()));
      if (!rest.empty() && rest[0] == ':') return true;
    }
  }
  return false;
}

InputKind classify_text(const TextLines& text) {
  const auto& lines = text.lines;
  std::size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty()) ++first;
  if (first == lines.size()) return InputKind::Unknown;
  const std::string_view head = trim(lines[first]);
  if (head == "Windows Registry Editor Version 5.00" || head == "REGEDIT4") return InputKind::RegExport;
  for (const auto& l : lines) {
    if (trim(l) == "-----BEGIN CERTIFICATE-----") return InputKind::CertificatePem;
  }
  if (head.front() == '{') {
    for (const auto& l : lines) {
      if (l.find("\"schema_version\"") != std::string::npos) return InputKind::BundleJson;
    }
    if (looks_like_ztd_file(lines)) return InputKind::AutopilotZtdJson;
    return InputKind::Unknown;
  }
  if (count_known_tpmtool_labels(lines) >= 2) return InputKind::TpmtoolText;
  if (looks_like_hardware_hash_csv(head)) return InputKind::AutopilotHashCsv;
  if (head.front() == '"') {
    const auto row = split_csv_line(head);
    if (row && row->size() >= schtasks_columns().size() - 1) return InputKind::SchtasksCsv;
  }
  if (has_format_list_field(lines, "HostName") && has_format_list_field(lines, "TaskName")) {
    return InputKind::SchtasksList;
  }
  if (has_format_list_field(lines, kPsLastTaskResult) && has_format_list_field(lines, kPsTaskName)) {
    return InputKind::ScheduledTaskInfoText;
  }
  if (has_format_list_field(lines, "TpmPresent")) return InputKind::GetTpmText;
  if (has_format_list_field(lines, "IsPresent") &&
      (has_format_list_field(lines, "PublicKeyHash") || has_format_list_field(lines, "ManufacturerCertificates"))) {
    return InputKind::GetTpmEkInfoText;
  }
  // tpmtool's failure output has no labels at all (tpmtool_text.h TpmtoolFailure).
  if (find_tpmtool_failure(text)) return InputKind::TpmtoolText;
  // A tpmtool dump in another language keeps the "-Label: value" shape (reported as unrecognised).
  if (count_dash_label_lines(lines) >= 5) return InputKind::TpmtoolText;
  return InputKind::Unknown;
}

}  // namespace

const char* input_kind_name(InputKind kind) {
  switch (kind) {
    case InputKind::RegExport: return "reg_export";
    case InputKind::TpmtoolText: return "tpmtool";
    case InputKind::SchtasksList: return "schtasks_list";
    case InputKind::SchtasksCsv: return "schtasks_csv";
    case InputKind::GetTpmText: return "get_tpm";
    case InputKind::GetTpmEkInfoText: return "get_tpm_ek_info";
    case InputKind::ScheduledTaskInfoText: return "get_scheduled_task_info";
    case InputKind::CertificateDer: return "certificate_der";
    case InputKind::CertificatePem: return "certificate_pem";
    case InputKind::TcgEventLog: return "tcg_event_log";
    case InputKind::BundleJson: return "bundle_json";
    case InputKind::AutopilotZtdJson: return "autopilot_ztd_json";
    case InputKind::AutopilotHashCsv: return "autopilot_hash_csv";
    case InputKind::WindowsEventLog: return "evtx";
    case InputKind::Archive: return "archive";
    case InputKind::Unknown: return "unknown";
  }
  return "unknown";
}

InputKind classify(ByteSpan head, std::uint64_t total_size) {
  if (head.size() > kClassifyPrefixBytes) head = head.first(kClassifyPrefixBytes);
  if (head.empty()) return InputKind::Unknown;
  if (looks_like_evtx(head)) return InputKind::WindowsEventLog;
  if (looks_like_archive(head)) return InputKind::Archive;
  if (looks_like_der_certificate(head, total_size)) return InputKind::CertificateDer;
  if (looks_like_tcg_log(head, total_size)) return InputKind::TcgEventLog;
  auto text = decode_text(text_safe_prefix(head, total_size), "input", kClassifyPrefixBytes);
  if (!text.ok()) return InputKind::Unknown;
  return classify_text(*text);
}

Result<Bytes> read_prefix(const std::string& path, std::size_t max_bytes, std::uint64_t& total_size) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return make_error(ErrorKind::Io, "cannot stat: " + ec.message()).context("file " + path);
  total_size = size;
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::Io, "cannot open").context("file " + path);
  Bytes data(static_cast<std::size_t>(std::min<std::uint64_t>(size, max_bytes)));
  if (!data.empty() && !in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()))) {
    return make_error(ErrorKind::Io, "read failed").context("file " + path);
  }
  return data;
}

Result<WalkResult> walk_folder(const std::string& root, const WalkLimits& limits) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return make_error(ErrorKind::Io, "not a readable directory").context(root);
  WalkResult out;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  if (ec) return make_error(ErrorKind::Io, "cannot list: " + ec.message()).context(root);
  std::size_t seen = 0;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      out.notes.push_back("stopped listing " + root + ": " + ec.message());
      break;
    }
    if (static_cast<std::size_t>(it.depth()) >= limits.max_depth && it->is_directory(ec)) {
      it.disable_recursion_pending();
      out.notes.push_back("not descending below depth " + std::to_string(limits.max_depth) + ": " +
                          it->path().string());
      continue;
    }
    if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
    if (++seen > limits.max_files) {
      out.notes.push_back("stopped after " + std::to_string(limits.max_files) + " files");
      break;
    }
    ClassifiedFile f;
    f.path = it->path().string();
    auto head = read_prefix(f.path, kClassifyPrefixBytes, f.size);
    if (!head.ok()) {
      f.note = head.error().what();
      f.opened = false;
      out.ignored.push_back(std::move(f));
      continue;
    }
    f.kind = classify(*head, f.size);
    if (f.kind == InputKind::Unknown) {
      f.note = f.size == 0 ? "empty file" : "content not recognised";
      out.ignored.push_back(std::move(f));
    } else {
      out.files.push_back(std::move(f));
    }
  }
  auto by_path = [](const ClassifiedFile& a, const ClassifiedFile& b) { return a.path < b.path; };
  std::sort(out.files.begin(), out.files.end(), by_path);
  std::sort(out.ignored.begin(), out.ignored.end(), by_path);
  return out;
}

}  // namespace tpmready::offline
