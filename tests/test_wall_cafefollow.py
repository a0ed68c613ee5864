"""wall/cafefollow.py and the session a wall picks: events during a fetch are kept, a reveal
or the vote's end fetches the view again, a cluster's new name arrives with the status."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from shared import protocol
from tests.helpers.cafeview import view
from wall.cafeboard import CafeBoard
from wall.cafefollow import CafeFollower
from wall.feed import choose_session


def event(seq: int, **fields: object) -> protocol.LiveEvent:
    kind = protocol.LiveEventKind.CAFE if "cafe" in fields else protocol.LiveEventKind.IDEA
    return protocol.LiveEvent.model_validate(
        {"seq": seq, "kind": kind, "at": datetime.now(UTC), **fields}
    )


@pytest.fixture
def board(qtbot: QtBot) -> CafeBoard:
    board = CafeBoard()
    qtbot.addWidget(board)
    board.resize(960, 540)
    return board


def test_events_during_a_fetch_are_applied_after_it(board: CafeBoard) -> None:
    shown: list[bool] = []
    gate = asyncio.Event()
    fetched = view("sort", {1})

    async def fetch() -> protocol.CafeView:
        await gate.wait()
        return fetched

    follower = CafeFollower(board, fetch, shown.append)

    async def flow() -> None:
        task = asyncio.create_task(follower.refresh())
        await asyncio.sleep(0)  # the fetch is under way
        assert board.state is None
        idea = fetched.ideas[0].model_copy(update={"text": "Verbeterd tijdens het ophalen"})
        assert not follower.on_event(event(5, idea=idea))
        gate.set()
        await task
        assert board.state is not None
        assert board.state.ideas[idea.id].text == "Verbeterd tijdens het ophalen"

    asyncio.run(flow())
    assert shown == [True]


def test_a_reveal_and_the_vote_s_end_ask_for_the_view(board: CafeBoard) -> None:
    async def fetch() -> protocol.CafeView:
        return view("sort", {1})

    follower = CafeFollower(board, fetch, lambda _: None)
    asyncio.run(follower.refresh())
    same = view("sort", {1}).status
    assert not follower.on_event(event(1, cafe=same))
    assert follower.on_event(event(2, cafe=view("sort", {1, 2}).status))
    assert follower.on_event(event(3, cafe=view("harvest", {1, 2}).status))
    # a cluster's new name comes with the status: no fetch, the heading follows
    renamed = same.model_copy(
        update={
            "clusters": [
                c.model_copy(update={"label": "Samen"}) if c.id == 11 else c for c in same.clusters
            ]
        }
    )
    follower = CafeFollower(board, fetch, lambda _: None)
    asyncio.run(follower.refresh())
    assert not follower.on_event(event(4, cafe=renamed))
    board.flush()
    assert "Samen" in [h.label for h in board.columns[0].headings]
    # an idea in a cluster the board never heard of: the view again
    stranger = view("sort", {1}).ideas[0].model_copy(update={"cluster_id": 999})
    assert follower.on_event(event(5, idea=stranger))
    # another session's news: the hub says which one a wall shows
    other = same.model_copy(update={"session": same.session.model_copy(update={"id": 2})})
    assert follower.on_event(event(6, cafe=other))


def test_a_wall_follows_the_session_under_way() -> None:
    def status(sid: int, phase: protocol.SessionPhase) -> protocol.CafeStatus:
        s = view(phase, set()).status
        return s.model_copy(update={"session": s.session.model_copy(update={"id": sid})})

    assert choose_session([]) is None
    # none began: the first in the programme, whose opening the wall shows
    assert choose_session([status(1, "ready")]) == 1
    assert choose_session([status(1, "ready"), status(2, "ready")]) == 1
    # the room keeps the outcome in view rather than the next one's opening
    assert choose_session([status(1, "harvest"), status(2, "ready")]) == 1
    assert choose_session([status(1, "ready"), status(2, "gather")]) == 2
    assert choose_session([status(1, "gather"), status(2, "harvest")]) == 1
    assert choose_session([status(1, "sort"), status(2, "vote")]) == 2


def test_a_session_yet_to_begin_takes_the_screen_with_its_opening(board: CafeBoard) -> None:
    shown: list[bool] = []
    ready = view("ready", set())

    async def fetch() -> protocol.CafeView:
        return ready

    follower = CafeFollower(board, fetch, shown.append)
    asyncio.run(follower.refresh())
    assert shown == [True]
    assert {c.mode for c in board.columns} == {"opening"}
    # the first round starts: the same session, now gathering; the board follows it
    started = view("gather", set()).status
    assert not follower.on_event(event(1, cafe=started))
    board.flush()
    assert shown == [True, True]
    assert {c.mode for c in board.columns} == {"counts"}
