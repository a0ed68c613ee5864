"""What every route of the hub shares: the one error shape, roles, body limits, the access log.

The routes themselves live with their group (:mod:`shared.hub.public`,
:mod:`shared.hub.pillar`, :mod:`shared.hub.wall`, :mod:`shared.hub.desk`,
:mod:`shared.hub.organiser`), each as one explicit list of :class:`Route`;
:mod:`shared.hub.app` puts them together.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Header
from fastapi.responses import FileResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared import protocol
from shared.hub.devices import Device
from shared.hub.service import Hub
from shared.protocol import Role

access_log = logging.getLogger("zuil.hub.access")

_TOKEN_IN_PATH = re.compile(r"/[tT]/[^/?]+")


@dataclass(frozen=True)
class Route:
    """One endpoint: its method, path, handler and what the OpenAPI document says of it.

    Args:
        method: the HTTP method.
        path: the path, with FastAPI's ``{parameters}``.
        handler: the FastAPI endpoint function.
        model: the response model (None: not JSON, or described by hand).
        body: a body the handler reads itself, still documented: a model for JSON,
            or a tuple of media types for raw bytes.
    """

    method: str
    path: str
    handler: Callable[..., Any]
    model: Any = None
    body: Any = None


class Roles:
    """The FastAPI dependencies that let only some roles through (see :func:`authorize`).

    Args:
        hub: the hub whose devices are asked.
    """

    def __init__(self, hub: Hub) -> None:
        self.ANY = self.of(hub, Role.KIOSK, Role.WALL, Role.DESK, Role.ORGANISER)
        self.KIOSK = self.of(hub, Role.KIOSK)
        self.VIEWERS = self.of(hub, Role.WALL, Role.DESK, Role.ORGANISER)
        self.STAFF = self.of(hub, Role.DESK, Role.ORGANISER)
        self.ORGANISER = self.of(hub, Role.ORGANISER)

    @staticmethod
    def of(hub: Hub, *allowed: Role) -> Any:
        """A dependency giving the calling device, if its role is one of ``allowed``."""

        async def check(authorization: Annotated[str | None, Header()] = None) -> Device:
            return await authorize(hub, authorization, allowed)

        return Depends(check)


class ApiError(Exception):
    """An error with an HTTP status, a machine code and a message for a person."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: list[protocol.ErrorDetail] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []


def error_body(code: str, message: str, details: list[protocol.ErrorDetail] | None = None) -> bytes:
    """The one error shape, as JSON."""
    body = protocol.ErrorBody(
        error=protocol.ErrorInfo(code=code, message=message, details=details or [])
    )
    return body.model_dump_json().encode()


def error_response(
    status: int, code: str, message: str, details: list[protocol.ErrorDetail] | None = None
) -> Response:
    """The one error shape, as a response."""
    return Response(
        error_body(code, message, details), status_code=status, media_type="application/json"
    )


def invalid_request(errors: Sequence[Any]) -> ApiError:
    """A 422 naming where each validation error is (the first one in the message)."""
    details = [
        protocol.ErrorDetail(
            where=".".join(str(p) for p in e.get("loc", ())), problem=str(e.get("msg", ""))
        )
        for e in errors
    ][:50]
    first = details[0] if details else protocol.ErrorDetail(where="", problem="invalid request")
    return ApiError(422, "invalid", f"Invalid request: {first.where}: {first.problem}", details)


async def authorize(hub: Hub, authorization: str | None, allowed: Sequence[Role]) -> Device:
    """The device behind an ``Authorization: Bearer`` header, if its role is allowed.

    Raises:
        ApiError: 401 without a known token, 403 for a role not in ``allowed``.
    """
    if not authorization or not authorization.startswith("Bearer "):
        raise ApiError(401, "unauthorized", "This needs a device token (pair the device).")
    found = await hub.authenticate(authorization.removeprefix("Bearer ").strip())
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


# What pillars and phones send: a line with its time for each would date a note or photo
# finer than the minute the notes and photos tables keep, so only their failures are logged.
_QUIET_WHEN_FINE = ("/api/sync", "/api/photos", "/p/act")


def log_access(method: str, path: str, status: int, started: float) -> None:
    """The access-log line of one request (its path redacted), timed from ``started``.

    Pillars' successful syncs and photo uploads are left out (their health is on the
    dashboard): a line per upload, timed to the millisecond, pointed at the scan
    just before it.
    """
    if status < 400 and path.startswith(_QUIET_WHEN_FINE):
        return
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


def redact(path: str) -> str:
    """A path fit for the log: ticket tokens in personal links are cut out."""
    return _TOKEN_IN_PATH.sub("/t/…", path)


def first_line(error: Exception) -> str:
    """The first line of an error's message (or its type's name)."""
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def event_id(header: str | None) -> int:
    """The event id a ``Last-Event-ID`` header names (0 when it names none)."""
    if header is None:
        return 0
    try:
        return min(max(int(header.strip()), 0), protocol.SQLITE_INT_MAX)
    except ValueError:
        return 0


def file_response(folder: Path, name: str, pattern: str) -> Response:
    """A stored file by a name that must match ``pattern`` (404 otherwise), cached for good."""
    if not re.fullmatch(pattern, name):
        raise ApiError(404, "not_found", "No such file.")
    path = folder / name
    if not path.is_file():
        raise ApiError(404, "not_found", "No such file.")
    return FileResponse(path, headers={"Cache-Control": "public, max-age=31536000, immutable"})
