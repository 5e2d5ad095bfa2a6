"""Running tpmready on a pseudo-terminal, as in an interactive shell: for what only a terminal gets
(colour, progress lines)."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios

from tpmlab import tpmready_bin


def run_on_pty(*args: str, env: dict | None = None, columns: int = 0, cwd: str | None = None) -> tuple[int, bytes]:
    """tpmready with stdout and stderr on a pseudo-terminal, as in an interactive shell; `columns`
    sets the terminal's width (0: the pty says none)."""
    main, sub = pty.openpty()
    fcntl.ioctl(sub, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    full_env = dict(os.environ, **(env or {}))
    p = subprocess.Popen([str(tpmready_bin()), *args], stdout=sub, stderr=sub, stdin=subprocess.DEVNULL,
                         env=full_env, cwd=cwd)
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
