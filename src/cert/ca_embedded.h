#pragma once
/// The vendor EK CA certificates shipped in data/vendor-ca/ (compiled into the binary, so the
/// single Windows exe needs no files beside it), loaded as trust anchors.
#include "cert/chain.h"

namespace tpmready::cert {

/// Adds every certificate of data/vendor-ca/ to `store.trusted`, origin "vendor-ca/NAME".
Status load_embedded_vendor_cas(CaStore& store);

}  // namespace tpmready::cert
