#pragma once
/// Decoding of event data into short, human-readable summaries and structured pieces
/// (EFI variables, image load events, GPT headers, signature lists).
#include <cstdint>
#include <string>
#include <vector>

#include "eventlog/parser.h"

namespace tpmready::eventlog {

/// EFI GUID as text: "8be4df61-93ca-11d2-aa0d-00e098032b8c" (UINT32 LE, UINT16 LE, UINT16 LE,
/// 8 bytes; facts/tcg.md §5.7). `guid` must hold 16 bytes.
std::string guid_string(ByteSpan guid);
/// UTF-16LE to UTF-8; unpaired surrogates become U+FFFD; stops at a NUL.
std::string utf16le_to_utf8(ByteSpan utf16);

/// UEFI_VARIABLE_DATA (facts/tcg.md §5.7).
struct EfiVariable {
  std::string guid;
  std::string name;
  ByteSpan data;
};
Result<EfiVariable> parse_efi_variable(ByteSpan data, std::size_t base_offset);

/// EFI_SIGNATURE_LIST summary of a PK/KEK/db/dbx value: lists, entries and their kinds.
struct SignatureListSummary {
  std::size_t lists = 0;
  std::size_t entries = 0;
  std::size_t x509 = 0;
  std::size_t sha256 = 0;
  std::size_t other = 0;
};
Result<SignatureListSummary> summarize_signature_lists(ByteSpan data, std::size_t base_offset);

/// One-line summary of an event's data for the text table and JSON `.summary`. Never fails:
/// data that does not decode is described as such.
std::string summarize_event(const Event& event);

}  // namespace tpmready::eventlog
