"""shared/harvest.py: the top ideas by their dots, equal dots sharing a place (1, 1, 3)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared import protocol
from shared.harvest import Placed, places, ranked


def idea(id_: int, dots: int | None, minute: str = "2026-12-02T10:00") -> protocol.IdeaInfo:
    return protocol.IdeaInfo(
        id=id_, question_id=1, table_id=1, text=f"idee {id_}", minute=minute, dots=dots
    )


def test_equal_dots_share_a_place_and_the_next_place_skips() -> None:
    assert places([]) == []
    assert places([5, 5, 3]) == [1, 1, 3]
    assert places([3, 5, 5, 1]) == [3, 1, 1, 4]
    assert places([2, 2, 2]) == [1, 1, 1]
    assert places([9, 7, 7, 7, 1]) == [1, 2, 2, 2, 5]


@given(st.lists(st.integers(min_value=0, max_value=30), max_size=40))
def test_a_place_is_one_more_than_the_counts_above_it(dots: list[int]) -> None:
    assert places(dots) == [1 + sum(1 for other in dots if other > d) for d in dots]


def test_ranked_ideas_most_dots_first_ties_by_who_was_first() -> None:
    ideas = [
        idea(1, 3, "2026-12-02T10:05"),
        idea(2, 5, "2026-12-02T10:09"),
        idea(3, 5, "2026-12-02T10:01"),  # as many as 2, posted earlier: stands first
        idea(4, 0),  # no dot: no place
        idea(5, None),  # the vote is not closed: no place
        idea(6, 1),
    ]
    assert ranked(ideas) == [
        Placed(1, ideas[2]),
        Placed(1, ideas[1]),
        Placed(3, ideas[0]),
        Placed(4, ideas[5]),
    ]


def test_the_top_places_keep_every_idea_tied_for_the_last() -> None:
    ideas = [idea(n, dots) for n, dots in enumerate([8, 8, 6, 6, 3], 1)]
    assert [(p.place, p.idea.id) for p in ranked(ideas, within=3)] == [
        (1, 1),
        (1, 2),
        (3, 3),
        (3, 4),
    ]
    assert [p.place for p in ranked(ideas, within=1)] == [1, 1]
    assert ranked([], within=3) == []
