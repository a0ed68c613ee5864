"""Running a Qt app on asyncio (qasync): one loop per application, run until it quits."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import cast

import qasync
from PySide6.QtWidgets import QApplication


def application() -> QApplication:
    """The running QApplication, made if there is none yet."""
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])


def event_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """The app's qasync loop, installed as this thread's loop (a second one would crash Qt)."""
    try:
        current = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        current = None
    if isinstance(current, qasync.QEventLoop) and not current.is_closed():
        return cast(asyncio.AbstractEventLoop, current)
    loop = cast(asyncio.AbstractEventLoop, qasync.QEventLoop(app))
    asyncio.set_event_loop(loop)
    return loop


def run_until_quit(
    app: QApplication,
    loop: asyncio.AbstractEventLoop,
    cleanup: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Run the Qt app and the asyncio loop together until the app quits, then clean up."""
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    with loop:  # type: ignore[attr-defined]
        loop.run_until_complete(closed.wait())
        if cleanup is not None:
            loop.run_until_complete(cleanup())
