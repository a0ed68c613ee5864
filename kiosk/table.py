"""A pillar in table mode: one table of a work session (world café, brainstorm), without Qt.

The pillar belongs to a table. It shows the question the table works on in the
round under way and the time left, takes ideas as post-its without a ticket
(a table is a group: an idea names nobody), lets attendees scan to join the
table so the report can count them, and in the vote lets a ticket spend its
dots. Every action is committed to the outbox before the screen says done; an
idea leaves like a note, at the next minute boundary with the others of that
minute (:class:`kiosk.outbox.Release`).

While the session gathers, the table sees its own ideas only: those the hub
returns for this table, and those still waiting in this pillar's outbox.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from kiosk.content import Content
from kiosk.outbox import Outbox, stamp
from shared import protocol
from shared.i18n import Text
from shared.tickets import MESSAGES, Verdict

MAX_IDEA = protocol.MAX_IDEA_CHARS

NO_TABLE = Text(
    "Deze zuil hoort (nog) bij geen tafel van een werksessie.",
    "This pillar does not belong to a table of a work session (yet).",
)
NOT_READY = Text(
    "Deze zuil is nog niet klaar. Meld je bij de facilitator.",
    "This pillar is not ready yet. Please tell the facilitator.",
)
NOT_A_TICKET = Text("Dat is geen ticket.", "That is not a ticket.")


@dataclass(frozen=True)
class TableSpot:
    """Where the pillar is: a work session and one of its tables."""

    session: protocol.WorkSessionInfo
    table: protocol.CafeTableInfo


def find_table(content: Content, code: str | None) -> TableSpot | None:
    """The table a code names: ``TABLE`` or ``SESSION/TABLE`` (codes in any case).

    A bare table code that more than one session has names the first session's.
    """
    if not code:
        return None
    wanted_session, _, wanted_table = code.strip().upper().rpartition("/")
    for session in sorted(content.sessions.values(), key=lambda s: (s.code, s.id)):
        if wanted_session and session.code.upper() != wanted_session:
            continue
        for table in session.tables:
            if table.code.upper() == wanted_table:
                return TableSpot(session, table)
    return None


def live_round(session: protocol.WorkSessionInfo) -> protocol.CafeRoundInfo | None:
    """The round running or paused now, if any."""
    return next((r for r in session.rounds if r.state in ("running", "paused")), None)


def next_round(session: protocol.WorkSessionInfo) -> protocol.CafeRoundInfo | None:
    """The first round still waiting to start."""
    waiting = [r for r in session.rounds if r.state == "waiting"]
    return min(waiting, key=lambda r: r.position) if waiting else None


def round_number(session: protocol.WorkSessionInfo, round_: protocol.CafeRoundInfo) -> int:
    """A round's number, counted from 1 in the session's order."""
    ordered = sorted(session.rounds, key=lambda r: (r.position, r.id))
    return next(n for n, r in enumerate(ordered, 1) if r.id == round_.id)


def questions_at(
    session: protocol.WorkSessionInfo,
    table: protocol.CafeTableInfo,
    round_: protocol.CafeRoundInfo | None,
) -> list[protocol.CafeQuestionInfo]:
    """The questions a table works on in a round (all of them without a round or a plan)."""
    ordered = sorted(session.questions, key=lambda q: (q.position, q.id))
    if round_ is None or round_.plan is None:
        return ordered
    chosen = round_.plan.get(table.id)
    return [q for q in ordered if q.id == chosen]


def seconds_left(round_: protocol.CafeRoundInfo, now: datetime) -> int | None:
    """What is left of a round at ``now`` on the hub's clock (None when it has no clock)."""
    if round_.state == "paused":
        return max(round_.left_s or 0, 0)
    if round_.state == "running" and round_.ends_at is not None:
        return max(int((round_.ends_at - now).total_seconds() + 0.999), 0)
    return None


def clock_text(seconds: int) -> str:
    """``m:ss`` (or ``h:mm:ss`` for an hour or more)."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Mode(StrEnum):
    """What the table screen offers now."""

    NO_TABLE = "no_table"  # not bound to a table the content knows
    WAITING = "waiting"  # ready, or gather between rounds
    WRITING = "writing"  # gather, a round running: ideas come in
    PAUSED = "paused"  # gather, the round paused
    SITTING_OUT = "sitting_out"  # gather, a round whose plan gives this table no question
    SORTING = "sorting"  # the facilitator sorts
    VOTING = "voting"  # dot voting: scan to vote
    HARVEST = "harvest"  # the results


@dataclass(frozen=True)
class TableState:
    """The table screen's content at one moment.

    Attributes:
        left_s: what is left of the round (None without a round clock).
        round_no: the live (or next) round's number, and ``rounds`` how many there are.
    """

    mode: Mode
    spot: TableSpot | None = None
    round: protocol.CafeRoundInfo | None = None
    round_no: int = 0
    rounds: int = 0
    questions: list[protocol.CafeQuestionInfo] = field(default_factory=list)
    left_s: int | None = None


@dataclass(frozen=True)
class Voter:
    """An attendee who scanned to vote (kept only while the ballot is on screen)."""

    attendee_id: int
    ticket: str


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan at a table did.

    Attributes:
        joined: the attendee joined the table for this round (False: already had).
        voter: in the vote, who may now spend their dots.
        message: why the scan did nothing (refused ticket, nothing to scan for).
    """

    joined: bool = False
    voter: Voter | None = None
    message: Text | None = None


