"""A work session's harvest: its ideas in order of their dots, equal dots sharing a place.

One ranking for every place that shows the top ideas (the console's comparison,
the report and its data, the walls), so the same ideas stand at the same places
everywhere. It is standard competition ranking, as on a podium: ideas with 5, 5
and 3 dots stand 1st, 1st and 3rd, never 1st, 2nd and 3rd, because how many
dots an idea got is all that was voted; among equals the one posted first stands
first. An idea without a dot has no place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from shared import protocol


@dataclass(frozen=True)
class Placed:
    """An idea and its place in the harvest (1 for the most dots)."""

    place: int
    idea: protocol.IdeaInfo


def places(dots: Sequence[int]) -> list[int]:
    """The place of each count of ``dots``, the most first, equal counts sharing one.

    ``places([3, 5, 5, 1])`` is ``[3, 1, 1, 4]``: two ideas share the first place,
    so none stands second.
    """
    first: dict[int, int] = {}
    for position, count in enumerate(sorted(dots, reverse=True), 1):
        first.setdefault(count, position)
    return [first[count] for count in dots]


def ranked(ideas: Iterable[protocol.IdeaInfo], within: int | None = None) -> list[Placed]:
    """The ideas that got a dot, the most dots first, each with its place.

    Args:
        ideas: the ideas of one question (those standing on their own: the caller
            leaves out hidden ones and those merged into another).
        within: only the ideas placed this high or higher (``3``: the top three
            places); every idea tied for the last of those places stays in, so the
            list may be longer than ``within``.
    """
    voted = sorted((i for i in ideas if i.dots), key=lambda i: (-(i.dots or 0), i.minute, i.id))
    found = [
        Placed(place, idea)
        for place, idea in zip(places([i.dots or 0 for i in voted]), voted, strict=True)
    ]
    return [p for p in found if within is None or p.place <= within]
