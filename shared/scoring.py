"""Scoring rules: points for answers and feedback, the leaderboard, names on screens.

Pure functions over plain values: the store and the hub call them, and so do
the pillars when they show points offline, so every place counts the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_QUESTION_POINTS = 10
DEFAULT_FEEDBACK_BONUS = 5
DEFAULT_FEEDBACK_CAP = 2

# Dutch surname particles ("tussenvoegsels"): "Anna de Vries" shows as "Anna V.".
_PARTICLES = frozenset(
    "van de der den het ter ten te in 't op aan bij uit voor von la le du da di el".split()  # noqa: SIM905
)


class Display(StrEnum):
    """How an attendee allows their name on screens."""

    FULL = "full"
    INITIAL = "initial"
    HIDDEN = "hidden"


@dataclass(frozen=True)
class Answer:
    """One answer as given at a pillar.

    Attributes:
        attendee_id: who answered.
        question_id: which question.
        correct: whether the chosen option was the right one.
        answered_at: when, as an ISO timestamp in UTC (comparable as text).
        action_id: the pillar's action UUID, the tie-break for equal times.

    """

    attendee_id: int
    question_id: int
    correct: bool
    answered_at: str
    action_id: str


@dataclass(frozen=True)
class Standing:
    """One line of the leaderboard."""

    rank: int
    attendee_id: int
    points: int


def answer_points(correct: bool, question_points: int = DEFAULT_QUESTION_POINTS) -> int:
    """Points for one counted answer: the question's points when right, else none."""
    return max(question_points, 0) if correct else 0


def first_answers(answers: Iterable[Answer]) -> dict[tuple[int, int], Answer]:
    """Return the answer that counts for each (attendee, question).

    Only an attendee's first answer to a question counts, wherever it was
    given: the earliest ``answered_at`` wins, whatever order the pillars
    delivered them in; equal times fall back to the action id, so every place
    that counts picks the same one.
    """
    counted: dict[tuple[int, int], Answer] = {}
    for answer in answers:
        key = (answer.attendee_id, answer.question_id)
        best = counted.get(key)
        if best is None or (answer.answered_at, answer.action_id) < (
            best.answered_at,
            best.action_id,
        ):
            counted[key] = answer
    return counted


def feedback_points(
    posts: int, bonus: int = DEFAULT_FEEDBACK_BONUS, cap: int = DEFAULT_FEEDBACK_CAP
) -> int:
    """Bonus for ``posts`` pieces of feedback by one attendee at one workshop."""
    return max(bonus, 0) * min(max(posts, 0), max(cap, 0))


def leaderboard(totals: Mapping[int, int], limit: int | None = None) -> list[Standing]:
    """Order attendees by points, highest first.

    Equal points share a rank (1, 2, 2, 4); among them the lower attendee id
    comes first, so the order never flickers between two refreshes. Attendees
    with no points are left out.
    """
    ordered = sorted(
        ((points, attendee) for attendee, points in totals.items() if points > 0),
        key=lambda item: (-item[0], item[1]),
    )
    standings: list[Standing] = []
    previous: int | None = None
    rank = 0
    for position, (points, attendee) in enumerate(ordered, start=1):
        if points != previous:
            rank, previous = position, points
        standings.append(Standing(rank=rank, attendee_id=attendee, points=points))
        if limit is not None and len(standings) >= limit:
            break
    return standings


def rank_of(totals: Mapping[int, int], attendee_id: int) -> int | None:
    """The rank ``attendee_id`` has in :func:`leaderboard`, or None without points."""
    points = totals.get(attendee_id, 0)
    if points <= 0:
        return None
    return 1 + sum(1 for other in totals.values() if other > points)


def display_name(first_name: str, last_name: str, display: Display | str) -> str | None:
    """The name as the attendee allows it on screens, or None when hidden.

    ``initial`` keeps the first name and the initial of the surname proper,
    skipping Dutch particles: ("Anna", "de Vries") gives "Anna V.".
    """
    choice = Display(display)
    first, last = " ".join(first_name.split()), " ".join(last_name.split())
    if choice is Display.HIDDEN or not (first or last):
        return None
    if choice is Display.FULL:
        return f"{first} {last}".strip()
    words = last.split()
    core = [w for w in words if w.lower() not in _PARTICLES] or words
    initial = f"{core[0][0].upper()}." if core else ""
    return f"{first} {initial}".strip()
