#pragma once
/// tpm::Client: the read-only TPM 2.0 client. Every command goes through one send path that
///   1. refuses any command code not on the read-only allow-list (ErrorKind::Internal, before
///      the transport sees a byte); NV_Read, the one allowed command with an authorization, is
///      sent only by nv_read() and only as tpm/da_safety.h allows (never a password that could
///      fail and count towards dictionary-attack lockout),
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
#include "tpm/da_safety.h"
#include "tpm/transport.h"

namespace tpmready::tpm {

struct RetryPolicy {
  int attempts = 5;           ///< sends in total, including the first
  int first_delay_ms = 10;    ///< doubled after each retry: 10, 20, 40, 80 (160 if attempts = 6)
  /// How to wait; tests replace it to run instantly and record the delays.
  std::function<void(int ms)> sleep;
};

/// The allow-list of execute(): GetCapability, ReadPublic, NV_ReadPublic, PCR_Read, ReadClock,
/// GetTestResult. None of them carries an authorization.
bool is_allowed_command(std::uint32_t cc);
/// NV_Read: allowed only on nv_read()'s path, after nv_read_authorization() chose an
/// authorization that cannot count towards lockout.
bool is_nv_read_command(std::uint32_t cc);
/// The only other commands, and only inside Client::derive_ek_transient: CreatePrimary and
/// FlushContext (the EK is made in TPM RAM and flushed; nothing is persisted or written to NV).
bool is_transient_ek_command(std::uint32_t cc);

class Client {
 public:
  explicit Client(Transport& transport, RetryPolicy retry = {});

  /// The single send path for commands on is_allowed_command's list. Returns the response's
  /// parameter area (owned copy). `context` names the command for errors
  /// ("GetCapability TPM_CAP_HANDLES 0x81000000").
  Result<Bytes> execute(ByteSpan command, const std::string& context);

  /// One GetCapability round trip.
  Result<CapabilityData> get_capability(std::uint32_t capability, std::uint32_t property, std::uint32_t count);
  /// TPM properties from `first` on, `count` per call, looping while moreData. Remembers
  /// TPM_PT_PERMANENT when it is among them (nv_read and derive_ek_transient decide with it).
  Result<std::vector<TaggedProperty>> get_properties(std::uint32_t first, std::uint32_t count);
  /// All handles of the type of `first` (0x81000000 persistent, 0x01000000 NV), looping on moreData.
  Result<std::vector<std::uint32_t>> get_handles(std::uint32_t first);
  Result<std::vector<PcrSelection>> get_pcr_banks();
  Result<std::vector<AlgProperty>> get_algorithms();
  Result<std::vector<std::uint32_t>> get_commands();

  Result<ReadPublicResponse> read_public(std::uint32_t handle);
  /// NV_ReadPublic; the answer is remembered for nv_read.
  Result<NvPublic> nv_read_public(std::uint32_t nv_index);
  /// Reads the whole index (dataSize from its NV_ReadPublic, asked for here unless this client
  /// already has it) in chunks of at most `chunk` (TPM_PT_NV_BUFFER_MAX), with the authorization
  /// nv_read_authorization() chooses and an empty password (facts/tcg.md §1.4 TPM2_NV_Read).
  /// When it chooses none, nothing is sent and the error (ErrorKind::Unsupported) is its refusal.
  Result<Bytes> nv_read(std::uint32_t nv_index, std::uint16_t chunk);
  /// Every PCR of `banks`, re-issuing PCR_Read until the TPM has returned them all.
  /// Returns bank (TPM_ALG_ID) -> PCR index -> digest.
  Result<std::map<std::uint16_t, std::map<unsigned, Bytes>>> pcr_read_all(const std::vector<PcrSelection>& banks);
  Result<TimeInfo> read_clock();
  /// TPM2_GetTestResult (Part 3 §10.4): the self-test status. A TPM in failure mode answers it
  /// (testResult TPM_RC_FAILURE) while refusing almost everything else with TPM_RC_FAILURE.
  Result<TestResult> get_test_result();

  /// `ekcert --derive-ek`: re-creates the EK from the TCG default RSA-2048 template (L-1,
  /// facts/tcg.md §3.4) with CreatePrimary under the endorsement hierarchy (empty auth), reads its
  /// public area, then FlushContext — always, also when parsing failed. Primary keys derive
  /// deterministically from the endorsement seed, so this is the EK Windows would persist; the
  /// transient object lives only in TPM RAM (no NV write, no persistent handle). Fails when the
  /// endorsement hierarchy has an auth value: TPMA_PERMANENT endorsementAuthSet is checked first
  /// and nothing is sent then (ErrorKind::Unsupported) — tpmready never guesses a password.
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
  /// TPM_PT_PERMANENT, read with get_properties or asked for when first needed.
  Result<std::uint32_t> permanent_attributes();
  Transport& transport_;
  RetryPolicy retry_;
  std::optional<std::uint32_t> permanent_;
  std::map<std::uint32_t, NvPublic> nv_public_;
};

}  // namespace tpmready::tpm
