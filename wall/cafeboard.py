"""The wall in a work session: a column per question, its ideas as post-its that move.

Drawn the way the tip and top board is (see :mod:`wall.canvas`): what stands
still lives in a cached layer, each post-it is drawn once into its own image,
and a frame copies the layer where something moved and draws the few post-its
on their way. The board's static parts (header, question cards, cluster labels,
the counts while private) are kept per region, so a new count redraws one
column's part, not the whole screen; the round's timer is a small image of its
own, redrawn once a second. Before the first round the board is the session's
opening: its questions, the tables that start at each, and that the first round
starts soon.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPaintEvent,
    QRegion,
)
from PySide6.QtWidgets import QWidget

from shared import protocol
from shared.i18n import Text
from shared.plaintext import display_safe
from shared.ui.colour import readable_on
from shared.ui.theme import house_style, roles
from wall.cafelayout import HEADER_H, CafeState, Column, Spot, banner, layout
from wall.caferender import draw_stack, render_idea, table_paper
from wall.layout import LOGICAL_H, LOGICAL_W, Rect
from wall.render import BoardLook, blank, tilted

MOVE_S = 0.7  # a post-it on its way to its new place (a cluster, a new layout)
ENTER_S = 0.5
LEAVE_S = 0.4
ENTER_GROW = 1.2
CASCADE_S = 0.06  # between post-its that arrive together
MAX_CASCADE = 40
MAX_MOVING = 10  # post-its pushed along at once (those touched and arriving always move)
CLOCK_EVERY_MS = 250
MAX_PARTS = 12  # a repaint's rectangles copied one by one up to this many
IMAGES_KEPT = 800  # post-its' images kept for their return (a few MB at 4K)

PHASES = {
    "ready": Text("Zo meteen", "About to start"),
    "gather": Text("Ideeën verzamelen", "Gathering ideas"),
    "sort": Text("Ordenen", "Sorting"),
    "vote": Text("Stemmen: {dots} stippen per persoon", "Voting: {dots} dots each"),
    "harvest": Text("Oogst", "Harvest"),
}
QUESTION = Text("Vraag {number}", "Question {number}")
PRIVATE = Text("{count} ideeën · nog niet zichtbaar", "{count} ideas · not shown yet")
PRIVATE_ONE = Text("1 idee · nog niet zichtbaar", "1 idea · not shown yet")
IDEAS = Text("{count} ideeën", "{count} ideas")
IDEAS_ONE = Text("1 idee", "1 idea")
HARVEST = Text(
    "{count} ideeën · {dots} stippen · de top {top}", "{count} ideas · {dots} dots · top {top}"
)
NOT_SORTED = Text("Nog niet geordend", "Not sorted yet")
MORE = Text("+{count} meer", "+{count} more")
ROUND = Text("Ronde {number} van {rounds}", "Round {number} of {rounds}")
PAUSED = Text("gepauzeerd", "paused")
TIME_UP = Text("tijd is om", "time is up")
NO_ROUND = Text("nog geen ronde", "no round yet")
ROUNDS_DONE = Text("alle rondes klaar", "all rounds done")
ROUND_DONE = Text("klaar", "done")
HERE = Text("nu aan deze vraag", "at this question now")
MINUTES = Text("{minutes} min", "{minutes} min")
SOON = Text("De eerste ronde begint zo", "The first round starts soon")
TAKE_A_SEAT = Text(
    "Schuif aan bij een tafel en scan je ticket bij de zuil van die tafel: dan tel je mee.",
    "Take a seat at a table and scan your ticket at its pillar to be counted.",
)
EVERY_TABLE = Text(
    "Elke tafel werkt aan elke vraag: {tables}", "Every table works on every question: {tables}"
)
STARTS_HERE = Text("Begint hier", "Starts here")
LATER = Text("In een latere ronde", "In a later round")
HOST = Text("tafelhost {host}", "table host {host}")


WRAP_LEFT = int(
    Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
)


def bold_fitting(
    text: str, box: QRectF, largest: int, smallest: int, family: str | None = None
) -> QFont:
    """The largest bold font from ``largest`` down to ``smallest`` in which ``text`` fits.

    ``family`` is the event's own font (None: the house font).
    """
    font = QFont(family) if family else QFont()
    font.setBold(True)
    for size in range(largest, smallest - 1, -2):
        font.setPixelSize(size)
        needed = QFontMetricsF(font).boundingRect(box, WRAP_LEFT, text)
        if needed.height() <= box.height() and needed.width() <= box.width() + 0.5:
            break
    return font


def raised(
    painter: QPainter, box: QRectF, radius: float, fill: str, shadow: tuple[int, float]
) -> None:
    """A rounded card in ``fill`` over its shadow (its opacity, how far down it falls)."""
    opacity, drop = shadow
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, opacity))
    painter.drawRoundedRect(box.translated(3, drop), radius, radius)
    painter.setBrush(QColor(fill))
    painter.drawRoundedRect(box, radius, radius)


def card_text(column: Column) -> QRectF:
    """Where a question's text stands on its card (logical units)."""
    card = column.card
    return QRectF(card.x + 26, card.y + 44, card.w - 44, card.h - 90)


