"""Keeping a wall's work-session board in step with the hub.

The board starts from the session's view (what a wall may see: its opening before
the first round, counts, and the ideas of revealed questions), then follows the
live stream: a CAFE event brings the phase, the rounds and the counts, an IDEA
event one revealed idea. When an event says more than it carries (a question was
revealed, the vote closed so the dots are known, a cluster the board has not
heard of) the view is fetched again; events that arrive meanwhile are applied
after it, so none is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from shared import protocol
from wall.cafeboard import CafeBoard

log = logging.getLogger("zuil.wall.cafe")


def showing(view: protocol.CafeView | None) -> bool:
    """Whether a wall shows the session instead of the tip and top walls.

    From before its first round (its opening) to its harvest: the hub names a
    session only when the event has one (see :func:`wall.feed.choose_session`).
    """
    return view is not None


class CafeFollower:
    """Feeds a :class:`CafeBoard` from the hub's view and live events.

    Args:
        board: the board to keep up to date.
        fetch: asks the hub for the session's view (None: no session, or no hub).
        on_showing: told whether the wall should show the board (a session under way).
    """

    def __init__(
        self,
        board: CafeBoard,
        fetch: Callable[[], Awaitable[protocol.CafeView | None]],
        on_showing: Callable[[bool], None],
    ) -> None:
        self.board = board
        self._fetch = fetch
        self._on_showing = on_showing
        self._refreshing = False
        self._again = False
        self._during: list[protocol.LiveEvent] = []

    async def refresh(self) -> None:
        """Fetch the session's view and show it (once more if asked again meanwhile)."""
        if self._refreshing:
            self._again = True
            return
        self._refreshing = True
        try:
            while True:
                self._again = False
                view = await self._fetch()
                if view is not None:
                    log.info(
                        "session %s shown: phase %s, %d ideas",
                        view.status.session.code,
                        view.status.session.phase,
                        len(view.ideas),
                    )
                    self.board.set_view(view)
                during, self._during = self._during, []
                for event in during:
                    self._apply(event)
                self._on_showing(showing(view) if view is not None else False)
                if not self._again:
                    break
        finally:
            self._refreshing = False

    def on_event(self, event: protocol.LiveEvent) -> bool:
        """Apply a CAFE or IDEA event; whether the view must be fetched again."""
        if event.kind not in (protocol.LiveEventKind.CAFE, protocol.LiveEventKind.IDEA):
            return False
        if self._refreshing:
            self._during.append(event)
            return False
        return self._apply(event)

    def _apply(self, event: protocol.LiveEvent) -> bool:
        state = self.board.state
        if event.kind is protocol.LiveEventKind.CAFE and event.cafe is not None:
            status = event.cafe
            if state is None or state.session.id != status.session.id:
                return True  # a session the board does not show: the hub says which one
            before = (state.session.phase, state.revealed())
            self.board.apply_status(status)
            phase, revealed = (
                status.session.phase,
                {q.id for q in status.session.questions if q.revealed},
            )
            self._on_showing(True)
            # texts of a newly revealed question, dots once the vote closed: in the view
            return bool(revealed - before[1]) or (phase == "harvest" and before[0] != "harvest")
        if event.kind is protocol.LiveEventKind.IDEA and event.idea is not None:
            if state is None or not self.board.knows_cluster(event.idea.cluster_id):
                return True
            self.board.apply_idea(event.idea)
        return False
