"""Running a Qt app on asyncio (qasync): one loop per application, run until it quits."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import Any, cast

import qasync
from PySide6.QtWidgets import QApplication

log = logging.getLogger("zuil.device.qtloop")


def application() -> QApplication:
    """The running QApplication, made if there is none yet."""
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])


class QtEventLoop(qasync.QEventLoop):  # type: ignore[misc]
    """qasync's loop, minus one step that runs our tasks outside any loop.

    qasync's ``run_until_complete`` ends with one more ``processEvents`` *after*
    it has unset the running loop: a task stepped there finds no loop, and
    anyio (under httpx) fails half-way through a request and leaves its
    connection pool locked, so later requests hang. Here the loop simply
    stops; what is left runs the next time the loop runs.
    """

    def run_until_complete(self, future: Any) -> Any:
        """Run until ``future`` is done and return its result."""
        if self.is_running():
            raise RuntimeError("Event loop already running")
        task = asyncio.ensure_future(future, loop=self)

        def stop(_: object) -> None:
            self.stop()

        task.add_done_callback(stop)
        try:
            self.run_forever()
        finally:
            task.remove_done_callback(stop)
        if not task.done():
            raise RuntimeError("Event loop stopped before Future completed.")
        return task.result()


def event_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """The app's qasync loop, installed as this thread's loop (a second one would crash Qt)."""
    try:
        current = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        current = None
    if isinstance(current, qasync.QEventLoop) and not current.is_closed():
        return cast(asyncio.AbstractEventLoop, current)
    loop = cast(asyncio.AbstractEventLoop, QtEventLoop(app))
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
        try:
            loop.run_until_complete(closed.wait())
        except RuntimeError:
            # app.quit() (the pillar's staff "Quit") stops Qt's loop at once, before the
            # waiter wakes: quitting is what we waited for, so go on to the cleanup
            if not closed.is_set():
                raise
        if cleanup is not None:
            try:
                loop.run_until_complete(cleanup())
            except RuntimeError as error:
                # Qt may not run its loop again once quit from inside it: what the cleanup
                # did not finish ends with the process; the caller goes on (a demo's hub
                # is still stopped properly)
                log.warning("clean-up after quitting cut short: %s", error)


# The offscreen platform says this of every top-level window; it is not ours.
_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",)


def quiet_offscreen_noise() -> None:
    """Keep Qt's messages on stderr, minus the offscreen plugin's known noise.

    A self-test fails the installer build on unexpected stderr, so what is
    left there must mean something.
    """
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, message: str) -> None:
        if not message.startswith(_OFFSCREEN_NOISE):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
