"""The pillar window as an attendee uses it, against a real hub on 127.0.0.1.

The virtual camera renders the held-up ticket's real QR code into frames that
go through the real decoder and verifier.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from kiosk import app as kiosk_app
from kiosk import polls
from kiosk.hublink import HubLink, remember_pairing
from kiosk.outbox import Outbox, Release
from kiosk.screens.choices import ChoicesPanel
from kiosk.screens.feedback import FeedbackScreen
from kiosk.screens.naming import NamingPanel
from kiosk.screens.openanswer import OpenPanel
from kiosk.screens.opinion import OpinionScreen
from kiosk.screens.points import Podium, PointsScreen
from kiosk.screens.polaroid import PolaroidScreen
from kiosk.screens.quiz import LONG_QUESTION_CHARS, QuizScreen
from kiosk.screens.reading import MapScreen
from kiosk.screens.scale import ScalePanel
from kiosk.screens.stars import StarsPanel
from kiosk.screens.welcome import AttractScreen, HomeScreen, MessageScreen
from kiosk.session import Screen, Session
from shared import protocol
from shared.datadir import DataDir
from shared.device.connection import pair
from shared.hub import devices, pillar
from shared.hub import sync as hub_sync
from shared.hub.devices import Device
from shared.hub.server import start_in_thread
from shared.hub.service import Hub
from shared.launch.demo import Demo, start_demo
from shared.protocol import Role
from shared.scan.frames import VirtualCamera
from shared.store import Store
from tests.helpers.clock import Clock, let_time_pass
from tests.helpers.hub import action, auth, batch, paired_token
from tests.helpers.kiosk import expect, until, wait_signal
from tests.helpers.polls import response

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "kiosk"


@pytest.fixture
def demo(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Demo]:
    running = start_demo(demo_dir, demo_store, tmp_path / "kiosk", qloop, control=False)
    # notes and photos leave at the next minute boundary: the tests move the pillar's clock
    running.kiosk.outbox.release = Release(clock=Clock())
    running.kiosk.start()
    running.kiosk.resize(1920, 1080)
    try:
        yield running
    finally:
        running.kiosk.quit()
        for window in (running.wall, running.desk):
            if window is not None:
                window.close()
                window.deleteLater()
        running.hub.stop()
        # delete the windows at a safe point: left to the garbage collector, PySide
        # may delete them in the middle of a later test's event processing
        running.kiosk.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))


def camera(demo: Demo) -> VirtualCamera:
    assert isinstance(demo.camera_source, VirtualCamera)
    return demo.camera_source


async def scan_in(demo: Demo, text: str) -> None:
    window = demo.kiosk
    await until(lambda: window.content.event is not None, window.content_updated)
    camera(demo).hold(text)
    await until(lambda: window.session.screen is Screen.HOME, window.screen_changed)
    camera(demo).hold(None)


def test_scan_quiz_points(demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store) -> None:
    window = demo.kiosk

    async def journey() -> None:
        await scan_in(demo, demo.tickets[0].text)
        assert window.session.attendee is not None
        window._on_home_chosen("quiz")
        quiz = window.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        answered = 0
        sizes: set[str] = set()
        while window.session.question is not None:
            question = window.session.question
            long = len(question.text) > LONG_QUESTION_CHARS  # the demo has both kinds
            assert quiz.question.objectName() == ("subtitle" if long else "title")
            sizes.add(quiz.question.objectName())
            quiz.options[question.correct].click()  # a right answer each time
            assert quiz.outcome is not None
            assert quiz.outcome.correct
            hidden = [button.isHidden() for button in quiz.options]
            assert hidden == [i != question.correct for i in range(len(quiz.options))]
            quiz.next_button.click()
            answered += 1
        assert answered == 5
        assert sizes == {"title", "subtitle"}
        window._on_home_chosen("points")
        points = window.screens[Screen.POINTS]
        assert isinstance(points, PointsScreen)
        await until(lambda: points.result is not None, window.synced, window.sync_finished)
        assert points.result is not None
        assert points.result.points == 50
        assert points.points.text() == "50 punten"
        assert points.result.rank == 1

    qloop.run_until_complete(journey())
    assert demo_store.scalar("SELECT count(*) FROM answers") == 5
    assert demo_store.scalar("SELECT count(*) FROM scans") == 1


def test_feedback_shows_markup_literally(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store
) -> None:
    window = demo.kiosk
    hostile = "<b>Vet</b> <img src=x> & 😀 \u202egnirts"

    async def post() -> None:
        await scan_in(demo, demo.tickets[1].text)
        window._on_home_chosen("feedback")
        feedback = window.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        feedback.set_wall("tip")
        feedback.editor.setPlainText(hostile)
        assert feedback.preview.textFormat().name == "PlainText"
        assert feedback.preview.text() == "<b>Vet</b> <img src=x> & 😀 ⟦U+202E⟧gnirts"
        feedback.send.click()
        assert "klaagmuur" in feedback.thanks.text()
        # the post-it keeps its place, with the note just sent on it
        assert feedback.preview.isVisible()
        assert feedback.preview.text() == "<b>Vet</b> <img src=x> & 😀 ⟦U+202E⟧gnirts"
        assert window.outbox.due(anonymous=True) == []  # the note waits for the minute
        assert {p.kind for p in window.outbox.pending()} - {"scan"} == {"note", "credit"}
        let_time_pass(window.outbox)
        await until(
            lambda: demo_store.scalar("SELECT count(*) FROM notes") == 1,
            window.synced,
            window.sync_finished,
        )

    qloop.run_until_complete(post())
    assert demo_store.scalar("SELECT text FROM notes") == hostile
    assert demo_store.scalar("SELECT wall FROM notes") == "tip"
    feedback = window.screens[Screen.FEEDBACK]
    assert isinstance(feedback, FeedbackScreen)
    feedback.editor.insertPlainText("Nog een")  # a next note takes the post-it over
    assert feedback.preview.text() == "Nog een"
    assert feedback.thanks.text() == ""


def test_polaroid_from_the_camera(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store
) -> None:
    window = demo.kiosk

    async def photo() -> None:
        await scan_in(demo, demo.tickets[2].text)
        window._on_home_chosen("polaroid")
        polaroid = window.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        assert window.camera is not None
        assert window.camera.paused  # a code in the photo must not start a session
        polaroid.take.click()
        await wait_signal(polaroid.capture_requested, 6)
        assert polaroid.photo is not None
        assert not polaroid.post.isEnabled()  # not without consent
        polaroid.caption.setText("Team <i>Vastgoed</i>")
        polaroid.consent.setChecked(True)
        polaroid.post.click()
        let_time_pass(window.outbox)
        await until(
            lambda: demo_store.scalar("SELECT count(*) FROM photos") == 1,
            window.synced,
            window.sync_finished,
        )

    qloop.run_until_complete(photo())
    row = next(demo_store.db.query("SELECT * FROM photos"))
    assert row["caption"] == "Team <i>Vastgoed</i>"
    assert row["state"] == "pending"  # photos are pre-moderated
    assert (row["width"], row["height"]) == (1280, 720)


def test_idle_timeout_clears_the_session(
    demo: Demo, qloop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kiosk_app, "IDLE_S", 3)
    monkeypatch.setattr(kiosk_app, "IDLE_WARNING_S", 2)
    window = demo.kiosk

    async def idle() -> None:
        await scan_in(demo, demo.tickets[3].text)
        await wait_signal(window.session_ended, 10)

    qloop.run_until_complete(idle())
    assert window.session.attendee is None
    assert window.session.screen is Screen.ATTRACT


def test_passerby_and_revoked(demo: Demo, qloop: asyncio.AbstractEventLoop) -> None:
    window = demo.kiosk

    async def refused() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        camera(demo).hold(demo.tickets[-1].text)  # a URL
        await until(
            lambda: window.stack.currentWidget() is window.screens[Screen.PASSERBY],
            window.screen_changed,
        )
        passerby = window.screens[Screen.PASSERBY]
        assert isinstance(passerby, MessageScreen)
        assert "registratiebalie" in passerby.body.text()
        assert window.session.attendee is None
        camera(demo).hold(demo.tickets[-2].text)  # a revoked ticket
        await until(
            lambda: window.stack.currentWidget() is window.screens[Screen.REFUSED],
            window.screen_changed,
        )
        refused_screen = window.screens[Screen.REFUSED]
        assert isinstance(refused_screen, MessageScreen)
        assert "nieuwe ticket" in refused_screen.body.text()

    qloop.run_until_complete(refused())


def test_hub_down_then_back_syncs_once(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store
) -> None:
    window = demo.kiosk
    port = int(demo.hub.url.rsplit(":", 1)[1])

    async def offline() -> None:
        await scan_in(demo, demo.tickets[4].text)
        await until(lambda: window.outbox.count() == 0, window.sync_finished)
        demo.hub.stop()
        window.session.post_note("top", "Zonder netwerk")
        let_time_pass(window.outbox)
        window.session.open(Screen.QUIZ)
        window.session.answer(0)
        assert window.outbox.count() >= 3
        window.sync_now()
        await wait_signal(window.sync_finished)
        assert window.client is not None
        assert not window.client.status.online
        assert window.outbox.count() >= 3
        demo.hub = start_in_thread(demo_dir, demo_store, port=port)
        await until(
            lambda: (
                demo_store.scalar("SELECT count(*) FROM notes") == 1
                and demo_store.scalar("SELECT count(*) FROM answers") == 1
            ),
            window.sync_finished,
            timeout=30,
        )
        window.sync_now()
        await wait_signal(window.sync_finished)

    qloop.run_until_complete(offline())
    assert demo_store.scalar("SELECT count(*) FROM notes") == 1
    assert demo_store.scalar("SELECT count(*) FROM answers") == 1


LOOKS = {
    # size, language, high contrast
    "landscape": ((1920, 1080), "nl", False),
    "portrait": ((1080, 1920), "nl", False),
    "landscape-en": ((1920, 1080), "en", False),
    "portrait-en": ((1080, 1920), "en", False),
    "landscape-contrast": ((1920, 1080), "nl", True),
}


@pytest.mark.parametrize("look", list(LOOKS))
def test_screenshots_of_every_screen(
    demo: Demo, qloop: asyncio.AbstractEventLoop, look: str
) -> None:
    size, lang, contrast = LOOKS[look]
    window = demo.kiosk
    window.resize(*size)
    if lang != window.lang:
        window._on_language_clicked()
    if contrast:
        window._on_staff_contrast_toggled()
    folder = SCREENSHOTS / look
    folder.mkdir(parents=True, exist_ok=True)

    def map_loaded(window: kiosk_app.KioskWindow) -> bool:
        screen = window.screens[Screen.MAP]
        return isinstance(screen, MapScreen) and screen.map is not None

    async def shoot() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        assert window.camera is not None
        await wait_signal(window.camera.frame_ready)
        window.grab().save(str(folder / "01-attract.png"))
        await scan_in(demo, demo.tickets[5].text)
        for number, item in enumerate(
            ("home", "workshop", "quiz", "feedback", "polaroid", "points", "agenda", "map"), start=2
        ):
            if item != "home":
                window._on_home_chosen(item)
            if item == "map":
                await until(
                    lambda: map_loaded(window),
                    window.sync_finished,
                    window.content_updated,
                )
                window.show_screen(Screen.MAP)
            if window.fade.running:  # the screen one came from, fading out
                await wait_signal(window.fade.finished)
            image = window.grab()
            assert image.width() == size[0]
            image.save(str(folder / f"{number:02d}-{item}.png"))
            window.show_screen(Screen.HOME)
        # the quiz's two verdicts: a right answer celebrated, a wrong one met kindly
        quiz = window.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        for name, right in (("10-quiz-right", True), ("11-quiz-wrong", False)):
            window._on_home_chosen("quiz")
            question = window.session.question
            assert question is not None
            choice = question.correct if right else (question.correct + 1) % 2
            quiz.answered.emit(choice)
            await wait_signal(quiz.verdict_animation.finished)
            if window.fade.running:
                await wait_signal(window.fade.finished)
            assert quiz.verdict.isVisible()
            assert quiz.verdict.objectName() == ("verdict-right" if right else "verdict-wrong")
            window.grab().save(str(folder / f"{name}.png"))
            window.show_screen(Screen.HOME)
        # the home tiles now say how far this attendee is
        home = window.screens[Screen.HOME]
        assert isinstance(home, HomeScreen)
        quiz_hint = home.buttons["quiz"].label.text()
        assert ("2 van" if lang == "nl" else "2 of") in quiz_hint
        if window.fade.running:
            await wait_signal(window.fade.finished)
        window.grab().save(str(folder / "12-home-progress.png"))
        # the points screen with this attendee on the podium
        window._on_home_chosen("points")
        points = window.screens[Screen.POINTS]
        assert isinstance(points, PointsScreen)
        await until(lambda: points.result is not None, window.synced, window.sync_finished)
        assert points.podium.isVisible()
        if window.fade.running:
            await wait_signal(window.fade.finished)
        window.grab().save(str(folder / "13-points-podium.png"))

    qloop.run_until_complete(shoot())
    assert len(list(folder.glob("*.png"))) == 13


def test_wedge_scanner_starts_a_session(demo: Demo, qloop: asyncio.AbstractEventLoop) -> None:
    window = demo.kiosk

    async def wedge() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        window.wedge.code_scanned.emit(demo.tickets[6].text)
        await until(lambda: window.session.screen is Screen.HOME, window.screen_changed)

    qloop.run_until_complete(wedge())
    assert window.session.attendee is not None


def test_escape_and_close_do_not_leave_the_kiosk(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QCloseEvent, QKeyEvent

    from kiosk.app import KioskConfig, KioskWindow

    window = KioskWindow(KioskConfig(data=tmp_path / "k", windowed=False), camera=None)
    escape = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
    window.keyPressEvent(escape)
    close = QCloseEvent()
    window.closeEvent(close)
    assert not close.isAccepted()  # Alt+F4 and the like are refused
    window.quit()
    window.deleteLater()


def test_staff_see_stuck_actions_and_retry_them(
    demo: Demo,
    qloop: asyncio.AbstractEventLoop,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = demo.kiosk
    broken = True
    real_apply = hub_sync.apply_batches

    def apply(db: Any, batches: list[Any], **kwargs: Any) -> Any:
        outcomes = real_apply(db, batches, **kwargs)
        ids = {str(a.id) for batch in batches for _, a in batch.actions}
        if broken and poison in ids:
            raise RuntimeError("the hub cannot apply this action")  # rolled back: a 500
        return outcomes

    monkeypatch.setattr(hub_sync, "apply_batches", apply)
    ids = [window.outbox.add("note", {"wall": "top", "text": f"note {i}"}) for i in range(6)]
    poison = ids[3]
    let_time_pass(window.outbox)

    async def stuck() -> None:
        nonlocal broken
        await until(lambda: window.outbox.stuck() == 1, window.sync_finished)
        assert window.outbox.count() == 1
        window.open_staff()
        window.staff.pin_edit.setText(window.config.pin)
        window.staff.pin_ok.click()
        assert window.staff.stuck.isVisible()
        assert window.staff.stuck.text().startswith("1 actie(s) vastgelopen")
        assert window.staff.retry_stuck.isVisible()
        window.language.click()
        assert window.staff.stuck.text().startswith("1 action(s) stuck")
        assert window.staff.retry_stuck.text() == "Retry stuck actions"
        broken = False  # the hub is mended
        window.staff.retry_stuck.click()
        await until(lambda: window.outbox.count() == 0, window.sync_finished)
        assert not window.staff.stuck.isVisible()
        assert not window.staff.retry_stuck.isVisible()

    qloop.run_until_complete(stuck())
    texts = demo_store.db.execute("SELECT text, count(*) FROM notes GROUP BY text").fetchall()
    assert dict(texts) == {f"note {i}": 1 for i in range(6)}


def test_points_screen_waits_for_the_sync_under_way(
    demo: Demo,
    qloop: asyncio.AbstractEventLoop,
    demo_store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = demo.kiosk
    sent: list[str] = []
    hold: list[str] = []  # the action whose batch the hub holds
    arrived, gate = threading.Event(), threading.Event()
    real_sync = pillar.sync_batch

    async def held(hub: Hub, device: Device, batch: protocol.SyncBatch) -> bytes:
        ids = [str(a.id) for _, a in batch.actions]
        sent.extend(ids)
        if hold and hold[0] in ids and not gate.is_set():  # the round under way, held at the hub
            arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, gate.wait, 20)
        return await real_sync(hub, device, batch)

    monkeypatch.setattr(pillar, "sync_batch", held)

    async def points() -> None:
        await scan_in(demo, demo.tickets[0].text)
        await until(lambda: window.outbox.count() == 0, window.sync_finished)
        sent.clear()
        hold.append(window.outbox.add("note", {"wall": "top", "text": "eerst"}))
        let_time_pass(window.outbox)
        window.sync_now()
        await asyncio.get_running_loop().run_in_executor(None, arrived.wait, 20)
        window._on_home_chosen("points")  # pushes while the first push waits for its answer
        screen = window.screens[Screen.POINTS]
        assert isinstance(screen, PointsScreen)
        gate.set()
        await until(
            lambda: screen.result is not None and window.outbox.count() == 0,
            window.synced,
            window.sync_finished,
        )

    try:
        qloop.run_until_complete(points())
    finally:
        gate.set()
    assert sent == hold  # sent once, not by both pushes at the same time


def test_the_attract_screen_cycles_through_what_is_happening(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store
) -> None:
    window = demo.kiosk

    async def cycle() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        # a tip left at another pillar, on the walls now: the next pull brings it here
        other = paired_token(demo_store, Role.KIOSK, "ZORG")
        async with httpx.AsyncClient(base_url=demo.hub.url, timeout=10) as client:
            note = action("note", wall="tip", text="Graag  de dia's\nachteraf \u202eomgekeerd")
            await client.post("/api/sync", json=batch(note), headers=auth(other))
        window.pull_now()
        await until(lambda: bool(window.content.notes), window.content_updated)

    qloop.run_until_complete(cycle())
    attract = window.screens[Screen.ATTRACT]
    assert isinstance(attract, AttractScreen)
    attract.show_session(window.session)
    workshop = window.session.workshop_info
    assert workshop is not None
    seen = []
    for _ in AttractScreen.PANELS:
        seen.append((attract.now_title.text(), attract.now_body.text()))
        attract.cycle.timeout.emit()
    titles = [title for title, _ in seen]
    assert any(workshop.title in title for title in titles)
    questions = {q.text for q in window.session.content.quiz(workshop)}
    assert any(body in questions for _, body in seen)  # a question as a teaser
    name = window.content.event.name if window.content.event else ""
    asked = {polls.wording(p, "nl", event_name=name) for p in window.session.opinion_open_here()}
    assert any(t == "Jouw mening telt: scan en doe mee" and b in asked for t, b in seen)
    # the latest on the walls, on one line each, an invisible control shown as a mark
    assert ("Net op de muur", "“Graag de dia's achteraf ⟦U+202E⟧omgekeerd” · tip") in seen
    assert len(set(titles)) >= 2  # it moves on


def test_a_new_screen_fades_in_over_the_one_you_came_from(
    demo: Demo, qloop: asyncio.AbstractEventLoop
) -> None:
    window = demo.kiosk

    async def fade() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        await scan_in(demo, demo.tickets[7].text)
        window._on_home_chosen("agenda")
        assert window.fade.running
        assert window.fade.isVisible()  # the home screen, over the agenda, fading
        assert window.stack.currentWidget() is window.screens[Screen.AGENDA]  # touchable now
        await wait_signal(window.fade.finished)
        assert not window.fade.isVisible()

    qloop.run_until_complete(fade())


def test_the_podium_stands_first_place_highest(qtbot: Any) -> None:
    podium = Podium()
    qtbot.addWidget(podium)
    podium.resize(900, 400)
    podium.show_top(
        [
            protocol.Standing(rank=1, name="Een", points=50),
            protocol.Standing(rank=2, name="Twee", points=40),
            protocol.Standing(rank=3, name="Drie", points=30),
        ],
        "verborgen",
        "nl",
    )
    podium.show()
    image = podium.grab().toImage()
    background = image.pixelColor(2, 2)

    def top_of(x: int) -> int:
        """The first row from the top where the block in column x starts."""
        for y in range(image.height()):
            colour = image.pixelColor(x, y)
            if colour != background and y > image.height() * 0.3:
                return y
        return image.height()

    second, first, third = (top_of(int(900 * f)) for f in (1 / 6, 1 / 2, 5 / 6))
    assert first < second < third


def test_the_right_answer_does_not_always_stand_in_the_same_place(qtbot: Any) -> None:
    quiz = QuizScreen()
    qtbot.addWidget(quiz)
    question = protocol.QuestionInfo.model_validate(
        {
            "id": 1,
            "workshop_id": 1,
            "position": 1,
            "text": "Welke?",
            "kind": "choice",
            "options": ["een", "twee", "drie", "vier"],
            "correct": 0,
            "explanation": "",
            "points": 10,
        }
    )
    places = set()
    for _ in range(40):
        quiz.show_question(question, 1, 1, shuffle=True)
        items = [quiz.options_box.itemAt(n) for n in range(quiz.options_box.count())]
        layout = [item.widget() for item in items if item is not None]
        places.add(layout.index(quiz.options[question.correct]))
        assert quiz.options[question.correct].text() == "een"  # options keep their meaning
    assert len(places) > 1


def test_the_next_attendee_starts_in_dutch(demo: Demo, qloop: asyncio.AbstractEventLoop) -> None:
    window = demo.kiosk

    async def visit() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        await scan_in(demo, demo.tickets[1].text)
        window.language.click()  # this attendee reads English
        assert window.lang == "en"
        window.end_session()  # Klaar

    qloop.run_until_complete(visit())
    assert window.lang == "nl"
    attract = window.screens[Screen.ATTRACT]
    assert isinstance(attract, AttractScreen)
    assert attract.title.text() == "Scan je ticket"


def test_the_thanks_say_when_a_moderator_looks_first(qtbot: Any) -> None:
    feedback = FeedbackScreen()
    qtbot.addWidget(feedback)
    feedback.set_wall("top")
    feedback.show_thanks(0, held=True)
    assert "moderatie" in feedback.thanks.text()
    assert "na goedkeuring op de jubelmuur" in feedback.thanks.text()
    feedback.show_thanks(5)
    assert "binnen een minuut op de jubelmuur" in feedback.thanks.text()
    assert "+5 bonuspunten" in feedback.thanks.text()
    polaroid = PolaroidScreen()
    qtbot.addWidget(polaroid)
    polaroid.show_thanks(0)
    assert "na goedkeuring" in polaroid.thanks.text()
    polaroid.show_thanks(0, held=False)
    assert "goedkeuring" not in polaroid.thanks.text()


def test_a_question_answered_elsewhere_makes_way_on_the_open_screen(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On slow Wi-Fi the attendee opens the questions before the hub has said what they
    answered elsewhere; once it has, a question they answered is no longer on screen."""
    window = demo.kiosk
    ticket = demo.tickets[3].text
    rating = demo_store.scalar("SELECT id FROM polls WHERE code = 'VAST-R'")
    hub_replied = asyncio.Event()
    learn = window.link.learn_answered

    async def on_slow_wifi(ticket: str, attendee_id: int) -> bool:
        await hub_replied.wait()
        return await learn(ticket, attendee_id)

    monkeypatch.setattr(window.link, "learn_answered", on_slow_wifi)

    async def journey() -> None:
        # the attendee rated this workshop at another of its pillars (or on the phone)
        other = paired_token(demo_store, Role.KIOSK, "VAST")
        async with httpx.AsyncClient(base_url=demo.hub.url, timeout=10) as client:
            reply = await client.post(
                "/api/sync",
                json=batch(action("scan", ticket=ticket), response(ticket, rating, 4)),
                headers=auth(other),
            )
        assert [r["fate"] for r in reply.json()["results"]] == ["applied", "applied"]
        await scan_in(demo, ticket)
        window._on_home_chosen("opinion")
        opinion = window.screens[Screen.OPINION]
        assert isinstance(opinion, OpinionScreen)
        assert opinion.poll is not None
        assert opinion.poll.code == "VAST-R"  # not known here yet
        learnt = expect(window.answered_learnt)
        hub_replied.set()
        await learnt
        assert window.session.screen is Screen.OPINION
        assert opinion.poll is not None
        assert opinion.poll.code == "AANBEVELEN"
        assert opinion.pages.currentWidget() is opinion.panel

    qloop.run_until_complete(journey())


