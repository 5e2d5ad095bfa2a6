#pragma once
/// Result<T> and Error: the error type every layer of tpmready returns.
///
/// C++20 has no std::expected, so this is a small tagged union. An Error carries a
/// kind (what went wrong), a message (the problem), and context frames that each layer
/// adds on the way up (which input, which TPM command, which field), so the printed
/// chain reads like: `NV_Read 0x01c00002: response: @0x0a: parameterSize 900 > remaining 12`.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tpmready {

enum class ErrorKind {
  Io,           ///< file, socket or device failed
  Parse,        ///< bytes or text do not have the expected structure
  Tpm,          ///< the TPM answered with an error response code
  Unsupported,  ///< valid input we do not handle (yet), or a platform without the feature
  NotFound,     ///< the thing asked for is not there (file, NV index, registry value)
  Usage,        ///< the user asked for something impossible (bad option, bad spec)
  Timeout,      ///< a bounded wait ran out
  Limit,        ///< input exceeds a documented size/count limit
  Internal,     ///< a bug in tpmready
};

const char* error_kind_name(ErrorKind kind);

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  /// Context frames, innermost first.
  const std::vector<std::string>& context() const { return context_; }

  /// Adds an outer context frame ("NV_Read 0x01c00002", "file ek.crt").
  Error& context(std::string frame) & {
    context_.push_back(std::move(frame));
    return *this;
  }
  Error&& context(std::string frame) && {
    context_.push_back(std::move(frame));
    return std::move(*this);
  }

  /// Outermost frame first, then the message: "file x.bin: event[3]: size too large".
  std::string what() const;

  /// For TPM errors: the raw response code (0 otherwise).
  std::uint32_t tpm_rc() const { return tpm_rc_; }
  Error& with_tpm_rc(std::uint32_t rc) {
    tpm_rc_ = rc;
    return *this;
  }

 private:
  ErrorKind kind_;
  std::string message_;
  std::vector<std::string> context_;
  std::uint32_t tpm_rc_ = 0;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  Error& error() & { return std::get<1>(v_); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

  /// Adds a context frame when this holds an error; no-op on success.
  Result&& context(std::string frame) && {
    if (!ok()) std::get<1>(v_).context(std::move(frame));
    return std::move(*this);
  }

 private:
  std::variant<T, Error> v_;
};

/// Result for operations that return nothing.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Unit{}; }

inline Error make_error(ErrorKind kind, std::string message) { return Error(kind, std::move(message)); }

}  // namespace tpmready

/// Propagates an error from an expression returning Result<...>; evaluates to the value otherwise.
/// Usage: `auto x = TRY(reader.u32be("size"));`
#define TPMREADY_CONCAT_INNER(a, b) a##b
#define TPMREADY_CONCAT(a, b) TPMREADY_CONCAT_INNER(a, b)
#define TRY(expr)                                                              \
  ({                                                                           \
    auto&& TPMREADY_CONCAT(_res_, __LINE__) = (expr);                          \
    if (!TPMREADY_CONCAT(_res_, __LINE__).ok())                                \
      return std::move(TPMREADY_CONCAT(_res_, __LINE__)).error();              \
    std::move(TPMREADY_CONCAT(_res_, __LINE__)).value();                       \
  })
