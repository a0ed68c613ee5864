"""The routes anyone may call: is the hub alive, a personal link's page, pairing a device."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Header, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from shared import __version__, protocol
from shared.hub import devices, links
from shared.hub.devices import PairingGuard
from shared.hub.http import ApiError, Route, error_response
from shared.hub.service import Hub

# the personal page's headers: nothing cached, nothing leaked, nothing run
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
}


async def health(hub: Hub) -> protocol.Health:
    """The hub is alive; which event it serves."""
    event = await hub.event()
    return protocol.Health(
        version=__version__,
        event=event["name"] if event else None,
        time=datetime.now(UTC),
        hub_id=hub.hub_id,
        role="promoted" if hub.role == "promoted" else "primary",
        hubs=hub.hubs,
    )


async def pair(hub: Hub, request: protocol.PairRequest) -> protocol.PairResponse | None:
    """Trade a pairing code for a token; None if the code is unknown, used or expired."""
    token = devices.new_token()
    device = await hub.write(devices.claim, request.code, token, request.name)
    if device is None:
        return None
    return protocol.PairResponse(
        token=token,
        device_id=device.id,
        role=device.role,
        workshop=device.workshop_code,
        event_id=hub.signer.event_id,
        hubs=hub.hubs,
    )


async def personal_page(hub: Hub, token: str, lang: str | None, accept: str | None) -> links.Page:
    """The personal link page for a token (a polite page when it is not valid)."""
    check = hub.check(token)
    chosen = links.language(lang, accept)
    return await hub.read(links.render, check, token, chosen)


def routes(hub: Hub) -> list[Route]:
    """The open routes of ``hub``."""
    pair_guard = PairingGuard()  # codes can be guessed: a limit on wrong ones per address

    async def get_health() -> protocol.Health:
        return await health(hub)

    async def personal_link(
        token: Annotated[str, PathParam(max_length=400)],
        lang: Annotated[str | None, Query(max_length=5)] = None,
        accept_language: Annotated[str | None, Header(max_length=500)] = None,
    ) -> HTMLResponse:
        page = await personal_page(hub, token, lang, accept_language)
        return HTMLResponse(page.html, status_code=page.status, headers=PAGE_HEADERS)

    async def post_pair(
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
        paired = await pair(hub, body)
        if paired is None:
            raise ApiError(403, "bad_code", "This pairing code is unknown, used or expired.")
        pair_guard.succeeded(address)
        return paired

    return [
        Route("GET", "/health", get_health, protocol.Health),
        Route("GET", "/t/{token}", personal_link),
        Route("POST", f"{protocol.API}/pair", post_pair, protocol.PairResponse),
    ]
