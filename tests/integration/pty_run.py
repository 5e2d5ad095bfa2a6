"""Running tpmready on a pseudo-terminal, as in an interactive shell: for what only a terminal gets
(colour, progress lines)."""
from __future__ import annotations

import os
import pty
import select
import subprocess

from tpmlab import tpmready_bin


def run_on_pty(*args: str, env: dict | None = None) -> tuple[int, bytes]:
    """tpmready with stdout and stderr on a pseudo-terminal, as in an interactive shell."""
    main, sub = pty.openpty()
    full_env = dict(os.environ, **(env or {}))
    p = subprocess.Popen([str(tpmready_bin()), *args], stdout=sub, stderr=sub, stdin=subprocess.DEVNULL,
                         env=full_env)
    os.close(sub)
    out = b""
    while True:
        ready, _, _ = select.select([main], [], [], 30)
        if not ready:
            p.kill()
            break
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    return p.wait(timeout=30), out
