"""The wall's link to the hub: a snapshot, then the live stream, resumed by event id.

After any disconnect the feed reconnects with ``Last-Event-ID``, so nothing is
missed and nothing arrives twice; while the hub is gone the wall keeps what it
shows and only a discreet indicator changes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx

from shared import protocol
from shared.protocol import API

log = logging.getLogger("zuil.wall.feed")


class WallFeed:
    """Follows the hub's live stream for a wall.

    Args:
        base_url: the hub.
        token: the wall's bearer token.
        on_snapshot: called with the first :class:`~shared.protocol.WallSnapshot`.
        on_event: called with each :class:`~shared.protocol.LiveEvent`, in order, once.
        on_online: called with True/False when the connection comes or goes.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        on_snapshot: Callable[[protocol.WallSnapshot], None],
        on_event: Callable[[protocol.LiveEvent], None],
        on_online: Callable[[bool], None],
    ) -> None:
        self.last_event: int | None = None
        self._on_snapshot = on_snapshot
        self._on_event = on_event
        self._on_online = on_online
        self.client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(10.0, connect=3.0, read=30.0),
        )
        self._stopped = False

    async def close(self) -> None:
        """Stop following and close the connection pool."""
        self._stopped = True
        await self.client.aclose()

    async def content(self) -> protocol.ContentResponse | None:
        """The event's content (branding), or None when the hub is out of reach."""
        try:
            response = await self.client.get(f"{API}/content")
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        return protocol.ContentResponse.model_validate_json(response.content)

    async def stats(self) -> protocol.Stats | None:
        """Quiz and feedback figures for the scenes."""
        try:
            response = await self.client.get(f"{API}/stats")
        except httpx.HTTPError:
            return None
        return (
            protocol.Stats.model_validate_json(response.content)
            if response.status_code == 200
            else None
        )

    async def photo(self, name: str) -> bytes | None:
        """A photo's JPEG bytes."""
        try:
            response = await self.client.get(f"{API}/photos/{name}.jpg")
        except httpx.HTTPError:
            return None
        return response.content if response.status_code == 200 else None

    async def run(self) -> None:
        """Follow the stream until closed, reconnecting with back-off."""
        backoff = 0.5
        while not self._stopped:
            try:
                if self.last_event is None:
                    response = await self.client.get(f"{API}/wall")
                    response.raise_for_status()
                    snapshot = protocol.WallSnapshot.model_validate_json(response.content)
                    self.last_event = snapshot.last_event
                    self._on_snapshot(snapshot)
                await self._follow()
                backoff = 0.5
            except (httpx.HTTPError, ValueError) as error:
                if self._stopped:
                    return
                log.info("live stream lost: %s", error)
            self._on_online(False)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 5.0)

    async def _follow(self) -> None:
        headers = {"Last-Event-ID": str(self.last_event or 0)}
        async with self.client.stream("GET", f"{API}/live", headers=headers) as response:
            response.raise_for_status()
            self._on_online(True)
            data = ""
            event_id = None
            async for line in response.aiter_lines():
                if line.startswith("id:"):
                    event_id = int(line[3:].strip())
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif not line and data:
                    event = protocol.LiveEvent.model_validate_json(data)
                    data = ""
                    if (
                        event_id is not None
                        and self.last_event is not None
                        and event_id <= self.last_event
                    ):
                        continue  # never twice
                    self.last_event = event_id
                    self._on_event(event)
