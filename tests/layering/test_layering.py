"""Checks that the build enforces the layering (see tests/layering/layering.cmake).

  test_layering.py probes CMAKE BUILD_DIR kind:target:header,...
      every "forbidden" probe fails to compile because its header is not found, every "ok" probe
      compiles
  test_layering.py doc LAYERS_TXT ARCHITECTURE_MD
      the layer table of docs/architecture.md (rows "| `layer` | ... | `dep`, `dep` |") lists the
      same layers, in the same order, with the same dependencies as the CMake graph (layers.txt)
"""
from __future__ import annotations

import re
import subprocess
import sys


def probes(cmake: str, build: str, spec: str) -> int:
    failures = []
    for item in spec.split(","):
        kind, target, header = item.split(":", 2)
        run = subprocess.run([cmake, "--build", build, "--target", target], capture_output=True, text=True)
        out = run.stdout + run.stderr
        if kind == "ok" and run.returncode != 0:
            failures.append(f"{target}: an allowed include failed to compile:\n{out[-2000:]}")
        elif kind == "forbidden":
            if run.returncode == 0:
                failures.append(f"{target}: including {header} compiled; the layer must not reach it")
            elif not re.search(re.escape(header) + r".*(No such file|not found)", out):
                failures.append(f"{target}: failed, but not because {header} is out of reach:\n{out[-2000:]}")
        print(f"{kind:9} {target}: {'ok' if not failures or target not in failures[-1] else 'FAILED'}")
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


def doc(layers_txt: str, architecture_md: str) -> int:
    cmake = []
    for line in open(layers_txt, encoding="utf-8"):
        name, _, deps = line.strip().partition(":")
        cmake.append((name.strip(), deps.split()))
    table = []
    for line in open(architecture_md, encoding="utf-8"):
        m = re.match(r"\|\s*`([a-z]+)`\s*\|.*\|\s*([^|]*)\|\s*$", line)
        if m:
            deps = re.findall(r"`([a-z]+)`", m.group(2))
            table.append((m.group(1), deps))
    if table != cmake:
        print("docs/architecture.md's layer table differs from the CMake graph (layers.txt):", file=sys.stderr)
        print("  CMake: " + "; ".join(f"{n}: {' '.join(d)}" for n, d in cmake), file=sys.stderr)
        print("  doc:   " + "; ".join(f"{n}: {' '.join(d)}" for n, d in table), file=sys.stderr)
        return 1
    print(f"docs/architecture.md matches the CMake graph ({len(cmake)} layers)")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "probes":
        sys.exit(probes(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(doc(sys.argv[2], sys.argv[3]))
