from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from wall.layout import Board, Rect, grid, spread_order

AREA = Rect(0, 120, 960, 960)


def test_grid_keeps_cells_square_enough() -> None:
    columns, rows = grid(Rect(0, 0, 1920, 1080), 24)
    assert columns * rows >= 24
    assert 0.5 < (1920 / columns) / (1080 / rows) < 2


def test_spread_order_is_a_permutation_that_spreads() -> None:
    order = spread_order(20)
    assert sorted(order) == list(range(20))
    assert abs(order[0] - order[1]) > 2


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(1, 40),
    arrivals=st.lists(st.sampled_from(["VAST", "ZORG", None]), min_size=1, max_size=120),
)
def test_newest_items_never_overlap_and_oldest_retire(
    capacity: int, arrivals: list[str | None]
) -> None:
    board = Board(AREA, capacity, seed=1)
    order: list[str] = []
    for number, workshop in enumerate(arrivals):
        item = f"n{number}"
        placed, retired = board.place(item, workshop, float(number))
        order.append(item)
        if retired is not None:
            # the one that leaves is always the oldest on the board
            assert retired == min([*board.placed, retired], key=lambda i: order.index(i))
        assert len(board.placed) <= capacity
        inside = placed.box()
        assert inside.x >= AREA.x - board.cell * 0.2
        assert inside.x + inside.w <= AREA.x + AREA.w + board.cell * 0.2
    newest = board.newest(capacity)
    for i, a in enumerate(newest):
        for b in newest[i + 1 :]:
            assert not a.box().intersects(b.box()), (a, b)
    assert len({p.slot for p in board.placed.values()}) == len(board.placed)


def test_fills_evenly_before_reusing() -> None:
    board = Board(AREA, 16, seed=2)
    for n in range(16):
        _, retired = board.place(f"n{n}", None, float(n))
        assert retired is None
    rows = Counter(p.slot // board.columns for p in board.placed.values())
    assert max(rows.values()) - min(rows.values()) <= 1
    _, retired = board.place("n16", None, 16.0)
    assert retired == "n0"


def test_hidden_item_frees_its_slot() -> None:
    board = Board(AREA, 2)
    board.place("a", None, 0)
    board.place("b", None, 1)
    assert board.remove("a") is not None
    _, retired = board.place("c", None, 2)
    assert retired is None
    assert board.remove("zzz") is None


def test_recall_is_fair_across_workshops() -> None:
    board = Board(AREA, 3)
    pool: list[tuple[str, str | None]] = [(f"v{i}", "VAST") for i in range(6)]
    pool += [("z0", "ZORG"), ("w0", "WEER")]
    shown = []
    for step in range(6):
        recalled = board.recall(pool, float(step))
        assert recalled is not None
        shown.append(recalled[0].workshop)
    assert set(shown[:3]) == {"VAST", "ZORG", "WEER"}
    assert Board(AREA, 3).recall([], 0.0) is None


def test_same_item_twice_is_placed_once() -> None:
    board = Board(AREA, 4)
    first, _ = board.place("x", None, 0)
    again, retired = board.place("x", None, 5)
    assert first == again
    assert retired is None
