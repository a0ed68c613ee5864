"""A hub for tests: in-process through httpx's ASGI transport, or served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from shared.datadir import DataDir
from shared.hub import devices
from shared.hub.app import create_app
from shared.hub.server import RunningHub, start_in_thread
from shared.hub.service import Hub
from shared.protocol import Role
from shared.store import Store


def paired_token(store: Store, role: Role, workshop: str | None = None) -> str:
    """Pair a new device of ``role`` and return its bearer token."""
    _, code = devices.create_pairing(store, role, workshop=workshop)
    paired = devices.pair(store, code)
    assert paired is not None
    return paired[1]


def auth(token: str) -> dict[str, str]:
    """The Authorization header for a token."""
    return {"Authorization": f"Bearer {token}"}


def now() -> str:
    """The current UTC time as the wire sends it."""
    return datetime.now(UTC).isoformat()


def action(kind: str, **fields: Any) -> dict[str, Any]:
    """One sync action with a fresh random id."""
    return {"id": str(uuid.uuid4()), "kind": kind, "at": now(), **fields}


def batch(*actions: object) -> dict[str, Any]:
    """A sync request body (an action may be anything at all: tests send bad ones too)."""
    return {"device_clock": now(), "actions": list(actions)}


def ticket_of(data: DataDir, store: Store, attendee_id: int) -> str:
    """The current ticket token of an attendee."""
    record = store.issue_ticket(attendee_id, data.signer(store).key_id)
    return data.token(store, record.serial)


def totals(store: Store) -> dict[int, int]:
    """Points per attendee, as the ledger holds them."""
    return {
        r[0]: r[1]
        for r in store.db.execute(
            "SELECT attendee_id, sum(points) FROM points GROUP BY attendee_id"
        )
    }


@asynccontextmanager
async def in_process(data: DataDir, store: Store) -> AsyncIterator[tuple[Hub, httpx.AsyncClient]]:
    """The hub app called in-process: real routing and validation, no sockets."""
    hub = Hub(data, store, base_url="http://hub.test")
    app = create_app(hub)
    hub.attach(asyncio.get_running_loop())
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://hub.test") as client:
        yield hub, client


@contextmanager
def served(data: DataDir, store: Store) -> Iterator[RunningHub]:
    """The hub served by uvicorn on a free port of 127.0.0.1."""
    running = start_in_thread(data, store)
    try:
        yield running
    finally:
        running.stop()


class SseReader:
    """Reads server-sent events from one open response, across several calls."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()
        self.comments = 0

    async def read(self, count: int, kinds: tuple[str, ...] | None = None) -> list[dict[str, str]]:
        """Read until ``count`` events of ``kinds`` (any kind when None) arrived.

        Events of other kinds read on the way are returned too, in order.
        """
        events: list[dict[str, str]] = []
        current: dict[str, str] = {}
        async for line in self._lines:
            if not line:
                if "data" in current:
                    events.append(current)
                    wanted = [e for e in events if kinds is None or e.get("event") in kinds]
                    if len(wanted) >= count:
                        return events
                current = {}
                continue
            if line.startswith(":"):
                self.comments += 1
                continue
            field, _, value = line.partition(":")
            current[field] = value.removeprefix(" ")
        return events


async def read_sse(
    response: httpx.Response, count: int, kinds: tuple[str, ...] | None = None
) -> list[dict[str, str]]:
    """Read from a fresh SSE response until ``count`` events of ``kinds`` arrived."""
    return await SseReader(response).read(count, kinds)
