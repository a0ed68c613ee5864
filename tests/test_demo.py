"""The desk in ``zuil demo``: a walk-in's printed ticket opens the pillar, a reprint locks the
old one out, and a note hidden at the desk leaves the wall.

Everything is real but the camera: the hub on 127.0.0.1, the desk, the pillar and
the wall windows, the PDF the desk wrote, rendered and held up to the virtual
camera as paper, and read by the pillar's scanner.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QPushButton

from kiosk.session import Screen
from shared import protocol
from shared.datadir import DataDir
from shared.launch import placement
from shared.launch.crowd import Played
from shared.launch.demo import Demo, start_demo
from shared.scan.frames import VirtualCamera
from shared.store import Store
from tests.helpers.kiosk import expect, until, wait_signal

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "demo"


@pytest.fixture
def demo(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Demo]:
    running = start_demo(demo_dir, demo_store, tmp_path / "kiosk", qloop, control=True)
    assert running.desk is not None
    assert running.wall is not None
    running.kiosk.start()
    running.wall.start()
    running.desk.start()
    qloop.run_until_complete(wait_signal(running.desk.ready))
    qloop.run_until_complete(running.desk.settle())
    try:
        yield running
    finally:
        qloop.run_until_complete(running.desk.aclose())
        qloop.run_until_complete(running.wall.aclose())
        if running.control is not None:
            qloop.run_until_complete(running.control.aclose())
        running.kiosk.quit()
        for window in (running.desk, running.wall, running.control):
            if window is not None:
                window.close()
                window.deleteLater()
        running.hub.stop()
        running.kiosk.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))


def shot(demo: Demo, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for window, part in ((demo.kiosk, "kiosk"), (demo.desk, "desk"), (demo.wall, "wall")):
        if window is not None:
            window.grab().save(str(SCREENSHOTS / f"{name}-{part}.png"))


def test_walk_in_print_scan_reprint_refuse_and_hide(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store, tmp_path: Path
) -> None:
    desk, kiosk, wall, control = demo.desk, demo.kiosk, demo.wall, demo.control
    assert desk is not None
    assert wall is not None
    assert control is not None
    camera = demo.camera_source
    assert isinstance(camera, VirtualCamera)
    desk.ask_path = lambda title, suggested, save: str(tmp_path / "oploper.pdf")

    async def day() -> None:
        await until(lambda: kiosk.content.event is not None, kiosk.content_updated)
        # the desk registers a walk-in and prints the ticket to PDF
        desk.walkin.first.setText("Wessel")
        desk.walkin.last.setText("Oploper")
        desk.walkin.workshops["VAST"].setChecked(True)
        waiting = expect(desk.ticket_output)
        desk.walkin.submit("pdf")
        ticket, _ = await asyncio.wait_for(waiting, 30)
        assert ticket.serial in control.printed
        # the printed paper is held up to the pillar's camera
        control.printed[ticket.serial].click()
        await until(lambda: kiosk.session.screen is Screen.HOME, kiosk.screen_changed)
        assert kiosk.session.attendee is not None
        assert kiosk.session.attendee.id == ticket.attendee.id
        # the pillar did not know this walk-in yet: it asks the hub and greets them by name
        await until(
            lambda: (
                kiosk.session.attendee is not None and kiosk.session.attendee.first_name == "Wessel"
            ),
            kiosk.content_updated,
        )
        shot(demo, "printed-ticket-accepted")
        await walk_away(demo)
        # lost: the desk reprints; after its next sync the pillar refuses the old paper
        desk.tabs.setCurrentWidget(desk.finder)
        desk.finder.query.setText("Wessel")
        await until(lambda: len(desk.finder.results) == 1, desk.finder.results_shown)
        desk.ask_path = lambda title, suggested, save: str(tmp_path / "nieuw.pdf")
        waiting = expect(desk.ticket_output)
        desk.finder.reprint()
        new, _ = await asyncio.wait_for(waiting, 30)
        assert new.serial != ticket.serial
        pulled = expect(kiosk.content_updated)  # the revocation reaches the pillar
        kiosk.pull_now()
        await asyncio.wait_for(pulled, 30)
        control.printed[ticket.serial].click()
        await until(
            lambda: kiosk.stack.currentWidget() is kiosk.screens[Screen.REFUSED],
            kiosk.screen_changed,
        )
        shot(demo, "old-ticket-refused")
        camera.hold(None)
        control.printed[new.serial].click()
        await until(lambda: kiosk.session.screen is Screen.HOME, kiosk.screen_changed)
        await walk_away(demo)
        # a note lands on the wall; the desk hides it and it leaves the wall
        item_id = await post_note(demo, "Te weinig <b>koffie</b>")
        if item_id not in wall.canvas.views:
            await until(lambda: item_id in wall.canvas.views, wall.canvas.item_shown)
        moderation = desk.moderation
        desk.tabs.setCurrentWidget(moderation)
        await until(
            lambda: any(e.item.id == item_id for e in moderation.items["visible"]),
            moderation.refreshed,
        )
        moderation.select("visible", item_id)
        removed = expect(wall.canvas.item_removed)
        moderation.act("hide")
        assert await asyncio.wait_for(removed, 30) == (item_id,)
        shot(demo, "note-hidden")
        # the organiser sees the day live on the dashboard and exports the report
        board = desk.dashboard
        desk.tabs.setCurrentWidget(board)
        await until(
            lambda: (
                board.data is not None
                and board.data.report.headline.scans == 2
                and board.data.report.headline.hidden == 1
            ),
            board.refreshed,
        )
        assert board.figures["scanned"].text() == "1"  # two scans, both Wessel: one attendee
        written = expect(board.report_written)
        board.make_report(tmp_path / "verslag.pdf")
        (report,) = await asyncio.wait_for(written, 60)
        assert Path(report).read_bytes().startswith(b"%PDF")
        shot(demo, "dashboard")

    qloop.run_until_complete(day())
    assert demo_store.scalar("SELECT state FROM notes") == "hidden"


async def walk_away(demo: Demo) -> None:
    """Take the paper away, let the frames already on their way through, end the session."""
    assert isinstance(demo.camera_source, VirtualCamera)
    assert demo.kiosk.camera is not None
    demo.camera_source.hold(None)
    for _ in range(6):
        await wait_signal(demo.kiosk.camera.frame_ready)
    demo.kiosk.end_session()


async def post_note(demo: Demo, text: str) -> str:
    assert demo.kiosk.pairing is not None
    token = demo.kiosk.pairing.token  # the pillar's own token
    now = datetime.now(UTC).isoformat()
    note = {"id": str(uuid.uuid4()), "kind": "note", "at": now, "wall": "tip", "text": text}
    async with httpx.AsyncClient(base_url=demo.hub.url, timeout=10) as client:
        reply = await client.post(
            "/api/sync",
            json={"device_clock": now, "actions": [note]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert reply.status_code == 200
        assert demo.desk is not None
        desk_token = demo.desk.config.token
        items = await client.get(
            "/api/moderation/items?state=visible", headers={"Authorization": f"Bearer {desk_token}"}
        )
    found = [protocol.ModerationItem.model_validate(i) for i in items.json()]
    return next(i.item.id for i in found if i.item.text == text)


def test_a_ticket_held_up_is_lowered_again(demo: Demo, qloop: asyncio.AbstractEventLoop) -> None:
    # else the pillar's next polaroid in the demo was a photo of the ticket
    control = demo.control
    assert control is not None
    camera = control.camera
    first = control.findChildren(QPushButton)[0]
    control.lowering.setInterval(50)
    lowered = expect(control.lowering.timeout)
    first.click()
    assert camera.held is not None
    qloop.run_until_complete(asyncio.wait_for(lowered, 10))
    assert camera.held is None


def test_a_crowd_plays_through_the_hub_and_the_console_charts_move(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store
) -> None:
    desk, control = demo.desk, demo.control
    assert desk is not None
    assert control is not None
    assert control.crowd is not None
    control.crowd.seconds = 0  # the demo spreads them over a minute; a test does not wait
    board = desk.dashboard
    board.views.setCurrentIndex(1)

    def answered(code: str) -> int:
        if board.data is None:
            return 0
        return next((p.n for p in board.data.report.polls if p.code == code), 0)

    async def play() -> Played:
        done = expect(control.crowd_played)
        control.crowd_button.click()
        assert not control.crowd_button.isEnabled()  # one crowd at a time
        (played,) = await asyncio.wait_for(done, 120)
        # the live stream says results changed: the console's charts follow by themselves
        truth = demo_store.scalar(
            "SELECT count(*) FROM poll_answered a JOIN polls p ON p.id = a.poll_id"
            " WHERE p.code = 'AANBEVELEN'"
        )
        assert truth >= 20
        await until(lambda: answered("AANBEVELEN") == truth, board.refreshed, timeout=60)
        assert isinstance(played, Played)
        return played

    played = qloop.run_until_complete(play())
    people = len(control.crowd.people)
    assert people >= 30  # every demo attendee but those on the control window's buttons
    assert played.attendees == people
    assert control.crowd_button.isEnabled()
    assert f"{people} deelnemers" in control.crowd_status.text()
    card = board.result_cards["AANBEVELEN"]
    assert card.chart.headline.startswith("NPS ")
    assert len(card.chart.bars) == 11
    # the crowd's tickets are not the control window's: those people can still come
    assert (
        demo_store.scalar(
            "SELECT count(*) FROM poll_answered WHERE attendee_id IN"
            " (SELECT id FROM attendees ORDER BY id LIMIT 8)"
        )
        == 0
    )
    desk.tabs.setCurrentWidget(board)
    shot(demo, "crowd")
    control.grab().save(str(SCREENSHOTS / "crowd-control.png"))


FULL_HD = QRect(0, 0, 1920, 1080)


def test_every_window_stands_wholly_on_a_full_hd_screen(demo: Demo) -> None:
    assert demo.control is not None
    windows = [demo.kiosk, demo.wall, demo.desk, demo.control]
    demo.control.show()
    placement.congress(demo.kiosk, demo.wall, demo.desk, demo.control, screen=FULL_HD)
    frames = []
    for window in windows:
        assert window is not None
        frame = window.frameGeometry()
        assert FULL_HD.contains(frame), (window, frame)
        frames.append(frame)
    for n, frame in enumerate(frames):  # side by side: none covers another
        assert not any(frame.intersects(other) for other in frames[n + 1 :]), frames
    assert demo.kiosk.width() >= 960  # the pillar as its smallest useful window
    assert demo.desk is not None
    demo.desk.grab()  # lays the desk out in its new size
    status = demo.desk.statusBar()
    corner = status.mapTo(demo.desk, status.rect().bottomRight())
    assert demo.desk.rect().contains(corner)  # the desk's status line is on the screen
    shot(demo, "placed")
