"""The pillar's one link to the hub: sync rounds, content pull, media cache, points, pairing.

Everything the pillar asks of the hub goes through here, so that one push runs at
a time: a sync round (pull when due, then push), the fresh points of an attendee
(after the round that carries their last answers), and a new pairing (after the
round under way, with the old client's connection closed) all wait their turn.

Qt-free: the window hears of a round's end and of new content through callbacks.
httpx is loaded with the first client, after the attract screen is drawn.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content import Content
from kiosk.outbox import Outbox
from shared import protocol
from shared.device.pairing import Pairing, PairingStore

if TYPE_CHECKING:
    from kiosk.client import HubClient, SyncStatus

log = logging.getLogger("zuil.kiosk.link")

PULL_S = 15.0  # how often a sync round also fetches the hub's content
PILLAR_NAME = "zuil"  # the name a pillar gives itself when it pairs


class HubLink:
    """The pillar's sync with the hub, one round at a time.

    Args:
        data: the pillar's folder (the pairing, the media cache).
        outbox: the pillar's outbox.
        content: the content the pulls update.
        hub: the hub's URL from the command line (it wins over the stored one).
        on_content: called when a pull brought new content.
        on_round: called with how many actions were delivered, after each round.
    """

    def __init__(
        self,
        data: Path,
        outbox: Outbox,
        content: Content,
        hub: str | None,
        *,
        on_content: Callable[[], None],
        on_round: Callable[[int], None],
    ) -> None:
        self.data = data
        self.outbox = outbox
        self.content = content
        self.pairing = PairingStore(data, "kiosk").load()
        self.client: HubClient | None = None
        self._on_content = on_content
        self._on_round = on_round
        self._last_pull = 0.0
        self.pull_s = PULL_S  # a table pillar pulls at every round: its round's clock moves
        self._round: asyncio.Task[None] | None = None
        if self.pairing is not None:
            pairing = self.pairing.at(hub) if hub else self.pairing
            self.client = self._client(pairing.addresses, self.pairing.token)

    def _client(self, hub: str, token: str) -> HubClient:
        from kiosk.client import HubClient

        return HubClient(hub, token, self.outbox)

    @property
    def status(self) -> SyncStatus | None:
        """How the link is doing (None before pairing)."""
        return self.client.status if self.client else None

    @property
    def online(self) -> bool:
        """Whether the last contact with the hub went well."""
        return self.client is not None and self.client.status.online

    # -- rounds ----------

    def kick(self) -> None:
        """Start a sync round, unless one is under way (or there is no hub, or no loop)."""
        if self.client is None or self.busy:
            return
        try:
            self._round = asyncio.ensure_future(self._sync())
        except RuntimeError:
            return

    @property
    def busy(self) -> bool:
        """Whether a sync round is under way."""
        return self._round is not None and not self._round.done()

    def pull_soon(self) -> None:
        """Fetch the hub's content in the next round, not only every ``PULL_S`` seconds."""
        self._last_pull = -PULL_S
        self.kick()

    async def settled(self) -> None:
        """Wait until the round under way (if any) has ended."""
        while self._round is not None and not self._round.done():
            await asyncio.wait([self._round])

    async def _sync(self) -> None:
        assert self.client is not None
        now = time.monotonic()
        if now - self._last_pull >= self.pull_s or self.content.event is None:
            if await self.client.pull(self.content):
                self._on_content()
            if self.client.status.online:
                self._last_pull = now
        delivered = await self.client.push()
        self._on_round(delivered)

    # -- what the screens ask for ----------

    async def media(self, name: str | None) -> Path | None:
        """A branding file from the hub (logo, map), cached in the pillar's folder."""
        if self.client is None or not name:
            return None
        cached = self.data / "media" / Path(name).name
        if not cached.exists():
            data = await self.client.media(name)
            if data is None:
                return None
            cached.parent.mkdir(exist_ok=True)
            cached.write_bytes(data)
        return cached

    async def learn_answered(self, ticket: str, attendee_id: int) -> bool:
        """Remember which questions the hub knows this attendee answered elsewhere.

        Quiz questions, and the ratings, polls and votes answered or proposed for
        (that they were, never how): the pillar does not ask them again.

        Returns:
            True when the hub answered (what it knows is remembered).
        """
        if self.client is None:
            return False
        result = await self.client.points(ticket)
        if result is None:
            return False
        self.outbox.mark_answered(attendee_id, result.answered)
        for poll_id in result.responded:
            self.outbox.mark_responded(attendee_id, poll_id, "answer")
        for poll_id in result.proposed:
            self.outbox.mark_responded(attendee_id, poll_id, "proposal")
        return True

    async def fresh_points(self, ticket: str) -> protocol.PointsResponse | None:
        """An attendee's points once the hub has everything this pillar holds of them."""
        if self.client is None:
            return None
        # the session's answers first, through the one sync round at a time: a round
        # already under way may have read the outbox before the last answer was in
        await self.settled()
        self.kick()
        await self.settled()
        if self.client is None:
            return None
        return await self.client.points(ticket)

    # -- pairing ----------

    async def pair(self, hub: str, code: str) -> Pairing:
        """Pair with a hub (staff asked), then sync with it.

        Raises:
            HubError: the code was refused or the hub is out of reach.
        """
        from shared.device.connection import pair

        paired = await pair(hub, code, PILLAR_NAME)
        self.pairing = remember_pairing(self.data, self.outbox, hub, paired)
        # one push at a time, across the change of client too: let a running round end first
        await self.settled()
        old, self.client = self.client, self._client(self.pairing.addresses, paired.token)
        if old is not None:
            await old.close()
        self.kick()
        await self.settled()
        return self.pairing

    # -- closing ----------

    def cancel_now(self) -> list[asyncio.Future[Any]]:
        """Cancel the round under way; returns it, to wait for when a loop runs."""
        if self._round is None:
            return []
        self._round.cancel()
        return [self._round]

    async def close(self) -> None:
        """Close the client's connection pool (the link is unusable after)."""
        client, self.client = self.client, None
        if client is not None:
            await client.close()


def remember_pairing(
    data: Path, outbox: Outbox, hub: str, paired: protocol.PairResponse
) -> Pairing:
    """Store a fresh pairing; the workshop it names becomes the pillar's own.

    Returns:
        The pairing as stored.
    """
    pairing = Pairing(hub, paired.token, paired.device_id, paired.workshop, tuple(paired.hubs))
    PairingStore(data, "kiosk").save(pairing)
    if paired.workshop:
        outbox.put("workshop", paired.workshop)
    return pairing


async def pair_and_store(data: Path, hub: str, code: str) -> protocol.PairResponse:
    """Pair a pillar from the command line (or the demo) and remember the token.

    Raises:
        HubError: the code was refused or the hub is out of reach.
    """
    from shared.device.connection import pair

    paired = await pair(hub, code, PILLAR_NAME)
    outbox = Outbox(data / "kiosk.db")
    try:
        remember_pairing(data, outbox, hub, paired)
    finally:
        outbox.close()
    return paired
