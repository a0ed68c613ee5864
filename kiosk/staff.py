"""The pillar's staff panel: PIN first, then pairing, workshop, camera, sync state and quit.

Attendees never see it: staff open it with five taps on the header or Ctrl+Shift+S.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk import tabletexts as T_TABLE
from kiosk import texts as T
from kiosk.widgets import OnScreenKeyboard, PlainLabel
from shared import protocol

if TYPE_CHECKING:
    from kiosk.client import SyncStatus
    from shared.device.pairing import Pairing


class StaffPanel(QWidget):
    """PIN entry, then pairing, workshop, camera, sync status, test scan and quit.

    Signals:
        closed(): staff left the panel.
        pair_requested(str, str): hub URL and pairing code.
        workshop_chosen(str): the pillar's new workshop code.
        table_chosen(str): the work-session table the pillar is at ('' for none).
        camera_chosen(str): use another camera (``0``, ``1``, a device, ``virtual``).
        contrast_toggled(): switch the high-contrast theme.
        test_scan_requested(): the next scan only shows its verdict here.
        retry_stuck_requested(): send the stuck actions to the hub once more.
        quit_requested(): close the pillar app.
    """

    closed = Signal()
    pair_requested = Signal(str, str)
    workshop_chosen = Signal(str)
    table_chosen = Signal(str)
    camera_chosen = Signal(str)
    contrast_toggled = Signal()
    test_scan_requested = Signal()
    retry_stuck_requested = Signal()
    quit_requested = Signal()

    def __init__(self, pin: str) -> None:
        super().__init__()
        self.pin = pin
        self.lang = "nl"
        self.title = PlainLabel(role="title")
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.returnPressed.connect(self._check_pin)
        self.pin_message = PlainLabel(role="hint")
        self.keypad = OnScreenKeyboard()
        self.keypad.key_typed.connect(self.pin_edit.insert)
        self.keypad.backspace_pressed.connect(self.pin_edit.backspace)
        self.pin_ok = QPushButton("OK")
        self.pin_ok.clicked.connect(self._check_pin)
        self.hub_edit = QLineEdit()
        self.code_edit = QLineEdit()
        self.pair_button = QPushButton()
        self.pair_button.clicked.connect(
            lambda: self.pair_requested.emit(self.hub_edit.text().strip(), self.code_edit.text())
        )
        self.paired = PlainLabel(role="hint")
        self.workshop = QComboBox()
        self.workshop.activated.connect(
            lambda _i: self.workshop_chosen.emit(self.workshop.currentData() or "")
        )
        self.table_label = PlainLabel(role="hint")
        self.table = QComboBox()
        self.table.activated.connect(
            lambda _i: self.table_chosen.emit(self.table.currentData() or "")
        )
        self.camera = PlainLabel(role="hint")
        self.camera_choice = QComboBox()
        self.camera_choice.setEditable(True)
        for spec in ("0", "1", "2", "virtual"):
            self.camera_choice.addItem(spec)
        self.camera_choice.activated.connect(
            lambda _i: self.camera_chosen.emit(self.camera_choice.currentText().strip())
        )
        self.sync = PlainLabel(role="hint")
        self.stuck = PlainLabel(role="hint")
        self.retry_stuck = QPushButton()
        self.retry_stuck.clicked.connect(self.retry_stuck_requested.emit)
        self.test = QPushButton()
        self.test.clicked.connect(self.test_scan_requested.emit)
        self.test_result = PlainLabel(role="subtitle")
        self.contrast = QPushButton()
        self.contrast.setObjectName("secondary")
        self.contrast.clicked.connect(self.contrast_toggled.emit)
        self.close_button = QPushButton()
        self.close_button.setObjectName("secondary")
        self.close_button.clicked.connect(self.closed.emit)
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.quit_requested.emit)

        self.locked = QWidget()
        locked = QVBoxLayout(self.locked)
        for widget in (self.pin_edit, self.pin_message, self.keypad, self.pin_ok):
            locked.addWidget(widget)
        self.unlocked = QWidget()
        open_ = QVBoxLayout(self.unlocked)
        pairing = QHBoxLayout()
        for widget in (self.hub_edit, self.code_edit, self.pair_button):
            pairing.addWidget(widget)
        open_.addLayout(pairing)
        for control in (
            self.paired,
            self.workshop,
            self.table_label,
            self.table,
            self.camera,
            self.camera_choice,
            self.sync,
            self.stuck,
            self.retry_stuck,
            self.test,
            self.test_result,
            self.contrast,
            self.quit_button,
        ):
            open_.addWidget(control)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.locked)
        layout.addWidget(self.unlocked)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        self.lock()

    def lock(self) -> None:
        """Ask for the PIN again."""
        self.pin_edit.clear()
        self.pin_message.setText("")
        self.locked.show()
        self.unlocked.hide()

    def _check_pin(self) -> None:
        if self.pin_edit.text() == self.pin:
            self.locked.hide()
            self.unlocked.show()
        else:
            self.pin_message.setText(T.STAFF_WRONG_PIN(self.lang))
            self.pin_edit.clear()

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        self.lang = lang
        self.title.setText(T.STAFF_TITLE(lang))
        self.pin_edit.setPlaceholderText(T.STAFF_PIN(lang))
        self.hub_edit.setPlaceholderText(T.STAFF_HUB(lang))
        self.code_edit.setPlaceholderText(T.STAFF_CODE(lang))
        self.pair_button.setText(T.STAFF_PAIR(lang))
        self.retry_stuck.setText(T.STAFF_RETRY_STUCK(lang))
        self.test.setText(T.STAFF_TEST(lang))
        self.contrast.setText(T.STAFF_CONTRAST(lang))
        self.close_button.setText(T.STAFF_CLOSE(lang))
        self.quit_button.setText(T.STAFF_QUIT(lang))

    def show_pairing(
        self,
        pairing: Pairing | None,
        hub: str | None,
        workshops: list[protocol.WorkshopInfo],
        workshop: str | None,
    ) -> None:
        """Show the hub and the pairing, and offer the event's workshops."""
        self.hub_edit.setText(pairing.hub if pairing else hub or "")
        device = pairing.device_id if pairing else None
        self.paired.setText(
            T.STAFF_PAIRED(self.lang, device=str(device)) if device is not None else ""
        )
        self.workshop.clear()
        self.workshop.addItem("—", "")
        for info in sorted(workshops, key=lambda w: w.position):
            self.workshop.addItem(f"{info.code} · {info.title}", info.code)
        index = self.workshop.findData(workshop or "")
        self.workshop.setCurrentIndex(max(index, 0))

    def show_tables(self, tables: list[tuple[str, str]], chosen: str | None) -> None:
        """Offer the work sessions' tables (code, label); table mode when one is chosen."""
        self.table.clear()
        self.table.addItem(T_TABLE.STAFF_NO_TABLE(self.lang), "")
        for code, label in tables:
            self.table.addItem(f"{code} · {label}", code)
        if chosen and self.table.findData(chosen) < 0:
            self.table.addItem(chosen, chosen)  # not (yet) in the content: kept as chosen
        self.table.setCurrentIndex(max(self.table.findData(chosen or ""), 0))
        self.table_label.setText(T_TABLE.STAFF_TABLE(self.lang))

    def show_sync(self, status: SyncStatus | None, queued: int, stuck: int) -> None:
        """The lines on the queue, the hub contact and the stuck actions."""
        contact = (
            status.last_contact.strftime("%H:%M:%S")
            if status and status.last_contact
            else T.STAFF_NEVER(self.lang)
        )
        offset = (
            f"{status.clock_offset_s:+.1f} s"
            if status and status.clock_offset_s is not None
            else "?"
        )
        self.sync.setText(
            T.STAFF_SYNC(self.lang, queued=queued, contact=contact, offset=offset)
            + (f"\n{status.last_error}" if status and status.last_error else "")
        )
        self.stuck.setText(T.STAFF_STUCK(self.lang, count=stuck) if stuck else "")
        self.stuck.setVisible(stuck > 0)
        self.retry_stuck.setVisible(stuck > 0)
