"""Drawing a work session's post-its and figures into images, once; the board moves them.

As on the tip and top walls, every text is plain text after
:func:`shared.plaintext.display_safe`, shrunk to fit but never cut off. A post-it
has its table's colour and name, so a revealed column still shows which table
thought what; at harvest it carries its dots as stickers and their number.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from shared.i18n import Text
from shared.plaintext import display_safe
from wall.render import blank, draw_pin, fit_font, flags_for, handwriting_family, paper, soft_shadow

# post-it paper per table, in the tables' order: light enough for dark text
TABLE_PAPER = ("#FFF27A", "#BDE3FF", "#FFB3C7", "#D9F7A1", "#FFC99E", "#E1C9FF", "#B8F0E6")
DOT_COLOUR = QColor("#D35400")
INK = QColor("#1B2631")
MERGED = Text("+{count} gelijk", "+{count} alike")
DOTS = Text("{count} stippen", "{count} dots")
DOT = Text("1 stip", "1 dot")


def table_paper(position: int) -> QColor:
    """The paper colour of the table at ``position`` (its order in the session)."""
    return QColor(TABLE_PAPER[position % len(TABLE_PAPER)])


def dots_text(count: int, lang: str) -> str:
    """The dots in words: "7 stippen", "1 stip"."""
    return DOT(lang) if count == 1 else DOTS(lang, count=count)


def render_idea(
    text: str,
    table: str,
    colour: QColor,
    width: float,
    height: float,
    pixel_ratio: float,
    *,
    lang: str = "nl",
    merged: int = 0,
    dots: int | None = None,
    rank: int = 0,
) -> QImage:
    """An idea's post-it of ``width`` x ``height`` logical px (times ``pixel_ratio``).

    Args:
        text: the idea, verbatim.
        table: the table's name, small in the corner.
        colour: the table's paper.
        width: logical width.
        height: logical height.
        pixel_ratio: device pixels per logical pixel.
        lang: the language of the small print.
        merged: how many alike ideas the facilitator merged into this one.
        dots: at harvest, its dots (a wide post-it with a rank, the text, the dots).
        rank: at harvest, its place among the question's ideas.
    """
    image = blank(max(int(width * pixel_ratio), 8), max(int(height * pixel_ratio), 8), pixel_ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    unit = min(width, height)
    sheet = QRectF(unit * 0.02, unit * 0.03, width - unit * 0.08, height - unit * 0.1)
    soft_shadow(painter, sheet, unit * 0.03)
    paper(painter, sheet, colour)
    painter.fillRect(
        QRectF(sheet.left(), sheet.top(), sheet.width(), unit * 0.07), QColor(0, 0, 0, 14)
    )
    family = handwriting_family()
    small = QFont(QFont().defaultFamily())
    small.setPixelSize(max(int(unit * 0.1), 10))
    shown = display_safe(text)
    if dots is None:
        draw_pin(painter, QPointF(width * 0.48, unit * 0.07), unit * 0.035, QColor("#C0392B"))
        # under the badge of merged ideas, when there is one, else under the pin
        top = unit * (0.2 if merged else 0.11)
        box = QRectF(sheet.left() + unit * 0.06, top, sheet.width() - unit * 0.12, 0)
        box.setBottom(sheet.bottom() - unit * 0.16)
        minimum = max(int(unit * 0.09), 9)
    else:
        painter.setFont(_bold(unit * 0.34))
        painter.setPen(QColor(INK))
        painter.drawText(
            QRectF(sheet.left(), sheet.top(), unit * 0.55, sheet.height()),
            int(Qt.AlignmentFlag.AlignCenter),
            f"{rank}",
        )
        dots_w = unit * 1.0
        box = QRectF(
            sheet.left() + unit * 0.55,
            sheet.top() + unit * 0.1,
            sheet.width() - unit * 0.6 - dots_w,
            sheet.height() - unit * 0.3,
        )
        _dots(painter, QRectF(sheet.right() - dots_w, sheet.top(), dots_w, sheet.height()), dots)
        painter.setFont(small)
        painter.setPen(QColor("#5D4037"))
        painter.drawText(
            QRectF(sheet.right() - dots_w, sheet.bottom() - unit * 0.24, dots_w, unit * 0.2),
            int(Qt.AlignmentFlag.AlignCenter),
            dots_text(dots, lang),
        )
        minimum = max(int(unit * 0.1), 9)
    font, fits = fit_font(shown, box, family, minimum=minimum)
    if not fits:
        minimum = 6
        font, _ = fit_font(shown, box, family, minimum=minimum)
    painter.setFont(font)
    painter.setPen(QColor(INK))
    painter.drawText(box, flags_for(shown, box, family, minimum), shown)
    painter.setFont(small)
    painter.setPen(QColor("#5D4037"))
    line = QRectF(box.left(), sheet.bottom() - unit * 0.16, box.width(), unit * 0.14)
    painter.drawText(
        line,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        display_safe(table, keep_newlines=False),
    )
    if merged:  # a round badge in the top corner: alike ideas the facilitator merged here
        label = MERGED(lang, count=merged)
        badge_font = _bold(unit * 0.11)
        width_needed = QFontMetricsF(badge_font).horizontalAdvance(label) + unit * 0.1
        badge = QRectF(sheet.right() - width_needed - unit * 0.02, sheet.top() - unit * 0.01, 0, 0)
        badge.setSize(QSizeF(width_needed, unit * 0.17))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#1B4F72"))
        painter.drawRoundedRect(badge, unit * 0.085, unit * 0.085)
        painter.setFont(badge_font)
        painter.setPen(QColor("#FFFFFF"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)
    painter.end()
    return image


def _bold(size: float) -> QFont:
    font = QFont(QFont().defaultFamily())
    font.setPixelSize(max(int(size), 8))
    font.setBold(True)
    return font


def _dots(painter: QPainter, area: QRectF, count: int) -> None:
    """Up to twelve round stickers in rows, as a dot vote looks on paper."""
    painter.save()
    across, shown = 4, min(count, 12)
    radius = min(area.width() / (across * 2.6), area.height() / 9)
    top = area.top() + area.height() * 0.12
    for n in range(shown):
        row, place = divmod(n, across)
        centre = QPointF(
            area.left() + radius * 1.3 + place * radius * 2.5, top + radius + row * radius * 2.4
        )
        painter.setPen(QPen(DOT_COLOUR.darker(130), max(radius * 0.12, 1.0)))
        painter.setBrush(DOT_COLOUR)
        painter.drawEllipse(centre, radius, radius)
    painter.restore()


def draw_stack(painter: QPainter, rect: QRectF, colour: QColor, count: int) -> None:
    """A table's ideas while private: a stack of blank post-its and their number on top.

    The stack grows with the count up to five sheets, so a glance across the room
    sees which table is busy without reading a word of what it wrote.
    """
    painter.save()
    side = min(rect.height(), rect.width())
    sheets = min(count, 5) if count else 0
    step = side * 0.05
    base = QRectF(rect.left(), rect.top() + step * 4, side - step * 4, side - step * 4)
    if not sheets:
        painter.setPen(QPen(colour.darker(140), max(side * 0.02, 1.0), Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(base)
    for n in range(sheets):
        sheet = base.translated(step * n, -step * n)
        soft_shadow(painter, sheet, side * 0.02)
        paper(painter, sheet, colour.darker(100 + (sheets - 1 - n) * 4))
    painter.setPen(QColor(INK))
    painter.setFont(_bold(side * 0.42))
    painter.drawText(
        base.translated(step * max(sheets - 1, 0), -step * max(sheets - 1, 0)),
        int(Qt.AlignmentFlag.AlignCenter),
        str(count),
    )
    painter.restore()
