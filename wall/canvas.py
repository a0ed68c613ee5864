"""The wall's board: settled items drawn once into a cached layer, only moving ones per frame.

Measured here (design page): a scene of 360 rotated pixmaps costs 250-350 ms a
frame in software; the same notes pre-drawn into one layer plus ten moving
ones cost about 2 ms. So every settled item is painted once into the layer
(newest on top, so a newly settled item is simply painted over it); where an
item leaves, loses its glow or gets its photo, the layer is repaired in that
place only. It is rebuilt whole only when the whole board changes (size,
language, colours, the hub's link), at most twice a second.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QWidget

from shared import protocol
from shared.device.link import Link
from shared.i18n import Text
from shared.ui.colour import readable_on
from shared.ui.theme import house_style, roles
from wall.layout import LOGICAL_H, LOGICAL_W, TITLE_H, Board, Placed, Rect
from wall.render import BoardLook, blank, note_scale, render_note, render_polaroid, tilted

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future, ThreadPoolExecutor

    from wall.charts import ChartPainter
    from wall.scene import Look, Overlay

# The scenes and their charts (wall.scene, wall.charts) are imported when the first scene
# is shown: the board's first frame does not wait for them.


@cache
def _scenes() -> ThreadPoolExecutor:
    """Where scenes are drawn, one at a time, off the frames' thread (made for the first)."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="zuil-wall-scene")


def off_the_frames(fn: Callable[[bytes], QImage | None], data: bytes) -> Future[QImage | None]:
    """Make an image from ``data`` on the scenes' worker, not on the frames' thread.

    A Python thread that Python joins at exit: Qt adopts a thread that makes a
    QImage, and a qasync executor's thread still running when Qt tears down aborts
    the process.
    """
    return _scenes().submit(fn, data)


ENTER_S = 0.6
HIGHLIGHT_S = 3.0  # a steady glow after landing: in the layer, repaired away after
FADE_S = 0.5
FADE_IN_S = 0.25  # of the entrance: then it drops at full strength (a fast copy)
SCENE_FADE_S = 0.4  # a scene cross-fades into the next, like a show, not a slide change
LIVE_EVERY_S = 2.0  # a live chart takes new results at most this often: calm, and cheap
GLOW_MARGIN = 1.08  # the highlight frame's size, relative to the item's
ENTER_GROW = 1.25  # an arriving item drops from this size onto the board
REBUILD_EVERY_S = 0.5
LOGO_MARGIN = 14  # the logo's card, from the header's edges
LOGO_PADDING = 10  # the logo, within its card
LOGO_MAX_W = 260  # a wide logo is made smaller, not wider than this
LOGO_GAP = 32  # at least this between the logo's card and the title


# a scene drawn on the worker: its image, where it lies, the tiles that changed (or None)
Drawn = tuple[QImage, QPointF, list[QRect] | None]


def _draw(overlay: Overlay, look: Look, charts: ChartPainter, base: QImage | None) -> Drawn:
    """Draw ``overlay`` (on the scenes' worker); with ``base``, find the tiles that changed."""
    from wall.changes import changed_tiles
    from wall.scene import paint

    image, at = paint(overlay, look, charts)
    return image, at, changed_tiles(base, image) if base is not None else None


def _same_but_results(before: Overlay, after: Overlay) -> bool:
    """:func:`wall.scene.same_but_results` (loaded already: it made the scenes compared)."""
    from wall.scene import same_but_results as same

    return same(before, after)


TITLES = {
    "tip": Text("Klaagmuur · tips", "Wall of tips"),
    "top": Text("Jubelmuur · tops", "Wall of praise"),
}
UNREACHABLE = Text("Hub niet bereikbaar", "Hub not reachable")
STREAM_FAILING = Text(
    "Live-verbinding hapert — opnieuw proberen…", "Live connection failing — retrying…"
)
UNPAIRED = Text(
    "Dit scherm is niet meer gekoppeld — koppel het opnieuw",
    "This screen is no longer paired — pair it again",
)


@dataclass
class ItemView:
    """An item as the canvas shows it."""

    item: protocol.WallItem
    placed: Placed
    image: QImage
    arrived: float
    leaving: float | None = None
    settled: bool = False
    glowing: bool = True
    box: QRectF = field(default_factory=QRectF)  # on the widget at rest, with the glow
    lit: QImage | None = None  # while it glows: the item inside its highlight frame
    drawn_grow: float = ENTER_GROW  # the size its entrance was last painted at
    in_layer: bool = False  # drawn into the cached layer (not while a rebuild is due)
    size: QSizeF = field(default_factory=QSizeF)  # the untilted item (logical units)


