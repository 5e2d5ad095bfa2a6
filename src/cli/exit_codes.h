#pragma once
/// Exit codes of every tpmready command (shared DESIGN.md "Verdict").
namespace tpmready::cli {

enum ExitCode : int {
  kExitReady = 0,         ///< ready / success
  kExitNotReady = 1,      ///< not ready (a check failed)
  kExitUsage = 2,         ///< usage error or unusable input
  kExitUndetermined = 3,  ///< undetermined, or the TPM/evidence could not be collected
};

}  // namespace tpmready::cli
