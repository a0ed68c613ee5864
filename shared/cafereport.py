"""A work session's report for the alderman: every idea verbatim, the votes, who took part.

Built from the facilitator's :class:`~shared.protocol.CafeView` of the session (every
idea, hidden ones too), so the report reads the same whether it is made from the
hub's store (``zuil report --session``), by the console over the wire, or again
later from a session's own data folder. Without Qt: the PDF is laid out in
``kiosk/desk/cafereport.py``; the XLSX and CSV data are written here.

Per question: the ideas grouped by the facilitator's clusters (those not sorted
last) and within a cluster by table, each with its dots; an idea merged into
another stands under it, verbatim too. Hidden ideas are left out and counted. The
participation per round counts the attendees who scanned to join a table and the
ideas posted in that round (a round that never started is named so, not counted as
one with nobody at the tables); the top ideas are those placed in the first :data:`TOP`
places by their dots, equal dots sharing a place (:func:`shared.harvest.ranked`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from shared import harvest, protocol, sheets
from shared.hub import cafequeries

TOP = 3  # places per question among "the top ideas" (ideas tied for the third all stay)


@dataclass(frozen=True)
class ReportIdea:
    """One idea as the report prints it."""

    text: str
    table: str
    round: int | None  # its round's number (1, 2, ...), None when posted outside a round
    dots: int | None  # None until the vote closed
    tags: tuple[str, ...] = ()
    merged: tuple[str, ...] = ()  # the alike ideas merged into this one, verbatim
    place: int = 0  # among the top ideas: its place (equal dots share one); 0 elsewhere


@dataclass
class TableGroup:
    """A cluster's ideas from one table."""

    table: str
    ideas: list[ReportIdea]


@dataclass
class ClusterGroup:
    """A cluster's ideas by table; ``label`` "" holds the ideas no cluster took."""

    label: str
    tables: list[TableGroup]

    @property
    def count(self) -> int:
        """How many ideas the cluster holds (merged ones inside theirs)."""
        return sum(len(t.ideas) for t in self.tables)


@dataclass
class QuestionReport:
    """One question: its clusters, its top ideas, and what was left out."""

    code: str
    text: str
    revealed: bool
    clusters: list[ClusterGroup]
    top: list[ReportIdea]
    ideas: int  # standing on their own
    merged: int  # merged into another
    hidden: int  # left out by the facilitator
    dots: int | None  # every dot spent on the question; None until the vote closed


def shown_state(phase: protocol.SessionPhase, state: protocol.RoundState) -> str:
    """A round's state as the console and the report name it.

    Once the session is harvested a round that never started is ``unplayed``, not
    ``waiting``: no round starts after the harvest.
    """
    return "unplayed" if phase == "harvest" and state == "waiting" else state


@dataclass(frozen=True)
class RoundReport:
    """Participation in one round."""

    number: int
    minutes: int
    state: str  # as :func:`shown_state` names it
    participants: int  # attendees who scanned to join a table
    ideas: int  # ideas posted in it (hidden ones too: they were posted)

    @property
    def played(self) -> bool:
        """Whether the round started (one still to come, or never played, did not)."""
        return self.state not in ("waiting", "unplayed")


@dataclass
class CafeReport:
    """The whole report of one work session."""

    code: str
    title: str
    phase: str
    event: str
    made_at: datetime
    dots_per_person: int
    tables: list[str]
    questions: list[QuestionReport]
    rounds: list[RoundReport]
    hidden: int
    per_table: list[tuple[str, int]] = field(default_factory=list)  # ideas each table posted

    @property
    def ideas(self) -> int:
        """Ideas in the report (standing on their own plus those merged into them)."""
        return sum(q.ideas + q.merged for q in self.questions)

    @property
    def voted(self) -> bool:
        """Whether the vote closed, so the dots are known."""
        return any(q.dots is not None for q in self.questions)

    @property
    def participants(self) -> int:
        """The most attendees at the tables in any one round (each round counts anew)."""
        return max((r.participants for r in self.rounds), default=0)

    @property
    def played(self) -> list[RoundReport]:
        """The rounds that started."""
        return [r for r in self.rounds if r.played]


