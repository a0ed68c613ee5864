"""Where a work session's ideas go on the wall: one column per question (pure, no Qt).

The wall follows a session through its phases. Before its first round begins it
shows the session's opening: each question on its card, the tables that start at
it, and a banner saying that the first round starts soon. While a question is private, its
column holds how many ideas each table posted, never a text; once the facilitator
reveals it, the column holds its ideas as post-its, grouped in the facilitator's
clusters (those not sorted yet last); at harvest, the ideas with the most dots. The
layout is computed whole from the state each time something changes; the board
animates each idea from where it was to where it is now.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from shared import harvest, protocol
from wall.layout import LOGICAL_H, LOGICAL_W, Rect

HEADER_H = 110
MARGIN = 20
CARD_H = 190  # the question on its card, and a line of figures under it
GAP = 14  # between post-its
HEADING_H = 40  # a cluster's label above its ideas
LARGEST = 170  # a post-it's side when there is room
SMALLEST = 64  # below this a post-it is not read from the back of a room: "+N more"
SIDES = (LARGEST, 150, 134, 120, 108, 96, 86, 76, SMALLEST)
TOP_IDEAS = 5  # at harvest
MAX_TILT = 3.0
BANNER_H = 320  # the opening's banner across the foot of the board
STARTER_H = 120  # a table's label under the question it starts at
STARTER_MIN_H = 44  # smaller than this a table's name is not read across the room

Mode = Literal["opening", "counts", "ideas", "harvest"]


@dataclass(frozen=True)
class Spot:
    """Where one idea's post-it lies (logical units): its centre, size and tilt."""

    cx: float
    cy: float
    w: float
    h: float
    angle: float = 0.0
    rank: int = 0  # at harvest: its place, 1 for the most dots (equal dots share one)

    def rect(self) -> Rect:
        """The untilted post-it's bounds."""
        return Rect(self.cx - self.w / 2, self.cy - self.h / 2, self.w, self.h)


@dataclass(frozen=True)
class Heading:
    """A cluster's label over its ideas; ``label`` "" is the group not sorted yet.

    ``ideas`` counts the post-its standing under it: an idea merged into another is
    that one's "+1 gelijk" badge, not counted again.
    """

    label: str
    rect: Rect
    ideas: int


@dataclass(frozen=True)
class TableCount:
    """How many ideas a table posted on a question while it is private."""

    table_id: int
    name: str
    position: int
    ideas: int
    rect: Rect
    here: bool = False  # the table works on this question in the round under way


@dataclass(frozen=True)
class TableStart:
    """A table that starts at a question in the first round, as the opening shows it."""

    table_id: int
    name: str
    host: str
    position: int
    rect: Rect


@dataclass
class Column:
    """One question's column."""

    question: protocol.CafeQuestionInfo
    number: int
    rect: Rect
    card: Rect
    mode: Mode
    total: int = 0  # ideas posted on it (revealed: those shown, merged ones apart)
    dots: int = 0
    headings: list[Heading] = field(default_factory=list)
    spots: dict[int, Spot] = field(default_factory=dict)
    counts: list[TableCount] = field(default_factory=list)
    more: int = 0  # ideas that did not fit
    merged: dict[int, int] = field(default_factory=dict)  # idea id -> ideas merged into it
    starting: list[TableStart] = field(default_factory=list)  # the opening: who starts here


def tilt(idea_id: int) -> float:
    """A small tilt of its own for each idea, the same on every wall and every layout."""
    return ((idea_id * 2654435761) % 1000 / 1000 - 0.5) * 2 * MAX_TILT


def shown(idea: protocol.IdeaInfo) -> bool:
    """Whether an idea stands on the wall by itself (not hidden, not merged into another)."""
    return idea.state == "visible" and idea.merged_into is None


