// libFuzzer entry: feeds the input as a TPM response to the header check and to every response
// parser, and as the parameter area directly (so parsers see inputs the header check would stop),
// then as a recorded session to the whole collector through ReplayTransport.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/tpm_collector.h"
#include "tpm/commands.h"
#include "tpm/mssim.h"
#include "tpm/replay_transport.h"

using namespace tpmready;
using namespace tpmready::tpm;

namespace {

void parse_all(ByteSpan params) {
  (void)parse_get_capability(params);
  (void)parse_read_public(params);
  (void)parse_tpmt_public(params);
  (void)parse_nv_read_public(params);
  (void)parse_nv_read(params);
  (void)parse_pcr_read(params);
  (void)parse_read_clock(params);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteSpan input(data, size);
  parse_all(input);
  auto params = check_response(input);
  if (params.ok()) parse_all(*params);
  // The same bytes as the text session format (hex lines) drive the collector end to end.
  auto session = parse_session(std::string_view(reinterpret_cast<const char*>(data), size));
  if (session.ok() && !session->empty()) {
    ReplayTransport replay(std::move(*session), "fuzz");
    RetryPolicy no_sleep;
    no_sleep.sleep = [](int) {};
    (void)collect::collect_tpm(replay, no_sleep);
  }
  return 0;
}
