// Windows TPM access through TBS (facts/windows.md §7): `--tpm auto` = a TBS context for TPM 2.0.
// Device paths are Linux-only. The TCP simulator transport is transport_tcp_windows.cpp.
#include "tpm/tbs_windows.h"
#include "tpm/transport.h"

namespace tpmready::tpm {
namespace {

class TbsTransport final : public Transport {
 public:
  explicit TbsTransport(std::unique_ptr<TbsContext> context) : context_(std::move(context)) {}
  Result<Bytes> transmit(ByteSpan command) override { return context_->submit(command); }
  std::string describe() const override { return "tbs"; }

 private:
  std::unique_ptr<TbsContext> context_;
};

}  // namespace

Result<std::unique_ptr<Transport>> make_auto_transport(const TransportOptions&) {
  auto context = TbsContext::open();
  if (!context) return std::move(context).error();
  return std::unique_ptr<Transport>(std::make_unique<TbsTransport>(std::move(*context)));
}

Result<std::unique_ptr<Transport>> make_device_transport(const std::string& path, const TransportOptions&) {
  return make_error(ErrorKind::Unsupported, "device:" + path + ": device paths are Linux-only; use auto (TBS)");
}

}  // namespace tpmready::tpm