def test_opinion_after_the_quiz_reaches_the_hub_once(
    demo: Demo, qloop: asyncio.AbstractEventLoop, demo_store: Store, tmp_path: Path
) -> None:
    """Scan, quiz, rate, answer the questions of the moment, sync: the hub counts each once.

    A second pillar that was offline meanwhile sends the same attendee's rating
    again: the hub refuses that one action, says why, counts it in the pillar's
    health, and the rest of its batch goes through.
    """
    window = demo.kiosk
    ticket = demo.tickets[2].text
    codes = {p["code"]: p["id"] for p in demo_store.db.query("SELECT id, code FROM polls")}

    def tally(code: str) -> dict[int, int]:
        rows = demo_store.db.query(
            "SELECT value, count FROM poll_tally WHERE poll_id = ? AND source = 'digital'",
            [codes[code]],
        )
        return {r["value"]: r["count"] for r in rows}

    async def journey() -> None:
        await scan_in(demo, ticket)
        window._on_home_chosen("quiz")
        quiz = window.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        while window.session.question is not None:
            quiz.options[0].click()
            quiz.next_button.click()
        assert quiz.opinion_button.isVisible()
        quiz.opinion_button.click()
        opinion = window.screens[Screen.OPINION]
        assert isinstance(opinion, OpinionScreen)
        asked = []
        while opinion.poll is not None:
            poll, panel = opinion.poll, opinion.panel
            asked.append(poll.code)
            if isinstance(panel, StarsPanel):
                panel.stars[4].click()
                panel.comment_button.click()
                panel.comment.editor.setPlainText("Heel leerzaam")
            elif isinstance(panel, ScalePanel):
                panel.numbers[9].click()
            elif isinstance(panel, ChoicesPanel):
                panel.buttons[0].click()
                panel.buttons[3].click()
            elif isinstance(panel, NamingPanel):
                panel.proposal.editor.setPlainText("Het Luisteroor")
            elif isinstance(panel, OpenPanel):
                panel.entry.editor.setPlainText("samenwerking")
            assert opinion.send_button.isEnabled()
            opinion.send_button.click()
        assert asked == ["VAST-R", "AANBEVELEN", "VOLGEND-JAAR", "MELDPUNT", "WOLK"]
        let_time_pass(window.outbox)  # answers leave at the next minute boundary
        await until(
            lambda: (
                window.outbox.count() == 0
                and demo_store.scalar("SELECT count(*) FROM poll_answered") == 5
            ),
            window.synced,
            window.sync_finished,
        )
        # a second pillar at the same workshop, offline while this went on
        _, code = devices.create_pairing(demo_store, Role.KIOSK, workshop="VAST", name="second")
        paired = await pair(demo.hub.url, code, "second")
        outbox = Outbox(tmp_path / "second" / "kiosk.db")
        remember_pairing(tmp_path / "second", outbox, demo.hub.url, paired)
        other = Session(window.content, outbox, "VAST")
        link = HubLink(
            tmp_path / "second",
            outbox,
            window.content,
            demo.hub.url,
            on_content=lambda: None,
            on_round=lambda _: None,
        )
        assert other.scan(ticket, date.today()) is Screen.HOME
        assert other.opinion is not None
        assert other.opinion.code == "VAST-R"  # offline, it cannot know this ticket rated
        other.respond(other.opinion, [1])
        assert link.client is not None
        try:
            assert await link.client.push() == 1  # the scan; the rating waits for the minute
            outbox.release = Release(clock=lambda: time.time() + 120)
            assert await link.client.push() == 1  # the rating: answered for
            assert outbox.count() == 0  # a refusal never blocks the outbox
            # online, the next visit learns what this ticket answered elsewhere
            other.end()
            other.scan(ticket, date.today())
            assert other.opinion_questions() != []
            assert await link.learn_answered(ticket, other.attendee.id if other.attendee else 0)
            assert other.opinion_questions() == []
        finally:
            await link.close()
            outbox.close()

    qloop.run_until_complete(journey())
    assert tally("VAST-R") == {-1: 1, 5: 1}  # one rating, five stars: the second refused
    assert tally("AANBEVELEN") == {-1: 1, 9: 1}
    assert tally("VOLGEND-JAAR") == {-1: 1, 0: 1, 3: 1}
    assert tally("WOLK") == {-1: 1}
    texts = {
        (r["part"], r["text"]) for r in demo_store.db.query("SELECT part, text FROM poll_texts")
    }
    assert texts == {
        ("comment", "Heel leerzaam"),
        ("proposal", "Het Luisteroor"),
        ("open", "samenwerking"),
    }
    health = next(
        demo_store.db.query("SELECT refused, last_refusal FROM devices WHERE name = 'second'")
    )
    assert health["refused"] == 1
    assert "already answered" in health["last_refusal"]
    assert demo_store.scalar("SELECT count(*) FROM scans") == 2  # its scan went through


