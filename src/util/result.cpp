#include "util/result.h"

namespace tpmready {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Io: return "io";
    case ErrorKind::Parse: return "parse";
    case ErrorKind::Tpm: return "tpm";
    case ErrorKind::Unsupported: return "unsupported";
    case ErrorKind::NotFound: return "not found";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Limit: return "limit";
    case ErrorKind::Internal: return "internal";
  }
  return "unknown";
}

std::string Error::what() const {
  std::string out;
  for (auto it = context_.rbegin(); it != context_.rend(); ++it) {
    out += *it;
    out += ": ";
  }
  out += message_;
  return out;
}

}  // namespace tpmready
