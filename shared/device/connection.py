"""One async HTTP connection to the hub, shared by every device's client.

Each role keeps its own timeouts (a pillar's taps must not wait long, a desk's
bulk calls may), but the connection is set up, retried and mapped to
:class:`~shared.device.errors.HubError` in one place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from shared import protocol
from shared.device.errors import HubError, from_response, from_transport
from shared.protocol import API

log = logging.getLogger("zuil.device.connection")

# A kept-alive connection the hub closed after its last answer (it does after an
# error of its own) fails the next request on it without an answer: such a request
# is sent once more, on a new connection, when sending it twice does no harm.
LOST = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

PAIR_TIMEOUT = httpx.Timeout(5.0, connect=2.0)


@dataclass(frozen=True)
class Backoff:
    """The wait before trying again: doubled after each failure, up to ``longest``.

    Attributes:
        first: the first wait, in seconds.
        longest: the longest wait, in seconds.
    """

    first: float = 0.5
    longest: float = 5.0

    def after(self, wait: float | None) -> float:
        """The wait after one that was ``wait`` (None: the first)."""
        return self.first if wait is None else min(wait * 2, self.longest)


class HubConnection:
    """One ``httpx.AsyncClient`` to the hub with explicit timeouts and one error type.

    An event may have more than one hub (a primary and its standby): ``base_url``
    then names them all, separated by spaces, and a request that gets no answer
    from one is sent to the next; the connection stays with the one that answered.

    Args:
        base_url: the hub, or the event's hubs separated by spaces (the preferred first).
        token: the device's bearer token (None before pairing).
        timeout: the role's timeouts.
        posts_repeatable: every POST of this role may arrive twice (a pillar's: the hub
            applies an action id once and stores a photo by its hash), so a POST that
            lost its connection is resent too. A desk's are not (a walk-in would be
            registered twice).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None,
        timeout: httpx.Timeout,
        *,
        posts_repeatable: bool = False,
    ) -> None:
        self.addresses = [a.rstrip("/") for a in base_url.split()] or [""]
        self.base_url = self.addresses[0]
        self.token = token
        self.posts_repeatable = posts_repeatable
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.client = httpx.AsyncClient(base_url=self.base_url, timeout=timeout, headers=headers)

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The hub's answer, whatever its status.

        A request that lost its connection is sent once more, on a new one, when it
        may arrive twice: a GET, PUT or DELETE, or any POST of a role whose posts
        are repeatable.

        Raises:
            HubError: no answer (``offline`` or ``timeout``).
        """
        repeatable = self.posts_repeatable or method.upper() in IDEMPOTENT
        try:
            return await self._send_here(method, url, repeatable, **kwargs)
        except HubError as error:
            if len(self.addresses) < 2 or error.code not in ("offline", "timeout"):
                raise
            if error.code == "timeout" and not repeatable:
                raise  # it may have arrived: another hub must not get it too
            first = error
        # no answer: the event's other hubs, each once; the one that answers is kept
        for other in [a for a in self.addresses if a != self.base_url]:
            try:
                response = await self._send_here(method, url, repeatable, base=other, **kwargs)
            except HubError:
                continue
            log.warning("hub %s does not answer: switched to %s", self.base_url, other)
            self.switch(other)
            return response
        raise first

    def switch(self, address: str) -> None:
        """Talk to ``address`` (one of the event's hubs) from now on."""
        self.base_url = address
        self.client.base_url = httpx.URL(address)

    async def _send_here(
        self, method: str, url: str, repeatable: bool, base: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        """One hub's answer (``base``: another hub than the current one)."""
        target = f"{base}{url}" if base is not None and url.startswith("/") else url
        attempts = 2 if repeatable else 1
        for attempt in range(1, attempts + 1):
            try:
                return await self.client.request(method, target, **kwargs)
            except LOST as error:
                if attempt < attempts:
                    log.info("the connection to the hub was lost (%r): sending again", error)
                    continue
                raise from_transport(error) from None
            except httpx.HTTPError as error:
                raise from_transport(error) from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def call(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """The hub's answer when it says yes (below 400).

        Raises:
            HubError: no answer, or the hub's refusal with its code and message.
        """
        response = await self.send(method, url, **kwargs)
        if response.status_code >= 400:
            raise from_response(response)
        return response


async def pair(base_url: str, code: str, name: str = "") -> protocol.PairResponse:
    """Trade a pairing code for a device token.

    Raises:
        HubError: the code was refused or the hub cannot be reached.
    """
    connection = HubConnection(base_url, None, PAIR_TIMEOUT)
    try:
        response = await connection.call("POST", f"{API}/pair", json={"code": code, "name": name})
    finally:
        await connection.close()
    return protocol.PairResponse.model_validate_json(response.content)


__all__ = ["Backoff", "HubConnection", "HubError", "pair"]
