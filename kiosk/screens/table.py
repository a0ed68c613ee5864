"""The table screen: a work session's question, the round's clock, ideas as post-its, dots.

What it shows comes from :class:`kiosk.table.TableState`; what attendees do on it
leaves as signals, for :mod:`kiosk.tablemode` to commit through the outbox.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import tabletexts as T
from kiosk.screens.base import Screen
from kiosk.table import MAX_IDEA, Mode, PostedIdea, TableState, Voter, clock_text
from kiosk.widgets import BigButton, OnScreenKeyboard, PlainLabel
from shared import protocol
from shared.i18n import Text
from shared.plaintext import display_safe
from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap
from shared.ui.theme import Roles

POSTIT = "#FFF27A"  # the colour of an idea's post-it, as on the wall
POSTIT_PENDING = "#FFF9C4"
POSTIT_COLUMNS = 2


def _clear(layout: QGridLayout | QHBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class IdeaNote(PlainLabel):
    """One idea as a small post-it (a paler one while it waits to be sent)."""

    def __init__(self, idea: PostedIdea, lang: str, scale: float) -> None:
        text = display_safe(idea.text)
        if idea.pending:
            text += f"\n({T.SENDING(lang)})"
        super().__init__(text, role="ideanote")
        self.idea = idea
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(round(110 * scale))
        colour = POSTIT_PENDING if idea.pending else POSTIT
        self.setStyleSheet(
            f"QLabel#ideanote {{ background: {colour}; color: #222222;"
            f" padding: {round(14 * scale)}px; border: 1px solid #d9c98a;"
            f" font-size: {round(24 * scale)}px; }}"
        )


class TableScreen(Screen):
    """A table's screen in a work session.

    Signals:
        posted(int, str): an idea for a question (its id) was put on the table.
        cast(int, list): a voter's dots on a question: the question id and the idea ids.
        ballot_closed(): the voter stopped (or the ballot was cast and shown).
    """

    posted = Signal(int, str)
    cast = Signal(int, list)
    ballot_closed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.state = TableState(Mode.NO_TABLE)
        self.question_id: int | None = None
        self.voter: Voter | None = None
        # the open ballot's dots not cast yet, per question: each has its own budget
        self._ballots: dict[int, Counter[int]] = {}
        self._ideas: dict[int, list[PostedIdea]] = {}
        self._candidates: list[protocol.IdeaInfo] = []
        self._voted: set[int] = set()
        self._note: Text | None = None  # the line under the screen (join, thanks)

        self.where = PlainLabel(role="subtitle")
        self.round_label = PlainLabel(role="subtitle")
        self.round_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.round_label.setWordWrap(False)
        self.question = PlainLabel(role="title")
        self.clock = PlainLabel(role="big")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # the table and round above, the question below, the clock beside both
        top = QGridLayout()
        top.setHorizontalSpacing(24)
        top.addWidget(self.where, 0, 0)
        top.addWidget(self.round_label, 0, 1)
        top.addWidget(self.question, 1, 0)
        top.addWidget(self.clock, 1, 1)
        top.setColumnStretch(0, 1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_writing())
        self.pages.addWidget(self._build_message())
        self.pages.addWidget(self._build_vote())

        self.footer = PlainLabel(role="hint")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.footer)

    # -- building ----------

    def _build_writing(self) -> QWidget:
        page = QWidget()
        self.choose_label = PlainLabel(role="hint")
        self.choices = QGridLayout()
        self.choice_buttons: dict[int, QPushButton] = {}
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.counter = PlainLabel(role="hint")
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.editor.insertPlainText)
        self.keyboard.backspace_pressed.connect(
            lambda: self.editor.textCursor().deletePreviousChar()
        )
        self.send = QPushButton()
        self.send.clicked.connect(self._on_send)
        self.thanks = PlainLabel(role="hint")
        self.anonymous = PlainLabel(role="hint")
        self.join_hint = PlainLabel(role="hint")  # the footer's line, beside the post-its
        # the keyboard needs its room: everything else on this side is one row
        writing = QVBoxLayout()
        writing.addWidget(self.editor, 1)
        row = QHBoxLayout()
        row.addWidget(self.counter)
        row.addWidget(self.thanks, 1)
        row.addWidget(self.send)
        writing.addLayout(row)
        writing.addWidget(self.keyboard)
        self.ours = PlainLabel(role="subtitle")
        self.private = PlainLabel(role="hint")
        self.notes = QGridLayout()
        self.notes.setSpacing(12)
        for column in range(POSTIT_COLUMNS):
            self.notes.setColumnStretch(column, 1)
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addLayout(self.notes)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.notes_scroll = scroll
        showing = QVBoxLayout()
        showing.addWidget(self.choose_label)
        showing.addLayout(self.choices)
        showing.addWidget(self.ours)
        showing.addWidget(self.private)
        showing.addWidget(scroll, 1)
        showing.addWidget(self.anonymous)
        showing.addWidget(self.join_hint)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addLayout(writing, 3)
        self.row.addLayout(showing, 2)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.row, 1)
        return page

    def _build_message(self) -> QWidget:
        page = QWidget()
        self.message_title = PlainLabel(role="title")
        self.message_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_text = PlainLabel(role="subtitle")
        self.message_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_session = PlainLabel(role="hint")
        self.message_session.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.message_title)
        layout.addWidget(self.message_text)
        layout.addSpacing(24)
        layout.addWidget(self.message_session)
        layout.addStretch(2)
        return page

    def _build_vote(self) -> QWidget:
        page = QWidget()
        self.vote_title = PlainLabel(role="title")
        self.vote_hint = PlainLabel(role="subtitle")
        self.vote_questions = QHBoxLayout()
        self.vote_question = PlainLabel(role="title")
        # the scan sign, in the ballot's room until a ticket is scanned
        self.vote_filler = QLabel()
        self.vote_filler.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.vote_filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.ballot = QGridLayout()
        self.ballot.setSpacing(10)
        self.ballot.setColumnStretch(0, 1)
        self.ballot.setColumnStretch(1, 1)
        self.ballot_buttons: dict[int, BigButton] = {}
        holder = QWidget()
        inner = QVBoxLayout(holder)
        inner.addLayout(self.ballot)
        inner.addStretch(1)
        self.ballot_scroll = QScrollArea()
        self.ballot_scroll.setWidgetResizable(True)
        self.ballot_scroll.setWidget(holder)
        self.left_label = PlainLabel(role="subtitle")
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("secondary")
        self.clear_button.clicked.connect(self._on_clear)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("secondary")
        self.cancel_button.clicked.connect(self.close_ballot)
        self.cast_button = QPushButton()
        self.cast_button.clicked.connect(self._on_cast)
        buttons = QHBoxLayout()
        buttons.addWidget(self.left_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.cast_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.vote_title)
        layout.addWidget(self.vote_hint)
        layout.addLayout(self.vote_questions)
        layout.addWidget(self.vote_question)
        layout.addWidget(self.ballot_scroll, 1)
        layout.addWidget(self.vote_filler, 1)
        layout.addLayout(buttons)
        return page

    def apply_look(self, look: Roles, scale: float) -> None:
        """Take the event's colours and the scale: the post-its are drawn again for them."""
        super().apply_look(look, scale)
        _clear(self.notes)
        self._show()

    def adapt(self, portrait: bool) -> None:
        """The post-its beside the writing, or below it."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def set_touch_keyboard(self, shown: bool) -> None:
        """The touch keyboard beside the ideas, or none (a desktop's low window)."""
        self.keyboard.setVisible(shown)

    @property
    def dots(self) -> Counter[int]:
        """The open ballot's dots on the question shown now (idea id: dots), not cast yet."""
        if self.question_id is None:
            return Counter()
        return self._ballots.setdefault(self.question_id, Counter())

    def _unsent(self) -> list[tuple[int, Counter[int]]]:
        """The questions open to this ballot that have dots on them, in the table's order."""
        return [
            (q.id, self._ballots[q.id])
            for q in self.state.questions
            if q.id not in self._voted and self._ballots.get(q.id)
        ]

    # -- showing ----------

    def show_state(
        self,
        state: TableState,
        ideas: dict[int, list[PostedIdea]],
        candidates: list[protocol.IdeaInfo] | None = None,
    ) -> None:
        """Show the table as it is now (called on every tick and every change).

        Args:
            state: the table's state.
            ideas: this table's ideas per question id (for the writing page).
            candidates: the ideas that may get dots (in the vote).
        """
        changed_mode = state.mode is not self.state.mode
        self.state = state
        self._ideas = ideas
        self._candidates = candidates or []
        ids = [q.id for q in state.questions]
        if self.question_id not in ids:
            self.question_id = ids[0] if ids else None
        if state.mode is not Mode.VOTING and self.voter is not None:
            self.close_ballot()
        if changed_mode:
            self._note = None
        self._show()

    def _show(self) -> None:
        lang, state = self.lang, self.state
        spot = state.spot
        if spot is not None:
            where = spot.table.name
            if spot.table.host:
                where += " · " + T.HOST(lang, host=spot.table.host)
            self.where.setText(where)
        else:
            self.where.setText(T.NO_TABLE_TITLE(lang))
        self.question.setVisible(state.mode is Mode.WRITING)
        self._show_round()
        self.clock.setVisible(bool(self.clock.text()))
        page = {Mode.WRITING: 0, Mode.VOTING: 2}.get(state.mode, 1)
        self.pages.setCurrentIndex(page)
        if state.mode is Mode.WRITING:
            self._show_writing()
        elif state.mode is Mode.VOTING:
            self._show_vote()
        else:
            self._show_message()
        footer = self._note(lang) if self._note is not None else ""
        join = T.JOIN_HINT(lang) if state.round is not None else ""
        if not footer and state.mode in (Mode.PAUSED, Mode.WAITING):
            footer = join
        if state.mode is Mode.WRITING:  # beside the post-its: the keyboard needs the room
            self.join_hint.setText(footer or join)
            footer = ""
        self.footer.setText(footer)
        self.footer.setVisible(bool(footer))

    def _show_round(self) -> None:
        lang, state = self.lang, self.state
        round_ = state.round
        if state.mode in (Mode.SORTING, Mode.VOTING, Mode.HARVEST):
            round_ = None  # the rounds are over: no clock, no next round
        if round_ is None:
            waiting = state.spot is not None and state.mode is Mode.WAITING
            self.round_label.setText(T.NO_ROUND(lang) if waiting else "")
            self.clock.setText("")
            return
        live = round_.state in ("running", "paused")
        label = T.ROUND if live else T.ROUND_NEXT
        self.round_label.setText(label(lang, number=state.round_no, total=state.rounds))
        if state.left_s is None:
            self.clock.setText("")
        elif round_.state == "paused":
            self.clock.setText(T.PAUSED(lang, clock=clock_text(state.left_s)))
        elif state.left_s == 0:
            self.clock.setText(T.TIME_UP(lang))
        else:
            self.clock.setText(clock_text(state.left_s))

    def _show_writing(self) -> None:
        lang = self.lang
        questions = self.state.questions
        if [q.id for q in questions] != list(self.choice_buttons):
            _clear(self.choices)
            self.choice_buttons = {}
            for n, question in enumerate(questions, 1):
                button = QPushButton(f"{T.QUESTION(lang)} {n}")
                button.setObjectName("choice")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, q=question.id: self.choose(q))
                self.choices.addWidget(button, (n - 1) // 2, (n - 1) % 2)
                button.show()
                self.choice_buttons[question.id] = button
        several = len(questions) > 1
        self.choose_label.setVisible(several)
        for qid, button in self.choice_buttons.items():
            button.setVisible(several)
            button.setChecked(qid == self.question_id)
            number = [q.id for q in questions].index(qid) + 1
            button.setText(f"{T.QUESTION(lang)} {number}")
        current = next((q for q in questions if q.id == self.question_id), None)
        self.question.setText(current.text if current else "")
        ideas = self._ideas.get(self.question_id or 0, [])
        self.ours.setText(T.OURS(lang, count=len(ideas)))
        shown = [n.idea for n in self._notes()]
        if shown != ideas:
            _clear(self.notes)
            if not ideas:
                empty = PlainLabel(T.NONE_YET(lang), role="hint")
                self.notes.addWidget(empty, 0, 0, 1, POSTIT_COLUMNS)
            # the newest first: the table sees what it just wrote without scrolling
            for n, idea in enumerate(reversed(ideas)):
                note = IdeaNote(idea, lang, self.scale)
                self.notes.addWidget(note, n // POSTIT_COLUMNS, n % POSTIT_COLUMNS)
                note.show()
        self._on_editor_changed()

    def _notes(self) -> list[IdeaNote]:
        found = []
        for index in range(self.notes.count()):
            item = self.notes.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, IdeaNote):
                found.append(widget)
        return list(reversed(found))

    def _show_message(self) -> None:
        lang, state = self.lang, self.state
        title, text = {
            Mode.NO_TABLE: (T.NO_TABLE_TITLE, None),
            Mode.PAUSED: (T.PAUSED_TITLE, T.PAUSED_TEXT),
            Mode.SITTING_OUT: (T.SITTING_OUT_TITLE, T.SITTING_OUT),
            Mode.SORTING: (T.SORTING_TITLE, T.SORTING),
            Mode.HARVEST: (T.HARVEST_TITLE, T.HARVEST),
        }.get(state.mode, (T.WAITING_TITLE, None))
        if text is None and state.mode is Mode.NO_TABLE:
            from kiosk.table import NO_TABLE

            text = NO_TABLE
        elif text is None:
            ready = state.spot is not None and state.spot.session.phase == "ready"
            text = T.READY if ready else T.WAITING
        self.message_title.setText(title(lang))
        self.message_text.setText(text(lang))
        self.message_session.setText(state.spot.session.title if state.spot else "")

    def _show_vote(self) -> None:
        lang, state = self.lang, self.state
        spot = state.spot
        dots = spot.session.dots if spot else 0
        self.vote_title.setText(T.VOTE_TITLE(lang))
        voting = self.voter is not None
        for widget in (self.ballot_scroll, self.left_label, self.clear_button, self.cast_button):
            widget.setVisible(voting)
        self.cancel_button.setVisible(voting)
        self.vote_question.setVisible(voting)
        self.vote_filler.setVisible(not voting)
        if not voting:
            size = round(200 * self.scale)
            self.vote_filler.setPixmap(icon_pixmap(Icon.SCAN, self.roles.brand, size))
        self.clear_button.setText(T.VOTE_CLEAR(lang))
        self.cancel_button.setText(T.VOTE_CANCEL(lang))
        self.cast_button.setText(T.VOTE_CAST(lang))
        if not voting:
            _clear(self.vote_questions)
            self.vote_hint.setText(
                T.VOTE_SCAN(lang, dots=dots) if state.questions else T.VOTE_NO_IDEAS(lang)
            )
            return
        most = spot.session.dots_per_idea if spot else 1
        hint = T.VOTE_PER_IDEA(lang) if most == 1 else T.VOTE_PER_IDEA_MORE(lang, most=most)
        self.vote_hint.setText(hint)
        _clear(self.vote_questions)
        several = len(state.questions) > 1
        for n, question in enumerate(state.questions if several else [], 1):
            label = f"{T.QUESTION(lang)} {n}"
            if question.id in self._voted:
                label += f" ({T.VOTE_VOTED(lang)})"
            button = QPushButton(label)
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setChecked(question.id == self.question_id)
            button.clicked.connect(lambda _=False, q=question.id: self.choose(q))
            self.vote_questions.addWidget(button)
            button.show()
        current = next((q for q in state.questions if q.id == self.question_id), None)
        self.vote_question.setText(current.text if current else "")
        ideas = sorted(
            (i for i in self._candidates if i.question_id == self.question_id),
            key=lambda i: (i.cluster_id or 0, i.minute, i.id),
        )
        if [i.id for i in ideas] != list(self.ballot_buttons):
            _clear(self.ballot)
            self.ballot_buttons = {}
            for n, idea in enumerate(ideas):
                button = BigButton()
                button.setObjectName("choice")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, i=idea.id: self.toggle_dot(i))
                self.ballot.addWidget(button, n // 2, n % 2)
                button.show()
                self.ballot_buttons[idea.id] = button
        texts = {i.id: i.text for i in ideas}
        done = self.question_id in self._voted
        for idea_id, button in self.ballot_buttons.items():
            count = self.dots[idea_id]
            marks = " " + "●" * count if count else ""
            button.set_texts(display_safe(texts.get(idea_id, "")) + marks)
            button.setChecked(count > 0)
            button.setEnabled(not done)
        left = dots - sum(self.dots.values())
        self.left_label.setText(T.VOTE_LEFT(lang, left=left, dots=dots))
        self.cast_button.setEnabled(bool(self._unsent()))
        self.clear_button.setEnabled(bool(self.dots))

    # -- what attendees do ----------

    def choose(self, question_id: int) -> None:
        """Work on (or vote on) another of the table's questions."""
        if question_id != self.question_id:
            self.question_id = question_id  # the dots on the other question stay for the cast
            self._note = None
        self._show()

    def open_ballot(self, voter: Voter, voted: set[int]) -> None:
        """A ticket was scanned in the vote: its dots, on the questions it has not voted on."""
        self.voter = voter
        self._ballots = {}
        self._voted = set(voted)
        self._note = None
        open_ = [q.id for q in self.state.questions if q.id not in voted]
        if open_:
            self.question_id = open_[0]
        self._show()

    def close_ballot(self) -> None:
        """Put the ballot away: nothing of the voter stays on screen."""
        had = self.voter is not None
        self.voter = None
        self._ballots = {}
        self._voted = set()
        _clear(self.ballot)
        self.ballot_buttons = {}
        self._show()
        if had:
            self.ballot_closed.emit()

    def ballot_cast(self, question_id: int) -> None:
        """The ballot was committed: on to the next open question, or done."""
        self._voted.add(question_id)
        self._ballots.pop(question_id, None)
        self._note = T.VOTE_DONE
        left = [q.id for q in self.state.questions if q.id not in self._voted]
        if left:
            self.question_id = left[0]
            self._show()
        else:
            self.close_ballot()
            self._note = T.VOTE_DONE
            self._show()

    def toggle_dot(self, idea_id: int) -> None:
        """A tap on an idea in the ballot: one more dot, or (at the most) none again."""
        spot = self.state.spot
        if spot is None or self.voter is None:
            return
        most = spot.session.dots_per_idea
        left = spot.session.dots - sum(self.dots.values())
        if self.dots[idea_id] >= most or (left <= 0 and self.dots[idea_id]):
            del self.dots[idea_id]
        elif left > 0:
            self.dots[idea_id] += 1
        self._show()

    def line(self) -> str:
        """The line under the screen as shown now (beside the post-its while writing)."""
        return self.join_hint.text() if self.state.mode is Mode.WRITING else self.footer.text()

    def say(self, note: Text | None) -> None:
        """A line under the screen (joined, thanks), until the next change of mode."""
        self._note = note
        self._show()

    def _on_clear(self) -> None:
        self.dots.clear()
        self._show()

    def _on_cast(self) -> None:
        """Send every question's ballot that has dots: one ``cast`` per question."""
        for question_id, dots in self._unsent():
            if self.voter is None:
                return  # put away meanwhile (the last open question was cast)
            ideas = [i for i, n in dots.items() for _ in range(n)]
            self.cast.emit(question_id, ideas)

    def _on_send(self) -> None:
        text = self.editor.toPlainText().strip()
        if text and self.question_id is not None:
            self.posted.emit(self.question_id, text)

    def idea_taken(self) -> None:
        """The idea is in the outbox: a fresh post-it for the next one."""
        self.editor.clear()
        self.thanks.setText(T.POSTED(self.lang))

    def _on_editor_changed(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > MAX_IDEA:
            cursor = self.editor.textCursor()
            self.editor.setPlainText(text[:MAX_IDEA])
            cursor.setPosition(MAX_IDEA)
            self.editor.setTextCursor(cursor)
            return
        if text:
            self.thanks.setText("")
        self.counter.setText(T.COUNT(self.lang, count=len(text), limit=MAX_IDEA))
        self.send.setEnabled(bool(text.strip()) and self.state.mode is Mode.WRITING)

    # -- language ----------

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.choose_label.setText(T.CHOOSE_QUESTION(lang))
        self.editor.setPlaceholderText(T.PLACEHOLDER(lang))
        self.send.setText(T.POST(lang))
        self.anonymous.setText(T.ANONYMOUS(lang))
        self.private.setText(T.OURS_PRIVATE(lang))
        self.thanks.setText("")
        _clear(self.notes)
        self._show()
