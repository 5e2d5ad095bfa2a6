#include "eventlog/decode.h"

#include "util/utf8.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "crypto/crypto.h"
#include "eventlog/event_types.h"
#include "eventlog/replay.h"
#include "eventlog/sipa.h"
#include "util/byte_reader.h"

namespace tpmready::eventlog {

namespace {

// Summaries are one line; long strings are cut so a hostile log cannot blow up the table.
constexpr std::size_t kMaxSummaryText = 120;
// X.509 signature type GUID (facts/tcg.md §5.7).
constexpr const char* kCertX509Guid = "a5c059a1-94e4-4aa7-87b5-ab155c2bf072";
// SHA-256 signature type GUID: EFI_CERT_SHA256_GUID as tpm2_eventlog names it in dbx listings
// (UNVERIFIED in facts/tcg.md §5.7, which only says "SHA256 list"); used for counting only.
constexpr const char* kCertSha256Guid = "c1c41626-504c-4092-aca9-41f936934328";

std::string crypto_name_or_hex(std::uint16_t alg) {
  if (auto name = crypto::hash_name(alg)) return std::string(*name);
  return hex32(alg);
}

// Appends pieces; avoids `"lit" + std::string&&`, which trips GCC 12's -Wrestrict false positive.
template <typename... Parts>
std::string cat(const Parts&... parts) {
  std::string s;
  (s.append(std::string_view(parts)), ...);
  return s;
}

// "0x7dcf6018" without snprintf: summaries are built for every event of 50 MB logs.
std::string hex_u64(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char buf[18];
  char* p = buf + sizeof buf;
  do {
    *--p = kDigits[v & 15];
    v >>= 4;
  } while (v != 0);
  return cat("0x", std::string_view(p, static_cast<std::size_t>(buf + sizeof buf - p)));
}

std::string clip(std::string s) {
  if (s.size() > kMaxSummaryText) {
    auto cut = kMaxSummaryText;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    s.resize(cut);
    s += "...";
  }
  return s;
}

bool printable_ascii(ByteSpan data) {
  if (data.empty()) return false;
  return std::all_of(data.begin(), data.end(), [](std::uint8_t c) { return (c >= 0x20 && c < 0x7f) || c == 0; });
}

std::string ascii(ByteSpan data) {
  std::string s(data.begin(), data.end());
  if (auto nul = s.find('\0'); nul != std::string::npos) s.resize(nul);
  return s;
}

// A UTF-16LE string is at least two bytes per char with zero high bytes for ASCII text.
bool looks_utf16(ByteSpan data) {
  if (data.size() < 2 || data.size() % 2 != 0) return false;
  for (std::size_t i = 1; i < data.size(); i += 2) {
    if (data[i] != 0) return false;
  }
  return data[0] != 0;
}

std::string text_or_size(ByteSpan data) {
  if (looks_utf16(data)) return cat("\"", clip(utf16le_to_utf8(data)), "\"");
  if (printable_ascii(data)) return cat("\"", clip(ascii(data)), "\"");
  return std::to_string(data.size()) + " bytes";
}

std::string summarize_no_action(const Event& e) {
  if (is_spec_id_event03(e.data)) {
    auto spec = parse_spec_id(e.data, 0);
    if (!spec) return "Spec ID Event03 (broken)";
    std::string s = cat("Spec ID Event03 v", std::to_string(spec->spec_version_major), ".",
                        std::to_string(spec->spec_version_minor), " banks");
    for (const auto& a : spec->algorithms) s += cat(" ", crypto_name_or_hex(a.alg));
    if (!spec->vendor_info.empty()) s += cat(", vendorInfo ", std::to_string(spec->vendor_info.size()), " bytes");
    return s;
  }
  if (auto loc = startup_locality_of(e)) return "StartupLocality " + std::to_string(*loc);
  // Other EV_NO_ACTION data starts with a 16-byte signature (vendor data, reference manifests).
  if (e.data.size() >= 16 && printable_ascii(e.data.first(16))) {
    return "vendor data \"" + ascii(e.data.first(16)) + "\", " + std::to_string(e.data.size()) + " bytes";
  }
  return "vendor data, " + std::to_string(e.data.size()) + " bytes";
}

std::string summarize_separator(const Event& e) {
  // facts/tcg.md §5.5: normally 4 zero bytes; Windows uses "WBCL" in PCR 12/13.
  if (e.data.size() == 4 && std::memcmp(e.data.data(), "WBCL", 4) == 0) return "WBCL";
  if (e.data.size() == 4 && std::all_of(e.data.begin(), e.data.end(), [](auto b) { return b == 0; })) {
    return "00000000";
  }
  if (e.data.size() == 4 && std::all_of(e.data.begin(), e.data.end(), [](auto b) { return b == 0xff; })) {
    return "ffffffff (error separator)";
  }
  return to_hex(e.data.first(std::min<std::size_t>(e.data.size(), 16)));
}

// BootOrder: UINT16 option numbers (corpus tt-event-bootorder.bin.yaml: "010000000200" = 0001,0000,0002).
std::string boot_order(ByteSpan data) {
  std::string out;
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%s%04X", out.empty() ? "" : ",", data[i] | (data[i + 1] << 8));
    out += buf;
  }
  return out.empty() ? std::string("(empty)") : out;
}

// Boot####: EFI_LOAD_OPTION {Attributes UINT32, FilePathListLength UINT16, Description UTF-16
// NUL-terminated, ...}, as in the corpus's Boot0001 "01000000 1600 5500450046..." ("UEFI Misc Device").
std::string load_option_description(ByteSpan data) {
  constexpr std::size_t kDescriptionAt = 6;
  if (data.size() <= kDescriptionAt) return "load option too short";
  return cat("\"", clip(utf16le_to_utf8(data.subspan(kDescriptionAt))), "\"");
}

std::string summarize_variable(const Event& e) {
  auto var = parse_efi_variable(e.data, e.offset);
  if (!var) return "UEFI_VARIABLE_DATA does not decode (" + std::to_string(e.data.size()) + " bytes)";
  std::string s = var->name + " {" + var->guid + "} " + std::to_string(var->data.size()) + " bytes";
  if (var->name == "SecureBoot" && var->data.size() == 1) {
    s += var->data[0] == 1 ? ": enabled" : ": disabled";  // facts/tcg.md §5.7: 1 = enabled
  } else if (var->name == "PK" || var->name == "KEK" || var->name == "db" || var->name == "dbx") {
    auto lists = summarize_signature_lists(var->data, 0);
    if (lists) {
      s += ": " + std::to_string(lists->entries) + " entries (" + std::to_string(lists->x509) + " X.509, " +
           std::to_string(lists->sha256) + " SHA-256, " + std::to_string(lists->other) + " other)";
    }
  } else if (var->name == "BootOrder") {
    s += ": " + boot_order(var->data);
  } else if (var->name.size() == 8 && var->name.rfind("Boot", 0) == 0) {
    s += ": " + load_option_description(var->data);
  } else if (e.type == EV_EFI_VARIABLE_AUTHORITY) {
    s += ": authority that verified a loaded image";
  }
  return clip(s);
}

// UEFI device path: nodes {Type UINT8, SubType UINT8, Length UINT16 incl. header}, ending with
// Type 0x7F; a media file path node (Type 4, SubType 4) holds a UTF-16 path. Layout as seen in the
// corpus: Boot0001's "02010c00...7fff0400" and tpm2_eventlog's File(\EFI\BOOT\BOOTX64.EFI)
// (expected-tpm2_eventlog/tt-event-bootorder.bin.yaml, tt-event-arch-linux.bin.yaml).
std::string device_path_summary(ByteSpan path) {
  constexpr std::uint8_t kEndType = 0x7F, kMediaType = 4, kFilePathSubType = 4;
  constexpr std::size_t kNodeHeader = 4;
  ByteReader r(path, 0);
  std::size_t nodes = 0;
  std::string file;
  while (r.remaining() >= kNodeHeader) {
    auto type = *r.u8("Type");
    auto sub = *r.u8("SubType");
    auto len = *r.u16le("Length");
    if (len < kNodeHeader || len - kNodeHeader > r.remaining()) return "device path broken at node " + std::to_string(nodes);
    auto body = *r.bytes(len - kNodeHeader, "node");
    if (type == kEndType) break;
    ++nodes;
    if (type == kMediaType && sub == kFilePathSubType) file += utf16le_to_utf8(body);
  }
  if (!file.empty()) return "file " + file;
  return "device path " + std::to_string(nodes) + " nodes";
}

// UEFI_IMAGE_LOAD_EVENT: ImageLocationInMemory, ImageLengthInMemory, ImageLinkTimeAddress,
// LengthOfDevicePath (UINT64 each), DevicePath (as tpm2_eventlog decodes it: corpus
// expected-tpm2_eventlog/tt-event-uefiservices.bin.yaml). Not in facts/tcg.md: layout
// verified against that fixture by tests/unit/eventlog_corpus_test.cpp
// (EventLogDecode.ImageLoadEventMatchesTpm2EventlogFixture).
std::string summarize_image(const Event& e) {
  ByteReader r(e.data, 0);
  auto location = r.u64le("ImageLocationInMemory");
  auto length = r.u64le("ImageLengthInMemory");
  auto link = r.u64le("ImageLinkTimeAddress");
  auto path_len = r.u64le("LengthOfDevicePath");
  if (!location || !length || !link || !path_len) return text_or_size(e.data);
  std::string s = cat("image @", hex_u64(*location), " length ", std::to_string(*length));
  if (*path_len > r.remaining()) return s + ", device path length " + std::to_string(*path_len) + " beyond data";
  s += ", " + device_path_summary(r.rest().first(static_cast<std::size_t>(*path_len)));
  return clip(s);
}

// UEFI GPT header: "EFI PART" signature then the header fields; the partition count follows the
// 92-byte header (as tpm2_eventlog decodes it: corpus tt-event-arch-linux.bin.yaml).
std::string summarize_gpt(const Event& e) {
  constexpr std::size_t kHeaderSize = 92;
  if (e.data.size() < 8 || std::memcmp(e.data.data(), "EFI PART", 8) != 0) return "not a GPT header";
  ByteReader r(e.data, 0);
  if (!r.skip(kHeaderSize, "header")) return "GPT header truncated";
  auto count = r.u64le("NumberOfPartitions");
  ByteSpan guid = e.data.subspan(56, 16);  // DiskGUID follows the LBA fields (offset 56)
  std::string s = "GPT disk " + guid_string(guid);
  if (count) s += ", " + std::to_string(*count) + " partitions";
  return s;
}

}  // namespace

