"""The base of every pillar screen: a language, the session, the back and done buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk import texts as T
from kiosk.session import Session
from shared.ui.theme import SCALE, Roles, roles


class Screen(QWidget):
    """Base of every screen: a language and a way to show the session.

    Signals:
        back_requested(): the attendee wants the home menu.
        finished(): the attendee is done (end the session).
    """

    back_requested = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lang = "nl"
        self.roles: Roles = roles()
        self.scale = 1.0
        self.portrait = False
        # a stack takes the largest page's minimum size: let the window decide
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def show_session(self, session: Session) -> None:
        """Fill the screen from the session (called every time it is shown)."""

    def set_lang(self, lang: str) -> None:
        """Switch the screen's language."""
        self.lang = lang

    def adapt(self, portrait: bool) -> None:
        """Lay out for a portrait or a landscape screen."""

    def set_touch_keyboard(self, shown: bool) -> None:
        """Show the touch keyboard where text is typed, or none (a desktop's low window)."""

    def apply_look(self, look: Roles, scale: float) -> None:
        """Take the event's colour roles and the screen's scale (icons are drawn for them)."""
        self.roles, self.scale = look, scale
        self.fit_nav(self.portrait)

    def fit_nav(self, portrait: bool) -> None:
        """Back and done as wide, tall targets in portrait: at the bottom, where a hand reaches.

        Only their size changes, never the row they stand in (screens add to that row).
        """
        self.portrait = portrait
        scale = self.scale
        for name in ("back_button", "done_button"):
            button = getattr(self, name, None)
            if isinstance(button, QPushButton):
                if portrait:
                    button.setMinimumSize(round(220 * scale), round(SCALE.target * 1.35 * scale))
                else:
                    button.setMinimumSize(0, 0)

    def _nav(self) -> QHBoxLayout:
        """The back / done buttons at the bottom of a screen."""
        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondary")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.finished.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        return row

    def _nav_texts(self) -> None:
        self.back_button.setText(T.BACK(self.lang))
        self.done_button.setText(T.DONE(self.lang))
