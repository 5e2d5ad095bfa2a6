#!/usr/bin/env bash
# Builds tpmready's release artifacts into dist/ (CI runs it through scripts/test.sh):
#   tpmready-<version>-windows-x64.zip  tpmready.exe (static MinGW-w64 build, build/windows), the
#                                       Intune Remediations scripts, README.txt, third-party
#                                       notices, SHA256SUMS
#   tpmready_<version>_amd64.deb        /usr/bin/tpmready (build/release), tpmready(1), bash
#                                       completion, /usr/share/doc/tpmready (README, docs, copyright)
#   SHA256SUMS                          of both
# <version> is CMake's project version. The builds scripts/test.sh made are reused (only the
# tpmready targets are brought up to date); what is missing is configured and built.
# Same sources, same bytes: file times are the last commit's (SOURCE_DATE_EPOCH), names sorted,
# owners root, no build-machine paths or clocks in the packages.
#   scripts/package.sh
# Env: DIST_DIR (default dist/) is the output folder; TPMREADY_SKIP_DEPS=1 skips the apt step;
#      TPMREADY_SKIP_WINDOWS=1 makes only the .deb; SOURCE_DATE_EPOCH overrides the file times;
#      TPMREADY_MAINTAINER the .deb's Maintainer (default: the last commit's author).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
dist=${DIST_DIR:-$root/dist}
windows=1
[ "${TPMREADY_SKIP_WINDOWS:-0}" = 1 ] && windows=0

die() { echo "package: $*" >&2; exit 1; }

if [ "${TPMREADY_SKIP_DEPS:-0}" != 1 ]; then
  if [ $windows = 1 ]; then scripts/install-deps.sh --all; else scripts/install-deps.sh; fi
fi
for tool in dpkg-deb dpkg-shlibdeps zip python3 sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/install-deps.sh installs it)"
done

jobs=$(nproc 2>/dev/null || echo 2)
build() {  # build PRESET: configure once, then bring the tpmready target up to date
  [ -f "build/$1/build.ninja" ] || cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" --target tpmready -j "$jobs" >/dev/null
}
build release
[ $windows = 1 ] && build windows

bin=$root/build/release/tpmready
exe=$root/build/windows/tpmready.exe
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' build/release/CMakeCache.txt)
[ -n "$version" ] || die "no CMAKE_PROJECT_VERSION in build/release/CMakeCache.txt"
version_text=$("$bin" --version)
case "$version_text" in "tpmready $version "*) ;; *) die "build/release/tpmready --version says '$version_text', not $version";; esac

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C
stamp() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tpmready-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$dist"

# The copyright notices of what is compiled into a binary: for each file (a static library or a
# header folder), the Debian package that holds it and that package's copyright file.
third_party() {  # third_party OUT_DIR FILE...
  local out=$1 f pkg
  shift
  mkdir -p "$out"
  for f in "$@"; do
    pkg=$(dpkg -S "$(realpath "$f")" 2>/dev/null | head -n1 | cut -d: -f1) || true
    [ -n "$pkg" ] || die "no Debian package holds $f (needed for its copyright notice)"
    [ -f "/usr/share/doc/$pkg/copyright" ] || die "/usr/share/doc/$pkg/copyright missing"
    cp "/usr/share/doc/$pkg/copyright" "$out/$pkg.copyright"
  done
}
headers=(/usr/include/nlohmann /usr/include/CLI /usr/include/fmt)

# This repository's license: packaged when there is one. There is none yet (no LICENSE or COPYING
# file), and none is made up here.
license=""
for f in LICENSE LICENSE.txt LICENSE.md COPYING; do
  [ -f "$f" ] && { license=$f; break; }
done
[ -n "$license" ] || echo "package: warning: the repository has no license file; the packages state that" >&2

copyright_text() {  # copyright_text WHERE: where the third-party notices are
  echo "$version_text"
  echo "Copyright: the tpmready authors (the git history of the source repository)."
  if [ -n "$license" ]; then
    echo "License:"
    sed 's/^/  /' "$license"
  else
    echo "License: none stated (the source repository has no license file)."
  fi
  echo
  echo "tpmready includes third-party code. The copyright files of the Debian packages it comes from"
  echo "$1."
}

