"""wall/changes.py: the tiles where two drawings differ, and only those."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QImage

from wall.changes import changed_tiles

WIDTH, HEIGHT, TILE = 150, 70, 16


def image(fill: str = "#204060") -> QImage:
    drawn = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    drawn.fill(QColor(fill))
    return drawn


def test_the_same_drawing_has_no_changes() -> None:
    assert changed_tiles(image(), image(), TILE) == []


def test_drawings_of_another_size_or_format_are_not_compared() -> None:
    other = QImage(WIDTH + 1, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
    assert changed_tiles(image(), other, TILE) is None
    assert changed_tiles(image(), image().convertToFormat(QImage.Format.Format_RGB888)) is None


def test_neighbouring_tiles_of_a_row_come_as_one() -> None:
    after = image()
    for x in (3, 20, 40, 100):
        after.setPixelColor(x, 5, QColor("#FFFFFF"))
    assert changed_tiles(image(), after, TILE) == [QRect(0, 0, 48, 16), QRect(96, 0, 16, 16)]


@settings(max_examples=60, deadline=None)
@given(st.sets(st.tuples(st.integers(0, WIDTH - 1), st.integers(0, HEIGHT - 1)), max_size=30))
def test_every_changed_pixel_is_in_a_tile_and_every_tile_holds_one(
    changed: set[tuple[int, int]],
) -> None:
    after = image()
    for x, y in changed:
        after.setPixelColor(x, y, QColor("#FFFFFF"))
    tiles = changed_tiles(image(), after, TILE)
    assert tiles is not None
    for x, y in changed:
        assert any(tile.contains(QPoint(x, y)) for tile in tiles)
    for tile in tiles:  # each rectangle is whole tiles (the last of a row or column cut)
        assert QRect(0, 0, WIDTH, HEIGHT).contains(tile)
        for left in range(tile.left(), tile.right() + 1, TILE):
            one = QRect(left, tile.top(), TILE, tile.height())
            assert any(one.contains(QPoint(x, y)) for x, y in changed)
