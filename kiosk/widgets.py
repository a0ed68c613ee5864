"""Building blocks of the pillar's screens.

Plain-text labels, big buttons, the camera view, the post-it preview, the
on-screen keyboard and a short text typed on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap
from shared.ui.theme import SCALE

if TYPE_CHECKING:
    import numpy as np

TOUCH_MIN = 72  # px: above the 60 px minimum for a standing adult's finger


class PlainLabel(QLabel):
    """A label that never interprets markup: user text is always shown literally."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, role: str = "") -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        if role:
            self.setObjectName(role)
        self.setText(text)


class RoomyLabel(PlainLabel):
    """A word-wrapped label that keeps room for the longest of the texts it may show.

    A message that appears later (a thank-you after posting) then neither pushes
    the rest of the screen about nor gets squeezed into the one line the layout
    gave the empty label.
    """

    def __init__(self, parent: QWidget | None = None, *, role: str = "") -> None:
        super().__init__("", parent, role=role)
        self.room_for: list[str] = []

    def keep_room_for(self, texts: list[str]) -> None:
        """Keep the height the longest of ``texts`` needs."""
        self.room_for = texts
        self.updateGeometry()

    def heightForWidth(self, width: int) -> int:
        """The height of the shown text or of the longest reserved one, whichever is more."""
        self.ensurePolished()  # the stylesheet's font, not the default one
        own = super().heightForWidth(width)
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right() - 2 * self.margin()
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap)
        needed = [
            metrics.boundingRect(0, 0, max(1, inner), 100_000, flags, text).height()
            + margins.top()
            + margins.bottom()
            + 2 * self.margin()
            for text in self.room_for
        ]
        return max([own, *needed])


class BigButton(QPushButton):
    """A touch target of at least 72 px whose text wraps, with an optional hint line.

    QPushButton never wraps its text, so long quiz answers would be cut off; the
    text lives in a word-wrapped plain-text label inside the button instead.
    """

    def __init__(self, title: str = "", hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(TOUCH_MIN)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = PlainLabel(role="buttonlabel")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.icon_label = QLabel()
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.icon_label.setStyleSheet("background: transparent;")
        self.icon_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.icon_label)
        layout.addWidget(self.label)
        self._title = ""
        self.set_texts(title, hint)

    def set_texts(self, title: str, hint: str = "") -> None:
        """Set the title and hint."""
        self._title = title
        self.label.setText(f"{title}\n{hint}" if hint else title)
        self.setAccessibleName(title)

    def text(self) -> str:
        """The title (what the button says)."""
        return self._title

    def set_icon(self, icon: Icon, colour: str, size: int) -> None:
        """Show ``icon`` above the words, ``size`` px, in ``colour`` (the tile text's role)."""
        self.icon_label.setPixmap(icon_pixmap(icon, colour, size))
        self.icon_label.show()

    def sizeHint(self) -> QSize:
        """As tall as the wrapped text (and the icon) needs."""
        hint = self.label.sizeHint()
        icon = self.icon_label.sizeHint().height() if self.icon_label.isVisible() else 0
        return QSize(hint.width() + 24, max(hint.height() + icon + 16, TOUCH_MIN))

    def set_chosen(self, chosen: bool) -> None:
        """Mark the button chosen (checked, a check mark before its words) or not."""
        self.setChecked(chosen)
        title = self._title
        self.label.setText(f"✓ {title}" if chosen else title)
        self.label.setObjectName("buttonlabel-chosen" if chosen else "buttonlabel")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)

    def emphasise(self, strong: bool) -> None:
        """Keep the text light even when disabled (a coloured right/wrong answer)."""
        self.label.setObjectName("buttonlabel-strong" if strong else "buttonlabel")
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)


