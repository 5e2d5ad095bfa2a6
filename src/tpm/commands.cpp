#include "tpm/commands.h"

#include "tpm/constants.h"
#include "tpm/rc.h"
#include "util/byte_reader.h"
#include "util/byte_writer.h"

namespace tpmready::tpm {

// ---- helpers ------------------------------------------------------------------------------

std::vector<unsigned> PcrSelection::indices() const {
  std::vector<unsigned> out;
  for (std::size_t byte = 0; byte < select.size(); ++byte) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      if (select[byte] & (1u << bit)) out.push_back(static_cast<unsigned>(byte * 8 + bit));
    }
  }
  return out;
}

bool PcrSelection::empty() const {
  for (auto b : select) {
    if (b != 0) return false;
  }
  return true;
}

namespace {

constexpr std::size_t kHeaderSize = 10;
// TSS-types sizes PCR selections for 16 banks (facts/tcg.md §1.4); a PC TPM has 24 PCRs, so a
// pcrSelect longer than 8 bytes (64 PCRs) is garbage, not a TPM we could talk to.
constexpr std::uint32_t kMaxBanks = 16;
constexpr std::uint8_t kMaxSizeofSelect = 8;
// facts/tcg.md §1.4: TPML_DIGEST holds at most 8 digests per response.
constexpr std::uint32_t kMaxDigests = 8;

/// Starts a command: tag, placeholder commandSize, commandCode.
ByteWriter begin(std::uint16_t tag, std::uint32_t cc) {
  ByteWriter w;
  w.u16be(tag).u32be(0).u32be(cc);
  return w;
}

Bytes finish(ByteWriter& w) {
  w.patch_u32be(2, static_cast<std::uint32_t>(w.size()));
  return w.take();
}

/// A declared element count must fit in the bytes left, checked before looping or allocating.
Status check_count(const ByteReader& r, std::uint32_t count, std::size_t min_entry, std::string_view field) {
  if (count > r.remaining() / min_entry) {
    return r.error_here(field, "count " + std::to_string(count) + " needs at least " +
                                   std::to_string(static_cast<std::uint64_t>(count) * min_entry) + " bytes, only " +
                                   std::to_string(r.remaining()) + " left");
  }
  return ok_status();
}

Status expect_end(const ByteReader& r, std::string_view what) {
  if (!r.empty()) return r.error_here(what, std::to_string(r.remaining()) + " unexpected trailing bytes");
  return ok_status();
}

Result<std::vector<PcrSelection>> read_pcr_selection(ByteReader& r, std::string_view field) {
  std::uint32_t count = TRY(r.u32be(field));
  if (count > kMaxBanks) return r.error_here(field, "count " + std::to_string(count) + " > 16 banks");
  TRY(check_count(r, count, 3, field));
  std::vector<PcrSelection> out;
  for (std::uint32_t i = 0; i < count; ++i) {
    PcrSelection s;
    s.hash = TRY(r.u16be("pcrSelection.hash"));
    std::uint8_t size = TRY(r.u8("pcrSelection.sizeofSelect"));
    if (size > kMaxSizeofSelect) return r.error_here("pcrSelection.sizeofSelect", std::to_string(size) + " > 8");
    ByteSpan bits = TRY(r.bytes(size, "pcrSelection.pcrSelect"));
    s.select.assign(bits.begin(), bits.end());
    out.push_back(std::move(s));
  }
  return out;
}

void write_pcr_selection(ByteWriter& w, const std::vector<PcrSelection>& selection) {
  w.u32be(static_cast<std::uint32_t>(selection.size()));
  for (const auto& s : selection) {
    w.u16be(s.hash).u8(static_cast<std::uint8_t>(s.select.size())).bytes(s.select);
  }
}

}  // namespace

// ---- marshaling (facts/tcg.md §1.4) -------------------------------------------------------

Bytes marshal_get_capability(std::uint32_t capability, std::uint32_t property, std::uint32_t count) {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_GetCapability);
  w.u32be(capability).u32be(property).u32be(count);
  return finish(w);
}

Bytes marshal_read_public(std::uint32_t object_handle) {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_ReadPublic);
  w.u32be(object_handle);
  return finish(w);
}

