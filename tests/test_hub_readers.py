"""The hub's store reads share a fixed few threads, so a fixed few SQLite read connections."""

import asyncio
import threading

import pytest
from sqlite_utils import Database

from shared.datadir import DataDir
from shared.db import READERS
from shared.hub.service import Hub
from shared.store import Store

pytestmark = pytest.mark.anyio


async def _many_reads_at_once(hub: Hub, count: int) -> tuple[set[int], set[str]]:
    """``count`` reads started together, each held until READERS of them run at once.

    Returns:
        The connections the reads were given, and the threads they ran on.
    """
    lock = threading.Lock()
    running = 0
    full = threading.Event()
    connections: set[int] = set()
    threads: set[str] = set()

    def read(db: Database) -> None:
        nonlocal running
        with lock:
            connections.add(id(db.conn))
            threads.add(threading.current_thread().name)
            running += 1
            if running >= READERS:
                full.set()
        # every reader busy at once: a pool that grows with demand would start more threads
        assert full.wait(timeout=30)
        db.execute("select count(*) from questions").fetchone()

    await asyncio.gather(*(hub.read(read) for _ in range(count)))
    return connections, threads


async def test_reads_use_at_most_readers_connections(demo_dir: DataDir, demo_store: Store) -> None:
    hub = Hub(demo_dir, demo_store)
    connections, threads = await _many_reads_at_once(hub, 5 * READERS)
    assert len(connections) == READERS
    assert all(name.startswith("zuil-hub-read") for name in threads)
    again, _ = await _many_reads_at_once(hub, 5 * READERS)
    assert again == connections  # kept, not opened anew


async def test_open_readers_opens_every_connection_before_any_read(
    demo_dir: DataDir, demo_store: Store
) -> None:
    hub = Hub(demo_dir, demo_store)
    before = {id(db.conn) for db in demo_store._readers}
    hub.db.open_readers()
    opened = {id(db.conn) for db in demo_store._readers} - before
    assert len(opened) == READERS
    connections, _ = await _many_reads_at_once(hub, 5 * READERS)
    assert connections == opened  # the load opens none of its own
