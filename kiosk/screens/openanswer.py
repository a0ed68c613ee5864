"""An open question: a short answer typed on the touch keyboard, for the word cloud."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk import texts as T
from kiosk.screens.panel import Answer, AnswerPanel
from kiosk.widgets import PlainLabel, TextEntry
from shared import protocol


class OpenPanel(AnswerPanel):
    """The answer field, and a word on where its words go."""

    def __init__(self) -> None:
        super().__init__()
        self.hint = PlainLabel(role="hint")
        self.entry = TextEntry(protocol.MAX_POLL_TEXT)
        self.entry.changed.connect(self.changed.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.entry)
        layout.addStretch(1)

    def load(self, poll: protocol.PollInfo) -> None:
        """An empty answer."""
        super().load(poll)
        self.entry.clear()
        self.entry.editor.setFocus()

    def answer(self) -> Answer | None:
        """The text, once there is one."""
        text = self.entry.text().strip()
        return ([], text) if text else None

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.hint.setText(T.OPEN_HINT(lang))
        self.entry.set_texts(T.OPEN_PLACEHOLDER(lang), T.TEXT_COUNT(lang))

    def set_touch_keyboard(self, shown: bool) -> None:
        """The keyboard under the answer, or a real one."""
        self.entry.keyboard.setVisible(shown)
