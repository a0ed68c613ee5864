"""shared/db.py: the engine's helpers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.db import padded, power_chunks


@given(st.integers(0, 3000), st.sampled_from([1, 8, 512]))
def test_rows_go_in_pieces_of_few_distinct_sizes(count: int, largest: int) -> None:
    pieces = list(power_chunks(list(range(count)), largest))
    assert [x for piece in pieces for x in piece] == list(range(count))  # all, in order
    for piece in pieces:
        size = len(piece)
        assert size <= largest
        assert size & (size - 1) == 0  # a power of two


@given(st.lists(st.integers(), max_size=600))
def test_a_padded_in_list_matches_the_same_values(values: list[int]) -> None:
    longer = padded(values)
    assert set(longer) == set(values)
    assert not longer or len(longer) & (len(longer) - 1) == 0
