// .evtx on Windows through the Event Log API (wevtapi): EvtQuery(EvtQueryFilePath) on the file,
// EvtNext in batches, EvtRender(EvtRenderEventXml), then the shared event_from_xml().
#include <windows.h>
#include <winevt.h>

#include <memory>
#include <vector>

#include "collect/offline/evtx_reader.h"
#include "util/win_text_windows.h"

namespace tpmready::offline {
namespace {

struct EvtHandle {
  EVT_HANDLE h = nullptr;
  ~EvtHandle() {
    if (h) EvtClose(h);
  }
};

Error win_error(const std::string& what, DWORD code) {
  return make_error(ErrorKind::Io, what + " failed: " + win::win32_error_text(code));
}

Result<std::string> render_xml(EVT_HANDLE event, const EvtxLimits& limits) {
  DWORD used = 0, props = 0;
  std::vector<wchar_t> buf(4096);
  if (!EvtRender(nullptr, event, EvtRenderEventXml, static_cast<DWORD>(buf.size() * sizeof(wchar_t)), buf.data(),
                 &used, &props)) {
    DWORD err = GetLastError();
    if (err != ERROR_INSUFFICIENT_BUFFER) return win_error("EvtRender", err);
    if (used > limits.max_xml_bytes * 2) return make_error(ErrorKind::Limit, "event XML exceeds the limit");
    buf.resize(used / sizeof(wchar_t) + 1);
    if (!EvtRender(nullptr, event, EvtRenderEventXml, used, buf.data(), &used, &props))
      return win_error("EvtRender", GetLastError());
  }
  std::size_t chars = used / sizeof(wchar_t);
  while (chars > 0 && buf[chars - 1] == L'\0') --chars;
  return win::narrow(buf.data(), chars);
}

}  // namespace

Result<EvtxReadResult> read_evtx(ByteSpan, const std::string& input_name, const EvtxLimits&) {
  // The Event Log API opens log files by path only; bytes from inside an archive have none.
  return make_error(ErrorKind::Unsupported,
                    "reading an .evtx from memory (an archive member) needs the Linux build (libevtx); on Windows "
                    "expand the archive (expand.exe -F:* FILE.cab DIR) and give the folder")
      .context("evtx " + input_name);
}

namespace {

/// Every record of `query` through event_from_xml, kept or counted like a file's.
EvtxReadResult read_query(EVT_HANDLE query, const std::string& input_name, const EvtxLimits& limits) {
  EvtxReadResult out;
  EVT_HANDLE batch[64];
  for (;;) {
    DWORD returned = 0;
    if (!EvtNext(query, 64, batch, INFINITE, 0, &returned)) {
      DWORD err = GetLastError();
      if (err != ERROR_NO_MORE_ITEMS) add_issue(out, limits, win_error("EvtNext", err).what() + ": rest not read");
      break;
    }
    for (DWORD i = 0; i < returned; ++i) {
      EvtHandle ev;
      ev.h = batch[i];
      if (out.records >= limits.max_records) {
        out.truncated = true;
        continue;
      }
      ++out.records;
      auto xml = render_xml(ev.h, limits);
      auto parsed = xml ? event_from_xml(*xml, limits) : Result<WindowsEvent>(xml.error());
      if (!parsed) {
        ++out.skipped;
        add_issue(out, limits, "record " + std::to_string(out.records) + " skipped: " + parsed.error().what());
        continue;
      }
      keep_event(std::move(*parsed), input_name, limits, out);
    }
    if (out.truncated) {
      add_issue(out, limits, "more than " + std::to_string(limits.max_records) + " records: the rest not read");
      break;
    }
  }
  return out;
}

}  // namespace

Result<EvtxReadResult> read_evtx_file(const std::string& path, const std::string& input_name,
                                      const EvtxLimits& limits) {
  EvtHandle query;
  query.h = EvtQuery(nullptr, win::widen(path).c_str(), L"*", EvtQueryFilePath | EvtQueryForwardDirection);
  if (!query.h) return std::move(win_error("EvtQuery", GetLastError()).context("evtx " + input_name));
  return read_query(query.h, input_name, limits);
}

Result<EvtxReadResult> read_event_channel(const std::string& channel, const std::string& xpath,
                                          const std::string& input_name, const EvtxLimits& limits) {
  EvtHandle query;
  query.h = EvtQuery(nullptr, win::widen(channel).c_str(), win::widen(xpath).c_str(),
                     EvtQueryChannelPath | EvtQueryReverseDirection);
  if (!query.h) return std::move(win_error("EvtQuery", GetLastError()).context("event log " + channel));
  return read_query(query.h, input_name, limits);
}

}  // namespace tpmready::offline
