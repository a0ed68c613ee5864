"""The pillar app: the kiosk window, its screens, camera, staff panel and background sync.

The window is fullscreen with no way out for attendees; staff get in with a PIN.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QImage, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.content import Content
from kiosk.outbox import Outbox
from kiosk.screens import (
    AgendaScreen,
    AttractScreen,
    FeedbackScreen,
    HomeScreen,
    MapScreen,
    MessageScreen,
    PointsScreen,
    PolaroidScreen,
    QuizScreen,
    WorkshopScreen,
)
from kiosk.session import Screen, Session
from kiosk.theme import stylesheet
from kiosk.wedge import WedgeFilter
from kiosk.widgets import OnScreenKeyboard, PlainLabel, frame_to_image
from shared import protocol
from shared.device.pairing import Pairing, PairingStore
from shared.device.tasks import TaskSet

if TYPE_CHECKING:
    from kiosk.camera import Camera, CameraStatus, ScanEvent
    from kiosk.client import HubClient

# The camera (cv2, numpy, the decoders) and the hub client (httpx) are imported where they
# are used: the attract screen is on the glass before either is needed.

log = logging.getLogger("zuil.kiosk")

IDLE_S = 45
IDLE_WARNING_S = 10
SYNC_S = 3.0
PULL_S = 15.0
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
    """

    data: Path
    hub: str | None = None
    windowed: bool = False
    pin: str = DEFAULT_PIN


