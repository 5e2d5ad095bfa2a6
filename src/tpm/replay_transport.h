#pragma once
/// Recorded TPM sessions: RecordingTransport saves every command/response pair a real TPM
/// exchanged; ReplayTransport plays such a file back, checking that each command is the one
/// recorded. Used for fixtures (tests/data/tpm/*.session) and `--tpm replay:FILE`.
///
/// File format (text, one exchange per two lines, '#' comments):
///   > 80010000001600000 17a...    command, hex
///   < 80010000...                 response, hex
#include <string>
#include <utility>
#include <vector>

#include "tpm/transport.h"

namespace tpmready::tpm {

struct Exchange {
  Bytes command;
  Bytes response;
};

/// Parses the text format; errors name the line ("line 7: ...").
Result<std::vector<Exchange>> parse_session(std::string_view text);
std::string format_session(const std::vector<Exchange>& exchanges, std::string_view comment);

class ReplayTransport final : public Transport {
 public:
  ReplayTransport(std::vector<Exchange> exchanges, std::string name)
      : exchanges_(std::move(exchanges)), name_(std::move(name)) {}
  /// Returns the next recorded response; a command that differs from the recording, or one
  /// past its end, is an Io error naming the exchange number.
  Result<Bytes> transmit(ByteSpan command) override;
  std::string describe() const override { return "replay:" + name_; }
  std::size_t consumed() const { return next_; }

 private:
  std::vector<Exchange> exchanges_;
  std::string name_;
  std::size_t next_ = 0;
};

class RecordingTransport final : public Transport {
 public:
  explicit RecordingTransport(Transport& inner) : inner_(inner) {}
  Result<Bytes> transmit(ByteSpan command) override;
  std::string describe() const override { return inner_.describe(); }
  const std::vector<Exchange>& exchanges() const { return exchanges_; }

 private:
  Transport& inner_;
  std::vector<Exchange> exchanges_;
};

/// Loads a session file for `--tpm replay:FILE`.
Result<std::unique_ptr<Transport>> make_replay_transport(const std::string& path);

}  // namespace tpmready::tpm
