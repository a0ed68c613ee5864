"""Small building blocks of the desk: plain-text labels, tables, the tab base and the tabs."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeView,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from shared.device.errors import HubError
from shared.device.tasks import TaskSet
from shared.i18n import Lang, Text
from shared.plaintext import display_safe

Words = Callable[[Lang], str]
"""A message to staff that can be said in either language: a :class:`~shared.i18n.Text`
is one, and so is :func:`words` of a text with its values."""


def words(text: Text, **values: object) -> Words:
    """``text`` with its ``{fields}`` filled in, to be said in whichever language is asked."""
    return lambda lang: text(lang, **values)


def literally(text: str) -> Words:
    """Words that are the same in every language (a file's name and the system's error)."""
    return lambda _lang: text


def hub_error_text(error: HubError, lang: Lang) -> str:
    """What a hub error means, in the desk's language, with the hub's own detail after it."""
    lead = texts.HUB_ERRORS.get(error.code, texts.HUB_ERROR_OTHER)(lang)
    return f"{lead} ({error})"


def hub_error_words(error: HubError) -> Words:
    """:func:`hub_error_text` in whichever language is asked."""
    return lambda lang: hub_error_text(error, lang)


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
    """Column titles in the desk's language, each column wide enough for its title."""
    table.setHorizontalHeaderLabels([h(lang) for h in headers])
    fit_headers(table)


def fit_headers(view: QTableView | QTreeView) -> None:
    """Widen every column that is narrower than its title, so no title is cut short.

    Columns Qt sizes itself (to their contents, or stretched over what is left) keep
    their mode; a column the staff may drag keeps any width at least its title's.
    Call it again when the titles or the style change (another language, the
    event's own font).
    """
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    header.ensurePolished()  # the style sheet's bold titles, even on a page never shown
    for column in range(header.count()):
        if header.sectionResizeMode(column) not in (
            QHeaderView.ResizeMode.Interactive,
            QHeaderView.ResizeMode.Fixed,
        ):
            continue
        needed = header.sectionSizeHint(column)
        if header.sectionSize(column) < needed:
            header.resizeSection(column, needed)


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
        message(object, bool): something to tell staff (its :data:`Words`, so it can be
            said again in another language; True when it is an error).
    """

    message = Signal(object, bool)

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
                self.message.emit(hub_error_words(error), True)

        self.tasks.spawn(guarded())

    def say(self, text: Words, error: bool = False) -> None:
        """Tell staff something, in words the desk can say again in another language.

        Words, not a string: a message put in the desk's language of the moment would
        stay in it after staff switch (:func:`literally` for a text that is the same
        in every language).
        """
        self.message.emit(text, error)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang`` (tabs override and call this)."""
        self.lang = lang


class PageTabs(QTabWidget):
    """The desk's tabs: a tab bar as wide as the window over pages that scroll on their own.

    A page larger than the window (a laptop, the demo's part of a screen) scrolls
    inside its tab, so the tab bar never runs off the window; should the tabs
    themselves not fit, the bar shows its scroll arrows. Every tab keeps its whole
    name (never "Sessies verg…"), and says what it is for in its tooltip.

    The pages are what callers see: :meth:`widget`, :meth:`currentWidget`,
    :meth:`setCurrentWidget` and :meth:`indexOf` speak of them, not of the scroll
    areas around them.
    """

    def __init__(self) -> None:
        super().__init__()
        bar = self.tabBar()
        bar.setUsesScrollButtons(True)
        bar.setElideMode(Qt.TextElideMode.ElideNone)
        bar.setExpanding(False)

    def add_page(self, page: QWidget) -> int:
        """Add a page (its title comes with :meth:`set_title`); returns its index."""
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        # no focus stop of its own: a tab shown hands the keyboard to the page's first
        # field or list, where the page's keys (A, H, R …) work
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(page)
        return self.addTab(scroller, "")

    def set_title(self, index: int, title: str, tip: str = "") -> None:
        """A tab's short name, and what it is for as its tooltip (its name when none)."""
        self.setTabText(index, title)
        self.setTabToolTip(index, tip or title)

    def widget(self, index: int) -> QWidget | None:
        """The page at ``index``."""
        scroller = super().widget(index)
        return scroller.widget() if isinstance(scroller, QScrollArea) else scroller

    def currentWidget(self) -> QWidget:
        """The page on show."""
        page = self.widget(self.currentIndex())
        return page if page is not None else super().currentWidget()

    def indexOf(self, page: QWidget) -> int:
        """The index of ``page`` (-1 when it is no page of these tabs)."""
        return next((n for n in range(self.count()) if self.widget(n) is page), -1)

    def setCurrentWidget(self, page: QWidget) -> None:
        """Show ``page``."""
        index = self.indexOf(page)
        if index >= 0:
            self.setCurrentIndex(index)