FONTS = Path(__file__).resolve().parent / "data" / "fonts"


def test_the_pillar_speaks_in_the_event_s_own_font(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    font = demo_dir.store_file((FONTS / "ComicNeue-Bold.otf").read_bytes(), ".otf")
    licence = demo_dir.store_file((FONTS / "ComicNeue-LICENSE.txt").read_bytes(), ".txt")
    demo_store.write(
        lambda db: db.execute(
            "UPDATE event SET font = ?, font_licence = ? WHERE id = 1", [font, licence]
        )
    )
    running = start_demo(demo_dir, demo_store, tmp_path / "kiosk", qloop, control=False)
    window = running.kiosk
    window.start()
    window.resize(1920, 1080)
    before = QFontInfo(window.header.font()).family()
    assert before != "Comic Neue"  # the house font until the event's own arrives

    async def arrive() -> None:
        await until(lambda: window.family is not None, window.font_applied)

    try:
        qloop.run_until_complete(arrive())
        assert window.family == "Comic Neue"
        assert QFontInfo(window.header.font()).family() == "Comic Neue"
        attract = window.screens[Screen.ATTRACT]
        titles = [label for label in attract.findChildren(QLabel) if label.text()]
        assert titles
        assert all(QFontInfo(label.font()).family() == "Comic Neue" for label in titles)
        folder = SCREENSHOTS / "font"
        folder.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(folder / "attract-event-font.png"))
        # the font file is kept in the pillar's folder: it starts in it offline too
        assert (tmp_path / "kiosk" / "media" / font).read_bytes() == (
            FONTS / "ComicNeue-Bold.otf"
        ).read_bytes()
    finally:
        window.quit()
        for other in (running.wall, running.desk):
            if other is not None:
                other.close()
                other.deleteLater()
        running.hub.stop()
        window.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))


