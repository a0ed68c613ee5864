"""The routes anyone may call: is the hub alive, pairing a device.

The personal link's pages are the phone companion's (:mod:`shared.hub.phone`).
"""

from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import Response

from shared import __version__, protocol
from shared.hub import devices
from shared.hub.devices import PairingGuard
from shared.hub.http import ApiError, Route, error_response
from shared.hub.service import Hub


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


def routes(hub: Hub) -> list[Route]:
    """The open routes of ``hub``."""
    pair_guard = PairingGuard()  # codes can be guessed: a limit on wrong ones per address

    async def get_health() -> protocol.Health:
        return await health(hub)

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
        Route("POST", f"{protocol.API}/pair", post_pair, protocol.PairResponse),
    ]
