"""``zuil demo --session world-cafe``: three table pillars, the console and the wall, played.

The control window plays a round of ideas: it starts the first round through the
hub as the facilitator would, and each table writes on its own question; the
ideas reach the hub through the pillars' outboxes and the console shows them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.app import KioskWindow
from kiosk.desk.cafe import FacilitatorTab
from kiosk.outbox import Release
from kiosk.table import Mode
from shared.datadir import DataDir
from shared.launch import cafedemo, placement
from shared.launch.cafedemo import CafeDemo, start_cafe_demo
from shared.launch.cli import main
from shared.protocol import IdeaInfo
from shared.store import Store
from tests.helpers.clock import Clock, let_time_pass
from tests.helpers.console import select
from tests.helpers.kiosk import until, wait_signal

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture
def demo(qloop: asyncio.AbstractEventLoop, tmp_path: Path) -> Iterator[CafeDemo]:
    data = DataDir(tmp_path / "world-cafe")
    name, attendees = cafedemo.prepare(data, "world-cafe")
    assert (name, attendees) == ("Community-café Klantcontact", cafedemo.ATTENDEES)
    with data.open_store() as store:
        running = start_cafe_demo(data, store, tmp_path / "apps", qloop)
        for window in running.tables.values():
            window.outbox.release = Release(clock=Clock())  # the tests move the minute on
            window.start()
            window.resize(1280, 800)
        running.desk.start()
        running.desk.resize(1600, 1000)
        running.desk.tabs.setCurrentWidget(running.desk.facilitator)
        running.wall.start()
        running.control.timer.setInterval(10)  # the tables write as fast as the test goes
        try:
            yield running
        finally:
            qloop.run_until_complete(running.desk.aclose())
            qloop.run_until_complete(running.wall.aclose())
            for window in running.tables.values():
                window.quit()
            for other in (running.desk, running.wall, running.control):
                other.close()
                other.deleteLater()
            running.hub.stop()
            for window in running.tables.values():
                window.deleteLater()
            qloop.run_until_complete(asyncio.sleep(0))


def knows_its_table(window: KioskWindow) -> bool:
    return window.table_mode.table.spot is not None


def all_sent(window: KioskWindow) -> bool:
    return window.outbox.count() == 0


def test_the_control_window_plays_a_round_of_ideas_at_every_table(
    demo: CafeDemo, qloop: asyncio.AbstractEventLoop
) -> None:
    tables = demo.tables
    console = demo.desk.facilitator

    async def play() -> None:
        for window in tables.values():
            await until(partial(knows_its_table, window), window.content_updated)
        demo.control.show()  # shown at its own size, as the demo shows it, before any status
        await asyncio.sleep(0)  # one turn of the loop: Qt lays the window out
        demo.control.play_round()
        written = await wait_signal(demo.control.played, 60)
        assert written[0] == 9  # three ideas at each of the three tables
        assert demo.control.status.text().startswith("9 ideeën onderweg")
        await asyncio.sleep(0)
        (SCREENSHOTS / "demo").mkdir(parents=True, exist_ok=True)
        demo.control.grab().save(str(SCREENSHOTS / "demo" / "world-cafe-control.png"))
        assert_laid_out(demo.control)
        for window in tables.values():
            assert window.table_mode.screen.state.mode is Mode.WRITING
            let_time_pass(window.outbox)
            window.sync_now()
            await until(partial(all_sent, window), window.sync_finished)
        await until(lambda: len(console.view.ideas if console.view else []) == 9, console.loaded)
        demo.control.person.setCurrentIndex(2)
        demo.control.scan_at("T2")
        assert tables["T2"].table_mode.screen.line().startswith("Welkom aan tafel")

    qloop.run_until_complete(play())
    assert console.view is not None
    per_table = {c.table_id: c.ideas for c in console.view.status.counts}
    assert sorted(per_table.values()) == [3, 3, 3]
    for window in tables.values():
        spot = window.table_mode.table.spot
        assert spot is not None
        [question] = window.table_mode.screen.state.questions
        mine = [i for i in console.view.ideas if i.table_id == spot.table.id]
        assert {i.question_id for i in mine} == {question.id}  # the plan's question only
        assert {i.text for i in mine} <= set(cafedemo.IDEAS[question.code])
    (SCREENSHOTS / "demo").mkdir(parents=True, exist_ok=True)
    tables["T1"].grab().save(str(SCREENSHOTS / "demo" / "world-cafe-table.png"))
    demo.desk.grab().save(str(SCREENSHOTS / "demo" / "world-cafe-console.png"))


def assert_laid_out(window: QWidget) -> None:
    """No part of the window over another or cut off: each whole, inside it, at its size."""
    parts = [
        w
        for w in window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if w.isVisible()
    ]
    assert parts
    for n, part in enumerate(parts):
        box = part.geometry()
        assert window.rect().contains(box), f"{part!r} reaches out of the window"
        for other in parts[n + 1 :]:
            assert not box.intersects(other.geometry()), f"{part!r} over {other!r}"
        least = part.minimumSizeHint()
        assert box.width() >= least.width(), f"{part!r} too narrow"
        if isinstance(part, QLabel) and part.wordWrap():
            # a wrapped text needs this height at this width: every line shown
            assert box.height() >= part.heightForWidth(box.width()), f"{part.text()!r} cut off"
        else:
            assert box.height() >= least.height(), f"{part!r} too low"


def test_an_unknown_session_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--session", "brainstorm", "--prepare", "--data", str(tmp_path)]) == 2
    assert "no sample work session 'brainstorm'" in capsys.readouterr().err
    assert main(["demo", "--session", "world-cafe", "--prepare", "--data", str(tmp_path)]) == 0
    assert "24 attendees" in capsys.readouterr().out


def live_texts(store: Store) -> str:
    """Everything the live log holds, as the walls read it."""
    rows = store.read(lambda db: db.execute("SELECT payload FROM live_events").fetchall())
    return "\n".join(payload for (payload,) in rows)


def test_a_whole_session_gather_sort_vote_harvest_through_the_apps(
    demo: CafeDemo, qloop: asyncio.AbstractEventLoop
) -> None:
    tables = demo.tables
    console = demo.desk.facilitator
    store = demo.store

    async def session() -> None:
        for window in tables.values():
            await until(partial(knows_its_table, window), window.content_updated)
        demo.control.play_round()
        await wait_signal(demo.control.played, 60)
        for window in tables.values():
            let_time_pass(window.outbox)
            window.sync_now()
            await until(partial(all_sent, window), window.sync_finished)
        await until(lambda: len(all_ideas(console)) == 9, console.loaded)
        texts = [i.text for i in all_ideas(console)]
        # private first: not one text on the live stream while the tables gather
        assert not [t for t in texts if t in live_texts(store)]
        QTest.mouseClick(console.round_buttons["end"], Qt.MouseButton.LeftButton)
        QTest.mouseClick(console.phase_buttons["sort"], Qt.MouseButton.LeftButton)
        await until(
            lambda: console.session is not None and console.session.phase == "sort", console.loaded
        )
        question = tables["T1"].table_mode.screen.state.questions[0]
        console.question_id = question.id
        console._show()
        mine = [i.id for i in console.ideas()]
        assert len(mine) == 3
        select(console, mine[0], mine[1])
        QTest.keyClick(console.tree, Qt.Key.Key_M)  # two that say the same: merged
        await until(lambda: any(i.merged_into == mine[0] for i in console.ideas()), console.loaded)
        select(console, mine[2])
        QTest.keyClick(console.tree, Qt.Key.Key_H)
        await until(lambda: any(i.state == "hidden" for i in console.ideas()), console.loaded)
        assert not [t for t in texts if t in live_texts(store)]  # still private
        QTest.mouseClick(console.phase_buttons["vote"], Qt.MouseButton.LeftButton)
        await until(
            lambda: console.session is not None and console.session.phase == "vote", console.loaded
        )
        assert [t for t in texts if t in live_texts(store)]  # revealed to vote on: the walls see
        t3 = tables["T3"]
        screen = t3.table_mode.screen
        t3.pull_now()
        await until(
            lambda: bool(t3.table_mode.table.candidates(question.id)),
            t3.table_mode.view_loaded,
            timeout=30,
        )
        demo.control.person.setCurrentIndex(0)
        demo.control.scan_at("T3")
        assert screen.voter is not None
        screen.choose(question.id)
        assert list(screen.ballot_buttons) == [mine[0]]  # merged and hidden ones get no dot
        QTest.mouseClick(screen.ballot_buttons[mine[0]], Qt.MouseButton.LeftButton)
        QTest.mouseClick(screen.ballot_buttons[mine[0]], Qt.MouseButton.LeftButton)  # back
        QTest.mouseClick(screen.ballot_buttons[mine[0]], Qt.MouseButton.LeftButton)
        QTest.mouseClick(screen.cast_button, Qt.MouseButton.LeftButton)
        let_time_pass(t3.outbox)  # a ballot leaves at the minute boundary
        t3.sync_now()
        await until(partial(all_sent, t3), t3.sync_finished)
        assert all(i.dots is None for i in console.ideas())  # hidden until the vote closes
        QTest.mouseClick(console.phase_buttons["harvest"], Qt.MouseButton.LeftButton)
        await until(
            lambda: any(i.dots == 1 for i in all_ideas(console)), console.loaded, timeout=30
        )
        await mode_of(t3, Mode.HARVEST)

    qloop.run_until_complete(session())
    counted = {i.id: i.dots for i in all_ideas(console) if i.dots}
    assert counted == {console.ideas()[0].id: 1}
    (SCREENSHOTS / "demo").mkdir(parents=True, exist_ok=True)
    demo.desk.grab().save(str(SCREENSHOTS / "demo" / "world-cafe-harvest-console.png"))


def all_ideas(console: FacilitatorTab) -> list[IdeaInfo]:
    return list(console.view.ideas) if console.view is not None else []


async def mode_of(window: KioskWindow, mode: Mode) -> None:
    window.pull_now()
    await until(lambda: window.table_mode.screen.state.mode is mode, window.table_mode.shown)


def test_every_window_stands_wholly_on_a_full_hd_screen(demo: CafeDemo) -> None:
    screen = QRect(0, 0, 1920, 1080)
    demo.control.show()
    tables = list(demo.tables.values())
    placement.world_cafe(tables, demo.desk, demo.wall, demo.control, screen=screen)
    windows: list[QWidget] = [*tables, demo.desk, demo.wall, demo.control]
    frames = [window.frameGeometry() for window in windows]
    for window, frame in zip(windows, frames, strict=True):
        assert screen.contains(frame), (window, frame)
    for n, frame in enumerate(frames):  # side by side: none covers another
        assert not any(frame.intersects(other) for other in frames[n + 1 :]), frames
