"""The pillar's staff panel: PIN first, then pairing, workshop, camera, sync state and quit.

Attendees never see it: staff open it with five taps on the header or Ctrl+Shift+S.
The PIN is typed on a number pad; the panel then shows three cards (the hub, where
the pillar stands, its camera) in three columns on a wide screen and one above the
other on a tall one, with the buttons that leave the panel along the bottom.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import tabletexts as T_TABLE
from kiosk import texts as T
from kiosk.widgets import PlainLabel
from shared import protocol
from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap, qicon
from shared.ui.theme import SCALE, Roles

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
        self.portrait = False
        self.title = PlainLabel(role="title")
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.returnPressed.connect(self._check_pin)
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_message = PlainLabel(role="hint")
        self.pin_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_ok = QPushButton("OK")
        self.pin_ok.clicked.connect(self._check_pin)
        self.keypad = PinPad(self.pin_ok)
        self.keypad.key_typed.connect(self.pin_edit.insert)
        self.keypad.backspace_pressed.connect(self.pin_edit.backspace)
        self.hub_edit = QLineEdit()
        self.code_edit = QLineEdit()
        self.pair_button = QPushButton()
        self.pair_button.clicked.connect(
            lambda: self.pair_requested.emit(self.hub_edit.text().strip(), self.code_edit.text())
        )
        self.paired = PlainLabel(role="hint")
        self.workshop_label = PlainLabel(role="fieldlabel")
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
        self.quit_button.setObjectName("wrong")  # the one button that ends the pillar
        self.quit_button.clicked.connect(self.quit_requested.emit)
        for button in (self.test, self.retry_stuck, self.pair_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # a long title never widens the panel
        for box in (self.workshop, self.table, self.camera_choice):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(6)

        # PIN first: the field beside the pad on a wide screen, above it on a tall one
        self.locked = QWidget()
        entry = QVBoxLayout()
        entry.addStretch(1)
        entry.addWidget(self.pin_edit, 0, Qt.AlignmentFlag.AlignCenter)
        entry.addWidget(self.pin_message, 0, Qt.AlignmentFlag.AlignCenter)
        entry.addStretch(1)
        self.pin_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.locked)
        self.pin_layout.addStretch(1)
        self.pin_layout.addLayout(entry)
        self.pin_layout.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignCenter)
        self.pin_layout.addStretch(1)

        # then three cards: the hub, where this pillar stands, and its camera
        self.connection_card, connection = _card()
        self.connection_title = _heading(connection)
        connection.addWidget(self.hub_edit)
        pairing = QHBoxLayout()  # the code and the button that pairs with it, side by side
        pairing.addWidget(self.code_edit, 1)
        pairing.addWidget(self.pair_button, 1)
        connection.addLayout(pairing)
        for shown in (self.paired, self.sync, self.stuck, self.retry_stuck):
            connection.addWidget(shown)
        connection.addStretch(1)
        self.place_card, place = _card()
        self.place_title = _heading(place)
        # where the pillar stands: its workshop, or a work session's table
        self.table_label.setObjectName("fieldlabel")
        for part in (self.workshop_label, self.workshop, self.table_label, self.table):
            place.addWidget(part)
        place.addStretch(1)
        self.camera_card, camera = _card()
        self.camera_title = _heading(camera)
        camera.addWidget(self.camera)
        trying = QHBoxLayout()  # the camera to use and the scan that tries it, side by side
        trying.addWidget(self.camera_choice, 1)
        trying.addWidget(self.test, 1)
        camera.addLayout(trying)
        camera.addWidget(self.test_result)
        camera.addStretch(1)
        self.cards = QGridLayout()
        sheet = QWidget()
        sheet.setLayout(self.cards)
        # on a screen too small for the cards they scroll rather than squeeze into each other
        self.unlocked = QScrollArea()
        self.unlocked.setWidgetResizable(True)
        self.unlocked.setFrameShape(QFrame.Shape.NoFrame)
        self.unlocked.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.unlocked.setWidget(sheet)

        # the actions that leave this panel, along the bottom where a hand reaches
        self.leave_row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for button in (self.contrast, self.quit_button, self.close_button):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.leave_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.locked, 1)
        layout.addWidget(self.unlocked, 1)
        layout.addLayout(self.leave_row)
        self.adapt(False)
        self.lock()

    def adapt(self, portrait: bool) -> None:
        """Cards in three columns on a wide screen, one above the other on a tall one."""
        self.portrait = portrait
        for card in (self.connection_card, self.place_card, self.camera_card):
            self.cards.removeWidget(card)
        if portrait:
            # one column; the room left over stays between the cards and the buttons
            self.cards.addWidget(self.connection_card, 0, 0)
            self.cards.addWidget(self.place_card, 1, 0)
            self.cards.addWidget(self.camera_card, 2, 0)
            self.cards.setColumnStretch(1, 0)
            self.cards.setColumnStretch(2, 0)
            self.cards.setRowStretch(3, 1)
            self.leave_row.setDirection(QBoxLayout.Direction.TopToBottom)
            self.pin_layout.setDirection(QBoxLayout.Direction.TopToBottom)
            self.unlocked.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        else:
            # three columns: a wide screen is short, and a card's controls stack well
            self.cards.addWidget(self.connection_card, 0, 0)
            self.cards.addWidget(self.place_card, 0, 1)
            self.cards.addWidget(self.camera_card, 0, 2)
            for column in range(3):
                self.cards.setColumnStretch(column, 1)
            self.cards.setRowStretch(3, 0)
            self.leave_row.setDirection(QBoxLayout.Direction.LeftToRight)
            self.pin_layout.setDirection(QBoxLayout.Direction.LeftToRight)
            # three columns fit any landscape pillar: no bar for a passing layout
            self.unlocked.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def apply_look(self, look: Roles, scale: float) -> None:
        """Space, the PIN pad's size and the headings' icons for this screen's scale."""
        gap = round(SCALE.space_l * scale)
        self.cards.setSpacing(gap)
        for card in (self.connection_card, self.place_card, self.camera_card):
            inside = card.layout()
            if inside is not None:
                inside.setContentsMargins(gap, gap, gap, gap)
                inside.setSpacing(round(SCALE.space_m * scale))
        self.leave_row.setSpacing(gap)
        layout = self.layout()
        if layout is not None:
            layout.setSpacing(round(SCALE.space_m * scale))
            margin = round(SCALE.space_xl * scale)
            layout.setContentsMargins(margin, round(SCALE.space_m * scale), margin, margin)
        self.keypad.size_keys(round(110 * scale), round(SCALE.space_m * scale))
        self.pin_layout.setSpacing(round(SCALE.space_xl * 2 * scale))
        self.pin_edit.setFixedWidth(round(3 * 1.4 * 110 * scale + 2 * SCALE.space_m * scale))
        side = round(40 * scale)
        for heading, icon in (
            (self.connection_title, Icon.ONLINE),
            (self.place_title, Icon.HOME),
            (self.camera_title, Icon.PHOTO),
        ):
            heading.icon.setPixmap(icon_pixmap(icon, look.brand, side))
            heading.icon.setFixedSize(side, side)
        for button, icon, colour in (
            (self.contrast, Icon.SHOWN, look.brand),
            (self.close_button, Icon.BACK, look.brand),
            (self.quit_button, Icon.STOP, look.on_danger),
            (self.test, Icon.SCAN, look.on_primary),
            (self.pair_button, Icon.ONLINE, look.on_primary),
            (self.retry_stuck, Icon.RETRY, look.on_primary),
        ):
            button.setIcon(qicon(icon, colour, round(36 * scale)))
            button.setIconSize(QSize(round(36 * scale), round(36 * scale)))

    def lock(self) -> None:
        """Ask for the PIN again."""
        self.pin_edit.clear()
        self.pin_message.setText("")
        self.locked.show()
        self.unlocked.hide()
        self.contrast.hide()
        self.quit_button.hide()

    def _check_pin(self) -> None:
        if self.pin_edit.text() == self.pin:
            self.locked.hide()
            self.unlocked.show()
            self.contrast.show()
            self.quit_button.show()
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
        self.connection_title.text.setText(T.STAFF_CONNECTION(lang))
        self.place_title.text.setText(T.STAFF_PLACE(lang))
        self.camera_title.text.setText(T.STAFF_CAMERA(lang))
        self.workshop_label.setText(T.STAFF_WORKSHOP(lang))

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


