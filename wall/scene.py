"""A scene shown between the walls, drawn into an image of its panel's size, once.

A scene is the top 5, the quiz facts, the counters, or a question's results. It is
drawn from plain values (the board's scale, the colours, the language), never from
the window, so the wall can draw the next scene on a worker thread while its frames
go on: a chart takes longer than a frame to draw, a copy of it does not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from shared import protocol
from shared.plaintext import display_safe
from shared.ui.colour import AA_TEXT, meeting, readable_on
from shared.ui.theme import Roles
from wall.charts import PAPER_PART, ChartColours, ChartPainter, answered, paper_tone, write
from wall.layout import LOGICAL_H, LOGICAL_W, TITLE_H
from wall.render import blank
from wall.results import suppressed

CHART_TOP = 232  # a result scene's chart, below its title (from the panel's inner top)


@dataclass
class Overlay:
    """A scene shown between the walls: a title and lines, or a question's results.

    Attributes:
        title: the scene's title (a result scene: the question).
        lines: the lines under it.
        result: a question's results, drawn as its chart under the title.
        kicker: a short line above a result scene's title: what kind of question, where.
    """

    title: str
    lines: list[str] = field(default_factory=list)
    result: protocol.PollResult | None = None
    kicker: str = ""


@dataclass(frozen=True)
class Look:
    """What a scene is drawn at: the board's scale and place on the screen, colours, language.

    Attributes:
        scale: logical units to the widget's pixels.
        offset: the board's top-left on the widget (its letterbox).
        ratio: device pixels per widget pixel.
        roles: the event's colour roles.
        lang: the screen's language.
        family: the event's own font (None: the house font).
    """

    scale: float
    offset: QPointF
    ratio: float
    roles: Roles
    lang: str
    family: str | None = None

    def font(self) -> QFont:
        """A font of the scene's family, to be sized."""
        return QFont(self.family) if self.family else QFont()


def panel_of(overlay: Overlay) -> QRectF:
    """Where a scene's panel lies on the board (logical units); results get more room."""
    if overlay.result is not None:
        return QRectF(LOGICAL_W * 0.09, TITLE_H + 36, LOGICAL_W * 0.82, LOGICAL_H - TITLE_H - 80)
    return QRectF(LOGICAL_W * 0.2, TITLE_H + 70, LOGICAL_W * 0.6, LOGICAL_H - TITLE_H - 160)


def live_area(overlay: Overlay) -> QRectF:
    """Where a result scene's chart and its count lie (logical units): what new results change.

    Entirely inside the panel, whose fill is opaque: a chart faded into the one before
    it needs no board beneath.
    """
    inner = panel_of(overlay).adjusted(56, 30, -56, -26)
    top = inner.top() + CHART_TOP - 12
    return QRectF(inner.left() - 8, top, inner.width() + 16, inner.bottom() - top)


def same_but_results(before: Overlay, after: Overlay) -> bool:
    """Whether ``after`` is ``before`` with new results of the same question, as it was."""
    return (
        before.result is not None
        and after.result is not None
        and before.result.id == after.result.id
        and before.result.state == after.result.state
        and suppressed(before.result) == suppressed(after.result)
        and (before.title, before.kicker) == (after.title, after.kicker)
    )