class CameraView(QLabel):
    """Shows the newest camera frame, scaled to fit, with a scan target drawn over it."""

    def __init__(self, parent: QWidget | None = None, *, target: bool = True) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(QSize(320, 180))
        self.setObjectName("camera")
        self.target = target
        self.image: QImage | None = None

    def show_frame(self, image: QImage) -> None:
        """Show a frame (a QImage already converted on the camera thread)."""
        self.image = image
        pixmap = QPixmap.fromImage(image).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        if self.target:
            painter = QPainter(pixmap)
            pen = painter.pen()
            pen.setColor(QColor("#FFFFFF"))
            pen.setWidth(max(4, pixmap.width() // 160))
            painter.setPen(pen)
            side = int(min(pixmap.width(), pixmap.height()) * 0.6)
            x, y = (pixmap.width() - side) // 2, (pixmap.height() - side) // 2
            corner = side // 5
            for cx, cy, dx, dy in (
                (x, y, 1, 1),
                (x + side, y, -1, 1),
                (x, y + side, 1, -1),
                (x + side, y + side, -1, -1),
            ):
                painter.drawLine(cx, cy, cx + dx * corner, cy)
                painter.drawLine(cx, cy, cx, cy + dy * corner)
            painter.end()
        self.setPixmap(pixmap)


def frame_to_image(frame: np.ndarray) -> QImage:
    """A BGR camera frame as a QImage that owns its pixels (safe to hand across threads)."""
    import numpy as np  # here, not at start-up: the attract screen needs no numpy

    height, width = frame.shape[:2]
    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class PostIt(PlainLabel):
    """A live preview of a note as the wall will show it.

    The note keeps its size; a long text is set smaller until all of it fits, as
    the wall does, instead of running out of the note.
    """

    COLOURS: ClassVar[dict[str, str]] = {"top": "#FFF27A", "tip": "#FFB3C7"}
    SIZE = QSize(340, 190)  # px at 1080p
    PADDING = 20  # px at 1080p
    FONT_PX = 27  # px at 1080p: the largest the text is set
    FONT_MIN_PX = 6  # a full note of 500 characters still fits the smallest screen
    wall = "top"
    scale = 1.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent, role="postit")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        """Size the note, its padding and its largest text for the window's scale."""
        self.scale = scale
        self.setFixedSize(self.SIZE * scale)
        self.set_wall(self.wall)

    def set_wall(self, wall: str) -> None:
        """Colour the note for its wall."""
        self.wall = wall
        self._fit()

    def setText(self, text: str) -> None:
        """Show ``text`` (as plain text), as large as the note lets it be."""
        super().setText(text)
        self._fit()

    def _style(self, font_px: int) -> None:
        # in the note's own stylesheet: the window's ``QWidget { font-size }`` beats setFont
        self.setStyleSheet(
            f"QLabel#postit {{ background: {self.COLOURS.get(self.wall, '#FFF27A')}; color: #222;"
            f" padding: {round(self.PADDING * self.scale)}px; border: 1px solid #d9c98a;"
            f" font-size: {font_px}px; }}"
        )
        self.ensurePolished()

    def _fits(self) -> bool:
        return self.heightForWidth(self.width()) <= self.height()

    def _fit(self) -> None:
        """The largest text size at which the whole text fits (halving the range each try)."""
        low, high = self.FONT_MIN_PX, max(self.FONT_MIN_PX, round(self.FONT_PX * self.scale))
        self._style(high)
        if self._fits():
            return
        while low < high:  # invariant: ``low`` fits (or is the smallest allowed), ``high`` not
            middle = (low + high + 1) // 2
            self._style(middle)
            if self._fits():
                low = middle
            else:
                high = middle - 1
        self._style(low)


class OnScreenKeyboard(QWidget):
    """A touch keyboard that types into whatever widget it is given.

    Signals:
        key_typed(str): a character key was pressed.
        backspace_pressed(): the backspace key was pressed.
    """

    key_typed = Signal(str)
    backspace_pressed = Signal()

    ROWS = ("1234567890", "qwertyuiop", "asdfghjkl'", "zxcvbnm,.?", "!-")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shift = False
        self._keys: list[QPushButton] = []
        grid = QGridLayout(self)
        grid.setSpacing(6)
        for row, letters in enumerate(self.ROWS[:4]):
            for column, letter in enumerate(letters):
                grid.addWidget(self._key(letter), row, column)
        shift = self._make("⇧", self._toggle_shift)
        grid.addWidget(shift, 4, 0, 1, 2)
        grid.addWidget(self._make("␣", lambda: self.key_typed.emit(" ")), 4, 2, 1, 5)
        grid.addWidget(self._key("!"), 4, 7)
        grid.addWidget(self._make("⌫", self.backspace_pressed.emit), 4, 8, 1, 2)

    def _make(self, label: str, slot: object) -> QPushButton:
        button = QPushButton(label)
        button.setMinimumSize(QSize(TOUCH_MIN, TOUCH_MIN - 8))
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setObjectName("key")
        button.clicked.connect(slot)
        return button

    def _key(self, letter: str) -> QPushButton:
        button = self._make(letter, lambda: None)
        button.clicked.disconnect()
        button.clicked.connect(lambda: self._type(button.text()))
        self._keys.append(button)
        return button

    def _type(self, text: str) -> None:
        self.key_typed.emit(text)
        if self._shift:
            self._toggle_shift()

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        for button in self._keys:
            text = button.text()
            button.setText(text.upper() if self._shift else text.lower())


def vbox(*widgets: QWidget, spacing: int = 16) -> QVBoxLayout:
    """A vertical layout of widgets."""
    layout = QVBoxLayout()
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


class ScreenFade(QLabel):
    """The screen one came from, fading out over the new one: it shows where you came from.

    A picture of the old screen lies over the stack and turns transparent in
    :data:`~shared.ui.theme.SCALE` ``.motion_screen_ms``; touches go through it to
    the new screen at once, so the fade never slows anyone down.

    Signals:
        finished(): the fade is over (the picture is gone).
    """

    finished = Signal()

    def __init__(self, over: QWidget) -> None:
        super().__init__(over)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._opacity = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(self._opacity)
        self.animation = QPropertyAnimation(self._opacity, b"opacity", self)
        self.animation.setDuration(SCALE.motion_screen_ms)
        self.animation.setStartValue(1.0)
        self.animation.setEndValue(0.0)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.finished.connect(self._on_animation_finished)
        self.hide()

    @property
    def running(self) -> bool:
        """Whether a fade is under way."""
        return self.animation.state() == QPropertyAnimation.State.Running

    def play(self, old: QWidget) -> None:
        """Fade ``old`` (as it looks now) out over whatever its parent shows next."""
        parent = self.parentWidget()
        if parent is None or not parent.isVisible() or old.size().isEmpty():
            return
        self.animation.stop()
        self.setPixmap(old.grab())
        self.setGeometry(old.geometry())
        self.show()
        self.raise_()
        self.animation.start()

    def _on_animation_finished(self) -> None:
        self.hide()
        self.clear()
        self.finished.emit()


class TextEntry(QWidget):
    """A short text typed on the touch keyboard, with a count of what is left.

    Used for a rating's comment, an open answer and a naming proposal; the text is
    shown literally and cut at ``limit`` characters. The field grows to ``most`` px.

    Signals:
        changed(): the text changed.
    """

    changed = Signal()

    def __init__(self, limit: int, parent: QWidget | None = None, *, most: int = 260) -> None:
        super().__init__(parent)
        self.limit = limit
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        # a few lines: a field the height of a portrait screen looked like a form to fill
        self.editor.setMinimumHeight(TOUCH_MIN + 40)
        self.editor.setMaximumHeight(max(most, TOUCH_MIN + 40))
        self.editor.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.counter = PlainLabel(role="hint")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.editor.insertPlainText)
        self.keyboard.backspace_pressed.connect(self._backspace)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.counter)
        layout.addWidget(self.keyboard)
        self._count = "{count} / {limit}"

    def text(self) -> str:
        """What was typed."""
        return self.editor.toPlainText()

    def clear(self) -> None:
        """Start empty."""
        self.editor.clear()

    def set_texts(self, placeholder: str, count: str) -> None:
        """The placeholder and the counter's wording (``{count}`` and ``{limit}`` in it)."""
        self.editor.setPlaceholderText(placeholder)
        self._count = count
        self._show_count()

    def _backspace(self) -> None:
        self.editor.textCursor().deletePreviousChar()

    def _show_count(self) -> None:
        self.counter.setText(self._count.format(count=len(self.text()), limit=self.limit))

    def _on_editor_changed(self) -> None:
        text = self.text()
        if len(text) > self.limit:
            cursor = self.editor.textCursor()
            self.editor.setPlainText(text[: self.limit])
            cursor.setPosition(self.limit)
            self.editor.setTextCursor(cursor)
            return
        self._show_count()
        self.changed.emit()
