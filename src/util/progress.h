#pragma once
/// Waits the user should hear about. Code that may block for seconds (an HTTPS request, a proxy, a
/// scheduled task) wraps the wait in a ProgressStep; the command decides how it shows (the CLI: a
/// line on stderr, on a terminal only, once the wait passes a second). Layers below the CLI only
/// see this interface.
#include <string>

namespace tpmready {

class Progress {
 public:
  virtual ~Progress() = default;
  /// A wait begins: `what` says what for ("probing https://ztd.dds.microsoft.com").
  virtual void begin(std::string what) = 0;
  /// The wait begun last is over.
  virtual void end() = 0;
};

/// Shows nothing (tests, and callers without a user).
Progress& no_progress();

/// begin() now, end() when it goes out of scope.
class ProgressStep {
 public:
  ProgressStep(Progress& progress, std::string what) : progress_(progress) { progress_.begin(std::move(what)); }
  ~ProgressStep() { progress_.end(); }
  ProgressStep(const ProgressStep&) = delete;
  ProgressStep& operator=(const ProgressStep&) = delete;

 private:
  Progress& progress_;
};

}  // namespace tpmready
