#pragma once
/// PCR replay (facts/tcg.md §5.4): per bank, PCR = H(PCR || event digest) for every event except
/// EV_NO_ACTION; PCR 0 starts at the StartupLocality when the log carries one, every other PCR at
/// zeros. Fed one event at a time, so a log is replayed while it streams past.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eventlog/parser.h"
#include "crypto/pcr_values.h"

namespace tpmready::eventlog {

/// What the log says about one PCR besides its value: enough to name suspects on a mismatch.
struct PcrHistory {
  std::size_t events = 0;          ///< events extended into this PCR
  std::size_t separators = 0;      ///< EV_SEPARATOR events seen
  std::optional<std::size_t> last_separator;  ///< index of the last EV_SEPARATOR
  std::vector<std::size_t> after_separator;   ///< first indices of events after the last separator
  std::size_t after_separator_count = 0;
  std::optional<std::size_t> last_event;
};

class Replayer {
 public:
  /// `banks`: TPM_ALG_IDs to replay (EventLogReader::banks()).
  explicit Replayer(const std::vector<std::uint16_t>& banks);

  void add(const Event& event);

  /// Replayed values of the PCRs the log extended, per bank name. Banks that could not be
  /// replayed (an event without their digest, an algorithm we cannot compute) are left out and
  /// explained by bank_problems().
  PcrValues values() const;
  /// The value a PCR starts from in this log (zeros; PCR 0 at the StartupLocality).
  Bytes initial_value(std::uint16_t alg, unsigned pcr) const;
  const std::map<std::string, std::string>& bank_problems() const { return bank_problems_; }
  std::optional<std::uint8_t> startup_locality() const { return locality_; }
  const std::array<PcrHistory, kMaxPcrIndex + 1>& history() const { return history_; }

 private:
  struct Bank {
    std::uint16_t alg = 0;
    std::string name;
    std::size_t size = 0;
    bool ok = true;
    std::array<Bytes, kMaxPcrIndex + 1> pcr;  // empty = never extended
  };
  void note_history(const Event& event);
  void extend(Bank& bank, const Event& event);

  std::vector<Bank> banks_;
  std::array<PcrHistory, kMaxPcrIndex + 1> history_{};
  std::optional<std::uint8_t> locality_;
  std::map<std::string, std::string> bank_problems_;
};

/// StartupLocality event (facts/tcg.md §5.4): EV_NO_ACTION, PCR 0, 17 bytes
/// "StartupLocality\0" + locality. Returns the locality.
std::optional<std::uint8_t> startup_locality_of(const Event& event);

/// Comparison of a replay with PCR values read from a TPM (or a file).
struct PcrComparison {
  std::string bank;
  unsigned pcr = 0;
  Bytes replayed;
  Bytes actual;
  bool match = false;
  /// Set when the PCR matched only after a named firmware workaround (see compare_replay).
  std::string workaround;
};
struct SuspectEvent {
  unsigned pcr = 0;
  std::optional<std::size_t> event_index;  ///< nullopt when the suspect is an absence
  std::string reason;
};
struct ReplayReport {
  std::vector<PcrComparison> compared;
  std::vector<std::string> banks_compared;
  std::vector<SuspectEvent> suspects;
  /// True when every compared PCR matches and at least one was compared.
  bool matches = false;
  std::vector<unsigned> mismatched_pcrs() const;  ///< sorted, unique
};

/// Compares the PCRs the log extended (and the firmware PCRs 0-7, which the log must describe
/// fully) with `actual`, in every bank both have. PCRs absent from `actual` are not compared.
/// `parse_issue`: when the log was cut short, the missing tail is named as a suspect.
/// Workaround "ebs-event-missing" (facts/tcg.md §5.6, GA eventlog_workarounds.go): only when PCR 5
/// fails strictly, retry with the ExitBootServices EV_EFI_ACTION measurements some firmware
/// extends but omits from the log; a match through it is reported with the workaround's name.
ReplayReport compare_replay(const Replayer& replay, const PcrValues& actual,
                            const std::optional<ParseIssue>& parse_issue);

}  // namespace tpmready::eventlog
