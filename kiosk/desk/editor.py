"""The organiser's content editor: the event, its workshops, the quiz and the questions of the day.

The forms edit the event file's plain data (``shared.eventfile.EventFileDraft``)
and saving checks it with the event file's own model, so what is saved here is
exactly what ``zuil event import`` accepts, and each problem is named. The venue
map with the pillars on it is :mod:`kiosk.desk.mappicker`, the ratings, polls and
votes :mod:`kiosk.desk.polleditor`, the work sessions :mod:`kiosk.desk.sessioneditor`.
The preview is the pillar's real quiz screen with the event's colours. Import and
export take TOML or an Excel workbook.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Literal, cast

from PySide6.QtCore import Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import TypeIs

from kiosk import theme
from kiosk.desk import sessiontexts, texts
from kiosk.desk.client import DeskClient
from kiosk.desk.folders import AskPath, ask_path_with_dialog
from kiosk.desk.mappicker import MapPicker
from kiosk.desk.polleditor import PollEditor
from kiosk.desk.sessioneditor import SessionEditor
from kiosk.desk.widgets import DeskTab, literally, plain_label, set_headers, words
from kiosk.screens.quiz import QuizScreen
from shared import content as event_content
from shared import eventfile, protocol
from shared.i18n import Lang

OPTIONS = 6
SlotKey = Literal["starts", "ends", "title", "room", "workshop"]
AGENDA_KEYS: tuple[SlotKey, ...] = ("starts", "ends", "title", "room", "workshop")
EventKey = Literal["name", "tagline", "venue", "starts", "ends"]
ColourKey = Literal["primary", "secondary"]
WorkshopKey = Literal["title", "room", "starts", "ends", "teaser"]
ImageKey = Literal["logo", "map", "board_image"]


class EditorTab(DeskTab):
    """Edit the event's content and save it to the hub.

    Signals:
        loaded(): content (and the venue map) arrived, from the hub or a file.
        saved(): the hub accepted the content.
        preview_changed(): the pillar preview shows the current question anew.
    """

    loaded = Signal()
    saved = Signal()
    preview_changed = Signal()

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.ask_path: AskPath = ask_path_with_dialog
        self.content: eventfile.EventFileDraft | None = None
        self._filling = False
        self.load_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.save_button = QPushButton()
        top = QHBoxLayout()
        for button in (self.load_button, self.import_button, self.export_button, self.save_button):
            top.addWidget(button)
        top.addStretch(1)
        event_keys: tuple[EventKey | ColourKey, ...] = (
            "name",
            "tagline",
            "venue",
            "starts",
            "ends",
            "primary",
            "secondary",
        )
        self.event_fields = {key: QLineEdit() for key in event_keys}
        self._event_labels = {key: plain_label() for key in self.event_fields}
        event_form = QFormLayout()
        for key, field in self.event_fields.items():
            event_form.addRow(self._event_labels[key], field)
            field.editingFinished.connect(self._store_event)
        self.min_answers = QSpinBox()
        self.min_answers.setRange(1, 1000)
        self.min_answers.setMaximumWidth(120)
        self._min_answers_label = plain_label()
        event_form.addRow(self._min_answers_label, self.min_answers)
        self.min_answers.valueChanged.connect(lambda _: self._store_event())
        # the wall's board: a surface in the background colour (or the event's own image)
        self.board = QComboBox()
        self.board.setMaximumWidth(240)
        self._board_label = plain_label()
        event_form.addRow(self._board_label, self.board)
        self.board.activated.connect(lambda _: self._store_event())
        self.workshops = QListWidget()
        workshop_keys: tuple[WorkshopKey, ...] = ("title", "room", "starts", "ends", "teaser")
        self.workshop_fields = {key: QLineEdit() for key in workshop_keys}
        self._workshop_labels = {key: plain_label() for key in self.workshop_fields}
        workshop_form = QFormLayout()
        for shop_key, field in self.workshop_fields.items():
            workshop_form.addRow(self._workshop_labels[shop_key], field)
            field.editingFinished.connect(self._store_workshop)
        self.info = QPlainTextEdit()
        self.info.setTabChangesFocus(True)
        self.info.setMaximumHeight(90)
        self._info_label = plain_label()
        workshop_form.addRow(self._info_label, self.info)
        self.info.textChanged.connect(self._store_workshop)
        left = QVBoxLayout()
        left.addWidget(self.workshops, 1)
        left.addLayout(workshop_form)
        self.questions = QListWidget()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(70)
        self.kind = QComboBox()
        self.options = [QLineEdit() for _ in range(OPTIONS)]
        self.correct = QComboBox()
        self.explanation = QPlainTextEdit()
        self.explanation.setTabChangesFocus(True)
        self.explanation.setMaximumHeight(70)
        self.points = QSpinBox()
        self.points.setRange(0, 1000)
        self._question_labels = [plain_label() for _ in range(5 + OPTIONS)]
        question_form = QFormLayout()
        rows: list[QWidget] = [self.text, self.kind, *self.options, self.correct]
        rows += [self.explanation, self.points]
        for label, widget in zip(self._question_labels, rows, strict=True):
            question_form.addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        middle = QVBoxLayout()
        middle.addWidget(self.questions, 1)
        middle.addLayout(buttons)
        middle.addLayout(question_form)
        self.preview = QuizScreen()
        self.preview.setFixedSize(640, 560)
        self.map = MapPicker()
        self.map_hint = plain_label()
        self.logo_button = QPushButton()
        self.map_button = QPushButton()
        self.font_button = QPushButton()
        self.board_button = QPushButton()
        map_page = QWidget()
        map_layout = QVBoxLayout(map_page)
        map_layout.addWidget(self.map_hint)
        map_layout.addWidget(self.map, 1)
        images = QHBoxLayout()
        images.addWidget(self.logo_button)
        images.addWidget(self.map_button)
        images.addWidget(self.font_button)
        images.addWidget(self.board_button)
        images.addStretch(1)
        map_layout.addLayout(images)
        self.agenda = QTableWidget(0, len(AGENDA_KEYS))
        self.add_slot_button = QPushButton()
        self.remove_slot_button = QPushButton()
        agenda_page = QWidget()
        agenda_layout = QVBoxLayout(agenda_page)
        agenda_layout.addWidget(self.agenda, 1)
        slot_buttons = QHBoxLayout()
        slot_buttons.addWidget(self.add_slot_button)
        slot_buttons.addWidget(self.remove_slot_button)
        slot_buttons.addStretch(1)
        agenda_layout.addLayout(slot_buttons)
        self.polls = PollEditor(lang)
        self.sessions = SessionEditor(lang)
        self.pages = QTabWidget()
        self.pages.addTab(self.preview, "")
        self.pages.addTab(map_page, "")
        self.pages.addTab(agenda_page, "")
        self.pages.addTab(self.polls, "")
        self.pages.addTab(self.sessions, "")
        right = QVBoxLayout()
        right.addWidget(self.pages)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(middle, 2)
        columns.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(event_form)
        layout.addLayout(columns, 1)
        self.load_button.clicked.connect(self.load)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.save_button.clicked.connect(self.save)
        self.workshops.currentRowChanged.connect(lambda _: self._show_workshop())
        self.questions.currentRowChanged.connect(lambda _: self._show_question())
        self.add_button.clicked.connect(self.add_question)
        self.map.picked.connect(self.place_pillar)
        self.logo_button.clicked.connect(lambda: self._choose_image("logo"))
        self.map_button.clicked.connect(lambda: self._choose_image("map"))
        self.font_button.clicked.connect(self._choose_font)
        self.board_button.clicked.connect(lambda: self._choose_image("board_image"))
        self.agenda.itemChanged.connect(lambda _: self._store_agenda())
        self.add_slot_button.clicked.connect(self.add_slot)
        self.remove_slot_button.clicked.connect(self.remove_slot)
        self.remove_button.clicked.connect(self.remove_question)
        self.text.textChanged.connect(self._store_question)
        self.kind.activated.connect(lambda _: self._store_question())
        for option in self.options:
            option.textEdited.connect(lambda _: self._store_question())
        self.correct.activated.connect(lambda _: self._store_question())
        self.explanation.textChanged.connect(self._store_question)
        self.points.valueChanged.connect(lambda _: self._store_question())
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.load_button.setText(texts.LOAD_CONTENT(lang))
        self.import_button.setText(texts.IMPORT_CONTENT(lang))
        self.export_button.setText(texts.EXPORT_CONTENT(lang))
        self.save_button.setText(texts.SAVE_CONTENT(lang))
        names = {
            "name": texts.EVENT_NAME,
            "tagline": texts.EVENT_TAGLINE,
            "venue": texts.EVENT_VENUE,
            "starts": texts.EVENT_STARTS,
            "ends": texts.EVENT_ENDS,
            "primary": texts.COLOUR_PRIMARY,
            "secondary": texts.COLOUR_SECONDARY,
        }
        for key, label in self._event_labels.items():
            label.setText(names[key](lang))
        shop = {"title": texts.WORKSHOP_TITLE, "room": texts.WORKSHOP_ROOM}
        shop["teaser"] = texts.WORKSHOP_TEASER
        shop["starts"] = texts.WORKSHOP_STARTS
        shop["ends"] = texts.WORKSHOP_ENDS
        self._info_label.setText(texts.WORKSHOP_INFO(lang))
        for shop_key, label in self._workshop_labels.items():
            label.setText(shop[shop_key](lang))
        question_names = [texts.QUESTION_TEXT(lang), texts.QUESTION_KIND(lang)]
        question_names += [texts.OPTION(lang, n=n) for n in range(1, OPTIONS + 1)]
        question_names += [texts.CORRECT(lang), texts.EXPLANATION(lang), texts.POINTS(lang)]
        for label, name in zip(self._question_labels, question_names, strict=True):
            label.setText(name)
        self.add_button.setText(texts.ADD_QUESTION(lang))
        self.remove_button.setText(texts.REMOVE_QUESTION(lang))
        self.pages.setTabText(0, texts.PREVIEW_TITLE(lang))
        self.pages.setTabText(1, texts.MAP_TAB(lang))
        self.pages.setTabText(2, texts.AGENDA(lang))
        self.pages.setTabText(3, texts.POLLS_TAB(lang))
        self._min_answers_label.setText(texts.MIN_ANSWERS(lang))
        self.polls.retranslate(lang)
        self.pages.setTabText(self.pages.indexOf(self.sessions), sessiontexts.TAB(lang))
        self.sessions.retranslate(lang)
        self.map_hint.setText(texts.MAP_HINT(lang))
        self.logo_button.setText(texts.CHOOSE_LOGO(lang))
        self.map_button.setText(texts.CHOOSE_MAP(lang))
        self.font_button.setText(texts.CHOOSE_FONT(lang))
        self.board_button.setText(texts.CHOOSE_BOARD_IMAGE(lang))
        self._board_label.setText(texts.BOARD(lang))
        self.add_slot_button.setText(texts.ADD_SLOT(lang))
        self.remove_slot_button.setText(texts.REMOVE_SLOT(lang))
        set_headers(self.agenda, texts.AGENDA_COLUMNS, lang)
        self._filling = True
        self.kind.clear()
        for value, text in texts.KINDS.items():
            self.kind.addItem(text(lang), value)
        chosen = self.board.currentData()
        self.board.clear()
        for value, text in texts.BOARDS.items():
            self.board.addItem(text(lang), value)
        self.board.setCurrentIndex(max(0, self.board.findData(chosen)))
        self._filling = False
        self.preview.set_lang(lang.value)
        self._show_question()

    # -- in and out ----------

    def load(self) -> None:
        """Fetch the content from the hub."""
        self.spawn(self._load())

    async def _load(self) -> None:
        content = await self.client.event_content()
        self.set_content(content)
        if content.event.branding.map:
            image = QImage.fromData(await self.client.media(content.event.branding.map))
            self.map.image = image
            self.map.update()
        self.loaded.emit()

    def set_content(self, content: eventfile.EventFile) -> None:
        """Show content for editing."""
        self.content = _draft(content)
        self._fill_event()
        self.workshops.clear()
        for w in self.content["workshops"]:
            self.workshops.addItem(f"{w['code']} · {w['title']}")
        self.workshops.setCurrentRow(0 if self.content["workshops"] else -1)
        self._fill_agenda()
        self._show_points()
        self.polls.set_content(self.content)
        self.sessions.set_content(self.content)
        self.say(words(texts.CONTENT_LOADED, count=len(self.content["workshops"])))

    def validated(self) -> eventfile.EventFile | None:
        """The edited content, checked; None (and a message per problem) when it is wrong."""
        if self.content is None:
            return None
        try:
            return eventfile.parse(self.content, "inhoud")
        except eventfile.EventFileError as error:
            self.say(literally("\n".join(error.problems)), True)
            return None

    def save(self) -> None:
        """Check the content and send it to the hub."""
        checked = self.validated()
        if checked is not None:
            self.spawn(self._save(checked))

    async def _save(self, checked: eventfile.EventFile) -> None:
        stored = await self.client.put_event_content(checked)
        self.content = _draft(stored)
        self.polls.set_content(self.content)
        self.sessions.set_content(self.content)
        self.say(texts.CONTENT_SAVED)
        self.saved.emit()

    def _on_import_button_clicked(self) -> None:
        path = self.ask_path(texts.IMPORT_CONTENT(self.lang), "", False)
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Read an event file (TOML) or workbook (XLSX) into the editor (not yet saved)."""
        try:
            self.set_content(event_content.load(path))
        except eventfile.EventFileError as error:
            self.say(literally(f"{path.name}: " + "; ".join(error.problems)), True)
            return
        self.loaded.emit()

    def _on_export_button_clicked(self) -> None:
        path = self.ask_path(texts.EXPORT_CONTENT(self.lang), "evenement.xlsx", True)
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        """Write the edited content as TOML or XLSX (by the file's name)."""
        checked = self.validated()
        if checked is None:
            return
        if path.suffix.lower() == ".xlsx":
            from shared.eventbook import write_workbook

            self.spawn(asyncio.to_thread(write_workbook, checked, path))
        else:
            path.write_text(eventfile.dumps(checked), encoding="utf-8")

    # -- the forms ----------

    def _fill_event(self) -> None:
        if self.content is None:
            return
        event = self.content["event"]
        self._filling = True
        for key, field in self.event_fields.items():
            value = event["branding"][key] if _is_colour(key) else event[key]
            field.setText("" if value is None else str(value))
        self.min_answers.setValue(int(event["min_answers"]))
        self.board.setCurrentIndex(max(0, self.board.findData(event["branding"].get("board"))))
        self._filling = False

    def _store_event(self) -> None:
        if self.content is None or self._filling:
            return
        event = self.content["event"]
        for key, field in self.event_fields.items():
            if _is_colour(key):
                event["branding"][key] = field.text().strip()
            else:
                event[key] = field.text().strip()
        event["min_answers"] = self.min_answers.value()
        event["branding"]["board"] = self.board.currentData() or "cork"
        self._show_question()

    def _workshop(self) -> eventfile.WorkshopDraft | None:
        row = self.workshops.currentRow()
        if self.content is None or not 0 <= row < len(self.content["workshops"]):
            return None
        return self.content["workshops"][row]

    def _question(self) -> eventfile.QuestionDraft | None:
        workshop = self._workshop()
        row = self.questions.currentRow()
        if workshop is None or not 0 <= row < len(workshop["questions"]):
            return None
        return workshop["questions"][row]

    def _show_workshop(self) -> None:
        workshop = self._workshop()
        self._filling = True
        for key, field in self.workshop_fields.items():
            value = str(workshop[key] or "") if workshop else ""
            field.setText(value[:5] if key in ("starts", "ends") else value)  # hh:mm
        self.info.setPlainText(str(workshop["info"] or "") if workshop else "")
        self.map.selected = str(workshop["code"]) if workshop else None
        self.map.update()
        self.questions.clear()
        for q in workshop["questions"] if workshop else []:
            self.questions.addItem(q["text"][:80])
        self._filling = False
        self.questions.setCurrentRow(0 if workshop and workshop["questions"] else -1)
        self._show_question()

    def _store_workshop(self) -> None:
        workshop = self._workshop()
        if workshop is None or self._filling:
            return
        for key, field in self.workshop_fields.items():
            value = field.text().strip()
            if key in ("starts", "ends"):
                workshop[key] = value or None
            else:
                workshop[key] = value
        workshop["info"] = self.info.toPlainText().strip()
        item = self.workshops.currentItem()
        if item is not None:
            item.setText(f"{workshop['code']} · {workshop['title']}")

    def _show_question(self) -> None:
        question = self._question()
        self._filling = True
        self.text.setPlainText(question["text"] if question else "")
        self.kind.setCurrentIndex(max(self.kind.findData(question["kind"] if question else ""), 0))
        options = question["options"] if question else []
        for n, field in enumerate(self.options):
            field.setText(options[n] if n < len(options) else "")
            field.setEnabled(question is not None and question["kind"] == "choice")
        self._fill_correct(question)
        self.explanation.setPlainText(question["explanation"] if question else "")
        self.points.setValue(int(question["points"]) if question else 0)
        self._filling = False
        self._render_preview(question)

    def _fill_correct(self, question: eventfile.QuestionDraft | None) -> None:
        self.correct.clear()
        if question is None:
            return
        if question["kind"] == "truefalse":
            choices = [self.preview._option_texts(self._info(question))[i] for i in (0, 1)]
        else:
            choices = [o for o in question["options"] if o]
        for n, text in enumerate(choices):
            self.correct.addItem(f"{n + 1}. {text}", n)
        self.correct.setCurrentIndex(max(self.correct.findData(question["correct"]), 0))

    def _store_question(self) -> None:
        question = self._question()
        if question is None or self._filling:
            return
        question["text"] = self.text.toPlainText().strip()
        question["kind"] = self.kind.currentData() or "choice"
        if question["kind"] == "truefalse":
            question["options"] = []
        else:
            question["options"] = [f.text().strip() for f in self.options if f.text().strip()]
        chosen = self.correct.currentData()
        question["correct"] = int(chosen) if chosen is not None else 0
        question["explanation"] = self.explanation.toPlainText().strip()
        question["points"] = self.points.value()
        item = self.questions.currentItem()
        if item is not None:
            item.setText(question["text"][:80])
        self._filling = True
        for field in self.options:
            field.setEnabled(question["kind"] == "choice")
        self._fill_correct(question)
        self._filling = False
        self._render_preview(question)

    def add_question(self) -> None:
        """A new multiple-choice question at the end of the workshop's quiz."""
        workshop = self._workshop()
        if workshop is None:
            return
        workshop["questions"].append(
            {
                "text": "Nieuwe vraag?",
                "kind": "choice",
                "options": ["Ja", "Nee"],
                "correct": 0,
                "explanation": "",
                "points": 10,
            }
        )
        self.questions.addItem("Nieuwe vraag?")
        self.questions.setCurrentRow(self.questions.count() - 1)

    def remove_question(self) -> None:
        """Remove the selected question (answers already given keep counting)."""
        workshop = self._workshop()
        row = self.questions.currentRow()
        if workshop is None or not 0 <= row < len(workshop["questions"]):
            return
        del workshop["questions"][row]
        self.questions.takeItem(row)
        self._show_question()

    # -- the map, the images and the agenda ----------

    def _show_points(self) -> None:
        workshops = self.content["workshops"] if self.content else []
        self.map.points = {
            str(w["code"]): (float(w["map_x"]), float(w["map_y"]))
            for w in workshops
            if w["map_x"] is not None and w["map_y"] is not None
        }
        self.map.update()

    def place_pillar(self, x: float, y: float) -> None:
        """Put the chosen workshop's pillar at (x, y) on the map (0–1 each way)."""
        workshop = self._workshop()
        if workshop is None:
            return
        workshop["map_x"], workshop["map_y"] = x, y
        self._show_points()

    def _choose_image(self, field: ImageKey) -> None:
        titles = {
            "logo": texts.CHOOSE_LOGO,
            "map": texts.CHOOSE_MAP,
            "board_image": texts.CHOOSE_BOARD_IMAGE,
        }
        title = titles[field](self.lang)
        path = self.ask_path(title, "", False)
        if path:
            self.upload_image(field, Path(path))

    def upload_image(self, field: ImageKey, path: Path) -> None:
        """Send a new logo, venue map or wall background to the hub (saved at once)."""
        try:
            data = path.read_bytes()
        except OSError as error:
            self.say(literally(f"{path.name}: {error.strerror}"), True)
            return
        self.spawn(self._upload(field, data))

    async def _upload(self, field: ImageKey, data: bytes) -> None:
        name = await self.client.put_branding(field, data)
        if self.content is not None:
            self.content["event"]["branding"][field] = name
        if field == "map":
            self.map.image = QImage.fromData(data)
            self.map.update()
        self.say(texts.IMAGE_SAVED)

    def _choose_font(self) -> None:
        font = self.ask_path(texts.CHOOSE_FONT(self.lang), "lettertype.ttf", False)
        if not font:
            return
        licence = self.ask_path(texts.CHOOSE_FONT_LICENCE(self.lang), "OFL.txt", False)
        if not licence:
            self.say(texts.FONT_NEEDS_LICENCE, True)
            return
        self.upload_font(Path(font), Path(licence))

    def upload_font(self, font: Path, licence: Path) -> None:
        """Send the event's own font and its licence to the hub (saved at once)."""
        try:
            data, licence_text = font.read_bytes(), licence.read_bytes()
        except OSError as error:
            self.say(literally(f"{error.filename}: {error.strerror}"), True)
            return
        self.spawn(self._upload_font(data, licence_text))

    async def _upload_font(self, data: bytes, licence: bytes) -> None:
        # the licence first: the hub takes a font only with its licence beside it
        licence_name = await self.client.put_branding("font_licence", licence)
        name = await self.client.put_branding("font", data)
        if self.content is not None:
            self.content["event"]["branding"]["font_licence"] = licence_name
            self.content["event"]["branding"]["font"] = name
        self.say(texts.FONT_SAVED)

    def _fill_agenda(self) -> None:
        slots = self.content["agenda"] if self.content else []
        self._filling = True
        self.agenda.setRowCount(len(slots))
        for row, slot in enumerate(slots):
            for column, key in enumerate(AGENDA_KEYS):
                value = slot[key]
                self.agenda.setItem(
                    row, column, QTableWidgetItem("" if value is None else str(value))
                )
        self._filling = False

    def _store_agenda(self) -> None:
        if self.content is None or self._filling:
            return
        slots: list[eventfile.SlotDraft] = []
        for row in range(self.agenda.rowCount()):
            cells = [self.agenda.item(row, column) for column in range(len(AGENDA_KEYS))]
            starts, ends, title, room, workshop = (
                item.text().strip() if item is not None else "" for item in cells
            )
            slots.append(
                {
                    "starts": starts,
                    "ends": ends or None,
                    "title": title,
                    "room": room,
                    "workshop": workshop or None,
                }
            )
        self.content["agenda"] = slots

    def add_slot(self) -> None:
        """A new agenda line at the end."""
        if self.content is None:
            return
        self.content["agenda"].append(
            {
                "starts": "12:00",
                "ends": None,
                "title": "Nieuw onderdeel",
                "room": "",
                "workshop": None,
            }
        )
        self._fill_agenda()

    def remove_slot(self) -> None:
        """Remove the selected agenda line."""
        row = self.agenda.currentRow()
        if self.content is None or not 0 <= row < len(self.content["agenda"]):
            return
        del self.content["agenda"][row]
        self._fill_agenda()

    # -- the preview ----------

    def _info(self, question: eventfile.QuestionDraft) -> protocol.QuestionInfo:
        return protocol.QuestionInfo(
            id=0,
            workshop_id=0,
            position=0,
            text=question["text"],
            kind=question["kind"],
            options=list(question["options"]),
            correct=int(question["correct"]),
            explanation=question["explanation"],
            points=int(question["points"]),
        )

    def _render_preview(self, question: eventfile.QuestionDraft | None) -> None:
        if question is None or self.content is None:
            self.preview.setEnabled(False)
            return
        self.preview.setEnabled(True)
        branding = self.content["event"]["branding"]

        def colour(key: Literal["primary", "secondary", "background"], fallback: str) -> str:
            value = str(branding[key] or "")
            return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value) else fallback

        info = protocol.EventInfo.model_construct(
            primary_colour=colour("primary", "#1B4F72"),
            secondary_colour=colour("secondary", "#E67E22"),
            background_colour=colour("background", "#F4F1EA"),
        )
        self.preview.setStyleSheet(theme.stylesheet(info, scale=0.55))
        workshop = self._workshop()
        total = len(workshop["questions"]) if workshop else 1
        self.preview.show_question(self._info(question), self.questions.currentRow() + 1, total)
        self.preview_changed.emit()


def _draft(content: eventfile.EventFile) -> eventfile.EventFileDraft:
    """The content as the plain data the forms edit (checked again on saving)."""
    return cast(eventfile.EventFileDraft, content.model_dump(mode="json"))


def _is_colour(key: EventKey | ColourKey) -> TypeIs[ColourKey]:
    return key in ("primary", "secondary")
