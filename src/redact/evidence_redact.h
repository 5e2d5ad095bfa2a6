#pragma once
/// `--redact` over Evidence and Report.
///
/// Why two layers: rules need the real values (ek.cert.matches_ek compares the EK with the
/// certificate's key; chain checks need the certificate bytes), so redaction runs after the
/// rules, on their inputs and outputs:
///  (a) redact_evidence / redact_report_device: pure functions that replace the identifying fields
///      with tokens. Raw certificate DER, NV contents and registry blobs cannot be tokenised
///      (they are signed structures): a redacted bundle drops them and carries the report the
///      device computed from them instead (Evidence::redaction).
///  (b) Redactor::scrub over the rendered output (text, JSON, HTML, summary line, bundle): every
///      sensitive value collect_sensitive found, in every encoding, replaced wherever it still
///      occurs (finding texts, input names, sources). A safety net for fields (a) does not know,
///      such as ones added to Evidence later.
#include "evidence/evidence.h"
#include "redact/redactor.h"
#include "report/report.h"

namespace tpmready::redact {

/// Registers every identifying value of `e` with `r`: device ID, serial, host name; EK and other
/// persistent public keys and their names; each EK certificate (DER, serial, SHA-1/SHA-256
/// fingerprints, subject key identifier, key); registry thumbprints and blobs; Get-TpmEndorsementKeyInfo
/// hashes and thumbprints; the folders of input paths (they hold user and host names); values of
/// Windows event data fields named for a user, account, computer, host or serial; host names and
/// e-mail addresses written inside event data and messages (host_names_in), except the public
/// attestation service names (net::is_public_service_name).
void collect_sensitive(const Evidence& e, Redactor& r);

/// `e` with identifying fields replaced (tokens for identifiers, same-length HMAC-derived bytes for
/// public keys) and raw certificate/registry bytes removed; `report` (the report built from the
/// real `e`) is kept in `.redaction` after redact_report_device and scrub. Call collect_sensitive
/// first: event-record data equal to a sensitive value is replaced through Redactor::exact, other
/// event data and messages are scrubbed (host names inside them become tokens).
Evidence redact_evidence(const Evidence& e, const Redactor& r, const report::Report& report);

/// The report's `device` block: id, serial and host name become tokens (short values too, which
/// scrub leaves alone). Other report text is left to scrub.
void redact_report_device(report::Report& rep, const Redactor& r);

}  // namespace tpmready::redact
