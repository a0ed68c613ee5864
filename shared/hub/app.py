"""The hub's ASGI app (FastAPI): the routes of every group, one error shape, the lifespan.

The routes live with their group: :mod:`shared.hub.public` (open),
:mod:`shared.hub.pillar`, :mod:`shared.hub.wall`, :mod:`shared.hub.desk` and
:mod:`shared.hub.organiser` and :mod:`shared.hub.phone` (the attendees' phones),
each one explicit list. Handlers only parse, check
the role and call the group's operations, which reach the store through
:meth:`~shared.hub.service.Hub.read` and :meth:`~shared.hub.service.Hub.write`.
Every error, whatever raised it, leaves as :class:`~shared.protocol.ErrorBody`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared import __version__, protocol
from shared.hub import caferoutes, desk, organiser, phone, pillar, public, wall
from shared.hub.http import (
    AccessLog,
    ApiError,
    BodyLimit,
    Roles,
    Route,
    error_response,
    invalid_request,
    redact,
)
from shared.hub.pillar import FastSync
from shared.hub.service import Hub
from shared.protocol import API

__all__ = ["FastSync", "create_app", "redact", "routes"]

log = logging.getLogger("zuil.hub.http")

# how often the figures' task looks whether leaderboard or counters changed
FIGURES_POLL_S = 0.5


def routes(hub: Hub) -> list[Route]:
    """Every route of ``hub``, group by group."""
    roles = Roles(hub)
    return [
        *public.routes(hub),
        *pillar.routes(hub, roles),
        *wall.routes(hub, roles),
        *desk.routes(hub, roles),
        *organiser.routes(hub, roles),
        *caferoutes.routes(hub, roles),
        *phone.routes(hub),
    ]


def create_app(hub: Hub) -> FastSync:
    """The hub's ASGI app, every group's routes in it (the sync fast path in front)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        hub.attach(asyncio.get_running_loop())

        async def figures() -> None:
            while True:
                await asyncio.sleep(FIGURES_POLL_S)
                try:
                    await hub.flush_figures()
                except Exception:
                    log.exception("could not send figures")

        task = asyncio.create_task(figures())
        await hub.start_messenger()
        try:
            yield
        finally:
            task.cancel()
            await hub.stop_messenger()

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

    # -- the route table ----------

    table = routes(hub)
    for route in table:
        extra = None
        if route.body is not None:  # a body the handler reads itself: still documented
            media = (  # raw bytes of these media types, or JSON of a model
                {kind: {"schema": {"type": "string", "format": "binary"}} for kind in route.body}
                if isinstance(route.body, tuple)
                else {"application/json": {"schema": route.body.model_json_schema()}}
            )
            extra = {"requestBody": {"required": True, "content": media}}
        app.add_api_route(
            route.path,
            route.handler,
            methods=[route.method],
            response_model=route.model,
            responses={400: {"model": protocol.ErrorBody}, 401: {"model": protocol.ErrorBody}},
            openapi_extra=extra,
        )
    app.state.routes_table = [(r.method, r.path) for r in table]
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
