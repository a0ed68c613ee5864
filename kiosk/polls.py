"""The questions of opinion at a pillar: which an attendee may answer here and now, and how.

A rating, recommend question, poll, naming vote or open question is asked at a
pillar when it is open at that moment and belongs there: event-wide, or of the
pillar's own workshop (the attendee scanned in here, so their attendance is
proven). The hub judges again when the answer arrives; the pillar only keeps
from asking what would be refused.

Qt-free: the screens show what these functions say.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Literal

from kiosk import texts as T
from shared import protocol
from shared.plaintext import without_controls

Part = Literal["answer", "proposal"]
"""What an answer is to a question: its answer, or (a naming vote taking them) a proposal."""

MAX_PROPOSAL_CHARS = 60  # a name for something: it has to fit on the wall's podium


def state_at(poll: protocol.PollInfo, at: datetime) -> protocol.PollState:
    """Whether ``poll`` is scheduled, open or closed at ``at``: the console's hand wins."""
    if poll.manual is not None:
        return poll.manual
    if poll.opens is not None and at < poll.opens:
        return "scheduled"
    if poll.closes is not None and at >= poll.closes:
        return "closed"
    return "open"


def phase_of(poll: protocol.PollInfo) -> protocol.VotePhase | None:
    """A naming vote's phase (proposals until the console moves it on); None for others."""
    if poll.kind != "vote":
        return None
    return poll.phase or "propose"


def part_of(poll: protocol.PollInfo) -> Part:
    """What an answer to ``poll`` is now: a proposal while a vote takes them, else an answer."""
    return "proposal" if phase_of(poll) == "propose" else "answer"


def belongs_here(poll: protocol.PollInfo, workshop: protocol.WorkshopInfo | None) -> bool:
    """Whether ``poll`` is asked at a pillar of ``workshop``: event-wide, or that workshop's."""
    if poll.workshop is None:
        return True
    return workshop is not None and poll.workshop.upper() == workshop.code.upper()


def askable(poll: protocol.PollInfo, workshop: protocol.WorkshopInfo | None, at: datetime) -> bool:
    """Whether ``poll`` can be answered at a pillar of ``workshop`` at ``at``.

    It is open and belongs here, and it has something to choose from: a poll its
    options, a vote in its voting phase at least two approved proposals.
    """
    if state_at(poll, at) != "open" or not belongs_here(poll, workshop):
        return False
    if poll.kind == "poll":
        return bool(poll.options)
    if phase_of(poll) == "vote":
        return len(poll.proposals) >= 2
    return True


def ordered(
    polls: Iterable[protocol.PollInfo], workshop: protocol.WorkshopInfo | None
) -> list[protocol.PollInfo]:
    """The questions of a pillar of ``workshop``, in the order they are asked.

    The workshop's own come first (its rating leading), then the event-wide ones,
    each by its place in the event file.
    """

    def key(poll: protocol.PollInfo) -> tuple[bool, bool, int, int]:
        return (poll.workshop is None, poll.kind != "rating", poll.position, poll.id)

    return sorted((p for p in polls if belongs_here(p, workshop)), key=key)


def checked(
    poll: protocol.PollInfo, choices: Sequence[int], text: str = ""
) -> tuple[list[int], str]:
    """An answer as the hub will take it: the choices and the text, cleaned.

    Raises:
        ValueError: the answer does not fit the question (why, in English, for the log).
    """
    picks = list(choices)
    words = without_controls(text).strip()
    if len(words) > protocol.MAX_POLL_TEXT:
        raise ValueError("text too long")
    phase = phase_of(poll)
    if poll.kind == "rating":
        _one_of(picks, protocol.RATING_VALUES)
        if words and not poll.comment:
            raise ValueError("this rating takes no comment")
    elif poll.kind == "recommend":
        _one_of(picks, protocol.RECOMMEND_VALUES)
    elif poll.kind == "poll":
        if not 1 <= len(picks) <= poll.max_choices or len(set(picks)) != len(picks):
            raise ValueError(f"choose 1 to {poll.max_choices} different options")
        if any(not 0 <= p < len(poll.options) for p in picks):
            raise ValueError("no such option")
    elif phase == "vote":
        _one_of(picks, [p.id for p in poll.proposals])
    else:  # an open question, or a naming vote taking proposals
        limit = MAX_PROPOSAL_CHARS if phase == "propose" else protocol.MAX_POLL_TEXT
        if picks or not words or len(words) > limit:
            raise ValueError(f"a text of 1 to {limit} characters, no choices")
    if (poll.kind in ("recommend", "poll") or phase == "vote") and words:
        raise ValueError("this question takes no text")
    return picks, words


def _one_of(picks: list[int], allowed: Iterable[int]) -> None:
    if len(picks) != 1 or picks[0] not in set(allowed):
        raise ValueError("choose exactly one of the values offered")


def wording(poll: protocol.PollInfo, lang: str, *, event_name: str = "") -> str:
    """The question as the screen asks it, in ``lang``.

    A rating and a recommend question without their own text get the standard
    wording; the recommend question's is never changed but for its subject, or
    results could not be compared with other events'.
    """
    if poll.kind == "recommend":
        subject = poll.subject or event_name or T.RECOMMEND_EVENT(lang)
        return T.RECOMMEND(lang, subject=subject)
    if poll.text:
        return poll.text
    if poll.kind == "rating":
        if poll.workshop is not None:
            return T.RATING_WORKSHOP(lang)
        return T.RATING_SUBJECT(lang, subject=poll.subject or event_name or T.RECOMMEND_EVENT(lang))
    return poll.subject


def about(poll: protocol.PollInfo, lang: str, *, workshop_title: str = "") -> str:
    """The line above the question: what it is about (a rated workshop's title)."""
    if poll.kind == "rating" and poll.workshop is not None:
        return workshop_title
    return ""


def results_note(poll: protocol.PollInfo, lang: str) -> str:
    """Who will see the results, said to whoever answers."""
    return T.RESULTS_SHOWN[poll.results](lang)
