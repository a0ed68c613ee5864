"""A question's results drawn as a chart for the wall: bars, stars, NPS, a podium, a cloud.

Drawn once per published result into the scene's image (the wall then only
copies it), in logical units of the 1920x1080 board, large enough to read across a
room. Too few answers, or results that wait for the question to close, show only
that, never a distribution. Every text is drawn as plain text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

from shared import protocol
from shared.i18n import Text
from shared.plaintext import display_safe
from shared.ui.colour import AA_LARGE, AA_TEXT, meeting, mix, readable_on
from shared.ui.theme import Roles
from wall import cloud
from wall.render import blank
from wall.results import suppressed

KINDS = {
    "rating": Text("Beoordeling", "Rating"),
    "recommend": Text("Aanbevelen", "Recommend"),
    "poll": Text("Peiling", "Poll"),
    "vote": Text("Stemming", "Vote"),
    "open": Text("Woordwolk", "Word cloud"),
}
RESULT = Text("Uitslag", "Result")
RATING_QUESTION = Text("Wat vond je van deze workshop?", "What did you think of this workshop?")
RECOMMEND_QUESTION = Text(
    "Hoe waarschijnlijk is het dat je {subject} aanbeveelt aan een collega?",
    "How likely is it that you would recommend {subject} to a colleague?",
)
THIS_EVENT = Text("deze dag", "this day")
ANSWERS = Text("{n} antwoorden", "{n} answers")
ONE_ANSWER = Text("1 antwoord", "1 answer")
VOTES = Text("{n} stemmen", "{n} votes")
ONE_VOTE = Text("1 stem", "1 vote")
ON_PAPER = Text("waarvan {n} op papier", "{n} of them on paper")
PAPER_PART = Text("op papier geteld", "counted on paper")
FEWER_THAN = Text("Minder dan {k} antwoorden", "Fewer than {k} answers")
FEWER_WHY = Text(
    "De uitslag verschijnt vanaf {k} antwoorden, zodat niemands antwoord te herleiden is.",
    "Results appear from {k} answers on, so no one's answer can be traced.",
)
AFTER_CLOSE = Text(
    "De uitslag volgt als de vraag sluit.", "Results follow when the question closes."
)
VOTE_AFTER_CLOSE = Text(
    "De winnaar wordt bekend als de stemming sluit.", "The winner is announced when voting closes."
)
PROPOSING = Text(
    "Stuur je voorstel in bij een zuil: daarna stemmen we.",
    "Send in your proposal at a pillar: then we vote.",
)
OUT_OF_5 = Text("gemiddeld, van de 5 sterren", "average, out of 5 stars")
NPS_RANGE = Text("NPS, van −100 tot +100", "NPS, from −100 to +100")
DETRACTORS = Text("Criticasters 0–6", "Detractors 0–6")
PASSIVES = Text("Passief 7–8", "Passives 7–8")
PROMOTERS = Text("Promotors 9–10", "Promoters 9–10")
OPTION = Text("Optie {n}", "Option {n}")
NO_WORDS = Text("Nog geen woorden.", "No words yet.")

GLYPH_CACHED = 64  # device px: larger type Qt draws as outlines each time
MAX_BARS = 8  # more rows would be too small to read across the room
STAR = "#F5B700"
GOOD, NEUTRAL, BAD = "#2ECC71", "#AAB7B8", "#FF6B5B"  # promoters, passives, detractors
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
WRAP_CENTRE = int(Qt.TextFlag.TextWordWrap) | CENTRE
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class ChartColours:
    """The colours a result scene is drawn in, from the event's roles, on the dark panel."""

    panel: str
    text: str
    muted: str
    accent: str
    bar: str
    track: str

    @classmethod
    def of(cls, roles: Roles) -> ChartColours:
        """The chart's colours for the event's house style."""
        panel = mix(roles.primary, "#000000", 0.6)
        text = readable_on(panel)
        return cls(
            panel=panel,
            text=text,
            muted=meeting(mix(text, panel, 0.3), (panel, AA_TEXT)),
            accent=meeting(roles.accent, (panel, AA_LARGE)),
            bar=meeting(mix(roles.primary, "#FFFFFF", 0.45), (panel, AA_LARGE)),
            track=mix(panel, "#FFFFFF", 0.08),
        )


