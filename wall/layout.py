"""Where items go on a wall: a fixed logical board, slots filled evenly, oldest retired.

Pure code (no Qt). The board is a grid of slots over the wall's area of one
fixed logical layout (1920x1080); the screen scales it, so nothing moves when
the resolution changes. Each item gets one slot, so no item ever covers
another that is newer: a new item takes an empty slot, spread over the board,
or the slot of the oldest item, which retires. When the room is quiet,
approved items that left the board come back in turn, fairly across workshops.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

LOGICAL_W = 1920
LOGICAL_H = 1080
TITLE_H = 110  # the walls' header band, above the boards (a scene leaves it free)
JITTER = 0.05  # of a cell: keeps neighbours apart even when tilted
MAX_TILT = 6.0  # degrees
ITEM_FRACTION = 0.8  # of a cell: an item's side


@dataclass(frozen=True)
class Rect:
    """A rectangle in logical board units."""

    x: float
    y: float
    w: float
    h: float

    def intersects(self, other: Rect) -> bool:
        """Whether the two overlap (touching edges do not count)."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class Placed:
    """An item on the board.

    Attributes:
        item_id: the note's or photo's id.
        workshop: its workshop code (for fairness), or None.
        slot: the slot it occupies.
        cx: centre x (logical units).
        cy: centre y.
        side: the item's side length (logical units).
        angle: tilt in degrees.
        z: stacking order (higher is newer, drawn on top).
        shown_at: when it came (back) onto the board (seconds, caller's clock).
    """

    item_id: str
    workshop: str | None
    slot: int
    cx: float
    cy: float
    side: float
    angle: float
    z: int
    shown_at: float

    def box(self) -> Rect:
        """The axis-aligned bounds of the tilted item."""
        spread = self.side * (
            abs(math.cos(math.radians(self.angle))) + abs(math.sin(math.radians(self.angle)))
        )
        return Rect(self.cx - spread / 2, self.cy - spread / 2, spread, spread)


def grid(area: Rect, capacity: int) -> tuple[int, int]:
    """Columns and rows for ``capacity`` slots that keep cells about square in ``area``."""
    capacity = max(capacity, 1)
    columns = max(1, round(math.sqrt(capacity * area.w / area.h)))
    rows = max(1, math.ceil(capacity / columns))
    return columns, rows


def spread_order(count: int) -> list[int]:
    """Slot indexes in an order that spreads consecutive ones far apart (golden-ratio walk)."""
    step = (math.sqrt(5) - 1) / 2
    keys = [((i * step) % 1.0, i) for i in range(count)]
    return [i for _, i in sorted(keys)]


@dataclass
class Board:
    """One wall's board.

    Args:
        area: the wall's part of the logical layout.
        capacity: how many items fit at once.
        seed: makes jitter and tilt repeatable.
    """

    area: Rect
    capacity: int
    seed: int = 0
    placed: dict[str, Placed] = field(default_factory=dict)
    _rng: random.Random = field(init=False)
    _z: int = 0
    _order: list[int] = field(init=False)
    _recalled: dict[str | None, float] = field(default_factory=dict)
    _last_shown: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self.columns, self.rows = grid(self.area, self.capacity)
        self.cell_w = self.area.w / self.columns
        self.cell_h = self.area.h / self.rows
        slots = self.columns * self.rows
        self._order = (
            spread_order(slots)[: self.capacity] if slots > self.capacity else spread_order(slots)
        )

    @property
    def cell(self) -> float:
        """The side of a square that fits in a cell."""
        return min(self.cell_w, self.cell_h)

    def slot_centre(self, slot: int) -> tuple[float, float]:
        """The centre of a slot."""
        column, row = slot % self.columns, slot // self.columns
        return (
            self.area.x + (column + 0.5) * self.cell_w,
            self.area.y + (row + 0.5) * self.cell_h,
        )

    def place(self, item_id: str, workshop: str | None, now: float) -> tuple[Placed, str | None]:
        """Put an item on the board (on top of everything).

        Returns:
            Where it went, and the id of the item it retired (None if a slot was free).
        """
        if item_id in self.placed:
            return self.placed[item_id], None
        used = {p.slot for p in self.placed.values()}
        free = [s for s in self._order if s not in used]
        retired: str | None = None
        if free:
            slot = free[0]
        else:
            oldest = min(self.placed.values(), key=lambda p: (p.shown_at, p.z))
            slot = oldest.slot
            retired = oldest.item_id
            del self.placed[retired]
        cx, cy = self.slot_centre(slot)
        cx += self._rng.uniform(-JITTER, JITTER) * self.cell_w
        cy += self._rng.uniform(-JITTER, JITTER) * self.cell_h
        self._z += 1
        placed = Placed(
            item_id=item_id,
            workshop=workshop,
            slot=slot,
            cx=cx,
            cy=cy,
            side=self.cell * ITEM_FRACTION,
            angle=self._rng.uniform(-MAX_TILT, MAX_TILT),
            z=self._z,
            shown_at=now,
        )
        self.placed[item_id] = placed
        self._last_shown[item_id] = now
        return placed, retired

    def remove(self, item_id: str) -> Placed | None:
        """Take an item off the board (hidden by moderation); its slot becomes free."""
        return self.placed.pop(item_id, None)

    def recall(
        self, pool: list[tuple[str, str | None]], now: float
    ) -> tuple[Placed, str | None] | None:
        """Bring an item that left the board back, fairly across workshops.

        Args:
            pool: approved items (id, workshop) that are not on the board.
            now: the caller's clock.

        Returns:
            As :meth:`place`, or None when the pool is empty.
        """
        waiting = [(i, w) for i, w in pool if i not in self.placed]
        if not waiting:
            return None
        workshops = {w for _, w in waiting}
        # the workshop that was recalled longest ago goes first; ties by name
        chosen_ws = min(workshops, key=lambda w: (self._recalled.get(w, -1.0), w or ""))
        candidates = [i for i, w in waiting if w == chosen_ws]
        item = min(candidates, key=lambda i: (self._last_shown.get(i, -1.0), i))
        self._recalled[chosen_ws] = now
        return self.place(item, chosen_ws, now)

    def newest(self, count: int) -> list[Placed]:
        """The ``count`` most recently placed items, newest first."""
        return sorted(self.placed.values(), key=lambda p: -p.z)[:count]