STAFF_SIZES = {
    "small-landscape": (1056, 594),
    "landscape": (1920, 1080),
    "portrait": (1080, 1920),
    "small-portrait": (594, 1056),
}


@pytest.mark.parametrize("look", list(STAFF_SIZES))
def test_the_staff_menu_breathes(demo: Demo, qloop: asyncio.AbstractEventLoop, look: str) -> None:
    window = demo.kiosk
    window.resize(*STAFF_SIZES[look])
    folder = SCREENSHOTS / "staff"
    folder.mkdir(parents=True, exist_ok=True)

    async def shoot() -> None:
        await until(lambda: window.content.event is not None, window.content_updated)
        window.open_staff()
        if window.fade.running:
            await wait_signal(window.fade.finished)
        window.grab().save(str(folder / f"{look}-pin.png"))
        window.staff.pin_edit.setText(window.config.pin)
        window.staff.pin_ok.click()
        window.grab().save(str(folder / f"{look}-menu.png"))

    qloop.run_until_complete(shoot())
    staff = window.staff
    shown = [
        w
        for w in staff.findChildren(QWidget)
        if w.isVisibleTo(staff)
        and isinstance(w, (QPushButton, QLineEdit, QComboBox))
        and not isinstance(w.parent(), QComboBox)  # an editable box's own field
    ]
    assert len(shown) >= 8
    boxes = {w: QRect(w.mapTo(window, QPoint(0, 0)), w.size()) for w in shown}
    # the buttons that leave the panel always stand on the screen; the cards above
    # them fit, or scroll on a screen too small for them, never squeezed into each other
    inside = window.rect()
    leaving = (staff.contrast, staff.quit_button, staff.close_button)
    for button in leaving:
        assert inside.contains(boxes[button]), (button.text(), boxes[button])
    viewport = staff.unlocked.viewport()
    seen = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
    assert inside.contains(seen)
    if look != "small-portrait":  # the one size the cards scroll at
        assert not staff.unlocked.verticalScrollBar().isVisible()
        for widget, box in boxes.items():
            assert seen.contains(box) or widget in leaving, (widget, box)
    # what shows of each control (a scrolled card is cut at the viewport's edge)
    visible = {w: b if w in leaving else b.intersected(seen) for w, b in boxes.items()}
    items = [(w, b) for w, b in visible.items() if not b.isEmpty()]
    for n, (one, a) in enumerate(items):
        for other, b in items[n + 1 :]:
            assert not a.intersects(b), (one, other)
    # targets a finger can hit: at least 72 px at 1080p, scaled to the screen
    scale = min(window.width(), window.height()) / 1080
    for widget in shown:
        if isinstance(widget, QPushButton):
            assert widget.height() >= 0.9 * 72 * scale, (widget.text(), widget.height())