def font(size: float, bold: bool = False, family: str | None = None) -> QFont:
    """The chart's font at ``size`` logical px: the event's ``family``, else the house sans.

    The family must be registered with Qt before a worker thread draws in it (the wall
    does so as the event's branding arrives, see :func:`shared.ui.qt.font_family_of`).
    """
    shown = QFont(family) if family else QFont()
    shown.setPixelSize(max(round(size), 1))
    shown.setBold(bold)
    return shown


@lru_cache(maxsize=4096)
def measure(word: str, size: float, family: str | None = None) -> tuple[float, float]:
    """A cloud word's width and height in the cloud's bold font (logical px)."""
    metrics = QFontMetricsF(font(size, bold=True, family=family))
    return metrics.horizontalAdvance(word), metrics.ascent() + metrics.descent() * 0.6


def write(painter: QPainter, box: QRectF, flags: int, line: str) -> None:
    """``line`` in ``box`` in the painter's font and pen, from a cache of drawn texts.

    Large type (above 64 device px: most of a scene at 4K) is not in Qt's glyph cache
    and is drawn as outlines each time, 10-40 ms a line; a live chart draws the same
    labels again and again, so each is drawn once and then copied.
    """
    device = painter.deviceTransform()
    scale = device.m11()
    if painter.font().pixelSize() * scale <= GLYPH_CACHED or device.m12() or device.m21():
        painter.drawText(box, flags, line)  # Qt's own glyph cache is quick enough
        return
    drawn = _drawn(
        line,
        painter.font().toString(),
        painter.pen().color().name(QColor.NameFormat.HexArgb),
        flags,
        round(box.width(), 2),
        round(box.height(), 2),
        round(scale, 4),
    )
    painter.drawImage(box.topLeft(), drawn)


@lru_cache(maxsize=64)
def _drawn(
    line: str, font_key: str, colour: str, flags: int, width: float, height: float, scale: float
) -> QImage:
    image = blank(math.ceil(width * scale), math.ceil(height * scale), scale)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    shown = QFont()
    shown.fromString(font_key)
    painter.setFont(shown)
    painter.setPen(QColor(colour))
    painter.drawText(QRectF(0, 0, width, height), flags, line)
    painter.end()
    return image


def decimal(value: float, lang: str) -> str:
    """One decimal, with a comma in Dutch."""
    shown = f"{value:.1f}"
    return shown.replace(".", ",") if lang == "nl" else shown


def signed(value: int) -> str:
    """A score with its sign: +32, 0, −12 (a true minus sign)."""
    return f"+{value}" if value > 0 else (f"−{-value}" if value < 0 else "0")


def answered(result: protocol.PollResult, lang: str) -> str:
    """'42 answers' (votes for a vote), and how many were on paper."""
    one, many = (ONE_VOTE, VOTES) if result.kind == "vote" else (ONE_ANSWER, ANSWERS)
    line = one(lang) if result.n == 1 else many(lang, n=result.n)
    if result.paper_n:
        line += " · " + ON_PAPER(lang, n=result.paper_n)
    return line


def question(result: protocol.PollResult, lang: str, subject: str = "") -> str:
    """The question as asked: its own text, else the standard wording of its kind."""
    if result.text:
        return result.text
    if result.kind == "rating":
        return RATING_QUESTION(lang)
    if result.kind == "recommend":
        return RECOMMEND_QUESTION(lang, subject=subject or THIS_EVENT(lang))
    return ""