def build(view: protocol.CafeView, *, event: str = "", now: datetime | None = None) -> CafeReport:
    """The report from the facilitator's view of a session (every idea, hidden too)."""
    session = view.status.session
    tables = {t.id: t for t in session.tables}
    table_order = {t.id: (t.position, t.id) for t in session.tables}
    rounds = sorted(session.rounds, key=lambda r: (r.position, r.id))
    number = {r.id: n for n, r in enumerate(rounds, 1)}
    visible = [i for i in view.ideas if i.state == "visible"]
    merged_into: dict[int, list[protocol.IdeaInfo]] = {}
    for idea in visible:
        if idea.merged_into is not None:
            merged_into.setdefault(idea.merged_into, []).append(idea)

    def as_report(idea: protocol.IdeaInfo) -> ReportIdea:
        table = tables.get(idea.table_id)
        return ReportIdea(
            text=idea.text,
            table=table.name if table else "?",
            round=number.get(idea.round) if idea.round is not None else None,
            dots=idea.dots,
            tags=tuple(idea.tags),
            merged=tuple(
                m.text for m in sorted(merged_into.get(idea.id, []), key=lambda m: (m.minute, m.id))
            ),
        )

    questions = []
    for q in sorted(session.questions, key=lambda q: (q.position, q.id)):
        own = [i for i in view.ideas if i.question_id == q.id]
        standing = [i for i in own if i.state == "visible" and i.merged_into is None]
        clusters = sorted(
            (c for c in view.clusters if c.question_id == q.id), key=lambda c: (c.position, c.id)
        )
        known = {c.id for c in clusters}
        groups = [(c.label, [i for i in standing if i.cluster_id == c.id]) for c in clusters]
        groups.append(("", [i for i in standing if i.cluster_id not in known]))
        report_groups = []
        for label, ideas in groups:
            if not ideas:
                continue
            by_table: dict[int, list[protocol.IdeaInfo]] = {}
            for idea in ideas:
                by_table.setdefault(idea.table_id, []).append(idea)
            report_groups.append(
                ClusterGroup(
                    label,
                    [
                        TableGroup(
                            tables[t].name if t in tables else "?",
                            [
                                as_report(i)
                                for i in sorted(
                                    by_table[t], key=lambda i: (-(i.dots or 0), i.minute, i.id)
                                )
                            ],
                        )
                        for t in sorted(by_table, key=lambda t: table_order.get(t, (0, t)))
                    ],
                )
            )
        voted = [i for i in standing if i.dots is not None]
        top = [replace(as_report(p.idea), place=p.place) for p in harvest.ranked(voted, TOP)]
        questions.append(
            QuestionReport(
                code=q.code,
                text=q.text,
                revealed=q.revealed,
                clusters=report_groups,
                top=top,
                ideas=len(standing),
                merged=sum(1 for i in own if i.state == "visible" and i.merged_into is not None),
                hidden=sum(1 for i in own if i.state == "hidden"),
                dots=sum(i.dots or 0 for i in voted) if voted else None,
            )
        )
    posted: dict[int, int] = {}
    for idea in view.ideas:
        if idea.round is not None:
            posted[idea.round] = posted.get(idea.round, 0) + 1
    return CafeReport(
        code=session.code,
        title=session.title,
        phase=session.phase,
        event=event,
        made_at=now or datetime.now(UTC),
        dots_per_person=session.dots,
        tables=[t.name for t in sorted(session.tables, key=lambda t: (t.position, t.id))],
        questions=questions,
        rounds=[
            RoundReport(
                number=n,
                minutes=r.minutes,
                state=shown_state(session.phase, r.state),
                participants=view.status.participants.get(r.id, 0),
                ideas=posted.get(r.id, 0),
            )
            for n, r in enumerate(rounds, 1)
        ],
        hidden=sum(1 for i in view.ideas if i.state == "hidden"),
        per_table=[
            (t.name, sum(1 for i in view.ideas if i.table_id == t.id and i.state == "visible"))
            for t in sorted(session.tables, key=lambda t: (t.position, t.id))
        ],
    )


def gather(db: Database, code: str, now: datetime | None = None) -> CafeReport | None:
    """The report of the session ``code`` from the store (one read snapshot), or None."""
    info = next((s for s in cafequeries.sessions(db) if s.code == code), None)
    view = None if info is None else cafequeries.view(db, info.id, "facilitator")
    if view is None:
        return None
    event = next(db.query("SELECT name FROM event WHERE id = 1"), None) or {}
    return build(view, event=str(event.get("name") or ""), now=now)


def every_idea(report: CafeReport) -> list[tuple[QuestionReport, str, ReportIdea, str]]:
    """Every idea in the report as (question, cluster, idea, merged into) rows, in order.

    An idea merged into another comes right after it, its text verbatim, with the
    text it went into.
    """
    rows = []
    for q in report.questions:
        for cluster in q.clusters:
            for group in cluster.tables:
                for idea in group.ideas:
                    rows.append((q, cluster.label, idea, ""))
                    for text in idea.merged:
                        rows.append((q, cluster.label, ReportIdea(text, "", None, None), idea.text))
    return rows


def data_tables(report: CafeReport) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The report's data as named tables (sheet or file name -> headers and rows)."""
    dots = "ja" if report.voted else "nee"
    return {
        "sessie": (
            ["wat", "waarde"],
            [
                ["code", report.code],
                ["titel", report.title],
                ["evenement", report.event],
                ["fase", report.phase],
                ["gemaakt", report.made_at.isoformat(timespec="minutes")],
                ["stippen per persoon", report.dots_per_person],
                ["stemming gesloten", dots],
                ["tafels", len(report.tables)],
                ["ideeën", report.ideas],
                ["verborgen ideeën (niet opgenomen)", report.hidden],
            ],
        ),
        "ideeen": (
            [
                "vraag",
                "vraagtekst",
                "cluster",
                "tafel",
                "ronde",
                "idee",
                "stippen",
                "tags",
                "samengevoegd met",
            ],
            [
                [
                    q.code,
                    q.text,
                    cluster,
                    idea.table,
                    idea.round if idea.round is not None else "",
                    idea.text,
                    idea.dots if idea.dots is not None else "",
                    ", ".join(idea.tags),
                    into,
                ]
                for q, cluster, idea, into in every_idea(report)
            ],
        ),
        "vragen": (
            ["vraag", "vraagtekst", "ideeën", "samengevoegd", "verborgen", "stippen"],
            [
                [q.code, q.text, q.ideas, q.merged, q.hidden, q.dots if q.dots is not None else ""]
                for q in report.questions
            ],
        ),
        "top": (
            ["vraag", "plaats", "idee", "tafel", "stippen"],
            [
                [q.code, idea.place, idea.text, idea.table, idea.dots]
                for q in report.questions
                for idea in q.top
            ],
        ),
        "tafels": (
            ["tafel", "ideeën"],
            [[name, count] for name, count in report.per_table],
        ),
        "deelname": (
            ["ronde", "minuten", "stand", "deelnemers", "ideeën"],
            [[r.number, r.minutes, r.state, r.participants, r.ideas] for r in report.rounds],
        ),
    }


def write_data(report: CafeReport, path: Path) -> list[Path]:
    """The data as one XLSX workbook (``.xlsx``) or a folder of CSV files (anything else)."""
    return sheets.write_tables(path, data_tables(report))
