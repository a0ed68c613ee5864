"""Printing tickets at the desk: the system's printers with a preview, or a PDF file.

The chosen printer is remembered (``QSettings``), so after the first ticket the
desk prints with one key press. Tickets print one per A4 page, with the
attendee's agenda and the venue map; the bulk run uses sheets of eight badges.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from kiosk.desk import texts
from kiosk.desk.badges import Badge, paint_tickets, write_pdf
from shared import protocol
from shared.i18n import Lang
from shared.scoring import display_name
from shared.tickets import printed_text

PRINTER_KEY = "desk/printer"


def badge_for(
    ticket: protocol.IssuedTicket, lang: Lang = Lang.NL, venue_map: QImage | None = None
) -> Badge:
    """What a ticket shows: the name only as the attendee allows it on screens.

    Its QR code holds the personal link in upper case, so a phone's camera opens the
    attendee's pages and a pillar still reads the ticket offline
    (:func:`shared.tickets.printed_text`).
    """
    person = ticket.attendee
    shown = display_name(person.first_name, person.last_name, person.display)
    return Badge(
        token=printed_text(ticket.token, ticket.link),
        name=shown or texts.PARTICIPANT(lang),
        organisation=person.organisation,
        lines=list(ticket.agenda),
        map=venue_map,
    )


class TicketPrinter:
    """Prints or saves tickets for one event.

    Args:
        settings: where the chosen printer is remembered.
        event: the event's name (the ticket's top band).
        colour: the band's colour.
    """

    def __init__(self, settings: QSettings, event: str = "", colour: str = "#1B4F72") -> None:
        self.settings = settings
        self.event = event
        self.colour = colour

    def save_pdf(self, path: Path, badges: list[Badge], *, per_page: bool = True) -> int:
        """Write tickets to a PDF file; returns how many."""
        return write_pdf(path, badges, event=self.event, colour=self.colour, per_page=per_page)

    def printer(self) -> QPrinter:
        """A printer set up for tickets: A4, full page, the remembered printer when it exists."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        remembered = str(self.settings.value(PRINTER_KEY, "") or "")
        names = {info.printerName() for info in QPrinterInfo.availablePrinters()}
        if remembered and remembered in names:
            printer.setPrinterName(remembered)
        return printer

    @staticmethod
    def has_printers() -> bool:
        """Whether the system knows any printer (else the desk offers PDF only)."""
        return bool(QPrinterInfo.availablePrinters())

    def paint(self, printer: QPrinter, badges: list[Badge]) -> int:
        """Draw tickets on a printer (or a preview)."""
        return paint_tickets(printer, badges, event=self.event, colour=self.colour, per_page=True)

    def print_with_dialog(self, parent: QWidget, badges: list[Badge], *, preview: bool) -> bool:
        """Ask which printer (or show the preview), print, and remember the choice."""
        printer = self.printer()
        if preview:
            dialog: QDialog = QPrintPreviewDialog(printer, parent)
            dialog.paintRequested.connect(lambda p: self.paint(p, badges))  # type: ignore[attr-defined]
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
        else:
            dialog = QPrintDialog(printer, parent)
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            if accepted:
                self.paint(printer, badges)
        if accepted and printer.outputFormat() == QPrinter.OutputFormat.NativeFormat:
            self.settings.setValue(PRINTER_KEY, printer.printerName())
        return accepted