Bytes marshal_nv_read_public(std::uint32_t nv_index) {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_NV_ReadPublic);
  w.u32be(nv_index);
  return finish(w);
}

Bytes marshal_nv_read(std::uint32_t auth_handle, std::uint32_t nv_index, std::uint16_t size, std::uint16_t offset) {
  auto w = begin(TPM_ST_SESSIONS, TPM_CC_NV_Read);
  w.u32be(auth_handle).u32be(nv_index);
  // facts/tcg.md §1.2: TPM_RS_PW, empty nonce, attributes 0, empty hmac = 9 bytes.
  w.u32be(9).u32be(TPM_RS_PW).u16be(0).u8(0).u16be(0);
  w.u16be(size).u16be(offset);
  return finish(w);
}

Bytes marshal_pcr_read(const std::vector<PcrSelection>& selection) {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_PCR_Read);
  write_pcr_selection(w, selection);
  return finish(w);
}

Bytes marshal_read_clock() {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_ReadClock);
  return finish(w);
}

Bytes marshal_get_test_result() {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_GetTestResult);
  return finish(w);
}

Bytes marshal_create_primary(std::uint32_t hierarchy, ByteSpan in_public) {
  auto w = begin(TPM_ST_SESSIONS, TPM_CC_CreatePrimary);
  w.u32be(hierarchy);
  w.u32be(9).u32be(TPM_RS_PW).u16be(0).u8(0).u16be(0);  // facts/tcg.md §1.2: empty password session
  w.u16be(4).u16be(0).u16be(0);                          // TPM2B_SENSITIVE_CREATE: empty userAuth, data
  w.tpm2b(in_public);
  w.u16be(0);                                            // outsideInfo
  w.u32be(0);                                            // creationPCR: no selection
  return finish(w);
}

Bytes marshal_flush_context(std::uint32_t handle) {
  auto w = begin(TPM_ST_NO_SESSIONS, TPM_CC_FlushContext);
  w.u32be(handle);
  return finish(w);
}

Bytes ek_template_rsa2048() {
  // facts/tcg.md §3.4, "Marshaled L-1 inPublic": type RSA, nameAlg SHA-256, attributes 0x000300B2,
  // PolicyA, AES-128-CFB, scheme NULL, 2048 bits, exponent 0, unique = 256 zero bytes.
  Bytes policy_a;
  from_hex("837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA", policy_a);
  ByteWriter w;
  w.u16be(0x0001).u16be(0x000B).u32be(0x000300B2).tpm2b(policy_a);
  w.u16be(0x0006).u16be(0x0080).u16be(0x0043);  // symmetric: TPM_ALG_AES, 128, TPM_ALG_CFB
  w.u16be(0x0010).u16be(0x0800).u32be(0);       // scheme TPM_ALG_NULL, keyBits 2048, exponent 0
  w.tpm2b(Bytes(256, 0));
  return w.take();
}

// ---- response header (facts/tcg.md §1.1) --------------------------------------------------

Result<std::uint32_t> command_code_of(ByteSpan command) {
  ByteReader r(command);
  TRY(r.skip(6, "command header"));
  return r.u32be("commandCode");
}

Result<ByteSpan> check_response(ByteSpan response, unsigned handles) {
  ByteReader r(response);
  std::uint16_t tag = TRY(r.u16be("tag"));
  if (tag == TPM_ST_RSP_COMMAND) {
    return make_error(ErrorKind::Unsupported, "not a TPM 2.0: response tag 0x00c4 (TPM_ST_RSP_COMMAND, a TPM 1.2 reply)");
  }
  if (tag != TPM_ST_NO_SESSIONS && tag != TPM_ST_SESSIONS) {
    return make_error(ErrorKind::Parse, "response: bad tag " + hex32(tag) + " (expected 0x8001 or 0x8002)");
  }
  std::uint32_t size = TRY(r.u32be("responseSize"));
  if (size != response.size()) {
    return make_error(ErrorKind::Parse, "response: responseSize " + std::to_string(size) + " but " +
                                            std::to_string(response.size()) + " bytes received");
  }
  if (size < kHeaderSize) return make_error(ErrorKind::Parse, "response: responseSize " + std::to_string(size) + " < 10");
  std::uint32_t code = TRY(r.u32be("responseCode"));
  if (code == TPM_RC_BAD_TAG) {
    return Error(ErrorKind::Unsupported, "not a TPM 2.0: TPM_RC_BAD_TAG").with_tpm_rc(code);
  }
  if (code != 0) return Error(ErrorKind::Tpm, TpmRc(code).describe()).with_tpm_rc(code);
  TRY(r.skip(std::size_t{4} * handles, "response handles"));
  if (tag == TPM_ST_NO_SESSIONS) return r.rest();
  auto params = TRY(r.sized_u32be("parameterSize"));
  return params.all();  // the response auth area after it carries nothing we need (PW session)
}

