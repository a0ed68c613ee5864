"""The pillars' routes: their content, their actions (``/api/sync``), photos and points.

``POST /api/sync`` is the hot path. :class:`FastSync` answers it in front of
FastAPI; the FastAPI route of the same path stays for the OpenAPI document (and
answers the same way should a request ever reach it). Both call :func:`sync`.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations, whose
# role dependencies are local names.
import asyncio
import logging
import os
import time
from operator import itemgetter
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError
from sqlite_utils import Database
from starlette.types import Message, Receive, Scope, Send

from shared import protocol
from shared.hub import queries
from shared.hub.devices import Device
from shared.hub.http import (
    ApiError,
    Roles,
    Route,
    access_log,
    authorize,
    check_declared_length,
    error_body,
    invalid_request,
    log_access,
    too_large,
)
from shared.hub.photos import PhotoError, TooManyPixels, reencode
from shared.hub.service import Hub
from shared.hub.sync import Incoming
from shared.protocol import API, Role

log = logging.getLogger("zuil.hub.http")

SYNC_PATH = f"{API}/sync"


async def content(hub: Hub, device: Device, cursor: int) -> bytes:
    """What changed since the device's cursor: a :class:`~protocol.ContentResponse`'s JSON."""
    return await hub.read(queries.content_reply, max(cursor, 0), device.role, hub.content_memo)


async def sync(hub: Hub, device: Device, body: bytes) -> bytes:
    """The one handler of ``POST /api/sync``: parse a pillar's batch and apply it.

    Raises:
        ValidationError: the body is no sync batch.
    """
    return await sync_batch(hub, device, protocol.parse_sync(body))


async def sync_batch(hub: Hub, device: Device, batch: protocol.SyncBatch) -> bytes:
    """Apply a pillar's batch exactly once; the reply (a :class:`~protocol.SyncResponse`).

    Returns:
        The reply as JSON: each action's fate, by position.
    """
    received_at = hub.clock()
    actions = batch.actions
    rejected: list[protocol.ResultRow] = [
        {"index": i, "id": action_id, "fate": protocol.Fate.REJECTED, "reason": why}
        for i, action_id, why in batch.invalid
    ]
    # a pillar's outbox names few tickets many times: each is checked once
    checks = {
        ticket: hub.check(ticket)
        for ticket in {a.ticket for _, a in actions if isinstance(a, protocol.TICKETED)}
    }
    incoming = Incoming(
        device_id=device.id,
        device_workshop=device.workshop_id,
        device_clock=batch.device_clock,
        outbox=batch.outbox,
        actions=actions,
        checks=checks,
        received_at=received_at,
        invalid=[why for _, _, why in batch.invalid],
    )
    outcome = await hub.apply(incoming)
    results = outcome.results  # in the order of the actions
    if rejected:
        results = sorted(results + rejected, key=itemgetter("index"))
    return protocol.sync_reply(received_at, results)


async def store_photo(hub: Hub, data: bytes) -> protocol.PhotoStored:
    """Check, re-encode and keep an uploaded photo.

    Raises:
        PhotoError: not a usable image.
    """
    jpeg, width, height = await asyncio.to_thread(reencode, data)
    name = await asyncio.to_thread(_store_dated, hub, jpeg)
    sha = name.removesuffix(".jpg")
    await hub.write(_keep_photo, sha, width, height, len(jpeg))
    return protocol.PhotoStored(photo=sha, width=width, height=height, bytes=len(jpeg))


def _store_dated(hub: Hub, jpeg: bytes) -> str:
    """Keep a photo's file, dated to its minute only, as the photos table keeps it.

    A file dated to the second, copied with its times, would tell whose scan came
    just before it.
    """
    name = hub.data.store_file(jpeg, ".jpg", hub.data.photos_dir)
    minute = hub.clock().replace(second=0, microsecond=0).timestamp()
    os.utime(hub.data.photos_dir / name, (minute, minute))
    return name


def _keep_photo(db: Database, sha: str, width: int, height: int, size: int) -> None:
    db.execute(
        "INSERT OR IGNORE INTO photo_files (sha256, width, height, bytes) VALUES (?, ?, ?, ?)",
        [sha, width, height, size],
    )


async def points(hub: Hub, ticket: str) -> protocol.PointsResponse | None:
    """An attendee's points by their ticket; None if the ticket is not valid."""
    check = hub.check(ticket)
    if not check.valid or check.payload is None:
        return None
    return await hub.read(queries.points_of, check.payload.attendee_id)


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The pillars' routes of ``hub`` (points are for every role)."""
    ANY, KIOSK = roles.ANY, roles.KIOSK

    async def get_content(
        me: Annotated[Device, ANY], cursor: Annotated[int, Query(ge=0, le=2**62)] = 0
    ) -> Response:
        # written once by pydantic and shared by the pillars pulling the same: FastAPI's
        # response model would dump the reply to a dict, validate that and dump it again,
        # which for thousands of attendees costs more than reading them (the route's model
        # still describes it in the OpenAPI document)
        return Response(await content(hub, me, cursor), media_type="application/json")

    async def sync_actions(request: Request, me: Annotated[Device, KIOSK]) -> Response:
        try:
            reply = await sync(hub, me, await request.body())
        except ValidationError as error:
            raise RequestValidationError(error.errors(include_url=False)) from None
        # the reply is written by the hub and already valid: no second validation pass
        return Response(reply, media_type="application/json")

    async def upload_photo(request: Request, me: Annotated[Device, KIOSK]) -> protocol.PhotoStored:
        data = await request.body()
        try:
            return await store_photo(hub, data)
        except TooManyPixels as error:
            raise ApiError(413, "too_many_pixels", str(error)) from None
        except PhotoError as error:
            raise ApiError(415, "not_an_image", str(error)) from None

    async def post_points(
        body: protocol.PointsRequest, me: Annotated[Device, ANY]
    ) -> protocol.PointsResponse:
        found = await points(hub, body.ticket)
        if found is None:
            raise ApiError(404, "not_found", "No valid ticket.")
        return found

    return [
        Route("GET", f"{API}/content", get_content, protocol.ContentResponse),
        Route("POST", SYNC_PATH, sync_actions, protocol.SyncResponse, protocol.SyncRequest),
        Route(
            "POST", f"{API}/photos", upload_photo, protocol.PhotoStored, ("image/jpeg", "image/png")
        ),
        Route("POST", f"{API}/points", post_points, protocol.PointsResponse),
    ]


