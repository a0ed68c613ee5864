"""A screen following the hub's live stream over real HTTP, for end-to-end tests.

It uses the wall's own feed (:class:`wall.feed.WallFeed`: snapshot, then the stream,
resumed with ``Last-Event-ID``) and keeps what a wall or the desk would show: the
visible items, the items held for a moderator, the last leaderboard and counters.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from shared import protocol
from shared.device.link import Link
from shared.protocol import LiveEventKind
from wall.feed import WallFeed


class Follower:
    """What one screen holds, kept up to date from the live stream.

    Args:
        name: for messages.
        base_url: the hub.
        token: a wall's, desk's or organiser's bearer token.
        snapshot: start from ``GET /api/wall`` as a wall does; False replays the
            whole live log from its first event instead.
    """

    def __init__(self, name: str, base_url: str, token: str, *, snapshot: bool = True) -> None:
        self.name, self.base_url, self.token = name, base_url, token
        self.items: dict[str, protocol.WallItem] = {}
        self.pending: set[str] = set()
        self.leaderboard: list[protocol.Standing] | None = None
        self.counters: protocol.Counters | None = None
        self.seqs: list[int] = []
        self.snapshots = 0
        self.connections = 0
        self.losses = 0
        self._start_after: int | None = None if snapshot else 0
        self._feed: WallFeed | None = None
        self._task: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    @property
    def last_event(self) -> int | None:
        """The id of the last event seen (what a reconnect resumes after)."""
        return self._feed.last_event if self._feed is not None else self._start_after

    def start(self) -> None:
        """Connect (after :meth:`stop`: resume after the last event seen)."""
        assert self._task is None
        feed = WallFeed(
            self.base_url,
            self.token,
            on_snapshot=self._on_snapshot,
            on_event=self._on_event,
            on_link=self._on_link,
        )
        feed.last_event = self.last_event
        self._feed = feed
        self._task = asyncio.create_task(feed.run(), name=f"follow {self.name}")

    async def stop(self) -> None:
        """Disconnect, keeping what is shown and the last event id."""
        if self._task is None or self._feed is None:
            return
        self._start_after = self._feed.last_event
        await self._feed.close()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def until(self, predicate: Callable[[Follower], bool], timeout: float = 60.0) -> None:
        """Wait until ``predicate(self)`` holds, checking it after every event.

        Raises:
            TimeoutError: it did not hold within ``timeout`` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate(self):
            self._changed.clear()
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(
                    f"{self.name}: not reached after {timeout}s (last event {self.last_event},"
                    f" {self.connections} connections, {self.losses} lost)"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    def _on_snapshot(self, snapshot: protocol.WallSnapshot) -> None:
        self.snapshots += 1
        self.items = {item.id: item for item in snapshot.items}
        self.leaderboard = snapshot.leaderboard
        self.counters = snapshot.stats.counters
        self._changed.set()

    def _on_event(self, event: protocol.LiveEvent) -> None:
        self.seqs.append(event.seq)
        if event.kind is LiveEventKind.ITEM_VISIBLE:
            assert event.item is not None
            self.items[event.item.id] = event.item
            self.pending.discard(event.item.id)
        elif event.kind is LiveEventKind.ITEM_HIDDEN:
            assert event.item_id is not None
            self.items.pop(event.item_id, None)
            self.pending.discard(event.item_id)
        elif event.kind is LiveEventKind.ITEM_PENDING:
            assert event.item_id is not None
            self.pending.add(event.item_id)
        elif event.kind is LiveEventKind.LEADERBOARD:
            assert event.leaderboard is not None
            self.leaderboard = event.leaderboard
        elif event.kind is LiveEventKind.STATS:
            self.counters = event.stats
        self._changed.set()

    def _on_link(self, link: Link) -> None:
        if link is Link.LIVE:
            self.connections += 1
        else:
            self.losses += 1
        self._changed.set()