class StaffPanel(QWidget):
    """PIN entry, then pairing, workshop, camera, sync status, test scan and quit.

    Signals:
        closed(): staff left the panel.
        pair_requested(str, str): hub URL and pairing code.
        workshop_chosen(str): the pillar's new workshop code.
        camera_chosen(str): use another camera (``0``, ``1``, a device, ``virtual``).
        contrast_toggled(): switch the high-contrast theme.
        test_scan_requested(): the next scan only shows its verdict here.
        retry_stuck_requested(): send the stuck actions to the hub once more.
        quit_requested(): close the pillar app.
    """

    closed = Signal()
    pair_requested = Signal(str, str)
    workshop_chosen = Signal(str)
    camera_chosen = Signal(str)
    contrast_toggled = Signal()
    test_scan_requested = Signal()
    retry_stuck_requested = Signal()
    quit_requested = Signal()

    def __init__(self, pin: str) -> None:
        super().__init__()
        self.pin = pin
        self.lang = "nl"
        self.title = PlainLabel(role="title")
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.returnPressed.connect(self._check_pin)
        self.pin_message = PlainLabel(role="hint")
        self.keypad = OnScreenKeyboard()
        self.keypad.key_typed.connect(self.pin_edit.insert)
        self.keypad.backspace_pressed.connect(self.pin_edit.backspace)
        self.pin_ok = QPushButton("OK")
        self.pin_ok.clicked.connect(self._check_pin)
        self.hub_edit = QLineEdit()
        self.code_edit = QLineEdit()
        self.pair_button = QPushButton()
        self.pair_button.clicked.connect(
            lambda: self.pair_requested.emit(self.hub_edit.text().strip(), self.code_edit.text())
        )
        self.paired = PlainLabel(role="hint")
        self.workshop = QComboBox()
        self.workshop.activated.connect(
            lambda _i: self.workshop_chosen.emit(self.workshop.currentData() or "")
        )
        self.camera = PlainLabel(role="hint")
        self.camera_choice = QComboBox()
        self.camera_choice.setEditable(True)
        for spec in ("0", "1", "2", "virtual"):
            self.camera_choice.addItem(spec)
        self.camera_choice.activated.connect(
            lambda _i: self.camera_chosen.emit(self.camera_choice.currentText().strip())
        )
        self.sync = PlainLabel(role="hint")
        self.stuck = PlainLabel(role="hint")
        self.retry_stuck = QPushButton()
        self.retry_stuck.clicked.connect(self.retry_stuck_requested.emit)
        self.test = QPushButton()
        self.test.clicked.connect(self.test_scan_requested.emit)
        self.test_result = PlainLabel(role="subtitle")
        self.contrast = QPushButton()
        self.contrast.setObjectName("secondary")
        self.contrast.clicked.connect(self.contrast_toggled.emit)
        self.close_button = QPushButton()
        self.close_button.setObjectName("secondary")
        self.close_button.clicked.connect(self.closed.emit)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.quit_requested.emit)

        self.locked = QWidget()
        locked = QVBoxLayout(self.locked)
        for widget in (self.pin_edit, self.pin_message, self.keypad, self.pin_ok):
            locked.addWidget(widget)
        self.unlocked = QWidget()
        open_ = QVBoxLayout(self.unlocked)
        pairing = QHBoxLayout()
        for widget in (self.hub_edit, self.code_edit, self.pair_button):
            pairing.addWidget(widget)
        open_.addLayout(pairing)
        for control in (
            self.paired,
            self.workshop,
            self.camera,
            self.camera_choice,
            self.sync,
            self.stuck,
            self.retry_stuck,
            self.test,
            self.test_result,
            self.contrast,
            self.quit_button,
        ):
            open_.addWidget(control)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.locked)
        layout.addWidget(self.unlocked)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.lock()

    def lock(self) -> None:
        """Ask for the PIN again."""
        self.pin_edit.clear()
        self.pin_message.setText("")
        self.locked.show()
        self.unlocked.hide()

    def _check_pin(self) -> None:
        if self.pin_edit.text() == self.pin:
            self.locked.hide()
            self.unlocked.show()
        else:
            self.pin_message.setText(T.STAFF_WRONG_PIN(self.lang))
            self.pin_edit.clear()

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        self.lang = lang
        self.title.setText(T.STAFF_TITLE(lang))
        self.pin_edit.setPlaceholderText(T.STAFF_PIN(lang))
        self.hub_edit.setPlaceholderText(T.STAFF_HUB(lang))
        self.code_edit.setPlaceholderText(T.STAFF_CODE(lang))
        self.pair_button.setText(T.STAFF_PAIR(lang))
        self.retry_stuck.setText(T.STAFF_RETRY_STUCK(lang))
        self.test.setText(T.STAFF_TEST(lang))
        self.contrast.setText(T.STAFF_CONTRAST(lang))
        self.close_button.setText(T.STAFF_CLOSE(lang))
        self.quit_button.setText(T.STAFF_QUIT(lang))