class FastSync:
    """The ASGI app the server runs: ``POST /api/sync`` first, everything else to FastAPI.

    The pillars' hot path is answered here, in front of FastAPI and its
    middleware: routing, dependency solving and the middleware layers cost more
    than the sync itself. It does what those layers do for this one route, with
    the same checks and answers: the body limit (413), the token and role
    (:func:`authorize`: 401/403), validation (:func:`invalid_request`: 422), the
    one error shape (500 included) and the access-log line. Everything else,
    and the route's OpenAPI description, stays with FastAPI.

    Args:
        app: the FastAPI app, for every other request and the lifespan.
        hub: the hub.
    """

    PATH = SYNC_PATH

    def __init__(self, app: FastAPI, hub: Hub) -> None:
        self.app, self.hub = app, hub
        # every answer names the hub that gave it: a device that meets a new one (a
        # standby that took over) sends again what the last one acknowledged
        self.named = (protocol.HUB_HEADER.lower().encode(), hub.hub_id.encode())

    @property
    def state(self) -> Any:
        """The FastAPI app's state (the route table, the hub)."""
        return self.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer ``POST /api/sync``; hand everything else on."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] != self.PATH or scope["method"] != "POST":
            named = self.named

            async def send_named(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", ()), named]
                await send(message)

            await self.app(scope, receive, send_named)
            return
        started = time.perf_counter()
        try:
            status, body = 200, await self._answer(scope, receive)
        except ValidationError as error:
            status, body = 422, self._body(invalid_request(error.errors(include_url=False)))
        except ApiError as error:
            status, body = error.status, self._body(error)
        except Exception:
            log.exception("sync failed")
            status = 500
            body = error_body("internal", "Something went wrong in the hub; see its log.")
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    self.named,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        if access_log.isEnabledFor(logging.INFO):
            log_access("POST", self.PATH, status, started)

    @staticmethod
    def _body(error: ApiError) -> bytes:
        return error_body(error.code, error.message, error.details)

    async def _answer(self, scope: Scope, receive: Receive) -> bytes:
        limit = protocol.MAX_JSON_BYTES
        authorization = declared = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value.decode("latin-1")
            elif name == b"content-length":
                declared = value
        check_declared_length(declared, limit)
        found = await authorize(self.hub, authorization, (Role.KIOSK,))
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            received = await receive()
            if received["type"] == "http.disconnect":
                raise ApiError(400, "bad_request", "The client went away.")
            chunk = received.get("body", b"")
            seen += len(chunk)
            if seen > limit:
                raise too_large(limit)
            chunks.append(chunk)
            more = received.get("more_body", False)
        return await sync(self.hub, found, b"".join(chunks))
