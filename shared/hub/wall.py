"""What walls follow: the live stream, the wall's snapshot, photos, media and figures.

These routes are for viewers (walls, the desk, the organiser); the leaderboard and
what a pillar shows of the day (``/api/now``) are for every role. The live stream
(:func:`_stream`) reads the live log itself, so a reconnect with ``Last-Event-ID``
gets exactly what it missed.
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
from shared.hub import devices, polls, queries, sync
from shared.hub.devices import Device
from shared.hub.http import Roles, Route, event_id, file_response
from shared.hub.live import REVOKED, LiveTail, Read
from shared.hub.service import Hub
from shared.protocol import API
from shared.store import utcnow

log = logging.getLogger("zuil.hub.http")

HEARTBEAT_S = 10.0
# how often a device on the live stream is noted as seen (the dashboard's "last seen")
SEEN_EVERY_S = 60.0
# an open stream asks at least this often whether its device was revoked meanwhile: the
# command line revokes from another process, with no wake-up for this one's streams
DEVICE_CHECK_S = 2.0
LIVE_PAGE = 500  # events a read of the live log returns at most
LIVE_KEEP = 1000  # recent live events kept in memory for the streams


async def wall_snapshot(hub: Hub) -> protocol.WallSnapshot:
    """What walls show now, and the event id to follow the live stream from."""
    return await hub.read(_snapshot)


def _snapshot(db: Database) -> protocol.WallSnapshot:
    return protocol.WallSnapshot(
        last_event=sync.last_event(db),
        items=[queries.wall_item(r) for r in queries.items(db)],
        leaderboard=queries.leaderboard(db, 10),
        stats=queries.stats(db),
        results=polls.published(db),
    )


# a stored branding file: an image, the event's font or the font's licence
MEDIA_NAME = r"[0-9a-f]{64}\.(png|jpg|jpeg|svg|webp|ttf|otf|txt)"


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The walls' routes of ``hub``."""
    ANY, VIEWERS = roles.ANY, roles.VIEWERS

    async def get_photo(name: str, me: Annotated[Device, VIEWERS]) -> Response:
        return file_response(hub.data.photos_dir, name, r"[0-9a-f]{64}\.jpg")

    async def get_media(name: str, me: Annotated[Device, ANY]) -> Response:
        return file_response(hub.data.media_dir, name, MEDIA_NAME)

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
            _stream(hub, live_tail(hub), request, me, start),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def leaderboard(
        me: Annotated[Device, ANY], limit: Annotated[int, Query(ge=1, le=100)] = 5
    ) -> list[protocol.Standing]:
        return await hub.read(queries.leaderboard, limit)

    async def now(me: Annotated[Device, ANY]) -> protocol.NowResponse:
        return await hub.read(queries.now)

    async def stats(me: Annotated[Device, VIEWERS]) -> protocol.Stats:
        snapshot = await wall_snapshot(hub)
        return snapshot.stats

    async def poll_results(me: Annotated[Device, VIEWERS]) -> list[protocol.PollResult]:
        return await hub.read(polls.published)

    return [
        Route("GET", f"{API}/photos/{{name}}", get_photo),
        Route("GET", f"{API}/media/{{name}}", get_media),
        Route("GET", f"{API}/wall", wall, protocol.WallSnapshot),
        Route("GET", f"{API}/live", live),
        Route("GET", f"{API}/leaderboard", leaderboard, list[protocol.Standing]),
        Route("GET", f"{API}/now", now, protocol.NowResponse),
        Route("GET", f"{API}/stats", stats, protocol.Stats),
        Route("GET", f"{API}/polls/published", poll_results, list[protocol.PollResult]),
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


def _frame(event: protocol.LiveEvent) -> bytes:
    data = event.model_dump_json()
    return f"id: {event.seq}\nevent: {event.kind.value}\ndata: {data}\n\n".encode()


def _tail_read(
    db: Database, after: int | None, device_ids: frozenset[int], reported: set[int]
) -> Read:
    """The streams' shared read: new events, and which of their devices are active.

    Both in one snapshot, so an event written after a revocation is never
    handed to the revoked device's stream (see :func:`_live_read`).
    """
    start = sync.last_event(db) if after is None else after
    events = sync.read_events(db, start, LIVE_PAGE, reported=reported)
    return Read(
        events=[(event.seq, _frame(event)) for event in events],
        last=events[-1].seq if events else start,
        active=devices.active_among(db, device_ids),
        more=len(events) == LIVE_PAGE,
    )


def live_tail(hub: Hub) -> LiveTail:
    """The hub's shared reader of the live log (made on first use, for its current feed)."""
    assert hub.feed is not None
    tail = hub.feed.tail
    if tail is None:

        async def read(after: int | None, device_ids: frozenset[int]) -> Read:
            result: Read = await hub.read(_tail_read, after, device_ids, hub.unreadable_events)
            return result

        # DEVICE_CHECK_S looked up on each wait: tests change it
        tail = LiveTail(hub.feed, read, check_s=lambda: DEVICE_CHECK_S, keep=LIVE_KEEP)
        hub.feed.tail = tail
    return tail


async def _stream(
    hub: Hub, tail: LiveTail, request: Request, device: Device, after: int
) -> AsyncIterator[bytes]:
    """Server-sent events from the live log, starting after event ``after``.

    New events come from ``tail``, read once for all streams; a stream further
    behind than the tail remembers (a reconnect with an old ``Last-Event-ID``)
    reads the log itself until it catches up, so it gets exactly what it
    missed. A comment line goes out every few seconds so both ends notice a
    dead connection. The stream ends once ``device`` is revoked: at once when
    this hub revokes it (the commit wakes the tail), within ``DEVICE_CHECK_S``
    when another process does.
    """
    started = False
    last_beat = time.monotonic()
    last_seen = -SEEN_EVERY_S  # noted at once, then every SEEN_EVERY_S while it follows
    with tail.subscribe(device.id):
        while True:
            publication = tail.publication
            frames = tail.since(after, device.id)
            own = frames is None
            if frames is None:  # not (yet) in the tail's reach: read the log itself
                events = await hub.read(_live_read, device.id, after, hub.unreadable_events)
                frames = REVOKED if events is None else b"".join(_frame(e) for e in events)
                after = events[-1].seq if events else after
            elif frames:
                after = tail.last
            if frames is REVOKED:
                log.info("live stream of device #%d ended: the device was revoked", device.id)
                hub.forget_device(device.id)
                return
            if not started:
                # the first line only once the log could be read: a wall takes it as "live"
                yield b"retry: 1000\n\n"
                started = True
            if time.monotonic() - last_seen >= SEEN_EVERY_S:
                # a wall or desk that only follows the stream is in touch all the same
                await hub.write(devices.seen, device.id, utcnow())
                last_seen = time.monotonic()
            if frames:
                assert isinstance(frames, bytes)
                yield frames
                last_beat = time.monotonic()
                if own:
                    continue  # a read of its own may have stopped at its page limit
            # sent all there is: sleep until the tail has news (not on every commit)
            await tail.wait(publication, HEARTBEAT_S - (time.monotonic() - last_beat))
            if time.monotonic() - last_beat >= HEARTBEAT_S:
                if await request.is_disconnected():
                    return
                yield b": heartbeat\n\n"
                last_beat = time.monotonic()
