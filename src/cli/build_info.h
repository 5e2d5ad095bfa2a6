#pragma once
/// What `tpmready --version` prints: the version (CMake's project version) and the git commit the
/// build was configured from ("unknown" outside a git checkout). Defined in a file generated at
/// configure time (cmake/build_info.cpp.in) and compiled into the program only.
#include <string_view>

namespace tpmready::cli {

/// "tpmready 0.1.0 (commit 7a1fd57c3e2a)"
std::string_view version_text();

}  // namespace tpmready::cli
