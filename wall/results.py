"""Which questions' results a wall shows, and in what turn: pure code, no Qt.

The hub publishes a question's results (a :class:`~shared.protocol.PollResult`)
in the wall's snapshot and as live ``results`` events. A wall keeps the latest
of each question it may show: never an organiser-only one, and of a question
whose results wait for its close only how many answered (the hub already sends
no distribution then; the wall does not rely on that alone). Results that just
changed are shown first; the others take turns.
"""

from __future__ import annotations

from collections import deque

from shared import protocol


def for_the_wall(result: protocol.PollResult) -> protocol.PollResult | None:
    """``result`` as a wall may show it, or None when it is for the organiser only.

    Before a question with results ``after_close`` closes, only its ``n`` stays;
    a distribution below ``min_answers`` answers is dropped in any case, so no one's
    answer can be read off a wall even from a hub that sent one.
    """
    if result.shown == "organiser":
        return None
    waiting = result.shown == "after_close" and result.state != "closed"
    if waiting or result.n < result.min_answers:
        return result.model_copy(
            update={"distribution": None, "paper": None, "mean": None, "nps": None, "words": None}
        )
    return result.model_copy(update={"comments": []})  # comments are the organiser's


def suppressed(result: protocol.PollResult) -> bool:
    """Whether too few answered to show more than that."""
    return result.n < result.min_answers or (result.distribution is None and result.words is None)


class ResultBook:
    """The latest wall-visible results per question, and whose turn it is to be shown.

    Attributes:
        results: the latest result of each question a wall may show, by question id.
    """

    def __init__(self) -> None:
        self.results: dict[int, protocol.PollResult] = {}
        self._fresh: deque[int] = deque()  # changed since last shown, oldest change first
        self._turn = 0

    def replace(self, results: list[protocol.PollResult]) -> None:
        """Start again from a snapshot's results."""
        self.results.clear()
        self._fresh.clear()
        for result in results:
            self.take(result)

    def take(self, result: protocol.PollResult) -> protocol.PollResult | None:
        """A published result; returns it as the wall shows it, or None if it is not for walls.

        A question that turned organiser-only is dropped from the wall.
        """
        shown = for_the_wall(result)
        if shown is None:
            self.results.pop(result.id, None)
            if result.id in self._fresh:
                self._fresh.remove(result.id)
            return None
        if self.results.get(result.id) != shown and result.id not in self._fresh:
            self._fresh.append(result.id)
        self.results[result.id] = shown
        return shown

    def seen(self, poll_id: int) -> None:
        """The room just saw this question's latest results: not fresh any more."""
        if poll_id in self._fresh:
            self._fresh.remove(poll_id)

    def next(self) -> protocol.PollResult | None:
        """The result to show next: the one changed longest ago first, else the next in turn.

        A question no one answered yet has nothing to show and waits, except a naming
        vote that asks for proposals.
        """
        while self._fresh:
            poll_id = self._fresh.popleft()
            if poll_id in self.results and worth_showing(self.results[poll_id]):
                return self.results[poll_id]
        # the event's order, as the snapshot gave it
        ordered = [i for i, r in self.results.items() if worth_showing(r)]
        if not ordered:
            return None
        poll_id = ordered[self._turn % len(ordered)]
        self._turn += 1
        return self.results[poll_id]


def worth_showing(result: protocol.PollResult) -> bool:
    """Whether a result has anything for the room: answers, or a call for proposals."""
    asking = result.kind == "vote" and result.phase == "propose" and result.state == "open"
    return result.n > 0 or asking