// ---- GetCapability ------------------------------------------------------------------------

namespace {

Status read_capability_union(ByteReader& r, CapabilityData& out) {
  switch (out.capability) {
    case TPM_CAP_TPM_PROPERTIES: {
      std::uint32_t count = TRY(r.u32be("TPML_TAGGED_TPM_PROPERTY.count"));
      TRY(check_count(r, count, 8, "TPML_TAGGED_TPM_PROPERTY.count"));
      for (std::uint32_t i = 0; i < count; ++i) {
        TaggedProperty p;
        p.property = TRY(r.u32be("property"));
        p.value = TRY(r.u32be("value"));
        out.properties.push_back(p);
      }
      return ok_status();
    }
    case TPM_CAP_HANDLES:
    case TPM_CAP_COMMANDS: {
      bool handles = out.capability == TPM_CAP_HANDLES;
      std::string_view field = handles ? "TPML_HANDLE.count" : "TPML_CCA.count";
      std::uint32_t count = TRY(r.u32be(field));
      TRY(check_count(r, count, 4, field));
      auto& list = handles ? out.handles : out.commands;
      for (std::uint32_t i = 0; i < count; ++i) list.push_back(TRY(r.u32be(handles ? "handle" : "TPMA_CC")));
      return ok_status();
    }
    case TPM_CAP_PCRS:
      out.pcrs = TRY(read_pcr_selection(r, "TPML_PCR_SELECTION.count"));
      return ok_status();
    case TPM_CAP_ALGS: {
      std::uint32_t count = TRY(r.u32be("TPML_ALG_PROPERTY.count"));
      TRY(check_count(r, count, 6, "TPML_ALG_PROPERTY.count"));
      for (std::uint32_t i = 0; i < count; ++i) {
        AlgProperty a;
        a.alg = TRY(r.u16be("alg"));
        a.attributes = TRY(r.u32be("algProperties"));
        out.algs.push_back(a);
      }
      return ok_status();
    }
    default:
      return make_error(ErrorKind::Unsupported, "capability " + hex32(out.capability) + " not decoded");
  }
}

}  // namespace

Result<CapabilityData> parse_get_capability(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  CapabilityData out;
  std::uint8_t more = TRY(r.u8("moreData"));
  if (more > 1) return r.error_here("moreData", "value " + std::to_string(more) + " is not a TPMI_YES_NO");
  out.more_data = more == 1;
  out.capability = TRY(r.u32be("capability"));
  TRY(read_capability_union(r, out));
  TRY(expect_end(r, "capabilityData"));
  return out;
}

// ---- ReadPublic ---------------------------------------------------------------------------
// TPMT_PUBLIC per facts/tcg.md §1.4. Layouts of scheme variants not listed there (RSAES with no
// hash, ECDAA with a count, keyedhash/symcipher parameters) follow TPM 2.0 Part 2; they were
// checked against tpm2_readpublic on swtpm.

