"""A TCP fault-injecting proxy between a TPM client and swtpm (stdlib only, reusable).

It listens on 127.0.0.1 on an even port P (the TPM command channel) and P+1 (swtpm's ctrl
channel, forwarded untouched, so clients that use the pair -- tpm2-tools' swtpm TCTI -- work).
Commands are framed on the command channel either raw (TPM header first: tag, size, code) or
in the mssim/swtpm wrapper (UINT32 TPM_SEND_COMMAND=8, UINT8 locality, UINT32 length, command;
response: UINT32 length, response, UINT32 0) -- facts/tcg.md §7. swtpm accepts both, so the proxy
detects the framing per message and answers in the same one.

Faults (one per proxy, applied to the first command that `trigger` selects):
  PASS            forward everything (baseline)
  DROP            send the first 4 response bytes, then reset the connection (RST)
  TRUNCATE        send half of the response, then close
  CORRUPT_SIZE    rewrite the TPM header's responseSize (and the mssim length) to `size_value`
                  (default 0x7FFFFFF0: a claimed 2 GiB response), send, keep the socket open
  DELAY           hold the response for `delay_s` seconds, then send it
  VANISH_NV       answer TPM2_NV_ReadPublic / TPM2_NV_Read (`vanish_on`) on `nv_index` with
                  TPM_RC_HANDLE (as if the index was undefined between GetCapability and the read)
  RC              from the triggering command on, answer every command with the 10-byte error
                  response `rc_value` (e.g. TPM_RC_RETRY, TPM_RC_LOCKOUT, TPM_RC_FAILURE: a TPM
                  that keeps asking for a retry, is locked out, or is in failure mode)

Use:
    with FaultProxy(upstream_port, Fault.DELAY, delay_s=3) as proxy:
        run_client(port=proxy.port)
    proxy.faulted_command   # the TPM_CC name the fault hit, e.g. "TPM2_GetCapability"
Or as a program: python3 fault_proxy.py UPSTREAM_PORT FAULT [--nv-index 0x01c00002] ...
(prints the listening port, runs until SIGTERM/SIGINT).
"""
from __future__ import annotations

import argparse
import enum
import random
import signal
import socket
import struct
import sys
import threading
from typing import Callable, Optional

# facts/tcg.md §1.3 (TSS-types)
TPM_CC_NAMES = {
    0x131: "TPM2_CreatePrimary", 0x143: "TPM2_SelfTest", 0x144: "TPM2_Startup",
    0x145: "TPM2_Shutdown", 0x14E: "TPM2_NV_Read", 0x165: "TPM2_FlushContext",
    0x169: "TPM2_NV_ReadPublic", 0x173: "TPM2_ReadPublic", 0x17A: "TPM2_GetCapability",
    0x17B: "TPM2_GetRandom", 0x17C: "TPM2_GetTestResult", 0x17E: "TPM2_PCR_Read", 0x181: "TPM2_ReadClock",
}
TPM_CC_NV_READ = 0x14E
TPM_CC_NV_READPUBLIC = 0x169
TPM_ST_NO_SESSIONS = 0x8001      # facts/tcg.md §1.1
TPM_ST_SESSIONS = 0x8002
TPM_RC_HANDLE = 0x08B            # facts/tcg.md §1.5, format 1
TPM_RC_H = 0x000                 # handle-number modifier: N in bits 8-11 (facts/tcg.md §1.5)
MSSIM_TPM_SEND_COMMAND = 8       # facts/tcg.md §7
MSSIM_TPM_SESSION_END = 20
HEADER_SIZE = 10
MAX_MESSAGE = 1 << 16            # anything bigger from a client is garbage; refuse it


class Fault(enum.Enum):
    PASS = "pass"
    DROP = "drop"
    TRUNCATE = "truncate"
    CORRUPT_SIZE = "corrupt-size"
    DELAY = "delay"
    VANISH_NV = "vanish-nv"
    RC = "rc"


