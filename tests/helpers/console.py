"""Driving the facilitator's sorting board from tests: choosing ideas, dropping them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTreeWidgetItem

from kiosk.desk.cafe import FacilitatorTab


def select(tab: FacilitatorTab, *ideas: int) -> None:
    tab.tree.clearSelection()
    for n, idea in enumerate(ideas):
        item = tab.tree.item_for(("idea", idea))
        assert item is not None
        if n == 0:
            tab.tree.setCurrentItem(item)
        item.setSelected(True)
    tab.tree.setFocus()


def drop(tab: FacilitatorTab, ideas: list[int], on: QTreeWidgetItem) -> None:
    """Drag the ideas and drop them on a row, as a mouse would."""
    select(tab, *ideas)
    at = QPointF(tab.tree.visualItemRect(on).center())
    data = QMimeData()
    event = QDropEvent(
        at,
        Qt.DropAction.MoveAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    tab.tree.dropEvent(event)
