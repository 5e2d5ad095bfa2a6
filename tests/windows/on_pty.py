"""Runs a command on a pseudo terminal (so that Wine gives a Windows program a console), copies
what it shows to stdout and exits with its exit code.
  on_pty.py COMMAND [ARGS...]"""
import os
import pty
import select
import subprocess
import sys


def main() -> int:
    main_fd, sub_fd = pty.openpty()
    p = subprocess.Popen(sys.argv[1:], stdin=sub_fd, stdout=sub_fd, stderr=sub_fd)
    os.close(sub_fd)
    while True:
        ready, _, _ = select.select([main_fd], [], [], 300)
        if not ready:
            p.kill()
            print("on_pty: no output for 300 s, killed", file=sys.stderr)
            break
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not chunk:
            break
        sys.stdout.buffer.write(chunk)
        sys.stdout.flush()
    os.close(main_fd)
    return p.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
