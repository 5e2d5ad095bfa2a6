#pragma once
// A TCG event log built field by field (little-endian, facts/tcg.md §5), shared by the parser and
// streaming-input tests.
#include <cstdint>
#include <string>

#include "eventlog/event_types.h"
#include "util/bytes.h"

namespace tpmready::eventlog::testing {

struct Log {
  Bytes b;
  Log& u8(std::uint8_t v) {
    b.push_back(v);
    return *this;
  }
  Log& u16(std::uint16_t v) { return u8(v & 0xff).u8(v >> 8); }
  Log& u32(std::uint32_t v) { return u16(v & 0xffff).u16(v >> 16); }
  Log& raw(const std::string& s) {
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Log& fill(std::size_t n, std::uint8_t v) {
    b.insert(b.end(), n, v);
    return *this;
  }
  // TCG_PCClientPCREvent: PCRIndex, EventType, SHA-1 digest, EventSize, Event.
  Log& sha1_event(std::uint32_t pcr, std::uint32_t type, std::uint8_t digest_byte, const std::string& data) {
    return u32(pcr).u32(type).fill(20, digest_byte).u32(static_cast<std::uint32_t>(data.size())).raw(data);
  }
  // Spec ID Event03 header (SHA-1 format event) announcing sha1 + sha256, facts/tcg.md §5.2.
  Log& spec_id_header() {
    Log body;
    body.raw(std::string("Spec ID Event03\0", 16)).u32(0).u8(0).u8(2).u8(0).u8(2).u32(2);
    body.u16(0x0004).u16(20).u16(0x000B).u16(32).u8(0);
    return sha1_event(0, EV_NO_ACTION, 0, std::string(body.b.begin(), body.b.end()));
  }
  // TCG_PCR_EVENT2 header with sha1 + sha256 digests (68 bytes), then EventSize.
  Log& agile_header(std::uint32_t pcr, std::uint32_t type, std::uint8_t sha1_byte, std::uint8_t sha256_byte,
                    std::uint32_t size) {
    return u32(pcr).u32(type).u32(2).u16(0x0004).fill(20, sha1_byte).u16(0x000B).fill(32, sha256_byte).u32(size);
  }
  Log& agile_header(std::uint32_t pcr, std::uint32_t type, std::uint8_t digest_byte, std::uint32_t size) {
    return agile_header(pcr, type, digest_byte, digest_byte, size);
  }
  Log& agile_event(std::uint32_t pcr, std::uint32_t type, std::uint8_t digest_byte, const std::string& data) {
    return agile_header(pcr, type, digest_byte, static_cast<std::uint32_t>(data.size())).raw(data);
  }
  // Digests 0x11.. (sha1) and 0x22.. (sha256).
  Log& agile_event(std::uint32_t pcr, std::uint32_t type, const std::string& data) {
    return agile_header(pcr, type, 0x11, 0x22, static_cast<std::uint32_t>(data.size())).raw(data);
  }
};

}  // namespace tpmready::eventlog::testing
