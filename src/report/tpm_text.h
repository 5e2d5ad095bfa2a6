#pragma once
/// Text rendering of TpmEvidence for people (`tpmready tpm --format text`): grouped sections
/// with aligned labels; a software TPM gets a banner first.
#include <string>

#include "evidence/tpm_evidence.h"

namespace tpmready::report {

/// Text for people; terminal-safe (util/utf8.h): vendor strings cannot send control characters.
std::string render_tpm_text(const TpmEvidence& e);

/// "SOFTWARE TPM (swtpm) — not a hardware TPM", or "" for a hardware TPM.
std::string software_tpm_banner(const TpmEvidence& e);

}  // namespace tpmready::report
