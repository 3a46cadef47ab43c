"""Separate hosts on one machine: network namespaces (``ip netns``), each with its own address on
a bridge, and TCP forwarders that make the root namespace's local services (PostgreSQL, Redis,
an SMTP stub, all listening on 127.0.0.1 only) reachable at the bridge's address.

Needs root and iproute2; ``why_not()`` says why they cannot be made here.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import threading


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=30)


def why_not() -> str | None:
    """None when namespaces can be made here; else the reason."""
    if shutil.which("ip") is None:
        return "no `ip` command (iproute2) to make network namespaces"
    if os.geteuid() != 0:
        return "network namespaces need root"
    probe = f"probe{os.getpid()}"
    made = _ip("netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"`ip netns add` failed: {made.stderr.strip()}"
    _ip("netns", "del", probe, check=False)
    return None


class Network:
    """A bridge at ``<net>.1`` and ``count`` namespaces at ``<net>.11``, ``.12``…; ``close()``
    removes them all (the veths go with their namespaces)."""

    def __init__(self, count: int):
        tag = os.getpid() % 100_000
        self.net = f"10.213.{os.getpid() % 250}"
        self.gateway = f"{self.net}.1"
        self.bridge = f"br{tag}"
        self.names = [f"mh{tag}h{i}" for i in range(1, count + 1)]
        self.addresses = [f"{self.net}.{10 + i}" for i in range(1, count + 1)]
        self._made_bridge = False
        self._made: list[str] = []
        try:
            self._build()
        except BaseException:
            self.close()
            raise

    def _build(self) -> None:
        _ip("link", "add", self.bridge, "type", "bridge")
        self._made_bridge = True
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")
        for i, (name, address) in enumerate(zip(self.names, self.addresses, strict=True), 1):
            outer, inner = f"{self.bridge}v{i}", f"{self.bridge}i{i}"
            _ip("netns", "add", name)
            self._made.append(name)
            _ip("link", "add", outer, "type", "veth", "peer", "name", inner)
            _ip("link", "set", inner, "netns", name)
            _ip("link", "set", outer, "master", self.bridge)
            _ip("link", "set", outer, "up")
            _ip("-n", name, "addr", "add", f"{address}/24", "dev", inner)
            _ip("-n", name, "link", "set", inner, "up")
            _ip("-n", name, "link", "set", "lo", "up")

    def exec_prefix(self, i: int) -> list[str]:
        return ["ip", "netns", "exec", self.names[i]]

    def close(self) -> None:
        for name in self._made:
            # Whatever still runs in it is the test's; the namespace goes when they do.
            _ip("netns", "del", name, check=False)
        self._made = []
        if self._made_bridge:
            _ip("link", "del", self.bridge, check=False)
            self._made_bridge = False


class Forward:
    """Listen on (address, port) and pipe each connection to 127.0.0.1:target, in threads."""

    def __init__(self, address: str, port: int, target: int):
        self.target = target
        self._server = socket.create_server((address, port), reuse_port=False)
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=10)
            except OSError:
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, dest: socket.socket) -> None:
        source.settimeout(None)
        try:
            while data := source.recv(65536):
                dest.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, dest):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                source.close()

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(timeout=5)
