#pragma once
/// `check --online`: the records that name the device's own AIK CA (CertEnroll 86/87/88, the
/// event-table rows timeline::aik_ca_event_source() lists), read into Evidence::events before the
/// probes run, so the AIK CA can be probed (collect/network_probes.h) and the rules see Windows'
/// own answer beside the probe's.
#include <optional>
#include <string>

#include "evidence/evidence.h"
#include "timeline/aik_ca.h"

namespace tpmready::collect {

/// The Windows event log's XPath filter for those records:
/// `*[System[Provider[@Name='A' or @Name='B'] and (EventID=86 or EventID=87)]]`. Provider names
/// with a quote are left out (XPath 1.0 strings cannot escape one); "" when nothing is left.
std::string aik_ca_event_xpath(const timeline::AikCaEventSource& source);

/// Adds the records to e.events and what was read to e.inputs: from `path` when given (a bundle,
/// an .evtx or a folder, read like `analyze` reads it: for tests and diagnostics), else from this
/// machine's Application log (Windows; elsewhere the input says there is none). A file or log that
/// cannot be read is an input with its reason, never an error: the check goes on without them.
void read_aik_ca_events(const std::optional<std::string>& path, Evidence& e);

}  // namespace tpmready::collect
