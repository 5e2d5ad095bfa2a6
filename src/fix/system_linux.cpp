// Linux has no Windows state to change: `fix` prints the plan, `--apply` is refused.
#include "fix/apply.h"

namespace tpmready::fix {

Result<std::unique_ptr<System>> make_system() {
  return make_error(ErrorKind::Unsupported, "fix --apply runs on Windows only (this build prints the plan)");
}

}  // namespace tpmready::fix
