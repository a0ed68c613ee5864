"""The registration list: import (CSV, XLSX), export, and everyone's tickets as one PDF.

Import shows a column mapping and a preview; export writes CSV or XLSX; the
bulk PDF is drawn in a worker thread behind a progress bar.

Nothing is half-imported: the preview shows which rows would be refused and
why; the import stores all accepted rows in one transaction on the hub.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from kiosk.desk import texts
from kiosk.desk.badges import Badge, write_pdf
from kiosk.desk.client import DeskClient
from kiosk.desk.folders import AskPath, ask_path_with_dialog
from kiosk.desk.printing import badge_for
from kiosk.desk.widgets import (
    DeskTab,
    Words,
    fill_table,
    literally,
    plain_label,
    read_only_table,
    set_headers,
    words,
)
from shared import roster, sheets
from shared.i18n import Lang

EXPORT_HEADERS = [
    "id",
    "voornaam",
    "achternaam",
    "organisatie",
    "e-mail",
    "telefoon",
    "weergave",
    "workshops",
    "soort",
    "ticket",
    "geprint",
    "laatst gescand",
    "waar",
]


class RegistrationTab(DeskTab):
    """Import, export and bulk tickets.

    Args:
        client: the hub.
        event: returns the event's name and colour (for the tickets).

    Signals:
        loaded(int): a file was read; this many data rows.
        previewed(object): the :class:`~shared.protocol.RosterOutcome` of a check.
        imported(object): the :class:`~shared.protocol.RosterOutcome` of an import.
        exported(int): this many attendees were written to a file.
        bulk_done(int): this many tickets were written to the PDF.
        progress(int): tickets drawn so far (from the drawing thread).
    """

    loaded = Signal(int)
    previewed = Signal(object)
    imported = Signal(object)
    exported = Signal(int)
    bulk_done = Signal(int)
    progress = Signal(int)

    def __init__(
        self,
        client: DeskClient,
        event: Callable[[], tuple[str, str]],
        lang: Lang = Lang.NL,
    ) -> None:
        super().__init__(client, lang)
        self.ask_path: AskPath = ask_path_with_dialog
        self._event = event
        self.table_data: sheets.Table | None = None
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.bulk_button = QPushButton()
        self.per_page = QCheckBox()
        self.file_label = plain_label()
        self.mapping = read_only_table(2)
        self.check_button = QPushButton()
        self.do_import_button = QPushButton()
        self.summary = plain_label(name="summary")
        self._summary: Words | None = None  # said again in the other language
        self.rejected = read_only_table(3)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        top = QHBoxLayout()
        for widget in (self.import_button, self.export_button, self.bulk_button, self.per_page):
            top.addWidget(widget)
        top.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.do_import_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.bar)
        layout.addWidget(self.file_label)
        layout.addWidget(self.mapping, 1)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.rejected, 1)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.bulk_button.clicked.connect(self._on_bulk_button_clicked)
        self.check_button.clicked.connect(lambda: self.check(commit=False))
        self.do_import_button.clicked.connect(lambda: self.check(commit=True))
        self.progress.connect(self.bar.setValue)
        self._set_actions(False)
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.import_button.setText(texts.IMPORT(lang))
        self.export_button.setText(texts.EXPORT(lang))
        self.bulk_button.setText(texts.BULK(lang))
        self.per_page.setText(texts.PER_PAGE(lang))
        self.check_button.setText(texts.CHECK(lang))
        self.do_import_button.setText(texts.DO_IMPORT(lang))
        set_headers(self.mapping, [texts.COLUMN, texts.FIELD], lang)
        set_headers(self.rejected, texts.REJECT_COLUMNS, lang)
        self.summary.setText(self._summary(lang) if self._summary is not None else "")
        for row in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                combo.setItemText(0, texts.IGNORE(lang))
                for i, key in enumerate(texts.FIELDS, start=1):
                    combo.setItemText(i, texts.FIELDS[key](lang))

    def _set_actions(self, enabled: bool) -> None:
        self.check_button.setEnabled(enabled)
        self.do_import_button.setEnabled(enabled)

    # -- import ----------

    def _on_import_button_clicked(self) -> None:
        path = self.ask_path(texts.IMPORT(self.lang), "", False)
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> None:
        """Read a CSV or XLSX file and propose a column mapping from its header."""
        try:
            table = sheets.read_table(path)
        except roster.RosterError as error:
            self.table_data = None
            self._set_actions(False)
            self.say(literally(f"{path.name}: {error}"), True)
            return
        self.table_data = table
        self.file_label.setText(f"{path.name}: {len(table.rows)}")
        guessed, _ = roster.map_headers(table.headers)
        self.mapping.setRowCount(len(table.headers))
        fill_table(self.mapping, [(h, "") for h in table.headers])
        for row, header in enumerate(table.headers):
            combo = QComboBox()
            combo.addItem(texts.IGNORE(self.lang), "")
            for key, text in texts.FIELDS.items():
                combo.addItem(text(self.lang), key)
            combo.setCurrentIndex(max(combo.findData(guessed.get(header, "")), 0))
            self.mapping.setCellWidget(row, 1, combo)
        self.mapping.resizeColumnsToContents()
        self._set_actions(True)
        self._summary = None
        self.summary.clear()
        fill_table(self.rejected, [])
        self.loaded.emit(len(table.rows))

    def chosen_mapping(self) -> dict[int, str]:
        """Column index → field, as staff set it (a field taken twice keeps its first column)."""
        chosen: dict[int, str] = {}
        for row in range(self.mapping.rowCount()):
            combo = self.mapping.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and combo.currentData():
                field = str(combo.currentData())
                if field not in chosen.values():
                    chosen[row] = field
        return chosen

    def set_field(self, column: int, field: str) -> None:
        """Map one column to a field ('' to ignore it)."""
        combo = self.mapping.cellWidget(column, 1)
        if isinstance(combo, QComboBox):
            combo.setCurrentIndex(max(combo.findData(field), 0))

    def check(self, *, commit: bool) -> None:
        """Send the mapped rows for a preview (or, with ``commit``, the import)."""
        if self.table_data is None:
            return
        mapping = self.chosen_mapping()
        if not {"first_name", "last_name"} <= set(mapping.values()):
            self.say(texts.NEEDS_NAMES, True)
            return
        records = self.table_data.records(mapping)
        self.spawn(self._check(records, self.table_data.first_line, commit))

    async def _check(self, records: list[dict[str, str]], first_line: int, commit: bool) -> None:
        outcome = await self.client.roster(records, first_line=first_line, commit=commit)
        fill_table(
            self.rejected,
            [
                (r.line, r.reason, " · ".join(v for v in r.values.values() if v))
                for r in outcome.rejected
            ],
        )
        self.rejected.resizeColumnsToContents()
        if commit:
            said = words(texts.IMPORTED, count=outcome.imported, rejected=len(outcome.rejected))
        else:
            said = words(texts.PREVIEW, accepted=outcome.accepted, rejected=len(outcome.rejected))
        self._summary = said
        self.summary.setText(said(self.lang))
        if commit:
            self._set_actions(False)
            self.imported.emit(outcome)
        else:
            self.previewed.emit(outcome)
        self.say(said)

    # -- export ----------

    def _on_export_button_clicked(self) -> None:
        path = self.ask_path(texts.EXPORT(self.lang), "deelnemers.xlsx", True)
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        """Write the whole list (CSV or XLSX, by the file name)."""
        self.spawn(self._export(path))

    async def _export(self, path: Path) -> None:
        people = await self.client.everyone()
        rows = [
            (
                a.id,
                a.first_name,
                a.last_name,
                a.organisation,
                a.email,
                a.phone,
                a.display.value,
                " ".join(a.workshops),
                a.kind.value,
                a.serial,
                a.printed_at,
                a.last_scan_at,
                a.last_scan_workshop,
            )
            for a in people
        ]
        try:
            count = await asyncio.to_thread(sheets.write_table, path, EXPORT_HEADERS, rows)
        except OSError as error:
            self.say(literally(f"{path.name}: {error.strerror}"), True)
            return
        self.say(words(texts.EXPORTED, count=count, file=path.name))
        self.exported.emit(count)

    # -- bulk tickets ----------

    def _on_bulk_button_clicked(self) -> None:
        path = self.ask_path(texts.BULK(self.lang), "tickets.pdf", True)
        if path:
            self.bulk(Path(path), per_page=self.per_page.isChecked())

    def bulk(self, path: Path, *, per_page: bool = False) -> None:
        """Everyone's ticket in one print-ready PDF (drawn in a worker thread)."""
        self.bulk_button.setEnabled(False)
        self.spawn(self._bulk(path, per_page))

    async def _bulk(self, path: Path, per_page: bool) -> None:
        try:
            self.say(texts.BULK_FETCH)
            tickets = await self.client.tickets()
            badges: list[Badge] = [badge_for(t, self.lang) for t in tickets]
            name, colour = self._event()
            self.bar.setRange(0, len(badges))
            self.bar.setValue(0)
            self.bar.setVisible(True)
            count = await asyncio.to_thread(
                write_pdf,
                path,
                badges,
                event=name,
                colour=colour,
                per_page=per_page,
                progress=self.progress.emit,
            )
        finally:
            self.bulk_button.setEnabled(True)
        self.say(words(texts.BULK_DONE, count=count, file=path.name))
        self.bulk_done.emit(count)
