"""The live stream's wake-up signal: the writer thread commits, waiting streams read on."""

from __future__ import annotations

import asyncio


class LiveFeed:
    """Tells every waiting stream that the live log may have grown.

    Streams read the log itself (``sync.read_events``), so a stream that was
    away resumes from its last id with no gap and no duplicate; the feed only
    wakes them. Safe to poke from any thread.

    Args:
        loop: the event loop the streams run on.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._changed = asyncio.Event()
        self.generation = 0

    def poke(self) -> None:
        """Wake the streams (call from any thread, e.g. after a commit)."""
        self._loop.call_soon_threadsafe(self._wake)

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
