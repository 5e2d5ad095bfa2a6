#include "eventlog/sipa.h"

#include "util/byte_reader.h"

namespace tpmready::eventlog {

namespace {
// Containers nest a few levels in real logs (TrustBoundary > LoadedModule aggregation); a deeper
// claim is hostile input, refused before it can exhaust the stack.
constexpr int kMaxSipaDepth = 8;
constexpr std::size_t kMaxSummaryItems = 8;

bool is_container(std::uint32_t type) { return (type & SIPAEVENTTYPE_CLASS_MASK) == SIPAEVENTTYPE_CONTAINER; }

Status walk_items(ByteReader& r, int depth, const std::function<void(std::uint32_t, ByteSpan)>& leaf) {
  if (depth > kMaxSipaDepth) return r.error_here("SIPA container", "nested deeper than " + std::to_string(kMaxSipaDepth));
  while (!r.empty()) {
    auto type = TRY(r.u32le("SIPA Type"));
    auto size = TRY(r.u32le("SIPA Size"));
    if (size > r.remaining()) {
      return r.error_here("SIPA Size", std::to_string(size) + " > remaining " + std::to_string(r.remaining()));
    }
    auto body = TRY(r.sub(size, "SIPA payload"));
    if (is_container(type)) {
      TRY(walk_items(body, depth + 1, leaf));
    } else {
      leaf(type, body.all());
    }
  }
  return ok_status();
}
}  // namespace

std::optional<std::string_view> sipa_type_name(std::uint32_t type) {
  // facts/tcg.md §5.8 "Selected SIPA event IDs"
  switch (type) {
    case 0x40010001: return "TrustBoundary";
    case 0x40010002: return "ELAMAggregation";
    case 0x40010003: return "LoadedModuleAggregation";
    case 0xC0010004: return "TrustPointAggregation";
    case 0x40010005: return "KSRAggregation";
    case 0x40010006: return "KSRSignedMeasurementAggregation";
    case 0x00020001: return "Information";
    case 0x00020002: return "BootCounter";
    case 0x00020003: return "TransferControl";
    case 0x00020004: return "ApplicationReturn";
    case 0x00020005: return "BitlockerUnlock";
    case 0x00020006: return "EventCounter";
    case 0x00020007: return "CounterID";
    case 0x00020008: return "MORBitNotCancelable";
    case 0x00020009: return "ApplicationSVN";
    case 0x0002000A: return "SVNChainStatus";
    case 0x0002000B: return "MORBitAPIStatus";
    case 0x00040001: return "BootDebugging";
    case 0x00040002: return "BootRevocationList";
    case 0x00050001: return "OSKernelDebug";
    case 0x00050002: return "CodeIntegrity";
    case 0x00050003: return "TestSigning";
    case 0x00050004: return "DataExecutionPrevention";
    case 0x00050005: return "SafeMode";
    case 0x00050006: return "WinPE";
    case 0x00050008: return "OSDevice";
    case 0x00050009: return "SystemRoot";
    case 0x0005000A: return "HypervisorLaunchType";
    case 0x0005000C: return "HypervisorIOMMUPolicy";
    case 0x0005000E: return "DriverLoadPolicy";
    case 0x0005000F: return "SIPolicy";
    case 0x00050012: return "VSMLaunchType";
    case 0x00050013: return "OSRevocationList";
    case 0x00050021: return "FlightSigning";
    case 0x00050024: return "HibernationDisabled";
    case 0x00060001: return "NoAuthority";
    case 0x00060002: return "AuthorityPubKey";
    case 0x00070001: return "FilePath";
    case 0x00070002: return "ImageSize";
    case 0x00070003: return "HashAlgorithmID";
    case 0x00070004: return "AuthenticodeHash";
    case 0x00070005: return "AuthorityIssuer";
    case 0x0007000A: return "ImageValidated";
    case 0x0007000B: return "ModuleSVN";
    case 0x80080001: return "Quote";
    case 0x80080002: return "QuoteSignature";
    case 0x80080003: return "AIKID";
    case 0x80080004: return "AIKPubDigest";
    case 0x00090001: return "ELAMKeyname";
    case 0x00090004: return "ELAMMeasured";
    case 0x000A0001: return "VSMRequired";
    case 0x000A0008: return "MicrosoftBootChainRequired";
    default: return std::nullopt;
  }
}

std::string sipa_type_display(std::uint32_t type) {
  if (auto name = sipa_type_name(type)) return std::string(*name);
  return "SIPA " + hex32(type);
}

Status walk_sipa(ByteSpan tagged_event, std::size_t base_offset,
                 const std::function<void(std::uint32_t, ByteSpan)>& leaf) {
  ByteReader r(tagged_event, base_offset);
  // facts/tcg.md §5.8: TCG_PCClientTaggedEventStruct {EventID, EventDataSize, EventData}.
  auto id = TRY(r.u32le("EventID"));
  auto size = TRY(r.u32le("EventDataSize"));
  if (size > r.remaining()) {
    return r.error_here("EventDataSize", std::to_string(size) + " > remaining " + std::to_string(r.remaining()));
  }
  auto body = TRY(r.sub(size, "EventData"));
  if (!is_container(id)) return r.error_here("EventID", hex32(id) + " is not a SIPA container");
  return walk_items(body, 1, leaf);
}

std::optional<std::uint64_t> sipa_integer(ByteSpan p) {
  if (p.size() != 1 && p.size() != 2 && p.size() != 4 && p.size() != 8) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = p.size(); i-- > 0;) v = v << 8 | p[i];
  return v;
}

std::string sipa_summary(ByteSpan tagged_event) {
  std::string items;
  std::size_t shown = 0, total = 0;
  auto status = walk_sipa(tagged_event, 0, [&](std::uint32_t type, ByteSpan payload) {
    ++total;
    if (shown == kMaxSummaryItems) return;
    ++shown;
    if (!items.empty()) items += ", ";
    items += sipa_type_display(type);
    if (auto v = sipa_integer(payload)) {
      items += '=';
      items += std::to_string(*v);
    }
  });
  if (!status) return "tagged event, not SIPA (" + std::to_string(tagged_event.size()) + " bytes)";
  std::string s = "SIPA: " + items;
  if (total > shown) s += " (+" + std::to_string(total - shown) + " more)";
  return s;
}

}  // namespace tpmready::eventlog
