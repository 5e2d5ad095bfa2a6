"""Real local HTTPS endpoints for the `--online` tests (stdlib + the openssl CLI only).

- TestPki: a test CA made at test time with `openssl req/x509`, and server certificates for the
  production host names (facts/windows.md §6), so tpmready verifies TLS exactly as it would
  against the real services, with TPMREADY_NET_EXTRA_CA=<ca.pem> as the only trust change.
- HttpsServer: a threaded HTTPS server on 127.0.0.1 whose behaviour is fixed per instance
  (`mode`), because the path the client asks for is computed from the EK. Records every request.
- SilentServer: accepts TCP connections and never answers (timeouts).
- ConnectProxy: a minimal HTTP CONNECT proxy that maps host names to local ports, recording the
  CONNECT targets; with `credentials` it authenticates like a corporate proxy (RFC 9110 §11.7.1,
  RFC 7617 Basic): 407 Proxy Authentication Required until Proxy-Authorization is right.
tpmready reaches these through TPMREADY_NET_RESOLVE="host=127.0.0.1:PORT,..." (direct) or
https_proxy=http://127.0.0.1:PROXYPORT (the proxy maps the names itself).
"""
from __future__ import annotations

import base64
import http.server
import select
import socket
import ssl
import subprocess
import threading
from pathlib import Path

PRODUCTION_HOSTS = ["ekop.intel.com", "ftpm.amd.com", "ztd.dds.microsoft.com", "cs.dds.microsoft.com",
                    "login.live.com", "ekcert.spserv.microsoft.com"]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class TestPki:
    """CA + leaf certificates in `root` (all made with the openssl CLI)."""

    def __init__(self, root: Path, ca_name: str = "tpmready test CA"):
        self.root = root
        self.ca_name = ca_name
        self.ca_key = root / f"{ca_name.replace(' ', '_')}.key"
        self.ca_pem = root / f"{ca_name.replace(' ', '_')}.pem"
        _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={ca_name}/O=tpmready tests",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-keyout", str(self.ca_key), "-out", str(self.ca_pem), cwd=root)

    def leaf(self, name: str, hosts: list[str]) -> tuple[Path, Path]:
        key, csr, pem = (self.root / f"{name}.{ext}" for ext in ("key", "csr", "pem"))
        ext = self.root / f"{name}.ext"
        ext.write_text("subjectAltName=" + ",".join(f"DNS:{h}" for h in hosts) +
                       "\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n")
        _openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={hosts[0]}", "-keyout", str(key),
                 "-out", str(csr), cwd=self.root)
        _openssl("x509", "-req", "-in", str(csr), "-CA", str(self.ca_pem), "-CAkey", str(self.ca_key),
                 "-CAcreateserial", "-days", "2", "-extfile", str(ext), "-out", str(pem), cwd=self.root)
        return pem, key


