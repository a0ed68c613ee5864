"""The pillar's window: its screens, the camera, the timers and the kiosk shell.

The staff panel is :mod:`kiosk.staff`, everything asked of the hub goes through
:mod:`kiosk.hublink`, and a polaroid is written by :mod:`kiosk.jpeg`.

The window is fullscreen with no way out for attendees; staff get in with a PIN.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.content import Content
from kiosk.hublink import HubLink
from kiosk.outbox import Outbox
from kiosk.screens.base import Screen as Page
from kiosk.screens.welcome import AttractScreen
from kiosk.screenset import ScreenSet
from kiosk.session import Attendee, Screen, Session
from kiosk.tablemode import TableMode
from kiosk.theme import stylesheet
from kiosk.wedge import WedgeFilter
from kiosk.widgets import PlainLabel, ScreenFade
from shared.device.tasks import TaskSet
from shared.ui.qt import font_family
from shared.ui.theme import Roles, house_style, roles

if TYPE_CHECKING:
    from kiosk.camera import Camera, CameraStatus, ScanEvent
    from kiosk.client import HubClient
    from kiosk.staff import StaffPanel
    from shared.device.pairing import Pairing

# The camera (cv2, numpy, the decoders) and the hub client (httpx) are imported where they
# are used: the attract screen is on the glass before either is needed. So are the other
# screens and the staff panel: each is imported and built when it is first shown (see
# kiosk.screenset), and the handlers of their signals import their classes.

log = logging.getLogger("zuil.kiosk")

IDLE_S = 45
IDLE_WARNING_S = 10
SYNC_S = 3.0
DEFAULT_PIN = "2580"
TOUCH_KEYBOARD_MIN_HEIGHT = 900


@dataclass
class KioskConfig:
    """How a pillar runs.

    Attributes:
        data: the pillar's own folder (outbox, cache, photos, settings).
        hub: the hub's base URL (remembered after pairing).
        windowed: a normal window instead of the fullscreen kiosk shell.
        pin: the staff PIN.
        table: table mode: the work-session table the pillar is at (see
            :mod:`kiosk.tablemode`); None keeps staff's last choice.
    """

    data: Path
    hub: str | None = None
    windowed: bool = False
    pin: str = DEFAULT_PIN
    table: str | None = None


class KioskWindow(QMainWindow):
    """The pillar.

    Signals:
        screen_changed(str): the screen on show.
        session_ended(): a session was wiped (Klaar, timeout, or a new scan).
        synced(int): the background sync delivered this many actions.
        sync_finished(): a round of background sync ended (whatever came of it).
        content_updated(): new event content arrived from the hub.
        font_applied(str): the event's own font is in use ("": the house font again).
        answered_learnt(): the hub said what the attendee on screen answered elsewhere.
    """

    screen_changed = Signal(str)
    session_ended = Signal()
    synced = Signal(int)
    sync_finished = Signal()
    content_updated = Signal()
    font_applied = Signal(str)
    answered_learnt = Signal()

    def __init__(self, config: KioskConfig, camera: Camera | None) -> None:
        super().__init__()
        self.config = config
        config.data.mkdir(parents=True, exist_ok=True)
        self.outbox = Outbox(config.data / "kiosk.db")
        self.content = Content.from_json(self.outbox.get_json("content"))
        self.session = Session(self.content, self.outbox, self.outbox.get("workshop"))
        self.session.clock = self._hub_time
        self.camera = camera
        self.lang = "nl"
        self.high_contrast = False
        self.family: str | None = None  # the event's own font, once fetched
        self._camera_status: CameraStatus | None = None
        self.test_scan = False
        self.last_activity = time.monotonic()
        self.tasks = TaskSet()
        self._quitting = False
        self._taps: list[float] = []
        # what a screen built later is given: the look and scale of the last theme, and
        # (None until the window is first laid out) its orientation and keyboard room
        self._look: Roles = roles()
        self._scale = 1.0
        self._portrait: bool | None = None
        self._keyboard_room: bool | None = None
        self._map: QImage | None = None  # the venue map, once fetched
        self._staff: StaffPanel | None = None
        self.setWindowTitle("zuil")
        self._build()
        self._connect_signals()
        self._apply_theme()
        self.link = HubLink(
            config.data,
            self.outbox,
            self.content,
            config.hub,
            on_content=self._on_content_changed,
            on_round=self._on_sync_round,
        )
        self.table_mode = TableMode(self, config.table)
        self.show_screen(Screen.ATTRACT)

    def _hub_time(self) -> datetime:
        """The hub's time as this pillar reckons it: when a question opens and closes."""
        link: HubLink | None = getattr(self, "link", None)  # None while the window is built
        status = link.status if link is not None else None
        offset = status.clock_offset_s if status is not None else None
        return datetime.now(UTC) + timedelta(seconds=offset or 0.0)

    @property
    def client(self) -> HubClient | None:
        """The pillar's client to the hub (None until paired)."""
        return self.link.client

    @property
    def pairing(self) -> Pairing | None:
        """The pillar's pairing (None until paired)."""
        return self.link.pairing

    # -- building ----------

    def _build(self) -> None:
        self.logo = PlainLabel()
        self.logo.setFixedSize(64, 64)
        self.logo.setScaledContents(True)
        self.header = PlainLabel(role="header")
        self.status = PlainLabel(role="status")
        self.language = QPushButton()
        self.language.setObjectName("language")
        self.idle = PlainLabel(role="idle")
        self.idle.hide()
        bar = QWidget()
        bar.setObjectName("headerbar")
        top = QHBoxLayout(bar)
        top.setContentsMargins(0, 0, 16, 0)
        top.addWidget(self.logo)
        top.addWidget(self.header, 1)
        top.addWidget(self.status)
        top.addWidget(self.language)
        self.stack = QStackedWidget()
        self.screens = ScreenSet(self._make_screen)
        self.fade = ScreenFade(self.stack)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        inner = QVBoxLayout()
        inner.setContentsMargins(32, 24, 32, 24)
        inner.addWidget(self.stack, 1)
        inner.addWidget(self.idle)
        layout.addLayout(inner, 1)
        self.setCentralWidget(central)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(1000)
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(int(SYNC_S * 1000))
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.installEventFilter(self)
        self.wedge = WedgeFilter(self)
        self.wedge.install(app)

    def _make_screen(self, name: Screen) -> Page:
        """Build the screen of ``name`` (it is shown for the first time), wired and fitted."""
        page = self._new_screen(name)
        page.back_requested.connect(lambda: self.show_screen(Screen.HOME))
        page.finished.connect(self.end_session)
        self.fit_screen(page)
        self.stack.addWidget(page)
        return page

    def _new_screen(self, name: Screen) -> Page:
        """A new screen of ``name``, its own signals connected."""
        match name:
            case Screen.ATTRACT:
                return AttractScreen()
            case Screen.HOME:
                from kiosk.screens.welcome import HomeScreen

                home = HomeScreen()
                home.chosen.connect(self._on_home_chosen)
                return home
            case Screen.WORKSHOP:
                from kiosk.screens.reading import WorkshopScreen

                return WorkshopScreen()
            case Screen.QUIZ:
                from kiosk.screens.quiz import QuizScreen

                quiz = QuizScreen()
                quiz.answered.connect(self._on_quiz_answered)
                quiz.next_requested.connect(lambda: self.show_screen(Screen.QUIZ))
                quiz.opinion_requested.connect(lambda: self.show_screen(Screen.OPINION))
                return quiz
            case Screen.FEEDBACK:
                from kiosk.screens.feedback import FeedbackScreen

                feedback = FeedbackScreen()
                feedback.posted.connect(self._on_feedback_posted)
                return feedback
            case Screen.POLAROID:
                from kiosk.screens.polaroid import PolaroidScreen

                polaroid = PolaroidScreen()
                polaroid.capture_requested.connect(self._on_polaroid_capture_requested)
                polaroid.posted.connect(self._on_polaroid_posted)
                return polaroid
            case Screen.POINTS:
                from kiosk.screens.points import PointsScreen

                return PointsScreen()
            case Screen.OPINION:
                from kiosk.screens.opinion import OpinionScreen

                opinion = OpinionScreen()
                opinion.responded.connect(self._on_opinion_responded)
                opinion.skipped.connect(self._on_opinion_skipped)
                return opinion
            case Screen.AGENDA:
                from kiosk.screens.reading import AgendaScreen

                return AgendaScreen()
            case Screen.MAP:
                from kiosk.screens.reading import MapScreen

                map_screen = MapScreen()
                map_screen.set_map(self._map)
                return map_screen
            case Screen.PASSERBY | Screen.REFUSED:
                from kiosk.screens.welcome import MessageScreen

                return MessageScreen()

    def fit_screen(self, page: Page) -> None:
        """Give a screen built now the window's language, look, scale and orientation."""
        page.set_lang(self.lang)
        page.apply_look(self._look, self._scale)
        if self._portrait is not None:  # laid out before: as the others are
            page.adapt(self._portrait)
            page.fit_nav(self._portrait)
        if self._keyboard_room is not None:
            page.set_touch_keyboard(self._keyboard_room)

    @property
    def staff(self) -> StaffPanel:
        """The staff panel, built the first time staff open it."""
        if self._staff is None:
            from kiosk.staff import StaffPanel

            staff = StaffPanel(self.config.pin)
            staff.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            staff.set_lang(self.lang)
            staff.apply_look(self._look, self._scale)
            if self._portrait is not None:
                staff.adapt(self._portrait)
            staff.closed.connect(self._on_staff_closed)
            staff.pair_requested.connect(self._on_staff_pair_requested)
            staff.workshop_chosen.connect(self._on_staff_workshop_chosen)
            staff.table_chosen.connect(self._on_staff_table_chosen)
            staff.camera_chosen.connect(self._on_staff_camera_chosen)
            staff.contrast_toggled.connect(self._on_staff_contrast_toggled)
            staff.test_scan_requested.connect(self._on_staff_test_scan_requested)
            staff.retry_stuck_requested.connect(self._on_staff_retry_stuck_requested)
            staff.quit_requested.connect(self.quit)
            self.stack.addWidget(staff)
            self._staff = staff
            self._show_camera_status()
        return self._staff

    def _staff_shown(self) -> bool:
        """Whether the staff panel is on the glass (False before it was ever built)."""
        return self._staff is not None and self.stack.currentWidget() is self._staff

    def _pages(self) -> list[Page]:
        """Every screen built so far, the table's among them."""
        table = self.table_mode.built if hasattr(self, "table_mode") else None
        return self.screens.built() + ([table] if table is not None else [])

    def _connect_signals(self) -> None:
        self.language.clicked.connect(self._on_language_clicked)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.sync_timer.timeout.connect(self._on_sync_timer_timeout)
        self.wedge.code_scanned.connect(self.handle_code)
        self._connect_camera()

    def _connect_camera(self) -> None:
        if self.camera is not None:
            self.camera.frame_ready.connect(self._on_camera_frame_ready)
            self.camera.code_scanned.connect(self._on_camera_code_scanned)
            self.camera.status_changed.connect(self._on_camera_status_changed)

    def switch_camera(self, camera: Camera) -> None:
        """Use another camera from now on (staff chose one)."""
        if self.camera is not None:
            self.camera.stop()
            self.camera.deleteLater()
        self.camera = camera
        self._connect_camera()
        camera.start()

    def start(self) -> None:
        """Show the window (fullscreen unless windowed), start the camera and the sync."""
        if self.config.windowed:
            # a 16:9 window as large as the screen comfortably allows
            available = QApplication.primaryScreen().availableGeometry()
            height = min(int(available.height() * 0.9), int(available.width() * 0.55 * 9 / 16))
            self.resize(max(height * 16 // 9, 960), max(height, 540))
            self.show()
        else:
            self.setWindowFlags(
                Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
            QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
            self.showFullScreen()
        if self.camera is not None:
            self.camera.start()
        self.idle_timer.start()
        self.sync_timer.start()
        self._on_sync_timer_timeout()

    # -- screens ----------

    def show_screen(self, screen: Screen) -> None:
        """Move the session to a screen and show it (at a table: the table's, not attract)."""
        if screen is Screen.ATTRACT and self.table_mode.active:
            self.session.open(screen)
            current = self.stack.currentWidget()
            if current is not None and current is not self.table_mode.screen:
                self.fade.play(current)
            self.table_mode.show()
            self._refresh_header()
            self.screen_changed.emit("table")
            return
        self.table_mode.hide()
        self.session.open(screen)
        widget = self.screens[self.session.screen]
        if self.camera is not None:
            self.camera.paused = self.session.screen is Screen.POLAROID
        if self.session.screen is Screen.POINTS:
            from kiosk.screens.points import PointsScreen

            assert isinstance(widget, PointsScreen)
            widget.show_points(self.session, None)
            self.tasks.spawn(self._load_points())
        else:
            widget.show_session(self.session)
        current = self.stack.currentWidget()
        if current is not None and current is not widget:
            self.fade.play(current)
        self.stack.setCurrentWidget(widget)
        self._refresh_header()
        self.screen_changed.emit(self.session.screen.value)

    def end_session(self) -> None:
        """Klaar, the idle timeout, or a new scan: wipe the session from the screen."""
        had = self.session.attendee is not None
        self.session.end()
        self.idle.hide()
        if self.lang != "nl":  # the next attendee starts in Dutch, whatever this one chose
            self._on_language_clicked()
        if self.camera is not None:
            self.camera.forget()
        self.show_screen(Screen.ATTRACT)
        if had:
            self.session_ended.emit()

    def _refresh_header(self) -> None:
        event = self.content.event
        workshop = self.session.workshop_info
        spot = self.table_mode.table.spot if self.table_mode.active else None
        place = spot.table.name if spot else workshop.title if workshop else ""
        parts = [event.name if event else "zuil", place]
        self.header.setText("  ·  ".join(p for p in parts if p))
        self.language.setText(T.LANGUAGE_BUTTON(self.lang))
        status = self.client.status if self.client else None
        if status is None or not status.online:
            self.status.setText(T.STATUS_OFFLINE(self.lang, queued=self.outbox.count()))
        else:
            self.status.setText(T.STATUS_ONLINE(self.lang))

    def _apply_theme(self) -> None:
        # one fixed design at 1080p, scaled to the window: same layout at any resolution
        size = self.size() if self.isVisible() else QApplication.primaryScreen().size()
        scale = round(max(min(size.width(), size.height()) / 1080, 0.5), 1)
        self._scale = scale
        self.setStyleSheet(stylesheet(self.content.event, self.high_contrast, scale, self.family))
        look = roles(house_style(self.content.event), high_contrast=self.high_contrast)
        self._look = look
        for screen in self._pages():
            screen.apply_look(look, scale)
        if self._staff is not None:
            self._staff.apply_look(look, scale)

    def resizeEvent(self, event: object) -> None:
        """Lay the screens out for portrait or landscape."""
        portrait = self.height() > self.width()
        # A window too low for the touch keyboard is a desktop with a real keyboard
        # (the demo on a laptop); a pillar's screen always has room for it.
        room = self.height() >= TOUCH_KEYBOARD_MIN_HEIGHT
        self._portrait, self._keyboard_room = portrait, room  # for the screens built later
        for screen in self._pages():
            screen.adapt(portrait)
            screen.fit_nav(portrait)
            screen.set_touch_keyboard(room)
        if self._staff is not None:
            self._staff.adapt(portrait)
        scale = round(max(min(self.width(), self.height()) / 1080, 0.5), 1)
        if scale != getattr(self, "_scale", None):
            self._apply_theme()

    # -- the kiosk shell: no way out for attendees ----------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Only staff can close the pillar (Alt+F4 and the like are refused)."""
        if self._quitting or self.config.windowed:
            self._shutdown()
            event.accept()
        else:
            event.ignore()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape does nothing; Ctrl+Shift+S opens the staff panel."""
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        if event.key() == Qt.Key.Key_S and event.modifiers() == modifiers:
            self.open_staff()
            return
        if event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any touch or key keeps the session alive; five taps on the header open staff."""
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress, QEvent.Type.TouchBegin):
            self.last_activity = time.monotonic()
            self.idle.hide()
            if kind == QEvent.Type.MouseButtonPress and watched is self.header:
                now = time.monotonic()
                self._taps = [t for t in self._taps if now - t < 3] + [now]
                if len(self._taps) >= 5:
                    self._taps = []
                    self.open_staff()
        return False

    def open_staff(self) -> None:
        """Show the staff panel (PIN first)."""
        self.staff.lock()
        self.staff.set_lang(self.lang)
        self._fill_staff()
        self.stack.setCurrentWidget(self.staff)

    def quit(self) -> None:
        """Close the pillar (staff only)."""
        self._quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def _shutdown(self) -> None:
        for timer in self.findChildren(QTimer):  # the screens' own timers too
            timer.stop()
        if self.camera is not None:
            self.camera.stop()
        QApplication.restoreOverrideCursor()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
            app.removeEventFilter(self.wedge)
        pending: list[asyncio.Future[Any]] = [*self.tasks.cancel_now(), *self.link.cancel_now()]
        link = self.link

        async def finish() -> None:
            await asyncio.gather(*pending, return_exceptions=True)
            await link.close()

        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            loop = None
        if loop is not None and not loop.is_closed():
            if loop.is_running():
                self._closing = asyncio.ensure_future(finish())
            else:
                loop.run_until_complete(finish())
        self.outbox.close()

    # -- slots ----------

    def _on_language_clicked(self) -> None:
        self.lang = "en" if self.lang == "nl" else "nl"
        for screen in self.screens.built():
            screen.set_lang(self.lang)
        if self._staff is not None:
            self._staff.set_lang(self.lang)
        self.table_mode.set_lang(self.lang)
        self._show_camera_status()
        self._show_sync_state()
        self._refresh_header()

    def _on_idle_timer_timeout(self) -> None:
        if self.session.attendee is None and self.session.screen is Screen.ATTRACT:
            return
        idle = time.monotonic() - self.last_activity
        left = int(IDLE_S - idle)
        if left <= 0:
            self.end_session()
        elif left <= IDLE_WARNING_S:
            self.idle.setText(T.IDLE(self.lang, seconds=left))
            self.idle.show()

    def _on_camera_frame_ready(self, image: QImage) -> None:
        shown = self.stack.currentWidget()
        if isinstance(shown, AttractScreen):
            shown.camera.show_frame(image)
        elif shown is not None and shown is self.screens.get(Screen.POLAROID):
            from kiosk.screens.polaroid import PolaroidScreen

            assert isinstance(shown, PolaroidScreen)
            shown.show_frame(image)

    def _on_camera_code_scanned(self, event: ScanEvent) -> None:
        self.handle_code(event.text)

    def _on_camera_status_changed(self, status: CameraStatus) -> None:
        self._camera_status = status
        self._show_camera_status()

    def _show_camera_status(self) -> None:
        status = self._camera_status
        if status is not None and self._staff is not None:  # a panel built later asks itself
            self._staff.camera.setText(f"{T.STAFF_CAMERA(self.lang)}: {status.text(self.lang)}")

    def handle_code(self, text: str) -> None:
        """A code from the camera or a wedge scanner: start (or refuse) a session."""
        if self._staff_shown():
            if self.test_scan:
                verifier = self.content.verifier()
                verdict = (
                    verifier.check(text, today=date.today()).verdict.value if verifier else "-"
                )
                self.staff.test_result.setText(T.STAFF_TEST_RESULT(self.lang, verdict=verdict))
                self.test_scan = False
            return
        self.last_activity = time.monotonic()
        if self.table_mode.active:
            self.table_mode.handle_code(text)
            return
        screen = self.session.scan(text, date.today())
        if screen is Screen.HOME:
            self.show_screen(Screen.HOME)
            if self.session.attendee is not None and self.session.attendee.info is None:
                self.pull_now()  # a walk-in from the desk: learn their name and agenda
            if self.session.attendee is not None:
                self.tasks.spawn(self._learn_answered(self.session.attendee))
            return
        from kiosk.screens.welcome import MessageScreen

        message = self.screens[screen]
        assert isinstance(message, MessageScreen)
        event = self.content.event
        if screen is Screen.PASSERBY:
            message.show_message(
                T.PASSERBY_TITLE,
                T.PASSERBY_DESK,
                event.name if event else "",
                event.info if event else "",
                15,
            )
        else:
            assert self.session.message is not None
            message.show_message(T.REFUSED_TITLE, self.session.message, "", "", 12)
        self.stack.setCurrentWidget(message)
        self.screen_changed.emit(screen.value)

    def _on_home_chosen(self, item: str) -> None:
        self.show_screen(Screen(item))

    def _on_quiz_answered(self, choice: int) -> None:
        from kiosk.screens.quiz import QuizScreen

        quiz = self.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        outcome = self.session.answer(choice)
        quiz.show_outcome(outcome, choice)

    def _on_opinion_responded(self, poll_id: int, choices: list[int], text: str) -> None:
        from kiosk.screens.opinion import OpinionScreen

        opinion = self.screens[Screen.OPINION]
        assert isinstance(opinion, OpinionScreen)
        poll = self.content.polls.get(poll_id)
        try:
            if poll is None:
                raise ValueError("taken away from the event meanwhile")
            self.session.respond(poll, choices, text)
        except ValueError as error:  # closed or changed meanwhile: not sent, and said so
            log.info("answer to question %d not taken: %s", poll_id, error)
            opinion.show_next(answered=False, gone=True)
            return
        opinion.show_next(answered=True)
        self.sync_now()

    def _on_opinion_skipped(self, poll_id: int) -> None:
        from kiosk.screens.opinion import OpinionScreen

        opinion = self.screens[Screen.OPINION]
        assert isinstance(opinion, OpinionScreen)
        poll = self.content.polls.get(poll_id)
        if poll is not None:
            self.session.skip(poll)
        opinion.show_next(answered=False)

    def _on_feedback_posted(self, wall: str, text: str) -> None:
        from kiosk.screens.feedback import FeedbackScreen

        feedback = self.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        try:
            bonus = self.session.post_note(wall, text)
        except ValueError:
            return
        event = self.content.event
        feedback.show_thanks(bonus, held=event is not None and event.moderation == "pre")
        self.sync_now()

    def _on_polaroid_capture_requested(self) -> None:
        from kiosk.screens.polaroid import PolaroidScreen
        from kiosk.widgets import frame_to_image

        polaroid = self.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        frame = self.camera.latest_frame() if self.camera else None
        self._photo = frame
        polaroid.hold_photo(None if frame is None else frame_to_image(frame))

    def _on_polaroid_posted(self, caption: str, consent: bool) -> None:
        from kiosk.jpeg import save_jpeg
        from kiosk.screens.polaroid import PolaroidScreen

        polaroid = self.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        frame = getattr(self, "_photo", None)
        if frame is None or not consent:
            return
        path = save_jpeg(frame, self.config.data / "photos")
        if path is None:
            return
        wall = "top"
        bonus = self.session.post_photo(wall, str(path), caption, consent)
        self._photo = None
        event = self.content.event
        polaroid.show_thanks(bonus, held=event is None or event.photo_moderation == "pre")
        self.sync_now()

    def _on_staff_closed(self) -> None:
        self.test_scan = False
        self.end_session()

    def _on_staff_pair_requested(self, hub: str, code: str) -> None:
        self.tasks.spawn(self._pair(hub, code))

    def _on_staff_workshop_chosen(self, code: str) -> None:
        self.outbox.put("workshop", code or None)
        self.session.workshop = code or None
        self._refresh_header()

    def _on_staff_table_chosen(self, code: str) -> None:
        self.table_mode.set_code(code or None)
        self._refresh_header()

    def _on_staff_camera_chosen(self, spec: str) -> None:
        if not spec:
            return
        self.outbox.put("camera", spec)
        from kiosk.camera import Camera
        from shared.scan.frames import open_source

        self.switch_camera(Camera(open_source(spec)))

    def _on_staff_contrast_toggled(self) -> None:
        self.high_contrast = not self.high_contrast
        self._apply_theme()

    def _on_staff_test_scan_requested(self) -> None:
        self.test_scan = True
        self.staff.test_result.setText("…")

    def _on_staff_retry_stuck_requested(self) -> None:
        self.outbox.release_stuck()
        self._show_sync_state()
        self.sync_now()

    def _fill_staff(self) -> None:
        self.staff.show_pairing(
            self.pairing,
            self.config.hub,
            list(self.content.workshops.values()),
            self.session.workshop,
        )
        from kiosk.tablemode import table_codes

        spot = self.table_mode.table.spot
        chosen = f"{spot.session.code}/{spot.table.code}" if spot else self.table_mode.table.code
        self.staff.show_tables(table_codes(self), chosen)
        self._show_sync_state()

    def _show_sync_state(self) -> None:
        """The staff panel's lines on the queue, the hub contact and the stuck actions."""
        if self._staff is None:
            return  # filled when staff open it
        status = self.client.status if self.client else None
        self._staff.show_sync(status, self.outbox.count(), self.outbox.stuck())

    # -- async work ----------

    def _on_sync_timer_timeout(self) -> None:
        self.sync_now()

    def sync_now(self) -> None:
        """Start a sync round now, unless one is under way (the header is brought up to date)."""
        if self.link.client is None or self.link.busy:
            self._refresh_header()
            return
        self.link.kick()

    def pull_now(self) -> None:
        """Fetch the hub's content at the next sync, not only every ``PULL_S`` seconds."""
        self.link.pull_soon()

    def _on_sync_round(self, delivered: int) -> None:
        self._refresh_header()
        if self._staff_shown():
            self._show_sync_state()  # the queue and the stuck actions as they are now
        if delivered:
            self.synced.emit(delivered)
        self.table_mode.after_round()
        self.sync_finished.emit()

    def _on_content_changed(self) -> None:
        if self.session.learn_attendee():
            shown = self.screens.get(self.session.screen)  # None: never shown, so not now
            on_glass = shown is not None and shown is self.stack.currentWidget()
            if on_glass and shown is not None and self.session.screen is not Screen.POINTS:
                shown.show_session(self.session)  # greet the walk-in by name
        self._apply_theme()
        self._refresh_header()
        attract = self.screens[Screen.ATTRACT]
        if isinstance(attract, AttractScreen):  # its QR code names the hub it is paired with
            attract.phone_link.link_to(self.link.client)
        attract.show_session(self.session)
        self.tasks.spawn(self._load_map())
        self.tasks.spawn(self._load_font())
        self.table_mode.after_content()
        self.content_updated.emit()

    async def _media(self, name: str | None) -> QImage | None:
        """A branding image from the hub (cached in the pillar's folder)."""
        path = await self.link.media(name)
        if path is None:
            return None
        image = QImage(str(path))
        return None if image.isNull() else image

    async def _load_font(self) -> None:
        """Draw every text in the event's own font once it is here (the house font until)."""
        event = self.content.event
        name = event.font if event is not None else None
        family = font_family(await self.link.media(name)) if name else None
        if family != self.family:
            self.family = family
            self._apply_theme()
            self.font_applied.emit(family or "")

    async def _load_map(self) -> None:
        event = self.content.event
        if event is None:
            return
        logo = await self._media(event.logo)
        if logo is not None:
            self.logo.setPixmap(QPixmap.fromImage(logo))
        image = await self._media(event.map)
        if image is not None:
            self._map = image  # for the map screen, now or when it is built
            map_screen = self.screens.get(Screen.MAP)
            if map_screen is not None:
                from kiosk.screens.reading import MapScreen

                assert isinstance(map_screen, MapScreen)
                map_screen.set_map(image)

    async def _learn_answered(self, attendee: Attendee) -> None:
        """Learn what this attendee answered elsewhere: the menu counts it, no screen asks it."""
        learnt = await self.link.learn_answered(attendee.ticket, attendee.id)
        if not learnt or self.session.attendee is not attendee:
            return
        if self.session.screen is Screen.HOME:
            self.screens[Screen.HOME].show_session(self.session)
        elif self.session.screen is Screen.OPINION:  # tapped before the hub answered
            from kiosk.screens.opinion import OpinionScreen

            opinion = self.screens[Screen.OPINION]
            assert isinstance(opinion, OpinionScreen)
            opinion.refresh()
        self.answered_learnt.emit()

    async def _load_points(self) -> None:
        attendee = self.session.attendee
        if self.link.client is None or attendee is None:
            return
        result = await self.link.fresh_points(attendee.ticket)
        widget = self.screens[Screen.POINTS]  # built: shown when this was asked for
        if result is not None and self.session.attendee is attendee:
            from kiosk.screens.points import PointsScreen

            assert isinstance(widget, PointsScreen)
            widget.show_points(self.session, result)

    async def _pair(self, hub: str, code: str) -> None:
        from shared.device.errors import HubError

        try:
            pairing = await self.link.pair(hub, code)
        except HubError as error:
            self.staff.paired.setText(str(error))
            return
        if pairing.workshop:
            self.session.workshop = pairing.workshop
        self._fill_staff()


__all__ = ["KioskConfig", "KioskWindow"]