def test_portrait_puts_the_answers_within_reach(
    demo: Demo, qloop: asyncio.AbstractEventLoop
) -> None:
    window = demo.kiosk
    quiz = window.screens[Screen.QUIZ]
    assert isinstance(quiz, QuizScreen)

    def tops() -> list[int]:
        return [b.mapTo(window, QPoint(0, 0)).y() for b in quiz.options]

    async def visit() -> None:
        await scan_in(demo, demo.tickets[6].text)
        window._on_home_chosen("quiz")
        if window.fade.running:
            await wait_signal(window.fade.finished)

    qloop.run_until_complete(visit())
    # landscape: the answers follow the question, near the top
    assert min(tops()) < window.height() / 2
    window.resize(1080, 1920)
    qloop.run_until_complete(asyncio.sleep(0))
    assert window.height() > window.width()
    # portrait: the question stays on top, the answers stand in the lower half, taller
    assert quiz.question.mapTo(window, QPoint(0, 0)).y() < window.height() / 4
    assert min(tops()) > window.height() / 2
    assert all(b.height() >= 1.5 * 72 for b in quiz.options)
    # and back and done are wide, tall targets at the bottom
    for button in (quiz.back_button, quiz.done_button):
        assert button.height() >= 1.3 * 72
        assert button.width() >= 200
        assert button.mapTo(window, QPoint(0, 0)).y() > window.height() * 0.85