# --- Windows zip -------------------------------------------------------------------------------
if [ $windows = 1 ]; then
  [ -f "$exe" ] || die "$exe missing after the build"
  scripts/check-win-imports.sh "$exe" >/dev/null || die "$exe imports non-system DLLs"
  zipname=tpmready-$version-windows-x64.zip
  z=$work/zip
  mkdir -p "$z"
  cp "$exe" "$z/tpmready.exe"
  cp packaging/windows/Detect-TpmReady.ps1 packaging/windows/Remediate-TpmReady.ps1 "$z/"
  # Notepad on older Windows needs CRLF line ends.
  sed "s/@VERSION@/${version_text#tpmready }/" packaging/windows/README.txt | sed 's/$/\r/' > "$z/README.txt"
  copyright_text "are in third-party/" | sed 's/$/\r/' > "$z/COPYRIGHT.txt"
  [ -n "$license" ] && cp "$license" "$z/LICENSE.txt"
  mingw_cxx=x86_64-w64-mingw32-g++-posix
  third_party "$z/third-party" "${headers[@]}" "$("$mingw_cxx" -print-file-name=libstdc++.a)" \
    "$("$mingw_cxx" -print-file-name=libwinpthread.a)" "$("$mingw_cxx" -print-file-name=libmsvcrt.a)"
  (cd "$z" && find . -type f | sed 's|^\./||' | sort | xargs sha256sum > "$work/zip-sums" && mv "$work/zip-sums" SHA256SUMS)
  stamp "$z"
  rm -f "$dist/$zipname"
  (cd "$z" && find . -mindepth 1 | sed 's|^\./||' | sort | zip -X -q -D "$dist/$zipname" -@)
  echo "package: $dist/$zipname"
fi

# --- Debian package ----------------------------------------------------------------------------
arch=$(dpkg --print-architecture)
debname=tpmready_${version}_$arch.deb
d=$work/deb
install -d "$d/DEBIAN" "$d/usr/bin" "$d/usr/share/man/man1" "$d/usr/share/bash-completion/completions" \
  "$d/usr/share/doc/tpmready"
install -m 0755 "$bin" "$d/usr/bin/tpmready"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$d/usr/bin/tpmready"
date=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
python3 packaging/gen_cli_docs.py "$d/usr/bin/tpmready" --man "$work/tpmready.1" \
  --completion "$d/usr/share/bash-completion/completions/tpmready" --date "$date"
gzip -9n < "$work/tpmready.1" > "$d/usr/share/man/man1/tpmready.1.gz"
doc=$d/usr/share/doc/tpmready
static_libs=$(sed -n 's/^TPMREADY_LIB[a-z0-9]*_A:FILEPATH=//p' build/release/CMakeCache.txt)
# shellcheck disable=SC2086  # one path per line, no spaces
third_party "$work/deb-third-party" "${headers[@]}" $static_libs "$(g++ -print-file-name=libstdc++.a)"
{
  copyright_text "follow"
  for f in "$work"/deb-third-party/*.copyright; do
    printf '\n==== third-party: Debian package %s ====\n\n' "$(basename "$f" .copyright)"
    cat "$f"
  done
} > "$doc/copyright"
# The README and docs/ as in the repository (uncompressed: the README links into docs/).
cp README.md "$doc/"
cp -r docs "$doc/docs"
find "$d" -type d -exec chmod 0755 {} +
find "$d/usr/share" -type f -exec chmod 0644 {} +

# Depends: what the release binary's shared libraries need, as dpkg-shlibdeps computes it from the
# installed packages' shlibs/symbols files.
mkdir -p "$work/shlibs/debian"
printf 'Source: tpmready\n\nPackage: tpmready\nArchitecture: any\n' > "$work/shlibs/debian/control"
depends=$(cd "$work/shlibs" && dpkg-shlibdeps -O "$d/usr/bin/tpmready" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies for $bin"
maintainer=${TPMREADY_MAINTAINER:-$(git log -1 --format='%an <%ae>' 2>/dev/null || true)}
[ -n "$maintainer" ] || die "no maintainer: set TPMREADY_MAINTAINER (\"Name <email>\")"
installed_size=$(du -k -s --apparent-size "$d/usr" | cut -f1)
cat > "$d/DEBIAN/control" <<CONTROL
Package: tpmready
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $installed_size
Depends: $depends
Section: admin
Priority: optional
Description: is this device's TPM ready for Windows Autopilot attestation?
 tpmready reads a TPM 2.0 (read-only), its EK certificates and boot log, and the
 files Windows admins already have (tpmtool output, .reg exports, event logs,
 diagnostics .cab/.zip), and answers with a verdict, the root cause, the chain
 from it to what Windows reports, and the fix. Text, JSON and HTML reports;
 fleet aggregation on SQLite.
CONTROL
stamp "$d"
rm -f "$dist/$debname"
dpkg-deb --root-owner-group -Zxz --build "$d" "$dist/$debname" >/dev/null
echo "package: $dist/$debname"

(cd "$dist" && sha256sum -- "$debname" ${zipname:+"$zipname"} > SHA256SUMS)
echo "package: $dist/SHA256SUMS"