def command_name(code: int) -> str:
    return TPM_CC_NAMES.get(code, f"TPM_CC 0x{code:08x}")


def handle_rc(handle_number: int) -> int:
    """TPM_RC_HANDLE for handle `handle_number` (1-based): format 1, N = handle number."""
    return TPM_RC_HANDLE | TPM_RC_H | (handle_number << 8)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError(f"peer closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


class _Message:
    """One client message on the command channel, with the framing it came in."""

    def __init__(self, mssim: bool, locality: int, tpm: bytes, other: Optional[bytes] = None):
        self.mssim = mssim          # True: mssim wrapper, False: raw TPM command
        self.locality = locality
        self.tpm = tpm              # the TPM command bytes (empty for non-TPM mssim codes)
        self.other = other          # a non-TPM mssim code (e.g. SESSION_END), forwarded as is

    @property
    def code(self) -> int:
        return struct.unpack(">I", self.tpm[6:10])[0] if len(self.tpm) >= HEADER_SIZE else 0

    def handles(self, count: int) -> list[int]:
        return [struct.unpack(">I", self.tpm[10 + 4 * i:14 + 4 * i])[0]
                for i in range(count) if len(self.tpm) >= 14 + 4 * i]

    def wire(self) -> bytes:
        if self.other is not None:
            return self.other
        if self.mssim:
            return struct.pack(">IBI", MSSIM_TPM_SEND_COMMAND, self.locality, len(self.tpm)) + self.tpm
        return self.tpm


def _read_message(sock: socket.socket) -> _Message:
    first = _recv_exact(sock, 4)
    (word,) = struct.unpack(">I", first)
    if word == MSSIM_TPM_SEND_COMMAND:
        locality, length = struct.unpack(">BI", _recv_exact(sock, 5))
        if not HEADER_SIZE <= length <= MAX_MESSAGE:
            raise ValueError(f"mssim command length {length} out of range")
        return _Message(True, locality, _recv_exact(sock, length))
    if word >> 16 in (TPM_ST_NO_SESSIONS, TPM_ST_SESSIONS):
        rest = _recv_exact(sock, 2)
        (size,) = struct.unpack(">I", first[2:4] + rest)
        if not HEADER_SIZE <= size <= MAX_MESSAGE:
            raise ValueError(f"TPM commandSize {size} out of range")
        return _Message(False, 0, first + rest + _recv_exact(sock, size - 6))
    if word == MSSIM_TPM_SESSION_END:
        return _Message(True, 0, b"", other=first)  # no response follows
    raise ValueError(f"neither a TPM command nor an mssim code: {first.hex()}")


def _read_response(sock: socket.socket, mssim: bool) -> bytes:
    """The TPM response bytes (mssim: without the length prefix and the 4 trailing bytes)."""
    if mssim:
        (length,) = struct.unpack(">I", _recv_exact(sock, 4))
        body = _recv_exact(sock, length)
        _recv_exact(sock, 4)
        return body
    header = _recv_exact(sock, HEADER_SIZE)
    (size,) = struct.unpack(">I", header[2:6])
    return header + _recv_exact(sock, max(0, size - HEADER_SIZE))


def _frame_response(tpm: bytes, mssim: bool, outer_len: Optional[int] = None) -> bytes:
    if not mssim:
        return tpm
    n = len(tpm) if outer_len is None else outer_len
    return struct.pack(">I", n) + tpm + b"\0\0\0\0"


def _error_response(rc: int) -> bytes:
    return struct.pack(">HII", TPM_ST_NO_SESSIONS, HEADER_SIZE, rc)


class FaultProxy:
    """See the module docstring. Thread-based; start()/stop() or use as a context manager."""

    def __init__(self, upstream_port: int, fault: Fault = Fault.PASS, *,
                 upstream_host: str = "127.0.0.1",
                 trigger: Optional[Callable[[int, int], bool]] = None,
                 at_command: int = 2, delay_s: float = 5.0, size_value: int = 0x7FFFFFF0,
                 nv_index: int = 0x01C00002,
                 vanish_on: tuple[int, ...] = (TPM_CC_NV_READPUBLIC, TPM_CC_NV_READ),
                 rc_value: int = 0x922):
        self.upstream = (upstream_host, upstream_port)
        self.fault = fault
        # trigger(command_number (1-based, over all connections), command_code) -> fault now?
        self.trigger = trigger or (lambda n, _code: n >= at_command)
        self.delay_s = delay_s
        self.size_value = size_value
        self.nv_index = nv_index
        self.vanish_on = vanish_on     # VANISH_NV: which of NV_ReadPublic / NV_Read fail
        self.rc_value = rc_value       # RC: the response code every command gets once triggered
        self.port = 0
        self.commands: list[str] = []          # names of all TPM commands seen, in order
        self.faulted_command: Optional[str] = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listeners: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._open: set[socket.socket] = set()

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> "FaultProxy":
        cmd, ctrl = self._listen_pair()
        self._listeners = [cmd, ctrl]
        self._spawn(self._accept_loop, cmd, self._serve_command)
        self._spawn(self._accept_loop, ctrl, self._serve_ctrl)
        return self

    def stop(self) -> None:
        self._stop.set()
        for s in self._listeners + list(self._open):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        for t in self._threads:
            t.join(timeout=2)

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _listen_pair(self) -> tuple[socket.socket, socket.socket]:
        # Linux gives bind(port 0) odd ports, so pick an even one ourselves (same range as
        # tests/tpmlab) and take P+1 with it.
        rng = random.Random()
        for _ in range(100):
            port = rng.randrange(20000, 61000, 2)
            pair = []
            try:
                for p in (port, port + 1):
                    s = socket.socket()
                    pair.append(s)
                    s.bind(("127.0.0.1", p))
                    s.listen(8)
            except OSError:
                for s in pair:
                    s.close()
                continue
            self.port = port
            return pair[0], pair[1]
        raise RuntimeError("fault_proxy: no free even/odd port pair on 127.0.0.1")

    def _spawn(self, fn, *args) -> None:
        t = threading.Thread(target=fn, args=args, daemon=True)
        t.start()
        self._threads.append(t)

    def _accept_loop(self, listener: socket.socket, serve) -> None:
        while not self._stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            self._spawn(self._guarded, serve, client)

    def _guarded(self, serve, client: socket.socket) -> None:
        upstream = None
        try:
            upstream = socket.create_connection((self.upstream[0], self._upstream_port(serve)),
                                                timeout=30)
            self._open.update((client, upstream))
            serve(client, upstream)
        except (OSError, EOFError, ValueError):
            pass
        finally:
            for s in (client, upstream):
                if s is not None:
                    self._open.discard(s)
                    s.close()

    def _upstream_port(self, serve) -> int:
        return self.upstream[1] + (1 if serve == self._serve_ctrl else 0)

    # ---- channels -----------------------------------------------------------------------------
    def _serve_ctrl(self, client: socket.socket, upstream: socket.socket) -> None:
        """Byte pipe both ways (swtpm ctrl protocol is not touched)."""
        def pump(src, dst):
            try:
                while chunk := src.recv(4096):
                    dst.sendall(chunk)
            except OSError:
                pass
            finally:
                try:
                    dst.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
        t = threading.Thread(target=pump, args=(upstream, client), daemon=True)
        t.start()
        pump(client, upstream)
        t.join(timeout=5)

    def _serve_command(self, client: socket.socket, upstream: socket.socket) -> None:
        while not self._stop.is_set():
            msg = _read_message(client)
            if msg.other is not None:
                upstream.sendall(msg.wire())
                continue
            with self._lock:
                self.commands.append(command_name(msg.code))
                number = len(self.commands)
                if self.fault == Fault.VANISH_NV:
                    # a vanished index stays vanished: every later read of it fails the same way
                    fire = self._selects(msg)
                elif self.fault == Fault.RC:
                    # a TPM in failure mode (or one that keeps answering RETRY) stays that way
                    fire = self.faulted_command is not None or self.trigger(number, msg.code)
                else:
                    fire = (self.faulted_command is None and self.fault != Fault.PASS
                            and self.trigger(number, msg.code))
                if fire and self.faulted_command is None:
                    self.faulted_command = command_name(msg.code)
            if fire and self.fault == Fault.VANISH_NV:
                client.sendall(_frame_response(self._vanish_response(msg), msg.mssim))
                continue
            if fire and self.fault == Fault.RC:
                client.sendall(_frame_response(_error_response(self.rc_value), msg.mssim))
                continue
            upstream.sendall(msg.wire())
            response = _read_response(upstream, msg.mssim)
            if not fire:
                client.sendall(_frame_response(response, msg.mssim))
                continue
            if not self._inject(client, response, msg.mssim):
                return

    def _selects(self, msg: _Message) -> bool:
        """VANISH_NV: is this a read of the vanished index?"""
        if msg.code not in self.vanish_on:
            return False
        if msg.code == TPM_CC_NV_READPUBLIC:
            return msg.handles(1) == [self.nv_index]
        if msg.code == TPM_CC_NV_READ:          # handles: authHandle, nvIndex
            return self.nv_index in msg.handles(2)
        return False

    def _vanish_response(self, msg: _Message) -> bytes:
        # NV_ReadPublic: nvIndex is handle 1; NV_Read: nvIndex is handle 2 (facts/tcg.md §1.4)
        number = 1 if msg.code == TPM_CC_NV_READPUBLIC else 2
        return _error_response(handle_rc(number))

    def _inject(self, client: socket.socket, response: bytes, mssim: bool) -> bool:
        """Send `response` with the fault applied. Returns False when the connection is done."""
        framed = _frame_response(response, mssim)
        if self.fault == Fault.DROP:
            client.sendall(framed[:4])
            # SO_LINGER 0: close() sends RST, the way a crashed peer looks
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if self.fault == Fault.TRUNCATE:
            client.sendall(framed[:max(1, len(framed) // 2)])
            client.shutdown(socket.SHUT_WR)
            return False
        if self.fault == Fault.CORRUPT_SIZE:
            bad = response[:2] + struct.pack(">I", self.size_value) + response[6:]
            client.sendall(_frame_response(bad, mssim, outer_len=self.size_value if mssim else None))
            self._stop.wait(30)   # keep the socket open: a client that trusts the size waits
            return False
        if self.fault == Fault.DELAY:
            if self._stop.wait(self.delay_s):
                return False
            client.sendall(framed)
            return True
        raise AssertionError(f"unhandled fault {self.fault}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("upstream_port", type=int)
    ap.add_argument("fault", choices=[f.value for f in Fault])
    ap.add_argument("--at-command", type=int, default=2)
    ap.add_argument("--delay-s", type=float, default=5.0)
    ap.add_argument("--size-value", type=lambda s: int(s, 0), default=0x7FFFFFF0)
    ap.add_argument("--nv-index", type=lambda s: int(s, 0), default=0x01C00002)
    ap.add_argument("--nv-read-only", action="store_true",
                    help="vanish-nv: NV_ReadPublic still succeeds, only NV_Read fails")
    a = ap.parse_args(argv)
    vanish_on = (TPM_CC_NV_READ,) if a.nv_read_only else (TPM_CC_NV_READPUBLIC, TPM_CC_NV_READ)
    proxy = FaultProxy(a.upstream_port, Fault(a.fault), at_command=a.at_command,
                       delay_s=a.delay_s, size_value=a.size_value, nv_index=a.nv_index,
                       vanish_on=vanish_on).start()
    print(proxy.port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(0.5):
        pass
    proxy.stop()
    print("faulted:", proxy.faulted_command, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
