// libFuzzer entry: tpmtool getdeviceinformation text (any encoding) → TpmtoolEvidence, plus the
// content classifier that routes such files and the PowerShell Format-List readers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collect/offline/classify.h"
#include "collect/offline/windows_facts.h"
#include "collect/offline/tpmtool_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  (void)tpmready::offline::classify(input);
  auto out = tpmready::offline::parse_tpmtool_bytes(input, "fuzz.txt");
  if (out.ok()) {
    tpmready::TpmtoolEvidence ev;
    std::vector<std::string> notes;
    tpmready::offline::apply_tpmtool(*out, ev, notes);
  }
  auto ps = tpmready::offline::parse_format_list_bytes(input, "fuzz.txt");
  if (ps.ok()) {
    tpmready::GetTpmEvidence tpm;
    tpmready::EkInfoEvidence ek;
    std::vector<std::string> notes;
    tpmready::offline::apply_get_tpm(*ps, tpm, notes);
    tpmready::offline::apply_ek_info(*ps, ek, notes);
    tpmready::ScheduledTaskEvidence task;
    tpmready::offline::apply_scheduled_task_info(*ps, task, notes);
  }
  return 0;
}
