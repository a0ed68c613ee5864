"""A rating: one to five stars, and an optional short comment typed on the touch keyboard."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.screens.panel import Answer, AnswerPanel
from kiosk.widgets import PlainLabel, TextEntry
from shared import protocol
from shared.ui.theme import Roles, roles

STAR_PX = 132  # at 1080p: five of them and their gaps fit a portrait screen's width


class StarButton(QPushButton):
    """One star to tap: filled when it is part of the rating, an outline otherwise."""

    def __init__(self, stars: int) -> None:
        super().__init__()
        self.stars = stars
        self.lit = False
        self.roles: Roles = roles()
        self.setObjectName("star")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_size(STAR_PX)

    def set_size(self, side: int) -> None:
        """Make the star ``side`` px square (a touch target well above 72 px)."""
        self.setFixedSize(QSize(side, side))

    def set_lit(self, lit: bool) -> None:
        """Fill the star or leave it an outline."""
        self.lit = lit
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A five-pointed star in the brand's outline, filled with the accent when lit."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height())
        outer, inner = side * 0.46, side * 0.46 * 0.45
        centre = QPointF(self.width() / 2, self.height() / 2 + side * 0.03)
        points = [
            QPointF(
                centre.x() + r * math.cos(math.radians(-90 + 36 * i)),
                centre.y() + r * math.sin(math.radians(-90 + 36 * i)),
            )
            for i, r in enumerate([outer, inner] * 5)
        ]
        pen = QPen(QColor(self.roles.brand))
        pen.setWidthF(max(2.0, side / 30))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(QColor(self.roles.accent if self.lit else self.roles.card))
        painter.drawPolygon(QPolygonF(points))
        painter.end()


class StarsPanel(AnswerPanel):
    """Five stars in a row, what the chosen number means, and (if asked) a comment."""

    def __init__(self) -> None:
        super().__init__()
        self.stars = [StarButton(n) for n in protocol.RATING_VALUES]
        row = QHBoxLayout()
        row.setSpacing(16)
        row.addStretch(1)
        for star in self.stars:
            star.clicked.connect(lambda _=False, n=star.stars: self.choose(n))
            row.addWidget(star)
        row.addStretch(1)
        self.word = PlainLabel(role="subtitle")
        self.word.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.comment_button = QPushButton()
        self.comment_button.setObjectName("secondary")
        self.comment_button.clicked.connect(self._on_comment_clicked)
        # the comment, once asked for: what becomes of it, the field, the keyboard
        self.comment_box = QWidget()
        self.comment_hint = PlainLabel(role="hint")
        self.comment = TextEntry(protocol.MAX_POLL_TEXT, most=180)
        self.comment.changed.connect(self.changed.emit)
        commenting = QVBoxLayout(self.comment_box)
        commenting.setContentsMargins(0, 0, 0, 0)
        commenting.addWidget(self.comment_hint)
        commenting.addWidget(self.comment)
        commenting.addStretch(1)
        rating = QVBoxLayout()
        rating.addStretch(1)
        rating.addLayout(row)
        rating.addWidget(self.word)
        rating.addSpacing(16)
        rating.addWidget(self.comment_button, 0, Qt.AlignmentFlag.AlignHCenter)
        rating.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(32)
        self.box.addLayout(rating, 1)
        self.box.addWidget(self.comment_box, 1)
        self.chosen = 0

    def load(self, poll: protocol.PollInfo) -> None:
        """A fresh rating: no star, no comment (the comment field closed)."""
        super().load(poll)
        self.comment.clear()
        self.comment_box.hide()
        self.comment_button.setVisible(poll.comment)
        self.choose(0)

    def choose(self, stars: int) -> None:
        """Light the first ``stars`` stars (0: none)."""
        self.chosen = stars
        for star in self.stars:
            star.set_lit(star.stars <= stars)
        self._show_word()
        self.changed.emit()

    def answer(self) -> Answer | None:
        """The stars (and the comment), once a star is chosen."""
        if not self.chosen:
            return None
        text = self.comment.text() if self.poll is not None and self.poll.comment else ""
        return [self.chosen], text

    def open_comment(self) -> None:
        """Open the comment field (with its keyboard)."""
        self.comment_box.show()
        self.comment_button.hide()
        self.comment.editor.setFocus()

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.comment_button.setText("+ " + T.RATING_COMMENT(lang))
        self.comment_hint.setText(T.RATING_COMMENT_HINT(lang))
        self.comment.set_texts(T.RATING_COMMENT_PLACEHOLDER(lang), T.TEXT_COUNT(lang))
        for star in self.stars:
            star.setAccessibleName(T.RATING_STAR(lang, stars=star.stars))
        self._show_word()

    def apply_look(self, look: Roles, scale: float) -> None:
        """Stars in the event's colours, sized for the screen."""
        super().apply_look(look, scale)
        for star in self.stars:
            star.roles = look
            star.set_size(max(72, round(STAR_PX * scale)))
            star.update()

    def adapt(self, portrait: bool) -> None:
        """The comment beside the stars, or below them."""
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # in portrait the stars take the room the comment leaves them
        self.box.setStretch(1, 0 if portrait else 1)

    def set_touch_keyboard(self, shown: bool) -> None:
        """Show the keyboard under the comment, or leave it to a real one."""
        self.comment.keyboard.setVisible(shown)

    def _show_word(self) -> None:
        if self.chosen:
            word = T.RATING_WORDS[self.chosen](self.lang)
            self.word.setText(T.RATING_CHOSEN(self.lang, stars=self.chosen, word=word))
        else:
            self.word.setText(T.RATING_PICK(self.lang))

    def _on_comment_clicked(self) -> None:
        self.open_comment()
