"""The hub's HTTP API (FastAPI): routing, roles, limits, errors, and the live stream.

Handlers only parse, check the role and call :class:`~shared.hub.service.Hub`.
Every error, whatever raised it, leaves as :class:`~shared.protocol.ErrorBody`.
"""

import asyncio
import contextlib
import logging
import re
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    Response,
    StreamingResponse,
)
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import __version__, protocol
from shared.eventfile import EventFile
from shared.hub import devices, queries, sync
from shared.hub.devices import Device, PairingGuard
from shared.hub.live import REVOKED, LiveTail, Read
from shared.hub.photos import PhotoError, TooManyPixels
from shared.hub.service import Hub, NotFound
from shared.protocol import API, Role
from shared.report import dashboard as build_dashboard
from shared.report import gather as gather_report
from shared.store import StoreError

log = logging.getLogger("zuil.hub.http")
access_log = logging.getLogger("zuil.hub.access")

HEARTBEAT_S = 10.0
# an open stream asks at least this often whether its device was revoked meanwhile: the
# command line revokes from another process, with no wake-up for this one's streams
DEVICE_CHECK_S = 2.0
LIVE_PAGE = 500  # events a read of the live log returns at most
LIVE_KEEP = 1000  # recent live events kept in memory for the streams
# the image types a logo or venue map may be, as the OpenAPI description names them
BRANDING_TYPES = ("image/png", "image/jpeg", "image/webp", "image/svg+xml")
_TOKEN_IN_PATH = re.compile(r"/t/[^/?]+")


