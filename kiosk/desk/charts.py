"""Drawing a question's chart (:class:`shared.pollcharts.Chart`) with QPainter.

One drawing for the console's dashboard (a widget) and the PDF report (an image at
print resolution): the title, the facts line, the key figure, and a horizontal bar
per value with its numbers beside it. The part of a bar that came on paper is
hatched, and its count said in words too. A suppressed question draws its note
in a dashed box instead of bars.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from shared.i18n import Lang
from shared.pollcharts import Bar, Chart
from shared.ui.colour import mix
from shared.ui.theme import Roles

# the NPS's three groups in colours that read as such on white and keep apart in grey
TONES = {"detractor": "#B03A2E", "passive": "#7F8C8D", "promoter": "#1E8449"}


HOUSE_FONT = "DejaVu Sans"  # charts' and the report's font when the event has none of its own


def _font(size: float, bold: bool = False, italic: bool = False, family: str = HOUSE_FONT) -> QFont:
    font = QFont(family)
    font.setPixelSize(max(1, round(size)))
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _bar_colour(bar: Bar, r: Roles) -> QColor:
    return QColor(TONES.get(bar.tone, r.primary))


def chart_height(chart: Chart, width: float, unit: float, family: str = HOUSE_FONT) -> float:
    """How tall :func:`paint_chart` draws ``chart`` at ``width`` (unit: the body text size).

    ``family``: the font it is drawn in (the event's own in its report).
    """
    title = QFontMetricsF(_font(unit * 1.25, bold=True, family=family))
    lines = title.boundingRect(
        QRectF(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), chart.title
    ).height()
    height = lines + unit * 1.8  # the facts line
    if chart.headline:
        height += unit * 2.6
    if chart.bars:
        height += len(chart.bars) * unit * 1.9
    if chart.split:
        height += unit * 4.2
    if chart.note:
        height += unit * 3.6
    return height + unit * 0.6


def paint_chart(
    painter: QPainter,
    chart: Chart,
    r: Roles,
    lang: Lang,
    rect: QRectF,
    unit: float,
    family: str = HOUSE_FONT,
) -> None:
    """Draw ``chart`` into ``rect`` (its height as :func:`chart_height` says), in ``family``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    left, width = rect.left(), rect.width()
    y = rect.top()
    painter.setFont(_font(unit * 1.25, bold=True, family=family))
    painter.setPen(QColor(r.on_card))
    title = painter.boundingRect(
        QRectF(left, y, width, 10_000), int(Qt.TextFlag.TextWordWrap), chart.title
    )
    painter.drawText(title, int(Qt.TextFlag.TextWordWrap), chart.title)
    y = title.bottom() + unit * 0.3
    painter.setFont(_font(unit * 0.9, family=family))
    painter.setPen(QColor(r.muted))
    metrics = QFontMetricsF(painter.font())
    painter.drawText(
        QPointF(left, y + metrics.ascent()),
        metrics.elidedText(chart.facts, Qt.TextElideMode.ElideRight, width),
    )
    y += unit * 1.5
    if chart.headline:
        painter.setFont(_font(unit * 1.9, bold=True, family=family))
        painter.setPen(QColor(r.brand))
        big = QFontMetricsF(painter.font())
        painter.drawText(QPointF(left, y + big.ascent()), chart.headline)
        y += unit * 2.6
    label_font = QFontMetricsF(_font(unit, family=family))
    longest = max((label_font.horizontalAdvance(b.label) for b in chart.bars), default=0.0)
    # as wide as the longest label needs, within reason: a longer one is cut short
    label_w = min(max(longest + unit * 0.8, unit * 4), width * 0.45)
    figure_w = unit * 11
    span = max(unit, width - label_w - figure_w - unit)
    top = max((b.count for b in chart.bars), default=0)
    painter.setFont(_font(unit, family=family))
    metrics = QFontMetricsF(painter.font())
    for bar in chart.bars:
        row = QRectF(left, y, width, unit * 1.9)
        painter.setPen(QColor(r.on_card))
        painter.drawText(
            QRectF(left, y, label_w - unit * 0.6, row.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - unit * 0.6),
        )
        length = span * bar.count / top if top else 0.0
        box = QRectF(left + label_w, y + unit * 0.35, max(length, 1.5), unit * 1.2)
        colour = _bar_colour(bar, r)
        painter.fillRect(box, colour)
        if bar.paper and bar.count:
            paper = QRectF(box.right() - length * bar.paper / bar.count, box.top(), 0, box.height())
            paper.setRight(box.right())
            painter.fillRect(paper, QColor(mix(colour.name(), "#FFFFFF", 0.55)))
            painter.fillRect(paper, QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.setPen(QColor(r.on_card))
        painter.drawText(
            QRectF(box.right() + unit * 0.5, y, figure_w + span - length, row.height()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            bar.figure(lang),
        )
        y += row.height()
    if chart.split:
        y += unit * 0.6
        total = sum(b.count for b in chart.split)
        x = left
        strip = width
        for bar in chart.split:
            part = strip * bar.count / total if total else strip / len(chart.split)
            painter.fillRect(QRectF(x, y, part, unit * 1.3), _bar_colour(bar, r))
            x += part
        y += unit * 1.7
        painter.setFont(_font(unit * 0.9, family=family))
        third = width / len(chart.split)
        for n, bar in enumerate(chart.split):
            cell = QRectF(left + n * third, y, third, unit * 1.8)
            painter.fillRect(
                QRectF(cell.left(), cell.top() + unit * 0.35, unit * 0.8, unit * 0.8),
                _bar_colour(bar, r),
            )
            painter.setPen(QColor(r.on_card))
            painter.drawText(
                cell.adjusted(unit * 1.2, 0, 0, 0),
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap
                ),
                f"{bar.label}: {bar.figure(lang)}",
            )
        y += unit * 2.5
    if chart.note:
        box = QRectF(left, y + unit * 0.4, width, unit * 2.8)
        painter.setPen(QPen(QColor(r.outline), max(1.0, unit / 12), Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box, unit * 0.4, unit * 0.4)
        painter.setFont(_font(unit, italic=True, family=family))
        painter.setPen(QColor(r.muted))
        painter.drawText(
            box.adjusted(unit * 0.6, 0, -unit * 0.6, 0),
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            chart.note,
        )
    painter.restore()


class ChartView(QWidget):
    """A question's chart on the dashboard, drawn like the report's, in the event's font.

    Args:
        chart: what to draw.
        roles: the event's colours.
        lang: the language of its words.
        family: the event's own font (registered with Qt), else the house font.
    """

    UNIT = 14.0

    def __init__(self, chart: Chart, roles: Roles, lang: Lang, family: str | None = None) -> None:
        super().__init__()
        self.chart = chart
        self.roles = roles
        self.lang = lang
        self.family = family or HOUSE_FONT
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(320)

    def hasHeightForWidth(self) -> bool:
        """The chart's height follows its width (the title wraps)."""
        return True

    def heightForWidth(self, width: int) -> int:
        """How tall the chart is at ``width``."""
        return round(chart_height(self.chart, width, self.UNIT, self.family)) + 4

    def sizeHint(self) -> QSize:
        """A comfortable width, and the height for it."""
        return QSize(480, self.heightForWidth(480))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the chart on the card colour."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.roles.card))
        paint_chart(
            painter,
            self.chart,
            self.roles,
            self.lang,
            QRectF(self.rect()),
            self.UNIT,
            self.family,
        )
        painter.end()
