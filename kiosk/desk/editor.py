"""The organiser's content editor: the event, its workshops and the quiz, with a pillar preview.

The content travels as the event file's own model (``shared.eventfile``), so
what is saved here is exactly what ``zuil event import`` accepts; saving checks
it first and names each problem. The preview is the pillar's real quiz screen
with the event's colours. Import and export take TOML or an Excel workbook.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk import theme
from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from kiosk.desk.registration import AskPath, ask_path_with_dialog
from kiosk.desk.widgets import DeskTab, plain_label
from kiosk.screens import QuizScreen
from shared import content as event_content
from shared import eventfile, protocol
from shared.i18n import Lang

OPTIONS = 6


class EditorTab(DeskTab):
    """Edit the event's content and save it to the hub.

    Signals:
        loaded(): content arrived (from the hub or a file).
        saved(): the hub accepted the content.
        preview_changed(): the pillar preview shows the current question anew.
    """

    loaded = Signal()
    saved = Signal()
    preview_changed = Signal()

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.ask_path: AskPath = ask_path_with_dialog
        self.content: dict[str, Any] | None = None
        self._filling = False
        self.load_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.save_button = QPushButton()
        top = QHBoxLayout()
        for button in (self.load_button, self.import_button, self.export_button, self.save_button):
            top.addWidget(button)
        top.addStretch(1)
        self.event_fields = {
            key: QLineEdit()
            for key in ("name", "tagline", "venue", "starts", "ends", "primary", "secondary")
        }
        self._event_labels = {key: plain_label() for key in self.event_fields}
        event_form = QFormLayout()
        for key, field in self.event_fields.items():
            event_form.addRow(self._event_labels[key], field)
            field.editingFinished.connect(self._store_event)
        self.workshops = QListWidget()
        self.workshop_fields = {key: QLineEdit() for key in ("title", "room", "teaser")}
        self._workshop_labels = {key: plain_label() for key in self.workshop_fields}
        workshop_form = QFormLayout()
        for key, field in self.workshop_fields.items():
            workshop_form.addRow(self._workshop_labels[key], field)
            field.editingFinished.connect(self._store_workshop)
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
        self.preview_title = plain_label()
        self.preview_title.setStyleSheet("font-weight: 700;")
        self.preview = QuizScreen()
        self.preview.setFixedSize(640, 560)
        right = QVBoxLayout()
        right.addWidget(self.preview_title)
        right.addWidget(self.preview)
        right.addStretch(1)
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
        for key, label in self._workshop_labels.items():
            label.setText(shop[key](lang))
        question_names = [texts.QUESTION_TEXT(lang), texts.QUESTION_KIND(lang)]
        question_names += [texts.OPTION(lang, n=n) for n in range(1, OPTIONS + 1)]
        question_names += [texts.CORRECT(lang), texts.EXPLANATION(lang), texts.POINTS(lang)]
        for label, name in zip(self._question_labels, question_names, strict=True):
            label.setText(name)
        self.add_button.setText(texts.ADD_QUESTION(lang))
        self.remove_button.setText(texts.REMOVE_QUESTION(lang))
        self.preview_title.setText(texts.PREVIEW_TITLE(lang))
        self._filling = True
        self.kind.clear()
        for value, text in texts.KINDS.items():
            self.kind.addItem(text(lang), value)
        self._filling = False
        self.preview.set_lang(lang.value)
        self._show_question()

    # -- in and out ----------

    def load(self) -> None:
        """Fetch the content from the hub."""
        self.spawn(self._load())

    async def _load(self) -> None:
        self.set_content(await self.client.event_content())

    def set_content(self, content: eventfile.EventFile) -> None:
        """Show content for editing."""
        self.content = content.model_dump(mode="json")
        self._fill_event()
        self.workshops.clear()
        for w in self.content["workshops"]:
            self.workshops.addItem(f"{w['code']} · {w['title']}")
        self.workshops.setCurrentRow(0 if self.content["workshops"] else -1)
        self.say(texts.CONTENT_LOADED(self.lang, count=len(self.content["workshops"])))
        self.loaded.emit()

    def validated(self) -> eventfile.EventFile | None:
        """The edited content, checked; None (and a message per problem) when it is wrong."""
        if self.content is None:
            return None
        try:
            return eventfile.parse(self.content, "inhoud")
        except eventfile.EventFileError as error:
            self.say("\n".join(error.problems), True)
            return None

    def save(self) -> None:
        """Check the content and send it to the hub."""
        checked = self.validated()
        if checked is not None:
            self.spawn(self._save(checked))

    async def _save(self, checked: eventfile.EventFile) -> None:
        stored = await self.client.put_event_content(checked)
        self.content = stored.model_dump(mode="json")
        self.say(texts.CONTENT_SAVED(self.lang))
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
            self.say(f"{path.name}: " + "; ".join(error.problems), True)

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
            value = (
                event["branding"].get(key) if key in ("primary", "secondary") else event.get(key)
            )
            field.setText("" if value is None else str(value))
        self._filling = False

    def _store_event(self) -> None:
        if self.content is None or self._filling:
            return
        event = self.content["event"]
        for key, field in self.event_fields.items():
            if key in ("primary", "secondary"):
                event["branding"][key] = field.text().strip()
            else:
                event[key] = field.text().strip()
        self._show_question()

    def _workshop(self) -> dict[str, Any] | None:
        row = self.workshops.currentRow()
        if self.content is None or not 0 <= row < len(self.content["workshops"]):
            return None
        workshop: dict[str, Any] = self.content["workshops"][row]
        return workshop

    def _question(self) -> dict[str, Any] | None:
        workshop = self._workshop()
        row = self.questions.currentRow()
        if workshop is None or not 0 <= row < len(workshop["questions"]):
            return None
        question: dict[str, Any] = workshop["questions"][row]
        return question

    def _show_workshop(self) -> None:
        workshop = self._workshop()
        self._filling = True
        for key, field in self.workshop_fields.items():
            field.setText(str(workshop.get(key) or "") if workshop else "")
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
            workshop[key] = field.text().strip()
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

    def _fill_correct(self, question: dict[str, Any] | None) -> None:
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

    # -- the preview ----------

    def _info(self, question: dict[str, Any]) -> protocol.QuestionInfo:
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

    def _render_preview(self, question: dict[str, Any] | None) -> None:
        if question is None or self.content is None:
            self.preview.setVisible(False)
            return
        self.preview.setVisible(True)
        branding = self.content["event"].get("branding", {})

        def colour(key: str, fallback: str) -> str:
            value = str(branding.get(key) or "")
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
