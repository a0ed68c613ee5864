"""The content editor's questions of the day: ratings, recommend, polls, naming votes, open.

Edits the ``polls`` of the event file's plain data (``shared.eventfile.PollDraft``)
in place, as the rest of the editor does; each change is checked at once with the
event file's own :class:`~shared.eventfile.Poll` model, so a problem shows beside the
form before saving refuses it.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.widgets import plain_label
from shared import eventfile
from shared.eventfile import MAX_POLL_OPTIONS, PollDraft, PollKind
from shared.i18n import Lang

# a new question's code, before the organiser names it
_CODE_BASES = {
    PollKind.RATING: "WAARDERING",
    PollKind.RECOMMEND: "AANBEVELEN",
    PollKind.POLL: "PEILING",
    PollKind.VOTE: "STEMMING",
    PollKind.OPEN: "OPEN",
}


class PollEditor(QWidget):
    """A list of the event's questions of the day and a form for the chosen one.

    Signals:
        edited(): a question was added, changed or removed.
    """

    edited = Signal()

    def __init__(self, lang: Lang = Lang.NL) -> None:
        super().__init__()
        self.lang = lang
        self.content: eventfile.EventFileDraft | None = None
        self._filling = False
        self.list = QListWidget()
        self.new_kind = QComboBox()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.ratings_button = QPushButton()
        self.code = QLineEdit()
        self.kind = QComboBox()
        self.where = QComboBox()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(64)
        self.subject = QLineEdit()
        self.options = QPlainTextEdit()
        self.options.setTabChangesFocus(True)
        self.options.setFixedHeight(120)
        self.max_choices = QSpinBox()
        self.max_choices.setRange(1, MAX_POLL_OPTIONS)
        self.comment = QCheckBox()
        self.opens = QLineEdit()
        self.closes = QLineEdit()
        self.results = QComboBox()
        self.asked = plain_label(name="pollasked")
        self.hint = plain_label(name="pollhint")
        self.problem = plain_label(name="pollproblem")
        self.problem.hide()
        self._labels = [plain_label() for _ in range(11)]
        self.form = form = QFormLayout()
        fields: list[QWidget] = [
            self.code,
            self.kind,
            self.where,
            self.text,
            self.subject,
            self.options,
            self.max_choices,
            self.comment,
            self.opens,
            self.closes,
            self.results,
        ]
        for label, field in zip(self._labels, fields, strict=True):
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_kind, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        self.list.setMinimumHeight(150)
        # the form keeps its fields' sizes and scrolls when the window is low
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.ratings_button)
        layout.addWidget(self.problem)  # above the form: seen without scrolling
        layout.addLayout(form)
        layout.addWidget(self.asked)
        layout.addWidget(self.hint)
        self._connect_signals()
        self.retranslate(lang)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(lambda _: self._show_poll())
        self.add_button.clicked.connect(
            lambda: self.add_poll(PollKind(self.new_kind.currentData() or "poll"))
        )
        self.remove_button.clicked.connect(self.remove_poll)
        self.ratings_button.clicked.connect(self.add_ratings)
        self.kind.activated.connect(lambda _: self._on_kind_activated())
        for line in (self.code, self.subject, self.opens, self.closes):
            line.textEdited.connect(lambda _: self._store_poll())
        self.text.textChanged.connect(self._store_poll)
        self.options.textChanged.connect(self._store_poll)
        self.where.activated.connect(lambda _: self._store_poll())
        self.max_choices.valueChanged.connect(lambda _: self._store_poll())
        self.comment.toggled.connect(lambda _: self._store_poll())
        self.results.activated.connect(lambda _: self._store_poll())

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        self.lang = lang
        names = [
            texts.POLL_CODE,
            texts.POLL_KIND,
            texts.POLL_WHERE,
            texts.POLL_TEXT,
            texts.POLL_SUBJECT,
            texts.POLL_OPTIONS,
            texts.POLL_MAX_CHOICES,
            texts.POLL_COMMENT,
            texts.POLL_OPENS,
            texts.POLL_CLOSES,
            texts.POLL_RESULTS_SHOWN,
        ]
        for label, name in zip(self._labels, names, strict=True):
            label.setText(name(lang))
        self.comment.setText(texts.POLL_COMMENT_BOX(lang))
        self.opens.setPlaceholderText(texts.POLL_TIME_HINT(lang))
        self.closes.setPlaceholderText(texts.POLL_TIME_HINT(lang))
        self.add_button.setText(texts.ADD_POLL(lang))
        self.remove_button.setText(texts.REMOVE_POLL(lang))
        self.ratings_button.setText(texts.RATE_EVERY_WORKSHOP(lang))
        self._filling = True
        for combo in (self.new_kind, self.kind):
            chosen = combo.currentData()
            combo.clear()
            for value, text in texts.POLL_KINDS.items():
                combo.addItem(text(lang), value)
            combo.setCurrentIndex(max(combo.findData(chosen or "poll"), 0))
        self.results.clear()
        for value, text in texts.POLL_RESULTS.items():
            self.results.addItem(text(lang), value)
        self._filling = False
        self._fill_list()

    # -- the content ----------

    def set_content(self, content: eventfile.EventFileDraft | None) -> None:
        """Edit the questions of ``content`` (changed in place)."""
        self.content = content
        self._fill_list()

    @property
    def polls(self) -> list[PollDraft]:
        """The questions being edited."""
        return self.content["polls"] if self.content else []

    def current(self) -> PollDraft | None:
        """The chosen question, or None."""
        row = self.list.currentRow()
        return self.polls[row] if 0 <= row < len(self.polls) else None

    def add_poll(self, kind: PollKind) -> None:
        """A new question of ``kind`` at the end (event-wide; a rating at the chosen shop)."""
        if self.content is None:
            return
        chosen = self.current()
        workshops = self.content["workshops"]
        workshop = None
        if kind is PollKind.RATING and workshops:
            workshop = chosen["workshop"] if chosen and chosen["workshop"] else None
            workshop = workshop or workshops[0]["code"]
        code = eventfile.free_code(_CODE_BASES[kind], [p["code"] for p in self.polls])
        self.polls.append(eventfile.new_poll(kind, code, workshop))
        self._fill_list(len(self.polls) - 1)
        self.edited.emit()

    def remove_poll(self) -> None:
        """Remove the chosen question (the hub refuses it if it was answered)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.polls):
            return
        del self.polls[row]
        self._fill_list(min(row, len(self.polls) - 1))
        self.edited.emit()

    def add_ratings(self) -> None:
        """Give every workshop without a rating one, with a comment."""
        if self.content is None:
            return
        added = eventfile.add_ratings(self.content)
        self._fill_list(len(self.polls) - 1 if added else self.list.currentRow())
        if added:
            self.hint.setText(texts.RATINGS_ADDED(self.lang, codes=", ".join(added)))
            self.edited.emit()
        else:
            self.hint.setText(texts.RATINGS_COMPLETE(self.lang))

    # -- the list and the form ----------

    def _item_text(self, poll: PollDraft) -> str:
        kind = texts.POLL_KINDS.get(poll["kind"])
        where = poll["workshop"] or texts.POLL_EVENT_WIDE(self.lang)
        return f"{poll['code']} · {kind(self.lang) if kind else poll['kind']} · {where}"

    def _fill_list(self, row: int | None = None) -> None:
        keep = self.list.currentRow() if row is None else row
        self._filling = True
        self.list.clear()
        for poll in self.polls:
            self.list.addItem(self._item_text(poll))
        self.where.clear()
        self.where.addItem(texts.POLL_EVENT_WIDE(self.lang), None)
        for workshop in self.content["workshops"] if self.content else []:
            self.where.addItem(f"{workshop['code']} · {workshop['title']}", workshop["code"])
        self._filling = False
        self.list.setCurrentRow(keep if 0 <= keep < len(self.polls) else (0 if self.polls else -1))
        self._show_poll()

    def _show_poll(self) -> None:
        poll = self.current()
        self._filling = True
        self.code.setText(poll["code"] if poll else "")
        self.kind.setCurrentIndex(max(self.kind.findData(poll["kind"] if poll else "poll"), 0))
        shop = (poll["workshop"] or "").upper() if poll else ""
        found = [
            i for i in range(self.where.count()) if str(self.where.itemData(i)).upper() == shop
        ]
        self.where.setCurrentIndex(found[0] if found else 0)
        self.text.setPlainText(poll["text"] if poll else "")
        self.subject.setText(poll["subject"] if poll else "")
        self.options.setPlainText("\n".join(poll["options"]) if poll else "")
        self.max_choices.setValue(int(poll["max_choices"]) if poll else 1)
        self.comment.setChecked(bool(poll["comment"]) if poll else False)
        self.opens.setText(poll["opens"] or "" if poll else "")
        self.closes.setText(poll["closes"] or "" if poll else "")
        shown = poll["results"] if poll else "live"
        self.results.setCurrentIndex(max(self.results.findData(shown), 0))
        self._filling = False
        self._show_state(poll)

    def _show_state(self, poll: PollDraft | None) -> None:
        """Show the fields the kind uses, say how the pillar asks it and what is wrong."""
        kind = poll["kind"] if poll else ""
        for field in (self.code, self.kind, self.where, self.opens, self.closes, self.results):
            field.setEnabled(poll is not None)
        self.remove_button.setEnabled(poll is not None)
        self.text.setEnabled(poll is not None)
        self.form.setRowVisible(self.text, kind != PollKind.RECOMMEND)
        self.form.setRowVisible(self.subject, kind == PollKind.RECOMMEND)
        self.form.setRowVisible(self.options, kind == PollKind.POLL)
        self.form.setRowVisible(self.max_choices, kind == PollKind.POLL)
        self.form.setRowVisible(self.comment, kind == PollKind.RATING)
        self.text.setPlaceholderText(
            eventfile.RATING_WORDING(self.lang) if kind == PollKind.RATING else ""
        )
        if poll is None:
            for label in (self.asked, self.hint, self.problem):
                label.setText("")
            self.problem.hide()
            return
        asked = eventfile.asked_text(kind, poll["text"], poll["subject"], self.lang)
        self.asked.setText(texts.POLL_ASKED(self.lang, text=asked))
        hint = texts.POLL_HINTS.get(kind)
        self.hint.setText(hint(self.lang) if hint else "")
        problem = _problem(poll) or self._problem_among_others(poll)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _problem_among_others(self, poll: PollDraft) -> str:
        """What is wrong between this question and the rest (a code twice, a time order)."""
        if self.content is None:
            return ""
        try:
            eventfile.parse(self.content)
        except eventfile.EventFileError as error:
            place = f"polls[{self.list.currentRow() + 1}]"
            return "\n".join(
                p
                for p in error.problems
                if p.startswith((f"{place}:", f"{place}.", f"{place} "))
                or (
                    "codes used twice" in p
                    and poll["code"].upper() in p.split(": ")[-1].split(", ")
                )
            )
        return ""

    def _store_poll(self) -> None:
        poll = self.current()
        if poll is None or self._filling:
            return
        poll["code"] = self.code.text().strip()
        workshop = self.where.currentData()
        poll["workshop"] = str(workshop) if workshop else None
        poll["text"] = self.text.toPlainText().strip()
        poll["subject"] = self.subject.text().strip()
        lines = self.options.toPlainText().splitlines()
        poll["options"] = [o.strip() for o in lines if o.strip()]
        poll["max_choices"] = self.max_choices.value()
        poll["comment"] = self.comment.isChecked()
        poll["opens"] = self.opens.text().strip() or None
        poll["closes"] = self.closes.text().strip() or None
        poll["results"] = str(self.results.currentData() or "live")
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._item_text(poll))
        self._show_state(poll)
        self.edited.emit()

    def _on_kind_activated(self) -> None:
        """Another kind: start from that kind's fresh question, keeping what still fits."""
        poll = self.current()
        if poll is None or self._filling:
            return
        kind = PollKind(self.kind.currentData() or "poll")
        if kind == poll["kind"]:
            return
        fresh = eventfile.new_poll(kind, poll["code"], poll["workshop"])
        if poll["text"] and kind not in (PollKind.RECOMMEND, PollKind.RATING):
            fresh["text"] = poll["text"]
        fresh["opens"], fresh["closes"] = poll["opens"], poll["closes"]
        poll.update(fresh)
        self._fill_list(self.list.currentRow())
        self.edited.emit()


def _problem(poll: PollDraft) -> str:
    """What is wrong with one question on its own, as the event file would say it."""
    try:
        eventfile.Poll.model_validate(poll)
    except ValidationError as error:
        return "\n".join(
            ".".join(str(p) for p in e["loc"]) + (": " if e["loc"] else "") + e["msg"]
            for e in error.errors()
        ).replace("Value error, ", "")
    return ""
