"""A scene shown between the walls, drawn into an image of its panel's size, once.

A scene is the top 5, the quiz facts, the counters, or a question's results. It is
drawn from plain values (the board's scale, the colours, the language), never from
the window, so the wall can draw the next scene on a worker thread while its frames
go on: a chart takes longer than a frame to draw, a copy of it does not.

Its texts come from the event (a quiz question may be 500 characters, a Dutch
compound one long word): each is set as large as it fits its place on the panel,
smaller when it is long, and wrapped inside a word only when a word alone is wider
than its place. Nothing is cut off and nothing is drawn beyond the panel, the same
on every screen, as the board is laid out in logical units.
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
READABLE = 22  # logical px: the smallest type a scene's text gets while it fits
SMALLEST = 8  # only texts far beyond what the hub accepts get below READABLE
WRAP = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
WRAP_ANYWHERE = int(
    Qt.TextFlag.TextWrapAnywhere | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
)
WRAPPING = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)
FACT_FIGURE_W = 300  # a quiz fact's share right, large, left of its question
FIGURE_H = 180.0  # the share and the two lines under it


@dataclass(frozen=True)
class Fact:
    """One quiz question on the quiz-facts scene.

    Attributes:
        label: why it is shown ("most often right").
        share: its share of right answers, as shown ("90%").
        right: the word under the share ("right").
        answered: how many answered it ("40 answers").
        question: the question as asked.
        answer: its right answer, as a line ("Answer: ...").
    """

    label: str
    share: str
    right: str
    answered: str
    question: str
    answer: str


@dataclass
class Overlay:
    """A scene shown between the walls: a title and lines, quiz facts, or a question's results.

    Attributes:
        title: the scene's title (a result scene: the question).
        lines: the lines under it.
        result: a question's results, drawn as its chart under the title.
        kicker: a short line above a result scene's title: what kind of question, where.
        facts: quiz questions, each with its share of right answers, under the title.
    """

    title: str
    lines: list[str] = field(default_factory=list)
    result: protocol.PollResult | None = None
    kicker: str = ""
    facts: list[Fact] = field(default_factory=list)


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


PANEL_RADIUS = 24  # logical units: the panel's corners; inside them it is opaque


def panel_of(overlay: Overlay) -> QRectF:
    """Where a scene's panel lies on the board (logical units); results and facts get more room."""
    if overlay.result is not None or overlay.facts:
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
    painter.drawRoundedRect(panel, PANEL_RADIUS, PANEL_RADIUS)
    painter.end()
    return image


@dataclass(frozen=True)
class Fitted:
    """A text set to fit its box: the font, how it wraps, and the height it takes."""

    font: QFont
    flags: int
    height: float


def set_in(text: str, width: float, font: QFont) -> Fitted:
    """``text`` in ``font`` on lines of ``width`` (logical px): how it wraps and how tall it is.

    Between words; inside a word only where a word alone is wider than the line (a
    long Dutch compound), so nothing runs past the line's end.
    """
    metrics = QFontMetricsF(font)
    box = QRectF(0, 0, width, 100_000)
    needed = metrics.boundingRect(box, WRAP, text)
    if needed.width() <= width:
        return Fitted(font, WRAP, needed.height())
    return Fitted(font, WRAP_ANYWHERE, metrics.boundingRect(box, WRAP_ANYWHERE, text).height())


def sizes(largest: int, smallest: int = READABLE) -> list[int]:
    """The sizes a text is tried at, largest first.

    From ``largest`` down to ``smallest``, then on down to :data:`SMALLEST` for texts
    far beyond what the hub accepts: every character kept, smaller.
    """
    return [*range(largest, smallest - 1, -2), *range(smallest - 2, SMALLEST - 1, -2)]


def fit(text: str, box: QRectF, font: QFont, largest: int, smallest: int = READABLE) -> Fitted:
    """``text`` in ``font`` as large as it fits ``box`` (logical px), from ``largest`` down."""
    fitted = Fitted(font, WRAP, box.height())
    for size in sizes(largest, smallest):
        shown = QFont(font)
        shown.setPixelSize(size)
        fitted = set_in(text, box.width(), shown)
        if fitted.height <= box.height():
            return fitted
    return fitted