class KioskWindow(QMainWindow):
    """The pillar.

    Signals:
        screen_changed(str): the screen on show.
        session_ended(): a session was wiped (Klaar, timeout, or a new scan).
        synced(int): the background sync delivered this many actions.
        sync_finished(): a round of background sync ended (whatever came of it).
        content_updated(): new event content arrived from the hub.
    """

    screen_changed = Signal(str)
    session_ended = Signal()
    synced = Signal(int)
    sync_finished = Signal()
    content_updated = Signal()

    def __init__(self, config: KioskConfig, camera: Camera | None) -> None:
        super().__init__()
        self.config = config
        config.data.mkdir(parents=True, exist_ok=True)
        self.outbox = Outbox(config.data / "kiosk.db")
        self.content = Content.from_json(self.outbox.get_json("content"))
        self.session = Session(self.content, self.outbox, self.outbox.get("workshop"))
        self.camera = camera
        self.client: HubClient | None = None
        self.lang = "nl"
        self.high_contrast = False
        self.test_scan = False
        self.last_activity = time.monotonic()
        self._last_pull = 0.0
        self._sync_task: asyncio.Task[None] | None = None
        self.tasks = TaskSet()
        self._quitting = False
        self._taps: list[float] = []
        self.setWindowTitle("zuil")
        self._build()
        self._connect_signals()
        self._apply_theme()
        self.pairing = PairingStore(config.data, "kiosk").load()
        if self.pairing is not None:
            from kiosk.client import HubClient

            hub = config.hub or self.pairing.hub
            self.client = HubClient(hub, self.pairing.token, self.outbox)
        self.show_screen(Screen.ATTRACT)

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
        self.screens = {
            Screen.ATTRACT: AttractScreen(),
            Screen.HOME: HomeScreen(),
            Screen.WORKSHOP: WorkshopScreen(),
            Screen.QUIZ: QuizScreen(),
            Screen.FEEDBACK: FeedbackScreen(),
            Screen.POLAROID: PolaroidScreen(),
            Screen.POINTS: PointsScreen(),
            Screen.AGENDA: AgendaScreen(),
            Screen.MAP: MapScreen(),
            Screen.PASSERBY: MessageScreen(),
            Screen.REFUSED: MessageScreen(),
        }
        for screen in self.screens.values():
            screen.set_lang(self.lang)
        self.staff = StaffPanel(self.config.pin)
        self.staff.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack = QStackedWidget()
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        self.stack.addWidget(self.staff)
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

    def _connect_signals(self) -> None:
        self.language.clicked.connect(self._on_language_clicked)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.sync_timer.timeout.connect(self._on_sync_timer_timeout)
        home = self.screens[Screen.HOME]
        assert isinstance(home, HomeScreen)
        home.chosen.connect(self._on_home_chosen)
        for screen in self.screens.values():
            screen.back_requested.connect(lambda: self.show_screen(Screen.HOME))
            screen.finished.connect(self.end_session)
        quiz = self.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        quiz.answered.connect(self._on_quiz_answered)
        quiz.next_requested.connect(lambda: self.show_screen(Screen.QUIZ))
        feedback = self.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        feedback.posted.connect(self._on_feedback_posted)
        polaroid = self.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        polaroid.capture_requested.connect(self._on_polaroid_capture_requested)
        polaroid.posted.connect(self._on_polaroid_posted)
        self.staff.closed.connect(self._on_staff_closed)
        self.staff.pair_requested.connect(self._on_staff_pair_requested)
        self.staff.workshop_chosen.connect(self._on_staff_workshop_chosen)
        self.staff.camera_chosen.connect(self._on_staff_camera_chosen)
        self.wedge.code_scanned.connect(self.handle_code)
        self.staff.contrast_toggled.connect(self._on_staff_contrast_toggled)
        self.staff.test_scan_requested.connect(self._on_staff_test_scan_requested)
        self.staff.retry_stuck_requested.connect(self._on_staff_retry_stuck_requested)
        self.staff.quit_requested.connect(self.quit)
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
        """Move the session to a screen and show it."""
        self.session.open(screen)
        widget = self.screens[self.session.screen]
        if self.camera is not None:
            self.camera.paused = self.session.screen is Screen.POLAROID
        if isinstance(widget, PointsScreen):
            widget.show_points(self.session, None)
            self.tasks.spawn(self._load_points())
        else:
            widget.show_session(self.session)
        self.stack.setCurrentWidget(widget)
        self._refresh_header()
        self.screen_changed.emit(self.session.screen.value)

    def end_session(self) -> None:
        """Klaar, the idle timeout, or a new scan: wipe the session from the screen."""
        had = self.session.attendee is not None
        self.session.end()
        self.idle.hide()
        if self.camera is not None:
            self.camera.forget()
        self.show_screen(Screen.ATTRACT)
        if had:
            self.session_ended.emit()

    def _refresh_header(self) -> None:
        event = self.content.event
        workshop = self.session.workshop_info
        parts = [event.name if event else "zuil", workshop.title if workshop else ""]
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
        self.setStyleSheet(stylesheet(self.content.event, self.high_contrast, scale))
        feedback = self.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        feedback.preview.setFixedSize(int(340 * scale), int(190 * scale))

    def resizeEvent(self, event: object) -> None:
        """Lay the screens out for portrait or landscape."""
        portrait = self.height() > self.width()
        for screen in self.screens.values():
            screen.adapt(portrait)
        # A window too low for the touch keyboard is a desktop with a real keyboard
        # (the demo on a laptop); a pillar's screen always has room for it.
        room = self.height() >= TOUCH_KEYBOARD_MIN_HEIGHT
        feedback, polaroid = self.screens[Screen.FEEDBACK], self.screens[Screen.POLAROID]
        assert isinstance(feedback, FeedbackScreen)
        assert isinstance(polaroid, PolaroidScreen)
        feedback.keyboard.setVisible(room)
        polaroid.touch_keyboard = room
        polaroid.keyboard.setVisible(room and polaroid.photo is not None)
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
        pending: list[asyncio.Future[Any]] = list(self.tasks.cancel_now())
        if self._sync_task is not None:
            self._sync_task.cancel()
            pending.append(self._sync_task)
        client, self.client = self.client, None

        async def finish() -> None:
            await asyncio.gather(*pending, return_exceptions=True)
            if client is not None:
                await client.close()

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
        for screen in self.screens.values():
            screen.set_lang(self.lang)
        self.staff.set_lang(self.lang)
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
        attract = self.screens[Screen.ATTRACT]
        polaroid = self.screens[Screen.POLAROID]
        if self.stack.currentWidget() is attract:
            assert isinstance(attract, AttractScreen)
            attract.camera.show_frame(image)
        elif self.stack.currentWidget() is polaroid:
            assert isinstance(polaroid, PolaroidScreen)
            polaroid.show_frame(image)

    def _on_camera_code_scanned(self, event: ScanEvent) -> None:
        self.handle_code(event.text)

    def _on_camera_status_changed(self, status: CameraStatus) -> None:
        self.staff.camera.setText(f"{T.STAFF_CAMERA(self.lang)}: {status.text(self.lang)}")

    def handle_code(self, text: str) -> None:
        """A code from the camera or a wedge scanner: start (or refuse) a session."""
        if self.stack.currentWidget() is self.staff:
            if self.test_scan:
                verifier = self.content.verifier()
                verdict = (
                    verifier.check(text, today=date.today()).verdict.value if verifier else "-"
                )
                self.staff.test_result.setText(T.STAFF_TEST_RESULT(self.lang, verdict=verdict))
                self.test_scan = False
            return
        self.last_activity = time.monotonic()
        screen = self.session.scan(text, date.today())
        if screen is Screen.HOME:
            self.show_screen(Screen.HOME)
            if self.session.attendee is not None and self.session.attendee.info is None:
                self.pull_now()  # a walk-in from the desk: learn their name and agenda
            if self.session.attendee is not None:
                self.tasks.spawn(
                    self._learn_answered(self.session.attendee.ticket, self.session.attendee.id)
                )
            return
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
        quiz = self.screens[Screen.QUIZ]
        assert isinstance(quiz, QuizScreen)
        outcome = self.session.answer(choice)
        quiz.show_outcome(outcome, choice)

    def _on_feedback_posted(self, wall: str, text: str) -> None:
        feedback = self.screens[Screen.FEEDBACK]
        assert isinstance(feedback, FeedbackScreen)
        try:
            bonus = self.session.post_note(wall, text)
        except ValueError:
            return
        feedback.show_thanks(bonus)
        self._kick_sync()

    def _on_polaroid_capture_requested(self) -> None:
        polaroid = self.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        frame = self.camera.latest_frame() if self.camera else None
        self._photo = frame
        polaroid.hold_photo(None if frame is None else frame_to_image(frame))

    def _on_polaroid_posted(self, caption: str, consent: bool) -> None:
        polaroid = self.screens[Screen.POLAROID]
        assert isinstance(polaroid, PolaroidScreen)
        frame = getattr(self, "_photo", None)
        if frame is None or not consent:
            return
        folder = self.config.data / "photos"
        folder.mkdir(exist_ok=True)
        path = folder / f"{time.time_ns()}.jpg"
        import cv2

        ok, jpeg = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, 90])
        if not ok:
            return
        path.write_bytes(jpeg.tobytes())
        wall = "top"
        bonus = self.session.post_photo(wall, str(path), caption, consent)
        self._photo = None
        polaroid.show_thanks(bonus)
        self._kick_sync()

    def _on_staff_closed(self) -> None:
        self.test_scan = False
        self.end_session()

    def _on_staff_pair_requested(self, hub: str, code: str) -> None:
        self.tasks.spawn(self._pair(hub, code))

    def _on_staff_workshop_chosen(self, code: str) -> None:
        self.outbox.put("workshop", code or None)
        self.session.workshop = code or None
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
        self._kick_sync()

    def _fill_staff(self) -> None:
        pairing = self.pairing
        self.staff.hub_edit.setText(pairing.hub if pairing else self.config.hub or "")
        device = str(pairing.device_id) if pairing and pairing.device_id is not None else None
        self.staff.paired.setText(T.STAFF_PAIRED(self.lang, device=device) if device else "")
        self.staff.workshop.clear()
        self.staff.workshop.addItem("—", "")
        for workshop in sorted(self.content.workshops.values(), key=lambda w: w.position):
            self.staff.workshop.addItem(f"{workshop.code} · {workshop.title}", workshop.code)
        index = self.staff.workshop.findData(self.session.workshop or "")
        self.staff.workshop.setCurrentIndex(max(index, 0))
        self._show_sync_state()

    def _show_sync_state(self) -> None:
        """The staff panel's lines on the queue, the hub contact and the stuck actions."""
        status = self.client.status if self.client else None
        contact = (
            status.last_contact.strftime("%H:%M:%S")
            if status and status.last_contact
            else T.STAFF_NEVER(self.lang)
        )
        offset = (
            f"{status.clock_offset_s:+.1f} s"
            if status and status.clock_offset_s is not None
            else "?"
        )
        self.staff.sync.setText(
            T.STAFF_SYNC(self.lang, queued=self.outbox.count(), contact=contact, offset=offset)
            + (f"\n{status.last_error}" if status and status.last_error else "")
        )
        stuck = self.outbox.stuck()
        self.staff.stuck.setText(T.STAFF_STUCK(self.lang, count=stuck) if stuck else "")
        self.staff.stuck.setVisible(stuck > 0)
        self.staff.retry_stuck.setVisible(stuck > 0)

    # -- async work ----------

    def _on_sync_timer_timeout(self) -> None:
        self._kick_sync()

    def pull_now(self) -> None:
        """Fetch the hub's content at the next sync, not only every ``PULL_S`` seconds."""
        self._last_pull = -PULL_S
        self._kick_sync()

    def _kick_sync(self) -> None:
        if self.client is None or (self._sync_task is not None and not self._sync_task.done()):
            self._refresh_header()
            return
        try:
            self._sync_task = asyncio.ensure_future(self._sync())
        except RuntimeError:
            return

    async def _sync(self) -> None:
        assert self.client is not None
        now = time.monotonic()
        if now - self._last_pull >= PULL_S or self.content.event is None:
            if await self.client.pull(self.content):
                self._on_content_changed()
            if self.client.status.online:
                self._last_pull = now
        delivered = await self.client.push()
        self._refresh_header()
        if self.stack.currentWidget() is self.staff:
            self._show_sync_state()  # the queue and the stuck actions as they are now
        if delivered:
            self.synced.emit(delivered)
        self.sync_finished.emit()

    def _on_content_changed(self) -> None:
        if self.session.learn_attendee():
            shown = self.screens[self.session.screen]
            if self.stack.currentWidget() is shown and not isinstance(shown, PointsScreen):
                shown.show_session(self.session)  # greet the walk-in by name
        self._apply_theme()
        self._refresh_header()
        attract = self.screens[Screen.ATTRACT]
        attract.show_session(self.session)
        self.tasks.spawn(self._load_map())
        self.content_updated.emit()

    async def _media(self, name: str | None) -> QImage | None:
        """A branding image from the hub, cached in the pillar's folder."""
        if self.client is None or not name:
            return None
        cached = self.config.data / "media" / Path(name).name
        if not cached.exists():
            data = await self.client.media(name)
            if data is None:
                return None
            cached.parent.mkdir(exist_ok=True)
            cached.write_bytes(data)
        image = QImage(str(cached))
        return None if image.isNull() else image

    async def _load_map(self) -> None:
        event = self.content.event
        if event is None:
            return
        logo = await self._media(event.logo)
        if logo is not None:
            self.logo.setPixmap(QPixmap.fromImage(logo))
        image = await self._media(event.map)
        map_screen = self.screens[Screen.MAP]
        assert isinstance(map_screen, MapScreen)
        if image is not None:
            map_screen.set_map(image)

    async def _learn_answered(self, ticket: str, attendee_id: int) -> None:
        if self.client is None:
            return
        result = await self.client.points(ticket)
        if result is not None:
            self.outbox.mark_answered(attendee_id, result.answered)

    async def _load_points(self) -> None:
        attendee = self.session.attendee
        if self.client is None or attendee is None:
            return
        # the session's answers first, through the one sync round at a time: a round
        # already under way may have read the outbox before the last answer was in
        await self._sync_settled()
        self._kick_sync()
        await self._sync_settled()
        if self.client is None:
            return
        result = await self.client.points(attendee.ticket)
        widget = self.screens[Screen.POINTS]
        if result is not None and self.session.attendee is attendee:
            assert isinstance(widget, PointsScreen)
            widget.show_points(self.session, result)

    async def _pair(self, hub: str, code: str) -> None:
        from kiosk.client import HubClient
        from shared.device.connection import pair
        from shared.device.errors import HubError

        try:
            paired: protocol.PairResponse = await pair(hub, code, "zuil")
        except HubError as error:
            self.staff.paired.setText(str(error))
            return
        self.pairing = remember_pairing(self.config.data, self.outbox, hub, paired)
        if paired.workshop:
            self.session.workshop = paired.workshop
        # one push at a time, across the change of client too: let a running sync end first
        await self._sync_settled()
        old, self.client = self.client, HubClient(hub, paired.token, self.outbox)
        if old is not None:
            await old.close()
        self._kick_sync()
        await self._sync_settled()
        self._fill_staff()

    async def _sync_settled(self) -> None:
        """Wait until the background sync round under way (if any) has ended."""
        while self._sync_task is not None and not self._sync_task.done():
            await asyncio.wait([self._sync_task])


def remember_pairing(
    data: Path, outbox: Outbox, hub: str, paired: protocol.PairResponse
) -> Pairing:
    """Store a fresh pairing; the workshop it names becomes the pillar's own.

    Returns:
        The pairing as stored.
    """
    pairing = Pairing(hub, paired.token, paired.device_id, paired.workshop)
    PairingStore(data, "kiosk").save(pairing)
    if paired.workshop:
        outbox.put("workshop", paired.workshop)
    return pairing


async def pair_and_store(data: Path, hub: str, code: str) -> protocol.PairResponse:
    """Pair a pillar from the command line (or the demo) and remember the token.

    Raises:
        HubError: the code was refused or the hub is out of reach.
    """
    from shared.device.connection import pair

    paired = await pair(hub, code, "zuil")
    outbox = Outbox(data / "kiosk.db")
    try:
        remember_pairing(data, outbox, hub, paired)
    finally:
        outbox.close()
    return paired


__all__ = ["KioskConfig", "KioskWindow"]
