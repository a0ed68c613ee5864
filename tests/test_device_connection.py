"""The one hub connection: a request that lost its connection is resent only when harmless."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from shared.device.connection import Backoff, HubConnection
from shared.device.errors import OFFLINE, HubError


@contextmanager
def drops_first_request() -> Iterator[tuple[str, list[bytes]]]:
    """A server that closes the first connection without an answer, then answers ``ok``.

    The true edge of the network: what a hub does that closed a kept-alive connection.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    seen: list[bytes] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                request = connection.recv(65536)
                seen.append(request.split(b"\r\n", 1)[0])
                if len(seen) > 1:
                    connection.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                    )

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", seen
    finally:
        listener.close()
        thread.join(timeout=5)


def send(url: str, method: str, *, posts_repeatable: bool) -> httpx.Response:
    async def run() -> httpx.Response:
        connection = HubConnection(url, "t", httpx.Timeout(5.0), posts_repeatable=posts_repeatable)
        try:
            return await connection.send(method, "/api/x")
        finally:
            await connection.close()

    return asyncio.run(run())


def test_a_read_that_lost_its_connection_is_sent_again() -> None:
    with drops_first_request() as (url, seen):
        assert send(url, "GET", posts_repeatable=False).text == "ok"
    assert seen == [b"GET /api/x HTTP/1.1"] * 2


def test_a_post_is_sent_again_only_when_the_role_says_it_may_arrive_twice() -> None:
    with drops_first_request() as (url, seen):
        with pytest.raises(HubError) as error:
            send(url, "POST", posts_repeatable=False)  # a walk-in must not be registered twice
        assert error.value.code == OFFLINE
        assert len(seen) == 1
    with drops_first_request() as (url, seen):
        assert send(url, "POST", posts_repeatable=True).text == "ok"  # a pillar's sync
        assert len(seen) == 2


def test_the_backoff_doubles_up_to_its_longest() -> None:
    backoff = Backoff(0.5, 5.0)
    waits = [backoff.after(None)]
    for _ in range(5):
        waits.append(backoff.after(waits[-1]))
    assert waits == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]