class CafeState:
    """What a wall knows of one work session: its status, clusters and revealed ideas."""

    def __init__(self, view: protocol.CafeView) -> None:
        self.status = view.status
        self.clusters = {c.id: c for c in view.clusters}
        self.ideas = {i.id: i for i in view.ideas}

    @property
    def session(self) -> protocol.WorkSessionInfo:
        """The session as last told."""
        return self.status.session

    def revealed(self) -> set[int]:
        """The ids of the questions whose ideas walls may show."""
        return {q.id for q in self.session.questions if q.revealed}

    def apply_status(self, status: protocol.CafeStatus) -> None:
        """A CAFE event: phase, rounds, reveals and counts changed."""
        self.status = status
        # the clusters of revealed questions come with every status: renamed, made, dropped
        self.clusters = {c.id: c for c in status.clusters}
        revealed = self.revealed()
        # a question taken back out of view takes its texts with it
        self.ideas = {k: i for k, i in self.ideas.items() if i.question_id in revealed}

    def apply_idea(self, idea: protocol.IdeaInfo) -> None:
        """An IDEA event: a revealed idea appeared, or was edited, moved, merged or hidden."""
        if idea.question_id in self.revealed():
            self.ideas[idea.id] = idea

    def apply_cluster(self, cluster: protocol.ClusterInfo) -> None:
        """A cluster appeared or was renamed."""
        self.clusters[cluster.id] = cluster

    def round_now(self) -> tuple[int, protocol.CafeRoundInfo] | None:
        """The round running or paused, else the last one done, with its number (from 1)."""
        rounds = sorted(self.session.rounds, key=lambda r: r.position)
        for number, r in enumerate(rounds, 1):
            if r.state in ("running", "paused"):
                return number, r
        done = [(n, r) for n, r in enumerate(rounds, 1) if r.state == "done"]
        return done[-1] if done else None

    def first_round(self) -> protocol.CafeRoundInfo | None:
        """The session's first round, or None when it has none."""
        return min(self.session.rounds, key=lambda r: (r.position, r.id), default=None)

    def opening(self) -> bool:
        """Whether the session has not begun: its first round is yet to start.

        So while it is *ready*, and while it gathers with every round still waiting
        and no idea posted (the facilitator moved on before starting a round).
        """
        session = self.session
        if session.phase == "ready":
            return True
        return (
            session.phase == "gather"
            and bool(session.rounds)
            and all(r.state == "waiting" for r in session.rounds)
            and not any(c.ideas for c in self.status.counts)
        )


def banner() -> Rect:
    """Where the opening's banner lies: across the foot of the board."""
    return Rect(MARGIN, LOGICAL_H - MARGIN - BANNER_H, LOGICAL_W - 2 * MARGIN, BANNER_H)


def layout(state: CafeState) -> list[Column]:
    """Every question's column, laid out for the state now."""
    questions = sorted(state.session.questions, key=lambda q: q.position)
    if not questions:
        return []
    width = (LOGICAL_W - MARGIN) / len(questions)
    opening = state.opening()
    # the opening's columns end above its banner
    bottom = banner().y - GAP if opening else LOGICAL_H - MARGIN
    columns = []
    for number, question in enumerate(questions, 1):
        x = MARGIN + (number - 1) * width
        rect = Rect(x, HEADER_H + MARGIN, width - MARGIN, bottom - HEADER_H - MARGIN)
        card = Rect(rect.x, rect.y, rect.w, CARD_H)
        body = Rect(rect.x, rect.y + CARD_H + GAP, rect.w, rect.h - CARD_H - GAP)
        ideas = [i for i in state.ideas.values() if i.question_id == question.id]
        column = Column(question, number, rect, card, "counts")
        if opening:
            column.mode = "opening"
            _starting(column, state, body)
        elif not question.revealed:
            _counts(column, state, body)
        else:
            merged: dict[int, int] = {}
            for idea in ideas:
                if idea.state == "visible" and idea.merged_into is not None:
                    merged[idea.merged_into] = merged.get(idea.merged_into, 0) + 1
            column.merged = merged
            standing = [i for i in ideas if shown(i)]
            column.total = len(standing)
            column.dots = sum(i.dots or 0 for i in standing)
            if state.session.phase == "harvest" and any(i.dots for i in standing):
                column.mode = "harvest"
                _harvest(column, standing, body)
            else:
                column.mode = "ideas"
                _ideas(column, standing, state, body)
        columns.append(column)
    return columns


def _counts(column: Column, state: CafeState, body: Rect) -> None:
    tables = sorted(state.session.tables, key=lambda t: t.position)
    per_table = {
        c.table_id: c.ideas for c in state.status.counts if c.question_id == column.question.id
    }
    column.total = sum(per_table.values())
    if not tables:
        return
    row = min(190.0, body.h / len(tables))
    current = state.round_now()
    working = (
        current[1].plan
        if current is not None and current[1].state in ("running", "paused")
        else None
    )
    for n, table in enumerate(tables):
        column.counts.append(
            TableCount(
                table.id,
                table.name,
                n,
                per_table.get(table.id, 0),
                Rect(body.x, body.y + n * row, body.w, row - GAP / 2),
                working is not None and working.get(table.id) == column.question.id,
            )
        )


