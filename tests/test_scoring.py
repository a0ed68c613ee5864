import pytest

from shared import scoring
from shared.scoring import Answer, Display, Standing


def test_answer_points() -> None:
    assert scoring.answer_points(True) == 10
    assert scoring.answer_points(True, 25) == 25
    assert scoring.answer_points(False, 25) == 0
    assert scoring.answer_points(True, -5) == 0


def test_only_the_first_answer_counts_whatever_the_delivery_order() -> None:
    late_right = Answer(1, 7, True, "2026-11-24T10:05:00.000000+00:00", "b")
    early_wrong = Answer(1, 7, False, "2026-11-24T10:00:00.000000+00:00", "z")
    other = Answer(2, 7, True, "2026-11-24T09:00:00.000000+00:00", "c")
    for order in ([late_right, early_wrong, other], [other, early_wrong, late_right]):
        counted = scoring.first_answers(order)
        assert counted[(1, 7)] is early_wrong
        assert counted[(2, 7)] is other


def test_equal_times_fall_back_to_action_id() -> None:
    a = Answer(1, 7, True, "2026-11-24T10:00:00.000000+00:00", "aaa")
    b = Answer(1, 7, False, "2026-11-24T10:00:00.000000+00:00", "bbb")
    assert scoring.first_answers([b, a])[(1, 7)] is a
    assert scoring.first_answers([a, b])[(1, 7)] is a


@pytest.mark.parametrize(
    ("posts", "expected"), [(0, 0), (1, 5), (2, 10), (3, 10), (50, 10), (-1, 0)]
)
def test_feedback_bonus_is_capped(posts: int, expected: int) -> None:
    assert scoring.feedback_points(posts) == expected


def test_feedback_bonus_configurable() -> None:
    assert scoring.feedback_points(3, bonus=3, cap=3) == 9
    assert scoring.feedback_points(3, bonus=3, cap=0) == 0


def test_leaderboard_ranks_ties_and_is_stable() -> None:
    totals = {5: 30, 2: 50, 9: 30, 1: 10, 3: 0, 4: 30}
    board = scoring.leaderboard(totals)
    assert board == [
        Standing(1, 2, 50),
        Standing(2, 4, 30),
        Standing(2, 5, 30),
        Standing(2, 9, 30),
        Standing(5, 1, 10),
    ]
    assert scoring.leaderboard(dict(reversed(list(totals.items())))) == board
    assert scoring.leaderboard(totals, limit=2) == board[:2]
    assert scoring.leaderboard({}) == []


def test_rank_of_matches_leaderboard() -> None:
    totals = {5: 30, 2: 50, 9: 30, 1: 10}
    for standing in scoring.leaderboard(totals):
        assert scoring.rank_of(totals, standing.attendee_id) == standing.rank
    assert scoring.rank_of(totals, 99) is None


@pytest.mark.parametrize(
    ("first", "last", "display", "shown"),
    [
        ("Anna", "de Vries", Display.FULL, "Anna de Vries"),
        ("Anna", "de Vries", Display.INITIAL, "Anna V."),
        ("Jan", "van der Meer", "initial", "Jan M."),
        ("Mohamed", "El Amrani", "initial", "Mohamed A."),
        ("Ilse", "van 't Hof", "initial", "Ilse H."),
        ("Cher", "de", "initial", "Cher D."),
        ("Anna", "de Vries", Display.HIDDEN, None),
        ("  Anna ", "  de   Vries ", "full", "Anna de Vries"),
        ("", "", "full", None),
    ],
)
def test_display_name(first: str, last: str, display: str, shown: str | None) -> None:
    assert scoring.display_name(first, last, display) == shown


def test_display_name_rejects_unknown_choice() -> None:
    with pytest.raises(ValueError, match="nickname"):
        scoring.display_name("a", "b", "nickname")