def _ideas_text(count: int, lang: str, private: bool) -> str:
    if private:
        return PRIVATE_ONE(lang) if count == 1 else PRIVATE(lang, count=count)
    return IDEAS_ONE(lang) if count == 1 else IDEAS(lang, count=count)


def clock(seconds: int) -> str:
    """``mm:ss`` (or ``h:mm:ss`` from an hour)."""
    minutes, secs = divmod(max(seconds, 0), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def round_line(state: CafeState, lang: str, now: datetime) -> tuple[str, str]:
    """The round as the header says it: which one, and its time left (or why none runs)."""
    rounds = len(state.session.rounds)
    first = state.first_round()
    if first is not None and state.opening():  # what is coming: the first round, its length
        return ROUND(lang, number=1, rounds=rounds), MINUTES(lang, minutes=first.minutes)
    current = state.round_now()
    if current is None:
        return (NO_ROUND(lang), "") if rounds else ("", "")
    number, r = current
    where = ROUND(lang, number=number, rounds=rounds)
    if r.state == "running" and r.ends_at is not None:
        left = math.ceil((r.ends_at - now).total_seconds())
        return where, clock(left) if left > 0 else TIME_UP(lang)
    if r.state == "paused":
        return where, f"{clock(r.left_s or 0)} · {PAUSED(lang)}"
    return ("", ROUNDS_DONE(lang)) if number == rounds else (where, ROUND_DONE(lang))


@dataclass
class IdeaView:
    """A post-it as the board shows it."""

    idea_id: int
    spot: Spot  # where it goes (logical units)
    image: QImage
    key: tuple[object, ...]  # what its image shows: drawn again only when this changes
    start: tuple[float, float] | None  # where its move began; None: it arrives
    since: float
    moving: bool = True
    leaving: bool = False
    drawn: QRectF = field(default_factory=QRectF)  # where it was painted last (widget)


class CafeBoard(QWidget):
    """The work session's wall, scaled from the fixed logical layout.

    Signals:
        laid_out(): the layout followed a change of the session (counts, ideas, phase).
        settled(): every post-it rests in its place; nothing moves.
    """

    laid_out = Signal()
    settled = Signal()

    def __init__(self, lang: str = "nl") -> None:
        super().__init__()
        self.lang = lang
        self.roles = roles()
        self.background = QColor("#E9E4D8")
        self.board_look = BoardLook(self.background.name())
        self.state: CafeState | None = None
        self.columns: list[Column] = []
        self.views: dict[int, IdeaView] = {}
        self._base: QImage | None = None  # everything that stands still but the post-its
        self._layer: QImage | None = None  # the base with the post-its at rest
        self._signatures: dict[str, object] = {}
        self._transform: tuple[tuple[int, int], float, QPointF] = ((-1, -1), 1.0, QPointF())
        # each post-it's image by what it shows: a post-it that comes back is not drawn again
        self._images: OrderedDict[tuple[object, ...], QImage] = OrderedDict()
        self._card_size = 34
        self._card_texts: tuple[str, ...] = ()
        self._seen: dict[int, protocol.IdeaInfo] = {}  # the ideas as last laid out
        self.family: str | None = None  # the event's own font for the board's text
        self._small_bold = QFont()
        self._small_bold.setPixelSize(20)
        self._small_bold.setBold(True)
        self._timer_text: tuple[str, str] = ("", "")
        self._timer_image: QImage | None = None
        self.last_update = QRegion()  # what the last frame of a move repainted
        self.last_change = QRegion()  # what the last change of the session repainted
        self._tick = QTimer(self)
        self._tick.setInterval(16)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self._on_pending_timeout)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_EVERY_MS)
        self._clock.timeout.connect(self._on_clock_timeout)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # -- what it shows ----------------------------------------------------------------------

    @property
    def moving(self) -> bool:
        """Whether any post-it is on its way."""
        return any(v.moving for v in self.views.values())

    def set_view(self, view: protocol.CafeView) -> None:
        """The whole session as the hub has it now (at start, after a reveal or a vote)."""
        first = self.state is None or self.state.session.id != view.status.session.id
        self.state = CafeState(view)
        if first:
            self._forget()
        self._relayout(animate=not first)
        self._clock.start()

    def apply_status(self, status: protocol.CafeStatus) -> None:
        """A CAFE event: the phase, a round, its timer, a reveal or the counts changed."""
        if self.state is None or self.state.session.id != status.session.id:
            return
        self.state.apply_status(status)
        self._later()

    def apply_idea(self, idea: protocol.IdeaInfo) -> None:
        """An IDEA event: a revealed idea came, or was edited, clustered, merged or hidden."""
        if self.state is None:
            return
        self.state.apply_idea(idea)
        self._later()

    def _later(self) -> None:
        """Lay out once the events that came together are in (a reveal brings dozens)."""
        if not self._pending.isActive():
            self._pending.start(0)

    def flush(self) -> None:
        """Lay out now what changed, rather than when the event loop next turns."""
        if self._pending.isActive():
            self._pending.stop()
            self._relayout()

    def knows_cluster(self, cluster_id: int | None) -> bool:
        """Whether the board has the cluster's label (else the view is fetched again)."""
        return cluster_id in (None, 0) or (
            self.state is not None and cluster_id in self.state.clusters
        )

    def set_branding(self, event: protocol.EventInfo, family: str | None = None) -> None:
        """The event's colours, and its own font (None: the house font; post-its keep theirs)."""
        self.family = family
        self._small_bold = self.ui_font()
        self._small_bold.setPixelSize(20)
        self._small_bold.setBold(True)
        self.roles = roles(house_style(event))
        self.background = QColor(self.roles.surface).darker(106)
        # the event's surface, never its own image: labels and counts stand on this board
        self.board_look = BoardLook(self.background.name(), event.board)
        self._forget()
        self._relayout(animate=False)
        self.update()

    def ui_font(self) -> QFont:
        """The font of the board's own text: the event's, or the house font."""
        return QFont(self.family) if self.family else QFont()

    def set_lang(self, lang: str) -> None:
        """Switch the board's language (the post-its' small print too)."""
        self.lang = lang
        self._forget()
        self._relayout(animate=False)

    def _forget(self) -> None:
        """Everything is drawn again: size, colours or language changed."""
        self._base = self._layer = self._timer_image = None
        self._signatures.clear()
        self._images.clear()
        for view in self.views.values():
            view.key = ()

    # -- geometry ---------------------------------------------------------------------------

    def transform(self) -> tuple[float, QPointF]:
        """The scale from logical units to this widget, and the letterbox offset."""
        size = (self.width(), self.height())
        if self._transform[0] != size:
            scale = min(size[0] / LOGICAL_W, size[1] / LOGICAL_H)
            offset = QPointF((size[0] - LOGICAL_W * scale) / 2, (size[1] - LOGICAL_H * scale) / 2)
            self._transform = (size, scale, offset)
        return self._transform[1], self._transform[2]

    def to_widget(self, rect: Rect) -> QRectF:
        """A logical rectangle on this widget."""
        scale, offset = self.transform()
        return QRectF(
            offset.x() + rect.x * scale, offset.y() + rect.y * scale, rect.w * scale, rect.h * scale
        )

    def timer_rect(self) -> QRectF:
        """Where the round and its time left stand, in the header's right part."""
        return self.to_widget(Rect(LOGICAL_W - 560, 0, 540, HEADER_H))

    def _place(self, view: IdeaView, now: float) -> tuple[QPointF, float, float]:
        """Where a post-it is drawn now (its centre on the widget), its size and opacity."""
        scale, offset = self.transform()
        target = QPointF(offset.x() + view.spot.cx * scale, offset.y() + view.spot.cy * scale)
        if not view.moving:
            return target, 1.0, 1.0
        if view.leaving:
            gone = min((now - view.since) / LEAVE_S, 1.0)
            return target, 1.0, 1.0 - gone
        if view.start is None:
            t = max(min((now - view.since) / ENTER_S, 1.0), 0.0)
            grow = ENTER_GROW - (ENTER_GROW - 1) * (1 - (1 - t) ** 3)
            return target, grow, min(t * 2, 1.0)
        t = min((now - view.since) / MOVE_S, 1.0)
        ease = t * t * (3 - 2 * t)
        x0, y0 = view.start
        start = QPointF(offset.x() + x0 * scale, offset.y() + y0 * scale)
        return start + (target - start) * ease, 1.0, 1.0

    def _image_rect(self, view: IdeaView, centre: QPointF, grow: float) -> QRectF:
        ratio = view.image.devicePixelRatio()
        width, height = view.image.width() / ratio * grow, view.image.height() / ratio * grow
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height).adjusted(
            -2, -2, 2, 2
        )

    # -- layout and its changes ---------------------------------------------------------------

    def _relayout(self, animate: bool = True) -> None:
        self._pending.stop()
        if self.state is None:
            return
        now = time.monotonic()
        self.columns = layout(self.state)
        # the questions in one size: the largest at which the longest fits its card
        texts = tuple(c.question.text for c in self.columns)
        if texts != self._card_texts:
            self._card_texts = texts
            self._card_size = min(
                (
                    bold_fitting(
                        display_safe(c.question.text), card_text(c), 34, 14, self.family
                    ).pixelSize()
                    for c in self.columns
                ),
                default=34,
            )
        entering = 0
        moves: list[tuple[IdeaView, Spot, QImage, Any, bool]] = []
        dirty = self._static_changes()
        scale, _ = self.transform()
        ratio = scale * self.devicePixelRatioF()
        targets: dict[int, tuple[Spot, Column]] = {
            idea_id: (spot, column)
            for column in self.columns
            for idea_id, spot in column.spots.items()
        }
        tables = {t.id: t for t in self.state.session.tables}
        repairs: list[QRectF] = []
        for idea_id, (spot, column) in targets.items():
            idea = self.state.ideas[idea_id]
            table = tables.get(idea.table_id)
            key = (
                idea.text,
                table.name if table else "",
                spot.w,
                spot.h,
                spot.angle,
                idea.dots if column.mode == "harvest" else None,
                spot.rank,
                column.merged.get(idea_id, 0),
                self.lang,
                ratio,
            )
            view = self.views.get(idea_id)
            if view is not None and not view.leaving and view.spot == spot and view.key == key:
                continue
            image = view.image if view is not None and view.key == key else self._image(key)
            if image is None:
                image = self._draw(idea, table, spot, column, ratio)
                self._images[key] = image
                if len(self._images) > IMAGES_KEPT:
                    self._images.popitem(last=False)
            if view is None or view.leaving or not animate:
                if view is not None:
                    repairs.append(view.drawn)
                # many at once (a reveal) land one after another, a few at a time
                since = now + min(entering, MAX_CASCADE) * CASCADE_S if animate else now - ENTER_S
                entering += 1
                self.views[idea_id] = IdeaView(idea_id, spot, image, key, None, since)
                if not animate:
                    self.views[idea_id].moving = False
                continue
            moves.append((view, spot, image, key, self._seen.get(idea_id) != idea))
        # what the facilitator touched moves first; the neighbours it pushes along move
        # too while few do, else they take their new places at once (a frame's budget)
        moves.sort(key=lambda m: not m[4])
        moved = {id(m[0]) for m in moves}
        room = MAX_MOVING - sum(
            1
            for v in self.views.values()
            if v.moving and v.start is not None and id(v) not in moved
        )
        for n, (view, spot, image, key, touched) in enumerate(moves):
            centre, _, _ = self._place(view, now)
            repairs.append(view.drawn if view.moving else self._image_rect(view, centre, 1.0))
            logical = (
                (centre.x() - self.transform()[1].x()) / scale,
                (centre.y() - self.transform()[1].y()) / scale,
            )
            view.start, view.spot, view.image, view.key = logical, spot, image, key
            view.since, view.moving = now, touched or n < room
            if not view.moving:
                view.drawn = self._image_rect(view, self._place(view, now)[0], 1.0)
                repairs.append(view.drawn)
        self._seen = dict(self.state.ideas)
        for idea_id, view in list(self.views.items()):
            if idea_id not in targets and not view.leaving:
                if animate:
                    view.leaving, view.moving, view.since = True, True, now
                else:
                    del self.views[idea_id]
                repairs.append(
                    view.drawn
                    if view.drawn.isValid()
                    else self._image_rect(view, self._place(view, now)[0], 1.0)
                )
        self._on_clock_timeout()
        self._tick.start()  # the tick repaints what moves
        if self._layer is None:
            self.update()
        else:
            self._repair(dirty + repairs)
            changed = QRegion()
            for rect in dirty + repairs:
                if rect.isValid():
                    changed += rect.toAlignedRect()
            self.last_change = changed
            if not changed.isEmpty():
                self.update(changed)  # only what changed, not the whole screen
        self.laid_out.emit()

    def _image(self, key: tuple[object, ...]) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def _draw(
        self,
        idea: protocol.IdeaInfo,
        table: protocol.CafeTableInfo | None,
        spot: Spot,
        column: Column,
        ratio: float,
    ) -> QImage:
        flat = render_idea(
            idea.text,
            table.name if table else "",
            table_paper(self._table_order().get(idea.table_id, 0)),
            spot.w,
            spot.h,
            ratio,
            lang=self.lang,
            merged=column.merged.get(idea.id, 0),
            dots=(idea.dots or 0) if column.mode == "harvest" else None,
            rank=spot.rank,
        )
        return tilted(flat, spot.angle, self.devicePixelRatioF())

    def _table_order(self) -> dict[int, int]:
        """Each table's place in the session's order: its post-its' colour."""
        assert self.state is not None
        tables = sorted(self.state.session.tables, key=lambda t: (t.position, t.id))
        return {t.id: n for n, t in enumerate(tables)}

    def _regions(self) -> dict[str, tuple[Rect, object]]:
        """The board's static parts, each with what it shows (redrawn when that changes)."""
        assert self.state is not None
        session = self.state.session
        header = (session.title, session.phase, session.dots, self.lang)
        regions: dict[str, tuple[Rect, object]] = {
            "header": (Rect(0, 0, LOGICAL_W, HEADER_H), header)
        }
        if self.state.opening():
            regions["opening"] = (banner(), (self._every_table(), self.lang))
        for column in self.columns:
            signature = (
                column.question.text,
                column.mode,
                column.total,
                column.dots,
                column.more,
                column.starting,
                # a label's count changes on a move or merge that leaves the places alone
                [(h.label, h.rect, h.ideas) for h in column.headings],
                [(c.name, c.ideas, c.rect, c.here) for c in column.counts],
                self._card_size,
                self.lang,
            )
            band = Rect(column.rect.x - 10, HEADER_H, column.rect.w + 20, LOGICAL_H - HEADER_H)
            regions[f"q{column.question.id}"] = (band, signature)
        return regions

    def _static_changes(self) -> list[QRectF]:
        regions = self._regions()
        dirty = [
            self.to_widget(rect)
            for key, (rect, signature) in regions.items()
            if self._signatures.get(key) != signature
        ]
        gone = set(self._signatures) - set(regions)
        if gone:  # a question left: the whole board
            dirty.append(QRectF(self.rect()))
        self._signatures = {key: signature for key, (_, signature) in regions.items()}
        if dirty and self._base is not None:
            painter = QPainter(self._base)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            for rect in dirty:
                painter.save()
                painter.setClipRect(rect)
                self._draw_static(painter)
                painter.restore()
            painter.end()
        return dirty

    def _repair(self, rects: list[QRectF]) -> None:
        """The layer again where something changed: the base, then the post-its at rest there."""
        assert self._layer is not None
        assert self._base is not None
        painter = QPainter(self._layer)
        ratio = self._layer.devicePixelRatio()
        now = time.monotonic()
        resting = []
        for view in self.views.values():
            if not view.moving:
                centre, _, _ = self._place(view, now)
                resting.append((view, centre, self._image_rect(view, centre, 1.0)))
        for rect in rects:
            if not rect.isValid():
                continue
            painter.save()
            painter.setClipRect(rect)
            source = QRectF(
                rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio
            )
            painter.drawImage(rect, self._base, source)
            for view, centre, box in resting:
                if box.intersects(rect):
                    self._copy(painter, view.image, centre, 1.0, 1.0)
            painter.restore()
        painter.end()

    # -- animation ----------------------------------------------------------------------------

    def _on_tick_timeout(self) -> None:
        now = time.monotonic()
        region = QRegion()
        still_moving = False
        for idea_id, view in list(self.views.items()):
            if not view.moving:
                continue
            if view.drawn.isValid():
                region += view.drawn.toAlignedRect()
            duration = LEAVE_S if view.leaving else ENTER_S if view.start is None else MOVE_S
            centre, grow, _ = self._place(view, now)
            rect = self._image_rect(view, centre, grow)
            region += rect.toAlignedRect()
            if now - view.since >= duration:
                if view.leaving:
                    del self.views[idea_id]
                else:
                    view.moving = False
                    view.drawn = self._image_rect(view, centre, 1.0)
                    self._settle(view, centre)
            else:
                still_moving = True
        self.last_update = region
        if not still_moving:
            self._tick.stop()
            self.settled.emit()
        if not region.isEmpty():
            self.update(region)

    def _settle(self, view: IdeaView, centre: QPointF) -> None:
        """A post-it came to rest: it joins the layer (post-its never overlap in a column)."""
        if self._layer is None:
            return
        painter = QPainter(self._layer)
        self._copy(painter, view.image, centre, 1.0, 1.0)
        painter.end()

    def _on_pending_timeout(self) -> None:
        self._relayout()

    def _on_clock_timeout(self) -> None:
        if self.state is None:
            return
        text = round_line(self.state, self.lang, datetime.now(UTC))
        if text != self._timer_text or self._timer_image is None:
            self._timer_text = text
            self._timer_image = self._draw_timer(*text)
            self.update(self.timer_rect().toAlignedRect())

    # -- painting ---------------------------------------------------------------------------------

    def resizeEvent(self, event: object) -> None:
        """A new size: every image again, at the new resolution."""
        self._forget()
        self._relayout(animate=False)

    def _rebuild(self) -> None:
        ratio = self.devicePixelRatioF()
        base = blank(
            int(self.width() * ratio), int(self.height() * ratio), ratio, QColor("#101418")
        )
        painter = QPainter(base)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._draw_static(painter)
        painter.end()
        self._base = base
        self._layer = QImage(base)
        self._layer.setDevicePixelRatio(ratio)
        painter = QPainter(self._layer)
        now = time.monotonic()
        for view in self.views.values():
            if not view.moving:
                centre, _, _ = self._place(view, now)
                self._copy(painter, view.image, centre, 1.0, 1.0)
                view.drawn = self._image_rect(view, centre, 1.0)
        painter.end()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The layer, the post-its on their way, the timer."""
        if self._layer is None:
            self._signatures = {k: s for k, (_, s) in self._regions().items()} if self.state else {}
            self._rebuild()
        assert self._layer is not None
        now = time.monotonic()
        painter = QPainter(self)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        ratio = self._layer.devicePixelRatio()
        dirty = event.region()
        parts = list(dirty)  # type: ignore[call-overload]  # iterable at run time
        if len(parts) > MAX_PARTS:
            # many small pieces: their bounds in one copy, and a plain clip, are faster
            # (each image drawn through a clip of hundreds of rectangles is not)
            parts = [dirty.boundingRect()]
            dirty = QRegion(parts[0])
        for part in parts:
            source = QRectF(
                part.x() * ratio, part.y() * ratio, part.width() * ratio, part.height() * ratio
            )
            painter.drawImage(QRectF(part), self._layer, source)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setClipRegion(dirty)
        for view in self.views.values():
            if view.moving:
                centre, grow, opacity = self._place(view, now)
                rect = self._image_rect(view, centre, grow)
                if dirty.intersects(rect.toAlignedRect()):
                    self._copy(painter, view.image, centre, grow, opacity)
                view.drawn = rect
        timer = self.timer_rect()
        if self._timer_image is not None and dirty.intersects(timer.toAlignedRect()):
            painter.drawImage(timer.topLeft(), self._timer_image)
        painter.end()

    @staticmethod
    def _copy(
        painter: QPainter, image: QImage, centre: QPointF, grow: float, opacity: float
    ) -> None:
        ratio = image.devicePixelRatio()
        width, height = image.width() / ratio * grow, image.height() / ratio * grow
        painter.setOpacity(opacity)
        if grow == 1.0:  # whole device pixels: Qt's fast path
            x = round((centre.x() - width / 2) * ratio) / ratio
            y = round((centre.y() - height / 2) * ratio) / ratio
            painter.drawImage(QPointF(x, y), image)
        else:
            painter.drawImage(
                QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height), image
            )
        painter.setOpacity(1.0)

    def _draw_timer(self, where: str, left: str) -> QImage:
        rect = self.timer_rect()
        ratio = self.devicePixelRatioF()
        image = blank(max(int(rect.width() * ratio), 1), max(int(rect.height() * ratio), 1), ratio)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scale, _ = self.transform()
        painter.scale(scale, scale)
        ink = QColor(readable_on(self.roles.primary))
        painter.setPen(ink)
        font = self.ui_font()
        font.setPixelSize(26)
        painter.setFont(font)
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(QRectF(0, 8, 520, 34), right, where)
        # the clock large; words, or the clock with a word beside it, smaller
        font.setPixelSize(52 if left[:1].isdigit() and len(left) <= 8 else 34)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 38, 520, 64), right, left)
        painter.end()
        return image

    def _draw_static(self, painter: QPainter) -> None:
        """The board without post-its: background, header, question cards, labels, counts."""
        scale, offset = self.transform()
        painter.save()
        painter.translate(offset)
        painter.scale(scale, scale)
        self.board_look.fill(painter, QRectF(0, 0, LOGICAL_W, LOGICAL_H))
        if self.state is not None:
            self._draw_header(painter)
            for column in self.columns:
                self._draw_column(painter, column)
            if self.state.opening():
                self._draw_banner(painter)
        painter.restore()

    def _every_table(self) -> str:
        """The tables' names when the first round has no plan (every table, every question)."""
        assert self.state is not None
        first = self.state.first_round()
        if first is not None and first.plan is not None:
            return ""
        tables = sorted(self.state.session.tables, key=lambda t: (t.position, t.id))
        return " · ".join(display_safe(t.name, keep_newlines=False) for t in tables)

    def _draw_banner(self, painter: QPainter) -> None:
        """The opening's banner: the first round starts soon, and how to join a table."""
        place = banner()
        box = QRectF(place.x, place.y, place.w, place.h)
        raised(painter, box, 24, self.roles.primary, shadow=(40, 6))
        painter.fillRect(
            QRectF(box.left() + 48, box.top() + 40, 10, box.height() - 80),
            QColor(self.roles.accent),
        )
        ink = QColor(readable_on(self.roles.primary))
        text = box.adjusted(96, 26, -60, -26)
        painter.setPen(ink)
        soon = SOON(self.lang)
        big = QRectF(text.left(), text.top(), text.width(), 120)
        painter.setFont(bold_fitting(soon, big, 92, 40, self.family))
        painter.drawText(big, WRAP_LEFT, soon)
        lines = [TAKE_A_SEAT(self.lang)]
        tables = self._every_table()
        if tables:
            lines.append(EVERY_TABLE(self.lang, tables=tables))
        rest = QRectF(
            text.left(), big.bottom() + 12, text.width(), text.bottom() - big.bottom() - 12
        )
        body = "\n".join(lines)
        font = self.ui_font()
        for size in range(38, 15, -2):  # as large as the lines fit, never cut off
            font.setPixelSize(size)
            needed = QFontMetricsF(font).boundingRect(rest, WRAP_LEFT, body)
            if needed.height() <= rest.height() and needed.width() <= rest.width() + 0.5:
                break
        painter.setFont(font)
        painter.drawText(rest, WRAP_LEFT, body)

    def _draw_header(self, painter: QPainter) -> None:
        assert self.state is not None
        session = self.state.session
        fill = QColor(self.roles.primary)
        painter.fillRect(QRectF(0, 0, LOGICAL_W, HEADER_H), fill)
        painter.fillRect(QRectF(0, HEADER_H, LOGICAL_W, 6), QColor(0, 0, 0, 40))
        ink = QColor(readable_on(self.roles.primary))
        box = QRectF(40, 8, 820, HEADER_H - 16)
        title = display_safe(session.title, keep_newlines=False)
        painter.setFont(bold_fitting(title, box, 46, 20, self.family))
        painter.setPen(ink)
        painter.drawText(box, WRAP_LEFT, title)
        phase = PHASES[session.phase](self.lang, dots=session.dots)
        chip = QRectF(880, 26, 480, 58)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self.roles.accent))
        painter.drawRoundedRect(chip, 29, 29)
        font = self.ui_font()
        font.setPixelSize(28)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(self.roles.on_accent))
        painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), phase)

    def _draw_column(self, painter: QPainter, column: Column) -> None:
        card = column.card
        box = QRectF(card.x, card.y, card.w, card.h)
        raised(painter, box, 16, self.roles.card, shadow=(30, 5))
        painter.fillRect(
            QRectF(box.left(), box.top() + 16, 8, box.height() - 32), QColor(self.roles.primary)
        )
        small = self.ui_font()
        small.setPixelSize(22)
        small.setBold(True)
        painter.setFont(small)
        painter.setPen(QColor(self.roles.brand))
        painter.drawText(
            QRectF(box.left() + 26, box.top() + 12, box.width() - 40, 30),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QUESTION(self.lang, number=column.number),
        )
        text_box = card_text(column)
        text = display_safe(column.question.text)
        font = self.ui_font()
        font.setBold(True)
        font.setPixelSize(self._card_size)
        painter.setFont(font)
        painter.setPen(QColor(self.roles.on_card))
        painter.drawText(text_box, WRAP_LEFT, text)
        if column.mode == "opening":
            self._draw_starting(painter, column)
            return
        if column.mode == "harvest":
            figures = HARVEST(
                self.lang, count=column.total, dots=column.dots, top=len(column.spots)
            )
        else:
            figures = _ideas_text(column.total, self.lang, column.mode == "counts")
        line = self.ui_font()
        line.setPixelSize(22)
        painter.setFont(line)
        painter.setPen(QColor(self.roles.muted))
        painter.drawText(
            QRectF(box.left() + 26, box.bottom() - 42, box.width() - 44, 32),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            figures,
        )
        on_board = QColor(readable_on(self.background.name()))
        heading = self.ui_font()
        heading.setPixelSize(26)
        heading.setBold(True)
        for h in column.headings:
            painter.setFont(heading)
            painter.setPen(on_board)
            rect = QRectF(h.rect.x + 4, h.rect.y, h.rect.w - 8, h.rect.h - 6)
            painter.drawText(
                rect,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                display_safe(h.label or NOT_SORTED(self.lang), keep_newlines=False)
                + f"  ({h.ideas})",
            )
            painter.fillRect(
                QRectF(rect.left(), rect.bottom(), rect.width(), 3), QColor(self.roles.primary)
            )
        for count in column.counts:
            rect = QRectF(count.rect.x, count.rect.y, count.rect.w, count.rect.h)
            side = min(rect.height(), 170.0)
            draw_stack(
                painter,
                QRectF(rect.left() + 10, rect.top(), side, side),
                table_paper(count.position),
                count.ideas,
            )
            painter.setFont(heading)
            painter.setPen(on_board)
            if count.here:
                chip = QRectF(rect.left() + side + 30, rect.top() + side / 2 + 22, 250, 36)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(self.roles.primary))
                painter.drawRoundedRect(chip, 18, 18)
                painter.setFont(self._small_bold)
                painter.setPen(QColor(self.roles.on_primary))
                painter.drawText(chip, int(Qt.AlignmentFlag.AlignCenter), HERE(self.lang))
                painter.setFont(heading)
                painter.setPen(on_board)
            painter.drawText(
                QRectF(rect.left() + side + 30, rect.top(), rect.width() - side - 40, side),
                int(
                    Qt.AlignmentFlag.AlignLeft
                    | Qt.AlignmentFlag.AlignVCenter
                    | Qt.TextFlag.TextWordWrap
                ),
                display_safe(count.name, keep_newlines=False),
            )
        self._draw_more(painter, column, heading, on_board)

    def _draw_more(self, painter: QPainter, column: Column, font: QFont, ink: QColor) -> None:
        """At a column's foot, how many more are there than it shows (if any)."""
        if not column.more:
            return
        painter.setFont(font)
        painter.setPen(ink)
        painter.drawText(
            QRectF(column.rect.x, column.rect.y + column.rect.h - 34, column.rect.w, 34),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            MORE(self.lang, count=column.more),
        )

    def _draw_starting(self, painter: QPainter, column: Column) -> None:
        """Under a question's card at the opening: the tables that start there."""
        on_board = QColor(readable_on(self.background.name()))
        top = column.card.y + column.card.h + 14
        heading = QRectF(column.rect.x + 4, top, column.rect.w - 8, 34)
        first = self.state.first_round() if self.state is not None else None
        if first is None or first.plan is None:
            return  # every table takes every question: the banner names them
        said = (STARTS_HERE if column.starting else LATER)(self.lang)
        label = bold_fitting(said, heading, 26, 16, self.family)
        painter.setFont(label)
        painter.setPen(on_board)
        painter.drawText(heading, WRAP_LEFT, said)
        if not column.starting:
            return
        painter.fillRect(
            QRectF(heading.left(), heading.bottom() + 2, heading.width(), 3),
            QColor(self.roles.primary),
        )
        for start in column.starting:
            rect = QRectF(start.rect.x, start.rect.y, start.rect.w, start.rect.h)
            side = min(rect.height() - 12, 84.0)
            swatch = QRectF(rect.left() + 6, rect.center().y() - side / 2, side, side)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(0, 0, 0, 40))
            painter.drawRect(swatch.translated(2, 3))
            painter.setBrush(table_paper(start.position))
            painter.drawRect(swatch)
            words = QRectF(swatch.right() + 20, rect.top(), rect.right() - swatch.right() - 24, 0)
            name = display_safe(start.name, keep_newlines=False)
            host = HOST(self.lang, host=display_safe(start.host, keep_newlines=False))
            with_host = bool(start.host) and rect.height() >= 80
            name_h = rect.height() * (0.6 if with_host else 1.0)
            name_box = QRectF(words.left(), rect.top(), words.width(), name_h)
            painter.setFont(bold_fitting(name, name_box, 38, 16, self.family))
            painter.setPen(on_board)
            painter.drawText(name_box, WRAP_LEFT, name)
            if with_host:
                small = self.ui_font()
                small.setPixelSize(26)
                painter.setFont(small)
                painter.setPen(QColor(self.roles.muted))
                painter.drawText(
                    QRectF(words.left(), name_box.bottom(), words.width(), rect.height() - name_h),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                    host,
                )
        self._draw_more(painter, column, label, on_board)