NOTHING_TO_SCAN = Text(
    "Er is nu niets om voor te scannen: wacht op de volgende ronde.",
    "There is nothing to scan for now: wait for the next round.",
)
ALREADY_VOTED = Text(
    "Met dit ticket is op elke vraag al gestemd.", "This ticket has voted on every question."
)


@dataclass(frozen=True)
class PostedIdea:
    """An idea of this table: from the hub, or still waiting in the outbox (``pending``)."""

    id: int | None
    question_id: int
    text: str
    pending: bool = False
    cluster_id: int | None = None


class Table:
    """The pillar's table, its state and what attendees do at it.

    Args:
        content: what the pillar knows (its ``sessions`` name the tables).
        outbox: where actions are committed.
        code: the table's code (``TABLE`` or ``SESSION/TABLE``), None for none.
    """

    def __init__(self, content: Content, outbox: Outbox, code: str | None) -> None:
        self.content = content
        self.outbox = outbox
        self.code = code
        self.view: protocol.CafeView | None = None  # the hub's answer for this table
        self.bound_to: int | None = None  # the table id the hub has this pillar bound to
        self._joined: set[tuple[int, int]] = set()  # (round id, attendee): said once
        self._voted: set[tuple[int, int]] = set()  # (attendee, question): ballot cast here

    # -- where and when ----------

    @property
    def spot(self) -> TableSpot | None:
        """The session and table this pillar belongs to (None when unknown)."""
        return find_table(self.content, self.code)

    def state(self, now: datetime | None = None) -> TableState:
        """What the table screen shows at ``now`` (the hub's clock; default: this one's)."""
        spot = self.spot
        if spot is None:
            return TableState(Mode.NO_TABLE)
        now = now or datetime.now(UTC)
        session, table = spot.session, spot.table
        live = live_round(session)
        shown = live or next_round(session)
        number = round_number(session, shown) if shown is not None else 0
        mode = {
            "ready": Mode.WAITING,
            "sort": Mode.SORTING,
            "vote": Mode.VOTING,
            "harvest": Mode.HARVEST,
        }.get(session.phase, Mode.WAITING)
        if session.phase == "gather" and live is not None:
            mode = Mode.WRITING if live.state == "running" else Mode.PAUSED
        left = seconds_left(live, now) if live is not None else None
        if mode is Mode.WRITING and left == 0:
            mode = Mode.WAITING  # time is up: the hub refuses what comes after
        voting = mode is Mode.VOTING
        questions = self.votable() if voting else questions_at(session, table, shown)
        if mode in (Mode.WRITING, Mode.PAUSED) and not questions:
            mode = Mode.SITTING_OUT  # the round's plan leaves this table out
        return TableState(
            mode, spot, shown, number, len(session.rounds), questions, left if live else None
        )

    # -- ideas ----------

    def post_idea(
        self, question_id: int, text: str, now: datetime | None = None
    ) -> protocol.IdeaAction:
        """Put an idea on the table: committed to the outbox, no ticket.

        Args:
            question_id: the question it answers.
            text: the idea.
            now: the hub's time now (default: this pillar's clock).

        Raises:
            ValueError: empty or too long, or the table takes no idea on that question now.
        """
        cleaned = text.strip()
        if not cleaned:
            raise ValueError("empty idea")
        if len(cleaned) > MAX_IDEA:
            raise ValueError("idea too long")
        state = self.state(now)
        if state.mode is not Mode.WRITING or state.spot is None:
            raise ValueError("the table takes no ideas now")
        if question_id not in {q.id for q in state.questions}:
            raise ValueError("this table does not work on that question now")
        action = protocol.IdeaAction(
            **stamp(), question_id=question_id, table_id=state.spot.table.id, text=cleaned
        )
        self.outbox.queue(action)
        return action

    def ideas(self, question_id: int) -> list[PostedIdea]:
        """This table's ideas on a question: the hub's, then those not sent yet.

        Only ideas of this table, whatever the hub returned (a revealed question's
        ideas of other tables are for the vote, not for writing).
        """
        spot = self.spot
        if spot is None:
            return []
        table_id = spot.table.id
        shown: list[PostedIdea] = []
        if self.view is not None:
            shown = [
                PostedIdea(i.id, i.question_id, i.text, cluster_id=i.cluster_id)
                for i in sorted(self.view.ideas, key=lambda i: (i.minute, i.id))
                if i.question_id == question_id
                and i.table_id == table_id
                and i.state == "visible"
                and i.merged_into is None
            ]
        for item in self.outbox.pending():
            action = item.action
            if (
                isinstance(action, protocol.IdeaAction)
                and action.question_id == question_id
                and action.table_id == table_id
            ):
                shown.append(PostedIdea(None, action.question_id, action.text, pending=True))
        return shown

    # -- scans ----------

    def scan(self, text: str, today: date, now: datetime | None = None) -> ScanOutcome:
        """A ticket at the table: join it for this round, or (in the vote) open a ballot."""
        verifier = self.content.verifier()
        if verifier is None:
            return ScanOutcome(message=NOT_READY)
        check = verifier.check(text, today=today)
        if check.verdict is Verdict.NOT_A_TICKET:
            return ScanOutcome(message=NOT_A_TICKET)
        if not check.valid or check.payload is None:
            return ScanOutcome(message=MESSAGES[check.verdict].attendee)
        attendee = check.payload.attendee_id
        state = self.state(now)
        if state.mode is Mode.VOTING:
            if not [q for q in state.questions if (attendee, q.id) not in self._voted]:
                return ScanOutcome(message=ALREADY_VOTED)
            return ScanOutcome(voter=Voter(attendee, text.strip()))
        # the round under way, or else the next one: the hub counts the join for it
        joining = state.round
        closed = (Mode.SORTING, Mode.HARVEST, Mode.SITTING_OUT)
        if state.spot is None or joining is None or state.mode in closed:
            return ScanOutcome(message=NOTHING_TO_SCAN)
        if (joining.id, attendee) in self._joined:
            return ScanOutcome(joined=False)
        self.outbox.queue(
            protocol.JoinAction(**stamp(), ticket=text.strip(), table_id=state.spot.table.id)
        )
        self._joined.add((joining.id, attendee))
        return ScanOutcome(joined=True)

    # -- dots ----------

    def votable(self) -> list[protocol.CafeQuestionInfo]:
        """The questions whose ideas may get dots here: revealed ones with ideas to vote on."""
        spot = self.spot
        if spot is None:
            return []
        with_ideas = {i.question_id for i in self.candidates()}
        return [
            q
            for q in sorted(spot.session.questions, key=lambda q: (q.position, q.id))
            if q.revealed and q.id in with_ideas
        ]

    def candidates(self, question_id: int | None = None) -> list[protocol.IdeaInfo]:
        """The ideas a dot may go to: visible, not merged into another, of a revealed question."""
        if self.spot is None or self.view is None:
            return []
        # revealed as the view itself says: a view read before the reveal (or before the
        # facilitator's last merges) offers nothing, until the next one is read
        revealed = {q.id for q in self.view.status.session.questions if q.revealed}
        return [
            i
            for i in self.view.ideas
            if i.question_id in revealed
            and (question_id is None or i.question_id == question_id)
            and i.state == "visible"
            and i.merged_into is None
        ]

    def has_voted(self, voter: Voter, question_id: int) -> bool:
        """Whether this ticket's ballot on the question was cast at this pillar."""
        return (voter.attendee_id, question_id) in self._voted

    def cast(self, voter: Voter, question_id: int, ideas: list[int]) -> protocol.DotsAction:
        """Spend a ticket's dots on one question's ideas: one ballot, committed to the outbox.

        Raises:
            ValueError: no dots, more than the session allows (in all, or on one idea),
                an idea that cannot get a dot, or a second ballot from this ticket.
        """
        spot = self.spot
        if spot is None:
            raise ValueError("no table")
        session = spot.session
        if session.phase != "vote":
            raise ValueError("the vote is not open")
        if not ideas:
            raise ValueError("no dots placed")
        if len(ideas) > session.dots:
            raise ValueError(f"at most {session.dots} dots")
        if max(Counter(ideas).values()) > session.dots_per_idea:
            raise ValueError(f"at most {session.dots_per_idea} dots on one idea")
        allowed = {i.id for i in self.candidates(question_id)}
        if not set(ideas) <= allowed:
            raise ValueError("a dot on an idea that cannot get one")
        if (voter.attendee_id, question_id) in self._voted:
            raise ValueError("this ticket voted on this question already")
        action = protocol.DotsAction(
            **stamp(), ticket=voter.ticket, question_id=question_id, ideas=sorted(ideas)
        )
        self.outbox.queue(action)
        self._voted.add((voter.attendee_id, question_id))
        return action
