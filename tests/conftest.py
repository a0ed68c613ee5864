"""Shared fixtures: a prepared demo data folder, copied fresh for every test; the qasync loop."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from shared import demo
from shared.datadir import DataDir
from shared.store import Store

# Qt reads this when the QApplication is made (by pytest-qt), after these imports.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge correctness, never speed: a loaded CI machine must not fail them.
settings.register_profile(
    "zuil", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("zuil")


@pytest.fixture(scope="session")
def _prepared_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-template")
    demo.prepare(DataDir(root))
    return root


@pytest.fixture
def demo_dir(_prepared_demo: Path, tmp_path: Path) -> DataDir:
    """A private copy of the prepared demo data folder."""
    target = tmp_path / "data"
    shutil.copytree(_prepared_demo, target)
    return DataDir(target)


@pytest.fixture
def demo_store(demo_dir: DataDir) -> Iterator[Store]:
    """The demo folder's store, closed after the test."""
    with demo_dir.open_store() as store:
        yield store


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio, like the apps."""
    return "asyncio"


@pytest.fixture
def qloop(_qasync_loop: asyncio.AbstractEventLoop) -> asyncio.AbstractEventLoop:
    """The qasync loop, installed as this thread's loop (``asyncio.run`` elsewhere unsets it)."""
    asyncio.set_event_loop(_qasync_loop)
    return _qasync_loop


@pytest.fixture(scope="session")
def _qasync_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for every test that drives async Qt windows.

    pytest-qt processes Qt events between test phases; with qasync that would step
    our asyncio tasks outside a running loop, so those events go through the loop.
    """
    import pytestqt.plugin

    from shared.device.qtloop import QtEventLoop

    loop = QtEventLoop(qapp)
    asyncio.set_event_loop(loop)
    original: Callable[[], None] = pytestqt.plugin._process_events

    def process_events() -> None:
        if loop.is_running() or loop.is_closed():
            original()
        else:
            loop.run_until_complete(asyncio.sleep(0))

    pytestqt.plugin._process_events = process_events
    yield loop
    pytestqt.plugin._process_events = original
    loop.close()  # joins the worker threads of asyncio.to_thread (QThreads under qasync)
