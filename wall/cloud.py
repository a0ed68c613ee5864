"""A word cloud that grows in place: pure code, no Qt (text is measured by the caller).

Words are sized by how many answers used them and placed on a spiral from the
middle, largest first, none overlapping. A cloud laid out again after new answers
keeps every word that still fits where it was, so the room sees it grow rather
than shuffle; only a word that grew into a neighbour moves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

MIN_SIZE = 34.0  # logical px at 1080p: a word read from the back of the room
MAX_SIZE = 120.0
MAX_WORDS = 40
GAP = 10.0  # logical px between two words
SPIRAL_STEP = 28.0  # logical px along the spiral between two tries
SPIRAL_GROWTH = 5.0  # logical px further out per radian: 31 px a turn

Measure = Callable[[str, float], tuple[float, float]]
"""The width and height of a word at a font size (logical px)."""


@dataclass(frozen=True)
class Placed:
    """A word of the cloud: its text, font size, centre and box (logical px)."""

    word: str
    count: int
    size: float
    cx: float
    cy: float
    w: float
    h: float

    def overlaps(self, other: Placed) -> bool:
        """Whether the two boxes (with :data:`GAP` between them) overlap."""
        return (
            abs(self.cx - other.cx) * 2 < self.w + other.w + GAP * 2
            and abs(self.cy - other.cy) * 2 < self.h + other.h + GAP
        )


def size_of(count: int, most: int) -> float:
    """A word's font size by its share of the most used word's count.

    It depends on the most used word only, so words coming in do not resize the others.
    """
    if most <= 1:
        return (MIN_SIZE + MAX_SIZE) / 2
    share = (max(count, 1) - 1) / (most - 1)
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * float(share**0.6)


def fill(sizes: list[tuple[float, float]], width: float, height: float) -> float:
    """How much smaller every word must be for all of them to have room (1: as they are).

    A cloud covers about half its area with text, the rest is the space between words;
    words are never made smaller than :data:`MIN_SIZE` by it (the smallest are left out).
    """
    needed = sum(w * h for w, h in sizes) * 2.0
    return min(1.0, math.sqrt(width * height / needed)) if needed else 1.0


def layout(
    words: list[tuple[str, int]],
    width: float,
    height: float,
    measure: Measure,
    before: dict[str, tuple[float, float]] | None = None,
) -> list[Placed]:
    """Place up to :data:`MAX_WORDS` words in a ``width`` x ``height`` area, centred on 0, 0.

    Args:
        words: each word and how many answers used it.
        width: the area's width.
        height: the area's height.
        measure: a word's width and height at a font size.
        before: where words were in the cloud shown before (their centres); each
            stays there when it still fits.

    Returns:
        The words that fit, most used first. One that fits nowhere is left out.
    """
    before = before or {}
    chosen = sorted(words, key=lambda wc: (-wc[1], wc[0]))[:MAX_WORDS]
    if not chosen:
        return []
    most = chosen[0][1]
    natural = {word: size_of(count, most) for word, count in chosen}
    shrink = fill([measure(word, size) for word, size in natural.items()], width, height)
    placed: list[Placed] = []
    # those the room saw first keep their place, then the rest find one
    for word, count in sorted(chosen, key=lambda wc: (wc[0] not in before, -wc[1], wc[0])):
        size = max(natural[word] * shrink, MIN_SIZE)
        w, h = measure(word, size)
        spot = _spot(word, count, size, w, h, width, height, placed, before.get(word))
        if spot is not None:
            placed.append(spot)
    return sorted(placed, key=lambda p: (-p.count, p.word))


def _spot(
    word: str,
    count: int,
    size: float,
    w: float,
    h: float,
    width: float,
    height: float,
    placed: list[Placed],
    was: tuple[float, float] | None,
) -> Placed | None:
    # the word last in the way is likely in the way of the next try too: asked first
    blocker: list[Placed] = []
    half_w, half_h = w / 2 + GAP, h / 2 + GAP / 2

    def fits(cx: float, cy: float) -> Placed | None:
        if abs(cx) * 2 + w > width or abs(cy) * 2 + h > height:
            return None
        for other in blocker + placed:
            if (
                abs(cx - other.cx) < half_w + other.w / 2
                and abs(cy - other.cy) < half_h + other.h / 2
            ):
                blocker[:] = [other]
                return None
        return Placed(word, count, size, cx, cy, w, h)

    if w > width or h > height:
        return None
    if was is not None and (kept := fits(*was)) is not None:
        return kept
    # an Archimedean spiral, flattened to the area's shape: wide clouds on wide screens;
    # beyond half the geometric mean of the sides every point of it lies outside the area
    aspect = width / height if height else 1.0
    turn = 0.0
    reach = math.sqrt(width * height) / 2
    while SPIRAL_GROWTH * turn < reach:
        radius = SPIRAL_GROWTH * turn
        cx = radius * math.cos(turn) * math.sqrt(aspect)
        cy = radius * math.sin(turn) / math.sqrt(aspect)
        if (spot := fits(cx, cy)) is not None:
            return spot
        turn += min(1.0, SPIRAL_STEP / max(radius, 1.0))  # even steps along the curve
    return None
