"""The photo screen: a countdown, keep or retake, a caption and consent."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import CameraView, OnScreenKeyboard, PlainLabel
from shared.protocol import MAX_CAPTION_CHARS


class PolaroidScreen(Screen):
    """Take a photo after a countdown; keep or retake; caption and consent; post.

    Signals:
        capture_requested(): take the photo now (the window grabs a camera frame).
        posted(str, bool): the caption and whether consent was given.
    """

    capture_requested = Signal()
    posted = Signal(str, bool)

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.view = CameraView(target=False)
        self.countdown = PlainLabel(role="big")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.take = QPushButton()
        self.take.clicked.connect(self._start_countdown)
        self.retake = QPushButton()
        self.retake.setObjectName("secondary")
        self.retake.clicked.connect(self.reset)
        self.caption = QLineEdit()
        self.caption.setMaxLength(MAX_CAPTION_CHARS)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.caption.insert)
        self.keyboard.backspace_pressed.connect(self.caption.backspace)
        self.consent = QCheckBox()
        self.consent.toggled.connect(self._update)
        self.anonymous = PlainLabel(role="hint")
        self.post = QPushButton()
        self.post.clicked.connect(
            lambda: self.posted.emit(self.caption.text(), self.consent.isChecked())
        )
        self.thanks = PlainLabel(role="subtitle")
        buttons = QHBoxLayout()
        for widget in (self.take, self.retake, self.post):
            buttons.addWidget(widget)
        picture = QVBoxLayout()
        picture.addWidget(self.view, 1)
        picture.addWidget(self.countdown)
        details = QVBoxLayout()
        for part in (self.caption, self.keyboard, self.consent, self.anonymous):
            details.addWidget(part)
        details.addStretch(1)
        details.addLayout(buttons)
        details.addWidget(self.thanks)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addLayout(picture, 3)
        self.row.addLayout(details, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.row, 1)
        layout.addLayout(self._nav())
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.remaining = 0
        self.photo: QImage | None = None
        self.touch_keyboard = True

    def adapt(self, portrait: bool) -> None:
        """Photo beside the caption, or above it."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def set_touch_keyboard(self, shown: bool) -> None:
        """The touch keyboard under the caption once a photo is taken, or never (a low window)."""
        self.touch_keyboard = shown
        self.keyboard.setVisible(shown and self.photo is not None)

    @property
    def live(self) -> bool:
        """Whether the view shows the live camera (no photo taken yet)."""
        return self.photo is None

    def show_session(self, session: Session) -> None:
        """Start with the live camera."""
        self.thanks.setText("")
        self.reset()

    def reset(self) -> None:
        """Back to the live camera (retake)."""
        self.timer.stop()
        self.photo = None
        self.countdown.setText("")
        self.caption.clear()
        self.consent.setChecked(False)
        self.set_lang(self.lang)

    def show_frame(self, image: QImage) -> None:
        """A live frame, while no photo is held."""
        if self.live:
            self.view.show_frame(image)

    def hold_photo(self, image: QImage | None) -> None:
        """The photo that was taken (None: the camera had no frame)."""
        self.countdown.setText("")
        if image is None:
            self.thanks.setText(T.POLAROID_NO_CAMERA(self.lang))
            return
        self.photo = image
        self.view.show_frame(image)
        self._update()

    def show_thanks(self, bonus: int, *, held: bool = True) -> None:
        """Confirm the photo was taken into the outbox.

        Args:
            bonus: the bonus points it earned.
            held: photos are moderated first (the default): it says so.
        """
        message = (T.POLAROID_SENT if held else T.POLAROID_SENT_SHOWN)(self.lang)
        if bonus:
            message += "  " + T.FEEDBACK_BONUS(self.lang, points=bonus)
        self.reset()
        self.thanks.setText(message)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.POLAROID_TITLE(lang))
        self.take.setText(T.POLAROID_TAKE(lang))
        self.retake.setText(T.POLAROID_RETAKE(lang))
        self.post.setText(T.POLAROID_KEEP(lang))
        self.caption.setPlaceholderText(T.POLAROID_CAPTION(lang))
        self.consent.setText(T.POLAROID_CONSENT(lang))
        self.anonymous.setText(T.POLAROID_ANONYMOUS(lang))
        self._update()

    def _start_countdown(self) -> None:
        self.remaining = 3
        self.countdown.setText("3")
        self.take.setEnabled(False)
        self.timer.start()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.countdown.setText(str(self.remaining))
            return
        self.timer.stop()
        self.capture_requested.emit()

    def _update(self) -> None:
        taken = self.photo is not None
        counting = self.timer.isActive()
        self.take.setVisible(not taken)
        self.take.setEnabled(not counting)
        self.retake.setVisible(taken)
        self.post.setVisible(taken)
        self.post.setEnabled(taken and self.consent.isChecked())
        for detail in (self.caption, self.consent):
            detail.setVisible(taken)
        self.keyboard.setVisible(taken and self.touch_keyboard)
