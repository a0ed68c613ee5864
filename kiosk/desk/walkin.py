"""The walk-in form: a short form that registers an attendee and prints their ticket.

Tab moves from field to field and Enter registers and prints, so the desk
works with the keyboard alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from uuid import UUID, uuid4

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import DeskTab, Words, plain_label, words
from shared import protocol
from shared.i18n import Lang
from shared.roster import MAX_NAME
from shared.scoring import Display


class WalkInTab(DeskTab):
    """Register a walk-in and hand them a ticket.

    Args:
        client: the hub.
        output: prints or saves a new ticket (``"print"`` or ``"pdf"``).

    Signals:
        registered(object): the :class:`~shared.protocol.IssuedTicket` of a new walk-in.
    """

    registered = Signal(object)

    def __init__(
        self,
        client: DeskClient,
        output: Callable[[protocol.IssuedTicket, str], None],
        lang: Lang = Lang.NL,
    ) -> None:
        super().__init__(client, lang)
        self._output = output
        self._client_id: UUID | None = None
        self.first = QLineEdit()
        self.last = QLineEdit()
        self.organisation = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        for field in (self.first, self.last, self.organisation):
            field.setMaxLength(MAX_NAME)
        self.email.setMaxLength(254)
        self.phone.setMaxLength(30)
        self.display = QComboBox()
        self.workshop_box = QWidget()
        self.workshop_grid = QGridLayout(self.workshop_box)
        self.workshops: dict[str, QCheckBox] = {}
        self.print_button = QPushButton()
        self.print_button.setDefault(True)
        self.pdf_button = QPushButton()
        self.clear_button = QPushButton()
        self.feedback = plain_label(name="feedback")
        self._feedback: Words | None = None  # said again in the other language
        self.form = QFormLayout()
        self._labels = [plain_label() for _ in range(7)]
        for label, widget in zip(
            self._labels,
            (
                self.first,
                self.last,
                self.organisation,
                self.email,
                self.phone,
                self.workshop_box,
                self.display,
            ),
            strict=True,
        ):
            self.form.addRow(label, widget)
        buttons = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.clear_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.feedback)
        layout.addStretch(1)
        for field in (self.first, self.last, self.organisation, self.email, self.phone):
            field.returnPressed.connect(self._on_field_return_pressed)
        # Enter anywhere in the form registers and prints, also from a workshop's check
        # box or the name-on-screens choice (keyboard-only staff tab through them)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self)
            enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            enter.activated.connect(self._on_enter_activated)
        self.print_button.clicked.connect(lambda: self.submit("print"))
        self.pdf_button.clicked.connect(lambda: self.submit("pdf"))
        self.clear_button.clicked.connect(self.clear)
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        names = (
            texts.FIRST_NAME,
            texts.LAST_NAME,
            texts.ORGANISATION,
            texts.EMAIL,
            texts.PHONE,
            texts.WORKSHOPS,
            texts.DISPLAY,
        )
        for label, text in zip(self._labels, names, strict=True):
            label.setText(text(lang))
        current = self.display.currentData() or Display.INITIAL.value
        self.display.clear()
        for value, text in texts.DISPLAY_CHOICES.items():
            self.display.addItem(text(lang), value)
        self.display.setCurrentIndex(self.display.findData(current))
        self.print_button.setText(texts.REGISTER_PRINT(lang))
        self.pdf_button.setText(texts.REGISTER_PDF(lang))
        self.clear_button.setText(texts.CLEAR(lang))
        self.feedback.setText(self._feedback(lang) if self._feedback is not None else "")

    def set_workshops(self, workshops: list[protocol.WorkshopInfo]) -> None:
        """The event's workshops as check boxes (in programme order)."""
        for box in self.workshops.values():
            box.deleteLater()
        self.workshops = {}
        for n, workshop in enumerate(workshops):
            box = QCheckBox(f"{workshop.code} · {workshop.title}")
            self.workshops[workshop.code] = box
            self.workshop_grid.addWidget(box, n // 2, n % 2)
        order: list[QWidget] = [self.first, self.last, self.organisation, self.email, self.phone]
        order += [*self.workshops.values(), self.display, self.print_button]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def walk_in(self) -> protocol.WalkIn | None:
        """The form as a walk-in, or None (and a message) when names are missing."""
        first, last = self.first.text().strip(), self.last.text().strip()
        if not first or not last:
            self.say(texts.REQUIRED, True)
            (self.first if not first else self.last).setFocus()
            return None
        if self._client_id is None:
            # one id per person at the desk: pressing print again after a timeout
            # registers them once, whether or not the first press arrived
            self._client_id = uuid4()
        return protocol.WalkIn(
            client_id=self._client_id,
            first_name=first,
            last_name=last,
            organisation=self.organisation.text().strip(),
            email=self.email.text().strip() or None,
            phone=self.phone.text().strip() or None,
            display=Display(self.display.currentData() or Display.INITIAL.value),
            workshops=[code for code, box in self.workshops.items() if box.isChecked()],
        )

    def submit(self, output: str = "print") -> None:
        """Register the form's attendee, then print or save their ticket."""
        walk_in = self.walk_in()
        if walk_in is None:
            return
        self.print_button.setEnabled(False)
        self.pdf_button.setEnabled(False)
        self.spawn(self._register(walk_in, output))

    async def _register(self, walk_in: protocol.WalkIn, output: str) -> None:
        try:
            ticket = await self.client.register(walk_in)
        finally:
            self.print_button.setEnabled(True)
            self.pdf_button.setEnabled(True)
        name = f"{ticket.attendee.first_name} {ticket.attendee.last_name}"
        self._feedback = words(texts.REGISTERED, name=name, serial=ticket.serial)
        self.feedback.setText(self._feedback(self.lang))
        self.say(self._feedback)
        self.clear()
        self.registered.emit(ticket)
        self._output(ticket, output)

    def clear(self) -> None:
        """Empty the form for the next person."""
        self._client_id = None
        for field in (self.first, self.last, self.organisation, self.email, self.phone):
            field.clear()
        for box in self.workshops.values():
            box.setChecked(False)
        self.display.setCurrentIndex(self.display.findData(Display.INITIAL.value))
        self.first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_field_return_pressed(self) -> None:
        self.submit("print")

    def _on_enter_activated(self) -> None:
        focused = QApplication.focusWidget()
        if isinstance(focused, QAbstractButton) and not isinstance(focused, QCheckBox):
            return  # Enter on a button is that button's own press
        self.submit("print")


def default_ticket_path(folder: Path, ticket: protocol.IssuedTicket) -> Path:
    """Where a ticket PDF goes when no printer is there: ``ticket-<serial>-<name>.pdf``."""
    person = ticket.attendee
    safe = "".join(
        ch for ch in f"{person.first_name}-{person.last_name}" if ch.isalnum() or ch in "-_"
    )
    return folder / f"ticket-{ticket.serial}-{safe[:60] or 'attendee'}.pdf"
