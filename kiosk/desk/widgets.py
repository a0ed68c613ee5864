"""Small building blocks the desk's tabs share: plain-text labels, tables, the tab base."""

from __future__ import annotations

from collections.abc import Coroutine, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from shared.device.errors import HubError
from shared.device.tasks import TaskSet
from shared.i18n import Lang, Text
from shared.plaintext import display_safe


def hub_error_text(error: HubError, lang: Lang) -> str:
    """What a hub error means, in the desk's language, with the hub's own detail after it."""
    lead = texts.HUB_ERRORS.get(error.code, texts.HUB_ERROR_OTHER)(lang)
    return f"{lead} ({error})"


def plain_label(text: str = "", name: str = "") -> QLabel:
    """A label that shows text literally (Qt would guess rich text from a ``<b>``)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


class Table(QTableWidget):
    """A table that says what an empty list means instead of showing blank rows.

    Attributes:
        empty_text: shown in the middle of the table while it has no rows.
    """

    empty_text = ""

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the table, and over an empty one its :attr:`empty_text`."""
        super().paintEvent(event)
        if self.rowCount() or not self.empty_text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            self.viewport().rect().adjusted(24, 24, -24, -24),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.empty_text,
        )
        painter.end()


def read_only_table(columns: int) -> Table:
    """A table of rows to pick from, never edited in place."""
    table = Table(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(
    table: QTableWidget, rows: Sequence[Sequence[object]], keys: Sequence[object] = ()
) -> None:
    """Replace a table's rows; cell items are plain text by nature, ``keys`` go in UserRole.

    Rows whose key was selected stay selected, so a refresh (a new note arriving)
    never moves a moderator's selection away from under their key press.
    """
    chosen = set(selected_keys(table)) if keys else set()
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(
                display_safe("" if value is None else str(value), keep_newlines=False)
            )
            if c == 0 and r < len(keys):
                item.setData(Qt.ItemDataRole.UserRole, keys[r])
            table.setItem(r, c, item)
    mode = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    model = table.selectionModel()
    for r, key in enumerate(keys):
        if key in chosen:
            model.select(table.model().index(r, 0), mode)


def set_headers(table: QTableWidget, headers: Sequence[Text], lang: Lang) -> None:
    """Column titles in the desk's language."""
    table.setHorizontalHeaderLabels([h(lang) for h in headers])


def selected_keys(table: QTableWidget) -> list[Any]:
    """The ``UserRole`` keys of the selected rows, top to bottom."""
    rows = sorted({index.row() for index in table.selectedIndexes()})
    keys = []
    for row in rows:
        item = table.item(row, 0)
        if item is not None:
            keys.append(item.data(Qt.ItemDataRole.UserRole))
    return keys


class DeskTab(QWidget):
    """One tab of the desk: a hub client, its own background tasks, and a message line.

    Signals:
        message(str, bool): something to tell staff (text, True when it is an error).
    """

    message = Signal(str, bool)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__()
        self.client = client
        self.lang = lang
        self.tasks = TaskSet()

    def spawn(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Run hub work in the background; a hub error becomes a message, not a crash."""

        async def guarded() -> None:
            try:
                await coroutine
            except HubError as error:
                self.message.emit(hub_error_text(error, self.lang), True)

        self.tasks.spawn(guarded())

    def say(self, text: str, error: bool = False) -> None:
        """Tell staff something."""
        self.message.emit(text, error)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang`` (tabs override and call this)."""
        self.lang = lang
