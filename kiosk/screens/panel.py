"""The base of the answer panels of the opinion screen: one per kind of question."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from shared import protocol
from shared.ui.theme import Roles, roles

Answer = tuple[list[int], str]
"""What a panel holds once complete: the choices and the text, as the action sends them."""


class AnswerPanel(QWidget):
    """Where one kind of question is answered; the opinion screen around it sends.

    Signals:
        changed(): the answer changed (the screen enables its send button).
    """

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lang = "nl"
        self.roles: Roles = roles()
        self.scale = 1.0
        self.poll: protocol.PollInfo | None = None

    def load(self, poll: protocol.PollInfo) -> None:
        """Show ``poll`` with nothing chosen yet."""
        self.poll = poll

    def answer(self) -> Answer | None:
        """The answer as it stands, or None while it is not complete."""
        return None

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        self.lang = lang

    def apply_look(self, look: Roles, scale: float) -> None:
        """Take the event's colour roles and the screen's scale."""
        self.roles, self.scale = look, scale

    def adapt(self, portrait: bool) -> None:
        """Lay out for a portrait or a landscape screen."""

    def set_touch_keyboard(self, shown: bool) -> None:
        """Show the touch keyboard where text is typed (not on a desktop's small window)."""