def _starting(column: Column, state: CafeState, body: Rect) -> None:
    """The tables whose first round is at this question (none when every table does all)."""
    first = state.first_round()
    if first is None or first.plan is None:
        return  # no plan: every table takes every question, as the banner says
    tables = sorted(state.session.tables, key=lambda t: (t.position, t.id))
    order = {t.id: n for n, t in enumerate(tables)}
    here = [t for t in tables if first.plan.get(t.id) == column.question.id]
    if not here:
        return
    room = body.h - HEADING_H
    row = max(min(float(STARTER_H), room / len(here)), float(STARTER_MIN_H))
    fits = max(int(room // row), 1)
    if fits < len(here):  # more tables than lines: the last line says how many more
        fits -= 1
        column.more = len(here) - fits
    for n, table in enumerate(here[:fits]):
        column.starting.append(
            TableStart(
                table.id,
                table.name,
                table.host,
                order[table.id],
                Rect(body.x, body.y + HEADING_H + n * row, body.w, row - GAP / 2),
            )
        )


def _groups(
    standing: list[protocol.IdeaInfo], state: CafeState, question_id: int
) -> list[tuple[str, list[protocol.IdeaInfo]]]:
    """The ideas per cluster in the facilitator's order; those not sorted yet last."""
    clusters = sorted(
        (c for c in state.clusters.values() if c.question_id == question_id),
        key=lambda c: (c.position, c.id),
    )
    known = {c.id for c in clusters}
    order = sorted(standing, key=lambda i: (i.minute, i.id))
    groups = [(c.label, [i for i in order if i.cluster_id == c.id]) for c in clusters]
    groups = [(label, ideas) for label, ideas in groups if ideas]
    loose = [i for i in order if i.cluster_id not in known]
    if loose:
        groups.append(("", loose))
    return groups


def _ideas(column: Column, standing: list[protocol.IdeaInfo], state: CafeState, body: Rect) -> None:
    groups = _groups(standing, state, column.question.id)
    labelled = len(groups) > 1 or bool(groups and groups[0][0])

    def height(side: float) -> float:
        across = max(1, int((body.w + GAP) // (side + GAP)))
        rows = sum(math.ceil(len(ideas) / across) for _, ideas in groups)
        return rows * (side + GAP) + (HEADING_H * len(groups) if labelled else 0)

    # a few sizes only: each new size draws the column's post-its again
    side = next((float(s) for s in SIDES if height(s) <= body.h), float(SMALLEST))
    across = max(1, int((body.w + GAP) // (side + GAP)))
    left = body.x + (body.w - (across * (side + GAP) - GAP)) / 2
    y = body.y
    for label, ideas in groups:
        if labelled:
            if y + HEADING_H + side > body.y + body.h:
                column.more += len(ideas)
                continue
            column.headings.append(Heading(label, Rect(body.x, y, body.w, HEADING_H), len(ideas)))
            y += HEADING_H
        for n, idea in enumerate(ideas):
            row, place = divmod(n, across)
            top = y + row * (side + GAP)
            if top + side > body.y + body.h:
                column.more += len(ideas) - n
                break
            column.spots[idea.id] = Spot(
                left + place * (side + GAP) + side / 2, top + side / 2, side, side, tilt(idea.id)
            )
        y += math.ceil(len(ideas) / across) * (side + GAP)


def _harvest(column: Column, standing: list[protocol.IdeaInfo], body: Rect) -> None:
    # an idea without a dot is no top idea; equal dots share a place (1, 1, 3), as in
    # the console and the report; more ideas tied within the top than rows: "+N more"
    placed = harvest.ranked(standing, TOP_IDEAS)
    if not placed:
        return
    column.more = max(0, len(placed) - TOP_IDEAS)
    row = min(170.0, body.h / TOP_IDEAS)
    for n, top in enumerate(placed[:TOP_IDEAS]):
        column.spots[top.idea.id] = Spot(
            body.x + body.w / 2,
            body.y + n * row + (row - GAP) / 2,
            body.w - 8,
            row - GAP,
            tilt(top.idea.id) / 3,
            rank=top.place,
        )
