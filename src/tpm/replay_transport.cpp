#include "tpm/replay_transport.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "util/file.h"

namespace tpmready::tpm {

Result<std::vector<Exchange>> parse_session(std::string_view text) {
  std::vector<Exchange> out;
  bool want_response = false;
  std::size_t line_no = 0;
  while (!text.empty()) {
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& why) {
      return make_error(ErrorKind::Parse, "line " + std::to_string(line_no) + ": " + why);
    };
    char dir = line.front();
    if (dir != '>' && dir != '<') return fail("expected '>' (command) or '<' (response)");
    if ((dir == '<') != want_response) return fail(want_response ? "expected a response line" : "response without a command");
    Bytes bytes;
    if (!from_hex(line.substr(1), bytes)) return fail("bad hex");
    if (dir == '>') {
      out.push_back({std::move(bytes), {}});
    } else {
      out.back().response = std::move(bytes);
    }
    want_response = !want_response;
  }
  if (want_response) return make_error(ErrorKind::Parse, "line " + std::to_string(line_no) + ": command without a response");
  return out;
}

std::string format_session(const std::vector<Exchange>& exchanges, std::string_view comment) {
  std::string out = "# " + std::string(comment) + "\n";
  for (const auto& e : exchanges) out += "> " + to_hex(e.command) + "\n< " + to_hex(e.response) + "\n";
  return out;
}

Result<Bytes> ReplayTransport::transmit(ByteSpan command) {
  if (next_ >= exchanges_.size()) {
    return make_error(ErrorKind::Io, describe() + ": command " + std::to_string(next_ + 1) + " is past the end of the recording");
  }
  const Exchange& e = exchanges_[next_];
  if (!std::equal(command.begin(), command.end(), e.command.begin(), e.command.end())) {
    return make_error(ErrorKind::Io, describe() + ": command " + std::to_string(next_ + 1) + " differs from the recording: sent " +
                                         to_hex(command) + ", recorded " + to_hex(e.command));
  }
  ++next_;
  return e.response;
}

Result<Bytes> RecordingTransport::transmit(ByteSpan command) {
  auto response = inner_.transmit(command);
  if (response.ok()) exchanges_.push_back({Bytes(command.begin(), command.end()), *response});
  return response;
}

Result<std::unique_ptr<Transport>> make_replay_transport(const std::string& path) {
  auto bytes = read_file(path, input_limit(kMaxJsonBytes));
  if (!bytes.ok()) return std::move(bytes).error();
  auto exchanges = parse_session(std::string(bytes->begin(), bytes->end()));
  if (!exchanges.ok()) return std::move(exchanges).error().context(path);
  return std::unique_ptr<Transport>(std::make_unique<ReplayTransport>(std::move(*exchanges), path));
}

}  // namespace tpmready::tpm
