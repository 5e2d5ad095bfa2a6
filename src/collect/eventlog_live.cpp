#include "collect/eventlog_live.h"

#include "crypto/crypto.h"
#include "tpm/client.h"
#include "tpm/transport.h"

namespace tpmready::collect {

Result<PcrValues> read_tpm_pcrs(const std::string& tpm_spec) {
  tpm::TransportOptions options;
  auto transport = TRY(tpm::make_transport(tpm_spec, options));
  tpm::Client client(*transport);
  auto banks = TRY(client.get_pcr_banks());
  auto values = TRY(client.pcr_read_all(banks));
  PcrValues out;
  for (auto& [alg, pcrs] : values) {
    auto name = crypto::hash_name(alg);
    if (!name) continue;  // a bank we cannot name cannot be compared with a replay either
    out[std::string(*name)] = std::move(pcrs);
  }
  return out;
}

}  // namespace tpmready::collect
