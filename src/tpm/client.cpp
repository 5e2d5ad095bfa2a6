#include "tpm/client.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "tpm/constants.h"
#include "tpm/rc.h"

namespace tpmready::tpm {

bool is_allowed_command(std::uint32_t cc) {
  // Read-only commands without an authorization (shared DESIGN.md "TPM access"): nothing that
  // writes NV, changes auth or persists objects, and nothing that could fail an authorization.
  // NV_Read is allowed only on nv_read()'s path (is_nv_read_command), CreatePrimary/FlushContext
  // only on derive_ek_transient's (is_transient_ek_command); never through execute().
  switch (cc) {
    case TPM_CC_GetCapability:
    case TPM_CC_ReadPublic:
    case TPM_CC_NV_ReadPublic:
    case TPM_CC_PCR_Read:
    case TPM_CC_ReadClock:
    // TPM 2.0 Part 3 §10.4 TPM2_GetTestResult: no handles, no authorization, returns the self-test
    // status and changes nothing; it also answers in failure mode, where most commands do not.
    case TPM_CC_GetTestResult:
      return true;
    default:
      return false;
  }
}

bool is_nv_read_command(std::uint32_t cc) { return cc == TPM_CC_NV_Read; }

bool is_transient_ek_command(std::uint32_t cc) { return cc == TPM_CC_CreatePrimary || cc == TPM_CC_FlushContext; }

namespace {

void default_sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

std::string capability_context(std::uint32_t capability, std::uint32_t property) {
  const char* name = "TPM_CAP ?";
  switch (capability) {
    case TPM_CAP_ALGS: name = "TPM_CAP_ALGS"; break;
    case TPM_CAP_HANDLES: name = "TPM_CAP_HANDLES"; break;
    case TPM_CAP_COMMANDS: name = "TPM_CAP_COMMANDS"; break;
    case TPM_CAP_PCRS: name = "TPM_CAP_PCRS"; break;
    case TPM_CAP_TPM_PROPERTIES: name = "TPM_CAP_TPM_PROPERTIES"; break;
    default: break;
  }
  return std::string("GetCapability ") + name + " " + hex32(property);
}

// A TPM keeps answering moreData=1 only while it makes progress; this bounds a broken one.
constexpr int kMaxCapabilityCalls = 64;

}  // namespace

Client::Client(Transport& transport, RetryPolicy retry) : transport_(transport), retry_(std::move(retry)) {
  if (!retry_.sleep) retry_.sleep = default_sleep;
  if (retry_.attempts < 1) retry_.attempts = 1;
}

Result<Bytes> Client::execute(ByteSpan command, const std::string& context) {
  return send(command, context, is_allowed_command, 0, nullptr);
}

Result<Bytes> Client::send(ByteSpan command, const std::string& context, bool (*allowed)(std::uint32_t),
                           unsigned handles, std::uint32_t* out_handle) {
  auto cc = command_code_of(command);
  if (!cc.ok()) return std::move(cc).error().context(context);
  if (!allowed(*cc)) {
    return make_error(ErrorKind::Internal, "refusing to send " + command_name(*cc) + " (" + hex32(*cc) +
                                               "): not on the read-only allow-list")
        .context(context);
  }
  int delay = retry_.first_delay_ms;
  for (int attempt = 1;; ++attempt) {
    auto response = transport_.transmit(command);
    if (!response.ok()) return std::move(response).error().context(context);
    auto params = check_response(*response, handles);
    if (params.ok()) {
      if (out_handle != nullptr && handles > 0) {  // check_response verified the handle bytes exist
        const Bytes& b = *response;
        *out_handle = static_cast<std::uint32_t>(b[10]) << 24 | static_cast<std::uint32_t>(b[11]) << 16 |
                      static_cast<std::uint32_t>(b[12]) << 8 | b[13];
      }
      return Bytes(params->begin(), params->end());
    }
    const Error& e = params.error();
    if (e.kind() == ErrorKind::Tpm && is_retryable(e.tpm_rc()) && attempt < retry_.attempts) {
      retry_.sleep(delay);
      delay *= 2;
      continue;
    }
    Error out = std::move(params).error();
    if (out.kind() == ErrorKind::Tpm && attempt > 1) {
      out.context("after " + std::to_string(attempt) + " tries");
    }
    return std::move(out).context(context);
  }
}

Result<CapabilityData> Client::get_capability(std::uint32_t capability, std::uint32_t property, std::uint32_t count) {
  std::string context = capability_context(capability, property);
  auto params = TRY(execute(marshal_get_capability(capability, property, count), context));
  auto data = parse_get_capability(params);
  if (!data.ok()) return std::move(data).error().context(context);
  if (data->capability != capability) {
    return make_error(ErrorKind::Parse, "response: capability " + hex32(data->capability) + " but asked for " +
                                            hex32(capability))
        .context(context);
  }
  return data;
}

Status Client::capability_loop(std::uint32_t capability, std::uint32_t first, std::uint32_t count,
                               const std::function<std::optional<std::uint32_t>(CapabilityData&)>& take) {
  std::uint32_t property = first;
  for (int call = 0; call < kMaxCapabilityCalls; ++call) {
    auto data = TRY(get_capability(capability, property, count));
    std::optional<std::uint32_t> last = take(data);
    if (!data.more_data) return ok_status();
    // moreData with nothing returned, or no progress, would loop forever.
    if (!last || *last < property || *last == 0xFFFFFFFF) {
      return make_error(ErrorKind::Parse, "response: moreData set but no progress after " + hex32(property))
          .context(capability_context(capability, property));
    }
    property = *last + 1;
  }
  return make_error(ErrorKind::Limit, "moreData still set after " + std::to_string(kMaxCapabilityCalls) + " calls")
      .context(capability_context(capability, first));
}

Result<std::vector<TaggedProperty>> Client::get_properties(std::uint32_t first, std::uint32_t count) {
  std::vector<TaggedProperty> out;
  TRY(capability_loop(TPM_CAP_TPM_PROPERTIES, first, count, [&](CapabilityData& d) -> std::optional<std::uint32_t> {
    out.insert(out.end(), d.properties.begin(), d.properties.end());
    if (d.properties.empty()) return std::nullopt;
    return d.properties.back().property;
  }));
  for (const auto& p : out) {
    if (p.property == TPM_PT_PERMANENT) permanent_ = p.value;
  }
  return out;
}

Result<std::uint32_t> Client::permanent_attributes() {
  if (!permanent_) {
    auto data = TRY(get_capability(TPM_CAP_TPM_PROPERTIES, TPM_PT_PERMANENT, 1));
    if (data.properties.empty() || data.properties.front().property != TPM_PT_PERMANENT) {
      return make_error(ErrorKind::Parse, "response: no TPM_PT_PERMANENT")
          .context(capability_context(TPM_CAP_TPM_PROPERTIES, TPM_PT_PERMANENT));
    }
    permanent_ = data.properties.front().value;
  }
  return *permanent_;
}

Result<std::vector<std::uint32_t>> Client::get_handles(std::uint32_t first) {
  std::vector<std::uint32_t> out;
  // facts/tcg.md §1.4: TPML_HANDLE holds at most 254 handles per call.
  TRY(capability_loop(TPM_CAP_HANDLES, first, 254, [&](CapabilityData& d) -> std::optional<std::uint32_t> {
    out.insert(out.end(), d.handles.begin(), d.handles.end());
    if (d.handles.empty()) return std::nullopt;
    return d.handles.back();
  }));
  return out;
}

Result<std::vector<PcrSelection>> Client::get_pcr_banks() {
  auto data = TRY(get_capability(TPM_CAP_PCRS, 0, 1));
  return std::move(data.pcrs);
}

Result<std::vector<AlgProperty>> Client::get_algorithms() {
  std::vector<AlgProperty> out;
  TRY(capability_loop(TPM_CAP_ALGS, 0, 127, [&](CapabilityData& d) -> std::optional<std::uint32_t> {
    out.insert(out.end(), d.algs.begin(), d.algs.end());
    if (d.algs.empty()) return std::nullopt;
    return d.algs.back().alg;
  }));
  return out;
}

Result<std::vector<std::uint32_t>> Client::get_commands() {
  std::vector<std::uint32_t> out;
  TRY(capability_loop(TPM_CAP_COMMANDS, 0, 254, [&](CapabilityData& d) -> std::optional<std::uint32_t> {
    out.insert(out.end(), d.commands.begin(), d.commands.end());
    if (d.commands.empty()) return std::nullopt;
    return d.commands.back() & 0xFFFF;  // TPMA_CC commandIndex: the property to continue from
  }));
  return out;
}

Result<ReadPublicResponse> Client::read_public(std::uint32_t handle) {
  std::string context = "ReadPublic " + hex32(handle);
  auto params = TRY(execute(marshal_read_public(handle), context));
  return parse_read_public(params).context(context);
}

Result<NvPublic> Client::nv_read_public(std::uint32_t nv_index) {
  std::string context = "NV_ReadPublic " + hex32(nv_index);
  auto params = TRY(execute(marshal_nv_read_public(nv_index), context));
  auto pub = parse_nv_read_public(params);
  if (!pub.ok()) return std::move(pub).error().context(context);
  if (pub->index != nv_index) {
    return make_error(ErrorKind::Parse, "response: nvIndex " + hex32(pub->index) + " but asked for " + hex32(nv_index))
        .context(context);
  }
  nv_public_[nv_index] = *pub;
  return pub;
}

Result<Bytes> Client::nv_read(std::uint32_t nv_index, std::uint16_t chunk) {
  std::string context = "NV_Read " + hex32(nv_index);
  if (chunk == 0) return make_error(ErrorKind::Internal, "chunk size 0").context(context);
  auto known = nv_public_.find(nv_index);
  const NvPublic pub = known != nv_public_.end() ? known->second : TRY(nv_read_public(nv_index));
  auto auth = nv_read_authorization(nv_index, pub.attributes, permanent_);
  if (!auth.auth_handle && !permanent_ && (pub.attributes & TPMA_NV_OWNERREAD)) {
    TRY(permanent_attributes());  // the owner route needs to know that no owner password is set
    auth = nv_read_authorization(nv_index, pub.attributes, permanent_);
  }
  if (!auth.auth_handle) return make_error(ErrorKind::Unsupported, auth.refusal).context(context);
  const std::uint16_t size = pub.data_size;
  Bytes out;
  while (out.size() < size) {
    auto offset = static_cast<std::uint16_t>(out.size());
    auto want = static_cast<std::uint16_t>(std::min<std::size_t>(chunk, size - out.size()));
    auto params = TRY(send(marshal_nv_read(*auth.auth_handle, nv_index, want, offset), context, is_nv_read_command, 0,
                           nullptr));
    auto data = parse_nv_read(params);
    if (!data.ok()) return std::move(data).error().context(context);
    if (data->size() != want) {
      return make_error(ErrorKind::Parse, "response: " + std::to_string(data->size()) + " bytes at offset " +
                                              std::to_string(offset) + ", asked for " + std::to_string(want))
          .context(context);
    }
    out.insert(out.end(), data->begin(), data->end());
  }
  return out;
}

Result<std::map<std::uint16_t, std::map<unsigned, Bytes>>> Client::pcr_read_all(const std::vector<PcrSelection>& banks) {
  std::map<std::uint16_t, std::map<unsigned, Bytes>> out;
  std::vector<PcrSelection> remaining = banks;
  auto pending = [&] {
    for (const auto& s : remaining) {
      if (!s.empty()) return true;
    }
    return false;
  };
  while (pending()) {
    std::string context = "PCR_Read";
    auto params = TRY(execute(marshal_pcr_read(remaining), context));
    auto resp = parse_pcr_read(params);
    if (!resp.ok()) return std::move(resp).error().context(context);
    // facts/tcg.md §1.4: loop until pcrSelectionOut is empty; every round must return something.
    std::size_t digest = 0;
    for (const auto& sel : resp->selection) {
      auto bank = std::find_if(remaining.begin(), remaining.end(), [&](const PcrSelection& s) { return s.hash == sel.hash; });
      for (unsigned pcr : sel.indices()) {
        if (bank == remaining.end() || pcr / 8 >= bank->select.size() || !(bank->select[pcr / 8] & (1u << (pcr % 8)))) {
          return make_error(ErrorKind::Parse, "response: PCR " + std::to_string(pcr) + " of bank " + alg_name(sel.hash) +
                                                  " was not asked for")
              .context(context);
        }
        bank->select[pcr / 8] = static_cast<std::uint8_t>(bank->select[pcr / 8] & ~(1u << (pcr % 8)));
        out[sel.hash][pcr] = std::move(resp->digests[digest++]);
      }
    }
    if (digest == 0) break;  // the TPM returns nothing more: the rest is not implemented
  }
  return out;
}

Result<TimeInfo> Client::read_clock() {
  std::string context = "ReadClock";
  auto params = TRY(execute(marshal_read_clock(), context));
  return parse_read_clock(params).context(context);
}

Result<TestResult> Client::get_test_result() {
  std::string context = "GetTestResult";
  auto params = TRY(execute(marshal_get_test_result(), context));
  return parse_get_test_result(params).context(context);
}

Result<PublicArea> Client::derive_ek_transient() {
  const std::string context = "CreatePrimary TPM_RH_ENDORSEMENT (default EK template L-1, transient)";
  if (TRY(permanent_attributes()) & TPMA_PERMANENT_endorsementAuthSet) {
    return make_error(ErrorKind::Unsupported, "not derived: the endorsement hierarchy has a password")
        .context(context);
  }
  std::uint32_t handle = 0;
  auto params = TRY(send(marshal_create_primary(TPM_RH_ENDORSEMENT, ek_template_rsa2048()), context,
                         is_transient_ek_command, 1, &handle));
  auto area = parse_create_primary(params);
  auto flushed = send(marshal_flush_context(handle), "FlushContext " + hex32(handle), is_transient_ek_command, 0, nullptr);
  if (!flushed.ok()) return std::move(flushed).error();
  if (!area.ok()) return std::move(area).error().context(context);
  return area;
}


}  // namespace tpmready::tpm
