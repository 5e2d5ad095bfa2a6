#include "cli/progress_line.h"

#include <algorithm>
#include <cstdio>

namespace tpmready::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kQuiet = std::chrono::seconds(1);  // shorter waits show nothing

}  // namespace

ProgressLine::ProgressLine(bool show) : show_(show) {}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string ProgressLine::line_for(const std::string& what, std::chrono::seconds elapsed) {
  const std::string tail = " ... " + std::to_string(elapsed.count()) + " s";
  std::string head = what;
  if (head.size() + tail.size() > kWidth) head = head.substr(0, kWidth - tail.size() - 3) + "...";
  for (auto& c : head)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return head + tail;
}

void ProgressLine::begin(std::string what) {
  if (!show_) return;
  {
    std::lock_guard lock(mutex_);
    what_ = std::move(what);
    since_ = Clock::now();
    ++wait_;
    waiting_ = true;
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  }
  changed_.notify_all();
}

void ProgressLine::end() {
  if (!show_) return;
  {
    std::lock_guard lock(mutex_);
    waiting_ = false;
    if (shown_ > 0) write("\r" + std::string(shown_, ' ') + "\r");
    shown_ = 0;
  }
  changed_.notify_all();
}

void ProgressLine::write(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void ProgressLine::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!waiting_) {
      changed_.wait(lock, [this] { return stopping_ || waiting_; });
      continue;
    }
    const std::uint64_t wait = wait_;
    const auto elapsed = Clock::now() - since_;
    // Next redraw: one second into the wait, then on each whole second.
    const auto next = since_ + std::max<Clock::duration>(kQuiet, std::chrono::ceil<std::chrono::seconds>(elapsed));
    if (changed_.wait_until(lock, next, [&] { return stopping_ || !waiting_ || wait_ != wait; })) continue;
    const std::string line = line_for(what_, std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - since_));
    const std::size_t blank = shown_ > line.size() ? shown_ - line.size() : 0;
    write("\r" + line + std::string(blank, ' '));
    shown_ = line.size() + blank;
  }
}

}  // namespace tpmready::cli
