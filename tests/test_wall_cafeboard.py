"""wall/cafeboard.py: the work session's board in each phase, its moves, what it repaints.

The pictures land in ``screenshots/wall/`` (``cafe-<phase>-<lang>.png``) to be
looked at; the checks are on what the board holds and what a frame repaints.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from shared import protocol
from tests.helpers.cafeview import view
from tests.test_wall_look import event
from wall.cafeboard import CafeBoard, clock, round_line
from wall.cafelayout import CafeState

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "wall"
PHASES: list[tuple[protocol.SessionPhase, set[int]]] = [
    ("gather", set()),
    ("sort", {1, 3}),
    ("vote", {1, 2, 3, 4}),
    ("harvest", {1, 2, 3, 4}),
]


@pytest.fixture
def board(qtbot: QtBot) -> CafeBoard:
    board = CafeBoard()
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    board.set_branding(event())
    return board


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("phase", "revealed"), PHASES)
def test_each_phase_drawn_and_saved(
    board: CafeBoard, phase: protocol.SessionPhase, revealed: set[int], lang: str
) -> None:
    board.set_lang(lang)
    shown = view(phase, revealed)
    board.set_view(shown)
    image = board.grab().toImage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / f"cafe-{phase}-{lang}.png"))
    # the header is in the event's colour
    assert abs(image.pixelColor(60, 8).blue() - QColor("#1B4F72").blue()) < 30
    on_board = {i.id for i in shown.ideas if i.merged_into is None}
    if phase == "harvest":
        voted = [i for i in shown.ideas if i.dots and i.merged_into is None]
        per_question = [sum(1 for i in voted if i.question_id == q) for q in (1, 2, 3, 4)]
        # the top five of each question, of the ideas that got a dot
        assert len(board.views) == sum(min(n, 5) for n in per_question)
        assert all(board.state and board.state.ideas[i].dots is not None for i in board.views)
    else:
        assert set(board.views) == on_board
    # no post-it of a private question
    private = {q.id for q in shown.status.session.questions if not q.revealed}
    assert board.state is not None
    assert not any(board.state.ideas[i].question_id in private for i in board.views)


def test_a_move_to_a_cluster_animates_then_rests(board: CafeBoard, qtbot: QtBot) -> None:
    board.set_view(view("sort", {1, 3}))
    board.show()
    qtbot.waitExposed(board)
    board.grab()
    assert not board.moving
    assert board.state is not None
    idea = board.state.ideas[104]  # not sorted yet
    before = board.views[104].spot
    with qtbot.waitSignal(board.settled, timeout=5000):
        board.apply_idea(idea.model_copy(update={"cluster_id": 11}))
        board.flush()
        assert board.views[104].moving
        start = board.views[104].start
        assert start == pytest.approx((before.cx, before.cy), abs=1.0)
    after = board.views[104].spot
    assert (after.cx, after.cy) != (before.cx, before.cy)
    heading = next(h for h in board.columns[0].headings if h.label == "Verbinding")
    assert heading.rect.y < after.cy < heading.rect.y + 2 * heading.rect.h + after.h
    # the frames of the move repainted where the post-it went, not the whole screen
    assert board.last_update.boundingRect().width() < board.width()


def test_a_new_count_repaints_one_column(board: CafeBoard, qtbot: QtBot) -> None:
    shown = view("gather", set())
    board.set_view(shown)
    board.show()
    qtbot.waitExposed(board)
    board.grab()  # drawn once: from now on only what changes is
    counts = [
        c.model_copy(update={"ideas": c.ideas + 1}) if (c.question_id, c.table_id) == (2, 1) else c
        for c in shown.status.counts
    ]
    with qtbot.waitSignal(board.laid_out, timeout=2000):
        board.apply_status(shown.status.model_copy(update={"counts": counts}))
    column = board.columns[1]
    assert (
        column.counts[0].ideas
        == next(c.ideas for c in shown.status.counts if (c.question_id, c.table_id) == (2, 1)) + 1
    )
    repainted = board.last_change.boundingRect()
    left = board.to_widget(column.rect)
    assert repainted.width() < board.width() / 3
    assert left.left() - 20 <= repainted.center().x() <= left.right() + 20


def test_the_round_and_its_time_left() -> None:
    state = CafeState(view("gather", set()))
    now = datetime.now(UTC)
    where, left = round_line(state, "nl", now)
    assert where == "Ronde 2 van 3"
    assert left in ("12:34", "12:33")
    running = state.session.rounds[1]
    assert running.ends_at is not None
    assert round_line(state, "en", running.ends_at + timedelta(seconds=5))[1] == "time is up"
    paused = running.model_copy(update={"state": "paused", "ends_at": None, "left_s": 301})
    state.status.session.rounds[1] = paused
    assert round_line(state, "en", now) == ("Round 2 of 3", "05:01 · paused")
    assert clock(3725) == "1:02:05"
    sorting = CafeState(view("sort", set()))
    assert round_line(sorting, "nl", now) == ("Ronde 2 van 3", "klaar")
    rounds = sorting.session.rounds
    rounds[2] = rounds[2].model_copy(update={"state": "done"})
    assert round_line(sorting, "en", now) == ("", "all rounds done")