class WallCanvas(QWidget):
    """The board of one or both walls, scaled from the fixed logical layout.

    Signals:
        item_shown(str): an item landed on the board (its id).
        item_settled(str): an item's entrance ended; it rests on the board (its id).
        item_removed(str): an item left the board (hidden or retired).
        photo_loaded(str): a photo's image arrived (its name).
        link_changed(object): the :class:`~wall.feed.Link` to the hub changed.
        scene_shown(object): a scene (an :class:`~wall.scene.Overlay`), or None for the
            bare board, began to fade in.
        scene_settled(object): the scene shown (or None) finished fading in, and no
            other is on its way.
    """

    item_shown = Signal(str)
    item_settled = Signal(str)
    item_removed = Signal(str)
    photo_loaded = Signal(str)
    link_changed = Signal(object)
    scene_shown = Signal(object)
    scene_settled = Signal(object)

    def __init__(self, show: str = "both", capacity: int = 15, lang: str = "nl") -> None:
        super().__init__()
        self.which = show
        self.lang = lang
        self.walls = ["tip", "top"] if show == "both" else ["tip" if show == "klaag" else "top"]
        width = LOGICAL_W / len(self.walls)
        self.boards = {
            wall: Board(
                Rect(i * width + 20, TITLE_H + 10, width - 40, LOGICAL_H - TITLE_H - 30),
                capacity,
                seed=i + 1,
            )
            for i, wall in enumerate(self.walls)
        }
        self.views: dict[str, ItemView] = {}
        # those the tick must look at (dropping, glowing or leaving): a few among hundreds
        self._moving: dict[str, ItemView] = {}
        self.known: dict[str, protocol.WallItem] = {}
        self.photos: dict[str, QImage] = {}
        self.queue: deque[protocol.WallItem] = deque()
        self.overlay: Overlay | None = None
        self.link = Link.LIVE
        self.roles = roles()
        self.family: str | None = None  # the event's own font for headers and scenes
        self.branding = QColor(self.roles.primary)
        self.background = QColor("#E9E4D8")
        self.board_look = BoardLook(self.background.name())  # the board's surface, or its image
        self.logo: QImage | None = None  # the event's logo, in the header
        self.event_name = ""
        self._layer: QImage | None = None
        self._layer_dirty = True
        self._last_rebuild = 0.0
        # where the cached layer must be redrawn because an item left it, lost its glow or
        # got its photo; one place a frame (a repair redraws every neighbour there), those
        # that leave first
        self._leaving_repairs: deque[QRectF] = deque()
        self._change_repairs: deque[QRectF] = deque()
        self._repairs: list[QRectF] = []  # this frame's
        self._board: QImage | None = None  # the empty board, for local repairs
        self.last_update = QRegion()
        self._tick = QTimer(self)
        self._tick.setInterval(16)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._pace = QTimer(self)
        self._pace.setSingleShot(True)
        self._pace.timeout.connect(self._on_pace_timeout)
        self._overlay_image: QImage | None = None  # the scene's panel, drawn once
        self._overlay_at = QPointF()  # where the panel's image lies on the widget
        self._scene_from: QImage | None = None  # the scene fading out
        self._scene_from_at = QPointF()
        # the scene being drawn on the worker, for the overlay it was asked for
        self._drawing: tuple[Overlay, Future[Drawn], QImage | None] | None = None
        self._shown: Overlay | None = None  # the scene whose image is shown
        self._held: Overlay | None = None  # a chart's newest results, until their turn
        self._live_since = 0.0  # when the chart on show last took new results
        self._live_due = QTimer(self)
        self._live_due.setSingleShot(True)
        self._live_due.timeout.connect(self._on_live_due_timeout)
        self._live: QRegion | None = None  # a live chart's fade: only what changed in its chart
        self._charts: ChartPainter | None = None  # made for the first scene
        self._scene_since = 0.0
        self._fading = False  # a fade began whose end was not told yet (scene_settled)
        self._rebuild_due = QTimer(self)  # a rebuild waits for this, then happens
        self._rebuild_due.setSingleShot(True)
        self._rebuild_due.timeout.connect(self._on_rebuild_due_timeout)
        self.setMinimumSize(320, 180)
        # every pixel comes from the layer: Qt need not clear the background first
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    # -- geometry ---------------------------------------------------------------------

    def transform(self) -> tuple[float, QPointF]:
        """The scale from logical units to this widget, and the letterbox offset."""
        scale = min(self.width() / LOGICAL_W, self.height() / LOGICAL_H)
        offset = QPointF(
            (self.width() - LOGICAL_W * scale) / 2, (self.height() - LOGICAL_H * scale) / 2
        )
        return scale, offset

    def _pixel_ratio(self) -> float:
        return self.transform()[0] * self.devicePixelRatioF()

    # -- items ------------------------------------------------------------------------------

    def add(self, item: protocol.WallItem, *, animate: bool = True) -> None:
        """An item became visible: it queues to land, paced so each one is seen."""
        if item.wall not in self.boards:
            return
        self.known[item.id] = item
        if item.id in self.views or any(q.id == item.id for q in self.queue):
            return
        if not animate:
            self._land(item, time.monotonic() - ENTER_S - HIGHLIGHT_S, glowing=False)
            return
        self.queue.append(item)
        if not self._pace.isActive():
            self._pace.start(0)

    def remove(self, item_id: str) -> None:
        """Moderation hid an item: it fades out now and never comes back."""
        self.known.pop(item_id, None)
        self.queue = deque(q for q in self.queue if q.id != item_id)
        view = self.views.get(item_id)
        if view is not None and view.leaving is None:
            view.leaving = time.monotonic()
            self._moving[item_id] = view
            self.boards[view.item.wall].remove(item_id)
            self._leaving_repairs.append(self.item_rect(view, 1.0))
            self._tick.start()

    def set_photo(self, photo: str, image: QImage) -> None:
        """A photo arrived from the hub; polaroids that show it are redrawn.

        A photo follows its item moments after it lands, one in six arrivals: the
        cached layer is repaired where the polaroid lies (as when a glow ends), never
        rebuilt whole, and only those places are repainted, not the whole window.
        """
        self.photos[photo] = image
        for view in self.views.values():
            if view.item.photo == photo:
                self._draw_image(view)  # the same size: the polaroid's frame is fixed
                if view.in_layer:
                    self._change_repairs.append(self.item_rect(view, 1.0))
                # else moving, or waiting for a rebuild: painted from its image each frame
                self._tick.start()  # the tick repaints it, or the repair, where it lies
        self.photo_loaded.emit(photo)

    def recall(self) -> bool:
        """The room is quiet: bring back an approved item that left, fairly across workshops."""
        now = time.monotonic()
        for wall, board in self.boards.items():
            pool = [
                (i.id, i.workshop)
                for i in self.known.values()
                if i.wall == wall and i.id not in self.views
            ]
            result = board.recall(pool, now)
            if result is not None:
                placed, retired = result
                self._show(self.known[placed.item_id], placed, retired, now)
                return True
        return False

    def _on_pace_timeout(self) -> None:
        if not self.queue:
            return
        self._land(self.queue.popleft(), time.monotonic())
        if self.queue:
            # a burst: faster, but each one is still seen land
            self._pace.start(int(max(80, 800 / (len(self.queue) + 1))))

    def _land(self, item: protocol.WallItem, now: float, *, glowing: bool = True) -> None:
        placed, retired = self.boards[item.wall].place(item.id, item.workshop, now)
        self._show(item, placed, retired, now, glowing=glowing)

    def _show(
        self,
        item: protocol.WallItem,
        placed: Placed,
        retired: str | None,
        now: float,
        *,
        glowing: bool = True,
    ) -> None:
        if retired is not None and retired in self.views:
            self.views[retired].leaving = now
            self._moving[retired] = self.views[retired]
            self._leaving_repairs.append(self.item_rect(self.views[retired], 1.0))
        view = ItemView(item, placed, QImage(), now, glowing=glowing)
        self._draw_image(view)
        self.views[item.id] = view
        self._moving[item.id] = view
        # no repaint of the whole board: the next tick repaints where the item drops
        self._tick.start()
        self.item_shown.emit(item.id)

    def _draw_image(self, view: ItemView) -> None:
        """Draw the item's image once, tilted, at this widget's resolution."""
        item, placed = view.item, view.placed
        ratio = self._pixel_ratio()
        if item.type == "photo":
            flat = render_polaroid(self.photos.get(item.photo or ""), item.text, placed.side, ratio)
        else:
            side = placed.side * note_scale(item.text, placed.side)
            flat = render_note(item.text, item.wall, item.workshop, side, ratio, tone=placed.slot)
        view.size = QSizeF(flat.size()) / flat.devicePixelRatio()
        view.image = tilted(flat, placed.angle, self.devicePixelRatioF())
        view.box = self._box(view)
        view.lit = self._lit_image(view) if view.glowing else None

    def _lit_image(self, view: ItemView) -> QImage:
        """The item inside its highlight frame, tilted with it, drawn once."""
        scale, _ = self.transform()
        ratio = self.devicePixelRatioF()
        box = view.box
        image = blank(math.ceil(box.width() * ratio), math.ceil(box.height() * ratio))
        painter = QPainter(image)  # in device pixels; its ratio is set after
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(image.width() / 2, image.height() / 2)
        painter.rotate(view.placed.angle)
        # around the item as drawn: a long note is larger than its place on the board
        frame = view.size * scale * ratio * GLOW_MARGIN
        painter.setPen(QPen(QColor(255, 200, 0, 200), 8 * scale * ratio))
        painter.drawRect(
            QRectF(-frame.width() / 2, -frame.height() / 2, frame.width(), frame.height())
        )
        painter.resetTransform()
        item = view.image
        corner = QPointF(
            round((image.width() - item.width()) / 2), round((image.height() - item.height()) / 2)
        )
        # pixel for pixel, whatever ratio the item's image carries
        painter.drawImage(QRectF(corner, QSizeF(item.width(), item.height())), item)
        painter.end()
        image.setDevicePixelRatio(ratio)
        return image

    # -- scenes and state ---------------------------------------------------------------------

    @property
    def charts(self) -> ChartPainter:
        """What draws the result scenes' charts (it keeps what it measured between them)."""
        if self._charts is None:
            from wall.charts import ChartPainter

            self._charts = ChartPainter()
        return self._charts

    def set_overlay(self, overlay: Overlay | None) -> None:
        """Show a scene (top 5, quiz facts, counters, a question's results) or none.

        The scene is drawn on a worker thread, as a chart takes longer than a frame;
        once drawn it cross-fades with the one shown in :data:`SCENE_FADE_S`. A live
        chart's new results come the same way: the old chart stays until the new one
        is ready, then fades into it.
        """
        if overlay == self.overlay:
            return
        if (
            overlay is not None
            and self.overlay is not None
            and _same_but_results(self.overlay, overlay)
        ):
            wait = self._live_since + LIVE_EVERY_S - time.monotonic()
            if wait > 0:  # the chart changed moments ago: the newest results wait their turn
                self._held = overlay
                if not self._live_due.isActive():
                    self._live_due.start(int(wait * 1000) + 1)
                return
            self._live_since = time.monotonic()
        self._held = None
        self._live_due.stop()
        self.overlay = overlay
        if overlay is None:
            self._drawing = None
            self._fade_to(None, QPointF())
            return
        # new results of the chart on show: the worker finds what changed, for the fade
        base = self._overlay_image if self._same(overlay) else None
        drawn = _scenes().submit(_draw, overlay, self._look(), self.charts, base)
        self._drawing = (overlay, drawn, base)
        self._tick.start()

    def _on_live_due_timeout(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            self.set_overlay(held)

    def _look(self) -> Look:
        from wall.scene import Look

        scale, offset = self.transform()
        return Look(scale, offset, self.devicePixelRatioF(), self.roles, self.lang, self.family)

    def _same(self, overlay: Overlay | None) -> bool:
        """Whether ``overlay`` is the scene shown with new results (its chart fades alone)."""
        return (
            overlay is not None
            and self._shown is not None
            and self._overlay_image is not None
            and _same_but_results(self._shown, overlay)
        )

    def _fade_to(
        self,
        image: QImage | None,
        at: QPointF,
        overlay: Overlay | None = None,
        changes: list[QRect] | None = None,
    ) -> None:
        """Cross-fade from the scene shown to ``image`` of ``overlay`` (None: the bare board).

        New results of the chart on show fade in its chart only: the rest of the panel
        is the same, and a fade of the whole panel costs more than a 4K frame may. With
        ``changes`` (the tiles of ``image`` that differ from the image shown) only those
        fade.
        """
        self._live = None
        if self._same(overlay) and at == self._overlay_at:
            from wall.scene import live_area

            assert overlay is not None
            chart = self._widget_rect(live_area(overlay)).toAlignedRect()
            if changes is None or image is None:
                self._live = QRegion(chart)
            else:
                ratio = image.devicePixelRatio()
                changed = QRegion()
                for tile in changes:
                    changed += QRectF(
                        at.x() + tile.x() / ratio,
                        at.y() + tile.y() / ratio,
                        tile.width() / ratio,
                        tile.height() / ratio,
                    ).toAlignedRect()
                self._live = changed.intersected(chart)
        self._scene_from, self._scene_from_at = self._overlay_image, self._overlay_at
        self._overlay_image, self._overlay_at = image, at
        self._shown = overlay
        self._scene_since = time.monotonic()
        self._fading = True
        self._tick.start()
        self.update(self._scene_region())
        self.scene_shown.emit(overlay)

    def _widget_rect(self, logical: QRectF) -> QRectF:
        """A rectangle of the board on this widget, on whole device pixels."""
        scale, offset = self.transform()
        ratio = self.devicePixelRatioF()
        left = math.floor((offset.x() + logical.left() * scale) * ratio) / ratio
        top = math.floor((offset.y() + logical.top() * scale) * ratio) / ratio
        right = math.ceil((offset.x() + logical.right() * scale) * ratio) / ratio
        bottom = math.ceil((offset.y() + logical.bottom() * scale) * ratio) / ratio
        return QRectF(left, top, right - left, bottom - top)

    def _take_drawn_scene(self) -> None:
        """The worker finished drawing the scene wanted now: it fades in."""
        if self._drawing is None or not self._drawing[1].done():
            return
        overlay, drawn, base = self._drawing
        self._drawing = None
        image, at, changes = drawn.result()  # a failure to draw is a bug: it is raised here
        if overlay is self.overlay:
            # what changed, if the image it was compared with is still the one shown
            self._fade_to(image, at, overlay, changes if base is self._overlay_image else None)

    def _scene_region(self) -> QRegion:
        """Where the scenes fading in and out lie: what a fade repaints."""
        if self._live is not None:
            return QRegion(self._live)
        region = QRegion()
        for image, at in (
            (self._scene_from, self._scene_from_at),
            (self._overlay_image, self._overlay_at),
        ):
            if image is not None:
                ratio = image.devicePixelRatio()
                region += QRectF(
                    at.x(), at.y(), image.width() / ratio, image.height() / ratio
                ).toAlignedRect()
        return region

    @property
    def scene_fading(self) -> bool:
        """Whether a scene is being drawn, or fading in or out."""
        return (
            self._drawing is not None
            or self._held is not None
            or time.monotonic() - self._scene_since < SCENE_FADE_S
        )

    def set_link(self, link: Link) -> None:
        """Show or clear the discreet indicator: no hub, or the hub's live stream failing."""
        if link is not self.link:
            self.link = link
            self._layer_dirty = True
            self.update()
            self.link_changed.emit(link)

    def set_branding(
        self,
        event: protocol.EventInfo,
        family: str | None = None,
        logo: QImage | None = None,
        picture: QImage | None = None,
    ) -> None:
        """The event's colours, name and logo, its own font and its board.

        Args:
            event: the event (colours, name, the board's surface).
            family: the event's own font, for the header and the scenes (None: the
                house font); post-its keep their handwriting.
            logo: the event's logo, shown in the header (None: none).
            picture: the event's own image for the board (see
                :func:`wall.render.board_picture`), instead of its surface.
        """
        self.family = family
        self.roles = roles(house_style(event))
        self.branding = QColor(self.roles.primary)
        self.background = QColor(self.roles.surface).darker(106)
        self.board_look = BoardLook(self.background.name(), event.board, picture)
        self.logo = logo
        self._overlay_image = None  # the scene is drawn again in the new colours
        self._scene_from = None
        self._drawing = None
        self.event_name = event.name
        self._layer_dirty = True
        self.update()

    def ui_font(self) -> QFont:
        """The font of the header and the scenes: the event's own, or the house font."""
        return QFont(self.family) if self.family else QFont()

    def set_lang(self, lang: str) -> None:
        """Switch the titles' language."""
        self.lang = lang
        self._layer_dirty = True
        self.update()

    # -- animation --------------------------------------------------------------------------------

    def item_rect(self, view: ItemView, grow: float = ENTER_GROW) -> QRectF:
        """Where an item is on this widget at ``grow``, with room for its glow and shadow.

        Every pixel in it is repainted while the item moves, and at 4K those pixels
        are the frame time: the box is the tilted item's own (its angle, not the
        worst case). The entrance starts larger (``grow`` above 1).
        """
        box = view.box
        if grow == 1.0:
            return box
        centre = box.center()
        width, height = box.width() * grow, box.height() * grow
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def _box(self, view: ItemView) -> QRectF:
        scale, offset = self.transform()
        ratio = view.image.devicePixelRatio()
        angle = math.radians(view.placed.angle)
        cos, sin = abs(math.cos(angle)), abs(math.sin(angle))
        frame = view.size * scale * GLOW_MARGIN  # the glow frame, tilted too
        glow_w = frame.width() * cos + frame.height() * sin
        glow_h = frame.width() * sin + frame.height() * cos
        width = max(view.image.width() / ratio, glow_w) + 12 * scale
        height = max(view.image.height() / ratio, glow_h) + 12 * scale
        centre = QPointF(offset.x() + view.placed.cx * scale, offset.y() + view.placed.cy * scale)
        return QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)

    def _on_tick_timeout(self) -> None:
        now = time.monotonic()
        moving = self._drawing is not None  # a scene on its way: look again next tick
        self._take_drawn_scene()
        region = QRegion()  # what moved, less what an opaque scene panel hides
        for item_id, view in list(self._moving.items()):
            if view.leaving is not None:
                region += self.item_rect(view, 1.0).toAlignedRect()  # fades where it lies
                if now - view.leaving >= FADE_S:
                    del self.views[item_id]
                    del self._moving[item_id]
                    self.item_removed.emit(item_id)
                else:
                    moving = True
            elif not view.settled:
                # it shrinks as it drops: where it was painted last holds where it goes
                region += self.item_rect(view, view.drawn_grow).toAlignedRect()
                if now - view.arrived >= ENTER_S:
                    view.settled = True
                    self._settle(view)
                    self.item_settled.emit(item_id)
                moving = True
            elif view.glowing:
                moving = True
                if now - view.arrived >= ENTER_S + HIGHLIGHT_S:
                    view.glowing = False  # the layer is repaired without the glow
                    view.lit = None
                    self._change_repairs.append(self.item_rect(view, 1.0))
            if view.settled and not view.glowing and view.leaving is None:
                self._moving.pop(item_id, None)  # at rest: in the layer, nothing more to do
        covered = self._covered(now)
        if covered is not None:
            region = region.subtracted(covered)
        pending = self._leaving_repairs or self._change_repairs
        if pending:
            self._repairs.append(pending.popleft())
        if now - self._scene_since < SCENE_FADE_S + 0.05:  # one frame more: the fade's end
            moving = True
            region += self._scene_region()
        elif self._fading and not self.scene_fading:
            self._fading = False
            self.scene_settled.emit(self._shown)
        if not moving and not self.queue and not self._leaving_repairs and not self._change_repairs:
            self._tick.stop()
        for rect in self._repairs:
            region += rect.toAlignedRect()
        # only what moved is repainted, as Qt's backing store flushes only dirty regions
        self.last_update = region
        if self._layer_dirty:
            self.update()
        elif not region.isEmpty():
            self.update(region)

    def _covered(self, now: float) -> QRegion | None:
        """What the scene shown hides of the board (its panel is opaque), or None.

        Items moving beneath it need no repaint: at 4K they cost a frame a third of
        its time for nothing seen. Not while a scene fades in or out whole (then the
        board shows through it); a live chart's fade leaves the panel opaque.
        """
        if self._shown is None or self._overlay_image is None:
            return None
        if now - self._scene_since < SCENE_FADE_S + 0.05 and self._live is None:
            return None
        from wall.scene import PANEL_RADIUS, panel_of

        inside = panel_of(self._shown).adjusted(
            PANEL_RADIUS, PANEL_RADIUS, -PANEL_RADIUS, -PANEL_RADIUS
        )
        outer = self._widget_rect(inside)
        # whole device pixels inside it: rounded in, not out
        return QRegion(outer.toAlignedRect().adjusted(2, 2, -2, -2))

    def _settle(self, view: ItemView) -> None:
        """Paint a newly settled item, glowing, onto the cached layer (the newest: on top)."""
        if self._layer is None or self._layer_dirty:
            return  # drawn over the layer until the rebuild takes it in
        painter = QPainter(self._layer)
        self._draw_resting(painter, view, 1.0, 1.0)
        painter.end()
        view.in_layer = True

    # -- painting ---------------------------------------------------------------------------------

    def resizeEvent(self, event: object) -> None:
        """New size: redraw every item image at the new resolution."""
        for view in self.views.values():
            self._draw_image(view)
        self._layer = None
        self._overlay_image = None
        self._scene_from = None
        self._drawing = None
        self._layer_dirty = True

    def _rebuild(self) -> None:
        layer = self._blank(QColor("#101418"))
        board = QImage(layer)
        painter = QPainter(board)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._draw_board(painter)
        painter.end()
        self._board = board
        layer = QImage(board)
        painter = QPainter(layer)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for view in sorted(self.views.values(), key=lambda v: v.placed.z):
            if view.settled and view.leaving is None:
                self._draw_resting(painter, view, 1.0, 1.0)
                view.in_layer = True
        painter.end()
        self._layer = layer
        self._layer_dirty = False
        self._last_rebuild = time.monotonic()

    def _on_rebuild_due_timeout(self) -> None:
        self.update()  # the whole board: the next paint rebuilds the layer

    def _draw_board(self, painter: QPainter) -> None:
        scale, offset = self.transform()
        painter.save()
        painter.translate(offset)
        painter.scale(scale, scale)
        self.board_look.fill(painter, QRectF(0, 0, LOGICAL_W, LOGICAL_H))
        width = LOGICAL_W / len(self.walls)
        title_font = self.ui_font()
        title_font.setPixelSize(54)
        title_font.setBold(True)
        for i, wall in enumerate(self.walls):
            band = QRectF(i * width, 0, width, TITLE_H)
            fill = self.branding if wall == "top" else self.branding.darker(130)
            header = QLinearGradient(band.topLeft(), band.bottomLeft())
            header.setColorAt(0.0, fill.lighter(108))
            header.setColorAt(1.0, fill)
            painter.fillRect(band, header)
            # the header's soft edge on the board below it
            edge = QLinearGradient(QPointF(0, TITLE_H), QPointF(0, TITLE_H + 14))
            edge.setColorAt(0.0, QColor(0, 0, 0, 60))
            edge.setColorAt(1.0, QColor(0, 0, 0, 0))
            painter.fillRect(QRectF(band.left(), TITLE_H, band.width(), 14), edge)
            painter.setFont(title_font)
            painter.setPen(QColor(readable_on(fill.name())))
            title = TITLES[wall](self.lang)
            painter.drawText(band, int(Qt.AlignmentFlag.AlignCenter), title)
            if i == 0 and self.logo is not None:
                free = (band.width() - QFontMetricsF(title_font).horizontalAdvance(title)) / 2
                self._draw_logo(painter, self.logo, band.left() + LOGO_MARGIN, free)
            if i:
                painter.setPen(QPen(QColor(0, 0, 0, 60), 4))
                painter.drawLine(QPointF(i * width, TITLE_H), QPointF(i * width, LOGICAL_H))
        if self.link is not Link.LIVE:
            problem = {
                Link.UNREACHABLE: UNREACHABLE,
                Link.STREAM_FAILING: STREAM_FAILING,
                Link.UNPAIRED: UNPAIRED,
            }[self.link]
            small = self.ui_font()
            small.setPixelSize(20)
            painter.setFont(small)
            painter.setPen(QColor("#7F8C8D"))
            painter.drawText(
                QRectF(0, LOGICAL_H - 30, LOGICAL_W - 16, 26),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                "● " + problem(self.lang),
            )
        painter.restore()

    @staticmethod
    def _draw_logo(painter: QPainter, logo: QImage, left: float, free: float) -> None:
        """The logo on a white card at the header's left, within ``free`` of its width.

        A card, since a logo is made for white paper. A wide logo is made smaller to
        leave the title whole; none when the title leaves too little room.
        """
        height = TITLE_H - 2 * LOGO_MARGIN
        inner = height - 2 * LOGO_PADDING
        aspect = logo.width() / max(1, logo.height())
        room = free - LOGO_MARGIN - LOGO_GAP - 2 * LOGO_PADDING
        width = min(LOGO_MAX_W, inner * aspect, room)
        if width < min(inner, inner * aspect):  # it would be smaller than the header's height
            return
        card = QRectF(left, LOGO_MARGIN, width + 2 * LOGO_PADDING, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(card, 10, 10)
        shown = logo.height() * width / max(1, logo.width())  # its height at that width
        painter.drawImage(
            QRectF(card.left() + LOGO_PADDING, card.center().y() - shown / 2, width, shown), logo
        )
        painter.restore()

    def _repair(self) -> None:
        """Redraw the cached layer where items left: the board, then what overlaps, in order."""
        if self._layer is None or not self._repairs:
            self._repairs.clear()
            return
        # Only copies on whole device pixels follow: smoothing changes no pixel of them,
        # yet asking for it takes Qt off its fastest path (a repair took twice as long).
        painter = QPainter(self._layer)
        ratio = self._layer.devicePixelRatio()
        for rect in self._repairs:
            painter.save()
            painter.setClipRect(rect)
            if self._board is not None:  # the empty board is cached: copy, do not redraw
                source = QRectF(
                    rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio
                )
                painter.drawImage(rect, self._board, source)
            else:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)  # undone by restore()
                self._draw_board(painter)
            under = [
                v
                for v in self.views.values()
                if v.in_layer and v.leaving is None and v.box.intersects(rect)
            ]
            for view in sorted(under, key=lambda v: v.placed.z):
                self._draw_resting(painter, view, 1.0, 1.0)
            painter.restore()
        painter.end()
        self._repairs.clear()

    def _draw_item(self, painter: QPainter, view: ItemView, grow: float, opacity: float) -> None:
        """The item's tilted image, centred on its place; at rest a plain copy."""
        self._copy(painter, view.image, view.box.center(), grow, opacity)

    def _draw_resting(self, painter: QPainter, view: ItemView, grow: float, opacity: float) -> None:
        """The item as the board shows it: inside its highlight frame while that lasts."""
        image = view.lit if view.glowing and view.lit is not None else view.image
        self._copy(painter, image, view.box.center(), grow, opacity)

    @staticmethod
    def _copy(
        painter: QPainter, image: QImage, centre: QPointF, grow: float, opacity: float
    ) -> None:
        """``image`` centred on ``centre`` at ``grow`` times its size, the fastest way Qt has."""
        ratio = image.devicePixelRatio()
        width, height = image.width() / ratio * grow, image.height() / ratio * grow
        # whole device pixels and no transform: Qt's fast path, a blend row by row
        x = round((centre.x() - width / 2) * ratio) / ratio
        y = round((centre.y() - height / 2) * ratio) / ratio
        painter.setOpacity(opacity)
        if grow == 1.0:
            painter.drawImage(QPointF(x, y), image)
        elif opacity < 1.0:
            # a scaled draw through a translucent painter is Qt's slow path (measured
            # six times a scaled copy plus a translucent one): scale first, then copy
            scaled = image.scaled(
                image.size() * grow, mode=Qt.TransformationMode.FastTransformation
            )
            scaled.setDevicePixelRatio(ratio)
            painter.drawImage(QPointF(x, y), scaled)
        else:
            painter.drawImage(
                QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height), image
            )
        painter.setOpacity(1.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cached layer, then what moves, then the scene overlay."""
        now = time.monotonic()
        wait = self._last_rebuild + REBUILD_EVERY_S - now
        if self._layer is None or (self._layer_dirty and wait <= 0):
            self._rebuild()
        elif self._layer_dirty and not self._rebuild_due.isActive():
            # not yet (at most two rebuilds a second), but surely: nothing else may come
            self._rebuild_due.start(int(wait * 1000) + 1)
        self._repair()
        painter = QPainter(self)
        assert self._layer is not None
        # The layer is opaque: copied, not blended. Under a live chart's fade the panel
        # (opaque there) is copied over it anyway: the board beneath is left out.
        painter.setClipping(False)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        board = event.region()
        if self._live is not None and self._scene_from is not None and not self._layer_dirty:
            board = board.subtracted(self._live)
        self._copy_region(painter, self._layer, board)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setClipRegion(event.region())
        # images are copied, or scaled while they move: no smoothing (the fast paths)
        dirty = event.region()
        # settled items (glowing or not) are in the cached layer, once it has them; until
        # it is redrawn some may not be, else only those the tick follows can be outside it
        candidates = self.views.values() if self._layer_dirty else self._moving.values()
        active = [v for v in candidates if not v.settled or v.leaving is not None or not v.in_layer]
        for view in sorted(active, key=lambda v: v.placed.z):
            if view.leaving is not None:
                if dirty.intersects(view.box.toAlignedRect()):
                    fade = max(0.0, 1 - (now - view.leaving) / FADE_S)
                    self._draw_item(painter, view, 1.0, fade)
            elif view.settled:  # landed while a rebuild of the layer is due
                if dirty.intersects(view.box.toAlignedRect()):
                    self._draw_resting(painter, view, 1.0, 1.0)
            elif dirty.intersects(self.item_rect(view, view.drawn_grow).toAlignedRect()):
                entering = min((now - view.arrived) / ENTER_S, 1.0)
                # pinned onto the board: drops from a little larger, then glows a while
                grow = ENTER_GROW - (ENTER_GROW - 1) * (1 - (1 - entering) ** 3)
                grow = min(grow, view.drawn_grow)  # never outside what was repainted
                view.drawn_grow = grow
                fade_in = min((now - view.arrived) / FADE_IN_S, 1.0)
                self._draw_resting(painter, view, grow, fade_in)
        if self.overlay is not None and self._overlay_image is None and self._drawing is None:
            # drawn anew at a new size or in new colours: once, here
            from wall.scene import paint

            self._overlay_image, self._overlay_at = paint(self.overlay, self._look(), self.charts)
            self._shown, self._live = self.overlay, None
        shown = min((now - self._scene_since) / SCENE_FADE_S, 1.0)
        if shown < 1.0 and self._live is not None and self._scene_from is not None:
            assert self._overlay_image is not None
            # a live chart: the old chart copied, the new one over it, more opaque each frame
            region = event.region()
            chart = self._live
            self._copy_region(
                painter, self._overlay_image, region.subtracted(chart), self._overlay_at
            )
            live = region.intersected(chart)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            self._copy_region(painter, self._scene_from, live, self._scene_from_at)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setOpacity(shown)
            self._copy_region(painter, self._overlay_image, live, self._overlay_at)
            painter.setOpacity(1.0)
        elif shown < 1.0:  # scenes cross-fading: each panel whole, with its opacity
            for image, at, opacity in (
                (self._scene_from, self._scene_from_at, 1 - shown),
                (self._overlay_image, self._overlay_at, shown),
            ):
                if image is not None:
                    painter.setOpacity(opacity)
                    painter.drawImage(at, image)
            painter.setOpacity(1.0)
        elif self._overlay_image is not None:
            self._scene_from = None
            self._live = None
            # the scene is drawn once, then copied where the board changed beneath it
            self._copy_region(painter, self._overlay_image, event.region(), self._overlay_at)
        painter.end()

    @staticmethod
    def _copy_region(
        painter: QPainter, image: QImage, region: QRegion, at: QPointF | None = None
    ) -> None:
        """``image``, lying at ``at`` on the widget, copied into ``region`` part by part.

        One by one, not through a clip over their bounding box: two notes far apart
        would otherwise copy most of a 4K image.
        """
        ratio = image.devicePixelRatio()
        at = at or QPointF()
        bounds = QRectF(at.x(), at.y(), image.width() / ratio, image.height() / ratio)
        for part in region:  # type: ignore[attr-defined]  # iterable at run time
            shared = QRectF(part).intersected(bounds)
            if shared.isEmpty():
                continue
            source = QRectF(
                (shared.x() - at.x()) * ratio,
                (shared.y() - at.y()) * ratio,
                shared.width() * ratio,
                shared.height() * ratio,
            )
            painter.drawImage(shared, image, source)

    def _blank(self, fill: QColor | Qt.GlobalColor = Qt.GlobalColor.transparent) -> QImage:
        """An image the size of this widget, in device pixels."""
        ratio = self.devicePixelRatioF()
        return blank(int(self.width() * ratio), int(self.height() * ratio), ratio, fill)
