"""The points screen: the attendee's points and rank, and the top 5."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import PlainLabel
from shared import protocol


class PointsScreen(Screen):
    """The attendee's points and rank, and the top 5 (names only as allowed)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.points = PlainLabel(role="big")
        self.rank = PlainLabel(role="subtitle")
        self.note = PlainLabel(role="hint")
        self.top_title = PlainLabel(role="subtitle")
        self.top = PlainLabel()
        layout = QVBoxLayout(self)
        for widget in (self.title, self.points, self.rank, self.note, self.top_title, self.top):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(self._nav())
        self.result: protocol.PointsResponse | None = None
        self.session: Session | None = None

    def show_points(self, session: Session, result: protocol.PointsResponse | None) -> None:
        """Show the hub's figures, or the last known top 5 when the hub is out of reach."""
        self.session, self.result = session, result
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.POINTS_TITLE(lang))
        self.top_title.setText(T.POINTS_TOP(lang))
        if self.session is None:
            return
        result = self.result
        earned = self.session.earned
        if result is not None:
            self.points.setText(T.POINTS_MINE(lang, points=result.points))
            self.rank.setText(
                T.POINTS_RANK(lang, rank=result.rank) if result.rank else T.POINTS_NO_RANK(lang)
            )
            self.note.setText("")
            top = result.top
        else:
            self.points.setText(T.POINTS_MINE(lang, points=earned))
            self.rank.setText("")
            self.note.setText(T.POINTS_OFFLINE(lang))
            top = self.session.content.top
        pending = self.session.pending_bonus()
        if result is not None and pending:
            self.note.setText(T.POINTS_SESSION(lang, points=pending))
        self.top.setText(
            "\n".join(
                f"{s.rank}.  {s.name or T.POINTS_HIDDEN(lang)}  —  {s.points}" for s in top[:5]
            )
            or T.POINTS_NOBODY(lang)
        )
