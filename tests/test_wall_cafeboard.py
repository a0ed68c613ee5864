"""wall/cafeboard.py: the work session's board in each phase, its moves, what it repaints.

The pictures land in ``screenshots/wall/`` (``cafe-<phase>-<lang>.png``) to be
looked at; the checks are on what the board holds and what a frame repaints.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from shared import protocol
from tests.helpers.cafeview import view
from tests.test_wall_look import event
from wall.cafeboard import CafeBoard, clock, round_line
from wall.cafelayout import CafeState, banner, shown

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


def test_the_board_s_own_text_in_the_event_s_font(board: CafeBoard) -> None:
    from PySide6.QtGui import QFontInfo

    from shared.ui.qt import font_family_of

    data = (Path(__file__).resolve().parent / "data" / "fonts" / "ComicNeue-Bold.otf").read_bytes()
    family = font_family_of(data)
    assert family is not None
    board.set_view(view("vote", {1, 2, 3, 4}))
    house = board.grab().toImage()
    assert QFontInfo(board.ui_font()).family() != family
    board.set_branding(event(), family)
    board.set_view(view("vote", {1, 2, 3, 4}))
    assert QFontInfo(board.ui_font()).family() == family
    branded = board.grab().toImage()
    # the header and the questions' cards are set again in the event's font
    assert house.copy(0, 0, house.width(), 120) != branded.copy(0, 0, branded.width(), 120)
    branded.save(str(SCREENSHOTS / "cafe-event-font.png"))


def _headings_drawn(board: CafeBoard) -> list[QImage]:
    """The pictures of the first column's cluster labels as the board draws them now."""
    image = board.grab().toImage()
    shots = []
    for heading in board.columns[0].headings:
        rect = board.to_widget(heading.rect).toRect()
        shots.append(image.copy(rect.x(), rect.y(), rect.width(), rect.height() - 8))
    return shots


def test_a_cluster_label_counts_what_stands_under_it_after_every_move_and_merge(
    board: CafeBoard, qtbot: QtBot
) -> None:
    board.set_view(view("sort", {1, 3}))
    board.show()
    qtbot.waitExposed(board)
    board.grab()  # drawn once: from now on only what changes is
    assert board.state is not None
    ideas = board.state.ideas
    assert {i: ideas[i].cluster_id for i in (101, 104, 105, 107)} == {
        101: None,
        104: None,
        105: 11,
        107: None,
    }
    steps = [
        # sorted into Zichtbaarheid: the labels keep their places, only two counts change
        ideas[101].model_copy(update={"cluster_id": 12}),
        # two twins among those not sorted yet: one post-it with a badge, counted once
        ideas[104].model_copy(update={"merged_into": 107}),
        # from Verbinding to Zichtbaarheid
        ideas[105].model_copy(update={"cluster_id": 12}),
    ]
    for step in steps:
        with qtbot.waitSignal(board.laid_out, timeout=2000):
            board.apply_idea(step)
        if board.moving:  # the post-its come to rest
            with qtbot.waitSignal(board.settled, timeout=5000):
                pass
        assert board.state is not None
        standing = [i for i in board.state.ideas.values() if i.question_id == 1 and shown(i)]
        clusters = {c.label: c.id for c in board.state.clusters.values() if c.question_id == 1}
        for heading in board.columns[0].headings:
            cluster = clusters.get(heading.label)
            under = [
                i
                for i in standing
                if (i.cluster_id == cluster if cluster else i.cluster_id not in clusters.values())
            ]
            # a merged idea is a badge on its twin ("+1 gelijk"), not a post-it of its own
            assert heading.ideas == len(under)
        # and the label drawn says so: as a board drawn afresh from the same ideas draws it
        fresh = CafeBoard()
        qtbot.addWidget(fresh)
        fresh.resize(board.size())
        fresh.set_branding(event())
        fresh.set_view(
            protocol.CafeView(
                status=board.state.status,
                ideas=list(board.state.ideas.values()),
                clusters=list(board.state.clusters.values()),
            )
        )
        assert _headings_drawn(board) == _headings_drawn(fresh)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_before_the_first_round_the_board_is_the_session_s_opening(
    board: CafeBoard, qtbot: QtBot, lang: str
) -> None:
    board.set_lang(lang)
    ready = view("ready", set())
    board.set_view(ready)
    board.show()
    qtbot.waitExposed(board)
    image = board.grab().toImage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / f"cafe-opening-{lang}.png"))
    assert board.state is not None
    assert round_line(board.state, lang, datetime.now(UTC)) == (
        ("Ronde 1 van 3", "20 min") if lang == "nl" else ("Round 1 of 3", "20 min")
    )
    # the banner across the foot of the board, in the event's colour
    place = board.to_widget(banner())
    inside = image.pixelColor(int(place.right() - 40), int(place.bottom() - 30))
    assert inside == QColor("#1B4F72")
    # the first round starts: the banner gives way to the counts, where it stood
    started = view("gather", set()).status
    with qtbot.waitSignal(board.laid_out, timeout=2000):
        board.apply_status(started)
    assert {c.mode for c in board.columns} == {"counts"}
    after = board.grab().toImage()
    assert after.pixelColor(int(place.right() - 40), int(place.bottom() - 30)) != QColor("#1B4F72")
