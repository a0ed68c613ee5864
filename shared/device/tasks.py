"""Background asyncio work owned by a window: started, logged when it fails, cancelled on close."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("zuil.tasks")


class TaskSet:
    """The tasks one window started (qasync runs them on the Qt event loop)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Run a coroutine in the background; without a running loop it is dropped."""
        try:
            task = asyncio.ensure_future(coroutine)
        except RuntimeError:  # no event loop (built offscreen without qasync)
            coroutine.close()
            return None
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task failed", exc_info=task.exception())

    def __len__(self) -> int:
        return len(self._tasks)

    async def settle(self) -> None:
        """Wait until every task started so far, and those they start, have finished."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))

    def cancel_now(self) -> list[asyncio.Task[Any]]:
        """Cancel every task at once; returns them, to wait for when a loop runs."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        return tasks

    async def cancel(self) -> None:
        """Cancel every task and wait until they are gone."""
        await asyncio.gather(*self.cancel_now(), return_exceptions=True)
