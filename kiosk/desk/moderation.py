"""Moderation: the queue of held notes and photos, what is on the walls, the modes, the words.

Keys: A approves, H hides, R restores the selected items. The tab follows the
hub's live stream, so a new note in the queue shows up by itself; what staff
change reaches the walls through the same stream within a second. A selected
photo is shown beside the list, so nobody approves one unseen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import (
    DeskTab,
    Table,
    fill_table,
    plain_label,
    read_only_table,
    selected_keys,
    set_headers,
)
from shared import protocol
from shared.i18n import Lang

STATES = ("pending", "visible", "hidden")
PREVIEW_PX = 320  # the photo preview's longest side


class ModerationTab(DeskTab):
    """Approve, hide and restore; set the modes and the word list.

    Signals:
        refreshed(): the three lists were reloaded.
        moderated(str, str): an item (id) got a new state.
        photo_shown(str): the selected photo (its item id) is in the preview.
    """

    refreshed = Signal()
    moderated = Signal(str, str)
    photo_shown = Signal(str)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.items: dict[str, list[protocol.ModerationItem]] = {s: [] for s in STATES}
        self.lists = QTabWidget()
        self.tables: dict[str, Table] = {}
        for state in STATES:
            table = read_only_table(len(texts.ITEM_COLUMNS))
            table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            table.setWordWrap(True)
            self.tables[state] = table
            self.lists.addTab(table, state)
        self.preview = QLabel()  # a pixmap only, never text
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.hide()
        self._photos: dict[str, QPixmap] = {}  # by file name, loaded once
        self._loading: set[str] = set()
        self.approve_button = QPushButton()
        self.hide_button = QPushButton()
        self.restore_button = QPushButton()
        self.note_mode = QComboBox()
        self.photo_mode = QComboBox()
        self.words = QPlainTextEdit()
        self.words.setTabChangesFocus(True)
        self.save_words_button = QPushButton()
        self._mode_labels = [plain_label(), plain_label()]
        self._words_label = plain_label()
        buttons = QHBoxLayout()
        for button in (self.approve_button, self.hide_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        side = QWidget()
        form = QFormLayout(side)
        form.addRow(self._mode_labels[0], self.note_mode)
        form.addRow(self._mode_labels[1], self.photo_mode)
        form.addRow(self._words_label)
        form.addRow(self.words)
        form.addRow(self.save_words_button)
        left = QVBoxLayout()
        left.addWidget(self.lists, 1)
        left.addWidget(self.preview)
        left.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(side, 1)
        self.approve_button.clicked.connect(lambda: self.act("approve"))
        self.hide_button.clicked.connect(lambda: self.act("hide"))
        self.restore_button.clicked.connect(lambda: self.act("restore"))
        for key, action in (("A", "approve"), ("H", "hide"), ("R", "restore")):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda a=action: self.act(a))
        self.note_mode.activated.connect(lambda _: self._save_modes())
        self.photo_mode.activated.connect(lambda _: self._save_modes())
        self.save_words_button.clicked.connect(self._on_save_words_button_clicked)
        self.lists.currentChanged.connect(lambda _: self._update_buttons())
        self.lists.currentChanged.connect(lambda _: self._show_photo())
        for table in self.tables.values():
            table.itemSelectionChanged.connect(self._show_photo)
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.approve_button.setText(texts.APPROVE(lang))
        self.hide_button.setText(texts.HIDE(lang))
        self.restore_button.setText(texts.RESTORE(lang))
        self._mode_labels[0].setText(texts.MODE_NOTES(lang))
        self._mode_labels[1].setText(texts.MODE_PHOTOS(lang))
        self._words_label.setText(texts.WORDS(lang))
        for table in self.tables.values():
            set_headers(table, texts.ITEM_COLUMNS, lang)
        self.save_words_button.setText(texts.SAVE_WORDS(lang))
        for combo in (self.note_mode, self.photo_mode):
            current = combo.currentData()
            combo.clear()
            for value, text in texts.MODES.items():
                combo.addItem(text(lang), value)
            if current:
                combo.setCurrentIndex(combo.findData(current))
        self._show()

    def start(self) -> None:
        """Load the lists, the modes and the word list."""
        self.refresh()
        self.spawn(self._load_settings())

    async def _load_settings(self) -> None:
        settings = await self.client.settings()
        self.note_mode.setCurrentIndex(self.note_mode.findData(settings.moderation))
        self.photo_mode.setCurrentIndex(self.photo_mode.findData(settings.photo_moderation))
        self.words.setPlainText("\n".join(await self.client.words()))

    def refresh(self) -> None:
        """Reload the three lists."""
        self.spawn(self._refresh())

    async def _refresh(self) -> None:
        for state in STATES:
            self.items[state] = await self.client.items(state)
        self._show()
        self.refreshed.emit()

    def _show(self) -> None:
        lang = self.lang
        titles = {"pending": texts.PENDING, "visible": texts.ON_WALLS, "hidden": texts.HIDDEN}
        for n, state in enumerate(STATES):
            items = self.items[state]
            self.lists.setTabText(n, titles[state](lang, count=len(items)))
            rows = []
            for entry in items:
                item = entry.item
                kind = (
                    texts.PHOTO
                    if item.type == "photo"
                    else (texts.TOP if item.wall == "top" else texts.TIP)
                )
                flagged = (
                    texts.FLAGGED(lang, words=", ".join(entry.flagged)) if entry.flagged else ""
                )
                rows.append((kind(lang), item.workshop or "", item.text, flagged))
            self.tables[state].empty_text = texts.EMPTY_ITEMS[state](lang)
            fill_table(self.tables[state], rows, [e.item.id for e in items])
            self.tables[state].resizeColumnToContents(0)
            self.tables[state].resizeRowsToContents()
        self._update_buttons()

    def _update_buttons(self) -> None:
        state = STATES[self.lists.currentIndex()]
        self.approve_button.setEnabled(state == "pending")
        self.hide_button.setEnabled(state in ("pending", "visible"))
        self.restore_button.setEnabled(state == "hidden")

    def _selected_photo(self) -> protocol.WallItem | None:
        """The photo selected in the list in view, if one is (the first, if more)."""
        state = STATES[self.lists.currentIndex()]
        ids = selected_keys(self.tables[state])
        for entry in self.items[state]:
            if entry.item.id in ids and entry.item.type == "photo" and entry.item.photo:
                return entry.item
        return None

    def _show_photo(self) -> None:
        item = self._selected_photo()
        if item is None or item.photo is None:
            self.preview.hide()
            return
        pixmap = self._photos.get(item.photo)
        if pixmap is None:
            if item.photo not in self._loading:
                self._loading.add(item.photo)
                self.spawn(self._load_photo(item.photo))
            return
        self.preview.setPixmap(
            pixmap.scaled(
                PREVIEW_PX,
                PREVIEW_PX,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.preview.show()
        self.photo_shown.emit(item.id)

    async def _load_photo(self, name: str) -> None:
        try:
            data = await self.client.photo(name)
        finally:
            self._loading.discard(name)
        pixmap = QPixmap()
        if pixmap.loadFromData(data):
            self._photos[name] = pixmap
            self._show_photo()  # if it is still the one selected

    def select(self, state: str, item_id: str) -> None:
        """Show a list and select one item in it."""
        self.lists.setCurrentIndex(STATES.index(state))
        table = self.tables[state]
        for row in range(table.rowCount()):
            cell = table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == item_id:
                table.selectRow(row)

    def act(self, action: str) -> None:
        """Approve, hide or restore the selected items of the list in view."""
        state = STATES[self.lists.currentIndex()]
        allowed = {"pending": ("approve", "hide"), "visible": ("hide",), "hidden": ("restore",)}
        if action not in allowed[state]:
            return
        ids = selected_keys(self.tables[state])
        if ids:
            self.spawn(self._act(ids, action))

    async def _act(self, ids: list[str], action: str) -> None:
        for item_id in ids:
            new_state = await self.client.moderate(item_id, action)
            self.moderated.emit(item_id, new_state)
        await self._refresh()

    def _save_modes(self) -> None:
        settings = protocol.ModerationSettings(
            moderation=self.note_mode.currentData(), photo_moderation=self.photo_mode.currentData()
        )
        self.spawn(self.client.set_settings(settings))

    def _on_save_words_button_clicked(self) -> None:
        words = [w.strip() for w in self.words.toPlainText().splitlines() if w.strip()]
        self.spawn(self._save_words(words))

    async def _save_words(self, words: list[str]) -> None:
        stored = await self.client.set_words(words[:5000])
        self.words.setPlainText("\n".join(stored))

    def on_live(self, event: protocol.LiveEvent) -> None:
        """A live event from the hub: reload when notes or photos changed."""
        if event.kind in (
            protocol.LiveEventKind.ITEM_VISIBLE,
            protocol.LiveEventKind.ITEM_HIDDEN,
            protocol.LiveEventKind.ITEM_PENDING,
        ):
            self.refresh()
