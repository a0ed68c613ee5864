"""wall/cloud.py: a word cloud that fits, never overlaps, and grows in place."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wall import cloud


def measure(word: str, size: float) -> tuple[float, float]:
    return len(word) * size * 0.6, size * 1.2


def test_the_most_used_word_is_largest_and_in_the_middle() -> None:
    placed = cloud.layout([("koffie", 1), ("samen", 9), ("lef", 4)], 1400, 500, measure)
    assert [p.word for p in placed] == ["samen", "lef", "koffie"]
    assert placed[0].size == cloud.MAX_SIZE
    assert cloud.MIN_SIZE < placed[1].size < cloud.MAX_SIZE
    assert placed[-1].size == cloud.MIN_SIZE
    assert (placed[0].cx, placed[0].cy) == (0.0, 0.0)


def test_equal_counts_get_one_size() -> None:
    placed = cloud.layout([("a", 3), ("b", 3)], 1400, 500, measure)
    assert placed[0].size == placed[1].size


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.text("abcdefghij", min_size=1, max_size=14), st.integers(1, 60)),
        max_size=60,
        unique_by=lambda wc: wc[0],
    )
)
def test_words_fit_the_area_and_never_overlap(words: list[tuple[str, int]]) -> None:
    width, height = 1400.0, 480.0
    placed = cloud.layout(words, width, height, measure)
    assert len(placed) <= cloud.MAX_WORDS
    for number, word in enumerate(placed):
        assert abs(word.cx) * 2 + word.w <= width
        assert abs(word.cy) * 2 + word.h <= height
        assert not any(word.overlaps(other) for other in placed[number + 1 :])


def test_a_growing_cloud_keeps_its_words_where_they_were() -> None:
    words = [("samen", 9), ("lef", 4), ("koffie", 2), ("netwerk", 3)]
    first = cloud.layout(words, 1400, 500, measure)
    before = {p.word: (p.cx, p.cy) for p in first}
    grown = cloud.layout([*words, ("delen", 1), ("buurt", 1)], 1400, 500, measure, before)
    after = {p.word: (p.cx, p.cy) for p in grown}
    assert {"delen", "buurt"} <= set(after)
    assert all(after[word] == spot for word, spot in before.items())