def settle() -> None:
    """Lay out what is waiting to be laid out, as the event loop would before painting."""
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _fits(label: QLabel) -> bool:
    """Whether a word-wrapped label's whole text fits in the room it was given."""
    width = label.width()
    return label.isVisible() and width > 0 and label.heightForWidth(width) <= label.height()


@pytest.mark.parametrize("size", [(1920, 1080), (1056, 594), (1080, 1920)])
def test_the_feedback_thanks_show_whole_and_the_layout_stands_still(
    demo: Demo, qloop: asyncio.AbstractEventLoop, size: tuple[int, int]
) -> None:
    window = demo.kiosk
    window.resize(*size)
    folder = SCREENSHOTS / "feedback-thanks"
    folder.mkdir(parents=True, exist_ok=True)

    async def post() -> None:
        await scan_in(demo, demo.tickets[2].text)
        window._on_home_chosen("feedback")
        if window.fade.running:
            await wait_signal(window.fade.finished)
        feedback = window.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        feedback.editor.setPlainText("Lang verhaal, " * 40)  # cut at the 500 allowed
        settle()
        assert _fits(feedback.preview)  # a full note is set smaller, not cut off
        feedback.editor.setPlainText("Mooie dag, goede sprekers en lekkere koffie!")
        settle()
        before = (feedback.preview.geometry(), feedback.send.geometry())
        assert _fits(feedback.preview)
        window.grab().save(str(folder / f"{size[0]}x{size[1]}-before.png"))
        for held in (False, True):
            feedback.show_thanks(5, held=held)
            settle()
            assert _fits(feedback.thanks), (held, feedback.thanks.geometry())
            assert feedback.preview.isVisible()
            assert feedback.preview.text().startswith("Mooie dag")  # the note just sent
            assert (feedback.preview.geometry(), feedback.send.geometry()) == before
        window.grab().save(str(folder / f"{size[0]}x{size[1]}-after.png"))

    qloop.run_until_complete(post())