class HttpsServer:
    """Modes: "intel-json" (Intel envelope, chunked), "der" (certificate DER, Content-Length),
    "ok" (200 "ok"), "404", "big" (200 with a body of `big_size` bytes), "getcacaps" (an AIK CA's
    SCEP capabilities, RFC 8894 §3.5.2: one keyword per line, text/plain).

    `requests` records (Host, path) of every GET; `methods` every request line's method and
    `headers` each request's header names (lower case), so a test can assert what was never sent."""

    GETCACAPS = b"POSTPKIOperation\r\nSHA-256\r\nSHA-1\r\nAES\r\nDES3\r\nSCEPStandard\r\nRenewal\r\n"

    def __init__(self, cert: Path, key: Path, mode: str, payload: bytes = b"", big_size: int = 200_000):
        self.mode, self.payload, self.big_size = mode, payload, big_size
        self.requests: list[tuple[str, str]] = []  # (Host header, path)
        self.methods: list[str] = []
        self.headers: list[list[str]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet: the test asserts on self.requests
                pass

            def do_GET(self) -> None:
                outer.methods.append("GET")
                outer.headers.append([k.lower() for k in self.headers.keys()])
                outer.requests.append((self.headers.get("Host", ""), self.path))
                outer.respond(self)

            def refuse(self) -> None:  # anything but GET: recorded, answered 405
                outer.methods.append(self.command)
                outer.headers.append([k.lower() for k in self.headers.keys()])
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.send_header("Connection", "close")
                self.end_headers()

            do_POST = do_PUT = do_HEAD = do_DELETE = refuse

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:  # client aborted TLS: expected
                pass

        self.httpd = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(str(cert), str(key))
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def respond(self, h: http.server.BaseHTTPRequestHandler) -> None:
        if self.mode == "intel-json":
            # facts/tcg.md §4: JSON with "pubhash" and "certificate" (base64url, %-escaped DER).
            cert = base64.urlsafe_b64encode(self.payload).decode().replace("=", "%3D")
            pubhash = h.path.rsplit("/", 1)[-1]
            body = ('{"pubhash":"%s","certificate":"%s"}' % (pubhash, cert)).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/json")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            for i in range(0, len(body), 500):
                part = body[i:i + 500]
                h.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            h.wfile.write(b"0\r\n\r\n")
            return
        status, body, ctype = {
            "der": (200, self.payload, "application/pkix-cert"),
            "ok": (200, b"ok", "text/plain"),
            "404": (404, b"no certificate for this key", "text/plain"),
            "big": (200, b"A" * self.big_size, "application/octet-stream"),
            "getcacaps": (200, self.GETCACAPS, "text/plain"),
        }[self.mode]
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def __enter__(self) -> "HttpsServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class SilentServer:
    """Accepts connections and never sends a byte (the client's timeout must end the wait)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)
            except OSError:
                pass

    def __enter__(self) -> "SilentServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        for c in self.accepted:
            c.close()
        self.sock.close()


class ConnectProxy:
    """HTTP CONNECT proxy: `routes` maps host name -> local port; anything else gets `refusal`
    (by default a plain 403 status line; a test may give a hostile one, e.g. with ESC or 0xFF).

    credentials=(user, password): a CONNECT without `Proxy-Authorization: Basic base64(user:password)`
    gets 407 with one Proxy-Authenticate header per entry of `challenges` (default Basic only; without
    a Basic challenge no CONNECT is let through).
    `authorizations` records the Proxy-Authorization value of every CONNECT (None when absent)."""

    REFUSAL = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"

    def __init__(self, routes: dict[str, int], credentials: tuple[str, str] | None = None,
                 challenges: tuple[str, ...] = ('Basic realm="tpmready lab proxy"',), refusal: bytes = REFUSAL):
        self.routes = routes
        self.credentials = credentials
        self.challenges = challenges
        self.refusal = refusal
        self.connects: list[str] = []
        self.authorizations: list[str | None] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _authorized(self, authorization: str | None) -> bool:
        if self.credentials is None:
            return True
        if not any(c.lower().startswith("basic") for c in self.challenges):
            return False  # e.g. an NTLM-only proxy: Basic credentials are not what it takes
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        scheme, _, value = (authorization or "").partition(" ")
        return scheme.lower() == "basic" and value.strip() == expected

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 8192:
                chunk = conn.recv(1024)
                if not chunk:
                    return
                head += chunk
            lines = head.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
            request_line = lines[0]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            method, target, _ = request_line.split(" ", 2)
            self.connects.append(request_line)
            self.authorizations.append(headers.get("proxy-authorization"))
            host, _, port = target.rpartition(":")
            # as a corporate proxy: who asks is checked before where to
            if method == "CONNECT" and not self._authorized(headers.get("proxy-authorization")):
                body = b"proxy authentication required"
                conn.sendall(b"HTTP/1.1 407 Proxy Authentication Required\r\n" +
                             b"".join(b"Proxy-Authenticate: %s\r\n" % c.encode() for c in self.challenges) +
                             b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                return
            if method != "CONNECT" or host not in self.routes or port != "443":
                conn.sendall(self.refusal)
                return
            upstream = socket.create_connection(("127.0.0.1", self.routes[host]))
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            with upstream:
                self._relay(conn, upstream)

    @staticmethod
    def _relay(a: socket.socket, b: socket.socket) -> None:
        while True:
            ready, _, _ = select.select([a, b], [], [], 30)
            if not ready:
                return
            for s in ready:
                data = s.recv(65536)
                if not data:
                    return
                (b if s is a else a).sendall(data)

    def __enter__(self) -> "ConnectProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()
