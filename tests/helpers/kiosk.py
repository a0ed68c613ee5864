"""Driving a real pillar window from async tests: a qasync loop and signal waits."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import SignalInstance


async def wait_signal(signal: SignalInstance, timeout: float = 15.0) -> tuple[Any, ...]:
    """The arguments of the next emission of ``signal``."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def slot(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(slot)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(slot)


async def until(
    predicate: Callable[[], bool], *signals: SignalInstance, timeout: float = 20.0
) -> None:
    """Wait until ``predicate`` holds, checking it each time one of ``signals`` fires."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise TimeoutError("condition not reached")
        waits = [asyncio.ensure_future(wait_signal(s, remaining)) for s in signals]
        done, pending = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        for task in done:
            error = task.exception()
            if error is not None and not isinstance(error, TimeoutError):
                raise error


def expect(signal: SignalInstance) -> asyncio.Future[tuple[Any, ...]]:
    """A future for the next emission of ``signal``, connected now.

    Use it when the action that emits may do so at once, before a task started
    by :func:`wait_signal` would have connected.
    """
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_event_loop().create_future()

    def slot(*args: Any) -> None:
        if not future.done():
            future.set_result(args)
        signal.disconnect(slot)

    signal.connect(slot)
    return future
