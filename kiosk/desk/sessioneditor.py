"""The content editor's work sessions: questions, tables, rounds and dot voting.

Edits the ``sessions`` of the event file's plain data
(``shared.eventfile.WorkSessionDraft``) in place, as the rest of the editor does;
each change is checked at once with the event file's own models, so a problem
(a round naming a table that is gone, a code twice) shows above the form before
saving refuses it. A round either puts every question at every table or has a
plan: one question per table, a table left out sits the round out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import sessiontexts as texts
from kiosk.desk.widgets import plain_label, set_headers
from shared import eventfile
from shared.eventfile import (
    CafeQuestionDraft,
    CafeRoundDraft,
    CafeTableDraft,
    WorkSessionDraft,
)
from shared.i18n import Lang

QUESTION_KEYS = ("code", "text")
TABLE_KEYS = ("code", "name", "host")
DEFAULT_MINUTES = 20


def numbered_code(prefix: str, taken: list[str]) -> str:
    """``prefix`` with the lowest number from 1 up that none of ``taken`` is (any case)."""
    used = {t.upper() for t in taken}
    n = 1
    while f"{prefix}{n}".upper() in used:
        n += 1
    return f"{prefix}{n}"


def rotation(session: WorkSessionDraft, number: int) -> dict[str, str]:
    """A plan for round ``number`` (from 0): table i works on question i + number."""
    questions = [q["code"] for q in session["questions"]]
    if not questions:
        return {}
    return {
        table["code"]: questions[(i + number) % len(questions)]
        for i, table in enumerate(session["tables"])
    }


class SessionEditor(QWidget):
    """The event's work sessions: a list, and a form for the chosen one.

    Signals:
        edited(): a session, question, table or round was added, changed or removed.
    """

    edited = Signal()

    def __init__(self, lang: Lang = Lang.NL) -> None:
        super().__init__()
        self.lang = lang
        self.content: eventfile.EventFileDraft | None = None
        self._filling = False
        self.hint = plain_label(name="sessionhint")
        self.list = QListWidget()
        self.list.setMinimumHeight(60)
        self.list.setMaximumHeight(90)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.problem = plain_label(name="sessionproblem")
        self.problem.hide()
        self.code = QLineEdit()
        self.title = QLineEdit()
        self.dots = QSpinBox()
        self.dots.setRange(1, 20)
        self.dots_per_idea = QSpinBox()
        self.dots_per_idea.setRange(1, 20)
        for box in (self.dots, self.dots_per_idea):
            box.setMaximumWidth(120)
        self._labels = [plain_label() for _ in range(4)]
        self.form = QFormLayout()
        for label, field in zip(
            self._labels, (self.code, self.title, self.dots, self.dots_per_idea), strict=True
        ):
            self.form.addRow(label, field)
        self.questions = _table(len(QUESTION_KEYS))
        self.add_question_button = QPushButton()
        self.remove_question_button = QPushButton()
        self.tables = _table(len(TABLE_KEYS))
        self.add_table_button = QPushButton()
        self.remove_table_button = QPushButton()
        self.rounds = QListWidget()
        self.rounds.setMinimumHeight(70)
        self.rounds.setMaximumHeight(110)
        self.add_round_button = QPushButton()
        self.remove_round_button = QPushButton()
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 240)
        self.minutes.setMaximumWidth(120)
        self.everywhere = QCheckBox()
        self.plan_label = plain_label()
        self.plan_form = QFormLayout()
        self.plan: dict[str, QComboBox] = {}  # a plan row per table code
        self.plan_names: dict[str, QLabel] = {}
        self._minutes_label = plain_label()
        self.question_box = QGroupBox()
        self.table_box = QGroupBox()
        self.round_box = QGroupBox()
        self._build()
        self._connect_signals()
        self.retranslate(lang)

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        question_layout = QVBoxLayout(self.question_box)
        question_layout.addWidget(self.questions)
        question_layout.addLayout(_row(self.add_question_button, self.remove_question_button))
        table_layout = QVBoxLayout(self.table_box)
        table_layout.addWidget(self.tables)
        table_layout.addLayout(_row(self.add_table_button, self.remove_table_button))
        round_form = QFormLayout()
        round_form.addRow(self._minutes_label, self.minutes)
        round_form.addRow(self.everywhere)
        round_layout = QVBoxLayout(self.round_box)
        round_layout.addWidget(self.rounds)
        round_layout.addLayout(_row(self.add_round_button, self.remove_round_button))
        round_layout.addLayout(round_form)
        round_layout.addWidget(self.plan_label)
        round_layout.addLayout(self.plan_form)
        # the form keeps its fields' sizes and scrolls when the window is low
        inner = QWidget()
        self.scroll_area = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(inner)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)  # above the form: seen without scrolling
        layout.addLayout(self.form)
        layout.addWidget(self.question_box)
        layout.addWidget(self.table_box)
        layout.addWidget(self.round_box)
        layout.addStretch(1)

    def _connect_signals(self) -> None:
        self.list.currentRowChanged.connect(lambda _: self._show_session())
        self.add_button.clicked.connect(self.add_session)
        self.remove_button.clicked.connect(self.remove_session)
        self.code.textEdited.connect(lambda _: self._store_session())
        self.title.textEdited.connect(lambda _: self._store_session())
        self.dots.valueChanged.connect(lambda _: self._store_session())
        self.dots_per_idea.valueChanged.connect(lambda _: self._store_session())
        self.questions.itemChanged.connect(lambda _: self._store_questions())
        self.tables.itemChanged.connect(lambda _: self._store_tables())
        self.add_question_button.clicked.connect(self.add_question)
        self.remove_question_button.clicked.connect(self.remove_question)
        self.add_table_button.clicked.connect(self.add_table)
        self.remove_table_button.clicked.connect(self.remove_table)
        self.rounds.currentRowChanged.connect(lambda _: self._show_round())
        self.add_round_button.clicked.connect(self.add_round)
        self.remove_round_button.clicked.connect(self.remove_round)
        self.minutes.valueChanged.connect(lambda _: self._store_round())
        self.everywhere.toggled.connect(self._on_everywhere_toggled)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        self.lang = lang
        self.hint.setText(texts.HINT(lang))
        self.add_button.setText(texts.ADD_SESSION(lang))
        self.remove_button.setText(texts.REMOVE_SESSION(lang))
        names = (texts.CODE, texts.TITLE, texts.DOTS, texts.DOTS_PER_IDEA)
        for label, name in zip(self._labels, names, strict=True):
            label.setText(name(lang))
        self.question_box.setTitle(texts.QUESTIONS(lang))
        self.table_box.setTitle(texts.TABLES(lang))
        self.round_box.setTitle(texts.ROUNDS(lang))
        set_headers(self.questions, texts.QUESTION_COLUMNS, lang)
        set_headers(self.tables, texts.TABLE_COLUMNS, lang)
        self.add_question_button.setText(texts.ADD_QUESTION(lang))
        self.remove_question_button.setText(texts.REMOVE_QUESTION(lang))
        self.add_table_button.setText(texts.ADD_TABLE(lang))
        self.remove_table_button.setText(texts.REMOVE_TABLE(lang))
        self.add_round_button.setText(texts.ADD_ROUND(lang))
        self.remove_round_button.setText(texts.REMOVE_ROUND(lang))
        self._minutes_label.setText(texts.MINUTES(lang))
        self.everywhere.setText(texts.EVERYWHERE(lang))
        self.plan_label.setText(texts.PLAN(lang))
        self._fill_list()

    # -- the content ----------

    def set_content(self, content: eventfile.EventFileDraft | None) -> None:
        """Edit the work sessions of ``content`` (changed in place)."""
        self.content = content
        if content is not None:
            content.setdefault("sessions", [])
        self._fill_list(0)

    @property
    def sessions(self) -> list[WorkSessionDraft]:
        """The work sessions being edited."""
        return self.content.get("sessions", []) if self.content else []

    def current(self) -> WorkSessionDraft | None:
        """The chosen work session, or None."""
        row = self.list.currentRow()
        return self.sessions[row] if 0 <= row < len(self.sessions) else None

    def current_round(self) -> CafeRoundDraft | None:
        """The chosen round of the chosen session, or None."""
        session = self.current()
        row = self.rounds.currentRow()
        if session is None or not 0 <= row < len(session["rounds"]):
            return None
        return session["rounds"][row]

    def add_session(self) -> None:
        """A new session that validates as it is: a question, a table, three dots."""
        if self.content is None:
            return
        code = eventfile.free_code("SESSIE", [s["code"] for s in self.sessions])
        self.content.setdefault("sessions", []).append(
            {
                "code": code,
                "title": texts.NEW_TITLE(self.lang),
                "dots": 3,
                "dots_per_idea": 1,
                "questions": [{"code": "V1", "text": texts.NEW_QUESTION(self.lang)}],
                "tables": [{"code": "T1", "name": texts.NEW_TABLE(self.lang, n=1), "host": ""}],
                "rounds": [],
            }
        )
        self._fill_list(len(self.sessions) - 1)
        self.edited.emit()

    def remove_session(self) -> None:
        """Remove the chosen session (the hub refuses it if ideas or joins refer to it)."""
        row = self.list.currentRow()
        if not 0 <= row < len(self.sessions):
            return
        del self.sessions[row]
        self._fill_list(min(row, len(self.sessions) - 1))
        self.edited.emit()

    def add_question(self) -> None:
        """A new question at the end of the chosen session."""
        session = self.current()
        if session is None:
            return
        code = numbered_code("V", [q["code"] for q in session["questions"]])
        session["questions"].append({"code": code, "text": texts.NEW_QUESTION(self.lang)})
        self._changed(session)
        self.questions.setCurrentCell(len(session["questions"]) - 1, 1)

    def remove_question(self) -> None:
        """Remove the chosen question (a plan that names it shows a problem)."""
        session = self.current()
        row = self.questions.currentRow()
        if session is None or not 0 <= row < len(session["questions"]):
            return
        del session["questions"][row]
        self._changed(session)

    def add_table(self) -> None:
        """A new table at the end of the chosen session."""
        session = self.current()
        if session is None:
            return
        code = numbered_code("T", [t["code"] for t in session["tables"]])
        name = texts.NEW_TABLE(self.lang, n=len(session["tables"]) + 1)
        session["tables"].append({"code": code, "name": name, "host": ""})
        self._changed(session)
        self.tables.setCurrentCell(len(session["tables"]) - 1, 1)

    def remove_table(self) -> None:
        """Remove the chosen table (a plan that names it shows a problem)."""
        session = self.current()
        row = self.tables.currentRow()
        if session is None or not 0 <= row < len(session["tables"]):
            return
        del session["tables"][row]
        self._changed(session)

    def add_round(self) -> None:
        """A new round at the end: the tables move on to the next question."""
        session = self.current()
        if session is None:
            return
        number = len(session["rounds"])
        session["rounds"].append({"minutes": DEFAULT_MINUTES, "plan": rotation(session, number)})
        self._fill_rounds(session, number)
        self._show_state(session)
        self.edited.emit()

    def remove_round(self) -> None:
        """Remove the chosen round."""
        session = self.current()
        row = self.rounds.currentRow()
        if session is None or not 0 <= row < len(session["rounds"]):
            return
        del session["rounds"][row]
        self._fill_rounds(session, min(row, len(session["rounds"]) - 1))
        self._show_state(session)
        self.edited.emit()

    def set_plan(self, table: str, question: str | None) -> None:
        """Put ``question`` at ``table`` in the chosen round (None: the table sits out)."""
        round_ = self.current_round()
        if round_ is None:
            return
        plan = dict(round_["plan"] or {})
        plan.pop(table, None)
        if question is not None:
            plan[table] = question
        round_["plan"] = plan
        combo = self.plan.get(table)
        session = self.current()
        known = session is not None and table.upper() in {
            t["code"].upper() for t in session["tables"]
        }
        if not known:  # an unknown table that sits out leaves the plan's rows
            self._fill_plan(session, round_)
        elif combo is not None:
            self._filling = True
            combo.setCurrentIndex(max(combo.findData(question), 0))
            self._filling = False
        self._round_changed()

    # -- the list and the form ----------

    def _fill_list(self, row: int | None = None) -> None:
        keep = self.list.currentRow() if row is None else row
        self._filling = True
        self.list.clear()
        for session in self.sessions:
            self.list.addItem(f"{session['code']} · {session['title']}")
        self._filling = False
        count = len(self.sessions)
        self.list.setCurrentRow(keep if 0 <= keep < count else (0 if count else -1))
        self._show_session()

    def _show_session(self) -> None:
        if self._filling:
            return
        session = self.current()
        self._filling = True
        self.code.setText(session["code"] if session else "")
        self.title.setText(session["title"] if session else "")
        self.dots.setValue(int(session["dots"]) if session else 3)
        self.dots_per_idea.setValue(int(session["dots_per_idea"]) if session else 1)
        self._filling = False
        self._fill_parts(session)
        self._fill_rounds(session, 0)
        self._show_state(session)

    def _fill_parts(self, session: WorkSessionDraft | None) -> None:
        self._filling = True
        for widget, rows, keys in (
            (self.questions, session["questions"] if session else [], QUESTION_KEYS),
            (self.tables, session["tables"] if session else [], TABLE_KEYS),
        ):
            widget.setRowCount(len(rows))
            for row, part in enumerate(rows):
                for column, key in enumerate(keys):
                    widget.setItem(row, column, QTableWidgetItem(str(dict(part)[key])))
            widget.setFixedHeight(_table_height(widget))
        self._filling = False

    def _fill_rounds(self, session: WorkSessionDraft | None, row: int) -> None:
        self._filling = True
        self.rounds.clear()
        for number, round_ in enumerate(session["rounds"] if session else [], start=1):
            self.rounds.addItem(self._round_text(number, round_))
        self._filling = False
        count = self.rounds.count()
        self.rounds.setCurrentRow(row if 0 <= row < count else (count - 1 if count else -1))
        self._show_round()

    def _round_text(self, number: int, round_: CafeRoundDraft) -> str:
        plan = round_["plan"]
        where = (
            texts.ROUND_EVERYWHERE(self.lang)
            if plan is None
            else texts.ROUND_PLANNED(self.lang, count=len(plan))
        )
        return texts.ROUND_ITEM(self.lang, n=number, minutes=round_["minutes"], plan=where)

    def _show_round(self) -> None:
        if self._filling:
            return
        session = self.current()
        round_ = self.current_round()
        self._filling = True
        self.minutes.setValue(int(round_["minutes"]) if round_ else DEFAULT_MINUTES)
        self.everywhere.setChecked(round_ is not None and round_["plan"] is None)
        self._filling = False
        for widget in (self.minutes, self.everywhere, self.remove_round_button):
            widget.setEnabled(round_ is not None)
        self._fill_plan(session, round_)

    def _fill_plan(self, session: WorkSessionDraft | None, round_: CafeRoundDraft | None) -> None:
        """A row per table (and per unknown table the plan names): which question it works on."""
        while self.plan_form.rowCount():  # later: a combo may be the one that asked for this
            taken = self.plan_form.takeRow(0)
            for item in (taken.labelItem, taken.fieldItem):
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        self.plan = {}
        self.plan_names = {}
        plan = round_["plan"] if round_ else None
        shown = session is not None and round_ is not None and plan is not None
        self.plan_label.setVisible(shown)
        if not shown or session is None or plan is None:
            return
        questions = [q["code"] for q in session["questions"]]
        tables = [(t["code"], f"{t['code']} · {t['name']}") for t in session["tables"]]
        known = {code.upper() for code, _ in tables}
        tables += [
            (code, texts.UNKNOWN_TABLE(self.lang, code=code))
            for code in plan
            if code.upper() not in known
        ]
        self._filling = True
        for code, name in tables:
            combo = QComboBox()
            combo.addItem(texts.SITS_OUT(self.lang), None)
            for question in session["questions"]:
                combo.addItem(f"{question['code']} · {question['text']}", question["code"])
            chosen = next((q for t, q in plan.items() if t.upper() == code.upper()), None)
            if chosen is not None and chosen.upper() not in {q.upper() for q in questions}:
                combo.addItem(texts.UNKNOWN_QUESTION(self.lang, code=chosen), chosen)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
            combo.activated.connect(
                lambda _, table=code, box=combo: self._on_plan_activated(table, box)
            )
            self.plan[code] = combo
            self.plan_names[code] = plain_label(name)
            self.plan_form.addRow(self.plan_names[code], combo)
        self._filling = False

    def _on_plan_activated(self, table: str, combo: QComboBox) -> None:
        if self._filling:
            return
        data = combo.currentData()
        self.set_plan(table, None if data is None else str(data))

    def _on_everywhere_toggled(self, everywhere: bool) -> None:
        session = self.current()
        round_ = self.current_round()
        if self._filling or session is None or round_ is None:
            return
        round_["plan"] = None if everywhere else rotation(session, self.rounds.currentRow())
        self._fill_plan(session, round_)
        self._round_changed()

    def _store_round(self) -> None:
        round_ = self.current_round()
        if round_ is None or self._filling:
            return
        round_["minutes"] = self.minutes.value()
        self._round_changed()

    def _round_changed(self) -> None:
        session = self.current()
        round_ = self.current_round()
        item = self.rounds.currentItem()
        if session is None or round_ is None:
            return
        if item is not None:
            item.setText(self._round_text(self.rounds.currentRow() + 1, round_))
        self._show_state(session)
        self.edited.emit()

    def _store_session(self) -> None:
        session = self.current()
        if session is None or self._filling:
            return
        session["code"] = self.code.text().strip()
        session["title"] = self.title.text().strip()
        session["dots"] = self.dots.value()
        session["dots_per_idea"] = self.dots_per_idea.value()
        item = self.list.currentItem()
        if item is not None:
            item.setText(f"{session['code']} · {session['title']}")
        self._show_state(session)
        self.edited.emit()

    def _store_questions(self) -> None:
        session = self.current()
        if session is None or self._filling:
            return
        questions: list[CafeQuestionDraft] = []
        for code, text in _cells(self.questions, len(QUESTION_KEYS)):
            questions.append({"code": code, "text": text})
        renamed = _renamed(
            [q["code"] for q in session["questions"]], [q["code"] for q in questions]
        )
        session["questions"] = questions
        for round_ in session["rounds"]:  # the plans follow a question's new code
            if round_["plan"] is not None and renamed:
                round_["plan"] = {t: renamed.get(q, q) for t, q in round_["plan"].items()}
        self._fill_plan(session, self.current_round())
        self._show_state(session)
        self.edited.emit()

    def _store_tables(self) -> None:
        session = self.current()
        if session is None or self._filling:
            return
        tables: list[CafeTableDraft] = []
        for code, name, host in _cells(self.tables, len(TABLE_KEYS)):
            tables.append({"code": code, "name": name, "host": host})
        renamed = _renamed([t["code"] for t in session["tables"]], [t["code"] for t in tables])
        session["tables"] = tables
        for round_ in session["rounds"]:  # the plans follow a table's new code
            if round_["plan"] is not None and renamed:
                round_["plan"] = {renamed.get(t, t): q for t, q in round_["plan"].items()}
        self._fill_plan(session, self.current_round())
        self._show_state(session)
        self.edited.emit()

    def _changed(self, session: WorkSessionDraft) -> None:
        """Questions or tables added or removed: show them, the plan and the problem anew."""
        self._fill_parts(session)
        self._fill_plan(session, self.current_round())
        self._show_state(session)
        self.edited.emit()

    def _show_state(self, session: WorkSessionDraft | None) -> None:
        """Enable what has something to act on, and say what is wrong."""
        for widget in (
            self.code,
            self.title,
            self.dots,
            self.dots_per_idea,
            self.remove_button,
            self.question_box,
            self.table_box,
            self.round_box,
        ):
            widget.setEnabled(session is not None)
        self.add_button.setEnabled(self.content is not None)
        problem = "" if session is None else self._problem()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _problem(self) -> str:
        """What the event file says is wrong with the chosen session, one line each."""
        if self.content is None:
            return ""
        try:
            eventfile.parse(self.content)
        except eventfile.EventFileError as error:
            place = f"sessions[{self.list.currentRow() + 1}]"
            session = self.current()
            code = session["code"].upper() if session else ""
            return "\n".join(
                p
                for p in error.problems
                if p.startswith((f"{place}:", f"{place}.", f"{place} "))
                or (
                    p.startswith("work session codes used twice")
                    and code in p.split(": ")[-1].split(", ")
                )
            )
        return ""


def _table(columns: int) -> QTableWidget:
    """An editable table as tall as its rows (the page scrolls, not the table)."""
    table = QTableWidget(0, columns)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # cells elide
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.resizeSection(0, 90)
    if columns > 2:
        header.resizeSection(1, 200)
    return table


def _table_height(table: QTableWidget) -> int:
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    return table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()


def _row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _renamed(before: list[str], after: list[str]) -> dict[str, str]:
    """The codes typed over in place (same row, another non-empty code that is not taken)."""
    if len(before) != len(after):
        return {}
    return {
        old: new
        for old, new in zip(before, after, strict=True)
        if old != new and new and old and new.upper() not in {b.upper() for b in before}
    }


def _cells(table: QTableWidget, columns: int) -> list[tuple[str, ...]]:
    """Each row's cells, stripped."""
    rows: list[tuple[str, ...]] = []
    for row in range(table.rowCount()):
        items = [table.item(row, column) for column in range(columns)]
        rows.append(tuple(item.text().strip() if item is not None else "" for item in items))
    return rows
