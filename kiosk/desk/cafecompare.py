"""The console's comparison of work sessions: the same questions, side by side per session.

Staff add sessions one by one: a session's data folder (read, never written) or
the data its report exported (an XLSX workbook or a folder of CSV files). The
reading is :mod:`shared.cafecompare`; this tab shows per question, per session,
the ideas, the dots and the top ideas, and per session the attendees per round.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import DeskTab
from shared.cafecompare import CompareError, Comparison, QuestionSummary, SessionSummary, compare
from shared.cafecompare import read as read_sessions
from shared.i18n import Lang, Text
from shared.roster import RosterError

ADD_FOLDER = Text("Sessiemap of CSV-map toevoegen…", "Add a session or CSV folder…")
ADD_FILE = Text("Werkmap (XLSX) toevoegen…", "Add a workbook (XLSX)…")
CLEAR = Text("Leegmaken", "Clear")
PICK_FOLDER = Text("Kies de datamap van een sessie", "Choose a session's data folder")
PICK_FILE = Text("Kies de geëxporteerde gegevens", "Choose the exported data")
ADDED = Text("{count} sessie(s) toegevoegd uit {name}", "{count} session(s) added from {name}")
CELL = Text("{ideas} ideeën · {dots} stippen", "{ideas} ideas · {dots} dots")
CELL_OPEN = Text("{ideas} ideeën · stemming open", "{ideas} ideas · vote still open")
MISSING = Text("— (vraag niet gesteld)", "— (question not asked)")
PEOPLE = Text("Deelnemers per ronde", "Attendees per round")
TABLES = Text("Tafels", "Tables")
ALL_IDEAS = Text("Ideeën in totaal", "Ideas in all")


def cell_text(summary: QuestionSummary | None, lang: Lang) -> str:
    """What a cell says: the ideas and dots, then the top ideas with their dots."""
    if summary is None:
        return MISSING(lang)
    head = (
        CELL(lang, ideas=summary.ideas, dots=summary.dots)
        if summary.dots is not None
        else CELL_OPEN(lang, ideas=summary.ideas)
    )
    return "\n".join(
        [head, *(f"{n}. {text} ({dots})" for n, (text, dots) in enumerate(summary.top, 1))]
    )


class CompareTab(DeskTab):
    """Work sessions side by side.

    Signals:
        compared(object): the :class:`~shared.cafecompare.Comparison` now shown.
    """

    compared = Signal(object)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.sessions: list[SessionSummary] = []
        self.comparison: Comparison = compare([])
        self.add_folder_button = QPushButton()
        self.add_file_button = QPushButton()
        self.clear_button = QPushButton()
        self.table = QTableWidget()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        for button in (self.add_folder_button, self.add_file_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.add_folder_button.clicked.connect(self._on_add_folder_button_clicked)
        self.add_file_button.clicked.connect(self._on_add_file_button_clicked)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.retranslate(lang)

    def add(self, path: Path) -> bool:
        """Add the sessions at ``path`` (a data folder or exported data); False if none."""
        try:
            found = read_sessions(path)
        except (CompareError, RosterError, OSError) as error:
            self.say(str(error), True)
            return False
        self.sessions += found
        self.say(ADDED(self.lang, count=len(found), name=path.name))
        self._show()
        return True

    def clear(self) -> None:
        """Take every session off."""
        self.sessions = []
        self._show()

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.add_folder_button.setText(ADD_FOLDER(lang))
        self.add_file_button.setText(ADD_FILE(lang))
        self.clear_button.setText(CLEAR(lang))
        self._show()

    def _show(self) -> None:
        self.comparison = compare(self.sessions)
        c, lang = self.comparison, self.lang
        extra = [
            (PEOPLE(lang), [" · ".join(str(n) for n in s.participants) for s in c.sessions]),
            (TABLES(lang), [str(s.tables) for s in c.sessions]),
            (ALL_IDEAS(lang), [str(s.ideas) for s in c.sessions]),
        ]
        self.table.clear()
        self.table.setColumnCount(len(c.sessions))
        self.table.setRowCount(len(c.questions) + len(extra))
        self.table.setHorizontalHeaderLabels([f"{s.label}\n{s.title}" for s in c.sessions])
        self.table.setVerticalHeaderLabels([*c.questions, *(name for name, _ in extra)])
        for row, cells in enumerate(c.cells):
            for column, summary in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(cell_text(summary, lang)))
        for n, (_, values) in enumerate(extra):
            for column, value in enumerate(values):
                self.table.setItem(len(c.questions) + n, column, QTableWidgetItem(value))
        self.compared.emit(c)

    def _on_add_folder_button_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, PICK_FOLDER(self.lang), str(Path.home()))
        if path:
            self.add(Path(path))

    def _on_add_file_button_clicked(self) -> None:
        path = QFileDialog.getOpenFileName(
            self, PICK_FILE(self.lang), str(Path.home()), "Excel (*.xlsx)"
        )[0]
        if path:
            self.add(Path(path))

    def _on_clear_button_clicked(self) -> None:
        self.clear()
