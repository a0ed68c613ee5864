"""Where the demos put their windows: all of each on the screen, side by side.

The demos open several windows at once on one laptop or monitor. Each gets a
part of the screen's available geometry (what is left after task bars and
docks) and is sized to that part, so no window hangs off the screen and none
hides another's status line.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

GAP = 8  # px between windows


def available() -> QRect:
    """The primary screen's room for windows (without task bars and docks)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1920, 1080)


def place(window: QWidget, room: QRect) -> None:
    """Put ``window``, frame and all, inside ``room``: as large as the room, where it allows.

    A minimum size larger than the room is lowered to the room, so that the screen's
    edge cuts nothing off. The frame counts as far as the window system has told it
    (shown windows); before that it is taken as none.
    """
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar, borders
    inner = QSize(max(1, room.width() - frame.width()), max(1, room.height() - frame.height()))
    minimum = window.minimumSize()
    if minimum.width() > inner.width() or minimum.height() > inner.height():
        window.setMinimumSize(minimum.boundedTo(inner))
    window.resize(inner)
    window.move(room.topLeft())  # move() places the frame's top left


def congress(
    pillar: QWidget,
    wall: QWidget | None,
    desk: QWidget | None,
    control: QWidget | None,
    screen: QRect | None = None,
) -> None:
    """The congress demo: the pillar top left, the desk under it, control and wall on the right."""
    room = screen if screen is not None else available()
    left_w = round(room.width() * 0.55) - GAP // 2
    # the pillar 16:9, leaving the desk under it at least a third of the height
    pillar_h = min(round(left_w * 9 / 16), round(room.height() * 0.6))
    place(pillar, QRect(room.left(), room.top(), left_w, pillar_h))
    right = QRect(room.left() + left_w + GAP, room.top(), room.width() - left_w - GAP, 0)
    if desk is not None:
        top = room.top() + pillar_h + GAP
        place(desk, QRect(room.left(), top, left_w, room.bottom() + 1 - top))
    control_h = 0
    if control is not None:
        control_h = min(control.sizeHint().height(), room.height() // 3)
        place(control, QRect(right.left(), room.top(), right.width(), control_h))
    if wall is not None:
        top = room.top() + (control_h + GAP if control is not None else 0)
        wall_h = min(round(right.width() * 9 / 16), room.bottom() + 1 - top)
        place(wall, QRect(right.left(), top, right.width(), wall_h))


def world_cafe(
    tables: Sequence[QWidget],
    desk: QWidget,
    wall: QWidget,
    control: QWidget,
    screen: QRect | None = None,
) -> None:
    """The world café: the table pillars in a row on top; console, wall and control below."""
    room = screen if screen is not None else available()
    count = max(1, len(tables))
    table_w = (room.width() - GAP * (count - 1)) // count
    table_h = min(round(table_w * 10 / 16), room.height() // 3)
    for n, table in enumerate(tables):
        place(table, QRect(room.left() + n * (table_w + GAP), room.top(), table_w, table_h))
    top = room.top() + table_h + GAP
    below = room.bottom() + 1 - top
    desk_w = round(room.width() * 0.55)
    place(desk, QRect(room.left(), top, desk_w, below))
    right = QRect(room.left() + desk_w + GAP, top, room.width() - desk_w - GAP, below)
    wall_h = min(round(right.width() * 9 / 16), below * 2 // 3)
    place(wall, QRect(right.left(), top, right.width(), wall_h))
    place(control, QRect(right.left(), top + wall_h + GAP, right.width(), below - wall_h - GAP))
