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
from shared import polls as shared_polls
from shared import protocol
from shared.plaintext import without_controls

Part = Literal["answer", "proposal"]
"""What an answer is to a question: its answer, or (a naming vote taking them) a proposal."""

MAX_PROPOSAL_CHARS = 60  # a name for something: it has to fit on the wall's podium


def state_at(poll: protocol.PollInfo, at: datetime) -> protocol.PollState:
    """Whether ``poll`` is scheduled, open or closed at ``at``: the console's hand wins."""
    return shared_polls.state_at(at, poll.opens, poll.closes, poll.manual)


def phase_of(poll: protocol.PollInfo) -> protocol.VotePhase | None:
    """A naming vote's phase (proposals until the console moves it on); None for others."""
    return shared_polls.phase_of(poll.kind, poll.phase)


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
    poll: protocol.PollInfo, choices: Sequence[int], text: str, at: datetime
) -> tuple[list[int], str]:
    """An answer as the hub will take it at ``at``: the choices and the text, cleaned.

    The hub's own judgement (:func:`shared.polls.judge`) decides, so the pillar
    never sends what would be refused; a proposal is kept to a name's length.

    Raises:
        ValueError: the answer does not fit the question (why, in English, for the log).
    """
    picks = list(choices)
    words = without_controls(text).strip()
    if any(p < 0 for p in picks):
        raise ValueError("choices are counted from 0")
    if len(words) > protocol.MAX_POLL_TEXT:
        raise ValueError(f"a text takes at most {protocol.MAX_POLL_TEXT} characters")
    if phase_of(poll) == "propose" and len(words) > MAX_PROPOSAL_CHARS:
        raise ValueError(f"a proposal takes at most {MAX_PROPOSAL_CHARS} characters")
    question = shared_polls.Question(
        id=poll.id,
        kind=poll.kind,
        workshop_id=None,  # where it may be answered is askable()'s to say
        options=len(poll.options),
        max_choices=poll.max_choices,
        comment=poll.comment,
        opens=poll.opens,
        closes=poll.closes,
        manual=poll.manual,
        phase=phase_of(poll),
        proposals=frozenset(p.id for p in poll.proposals),
    )
    verdict = shared_polls.judge(question, picks, words, at)
    if isinstance(verdict, str):
        raise ValueError(verdict)
    return picks, words


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
