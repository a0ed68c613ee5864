"""The console's work-session reports and the comparison of sessions.

The report of the session on the hub (the one under way, or the last one harvested)
is made here the moment the facilitator ends it: the facilitator's view of the
session over the wire, laid out by :mod:`kiosk.desk.cafereport` as a PDF with its
data as XLSX beside it. For the comparison, staff add sessions one by one: a
session's data folder (read, never written) or the data its report exported (an
XLSX workbook or a folder of CSV files). The reading is :mod:`shared.cafecompare`;
this tab shows per question, per session, the ideas, the dots and the top ideas,
and per session the attendees per round.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import TypeAdapter
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kiosk.desk.cafereport import write_pdf
from kiosk.desk.client import DeskClient
from kiosk.desk.folders import AskFolder, AskPath, ask_folder_with_dialog, ask_path_with_dialog
from kiosk.desk.widgets import DeskTab, literally, words
from shared import protocol
from shared.cafecompare import CompareError, Comparison, QuestionSummary, SessionSummary, compare
from shared.cafecompare import read as read_sessions
from shared.cafereport import build, write_data
from shared.i18n import Lang, Text
from shared.protocol import API
from shared.roster import RosterError
from shared.ui.theme import house_style

MAKE_REPORT = Text("Verslag van de werksessie…", "Work session report…")
SAVE_REPORT = Text("Verslag van de werksessie opslaan", "Save the work session report")
NO_SESSION = Text("Er is nog geen werksessie begonnen.", "No work session has begun yet.")
REPORT_WRITTEN = Text(
    "Verslag ({pages} pagina's) en gegevens opgeslagen: {pdf}, {data}",
    "Report ({pages} pages) and data saved: {pdf}, {data}",
)
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
    # the place each idea has (equal dots share one), not its line number
    return "\n".join([head, *(f"{place}. {text} ({dots})" for place, text, dots in summary.top)])


STATUSES: TypeAdapter[list[protocol.CafeStatus]] = TypeAdapter(list[protocol.CafeStatus])


def latest_session(sessions: list[protocol.CafeStatus]) -> int | None:
    """The session to report on: one under way before one harvested, the last among equals."""
    begun = [s.session for s in sessions if s.session.phase != "ready"]
    if not begun:
        return None
    return max(enumerate(begun), key=lambda e: (e[1].phase != "harvest", e[0]))[1].id


class CompareTab(DeskTab):
    """A work session's report, and work sessions side by side.

    Signals:
        compared(object): the :class:`~shared.cafecompare.Comparison` now shown.
        report_written(str): the session's report PDF was saved here (its XLSX beside it).
    """

    compared = Signal(object)
    report_written = Signal(str)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.sessions: list[SessionSummary] = []
        self.comparison: Comparison = compare([])
        self.ask_path: AskPath = ask_path_with_dialog
        self.ask_folder: AskFolder = ask_folder_with_dialog
        self.report_button = QPushButton()
        self.add_folder_button = QPushButton()
        self.add_file_button = QPushButton()
        self.clear_button = QPushButton()
        self.table = QTableWidget()
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        buttons = QHBoxLayout()
        for button in (
            self.report_button,
            self.add_folder_button,
            self.add_file_button,
            self.clear_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.add_folder_button.clicked.connect(self._on_add_folder_button_clicked)
        self.add_file_button.clicked.connect(self._on_add_file_button_clicked)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.retranslate(lang)

    def add(self, path: Path) -> bool:
        """Add the sessions at ``path`` (a data folder or exported data); False if none."""
        try:
            found = read_sessions(path)
        except (CompareError, RosterError, OSError) as error:
            self.say(literally(str(error)), True)
            return False
        self.sessions += found
        self.say(words(ADDED, count=len(found), name=path.name))
        self._show()
        return True

    async def write_report(self, path: Path) -> int | None:
        """The report of the session on the hub as a PDF at ``path``, its data as XLSX beside.

        Returns:
            The PDF's number of pages, or None when no session has begun.
        """
        response = await self.client.call("GET", f"{API}/cafe")
        chosen = latest_session(STATUSES.validate_json(response.content))
        if chosen is None:
            self.say(NO_SESSION, True)
            return None
        response = await self.client.call("GET", f"{API}/cafe/{chosen}")
        view = protocol.CafeView.model_validate_json(response.content)
        content = await self.client.content()
        event = content.event
        report = build(view, event=event.name if event else "")
        pages = write_pdf(report, path, lang=self.lang, style=house_style(event))
        [data] = write_data(report, path.with_suffix(".xlsx"))
        self.say(words(REPORT_WRITTEN, pages=pages, pdf=path.name, data=data.name))
        self.report_written.emit(str(path))
        return pages

    def clear(self) -> None:
        """Take every session off."""
        self.sessions = []
        self._show()

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.report_button.setText(MAKE_REPORT(lang))
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

    def _on_report_button_clicked(self) -> None:
        path = self.ask_path(SAVE_REPORT(self.lang), "werksessie.pdf", True)
        if path:
            self.spawn(self.write_report(Path(path)))

    def _on_add_folder_button_clicked(self) -> None:
        path = self.ask_folder(PICK_FOLDER(self.lang))
        if path:
            self.add(Path(path))

    def _on_add_file_button_clicked(self) -> None:
        path = self.ask_path(PICK_FILE(self.lang), "", False)
        if path:
            self.add(Path(path))

    def _on_clear_button_clicked(self) -> None:
        self.clear()
