#!/usr/bin/env bash
# Installs everything tpmready needs to build and test on Debian 12 / Ubuntu 22.04+.
# Idempotent: apt-get skips what is already there. Runs `apt-get update` first, as CI
# starts from a clean machine. Needs root (or sudo).
#
#   scripts/install-deps.sh            # build + test dependencies (Linux, swtpm, tpm2-tools, Chromium)
#   scripts/install-deps.sh --all      # + Windows cross build (MinGW-w64, Wine)
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config clang libclang-rt-14-dev
  # libraries (header-only ones are also used by the Windows cross build)
  nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev libgtest-dev libgmock-dev googletest
  libsqlite3-dev libarchive-dev libevtx-dev libevtx-utils libbfio-dev
  # what libarchive's zip reader needs when it is linked statically (CMakeLists.txt, TPMREADY_STATIC_LIBS)
  zlib1g-dev libbz2-dev liblzma-dev libzstd-dev nettle-dev
  # real TPM 2.0 for tests, and the oracle we compare against
  swtpm swtpm-tools tpm2-tools openssl
  # test helpers; the HTML reports are checked in headless Chromium (tests/integration/chromium.py)
  python3 python3-jsonschema iproute2 procps gcab chromium
  # packaging (scripts/package.sh: zip, dpkg-shlibdeps) and its test (unzip, man -l)
  zip unzip dpkg-dev man-db
)
extra=(
  # Windows: cross compiler and Wine to run the .exe tests (shared/facts/windows-build.md)
  g++-mingw-w64-x86-64-posix gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 mingw-w64-tools wine wine64
  # zlib for the Windows build's .zip reader (linked statically: src/util/zip_reader.cpp)
  libz-mingw-w64-dev
)
[ "${1:-}" = "--all" ] && packages+=("${extra[@]}")

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps: ok (${#packages[@]} packages)"