namespace {

constexpr std::uint16_t kAlgHmac = 0x0005;
constexpr std::uint16_t kAlgXor = 0x000A;
constexpr std::uint16_t kAlgRsaes = 0x0015;   // Part 2 TPM_ALG_RSAES: TPMS_ENC_SCHEME_RSAES is empty
constexpr std::uint16_t kAlgEcdaa = 0x001A;   // Part 2 TPM_ALG_ECDAA: hashAlg + count

Status read_sym_def_object(ByteReader& r, PublicArea& p) {
  p.sym_alg = TRY(r.u16be("symmetric.algorithm"));
  if (p.sym_alg == TPM_ALG_NULL) return ok_status();
  p.sym_key_bits = TRY(r.u16be("symmetric.keyBits"));
  p.sym_mode = TRY(r.u16be("symmetric.mode"));
  return ok_status();
}

Status read_asym_scheme(ByteReader& r, PublicArea& p) {
  p.scheme = TRY(r.u16be("scheme.scheme"));
  if (p.scheme == TPM_ALG_NULL || p.scheme == kAlgRsaes) return ok_status();
  p.scheme_hash = TRY(r.u16be("scheme.hashAlg"));
  if (p.scheme == kAlgEcdaa) TRY(r.u16be("scheme.count"));
  return ok_status();
}

Bytes strip_leading_zeros(ByteSpan b) {
  std::size_t i = 0;
  while (i + 1 < b.size() && b[i] == 0) ++i;
  return Bytes(b.begin() + static_cast<std::ptrdiff_t>(i), b.end());
}

Status read_rsa(ByteReader& r, PublicArea& p) {
  TRY(read_sym_def_object(r, p));
  TRY(read_asym_scheme(r, p));
  p.key_bits = TRY(r.u16be("keyBits"));
  p.exponent = TRY(r.u32be("exponent"));
  auto modulus = TRY(r.sized_u16be("unique.rsa"));
  PublicKey k;
  k.algorithm = PublicKey::Algorithm::Rsa;
  k.modulus = modulus.empty() ? Bytes{} : strip_leading_zeros(modulus.all());
  k.exponent = p.exponent == 0 ? 65537u : p.exponent;  // facts/tcg.md §1.4: 0 means 65537
  p.key = std::move(k);
  return ok_status();
}

Status read_ecc(ByteReader& r, PublicArea& p) {
  TRY(read_sym_def_object(r, p));
  TRY(read_asym_scheme(r, p));
  p.curve_id = TRY(r.u16be("curveID"));
  p.kdf = TRY(r.u16be("kdf.scheme"));
  if (p.kdf != TPM_ALG_NULL) p.kdf_hash = TRY(r.u16be("kdf.hashAlg"));
  auto x = TRY(r.tpm2b("unique.ecc.x"));
  auto y = TRY(r.tpm2b("unique.ecc.y"));
  PublicKey k;
  k.algorithm = PublicKey::Algorithm::Ecc;
  k.curve = curve_name(p.curve_id);
  k.x = std::move(x);
  k.y = std::move(y);
  p.key = std::move(k);
  return ok_status();
}

Status read_keyedhash(ByteReader& r, PublicArea& p) {
  p.scheme = TRY(r.u16be("scheme.scheme"));
  if (p.scheme == kAlgHmac || p.scheme == kAlgXor) p.scheme_hash = TRY(r.u16be("scheme.hashAlg"));
  if (p.scheme == kAlgXor) p.kdf = TRY(r.u16be("scheme.kdf"));
  p.unique = TRY(r.tpm2b("unique.keyedHash"));
  return ok_status();
}

Status read_symcipher(ByteReader& r, PublicArea& p) {
  TRY(read_sym_def_object(r, p));
  p.unique = TRY(r.tpm2b("unique.sym"));
  return ok_status();
}

Result<PublicArea> read_tpmt_public(ByteReader& r) {
  PublicArea p;
  p.type = TRY(r.u16be("type"));
  p.name_alg = TRY(r.u16be("nameAlg"));
  p.attributes = TRY(r.u32be("objectAttributes"));
  p.auth_policy = TRY(r.tpm2b("authPolicy"));
  switch (p.type) {
    case TPM_ALG_RSA: TRY(read_rsa(r, p)); break;
    case TPM_ALG_ECC: TRY(read_ecc(r, p)); break;
    case TPM_ALG_KEYEDHASH: TRY(read_keyedhash(r, p)); break;
    case TPM_ALG_SYMCIPHER: TRY(read_symcipher(r, p)); break;
    default: return r.error_here("type", "unknown object type " + alg_name(p.type));
  }
  TRY(expect_end(r, "TPMT_PUBLIC"));
  return p;
}

}  // namespace

