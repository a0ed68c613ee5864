"""What walls follow: the live stream, the wall's snapshot, photos, media and figures.

These routes are for viewers (walls, the desk, the organiser); the leaderboard
is for every role. The live stream (:func:`_stream`) reads the live log itself,
so a reconnect with ``Last-Event-ID`` gets exactly what it missed.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations, whose
# role dependencies are local names.
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Header, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlite_utils import Database

from shared import protocol
from shared.hub import devices, queries, sync
from shared.hub.devices import Device
from shared.hub.http import Roles, Route, event_id, file_response
from shared.hub.service import Hub
from shared.protocol import API

log = logging.getLogger("zuil.hub.http")

HEARTBEAT_S = 10.0
# an open stream asks at least this often whether its device was revoked meanwhile: the
# command line revokes from another process, with no wake-up for this one's streams
DEVICE_CHECK_S = 2.0


async def wall_snapshot(hub: Hub) -> protocol.WallSnapshot:
    """What walls show now, and the event id to follow the live stream from."""
    return await hub.read(_snapshot)


def _snapshot(db: Database) -> protocol.WallSnapshot:
    return protocol.WallSnapshot(
        last_event=sync.last_event(db),
        items=[queries.wall_item(r) for r in queries.items(db)],
        leaderboard=queries.leaderboard(db, 10),
        stats=queries.stats(db),
    )


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The walls' routes of ``hub``."""
    ANY, VIEWERS = roles.ANY, roles.VIEWERS

    async def get_photo(name: str, me: Annotated[Device, VIEWERS]) -> Response:
        return file_response(hub.data.photos_dir, name, r"[0-9a-f]{64}\.jpg")

    async def get_media(name: str, me: Annotated[Device, ANY]) -> Response:
        return file_response(hub.data.media_dir, name, r"[0-9a-f]{64}\.(png|jpg|jpeg|svg|webp)")

    async def wall(me: Annotated[Device, VIEWERS]) -> protocol.WallSnapshot:
        return await wall_snapshot(hub)

    async def live(
        request: Request,
        me: Annotated[Device, VIEWERS],
        last_event_id: Annotated[str | None, Header()] = None,
        after: Annotated[int | None, Query(ge=0, le=protocol.SQLITE_INT_MAX)] = None,
    ) -> StreamingResponse:
        start = after if after is not None else event_id(last_event_id)
        return StreamingResponse(
            _stream(hub, request, me, start),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def leaderboard(
        me: Annotated[Device, ANY], limit: Annotated[int, Query(ge=1, le=100)] = 5
    ) -> list[protocol.Standing]:
        return await hub.read(queries.leaderboard, limit)

    async def stats(me: Annotated[Device, VIEWERS]) -> protocol.Stats:
        snapshot = await wall_snapshot(hub)
        return snapshot.stats

    return [
        Route("GET", f"{API}/photos/{{name}}", get_photo),
        Route("GET", f"{API}/media/{{name}}", get_media),
        Route("GET", f"{API}/wall", wall, protocol.WallSnapshot),
        Route("GET", f"{API}/live", live),
        Route("GET", f"{API}/leaderboard", leaderboard, list[protocol.Standing]),
        Route("GET", f"{API}/stats", stats, protocol.Stats),
    ]


def _live_read(
    db: Any, device_id: int, after: int, reported: set[int]
) -> list[protocol.LiveEvent] | None:
    """A stream's next events, or None once its device is revoked (one snapshot for both).

    Asked in the snapshot the events come from, so an event written after the
    revocation can never be read by the revoked device.
    """
    if not devices.is_active(db, device_id):
        return None
    return sync.read_events(db, after, reported=reported)


async def _stream(hub: Hub, request: Request, device: Device, after: int) -> AsyncIterator[bytes]:
    """Server-sent events from the live log, starting after event ``after``.

    Reads the log itself, so a reconnect with ``Last-Event-ID`` gets exactly
    what it missed. A comment line goes out every few seconds so both ends
    notice a dead connection. The stream ends once ``device`` is revoked: at
    once when this hub revokes it (the commit wakes the stream), within
    ``DEVICE_CHECK_S`` when another process does.
    """
    assert hub.feed is not None
    feed = hub.feed
    started = False
    last_beat = time.monotonic()
    while True:
        generation = feed.generation
        events = await hub.read(_live_read, device.id, after, hub.unreadable_events)
        if events is None:
            log.info("live stream of device #%d ended: the device was revoked", device.id)
            hub.forget_device(device.id)
            return
        if not started:
            # the first line only once the log could be read: a wall takes it as "live"
            yield b"retry: 1000\n\n"
            started = True
        for event in events:
            data = event.model_dump_json()
            yield f"id: {event.seq}\nevent: {event.kind.value}\ndata: {data}\n\n".encode()
            after = event.seq
        if events:
            last_beat = time.monotonic()
            continue
        if await request.is_disconnected():
            return
        beat_due = HEARTBEAT_S - (time.monotonic() - last_beat)
        await feed.wait(generation, min(beat_due, DEVICE_CHECK_S))
        if time.monotonic() - last_beat >= HEARTBEAT_S:
            yield b": heartbeat\n\n"
            last_beat = time.monotonic()