def one_line(text: str, width: float, font: QFont, largest: int, smallest: int) -> QFont:
    """``font`` as large as ``text`` fits on one line of ``width``, from ``largest`` down."""
    shown = QFont(font)
    for size in sizes(largest, smallest):
        shown.setPixelSize(size)
        if QFontMetricsF(shown).horizontalAdvance(text) <= width:
            break
    return shown


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
    title.setBold(True)
    heading = QRectF(panel.left() + 40, panel.top() + 24, panel.width() - 80, 84)
    shown = display_safe(overlay.title, keep_newlines=False)
    fitted = fit(shown, heading, title, 60, 28)
    painter.setFont(fitted.font)
    painter.setPen(QColor(meeting(look.roles.accent, (fill, AA_TEXT))))
    centred = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
    write(painter, heading, centred | (fitted.flags & WRAPPING), shown)
    if overlay.facts:
        _draw_facts(painter, panel, overlay.facts, look, colours)
        return
    box = panel.adjusted(60, 136, -60, -36)
    text = display_safe("\n".join(overlay.lines))
    body = fit(text, box, look.font(), 48)
    painter.setFont(body.font)
    painter.setPen(QColor(readable_on(fill)))
    write(painter, box, body.flags, text)


def _draw_facts(
    painter: QPainter, panel: QRectF, facts: list[Fact], look: Look, colours: ChartColours
) -> None:
    """Quiz facts, one block each: the share right large, beside it why, the question, its answer.

    The questions and answers share one size, the largest at which every block fits.
    """
    area = panel.adjusted(64, 140, -64, -40)
    gap = 36.0
    words = QRectF(area.left() + FACT_FIGURE_W, 0, area.width() - FACT_FIGURE_W, 0)
    label_font = look.font()
    label_font.setBold(True)
    label_font.setPixelSize(30)
    label_h = QFontMetricsF(label_font).height() + 10
    room = area.height() - gap * (len(facts) - 1)
    shown = [
        (display_safe(f.question, keep_newlines=False), display_safe(f.answer, keep_newlines=False))
        for f in facts
    ]
    question_font = look.font()
    question_font.setBold(True)
    answer_font = look.font()

    def blocks(size: int) -> list[tuple[Fitted, Fitted]] | None:
        """Each block's question and answer at ``size``, or None if they do not all fit."""
        question_font.setPixelSize(size)
        answer_font.setPixelSize(max(round(size * 0.8), SMALLEST))
        laid = [
            (
                set_in(q, words.width(), QFont(question_font)),
                set_in(a, words.width(), QFont(answer_font)),
            )
            for q, a in shown
        ]
        needed = sum(_block_height(label_h, q, a) for q, a in laid)
        return laid if needed <= room else None

    laid = None
    for size in sizes(46):
        laid = blocks(size)
        if laid is not None:
            break
    if laid is None:  # far beyond what the hub accepts: the smallest, kept inside the panel
        painter.setClipRect(panel)
        laid = [
            (
                set_in(q, words.width(), QFont(question_font)),
                set_in(a, words.width(), QFont(answer_font)),
            )
            for q, a in shown
        ]
    y = area.top()
    for fact, (question, answer), (q, a) in zip(facts, shown, laid, strict=True):
        figure = QRectF(area.left(), y, FACT_FIGURE_W - 40, FIGURE_H)
        bold = look.font()
        bold.setBold(True)
        painter.setFont(one_line(fact.share, figure.width(), bold, 104, 40))
        painter.setPen(QColor(colours.accent))
        top = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        write(painter, QRectF(figure.left(), y - 12, figure.width(), 124), top, fact.share)
        under = QRectF(figure.left(), y + 108, figure.width(), FIGURE_H - 108)
        lines = f"{fact.right}\n{fact.answered}"
        small = fit(lines, under, look.font(), 26, 14)
        painter.setFont(small.font)
        painter.setPen(QColor(colours.muted))
        write(painter, under, small.flags, lines)
        label = display_safe(fact.label, keep_newlines=False)
        painter.setFont(one_line(label, words.width(), label_font, 30, 18))
        painter.setPen(QColor(colours.accent))
        write(painter, QRectF(words.left(), y, words.width(), label_h), top, label)
        box = QRectF(words.left(), y + label_h, words.width(), q.height)
        painter.setFont(q.font)
        painter.setPen(QColor(colours.text))
        write(painter, box, q.flags, question)
        box = QRectF(words.left(), box.bottom() + 12, words.width(), a.height)
        painter.setFont(a.font)
        painter.setPen(QColor(colours.muted))
        write(painter, box, a.flags, answer)
        y += _block_height(label_h, q, a) + gap


def _block_height(label_h: float, question: Fitted, answer: Fitted) -> float:
    """How tall a quiz fact stands: its words, or its share and the lines under it."""
    return max(label_h + question.height + 12 + answer.height, FIGURE_H)


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
    charts.draw(painter, chart, result, look.lang, colours, look.family)
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