Result<PublicArea> parse_tpmt_public(ByteSpan tpmt_public) {
  ByteReader r(tpmt_public);
  return read_tpmt_public(r);
}

Result<PublicArea> parse_create_primary(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  auto pub = TRY(r.sized_u16be("outPublic"));
  return read_tpmt_public(pub);
}

Result<ReadPublicResponse> parse_read_public(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  ReadPublicResponse out;
  auto pub = TRY(r.sized_u16be("outPublic"));
  out.area = TRY(read_tpmt_public(pub));
  out.name = TRY(r.tpm2b("name"));
  out.qualified_name = TRY(r.tpm2b("qualifiedName"));
  TRY(expect_end(r, "ReadPublic parameters"));
  return out;
}

// ---- NV_ReadPublic / NV_Read --------------------------------------------------------------

Result<NvPublic> parse_nv_read_public(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  NvPublic out;
  auto pub = TRY(r.sized_u16be("nvPublic"));
  out.index = TRY(pub.u32be("nvIndex"));
  out.name_alg = TRY(pub.u16be("nameAlg"));
  out.attributes = TRY(pub.u32be("attributes"));
  out.auth_policy = TRY(pub.tpm2b("authPolicy"));
  out.data_size = TRY(pub.u16be("dataSize"));
  TRY(expect_end(pub, "TPMS_NV_PUBLIC"));
  out.name = TRY(r.tpm2b("nvName"));
  TRY(expect_end(r, "NV_ReadPublic parameters"));
  return out;
}

Result<Bytes> parse_nv_read(ByteSpan params) {
  ByteReader r(params, kHeaderSize + 4);  // after the header and parameterSize
  auto data = TRY(r.tpm2b("data"));
  TRY(expect_end(r, "NV_Read parameters"));
  return data;
}

// ---- PCR_Read / ReadClock -----------------------------------------------------------------

Result<PcrReadResponse> parse_pcr_read(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  PcrReadResponse out;
  out.update_counter = TRY(r.u32be("pcrUpdateCounter"));
  out.selection = TRY(read_pcr_selection(r, "pcrSelectionOut.count"));
  std::uint32_t count = TRY(r.u32be("pcrValues.count"));
  if (count > kMaxDigests) return r.error_here("pcrValues.count", std::to_string(count) + " > 8 digests");
  TRY(check_count(r, count, 2, "pcrValues.count"));
  std::size_t selected = 0;
  for (const auto& s : out.selection) selected += s.indices().size();
  if (selected != count) {
    return r.error_here("pcrValues.count", std::to_string(count) + " digests for " + std::to_string(selected) +
                                               " selected PCRs");
  }
  for (std::uint32_t i = 0; i < count; ++i) out.digests.push_back(TRY(r.tpm2b("pcrValues.digest")));
  TRY(expect_end(r, "PCR_Read parameters"));
  return out;
}

Result<TimeInfo> parse_read_clock(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  TimeInfo t;
  t.time = TRY(r.u64be("time"));
  t.clock = TRY(r.u64be("clockInfo.clock"));
  t.reset_count = TRY(r.u32be("clockInfo.resetCount"));
  t.restart_count = TRY(r.u32be("clockInfo.restartCount"));
  std::uint8_t safe = TRY(r.u8("clockInfo.safe"));
  if (safe > 1) return r.error_here("clockInfo.safe", "value " + std::to_string(safe) + " is not a TPMI_YES_NO");
  t.safe = safe == 1;
  TRY(expect_end(r, "ReadClock parameters"));
  return t;
}

Result<TestResult> parse_get_test_result(ByteSpan params) {
  ByteReader r(params, kHeaderSize);
  TestResult t;
  t.out_data = TRY(r.tpm2b("outData"));
  t.test_result = TRY(r.u32be("testResult"));
  TRY(expect_end(r, "GetTestResult parameters"));
  return t;
}

}  // namespace tpmready::tpm