def percentages(counts: list[int]) -> list[int]:
    """Whole percentages of the total that add up to 100 (largest remainders round up)."""
    total = sum(counts)
    if not total:
        return [0] * len(counts)
    exact = [100 * c / total for c in counts]
    shares = [math.floor(e) for e in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in by_remainder[: 100 - sum(shares)]:
        shares[i] += 1
    return shares


def paper_share(result: protocol.PollResult, index: int) -> float:
    """Which share of a bar's count came from paper tallies (0 when none did)."""
    counts, paper = result.distribution or [], result.paper or []
    if index >= len(counts) or index >= len(paper) or not counts[index]:
        return 0.0
    return min(paper[index] / counts[index], 1.0)


def paper_tone(colour: str, colours: ChartColours) -> str:
    """The paler tone of a bar's part that came from paper tallies."""
    return mix(colour, colours.panel, 0.5)


def star_path(centre: QPointF, outer: float) -> QPainterPath:
    """A five-pointed star standing on two points."""
    path = QPainterPath()
    inner = outer * 0.45
    for point in range(10):
        radius = outer if point % 2 == 0 else inner
        turn = math.radians(-90 + point * 36)
        corner = QPointF(centre.x() + radius * math.cos(turn), centre.y() + radius * math.sin(turn))
        if point == 0:
            path.moveTo(corner)
        else:
            path.lineTo(corner)
    path.closeSubpath()
    return path


class ChartPainter:
    """Draws results; remembers where each cloud's words were, so a cloud grows in place."""

    def __init__(self) -> None:
        self.clouds: dict[int, dict[str, tuple[float, float]]] = {}

    def draw(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None = None,
    ) -> None:
        """The chart of ``result`` in ``area`` (logical px): what the room may see of it.

        Its text is set in ``family``, the event's own font (None: the house font),
        registered with Qt beforehand: this runs on the wall's worker thread.
        """
        painter.save()
        if result.kind == "vote" and result.phase == "propose" and result.state != "closed":
            self._message(painter, area, PROPOSING(lang), "", colours, family, result.labels)
        elif result.n < result.min_answers:
            self._too_few(painter, area, result, lang, colours, family)
        elif suppressed(result):
            if result.kind == "vote":  # the proposals in the race, never who leads
                big, why = answered(result, lang), VOTE_AFTER_CLOSE(lang)
                self._message(painter, area, big, why, colours, family, result.labels)
            else:
                big, why = answered(result, lang), AFTER_CLOSE(lang)
                self._message(painter, area, big, why, colours, family)
        elif result.kind == "rating":
            self._rating(painter, area, result, lang, colours, family)
        elif result.kind == "recommend":
            self._recommend(painter, area, result, lang, colours, family)
        elif result.kind == "vote" and result.state == "closed":
            self._podium(painter, area, result, lang, colours, family)
        elif result.kind == "open":
            self._cloud(painter, area, result, lang, colours, family)
        else:
            self._bars(painter, area, result, lang, colours, family)
        painter.restore()

    # -- what may not be shown -----------------------------------------------------------

    def _message(
        self,
        painter: QPainter,
        area: QRectF,
        big: str,
        small: str,
        colours: ChartColours,
        family: str | None,
        names: list[str] | None = None,
    ) -> None:
        """A message in large type and a line under it; ``names`` as labels below them."""
        middle = area.center().y() - (90 if names else 0)
        painter.setFont(font(68, bold=True, family=family))
        painter.setPen(QColor(colours.text))
        write(
            painter,
            QRectF(area.left(), middle - 150, area.width(), 170),
            WRAP_CENTRE,
            display_safe(big),
        )
        painter.setFont(font(40, family=family))
        painter.setPen(QColor(colours.muted))
        write(
            painter,
            QRectF(area.left() + 80, middle + 30, area.width() - 160, 110),
            WRAP_CENTRE,
            display_safe(small),
        )
        if names:
            box = QRectF(area.left(), middle + 150, area.width(), 200)
            self._labels(painter, box, names, colours, family)

    @staticmethod
    def _labels(
        painter: QPainter,
        box: QRectF,
        names: list[str],
        colours: ChartColours,
        family: str | None,
    ) -> None:
        """Names as rounded labels in centred rows, as many as fit in ``box``."""
        shown = font(36, bold=True, family=family)
        metrics = QFontMetricsF(shown)
        pad, gap, height = 28.0, 18.0, 64.0
        rows: list[list[tuple[str, float]]] = [[]]
        used = 0.0
        for name in names:
            text = display_safe(name, keep_newlines=False)
            width = min(metrics.horizontalAdvance(text) + 2 * pad, box.width())
            if rows[-1] and used + gap + width > box.width():
                if (len(rows) + 1) * (height + gap) > box.height():
                    break
                rows.append([])
                used = 0.0
            used += (gap if rows[-1] else 0) + width
            rows[-1].append((text, width))
        painter.setFont(shown)
        for number, row in enumerate(rows):
            total = sum(w for _, w in row) + gap * (len(row) - 1)
            x = box.center().x() - total / 2
            y = box.top() + number * (height + gap)
            for text, width in row:
                label = QRectF(x, y, width, height)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(mix(colours.panel, "#FFFFFF", 0.16)))
                painter.drawRoundedRect(label, height / 2, height / 2)
                painter.setPen(QColor(colours.text))
                write(painter, label.adjusted(pad, 0, -pad, 0), CENTRE, text)
                x += width + gap

    def _too_few(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        k = result.min_answers
        middle = area.center().y()
        painter.setFont(font(76, bold=True, family=family))
        painter.setPen(QColor(colours.text))
        write(
            painter,
            QRectF(area.left(), middle - 190, area.width(), 110),
            CENTRE,
            FEWER_THAN(lang, k=k),
        )
        if k <= 12:  # one dot per answer still needed: the room sees it fill up
            radius, step = 22.0, 66.0
            left = area.center().x() - step * (k - 1) / 2
            for dot in range(k):
                centre = QPointF(left + dot * step, middle)
                if dot < result.n:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(QColor(colours.accent))
                else:  # still to come: an empty ring
                    painter.setPen(QPen(QColor(colours.muted), 4))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, radius - 2, radius - 2)
        painter.setFont(font(40, family=family))
        painter.setPen(QColor(colours.muted))
        write(
            painter,
            QRectF(area.left() + 80, middle + 60, area.width() - 160, 130),
            WRAP_CENTRE,
            FEWER_WHY(lang, k=k),
        )

    # -- bars: a poll, a vote while it runs ----------------------------------------------------

    def _bars(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        counts = result.distribution or []
        labels = [
            result.labels[i] if i < len(result.labels) else OPTION(lang, n=i + 1)
            for i in range(len(counts))
        ]
        if not counts:
            return
        by_votes = sorted(range(len(counts)), key=lambda i: (-counts[i], labels[i].casefold()))
        # a vote's proposals by votes; a poll keeps its options' order, and when it has
        # more than fit, the most chosen of them
        rows = by_votes[:MAX_BARS] if result.kind == "vote" else sorted(by_votes[:MAX_BARS])
        row_h = min(120.0, area.height() / len(rows))
        bar_h = row_h * 0.52
        label_w = area.width() * 0.36
        value_w = 190.0
        track_w = area.width() - label_w - value_w - 40
        most = max(counts) or 1
        total = max(result.n, 1)
        label_size = min(44.0, row_h * 0.38)
        # one choice each: whole shares that add up to 100; several: a share of everyone
        single = sum(counts) == result.n
        shares = percentages(counts) if single else [round(100 * c / total) for c in counts]
        top = area.top() + (area.height() - row_h * len(rows)) / 2
        for row, index in enumerate(rows):
            y = top + row * row_h
            label_box = QRectF(area.left(), y, label_w, row_h)
            painter.setFont(self._fitted(labels[index], label_box, label_size, 26, family=family))
            painter.setPen(QColor(colours.text))
            write(
                painter,
                label_box,
                int(Qt.TextFlag.TextWordWrap) | RIGHT,
                display_safe(labels[index], keep_newlines=False),
            )
            track = QRectF(area.left() + label_w + 30, y + (row_h - bar_h) / 2, track_w, bar_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colours.track))
            painter.drawRoundedRect(track, bar_h / 2, bar_h / 2)
            width = track_w * counts[index] / most
            if counts[index]:
                fill = colours.accent if counts[index] == most else colours.bar
                bar = QRectF(track.left(), track.top(), max(width, bar_h), bar_h)
                self._bar(painter, bar, fill, paper_share(result, index), colours)
            share = shares[index]
            painter.setFont(font(min(46.0, row_h * 0.42), bold=True, family=family))
            painter.setPen(QColor(colours.text))
            value_box = QRectF(track.right() + 10, y, value_w, row_h)
            write(painter, value_box, RIGHT, f"{share}%")

    @staticmethod
    def _bar(
        painter: QPainter,
        rect: QRectF,
        colour: str,
        paper: float = 0.0,
        colours: ChartColours | None = None,
    ) -> None:
        """A rounded bar; its last ``paper`` share (tallies typed in) in a paler tone."""
        shade = QLinearGradient(rect.topLeft(), rect.bottomLeft())
        shade.setColorAt(0.0, QColor(colour).lighter(112))
        shade.setColorAt(1.0, QColor(colour))
        painter.setBrush(shade)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        if paper > 0 and colours is not None:
            painter.save()
            outline = QPainterPath()
            outline.addRoundedRect(rect, rect.height() / 2, rect.height() / 2)
            painter.setClipPath(outline)
            cut = rect.right() - rect.width() * paper
            painter.fillRect(
                QRectF(cut, rect.top(), rect.right() - cut, rect.height()),
                QColor(paper_tone(colour, colours)),
            )
            painter.restore()

    @staticmethod
    def _fitted(
        text: str,
        box: QRectF,
        size: float,
        smallest: float,
        bold: bool = False,
        family: str | None = None,
    ) -> QFont:
        """The largest size from ``size`` down to ``smallest`` at which ``text`` fits ``box``."""
        flags = int(Qt.TextFlag.TextWordWrap) | RIGHT
        while size > smallest:
            needed = QFontMetricsF(font(size, bold, family=family)).boundingRect(box, flags, text)
            if needed.height() <= box.height() and needed.width() <= box.width():
                break
            size -= 2
        return font(size, bold, family=family)

    # -- stars ---------------------------------------------------------------------------

    def _rating(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        counts = (result.distribution or [0] * 5)[:5]
        mean = result.mean if result.mean is not None else 0.0
        left = QRectF(area.left(), area.top(), area.width() * 0.42, area.height())
        painter.setFont(font(220, bold=True, family=family))
        painter.setPen(QColor(colours.text))
        write(
            painter,
            QRectF(left.left(), left.top() + 10, left.width(), 260),
            CENTRE,
            decimal(mean, lang),
        )
        # five stars, the last ones filled as far as the mean reaches
        outer, step = 40.0, 96.0
        first = left.center().x() - step * 2
        row_y = left.top() + 330
        painter.setPen(Qt.PenStyle.NoPen)
        for star in range(5):
            path = star_path(QPointF(first + star * step, row_y), outer)
            painter.setBrush(QColor(colours.track))
            painter.drawPath(path)
            filled = min(max(mean - star, 0.0), 1.0)
            if filled > 0:
                painter.save()
                painter.setClipRect(
                    QRectF(
                        first + star * step - outer, row_y - outer, 2 * outer * filled, 2 * outer
                    )
                )
                painter.setBrush(QColor(STAR))
                painter.drawPath(path)
                painter.restore()
        painter.setFont(font(36, family=family))
        painter.setPen(QColor(colours.muted))
        write(painter, QRectF(left.left(), row_y + 60, left.width(), 60), CENTRE, OUT_OF_5(lang))
        # the distribution: five rows, five stars on top
        right = QRectF(
            left.right() + 40, area.top(), area.right() - left.right() - 40, area.height()
        )
        row_h = min(100.0, right.height() / 5)
        top = right.top() + (right.height() - row_h * 5) / 2
        most = max(counts) or 1
        shares = percentages(counts)
        for row in range(5):
            stars = 5 - row
            count = counts[stars - 1] if stars - 1 < len(counts) else 0
            y = top + row * row_h
            painter.setFont(font(42, bold=True, family=family))
            painter.setPen(QColor(colours.text))
            write(painter, QRectF(right.left(), y, 44, row_h), RIGHT, str(stars))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(STAR))
            painter.drawPath(star_path(QPointF(right.left() + 78, y + row_h / 2), 22))
            bar_h = row_h * 0.5
            track = QRectF(right.left() + 120, y + (row_h - bar_h) / 2, right.width() - 260, bar_h)
            painter.setBrush(QColor(colours.track))
            painter.drawRoundedRect(track, bar_h / 2, bar_h / 2)
            if count:
                width = max(track.width() * count / most, bar_h)
                bar = QRectF(track.left(), track.top(), width, bar_h)
                self._bar(painter, bar, STAR, paper_share(result, stars - 1), colours)
            painter.setFont(font(40, bold=True, family=family))
            painter.setPen(QColor(colours.text))
            write(
                painter, QRectF(track.right() + 10, y, 130, row_h), RIGHT, f"{shares[stars - 1]}%"
            )

    # -- the recommend score ----------------------------------------------------------------

    def _recommend(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        counts = (result.distribution or [0] * 11)[:11]
        counts += [0] * (11 - len(counts))
        total = sum(counts)
        groups = (sum(counts[0:7]), sum(counts[7:9]), sum(counts[9:11]))
        nps = result.nps if result.nps is not None else 0
        left = QRectF(area.left(), area.top(), area.width() * 0.34, area.height())
        painter.setFont(font(200, bold=True, family=family))
        painter.setPen(QColor(GOOD if nps > 0 else (BAD if nps < 0 else colours.text)))
        write(painter, QRectF(left.left(), left.top() + 60, left.width(), 260), CENTRE, signed(nps))
        painter.setFont(font(36, family=family))
        painter.setPen(QColor(colours.muted))
        write(
            painter,
            QRectF(left.left(), left.top() + 320, left.width(), 60),
            CENTRE,
            NPS_RANGE(lang),
        )
        right = QRectF(
            left.right() + 40, area.top(), area.right() - left.right() - 40, area.height()
        )
        # the split: detractors, passives, promoters side by side, as shares of everyone
        split = QRectF(right.left(), right.top() + 70, right.width(), 90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.save()
        rounded = QPainterPath()
        rounded.addRoundedRect(split, 18, 18)
        painter.setClipPath(rounded)
        painter.setBrush(QColor(colours.track))
        painter.drawRect(split)
        x = split.left()
        names = (DETRACTORS, PASSIVES, PROMOTERS)
        shades = (BAD, NEUTRAL, GOOD)
        for group, colour in zip(groups, shades, strict=True):
            width = split.width() * group / total if total else 0
            if width:
                painter.setBrush(QColor(colour))
                painter.drawRect(QRectF(x, split.top(), width, split.height()))
            x += width
        painter.restore()
        for share, name, colour, align, column in zip(
            percentages(list(groups)),
            names,
            shades,
            (LEFT, CENTRE, RIGHT),
            range(3),
            strict=True,
        ):
            box = QRectF(
                split.left() + column * split.width() / 3,
                split.bottom() + 14,
                split.width() / 3,
                56,
            )
            painter.setFont(font(46, bold=True, family=family))
            painter.setPen(QColor(colour))
            write(painter, box, align, f"{share}%")
            painter.setFont(font(30, family=family))
            painter.setPen(QColor(colours.muted))
            write(painter, box.translated(0, 52), align, name(lang))
        # every score 0-10 as a column, coloured by its group: the scale kept whole
        chart = QRectF(
            right.left(), split.bottom() + 150, right.width(), right.bottom() - split.bottom() - 150
        )
        step = chart.width() / 11
        most = max(counts) or 1
        base = chart.bottom() - 50
        high = base - chart.top()
        for score, count in enumerate(counts):
            colour = BAD if score <= 6 else (NEUTRAL if score <= 8 else GOOD)
            height = high * count / most
            bar = QRectF(
                chart.left() + score * step + step * 0.14, base - height, step * 0.72, height
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            if count:
                painter.drawRoundedRect(bar, 6, 6)
            painter.setBrush(QColor(colours.track))
            painter.drawRect(
                QRectF(chart.left() + score * step + step * 0.14, base, step * 0.72, 4)
            )
            painter.setFont(font(34, bold=True, family=family))
            painter.setPen(QColor(colours.text))
            write(
                painter, QRectF(chart.left() + score * step, base + 6, step, 44), CENTRE, str(score)
            )

    # -- the naming vote's podium -------------------------------------------------------------

    def _podium(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        counts = result.distribution or []
        labels = [result.labels[i] if i < len(result.labels) else "?" for i in range(len(counts))]
        ordered = sorted(range(len(counts)), key=lambda i: (-counts[i], labels[i].casefold()))[:3]
        # equal votes, equal place
        ranks = [1 + sum(1 for c in counts if c > counts[i]) for i in ordered]
        spots = (1, 0, 2)  # second on the left, first in the middle, third on the right
        width = area.width() / 3
        heights = {1: 0.6, 2: 0.44, 3: 0.32}
        for place, index in enumerate(ordered):
            column = spots[place] if len(ordered) > 1 else 1
            rank = ranks[place]
            block_h = area.height() * heights.get(rank, 0.32)
            block = QRectF(
                area.left() + column * width + 18, area.bottom() - block_h, width - 36, block_h
            )
            fill = QColor(colours.accent if rank == 1 else colours.bar)
            shade = QLinearGradient(block.topLeft(), block.bottomLeft())
            shade.setColorAt(0.0, fill.lighter(115))
            shade.setColorAt(1.0, fill.darker(115))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(shade)
            path = QPainterPath()
            path.addRoundedRect(block.adjusted(0, 0, 0, 20), 16, 16)
            painter.save()
            painter.setClipRect(block)
            painter.drawPath(path)
            painter.restore()
            painter.setFont(font(min(120.0, block_h * 0.7), bold=True, family=family))
            painter.setPen(QColor(readable_on(fill.name())))
            write(painter, block, CENTRE, str(rank))
            name_box = QRectF(block.left() - 10, block.top() - 210, block.width() + 20, 150)
            text = display_safe(labels[index], keep_newlines=False)
            winner = rank == 1
            painter.setFont(self._fitted(text, name_box, 64 if winner else 48, 28, winner, family))
            painter.setPen(QColor(colours.accent if winner else colours.text))
            write(
                painter,
                name_box,
                int(Qt.TextFlag.TextWordWrap)
                | int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                text,
            )
            painter.setFont(font(36, family=family))
            painter.setPen(QColor(colours.muted))
            votes = ONE_VOTE(lang) if counts[index] == 1 else VOTES(lang, n=counts[index])
            write(painter, QRectF(block.left(), block.top() - 60, block.width(), 50), CENTRE, votes)

    # -- the word cloud ------------------------------------------------------------------------

    def _cloud(
        self,
        painter: QPainter,
        area: QRectF,
        result: protocol.PollResult,
        lang: str,
        colours: ChartColours,
        family: str | None,
    ) -> None:
        words = [(w.word, w.count) for w in result.words or [] if w.count > 0]
        if not words:
            self._message(painter, area, NO_WORDS(lang), "", colours, family)
            return
        placed = cloud.layout(
            words,
            area.width(),
            area.height(),
            lambda word, size: measure(word, size, family),
            self.clouds.get(result.id),
        )
        self.clouds[result.id] = {p.word: (p.cx, p.cy) for p in placed}
        tones = (colours.accent, colours.text, STAR, colours.bar)
        centre = area.center()
        for rank, word in enumerate(placed):
            painter.setFont(font(word.size, bold=True, family=family))
            painter.setPen(QColor(tones[0] if rank == 0 else tones[rank % len(tones)]))
            box = QRectF(
                centre.x() + word.cx - word.w / 2 - 4,
                centre.y() + word.cy - word.h / 2,
                word.w + 8,
                word.h,
            )
            write(painter, box, CENTRE, display_safe(word.word, keep_newlines=False))
