"""The feedback screen: a top or tip typed on the touch keyboard, as a post-it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import OnScreenKeyboard, PlainLabel, PostIt, RoomyLabel
from shared.plaintext import display_safe
from shared.protocol import MAX_NOTE_CHARS
from shared.ui.theme import Roles


class FeedbackScreen(Screen):
    """Top or tip, typed on the touch keyboard, with a live preview of the post-it.

    Signals:
        posted(str, str): the wall (``top``/``tip``) and the text.
    """

    posted = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.top = QPushButton()
        self.tip = QPushButton()
        for button, wall in ((self.top, "top"), (self.tip, "tip")):
            button.setCheckable(True)
            button.setObjectName("choice")
            button.clicked.connect(lambda _=False, w=wall: self.set_wall(w))
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.counter = PlainLabel(role="hint")
        self.preview = PostIt()
        self.anonymous = PlainLabel(role="hint")
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.editor.insertPlainText)
        self.keyboard.backspace_pressed.connect(self._backspace)
        self.send = QPushButton()
        self.send.clicked.connect(self._on_send)
        # the thanks take the anonymity hint's place (they say the same and more), with
        # room for the longest of them from the start: posting does not move the screen about
        self.thanks = RoomyLabel(role="hint")
        self.notice = QWidget()
        self.notices = QStackedLayout(self.notice)
        self.notices.setContentsMargins(0, 0, 0, 0)
        self.notices.addWidget(self.anonymous)
        self.notices.addWidget(self.thanks)
        choice = QHBoxLayout()
        choice.addWidget(self.top)
        choice.addWidget(self.tip)
        # landscape: typing on the left, the note as it will look on the right
        writing = QVBoxLayout()
        writing.addWidget(self.editor, 1)
        # the send button under the note, or (no touch keyboard: a low window) beside the
        # counter, where it leaves the note and the thanks their room
        self.counting = QHBoxLayout()
        self.counting.addWidget(self.counter, 1)
        writing.addLayout(self.counting)
        writing.addWidget(self.keyboard)
        self.showing = QVBoxLayout()
        self.showing.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.showing.addWidget(self.notice)
        self.showing.addStretch(1)
        self.showing.addWidget(self.send)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addLayout(writing, 3)
        self.row.addLayout(self.showing, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(choice)
        layout.addLayout(self.row, 1)
        layout.addLayout(self._nav())
        self.wall = "top"
        self._thanked = False

    def adapt(self, portrait: bool) -> None:
        """Preview beside the editor, or below it."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def apply_look(self, look: Roles, scale: float) -> None:
        """The preview post-it at the screen's scale."""
        super().apply_look(look, scale)
        self.preview.set_scale(scale)

    def set_touch_keyboard(self, shown: bool) -> None:
        """The touch keyboard with the send button under the note, or neither (a low window)."""
        self.keyboard.setVisible(shown)
        if shown and self.counting.indexOf(self.send) >= 0:
            self.counting.removeWidget(self.send)
            self.showing.addWidget(self.send)
        elif not shown and self.showing.indexOf(self.send) >= 0:
            self.showing.removeWidget(self.send)
            self.counting.addWidget(self.send, 1)

    def show_session(self, session: Session) -> None:
        """Start a fresh note."""
        self.editor.clear()
        self.thanks.setText("")
        self.notices.setCurrentWidget(self.anonymous)
        self._thanked = False
        self.set_wall("top")
        self.set_lang(self.lang)
        self.editor.setFocus()

    def set_wall(self, wall: str) -> None:
        """Choose top (jubelmuur) or tip (klaagmuur)."""
        self.wall = wall
        self.top.setChecked(wall == "top")
        self.tip.setChecked(wall == "tip")
        self.preview.set_wall(wall)

    def show_thanks(self, bonus: int, *, held: bool = False) -> None:
        """Confirm the note was taken (it is in the outbox already).

        Args:
            bonus: the bonus points it earned.
            held: the event moderates notes first: it says so instead of "on the wall".
        """
        sent = T.FEEDBACK_SENT_HELD if held else T.FEEDBACK_SENT
        message = sent(self.lang, wall=T.WALL_NAME[self.wall](self.lang))
        if bonus:
            message += "  " + T.FEEDBACK_BONUS(self.lang, points=bonus)
        self.thanks.setText(message)
        self.notices.setCurrentWidget(self.thanks)
        note = self.editor.toPlainText()
        self.editor.clear()
        # the post-it stays in its place with the note just sent, until the next one is typed
        if note:
            self.preview.setText(display_safe(note))
        self._thanked = True

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.FEEDBACK_TITLE(lang))
        self.top.setText(T.FEEDBACK_TOP(lang))
        self.tip.setText(T.FEEDBACK_TIP(lang))
        self.editor.setPlaceholderText(T.FEEDBACK_PLACEHOLDER(lang))
        self.anonymous.setText(T.FEEDBACK_ANONYMOUS(lang))
        self.send.setText(T.FEEDBACK_SEND(lang))
        self.thanks.keep_room_for(
            [
                sent(lang, wall=T.WALL_NAME[wall](lang)) + "  " + T.FEEDBACK_BONUS(lang, points=999)
                for sent in (T.FEEDBACK_SENT, T.FEEDBACK_SENT_HELD)
                for wall in ("top", "tip")
            ]
        )
        self._on_editor_changed()

    def _backspace(self) -> None:
        self.editor.textCursor().deletePreviousChar()

    def _on_editor_changed(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > MAX_NOTE_CHARS:
            cursor = self.editor.textCursor()
            self.editor.setPlainText(text[:MAX_NOTE_CHARS])
            cursor.setPosition(MAX_NOTE_CHARS)
            self.editor.setTextCursor(cursor)
            return
        if text or not self._thanked:  # the note just sent stays until the next is typed
            self.preview.setText(display_safe(text))
        if text and self._thanked:  # a next note: the thanks make way
            self.thanks.setText("")
            self.notices.setCurrentWidget(self.anonymous)
            self._thanked = False
        self.counter.setText(T.FEEDBACK_COUNT(self.lang, count=len(text), limit=MAX_NOTE_CHARS))
        self.send.setEnabled(bool(text.strip()))

    def _on_send(self) -> None:
        text = self.editor.toPlainText().strip()
        if text:
            self.posted.emit(self.wall, text)
