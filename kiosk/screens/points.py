"""The points screen: the attendee's points and rank, and the top 5."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import PlainLabel
from shared import protocol
from shared.plaintext import display_safe
from shared.ui.colour import mix, readable_on
from shared.ui.theme import Roles, roles


class Podium(QWidget):
    """The top three on a small podium: second, first, third, each with name and points.

    Names come as the attendees allowed (a hidden one shows as ``hidden``); drawn
    as plain text, never markup.
    """

    ORDER = (1, 0, 2)  # places from left to right: second, first, third
    HEIGHTS = (0.85, 0.62, 0.45)  # of the room for blocks, by place: first, second, third

    def __init__(self) -> None:
        super().__init__()
        self.standings: list[protocol.Standing] = []
        self.hidden = ""
        self.points_text = T.NOW_POINTS
        self.lang = "nl"
        self.roles: Roles = roles()
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_top(self, standings: list[protocol.Standing], hidden: str, lang: str) -> None:
        """Show the first three of ``standings``; ``hidden`` stands in for a hidden name."""
        self.standings, self.hidden, self.lang = standings[:3], hidden, lang
        self.setVisible(bool(self.standings))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the three blocks with rank, name and points."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width, height = self.width(), self.height()
        column = width / 3
        r = self.roles
        fills = (r.primary, mix(r.primary, "#FFFFFF", 0.25), mix(r.primary, "#000000", 0.25))
        label_h = height * 0.15
        for slot, place in enumerate(self.ORDER):
            if place >= len(self.standings):
                continue
            standing = self.standings[place]
            block_h = (height - 2 * label_h) * self.HEIGHTS[place]
            block = QRectF(slot * column + 8, height - block_h, column - 16, block_h)
            # outlined too: in the high-contrast theme a block is as black as the screen
            painter.setPen(QPen(QColor(r.outline), 3))
            painter.setBrush(QColor(fills[place]))
            painter.drawRoundedRect(block, 14, 14)
            number = QFont(self.font())
            number.setPixelSize(min(110, max(18, int(block_h * 0.4))))
            number.setBold(True)
            painter.setFont(number)
            painter.setPen(QColor(readable_on(fills[place])))
            painter.drawText(block, int(Qt.AlignmentFlag.AlignCenter), str(standing.rank))
            text = QFont(self.font())
            text.setPixelSize(min(34, max(16, int(label_h * 0.42))))
            painter.setFont(text)
            painter.setPen(QColor(r.on_surface))
            points = self.points_text(self.lang, points=standing.points)
            above = QRectF(block.left(), block.top() - 2 * label_h, block.width(), 2 * label_h)
            painter.drawText(
                above,
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
                | int(Qt.TextFlag.TextWordWrap),
                f"{display_safe(standing.name or self.hidden, keep_newlines=False)}\n{points}",
            )
        painter.end()


class PointsScreen(Screen):
    """The attendee's points and rank, and the top 5 (names only as allowed)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.points = PlainLabel(role="big")
        self.rank = PlainLabel(role="subtitle")
        self.note = PlainLabel(role="hint")
        self.top_title = PlainLabel(role="subtitle")
        self.podium = Podium()
        self.top = PlainLabel()
        layout = QVBoxLayout(self)
        for widget in (self.title, self.points, self.rank, self.note, self.top_title):
            layout.addWidget(widget)
        # the podium takes the room left, up to its height: a fixed height on a low window
        # pushed the lines under it over it, a bar through the first place's number
        layout.addWidget(self.podium, 4)
        layout.addWidget(self.top)
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
        # the first three on the podium, the rest of the top 5 as lines under it
        self.podium.show_top(list(top), T.POINTS_HIDDEN(lang), lang)
        self.top.setText(
            "\n".join(
                f"{s.rank}.  {s.name or T.POINTS_HIDDEN(lang)}  —  {s.points}" for s in top[3:5]
            )
            if top
            else T.POINTS_NOBODY(lang)
        )
        self.top.setVisible(bool(self.top.text()))  # an empty line takes no room

    def apply_look(self, look: Roles, scale: float) -> None:
        """The podium in the event's colours."""
        super().apply_look(look, scale)
        self.podium.roles = look
        self._size_podium()

    def adapt(self, portrait: bool) -> None:
        """In portrait the podium takes the height a tall screen has to give."""
        self.portrait = portrait
        self._size_podium()

    def _size_podium(self) -> None:
        self.podium.setMinimumHeight(round(120 * self.scale))
        self.podium.setMaximumHeight(round((760 if self.portrait else 400) * self.scale))
        self.podium.update()
