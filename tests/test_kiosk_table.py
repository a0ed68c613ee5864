"""The pillar's table mode without Qt: rounds, the clock, ideas, joins and dot ballots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.content import Content
from kiosk.table import (
    Mode,
    Table,
    clock_text,
    find_table,
    questions_at,
    seconds_left,
)
from shared import protocol
from shared.datadir import DataDir
from shared.hub import queries
from shared.protocol import Role
from shared.store import Store
from tests.helpers.clock import moving_outbox
from tests.helpers.hub import ticket_of

TODAY = date.today()
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


def work_session(
    phase: protocol.SessionPhase = "gather",
    states: tuple[protocol.RoundState, ...] = ("running", "waiting"),
    revealed: bool = False,
    dots_per_idea: int = 1,
) -> protocol.WorkSessionInfo:
    questions = [
        protocol.CafeQuestionInfo(
            id=10 + n, position=n, code=f"Q{n}", text=f"Vraag {n}?", revealed=revealed
        )
        for n in range(3)
    ]
    tables = [
        protocol.CafeTableInfo(id=20 + n, position=n, code=f"T{n + 1}", name=f"Tafel {n + 1}")
        for n in range(3)
    ]
    rounds = []
    for n, state in enumerate(states):
        plan = {20: 10 + n, 21: 11 + n, 22: 10 + (n + 2) % 3} if n == 0 else None
        rounds.append(
            protocol.CafeRoundInfo(
                id=30 + n,
                position=n,
                minutes=20,
                plan=plan,
                state=state,
                ends_at=NOW + timedelta(minutes=5) if state == "running" else None,
                left_s=125 if state == "paused" else None,
            )
        )
    return protocol.WorkSessionInfo(
        id=1,
        code="CAFE",
        title="World café",
        dots=3,
        dots_per_idea=dots_per_idea,
        phase=phase,
        questions=questions,
        tables=tables,
        rounds=rounds,
    )


def idea(idea_id: int, question: int, table: int, text: str, **more: object) -> protocol.IdeaInfo:
    return protocol.IdeaInfo.model_validate(
        {
            "id": idea_id,
            "question_id": question,
            "table_id": table,
            "text": text,
            "minute": "2026-11-26T10:00",
            **more,
        }
    )


@pytest.fixture
def content(demo_store: Store) -> Content:
    content = Content()
    with demo_store.snapshot() as db:
        content.merge(queries.content_since(db, 0, Role.KIOSK))
    content.sessions[1] = work_session()
    return content


@pytest.fixture
def table(content: Content, tmp_path: Path) -> Table:
    return Table(content, moving_outbox(tmp_path / "k.db"), "t1")


def test_a_code_names_a_table_in_any_case_with_or_without_its_session(content: Content) -> None:
    spot = find_table(content, "cafe/T2")
    assert spot is not None
    assert spot.table.id == 21
    assert find_table(content, "t3") is not None
    assert find_table(content, "OTHER/T1") is None
    assert find_table(content, "T9") is None
    assert find_table(content, None) is None


def test_the_plan_gives_each_table_its_question_and_no_plan_gives_all() -> None:
    session = work_session()
    first, second = session.rounds
    assert [q.id for q in questions_at(session, session.tables[2], first)] == [12]
    assert [q.id for q in questions_at(session, session.tables[0], second)] == [10, 11, 12]


def test_the_round_clock_counts_down_and_stands_still_when_paused() -> None:
    running, paused = work_session(states=("running", "paused")).rounds
    assert seconds_left(running, NOW) == 300
    assert seconds_left(running, NOW + timedelta(seconds=299.5)) == 1
    assert seconds_left(running, NOW + timedelta(minutes=9)) == 0
    assert seconds_left(paused, NOW + timedelta(hours=1)) == 125
    assert clock_text(125) == "2:05"
    assert clock_text(3725) == "1:02:05"


def test_the_mode_follows_phase_and_round(table: Table, content: Content) -> None:
    state = table.state(NOW)
    assert (state.mode, state.round_no, state.rounds, state.left_s) == (Mode.WRITING, 1, 2, 300)
    assert [q.id for q in state.questions] == [10]
    assert table.state(NOW + timedelta(minutes=6)).mode is Mode.WAITING  # time is up
    content.sessions[1] = work_session(states=("paused", "waiting"))
    assert table.state(NOW).mode is Mode.PAUSED
    content.sessions[1] = work_session(states=("done", "waiting"))
    state = table.state(NOW)
    assert (state.mode, state.round_no, state.left_s) == (Mode.WAITING, 2, None)
    assert len(state.questions) == 3  # the next round has no plan
    content.sessions[1] = work_session(phase="ready", states=("waiting", "waiting"))
    assert table.state(NOW).mode is Mode.WAITING
    phases: list[tuple[protocol.SessionPhase, Mode]] = [
        ("sort", Mode.SORTING),
        ("vote", Mode.VOTING),
        ("harvest", Mode.HARVEST),
    ]
    for phase, mode in phases:
        content.sessions[1] = work_session(phase=phase, states=("done", "done"))
        assert table.state(NOW).mode is mode
    left_out = work_session()
    plan = {21: 11, 22: 12}  # table 20 sits the first round out
    first = left_out.rounds[0].model_copy(update={"plan": plan})
    content.sessions[1] = left_out.model_copy(update={"rounds": [first, left_out.rounds[1]]})
    assert table.state(NOW).mode is Mode.SITTING_OUT
    table.code = "T9"
    assert table.state(NOW).mode is Mode.NO_TABLE


def test_an_idea_needs_a_running_round_and_the_tables_question(
    table: Table, content: Content
) -> None:
    with pytest.raises(ValueError, match=r"does not work"):
        table.post_idea(11, "Elkaar vaker opzoeken", NOW)
    with pytest.raises(ValueError, match="empty"):
        table.post_idea(10, "   ", NOW)
    with pytest.raises(ValueError, match="too long"):
        table.post_idea(10, "x" * (protocol.MAX_IDEA_CHARS + 1), NOW)
    action = table.post_idea(10, "  Elkaar vaker opzoeken ", NOW)
    assert (action.question_id, action.table_id, action.text) == (10, 20, "Elkaar vaker opzoeken")
    assert not hasattr(action, "ticket")  # a table is a group: an idea names nobody
    assert table.outbox.due(anonymous=True) == []  # held until the minute is over, like a note
    content.sessions[1] = work_session(states=("paused", "waiting"))
    with pytest.raises(ValueError, match="no ideas now"):
        table.post_idea(10, "Nog een", NOW)


def test_the_table_sees_its_own_ideas_only_the_hubs_and_those_not_sent(table: Table) -> None:
    table.post_idea(10, "Nog onderweg", NOW)
    status = protocol.CafeStatus(session=work_session(), counts=[])
    table.view = protocol.CafeView(
        status=status,
        clusters=[],
        ideas=[
            idea(5, 10, 20, "Van ons"),
            idea(6, 10, 21, "Van een andere tafel"),
            idea(7, 10, 20, "Verborgen", state="hidden"),
            idea(8, 10, 20, "Samengevoegd", merged_into=5),
            idea(9, 11, 20, "Andere vraag"),
        ],
    )
    shown = table.ideas(10)
    assert [(i.text, i.pending) for i in shown] == [("Van ons", False), ("Nog onderweg", True)]


def test_a_join_counts_once_per_round_at_this_pillar(
    table: Table, content: Content, demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    assert table.scan(ticket, TODAY, NOW).joined
    again = table.scan(ticket, TODAY, NOW)
    assert not again.joined
    assert again.message is None
    assert [p.kind for p in table.outbox.due()] == ["join"]
    content.sessions[1] = work_session(states=("done", "running"))
    assert table.scan(ticket, TODAY, NOW).joined  # the next round counts again
    assert table.scan("https://example.nl", TODAY).message is not None
    assert table.scan(ticket[:-3] + "AAA", TODAY).message is not None
    content.sessions[1] = work_session(phase="sort", states=("done", "done"))
    assert table.scan(ticket, TODAY, NOW).message is not None


def test_a_ballot_spends_at_most_the_sessions_dots_once_per_question(
    table: Table, content: Content, demo_dir: DataDir, demo_store: Store
) -> None:
    content.sessions[1] = work_session(phase="vote", states=("done", "done"), revealed=True)
    table.view = protocol.CafeView(
        status=protocol.CafeStatus(session=content.sessions[1], counts=[]),
        clusters=[],
        ideas=[
            idea(5, 10, 20, "A"),
            idea(6, 10, 21, "B"),
            idea(7, 10, 22, "C"),
            idea(8, 10, 22, "D"),
            idea(9, 10, 20, "E", state="hidden"),
            idea(4, 11, 20, "F"),
        ],
    )
    assert [q.id for q in table.votable()] == [10, 11]
    outcome = table.scan(ticket_of(demo_dir, demo_store, 2), TODAY)
    voter = outcome.voter
    assert voter is not None
    with pytest.raises(ValueError, match="at most 3 dots"):
        table.cast(voter, 10, [5, 6, 7, 8])  # a fourth dot
    with pytest.raises(ValueError, match="on one idea"):
        table.cast(voter, 10, [5, 5])
    with pytest.raises(ValueError, match="cannot get one"):
        table.cast(voter, 10, [9])  # hidden
    with pytest.raises(ValueError, match="cannot get one"):
        table.cast(voter, 10, [4])  # another question's
    action = table.cast(voter, 10, [7, 5, 6])
    assert (action.question_id, action.ideas) == (10, [5, 6, 7])
    assert table.has_voted(voter, 10)
    with pytest.raises(ValueError, match="already"):
        table.cast(voter, 10, [8])
    table.cast(voter, 11, [4])
    assert table.scan(voter.ticket, TODAY).message is not None  # nothing left to vote on


def test_more_dots_on_one_idea_when_the_session_allows(
    table: Table, content: Content, demo_dir: DataDir, demo_store: Store
) -> None:
    content.sessions[1] = work_session(
        phase="vote", states=("done", "done"), revealed=True, dots_per_idea=2
    )
    table.view = protocol.CafeView(
        status=protocol.CafeStatus(session=content.sessions[1], counts=[]),
        clusters=[],
        ideas=[idea(5, 10, 20, "A"), idea(6, 10, 21, "B")],
    )
    voter = table.scan(ticket_of(demo_dir, demo_store, 3), TODAY).voter
    assert voter is not None
    assert table.cast(voter, 10, [5, 5, 6]).ideas == [5, 5, 6]


def test_the_content_keeps_sessions_through_its_cache(content: Content) -> None:
    again = Content.from_json(dict(content.to_json()))
    assert again.sessions == content.sessions
    gone = protocol.ContentResponse(
        cursor=content.cursor + 1, deleted=[protocol.Deleted(kind="work_sessions", key=1)]
    )
    assert again.merge(gone)
    assert again.sessions == {}