@pytest.mark.parametrize("size", [(1920, 1080), (1056, 594), (1080, 1920)])
def test_nothing_is_drawn_over_the_podium(
    demo: Demo, qloop: asyncio.AbstractEventLoop, size: tuple[int, int]
) -> None:
    window = demo.kiosk
    window.resize(*size)
    folder = SCREENSHOTS / "podium"
    folder.mkdir(parents=True, exist_ok=True)

    async def look() -> None:
        await scan_in(demo, demo.tickets[3].text)
        window._on_home_chosen("quiz")  # points, so that someone stands on the podium
        question = window.session.question
        assert question is not None
        quiz = window.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        quiz.answered.emit(question.correct)
        window.show_screen(Screen.HOME)
        window._on_home_chosen("points")
        points = window.screens[Screen.POINTS]
        assert isinstance(points, PointsScreen)
        await until(lambda: points.result is not None, window.synced, window.sync_finished)
        if window.fade.running:
            await wait_signal(window.fade.finished)
        settle()
        assert points.podium.isVisible()
        podium = points.podium.geometry()
        window.grab().save(str(folder / f"{size[0]}x{size[1]}.png"))
        for other in points.findChildren(QWidget):
            if other.isVisible() and other.parent() is points and other is not points.podium:
                assert not other.geometry().intersects(podium), other

    qloop.run_until_complete(look())