std::string guid_string(ByteSpan g) {
  if (g.size() < 16) return "(short GUID)";
  // Byte order of the text form: Data1..Data3 little-endian, Data4 as stored (facts/tcg.md §5.7).
  static constexpr int kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kDigits[g[kOrder[i]] >> 4];
    out += kDigits[g[kOrder[i]] & 15];
  }
  return out;
}

std::string utf16le_to_utf8(ByteSpan in) {
  std::string out;
  out.reserve(in.size() / 2);
  auto put = [&out](std::uint32_t cp) { append_utf8(out, cp); };
  for (std::size_t i = 0; i + 1 < in.size(); i += 2) {
    std::uint32_t u = in[i] | (in[i + 1] << 8);
    if (u == 0) break;
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < in.size()) {
      std::uint32_t lo = in[i + 2] | (in[i + 3] << 8);
      if (lo >= 0xDC00 && lo < 0xE000) {
        put(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        i += 2;
        continue;
      }
    }
    put(u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  return out;
}

Result<EfiVariable> parse_efi_variable(ByteSpan data, std::size_t base_offset) {
  ByteReader r(data, base_offset);
  EfiVariable v;
  v.guid = guid_string(TRY(r.bytes(16, "VariableName")));
  auto name_len = TRY(r.u64le("UnicodeNameLength"));
  auto data_len = TRY(r.u64le("VariableDataLength"));
  // Compare without multiplying a hostile 64-bit length.
  if (name_len > r.remaining() / 2) return r.error_here("UnicodeNameLength", std::to_string(name_len) + " chars beyond data");
  v.name = utf16le_to_utf8(TRY(r.bytes(static_cast<std::size_t>(name_len) * 2, "UnicodeName")));
  if (data_len > r.remaining()) return r.error_here("VariableDataLength", std::to_string(data_len) + " beyond data");
  v.data = TRY(r.bytes(static_cast<std::size_t>(data_len), "VariableData"));
  return v;
}

Result<SignatureListSummary> summarize_signature_lists(ByteSpan data, std::size_t base_offset) {
  // EFI_SIGNATURE_LIST: SignatureType GUID, SignatureListSize, SignatureHeaderSize, SignatureSize
  // (UINT32 each), header, then entries of SignatureSize (owner GUID + data), as tpm2_eventlog
  // decodes db (corpus expected-tpm2_eventlog/tt-event-uefivar*.yaml).
  ByteReader r(data, base_offset);
  SignatureListSummary s;
  while (!r.empty()) {
    std::size_t start = r.position();
    std::string type = guid_string(TRY(r.bytes(16, "SignatureType")));
    auto list_size = TRY(r.u32le("SignatureListSize"));
    auto header_size = TRY(r.u32le("SignatureHeaderSize"));
    auto sig_size = TRY(r.u32le("SignatureSize"));
    std::size_t used = r.position() - start;
    if (list_size < used || list_size - used > r.remaining()) {
      return r.error_here("SignatureListSize", std::to_string(list_size) + " beyond data");
    }
    std::size_t body = list_size - used;
    if (header_size > body || sig_size == 0 || (body - header_size) % sig_size != 0) {
      return r.error_here("SignatureSize", "entries do not fill the list");
    }
    std::size_t n = (body - header_size) / sig_size;
    TRY(r.skip(body, "signatures"));
    ++s.lists;
    s.entries += n;
    if (type == kCertX509Guid) {
      s.x509 += n;
    } else if (type == kCertSha256Guid) {
      s.sha256 += n;
    } else {
      s.other += n;
    }
  }
  return s;
}

std::string summarize_event(const Event& e) {
  switch (e.type) {
    case EV_NO_ACTION: return summarize_no_action(e);
    case EV_SEPARATOR: return summarize_separator(e);
    case EV_EFI_VARIABLE_DRIVER_CONFIG:
    case EV_EFI_VARIABLE_BOOT:
    case EV_EFI_VARIABLE_BOOT2:
    case EV_EFI_VARIABLE_AUTHORITY: return summarize_variable(e);
    case EV_EFI_BOOT_SERVICES_APPLICATION:
    case EV_EFI_BOOT_SERVICES_DRIVER:
    case EV_EFI_RUNTIME_SERVICES_DRIVER: return summarize_image(e);
    case EV_EFI_GPT_EVENT: return summarize_gpt(e);
    case EV_EVENT_TAG: return sipa_summary(e.data);
    case EV_S_CRTM_VERSION:
    case EV_POST_CODE:
    case EV_IPL:
    case EV_EFI_ACTION:
    case EV_ACTION:
    case EV_S_CRTM_CONTENTS:
    default: return text_or_size(e.data);
  }
}

}  // namespace tpmready::eventlog
