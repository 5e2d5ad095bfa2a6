#pragma once
/// The CLI's Progress: while a wait lasts longer than a second, one line on stderr says what it is
/// waiting for and for how long ("probing https://ztd.dds.microsoft.com ... 4 s"), rewritten each
/// second and erased when the wait ends. Only when stderr is a terminal: redirected output and
/// Intune scripts get no progress text. ASCII only, so any console shows it.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "util/progress.h"

namespace tpmready::cli {

class ProgressLine final : public Progress {
 public:
  /// `show`: stderr is a terminal (platform::stderr_is_terminal()); otherwise nothing is written.
  explicit ProgressLine(bool show);
  ~ProgressLine() override;
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void begin(std::string what) override;
  void end() override;

  /// The line shown `elapsed` into a wait for `what`, at most kWidth columns.
  static std::string line_for(const std::string& what, std::chrono::seconds elapsed);
  static constexpr std::size_t kWidth = 79;

 private:
  void run();
  void write(const std::string& text);  // with mutex_ held

  const bool show_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::thread thread_;
  std::string what_;
  std::chrono::steady_clock::time_point since_;
  std::uint64_t wait_ = 0;  ///< counts begin(): tells the thread a new wait from the one it timed
  bool waiting_ = false;
  bool stopping_ = false;
  std::size_t shown_ = 0;  ///< columns of the line on screen, 0 when none
};

}  // namespace tpmready::cli