def paint(overlay: Overlay, look: Look, charts: ChartPainter) -> tuple[QImage, QPointF]:
    """The scene's panel with its shadow, and where it lies on the widget.

    Only the panel's own box: the transparent board around it is never blended.
    Safe on a worker thread (it paints a ``QImage`` and reads nothing of the window).
    """
    scale, offset, ratio = look.scale, look.offset, look.ratio
    around = panel_of(overlay).adjusted(-40, -30, 40, 44)  # room for the shadow
    left = math.floor((offset.x() + around.left() * scale) * ratio)
    top = math.floor((offset.y() + around.top() * scale) * ratio)
    right = math.ceil((offset.x() + around.right() * scale) * ratio)
    bottom = math.ceil((offset.y() + around.bottom() * scale) * ratio)
    panel = panel_of(overlay)
    fill = ChartColours.of(look.roles).panel
    box = (left, top, right, bottom)
    place = (scale, offset.x(), offset.y(), ratio)
    edges = (panel.x(), panel.y(), panel.width(), panel.height())
    # the empty panel and its shadow are the same in every scene of a size: drawn once,
    # then copied (large antialiased shapes are slow, and hold the interpreter meanwhile)
    image = _background(box, place, edges, fill).copy()
    image.setDevicePixelRatio(ratio)
    at = QPointF(left / ratio, top / ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.translate(-at)
    painter.translate(offset)
    painter.scale(scale, scale)
    _draw(painter, overlay, look, charts)
    painter.end()
    return image, at


@lru_cache(maxsize=8)
def _background(
    box: tuple[int, int, int, int],
    place: tuple[float, float, float, float],
    edges: tuple[float, float, float, float],
    fill: str,
) -> QImage:
    """The empty panel with its soft shadow, in an image of ``box`` (device pixels)."""
    left, top, right, bottom = box
    scale, offset_x, offset_y, ratio = place
    image = blank(max(right - left, 1), max(bottom - top, 1), ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-left / ratio + offset_x, -top / ratio + offset_y)
    painter.scale(scale, scale)
    panel = QRectF(*edges)
    painter.setPen(Qt.PenStyle.NoPen)
    for spread in range(30, 0, -3):  # a soft shadow: the scene floats over the board
        painter.setBrush(QColor(0, 0, 0, 9))
        painter.drawRoundedRect(
            panel.adjusted(-spread, -spread * 0.4, spread, spread * 1.2), 24 + spread, 24 + spread
        )
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(panel, 24, 24)
    painter.end()
    return image


def _draw(painter: QPainter, overlay: Overlay, look: Look, charts: ChartPainter) -> None:
    panel = panel_of(overlay)
    colours = ChartColours.of(look.roles)
    fill = colours.panel
    if overlay.result is not None:
        _draw_result(painter, panel, overlay.result, overlay, look, charts, colours)
        return
    painter.fillRect(
        QRectF(panel.left() + 40, panel.top() + 112, panel.width() - 80, 4),
        QColor(look.roles.accent),
    )
    title = look.font()
    title.setPixelSize(60)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(QColor(meeting(look.roles.accent, (fill, AA_TEXT))))
    write(
        painter,
        panel.adjusted(40, 30, -40, 0),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        display_safe(overlay.title, keep_newlines=False),
    )
    body = look.font()
    body.setPixelSize(48)
    painter.setFont(body)
    painter.setPen(QColor(readable_on(fill)))
    write(
        painter,
        panel.adjusted(60, 130, -60, -30),
        int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
        display_safe("\n".join(overlay.lines)),
    )


def _draw_result(
    painter: QPainter,
    panel: QRectF,
    result: protocol.PollResult,
    overlay: Overlay,
    look: Look,
    charts: ChartPainter,
    colours: ChartColours,
) -> None:
    """A result scene: what is asked where, the question, its chart, how many answered."""
    inner = panel.adjusted(56, 30, -56, -26)
    kicker = look.font()
    kicker.setBold(True)
    kicker.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 2)
    line = display_safe(overlay.kicker.upper(), keep_newlines=False)
    for size in range(32, 19, -2):  # a long workshop title: smaller, on one line
        kicker.setPixelSize(size)
        if QFontMetricsF(kicker).horizontalAdvance(line) <= inner.width():
            break
    painter.setFont(kicker)
    painter.setPen(QColor(colours.accent))
    write(
        painter,
        QRectF(inner.left(), inner.top(), inner.width(), 44),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        line,
    )
    question = display_safe(overlay.title, keep_newlines=False)
    box = QRectF(inner.left(), inner.top() + 50, inner.width(), 132)
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    size = 58
    title = look.font()
    title.setBold(True)
    while True:  # two lines in large type; a long question smaller, never cut off
        title.setPixelSize(size)
        needed = QFontMetricsF(title).boundingRect(box, flags, question)
        if size <= 28 or (needed.height() <= box.height() and needed.width() <= box.width()):
            break
        size -= 2
    painter.setFont(title)
    painter.setPen(QColor(colours.text))
    write(painter, box, flags, question)
    # the rule right under the question; the chart's place is the same in every scene
    rule_y = box.top() + min(needed.height(), box.height()) + 18
    painter.fillRect(QRectF(inner.left(), rule_y, 140, 6), QColor(colours.accent))
    footer = QRectF(inner.left(), inner.bottom() - 50, inner.width(), 50)
    chart_top = inner.top() + CHART_TOP
    chart = QRectF(inner.left(), chart_top, inner.width(), footer.top() - chart_top - 20)
    charts.draw(painter, chart, result, look.lang, colours)
    if suppressed(result):
        return  # the chart's message says how many answered
    note = look.font()
    note.setPixelSize(34)
    painter.setFont(note)
    if result.paper_n and result.kind in ("poll", "vote", "rating"):
        # the bars' paler ends are the paper tallies: said in a legend
        swatch = QRectF(footer.left(), footer.center().y() - 14, 56, 28)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(paper_tone(colours.bar, colours)))
        painter.drawRoundedRect(swatch, 14, 14)
        painter.setPen(QColor(colours.muted))
        write(
            painter,
            footer.adjusted(72, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            PAPER_PART(look.lang),
        )
    painter.setPen(QColor(colours.muted))
    write(
        painter,
        footer,
        int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        answered(result, look.lang),
    )
