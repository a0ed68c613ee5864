"""Find and fix: search attendees as you type, see their ticket status, reprint.

Scanning a ticket at the desk (a handheld scanner typing into the app) opens
that attendee; a replaced ticket says so, so staff hand out the new one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import (
    DeskTab,
    fill_table,
    plain_label,
    read_only_table,
    selected_keys,
    set_headers,
    words,
)
from shared import protocol
from shared.i18n import Lang

SEARCH_DELAY_MS = 150


def _when(stamp: str | None) -> str:
    return stamp[11:16] if stamp and len(stamp) >= 16 else (stamp or "")


class FindTab(DeskTab):
    """Search, look up scanned tickets, reprint.

    Args:
        client: the hub.
        output: prints or saves a ticket (``"print"``, ``"preview"`` or ``"pdf"``).

    Signals:
        results_shown(int): the list now shows this many attendees.
        reissued(object): the new :class:`~shared.protocol.IssuedTicket` after a reprint.
        scanned(object): the :class:`~shared.protocol.LookupResult` of a scanned ticket.
    """

    results_shown = Signal(int)
    reissued = Signal(object)
    scanned = Signal(object)

    def __init__(
        self,
        client: DeskClient,
        output: Callable[[protocol.IssuedTicket, str], None],
        lang: Lang = Lang.NL,
    ) -> None:
        super().__init__(client, lang)
        self._output = output
        self.results: list[protocol.AttendeeSummary] = []
        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.setMaxLength(200)
        self.table = read_only_table(len(texts.COLUMNS))
        self.reprint_button = QPushButton()
        self.again_button = QPushButton()
        self.pdf_button = QPushButton()
        self.verdict = plain_label(name="verdict")
        buttons = QHBoxLayout()
        for button in (self.again_button, self.pdf_button, self.reprint_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.verdict)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self.search)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.reprint_button.clicked.connect(self.reprint)
        self.again_button.clicked.connect(lambda: self.print_current("print"))
        self.pdf_button.clicked.connect(lambda: self.print_current("pdf"))
        self.table.doubleClicked.connect(lambda _: self.print_current("preview"))
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.query.setPlaceholderText(texts.SEARCH(lang))
        set_headers(self.table, texts.COLUMNS, lang)
        self.table.empty_text = texts.NO_ONE_FOUND(lang)
        self.reprint_button.setText(texts.REPRINT(lang))
        self.again_button.setText(texts.PRINT_AGAIN(lang))
        self.pdf_button.setText(texts.SAVE_PDF(lang))
        self.show_results(self.results)

    def _on_query_text_changed(self, _: str) -> None:
        self._debounce.start()

    def search(self) -> None:
        """Search for what is typed (called a moment after the last key)."""
        self.spawn(self._search(self.query.text()))

    async def _search(self, query: str) -> None:
        found = await self.client.search(query)
        if query == self.query.text():  # a slower, older answer must not win
            self.show_results(found)

    def show_results(self, found: list[protocol.AttendeeSummary]) -> None:
        """Fill the list."""
        self.results = found
        lang = self.lang
        rows = [
            (
                f"{a.first_name} {a.last_name}",
                a.organisation,
                a.email or "",
                str(a.serial) if a.serial else texts.NO_TICKET(lang),
                _when(a.printed_at),
                texts.SCANNED_AT(lang, time=_when(a.last_scan_at), workshop=a.last_scan_workshop)
                if a.last_scan_at
                else "",
            )
            for a in found
        ]
        fill_table(self.table, rows, [a.id for a in found])
        self.table.resizeColumnsToContents()
        if len(found) == 1:
            self.table.selectRow(0)
        self.results_shown.emit(len(found))

    def current(self) -> protocol.AttendeeSummary | None:
        """The selected attendee."""
        keys = selected_keys(self.table)
        return next((a for a in self.results if keys and a.id == keys[0]), None)

    def print_current(self, output: str) -> None:
        """Print (or save) the selected attendee's current ticket, without revoking it."""
        person = self.current()
        if person is None:
            self.say(texts.PICK_ONE, True)
            return
        self.spawn(self._print(person.id, output))

    async def _print(self, attendee_id: int, output: str) -> None:
        ticket = await self.client.ticket(attendee_id)
        self._output(ticket, output)

    def reprint(self) -> None:
        """A lost ticket: revoke it, issue a new serial and print that."""
        person = self.current()
        if person is None:
            self.say(texts.PICK_ONE, True)
            return
        self.spawn(self._reprint(person.id))

    async def _reprint(self, attendee_id: int) -> None:
        ticket = await self.client.ticket(attendee_id, reissue=True)
        name = f"{ticket.attendee.first_name} {ticket.attendee.last_name}"
        self.say(words(texts.REPRINTED, serial=ticket.serial, name=name))
        self.reissued.emit(ticket)
        await self._search(self.query.text())
        self._output(ticket, "print")

    def lookup(self, text: str) -> None:
        """A ticket scanned at the desk: show its attendee and what the ticket is worth."""
        self.spawn(self._lookup(text))

    async def _lookup(self, text: str) -> None:
        result = await self.client.lookup(text)
        person = result.attendee
        key = result.verdict if result.verdict in texts.SCAN_RESULT else "other"
        name = f"{person.first_name} {person.last_name}" if person else ""
        self.verdict.setText(texts.SCAN_RESULT[key](self.lang, name=name))
        self.verdict.setProperty("error", result.verdict != "valid")
        if person is not None:
            self.query.blockSignals(True)
            self.query.setText(name)
            self.query.blockSignals(False)
            self.show_results([person])
        self.scanned.emit(result)
