"""Table mode of the pillar window: the table screen in place of the attract screen.

``zuil kiosk --table CODE`` (or staff choosing a table in the staff panel) puts
the pillar at a work session's table. The window then shows :class:`TableScreen`
whenever no one is using it, hands every scanned ticket to the table (to join,
or in the vote to spend dots), pulls the session at every sync round so the
round's clock follows the facilitator, and asks the hub for the table's ideas.

The logic is :class:`kiosk.table.Table` (no Qt); the hub calls are
:mod:`kiosk.tablelink`. Most pillars stand at no table: the logic, the hub calls
and the screen are loaded the first time the pillar is at one (or staff look).
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.hublink import PULL_S

if TYPE_CHECKING:
    from kiosk.app import KioskWindow
    from kiosk.screens.table import TableScreen
    from kiosk.table import PostedIdea, Table

TICK_MS = 1000
BALLOT_IDLE_S = 45  # a ballot left alone this long is put away (as a session would end)
TABLE_PULL_S = 2.5  # a table pillar pulls the session at every sync round (every 3 s)


class TableMode(QObject):
    """The window's table: its screen, its clock, its scans, its hub calls.

    Args:
        window: the pillar window.
        code: the table's code from the command line (wins over staff's last choice).

    Signals:
        shown(): the table screen was filled anew (every tick and every change).
        view_loaded(): the hub's ideas for this table arrived.
        idea_posted(str): an idea went into the outbox (its action id).
        ballot_cast(str): a ticket's dots went into the outbox (its action id).
    """

    shown = Signal()
    view_loaded = Signal()
    idea_posted = Signal(str)
    ballot_cast = Signal(str)

    def __init__(self, window: KioskWindow, code: str | None) -> None:
        super().__init__(window)
        self.window = window
        if code:
            window.outbox.put("table", code)
        self._code = code or window.outbox.get("table")  # until the table is made
        self._table: Table | None = None
        self._screen: TableScreen | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.refresh)
        self._binding = False
        self._fetching = False
        self._follow_link()

    @property
    def table(self) -> Table:
        """The table's logic, made the first time it is needed."""
        if self._table is None:
            from kiosk.table import Table

            self._table = Table(self.window.content, self.window.outbox, self._code)
        return self._table

    @property
    def screen(self) -> TableScreen:
        """The table's screen, built the first time it is needed (most pillars are at none)."""
        if self._screen is None:
            from kiosk.screens.table import TableScreen

            screen = TableScreen()
            self.window.fit_screen(screen)
            self.window.stack.addWidget(screen)
            screen.posted.connect(self._on_posted)
            screen.cast.connect(self._on_cast)
            screen.ballot_closed.connect(self.refresh)
            self._screen = screen
        return self._screen

    @property
    def built(self) -> TableScreen | None:
        """The table's screen if it was built, else None (nothing is built for asking)."""
        return self._screen

    @property
    def active(self) -> bool:
        """Whether the pillar is at a table (a code is set, known to the content or not)."""
        return bool(self._table.code if self._table is not None else self._code)

    def set_code(self, code: str | None) -> None:
        """Staff put the pillar at another table (None: back to an ordinary pillar)."""
        self.table.code = code or None
        self.table.view = None  # the hub is told at once (after_content): bound anew, or to none
        self.window.outbox.put("table", code or None)
        self._follow_link()
        self.after_content()

    def _follow_link(self) -> None:
        self.window.link.pull_s = TABLE_PULL_S if self.active else PULL_S

    # -- the clock ----------

    def hub_now(self) -> datetime:
        """The hub's time now, by this pillar's clock and the offset the last sync measured."""
        status = self.window.link.status
        offset = status.clock_offset_s if status is not None else None
        return datetime.now(UTC) + timedelta(seconds=offset or 0.0)

    # -- showing ----------

    def show(self) -> None:
        """Put the table screen on the glass."""
        if not self.timer.isActive():
            self.timer.start()
        self.window.stack.setCurrentWidget(self.screen)
        self.refresh()

    def hide(self) -> None:
        """An ordinary pillar again: the clock stops, any ballot is put away."""
        self.timer.stop()
        if self._screen is not None and self._screen.voter is not None:
            self._screen.close_ballot()

    def refresh(self) -> None:
        """Fill the screen from the table's state now."""
        from kiosk.table import Mode

        if self.screen.voter is not None:
            idle = time.monotonic() - self.window.last_activity
            if idle >= BALLOT_IDLE_S:
                self.screen.close_ballot()
        state = self.table.state(self.hub_now())
        ideas: dict[int, list[PostedIdea]] = {}
        if state.mode is not Mode.VOTING:
            ideas = {q.id: self.table.ideas(q.id) for q in state.questions}
        self.screen.show_state(state, ideas, self.table.candidates())
        self.shown.emit()

    def set_lang(self, lang: str) -> None:
        """Retranslate the table screen (one not built yet is built in the window's language)."""
        if self._screen is not None:
            self._screen.set_lang(lang)
            self.refresh()

    # -- what attendees do ----------

    def handle_code(self, text: str) -> None:
        """A ticket held up at the table: join it, or open a ballot in the vote."""
        outcome = self.table.scan(text, date.today(), self.hub_now())
        if outcome.voter is not None:
            voted = {
                q.id for q in self.table.votable() if self.table.has_voted(outcome.voter, q.id)
            }
            self.screen.open_ballot(outcome.voter, voted)
        elif outcome.message is not None:
            self.screen.say(outcome.message)
        else:
            from kiosk import tabletexts as T

            self.screen.say(T.JOINED if outcome.joined else T.JOINED_BEFORE)
            self.window.sync_now()
        self.refresh()

    def post(self, question_id: int, text: str) -> bool:
        """Put an idea on the table, as typed on its screen; False when it is not taken now."""
        try:
            action = self.table.post_idea(question_id, text, self.hub_now())
        except ValueError:
            self.refresh()
            return False
        self.screen.idea_taken()
        self.refresh()
        self.idea_posted.emit(str(action.id))
        return True

    def _on_posted(self, question_id: int, text: str) -> None:
        self.post(question_id, text)

    def _on_cast(self, question_id: int, ideas: list[int]) -> None:
        voter = self.screen.voter
        if voter is None:
            return
        try:
            action = self.table.cast(voter, question_id, ideas)
        except ValueError:
            self.refresh()
            return
        self.screen.ballot_cast(question_id)
        self.refresh()
        self.ballot_cast.emit(str(action.id))
        self.window.sync_now()

    # -- the hub ----------

    def after_content(self) -> None:
        """New content: the table may be known now; bind to it at the hub."""
        if self._table is None and not self.active:
            return  # never at a table: none to bind to, nor to let go of
        spot = self.table.spot
        wanted = spot.table.id if spot is not None else None
        client = self.window.link.client
        if client is not None and wanted != self.table.bound_to and not self._binding:
            self._binding = True
            self.window.tasks.spawn(self._bind(wanted))
        shown = self._screen is not None and self.window.stack.currentWidget() is self._screen
        if self.active and shown:
            self.refresh()

    async def _bind(self, table_id: int | None) -> None:
        from kiosk import tablelink

        client = self.window.link.client
        try:
            if client is not None and await tablelink.bind(client, table_id):
                self.table.bound_to = table_id
        finally:
            self._binding = False
        if table_id is not None and self.table.bound_to == table_id:
            await self._fetch()

    def after_round(self) -> None:
        """A sync round ended: fetch what the hub has for this table now (bind it first)."""
        if self._table is None and not self.active:
            return  # never at a table: none to bind to, nor to let go of
        spot = self.table.spot
        wanted = spot.table.id if spot is not None else None
        if wanted != self.table.bound_to:
            self.after_content()  # not bound yet (offline at first), or staff chose another
        elif self.active and wanted is not None and not self._fetching:
            self._fetching = True
            self.window.tasks.spawn(self._fetch())

    async def _fetch(self) -> None:
        from kiosk import tablelink

        self._fetching = True
        client = self.window.link.client
        try:
            view = await tablelink.table_view(client) if client is not None else None
        finally:
            self._fetching = False
        if view is not None:
            self.table.view = view
            # the view's session is as new as the content's, or newer
            if view.status.session.id in self.table.content.sessions:
                self.table.content.sessions[view.status.session.id] = view.status.session
            self.refresh()
            self.view_loaded.emit()


def table_codes(window: KioskWindow) -> list[tuple[str, str]]:
    """Every table the content knows, as (code, label) for staff to choose from."""
    from kiosk.table import find_table

    found: list[tuple[str, str]] = []
    sessions = sorted(window.content.sessions.values(), key=lambda s: (s.code, s.id))
    for session in sessions:
        for table in sorted(session.tables, key=lambda t: (t.position, t.id)):
            code = f"{session.code}/{table.code}"
            if find_table(window.content, code) is not None:
                found.append((code, f"{table.name} · {session.title}"))
    return found
