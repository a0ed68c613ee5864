"""A desk window on a real hub for tests: paired with a real token, torn down safely."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.desk.app import DeskConfig, DeskWindow
from shared.datadir import DataDir
from shared.hub.server import RunningHub, start_in_thread
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import paired_token
from tests.helpers.kiosk import wait_signal


@contextmanager
def desk_on_hub(
    loop: asyncio.AbstractEventLoop, data: DataDir, store: Store, folder: Path, role: Role
) -> Iterator[tuple[DeskWindow, RunningHub]]:
    """Serve the hub on 127.0.0.1, open a desk paired as ``role``, wait until it is ready."""
    hub = start_in_thread(data, store)
    window = DeskWindow(DeskConfig(data=folder, hub=hub.url, token=paired_token(store, role)))
    window.start()
    window.resize(1600, 1000)
    loop.run_until_complete(wait_signal(window.ready))
    try:
        yield window, hub
    finally:
        loop.run_until_complete(window.aclose())
        window.close()
        window.deleteLater()  # at a safe point, not when the garbage collector runs
        hub.stop()
        loop.run_until_complete(asyncio.sleep(0))
