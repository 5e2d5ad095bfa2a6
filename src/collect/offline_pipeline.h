#pragma once
/// The offline input pipeline: what an admin already has → Evidence, the same Evidence a live check
/// produces. Inputs: regedit exports, tpmtool / schtasks / PowerShell console output, EK
/// certificates, TCG measured-boot logs, exported Windows event logs (.evtx), tpmready bundles,
/// .cab/.zip archives, and folders of them (MdmDiagnosticsTool output).
///
/// One pass, in the order given (folders in path order): each input, a file or an archive member
/// alike, is classified once by its content (collect/offline/classify.h) and read once by the
/// reader of its kind, which records one InputRecord (Evidence::inputs) with its status. Nothing is
/// left for a second pass. docs/architecture.md ("Offline input pipeline") has the flow.
///
/// Combining inputs: a later input wins and a value that changes between inputs is kept as a note
/// (collect/offline/windows_facts.h); certificates and Windows event records add up in input order;
/// a tpmready bundle is a whole device's evidence and becomes the base the files beside it add to.
#include <cstddef>
#include <string>
#include <vector>

#include "collect/offline/classify.h"
#include "collect/offline/evtx_reader.h"
#include "collect/offline/text_decode.h"
#include "evidence/evidence.h"
#include "util/archive.h"
#include "util/result.h"

namespace tpmready::collect {

struct OfflineOptions {
  std::size_t max_input_bytes = offline::kDefaultMaxTextBytes;  ///< per text input
  offline::WalkLimits walk;
  /// For all archives of one run together (nested ones and each archive among the inputs): one
  /// ArchiveBudget per collect_offline / collect_offline_bytes call.
  ArchiveLimits archive;
  offline::EvtxLimits evtx;
};

/// Reads every path (files or folders). Error (Usage) for an empty list; error when not one input
/// could be used, naming the first failure. Otherwise the evidence, with every input's status in
/// Evidence::inputs: an input that cannot be read is recorded with its reason and the rest are still
/// used. Archives (.cab/.zip) are read in memory: each member is classified and read like a file of
/// its kind ("archive.cab:member" names it); members that cannot be read are listed with their
/// reason; an archive unreadable as a whole is an unreadable input.
Result<Evidence> collect_offline(const std::vector<std::string>& paths, const OfflineOptions& options = {});

/// One input already in memory (`name` names it), classified and read like a file; an archive is
/// walked the same way. For fuzzing and for callers that hold the bytes.
Result<Evidence> collect_offline_bytes(ByteSpan data, const std::string& name, const OfflineOptions& options = {});

}  // namespace tpmready::collect
