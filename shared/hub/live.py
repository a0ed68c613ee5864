"""The live stream's wake-up signal and the one read of the log all streams share."""

from __future__ import annotations

import asyncio
import bisect
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

log = logging.getLogger("zuil.hub.live")


class LiveFeed:
    """Tells every waiting stream that the live log may have grown.

    The feed only wakes; :class:`LiveTail` reads the log. Safe to poke from
    any thread.

    Args:
        loop: the event loop the streams run on.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self._changed = asyncio.Event()
        self.generation = 0
        self.tail: LiveTail | None = None  # the streams' shared reader, made by the app

    def poke(self) -> None:
        """Wake the streams (call from any thread, e.g. after a commit)."""
        self.loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        self.generation += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait(self, generation: int, timeout: float) -> bool:
        """Wait until the generation moves past ``generation``; False on timeout."""
        if self.generation != generation:
            return True
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            return False
        return True


@dataclass(frozen=True)
class Read:
    """One read of the live log, for every stream at once.

    Attributes:
        events: the new events as ``(seq, SSE frame)``, in order.
        last: the sequence number the next read starts after.
        active: which of the asked devices were still active, in the same snapshot.
        more: the read stopped at its limit; the log holds more.
    """

    events: list[tuple[int, bytes]]
    last: int
    active: frozenset[int]
    more: bool = False


REVOKED = object()
"""What :meth:`LiveTail.since` says to a stream whose device was found revoked."""


class LiveTail:
    """Reads the live log once per wake and hands the same new events to every stream.

    With hundreds of streams open, each reading the log itself on every commit
    took more of the hub than the syncs did. Here one task reads, after each
    commit and at least every ``check_s()`` seconds, the new events and which
    subscribed devices are still active, in one snapshot; streams take what
    they have not sent yet from memory. A stream that is further behind than
    the memory reaches (a resume from long ago) reads the log itself, so
    resuming still has no gap and no duplicate.

    Args:
        feed: the commit wake-up signal.
        read: reads ``(after, device ids)`` in one snapshot; ``after`` None
            means "from the newest event on".
        check_s: how long the tail may go without reading (device revocations
            by another process are only seen by reading).
        keep: how many recent events stay in memory.
    """

    def __init__(
        self,
        feed: LiveFeed,
        read: Callable[[int | None, frozenset[int]], Awaitable[Read]],
        check_s: Callable[[], float],
        keep: int = 1000,
    ) -> None:
        self._feed = feed
        self._read = read
        self._check_s = check_s
        self._keep = keep
        self._subscribers: Counter[int] = Counter()
        self._task: asyncio.Task[None] | None = None
        self._seqs: list[int] = []
        self._frames: list[bytes] = []
        self._from: int | None = None  # memory holds every readable event after this one
        self._last = 0
        self._checked: frozenset[int] = frozenset()
        self._active: frozenset[int] = frozenset()
        self._published: asyncio.Future[None] = feed.loop.create_future()
        self.publication = 0
        self.reads = 0

    @property
    def last(self) -> int:
        """The newest event the tail has read (what :meth:`since` hands out ends there)."""
        return self._last

    @contextmanager
    def subscribe(self, device_id: int) -> Iterator[None]:
        """Count a stream of ``device_id`` in while the block runs; start the reader if idle."""
        self._subscribers[device_id] += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())
        try:
            yield
        finally:
            self._subscribers[device_id] -= 1
            if self._subscribers[device_id] <= 0:
                del self._subscribers[device_id]

    def since(self, after: int, device_id: int) -> bytes | object | None:
        """A stream's next frames from memory, ``REVOKED``, or None: read the log yourself.

        None when memory does not reach back to ``after``, or the last read did
        not yet ask about ``device_id``: only a read that asked about the device
        in the events' own snapshot may hand them out.
        """
        if self._from is None or after < self._from or device_id not in self._checked:
            return None
        if device_id not in self._active:
            return REVOKED
        return b"".join(self._frames[bisect.bisect_right(self._seqs, after) :])

    async def wait(self, publication: int, timeout: float) -> None:
        """Wait until a read after ``publication`` was published, or ``timeout`` passed."""
        if self.publication != publication:
            return
        # a plain shared future: no task per waiting stream, as wait_for would make
        await asyncio.wait((self._published,), timeout=max(timeout, 0))

    async def _run(self) -> None:
        while self._subscribers:
            generation = self._feed.generation
            more, news = False, True  # after a failed read: wake the streams, try again later
            try:
                more, news = await self._read_once()
            except Exception:
                # the streams read the log themselves meanwhile, and fail as loudly as before
                log.exception("the live log could not be read for the streams")
                self._forget()
            if news:
                self._publish()
            if not more:
                await self._feed.wait(generation, self._check_s())
        self._forget()

    async def _read_once(self) -> tuple[bool, bool]:
        """One read for every stream: whether the log holds more, whether a stream must wake.

        Most commits (scans, answers) add no live event: the streams sleep through them.
        """
        self.reads += 1
        asked = frozenset(self._subscribers)
        first = self._from is None
        read = await self._read(None if first else self._last, asked)
        if first:
            self._from = self._last = read.last
        for seq, frame in read.events:
            self._seqs.append(seq)
            self._frames.append(frame)
        self._last = read.last
        if len(self._seqs) > 2 * self._keep:
            self._from = self._seqs[-self._keep - 1]
            del self._seqs[: -self._keep], self._frames[: -self._keep]
        revoked = asked - read.active
        news = first or bool(read.events) or bool(revoked - (self._checked - self._active))
        self._checked, self._active = asked, read.active
        return read.more, news

    def _forget(self) -> None:
        self._from = None
        self._seqs, self._frames = [], []
        self._checked = self._active = frozenset()

    def _publish(self) -> None:
        self.publication += 1
        self._published.set_result(None)
        self._published = self._feed.loop.create_future()
