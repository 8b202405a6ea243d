"""The preview's HTTP server against clients that misbehave: a download cut off mid-reply, connections
opened and never used, more connections than a browser opens. The server runs in this process on a
loopback port with a snapshot in memory (no build); the clients are raw sockets.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportpress.watch import server as server_module
from reportpress.watch.server import make_server
from reportpress.watch.state import Preview, Snapshot

GUARD = 30.0  # seconds: a bound for a shared machine, never the assertion
PDF = b"%PDF-1.7\n" + bytes(20 * 1024 * 1024)  # larger than a socket's buffers: the reply is cut mid-way


@pytest.fixture
def address() -> Iterator[tuple[str, int]]:
    server = make_server("127.0.0.1", 0, Preview(Snapshot(source=Path("source/r.md"), pdf=PDF)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def request(address: tuple[str, int], path: str = "/state.json") -> bytes:
    with socket.create_connection(address, timeout=GUARD) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := client.recv(65536):
            reply += chunk
    return reply


def handlers_alive() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]


def wait_until(what: str, probe: object) -> None:
    deadline = time.monotonic() + GUARD
    while not probe():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_a_download_cut_off_mid_reply_prints_nothing(address: tuple[str, int],
                                                     capfd: pytest.CaptureFixture[str]) -> None:
    for _ in range(3):
        client = socket.create_connection(address, timeout=GUARD)
        client.sendall(b"GET /output.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert client.recv(1024).startswith(b"HTTP/1.1 200")
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, as a cancel
        client.close()
    wait_until("the handlers to end", lambda: not handlers_alive())
    assert request(address).startswith(b"HTTP/1.1 200")  # still serving
    out, err = capfd.readouterr()
    assert err == "" and out == "", err[-2000:]


def test_a_connection_that_never_asks_is_closed_after_the_idle_time(address: tuple[str, int],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "IDLE_SECONDS", 0.5)
    with socket.create_connection(address, timeout=GUARD) as idle:
        started = time.monotonic()
        assert idle.recv(1024) == b""  # closed by the server, not by our guard's timeout
        assert time.monotonic() - started < GUARD
    wait_until("the handler to end", lambda: not handlers_alive())


def test_connections_past_the_limit_are_closed_at_once_and_the_browser_is_still_served(
        address: tuple[str, int]) -> None:
    limit = server_module.MAX_CONNECTIONS
    idle = [socket.create_connection(address, timeout=GUARD) for _ in range(limit)]
    try:
        wait_until("every idle connection to hold a thread", lambda: len(handlers_alive()) >= limit)
        extra = socket.create_connection(address, timeout=GUARD)
        assert extra.recv(1024) == b""  # closed at once, holding no thread
        extra.close()
        assert len(handlers_alive()) == limit
    finally:
        for connection in idle:
            connection.close()
    wait_until("the idle connections' threads to end", lambda: not handlers_alive())
    assert request(address).startswith(b"HTTP/1.1 200")
