"""The hub's live stream (SSE) for a screen: a snapshot, then events, resumed by event id.

After any disconnect the feed reconnects with ``Last-Event-ID``, so nothing is
missed and nothing arrives twice; while the hub is gone the screen keeps what it
shows and only a discreet indicator changes. The indicator tells a hub that is
out of reach from one that answers but whose live stream fails.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import httpx

from shared import protocol
from shared.device.connection import Backoff, HubConnection
from shared.device.errors import HubError, from_response
from shared.device.link import Link
from shared.protocol import API

log = logging.getLogger("zuil.device.feed")

BACKOFF = Backoff(0.5, 5.0)  # the first wait before reconnecting, and the longest
HEALTH_TIMEOUT_S = 3.0
# the stream may stay quiet a while between heartbeats; a request may take its time
TIMEOUT = httpx.Timeout(10.0, connect=3.0, read=30.0)


class LiveFeed(HubConnection):
    """Follows the hub's live stream.

    Args:
        base_url: the hub.
        token: the device's bearer token.
        on_snapshot: called with the first :class:`~shared.protocol.WallSnapshot`.
        on_event: called with each :class:`~shared.protocol.LiveEvent`, in order, once.
        on_link: called with the :class:`Link` whenever it may have changed.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        on_snapshot: Callable[[protocol.WallSnapshot], None],
        on_event: Callable[[protocol.LiveEvent], None],
        on_link: Callable[[Link], None],
    ) -> None:
        super().__init__(base_url, token, TIMEOUT)
        self.last_event: int | None = None
        self._on_snapshot = on_snapshot
        self._on_event = on_event
        self._on_link = on_link
        self._stopped = False

    async def close(self) -> None:
        """Stop following and close the connection pool."""
        self._stopped = True
        await super().close()

    async def run(self) -> None:
        """Follow the stream until closed, reconnecting with back-off.

        A stream that was live and ends cleanly (the hub restarted, say) is
        resumed without a word; one that fails makes the feed ask the hub's
        ``/health`` whether the hub or only its stream is at fault, and say so,
        before it tries again.
        """
        wait = BACKOFF.after(None)
        while not self._stopped:
            try:
                if self.last_event is None:
                    response = await self.call("GET", f"{API}/wall")
                    snapshot = protocol.WallSnapshot.model_validate_json(response.content)
                    self.last_event = snapshot.last_event
                    self._on_snapshot(snapshot)
                if await self._follow():
                    # it was live and ended cleanly (the hub restarted, say): resume
                    wait = BACKOFF.after(None)
                    await asyncio.sleep(wait)
                    continue
                log.info("live stream ended before it started")
            except HubError as error:
                if self._stopped:
                    return
                log.info("live stream refused or lost: %s", error)
                if error.status == 401:
                    # revoked (or the hub's data was reset): no retry helps until re-paired
                    self._on_link(Link.UNPAIRED)
                    await asyncio.sleep(BACKOFF.longest)
                    continue
            except (httpx.HTTPError, ValueError) as error:
                if self._stopped:
                    return
                log.info("live stream lost: %s", error)
            link = await self.diagnose()
            if self._stopped:
                return
            self._on_link(link)
            await asyncio.sleep(wait)
            wait = BACKOFF.after(wait)

    async def diagnose(self) -> Link:
        """Whether the hub answers at all, now that its live stream failed."""
        try:
            response = await self.send("GET", "/health", timeout=HEALTH_TIMEOUT_S)
        except HubError:
            return Link.UNREACHABLE
        return Link.STREAM_FAILING if response.status_code == 200 else Link.UNREACHABLE

    async def _follow(self) -> bool:
        """Follow one stream until it ends; whether it went live (the hub wrote to it).

        Raises:
            HubError: the hub refused the stream.
        """
        headers = {"Last-Event-ID": str(self.last_event or 0)}
        async with self.client.stream("GET", f"{API}/live", headers=headers) as response:
            if response.status_code >= 400:
                await response.aread()
                raise from_response(response)
            data = ""
            event_id = None
            live = False
            async for line in response.aiter_lines():
                if not live:
                    # live once the hub writes: it does so after its first read of the log,
                    # so a stream that fails at once never counts as live
                    live = True
                    self._on_link(Link.LIVE)
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
        return live