class ApiError(Exception):
    """An error with an HTTP status, a machine code and a message for a person."""

    def __init__(
        self, status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []


def error_body(code: str, message: str, details: list[dict[str, Any]] | None = None) -> bytes:
    """The one error shape, as JSON."""
    body = protocol.ErrorBody(
        error=protocol.ErrorInfo(code=code, message=message, details=details or [])
    )
    return body.model_dump_json().encode()


def error_response(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> Response:
    """The one error shape, as a response."""
    return Response(
        error_body(code, message, details), status_code=status, media_type="application/json"
    )


def invalid_request(errors: Sequence[Any]) -> ApiError:
    """A 422 naming where each validation error is (the first one in the message)."""
    details = [
        {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
        for e in errors
    ][:50]
    first = details[0] if details else {"where": "", "problem": "invalid request"}
    return ApiError(
        422, "invalid", f"Invalid request: {first['where']}: {first['problem']}", details
    )


def authorize(hub: Hub, authorization: str | None, allowed: Sequence[Role]) -> Device:
    """The device behind an ``Authorization: Bearer`` header, if its role is allowed.

    Raises:
        ApiError: 401 without a known token, 403 for a role not in ``allowed``.
    """
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "unauthorized", "This needs a device token (pair the device).")
    found = hub.authenticate(authorization.removeprefix("Bearer ").strip())
    if found is None:
        raise ApiError(401, "unauthorized", "Unknown or revoked device token.")
    if found.role not in allowed:
        article = "An" if found.role.value[0] in "aeiou" else "A"
        raise ApiError(403, "forbidden", f"{article} {found.role.value} may not do this.")
    return found


def too_large(limit: int) -> ApiError:
    """The 413 for a request body over ``limit`` bytes."""
    return ApiError(413, "too_large", f"Request body larger than {limit} bytes.")


def check_declared_length(declared: bytes | None, limit: int) -> None:
    """Refuse a request by its ``Content-Length`` header before its body is read.

    Raises:
        ApiError: 413 over ``limit``, 400 for a header that is not a number.
    """
    if declared is None:
        return
    try:
        length = int(declared)
    except ValueError:
        raise ApiError(400, "bad_request", "Bad Content-Length.") from None
    if length > limit:
        raise too_large(limit)


def log_access(method: str, path: str, status: int, started: float) -> None:
    """The access-log line of one request (its path redacted), timed from ``started``."""
    elapsed = (time.perf_counter() - started) * 1000
    access_log.info("%s %s %d %.1fms", method, redact(path), status, elapsed)


class BodyLimit:
    """Refuse request bodies over a size (413) before they are read into memory.

    Args:
        app: the wrapped ASGI app.
        default: the limit for most routes.
        limits: path prefixes with their own limits (photo uploads).
    """

    def __init__(self, app: ASGIApp, default: int, limits: dict[str, int]) -> None:
        self.app, self.default, self.limits = app, default, limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting the body's bytes as they arrive."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = next((v for k, v in self.limits.items() if path.startswith(k)), self.default)
        try:
            check_declared_length(dict(scope["headers"]).get(b"content-length"), limit)
        except ApiError as error:
            await error_response(error.status, error.code, error.message)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, limited, send)


class AccessLog:
    """Log each request's method, redacted path, status and time (pure ASGI: no extra task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and log it once the response has started."""
        if scope["type"] != "http" or not access_log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log_access(scope["method"], scope["path"], status, started)


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

    PATH = f"{API}/sync"

    def __init__(self, app: FastAPI, hub: Hub) -> None:
        self.app, self.hub = app, hub

    @property
    def state(self) -> Any:
        """The FastAPI app's state (the route table, the hub)."""
        return self.app.state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer ``POST /api/sync``; hand everything else on."""
        if scope["type"] != "http" or scope["path"] != self.PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
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
        found = authorize(self.hub, authorization, (Role.KIOSK,))
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
        return await self.hub.sync(found, protocol.parse_sync(b"".join(chunks)))


def redact(path: str) -> str:
    """A path fit for the log: ticket tokens in personal links are cut out."""
    return _TOKEN_IN_PATH.sub("/t/…", path)


def create_app(hub: Hub) -> FastSync:
    """The hub's ASGI app, with every route in one list below (the sync fast path in front)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        hub.attach(asyncio.get_running_loop())

        async def figures() -> None:
            while True:
                await asyncio.sleep(hub_stats_interval)
                try:
                    await hub.flush_figures()
                except Exception:
                    log.exception("could not send figures")

        task = asyncio.create_task(figures())
        hub.start_messenger()
        try:
            yield
        finally:
            task.cancel()
            await hub.stop_messenger()

    hub_stats_interval = 0.5
    pair_guard = PairingGuard()  # codes can be guessed: a limit on wrong ones per address
    app = FastAPI(
        title="zuil hub",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    # -- errors: one shape ----------

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, error: ApiError) -> Response:
        return error_response(error.status, error.code, error.message, error.details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        codes = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
        return error_response(
            error.status_code, codes.get(error.status_code, "http_error"), str(error.detail)
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        return await _api_error(request, invalid_request(error.errors()))

    @app.exception_handler(Exception)
    async def _bug(request: Request, error: Exception) -> Response:
        # Starlette re-raises after this, so the server logs the traceback once.
        return error_response(500, "internal", "Something went wrong in the hub; see its log.")

    # -- roles ----------

    def role(*allowed: Role) -> Any:
        async def check(authorization: Annotated[str | None, Header()] = None) -> Device:
            return authorize(hub, authorization, allowed)

        return Depends(check)

    ANY = role(Role.KIOSK, Role.WALL, Role.DESK, Role.ORGANISER)
    KIOSK = role(Role.KIOSK)
    VIEWERS = role(Role.WALL, Role.DESK, Role.ORGANISER)
    STAFF = role(Role.DESK, Role.ORGANISER)
    ORGANISER = role(Role.ORGANISER)

    # -- handlers ----------

    async def health() -> protocol.Health:
        return hub.health()

    async def personal_link(
        token: Annotated[str, PathParam(max_length=400)],
        lang: Annotated[str | None, Query(max_length=5)] = None,
        accept_language: Annotated[str | None, Header(max_length=500)] = None,
    ) -> HTMLResponse:
        page = await hub.personal_page(token, lang, accept_language)
        return HTMLResponse(
            page.html,
            status_code=page.status,
            headers={
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            },
        )

    async def pair(
        body: protocol.PairRequest, request: Request
    ) -> protocol.PairResponse | Response:
        address = request.client.host if request.client else "unknown"
        wait = pair_guard.admit(address)
        if wait is not None:
            refused = error_response(
                429,
                "too_many_attempts",
                f"Too many wrong pairing codes from this address; try again in {wait} s.",
            )
            refused.headers["Retry-After"] = str(wait)
            return refused
        paired = await hub.pair(body)
        if paired is None:
            raise ApiError(403, "bad_code", "This pairing code is unknown, used or expired.")
        pair_guard.succeeded(address)
        return paired

    async def content(
        me: Annotated[Device, ANY], cursor: Annotated[int, Query(ge=0, le=2**62)] = 0
    ) -> protocol.ContentResponse:
        return await hub.content(me, cursor)

    async def sync_actions(request: Request, me: Annotated[Device, KIOSK]) -> Response:
        body = await request.body()
        try:
            batch = protocol.parse_sync(body)
        except ValidationError as error:
            raise RequestValidationError(error.errors(include_url=False)) from None
        # the reply is written by the hub and already valid: no second validation pass
        return Response(await hub.sync(me, batch), media_type="application/json")

    async def upload_photo(request: Request, me: Annotated[Device, KIOSK]) -> protocol.PhotoStored:
        data = await request.body()
        try:
            return await hub.store_photo(data)
        except TooManyPixels as error:
            raise ApiError(413, "too_many_pixels", str(error)) from None
        except PhotoError as error:
            raise ApiError(415, "not_an_image", str(error)) from None

    async def get_photo(name: str, me: Annotated[Device, VIEWERS]) -> Response:
        return _file(hub.data.photos_dir, name, r"[0-9a-f]{64}\.jpg")

    async def get_media(name: str, me: Annotated[Device, ANY]) -> Response:
        return _file(hub.data.media_dir, name, r"[0-9a-f]{64}\.(png|jpg|jpeg|svg|webp)")

    async def wall(me: Annotated[Device, VIEWERS]) -> protocol.WallSnapshot:
        return await hub.wall_snapshot()

    async def live(
        request: Request,
        me: Annotated[Device, VIEWERS],
        last_event_id: Annotated[str | None, Header()] = None,
        after: Annotated[int | None, Query(ge=0, le=protocol.SQLITE_INT_MAX)] = None,
    ) -> StreamingResponse:
        start = after if after is not None else _event_id(last_event_id)
        return StreamingResponse(
            _stream(hub, live_tail(hub), request, me, start),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def leaderboard(
        me: Annotated[Device, ANY], limit: Annotated[int, Query(ge=1, le=100)] = 5
    ) -> list[protocol.Standing]:
        result: list[protocol.Standing] = await hub.read(queries.leaderboard, limit)
        return result

    async def points(
        body: protocol.PointsRequest, me: Annotated[Device, ANY]
    ) -> protocol.PointsResponse:
        found = await hub.points(body.ticket)
        if found is None:
            raise ApiError(404, "not_found", "No valid ticket.")
        return found

    async def stats(me: Annotated[Device, VIEWERS]) -> protocol.Stats:
        snapshot = await hub.wall_snapshot()
        return snapshot.stats

    async def moderation_queue(
        me: Annotated[Device, STAFF],
        state: Annotated[str, Query(pattern="^(pending|visible|hidden|all)$")] = "pending",
    ) -> list[protocol.ModerationItem]:
        states = ("pending", "visible", "hidden") if state == "all" else (state,)
        return await hub.moderation_queue(states)

    async def moderate(
        item_id: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$", alias="id")],
        action: Annotated[str, Query(pattern="^(approve|hide|restore)$")],
        me: Annotated[Device, STAFF],
    ) -> dict[str, str]:
        try:
            return {"id": item_id, "state": await hub.moderate(item_id, action)}
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def get_settings(me: Annotated[Device, STAFF]) -> protocol.ModerationSettings:
        return hub.moderation_settings()

    async def put_settings(
        body: protocol.ModerationSettings, me: Annotated[Device, STAFF]
    ) -> protocol.ModerationSettings:
        await hub.set_moderation(body)
        return hub.moderation_settings()

    async def get_words(me: Annotated[Device, STAFF]) -> protocol.WordList:
        return protocol.WordList(words=hub.word_filter.words)

    async def put_words(body: protocol.WordList, me: Annotated[Device, STAFF]) -> protocol.WordList:
        await hub.set_words(body.words)
        return protocol.WordList(words=hub.word_filter.words)

    async def search(
        me: Annotated[Device, STAFF],
        q: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=100_000)] = 50,
    ) -> list[protocol.AttendeeSummary]:
        return await hub.search(q, limit)

    async def register(
        body: protocol.WalkIn, me: Annotated[Device, STAFF]
    ) -> protocol.IssuedTicket:
        try:
            return await hub.register(body)
        except StoreError as error:
            raise ApiError(409, "conflict", str(error)) from None
        except ValueError as error:
            raise ApiError(422, "invalid", _first_line(error)) from None

    async def issue(
        attendee_id: protocol.Id, body: protocol.TicketRequest, me: Annotated[Device, STAFF]
    ) -> protocol.IssuedTicket:
        try:
            return await hub.issue(attendee_id, reissue=body.reissue)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def printed(serial: protocol.Id, me: Annotated[Device, STAFF]) -> dict[str, int]:
        await hub.mark_printed(serial)
        return {"serial": serial}

    async def ticket_qr(
        serial: protocol.Id,
        kind: Annotated[str, Query(pattern="^(png|svg)$")],
        me: Annotated[Device, STAFF],
    ) -> Response:
        try:
            data = await hub.ticket_qr(serial, kind)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None
        return Response(data, media_type="image/png" if kind == "png" else "image/svg+xml")

    async def lookup(
        body: protocol.TicketLookup, me: Annotated[Device, STAFF]
    ) -> protocol.LookupResult:
        return await hub.lookup(body.ticket)

    async def bulk(
        body: protocol.BulkTickets, me: Annotated[Device, STAFF]
    ) -> list[protocol.IssuedTicket]:
        try:
            return await hub.issue_many(body.ids)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def roster(
        body: protocol.RosterRows, me: Annotated[Device, STAFF]
    ) -> protocol.RosterOutcome:
        try:
            return await hub.import_roster(body)
        except StoreError as error:
            raise ApiError(409, "conflict", str(error)) from None

    async def messaging(me: Annotated[Device, STAFF]) -> protocol.MessagingInfo:
        return hub.messaging_info()

    async def deliveries(me: Annotated[Device, STAFF]) -> list[protocol.Delivery]:
        return await hub.deliveries()

    async def send_links(body: protocol.SendLinks, me: Annotated[Device, STAFF]) -> dict[str, int]:
        try:
            return {"queued": await hub.send_links(body)}
        except ValueError as error:
            raise ApiError(409, "not_configured", str(error)) from None

    async def report(me: Annotated[Device, STAFF]) -> protocol.Report:
        result: protocol.Report = await hub.read(gather_report)
        return result

    async def dashboard(me: Annotated[Device, STAFF]) -> protocol.Dashboard:
        result: protocol.Dashboard = await hub.read(build_dashboard)
        return result

    async def get_event(me: Annotated[Device, ORGANISER]) -> EventFile:
        return await hub.event_content()

    async def put_event(body: EventFile, me: Annotated[Device, ORGANISER]) -> EventFile:
        return await hub.replace_content(body)

    async def purge(
        body: protocol.PurgeRequest, me: Annotated[Device, ORGANISER]
    ) -> protocol.PurgeResponse:
        return await hub.purge_personal()

    async def put_branding(
        field: Annotated[str, PathParam(pattern="^(logo|map)$")],
        request: Request,
        me: Annotated[Device, ORGANISER],
    ) -> dict[str, str]:
        try:
            return {field: await hub.set_branding_image(field, await request.body())}
        except ValueError as error:
            raise ApiError(415, "not_an_image", str(error)) from None

    # -- the route table: every endpoint, its method and handler ----------

    routes: list[tuple[Any, ...]] = [
        ("GET", "/health", health, protocol.Health),
        ("GET", "/t/{token}", personal_link, None),
        ("POST", f"{API}/pair", pair, protocol.PairResponse),
        ("GET", f"{API}/content", content, protocol.ContentResponse),
        ("POST", f"{API}/sync", sync_actions, protocol.SyncResponse, protocol.SyncRequest),
        ("POST", f"{API}/photos", upload_photo, protocol.PhotoStored, ("image/jpeg", "image/png")),
        ("GET", f"{API}/photos/{{name}}", get_photo, None),
        ("GET", f"{API}/media/{{name}}", get_media, None),
        ("GET", f"{API}/wall", wall, protocol.WallSnapshot),
        ("GET", f"{API}/live", live, None),
        ("GET", f"{API}/leaderboard", leaderboard, list[protocol.Standing]),
        ("POST", f"{API}/points", points, protocol.PointsResponse),
        ("GET", f"{API}/stats", stats, protocol.Stats),
        ("GET", f"{API}/moderation/items", moderation_queue, list[protocol.ModerationItem]),
        ("POST", f"{API}/moderation/moderate", moderate, dict[str, str]),
        ("GET", f"{API}/moderation/settings", get_settings, protocol.ModerationSettings),
        ("PUT", f"{API}/moderation/settings", put_settings, protocol.ModerationSettings),
        ("GET", f"{API}/moderation/words", get_words, protocol.WordList),
        ("PUT", f"{API}/moderation/words", put_words, protocol.WordList),
        ("GET", f"{API}/attendees", search, list[protocol.AttendeeSummary]),
        ("POST", f"{API}/attendees", register, protocol.IssuedTicket),
        ("POST", f"{API}/attendees/{{attendee_id}}/ticket", issue, protocol.IssuedTicket),
        ("POST", f"{API}/tickets/{{serial}}/printed", printed, dict[str, int]),
        ("GET", f"{API}/tickets/{{serial}}/qr", ticket_qr, None),
        ("POST", f"{API}/tickets/lookup", lookup, protocol.LookupResult),
        ("POST", f"{API}/tickets/bulk", bulk, list[protocol.IssuedTicket]),
        ("POST", f"{API}/roster", roster, protocol.RosterOutcome),
        ("GET", f"{API}/links/settings", messaging, protocol.MessagingInfo),
        ("GET", f"{API}/links", deliveries, list[protocol.Delivery]),
        ("POST", f"{API}/links/send", send_links, dict[str, int]),
        ("GET", f"{API}/report", report, protocol.Report),
        ("GET", f"{API}/dashboard", dashboard, protocol.Dashboard),
        ("GET", f"{API}/event", get_event, EventFile),
        ("PUT", f"{API}/event", put_event, EventFile),
        ("POST", f"{API}/purge", purge, protocol.PurgeResponse),
        ("PUT", f"{API}/event/{{field}}", put_branding, dict[str, str], BRANDING_TYPES),
    ]
    for method, path, handler, model, *body in routes:
        extra = None
        if body:  # a body the handler reads itself: still documented in the OpenAPI spec
            media = (  # raw bytes of these media types, or JSON of a model
                {kind: {"schema": {"type": "string", "format": "binary"}} for kind in body[0]}
                if isinstance(body[0], tuple)
                else {"application/json": {"schema": body[0].model_json_schema()}}
            )
            extra = {"requestBody": {"required": True, "content": media}}
        app.add_api_route(
            path,
            handler,
            methods=[method],
            response_model=model,
            responses={400: {"model": protocol.ErrorBody}, 401: {"model": protocol.ErrorBody}},
            openapi_extra=extra,
        )
    app.state.routes_table = [(r[0], r[1]) for r in routes]
    app.state.hub = hub
    # the last added is the outermost: the body limit, then the access log
    app.add_middleware(AccessLog)
    app.add_middleware(
        BodyLimit,
        default=protocol.MAX_JSON_BYTES,
        limits={
            f"{API}/photos": protocol.MAX_PHOTO_BYTES,
            f"{API}/roster": 8 * protocol.MAX_JSON_BYTES,
            f"{API}/event/logo": protocol.MAX_PHOTO_BYTES,
            f"{API}/event/map": protocol.MAX_PHOTO_BYTES,
        },
    )
    return FastSync(app, hub)


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _event_id(header: str | None) -> int:
    if header is None:
        return 0
    try:
        return min(max(int(header.strip()), 0), protocol.SQLITE_INT_MAX)
    except ValueError:
        return 0


def _file(folder: Path, name: str, pattern: str) -> Response:
    if not re.fullmatch(pattern, name):
        raise ApiError(404, "not_found", "No such file.")
    path = folder / name
    if not path.is_file():
        raise ApiError(404, "not_found", "No such file.")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})


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


def _tail_read(db: Any, after: int | None, device_ids: frozenset[int], reported: set[int]) -> Read:
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