def test_a_screen_first_shown_late_is_built_as_the_window_is_then(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from kiosk import texts as T
    from kiosk.app import KioskConfig, KioskWindow
    from shared.ui.theme import HIGH_CONTRAST

    window = KioskWindow(KioskConfig(data=tmp_path / "k", windowed=True), camera=None)
    window.resize(500, 850)  # a small portrait window: too low for the touch keyboard
    window.show()
    qloop.run_until_complete(asyncio.sleep(0))
    try:
        # at start only the attract screen is built; the others wait to be shown
        assert window.screens.built() == [window.screens[Screen.ATTRACT]]
        assert window.screens.get(Screen.FEEDBACK) is None
        assert window.table_mode.built is None
        window.language.click()
        window.high_contrast = True
        window._apply_theme()

        feedback = window.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        assert window.screens.get(Screen.FEEDBACK) is feedback  # built once
        assert feedback.lang == "en"
        assert feedback.back_button.text() == T.BACK("en")
        assert feedback.roles == HIGH_CONTRAST
        assert feedback.scale == window._scale
        assert feedback.preview.scale == window._scale
        assert feedback.portrait
        assert not feedback.keyboard.isVisibleTo(feedback)
        polaroid = window.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        assert not polaroid.touch_keyboard
        assert window.table_mode.screen.lang == "en"
        assert window.table_mode.screen.roles == HIGH_CONTRAST
        assert not window.table_mode.screen.keyboard.isVisibleTo(window.table_mode.screen)
        staff = window.staff
        assert staff.title.text() == T.STAFF_TITLE("en")
        assert staff.portrait
        # and what is built follows the window from then on
        window.language.click()
        assert feedback.back_button.text() == T.BACK("nl")
        assert staff.title.text() == T.STAFF_TITLE("nl")
        window.resize(1920, 1080)
        qloop.run_until_complete(asyncio.sleep(0))
        assert not feedback.portrait
        assert feedback.keyboard.isVisibleTo(feedback)
        assert polaroid.touch_keyboard
        assert not staff.portrait
    finally:
        window.quit()
        window.deleteLater()
        qloop.run_until_complete(asyncio.sleep(0))
