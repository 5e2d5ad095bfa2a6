#pragma once
/// tpm::Client: the read-only TPM 2.0 client. Every command goes through one send path that
///   1. refuses any command code not on the read-only allow-list (ErrorKind::Internal, before
///      the transport sees a byte),
///   2. checks the response header (commands.h check_response),
///   3. re-sends on TPM_RC_RETRY / TPM_RC_YIELDED / TPM_RC_TESTING with a bounded backoff,
///   4. names the command and its handle in any error ("NV_Read 0x01c00002: ...").
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tpm/commands.h"
#include "tpm/transport.h"

namespace tpmready::tpm {

struct RetryPolicy {
  int attempts = 5;           ///< sends in total, including the first
  int first_delay_ms = 10;    ///< doubled after each retry: 10, 20, 40, 80 (160 if attempts = 6)
  /// How to wait; tests replace it to run instantly and record the delays.
  std::function<void(int ms)> sleep;
};

/// The allow-list: GetCapability, ReadPublic, NV_ReadPublic, NV_Read, PCR_Read, ReadClock.
bool is_allowed_command(std::uint32_t cc);
/// The only other commands, and only inside Client::derive_ek_transient: CreatePrimary and
/// FlushContext (the EK is made in TPM RAM and flushed; nothing is persisted or written to NV).
bool is_transient_ek_command(std::uint32_t cc);

class Client {
 public:
  explicit Client(Transport& transport, RetryPolicy retry = {});

  /// The single send path. Returns the response's parameter area (owned copy).
  /// `context` names the command for errors ("GetCapability TPM_CAP_HANDLES 0x81000000").
  Result<Bytes> execute(ByteSpan command, const std::string& context);

  /// One GetCapability round trip.
  Result<CapabilityData> get_capability(std::uint32_t capability, std::uint32_t property, std::uint32_t count);
  /// TPM properties from `first` on, `count` per call, looping while moreData.
  Result<std::vector<TaggedProperty>> get_properties(std::uint32_t first, std::uint32_t count);
  /// All handles of the type of `first` (0x81000000 persistent, 0x01000000 NV), looping on moreData.
  Result<std::vector<std::uint32_t>> get_handles(std::uint32_t first);
  Result<std::vector<PcrSelection>> get_pcr_banks();
  Result<std::vector<AlgProperty>> get_algorithms();
  Result<std::vector<std::uint32_t>> get_commands();

  Result<ReadPublicResponse> read_public(std::uint32_t handle);
  Result<NvPublic> nv_read_public(std::uint32_t nv_index);
  /// Reads `size` bytes from offset 0 in chunks of at most `chunk` (TPM_PT_NV_BUFFER_MAX), with the
  /// index as its own auth handle and an empty password (facts/tcg.md §1.4 TPM2_NV_Read).
  Result<Bytes> nv_read(std::uint32_t nv_index, std::uint16_t size, std::uint16_t chunk);
  /// Every PCR of `banks`, re-issuing PCR_Read until the TPM has returned them all.
  /// Returns bank (TPM_ALG_ID) -> PCR index -> digest.
  Result<std::map<std::uint16_t, std::map<unsigned, Bytes>>> pcr_read_all(const std::vector<PcrSelection>& banks);
  Result<TimeInfo> read_clock();

  /// `ekcert --derive-ek`: re-creates the EK from the TCG default RSA-2048 template (L-1,
  /// facts/tcg.md §3.4) with CreatePrimary under the endorsement hierarchy (empty auth), reads its
  /// public area, then FlushContext — always, also when parsing failed. Primary keys derive
  /// deterministically from the endorsement seed, so this is the EK Windows would persist; the
  /// transient object lives only in TPM RAM (no NV write, no persistent handle). Fails when the
  /// endorsement hierarchy has an auth value (TPM_RC_BAD_AUTH) — tpmready never asks for one.
  Result<PublicArea> derive_ek_transient();

  const Transport& transport() const { return transport_; }

 private:
  /// GetCapability from `first`, again from next(last result) while moreData; `take` appends.
  Status capability_loop(std::uint32_t capability, std::uint32_t first, std::uint32_t count,
                         const std::function<std::optional<std::uint32_t>(CapabilityData&)>& take);
  /// The single send path with its allow-list; `handles` response handles precede the
  /// parameters (CreatePrimary: 1), returned in `out_handle` when set.
  Result<Bytes> send(ByteSpan command, const std::string& context, bool (*allowed)(std::uint32_t), unsigned handles,
                     std::uint32_t* out_handle);
  Transport& transport_;
  RetryPolicy retry_;
};

}  // namespace tpmready::tpm