class PinPad(QWidget):
    """Digits for the staff PIN: 1-9, then erase, 0 and OK, as on a phone.

    Signals:
        key_typed(str): a digit was pressed.
        backspace_pressed(): the erase key was pressed.
    """

    key_typed = Signal(str)
    backspace_pressed = Signal()

    def __init__(self, ok: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.keys: list[QPushButton] = []
        for n, digit in enumerate("123456789"):
            self._place(self._key(digit), n // 3, n % 3)
        erase = QPushButton("⌫")
        erase.setObjectName("secondary")
        erase.clicked.connect(self.backspace_pressed.emit)
        self._place(erase, 3, 0)
        self._place(self._key("0"), 3, 1)
        self._place(ok, 3, 2)

    def _key(self, digit: str) -> QPushButton:
        button = QPushButton(digit)
        button.setObjectName("key")
        button.clicked.connect(lambda: self.key_typed.emit(digit))
        return button

    def _place(self, button: QPushButton, row: int, column: int) -> None:
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys.append(button)
        self.grid.addWidget(button, row, column)

    def size_keys(self, side: int, gap: int) -> None:
        """Keys ``side`` px square (wider than tall for OK's word), ``gap`` px apart."""
        self.grid.setSpacing(gap)
        for button in self.keys:
            button.setFixedSize(round(side * 1.4), side)


class _Heading(QWidget):
    """A card's heading: its icon beside its words."""

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel()
        self.text = PlainLabel(role="subtitle")
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)


def _card() -> tuple[QFrame, QVBoxLayout]:
    """A raised card and the column inside it."""
    card = QFrame()
    card.setObjectName("staffcard")
    column = QVBoxLayout(card)
    return card, column


def _heading(column: QVBoxLayout) -> _Heading:
    heading = _Heading()
    column.addWidget(heading)
    return heading
