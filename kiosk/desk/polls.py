"""Votes and questions at the desk: moderate their texts, type in paper tallies, open and close.

On the left every rating, recommend question, poll, naming vote and open question
with its state and how many answered (paper said apart). The chosen one can be
opened or closed by hand, or left to its times, and a naming vote moved from
proposals to voting (organisers only; the hub says no to a desk). Below, the
tally of a paper vote or a show of hands is typed in per answer; saving again
replaces it. On the right the naming proposals, rating comments and open answers
wait for moderation like notes: approve, correct and approve, hide, restore
(keys A, E, H, R).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Literal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QPushButton,
    QSpinBox,
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
    words,
)
from shared import pollcharts, protocol
from shared.i18n import Lang

STATES = ("pending", "visible", "hidden")
REFRESH_DELAY_MS = 1000  # a burst of answers makes one reload
# a new proposal, comment or open answer makes no live event of its own: look now and then
RELOAD_EVERY_MS = 10_000
MAX_TALLY = 100_000
PAPER_COLUMNS = 4  # the tally's number fields side by side (a 0-10 scale has eleven)

AskText = Callable[[str, str, str], str | None]
Control = Literal["open", "close", "schedule", "propose", "vote"]
MAX_WAIT_MS = 24 * 3600 * 1000  # a QTimer's interval is an int; a day ahead is far enough
CHANGE_MARGIN_MS = 1000  # look just after a question's time, not just before it


def controls(result: protocol.PollResult | None, hand: protocol.PollInfo | None) -> set[Control]:
    """What staff may do to a question as it stands (nothing when none is chosen).

    Open it unless it is open, close it unless it is closed, hand it back to its times
    only when a hand holds it, and move a naming vote to the phase it is not in.
    """
    if result is None:
        return set()
    allowed: set[Control] = set()
    if result.state != "open":
        allowed.add("open")
    if result.state != "closed":
        allowed.add("close")
    if hand is not None and hand.manual is not None:
        allowed.add("schedule")
    if result.kind == "vote":
        allowed.add("vote" if result.phase == "propose" else "propose")
    return allowed


def next_change(hands: Iterable[protocol.PollInfo], now: datetime) -> datetime | None:
    """The next moment a question opens or closes by its times (None: none is ahead).

    A question held by hand does not change by its times.
    """
    ahead = [
        moment
        for hand in hands
        if hand.manual is None
        for moment in (hand.opens, hand.closes)
        if moment is not None and moment > now
    ]
    return min(ahead, default=None)


def local_minute(stamp: str) -> str:
    """``HH:MM`` of a stored minute, on this machine's clock."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%H:%M")
    except ValueError:
        return stamp[11:16]


def ask_text_with_dialog(title: str, label: str, text: str) -> str | None:
    """Ask staff to correct a text; None when they cancel."""
    answer, ok = QInputDialog.getText(None, title, label, text=text)
    return answer if ok else None


class PollsTab(DeskTab):
    """Every question: its state and hand, its paper tally, its texts in moderation.

    Signals:
        refreshed(): the questions and the texts were reloaded.
        moderated(int, str): a text (id) got a new state.
        controlled(object): a question's hand or phase changed (its PollResult).
        tallied(object): a paper tally was saved (the question's PollResult).
    """

    refreshed = Signal()
    moderated = Signal(object, str)  # ids reach 2**52: too big for a Qt int
    controlled = Signal(object)
    tallied = Signal(object)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.results: list[protocol.PollResult] = []
        self.hands: dict[int, protocol.PollInfo] = {}  # manual and phase, from the content
        self.texts: dict[str, list[protocol.PollText]] = {s: [] for s in STATES}
        self.ask_text: AskText = ask_text_with_dialog
        self._controlling = False  # a hand on a question is on its way to the hub
        self.polls = read_only_table(len(texts.POLL_COLUMNS))
        self.polls.setSelectionMode(Table.SelectionMode.SingleSelection)
        self.open_button = QPushButton()
        self.close_button = QPushButton()
        self.schedule_button = QPushButton()
        self.propose_button = QPushButton()
        self.vote_button = QPushButton()
        self.hand_label = plain_label(name="hand")
        self.control_box = QGroupBox()
        control = QVBoxLayout(self.control_box)
        control.addWidget(self.hand_label)
        row = QHBoxLayout()
        for button in (self.open_button, self.close_button, self.schedule_button):
            row.addWidget(button)
        control.addLayout(row)
        row = QHBoxLayout()
        for button in (self.propose_button, self.vote_button):
            row.addWidget(button)
        row.addStretch(1)
        control.addLayout(row)
        self.paper_box = QGroupBox()
        paper = QVBoxLayout(self.paper_box)
        self.paper_hint = plain_label()
        self.paper_hint.setObjectName("hint")
        self.paper_form_host = QWidget()
        self.paper_form = QGridLayout(self.paper_form_host)
        self.paper_counts: list[QSpinBox] = []
        self._paper_for: int | None = None  # the question the number fields are for
        self._paper_lang: Lang | None = None
        self._paper_labels: list[str] = []  # the answer beside each number field
        self.paper_respondents = QSpinBox()
        self.paper_respondents.setRange(0, MAX_TALLY)
        self._respondents_label = plain_label()
        self.paper_button = QPushButton()
        paper.addWidget(self.paper_hint)
        paper.addWidget(self.paper_form_host)
        paper.addWidget(self.paper_button)
        left = QVBoxLayout()
        left.addWidget(self.polls, 1)
        left.addWidget(self.control_box)
        self.texts_title = plain_label()
        self.texts_title.setStyleSheet("font-weight: 700;")
        self.lists = QTabWidget()
        self.tables: dict[str, Table] = {}
        for state in STATES:
            table = read_only_table(len(texts.POLL_TEXT_COLUMNS))
            table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            table.setWordWrap(True)
            self.tables[state] = table
            self.lists.addTab(table, state)
        self.approve_button = QPushButton()
        self.edit_button = QPushButton()
        self.hide_button = QPushButton()
        self.restore_button = QPushButton()
        buttons = QHBoxLayout()
        for button in (
            self.approve_button,
            self.edit_button,
            self.hide_button,
            self.restore_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.texts_title)
        right.addWidget(self.lists, 1)
        right.addLayout(buttons)
        right.addWidget(self.paper_box)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.reload_timer = QTimer(self)
        self.reload_timer.setInterval(RELOAD_EVERY_MS)
        self.reload_timer.timeout.connect(self._on_reload_timer_timeout)
        # a question opens or closes by its times with no event at all for the desk when
        # its results are the organiser's only: look again the moment that happens
        self.change_timer = QTimer(self)
        self.change_timer.setSingleShot(True)
        self.change_timer.timeout.connect(self.refresh)
        self._connect_signals()
        self.retranslate(lang)

    def _connect_signals(self) -> None:
        self.polls.itemSelectionChanged.connect(self._on_polls_selection_changed)
        self.open_button.clicked.connect(lambda: self.control(manual="open"))
        self.close_button.clicked.connect(lambda: self.control(manual="closed"))
        self.schedule_button.clicked.connect(lambda: self.control(manual=None))
        self.propose_button.clicked.connect(lambda: self.control(phase="propose"))
        self.vote_button.clicked.connect(lambda: self.control(phase="vote"))
        self.paper_button.clicked.connect(self._on_paper_button_clicked)
        self.approve_button.clicked.connect(lambda: self.act("approve"))
        self.edit_button.clicked.connect(lambda: self.act("edit"))
        self.hide_button.clicked.connect(lambda: self.act("hide"))
        self.restore_button.clicked.connect(lambda: self.act("restore"))
        for key, action in (("A", "approve"), ("E", "edit"), ("H", "hide"), ("R", "restore")):
            shortcut = QShortcut(QKeySequence(key), self.lists)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda a=action: self.act(a))
        self.lists.currentChanged.connect(lambda _: self._update_buttons())

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        set_headers(self.polls, texts.POLL_COLUMNS, lang)
        self.polls.empty_text = texts.NO_POLLS_YET(lang)
        self.control_box.setTitle(texts.CONTROL_TITLE(lang))
        self.open_button.setText(texts.OPEN_NOW(lang))
        self.close_button.setText(texts.CLOSE_NOW(lang))
        self.schedule_button.setText(texts.BY_SCHEDULE(lang))
        self.propose_button.setText(texts.PHASE_PROPOSE(lang))
        self.vote_button.setText(texts.PHASE_VOTE(lang))
        self.paper_box.setTitle(texts.PAPER_TITLE(lang))
        self._respondents_label.setText(texts.PAPER_RESPONDENTS(lang))
        self.paper_button.setText(texts.PAPER_SAVE(lang))
        self.texts_title.setText(texts.POLL_TEXTS_TITLE(lang))
        for table in self.tables.values():
            set_headers(table, texts.POLL_TEXT_COLUMNS, lang)
        self.approve_button.setText(texts.APPROVE(lang))
        self.edit_button.setText(texts.EDIT_AND_APPROVE(lang))
        self.hide_button.setText(texts.HIDE(lang))
        self.restore_button.setText(texts.RESTORE(lang))
        self._show()

    # -- data ----------

    def start(self) -> None:
        """Load the questions and the texts, and look for new texts now and then."""
        self.refresh()
        self.reload_timer.start()

    def stop(self) -> None:
        """Stop reloading."""
        self._debounce.stop()
        self.reload_timer.stop()
        self.change_timer.stop()

    def _on_reload_timer_timeout(self) -> None:
        if self.isVisible() and not self._debounce.isActive():
            self.refresh()

    def refresh(self) -> None:
        """Reload the questions and the texts now."""
        self.spawn(self._refresh())

    async def _refresh(self) -> None:
        results = await self.client.poll_results()
        content = await self.client.content()
        found = {state: await self.client.poll_texts(state) for state in STATES}
        # all at once, so what is on screen is never half of one reload
        self.results = results
        self.hands = {p.id: p for p in content.polls}
        self.texts = found
        self._show()
        self._watch_times()
        self.refreshed.emit()

    def _watch_times(self) -> None:
        """Reload when the next question opens or closes by its times."""
        now = datetime.now(UTC)
        change = next_change(self.hands.values(), now)
        if change is None:
            self.change_timer.stop()
            return
        wait = int((change - now).total_seconds() * 1000) + CHANGE_MARGIN_MS
        self.change_timer.start(min(wait, MAX_WAIT_MS))

    def on_live(self, event: protocol.LiveEvent) -> None:
        """New answers, texts or decisions at the hub: reload soon (once for a burst)."""
        if (
            event.kind
            in (
                protocol.LiveEventKind.RESULTS,
                protocol.LiveEventKind.ITEM_PENDING,
                protocol.LiveEventKind.ITEM_VISIBLE,
                protocol.LiveEventKind.ITEM_HIDDEN,
            )
            and not self._debounce.isActive()
        ):
            self._debounce.start()

    # -- showing ----------

    def chosen(self) -> protocol.PollResult | None:
        """The question selected on the left, if one is."""
        ids = selected_keys(self.polls)
        return next((r for r in self.results if ids and r.id == ids[0]), None)

    def select(self, code: str) -> None:
        """Select a question by its code."""
        for row, result in enumerate(self.results):
            if result.code == code:
                self.polls.selectRow(row)

    def _show(self) -> None:
        lang = self.lang
        by_id = {r.id: r for r in self.results}
        self.results = pollcharts.ordered(self.results)
        fill_table(
            self.polls,
            [
                (
                    r.code,
                    pollcharts.KINDS[r.kind](lang),
                    r.workshop or "—",
                    self._state_text(r),
                    r.n,
                    r.paper_n or "",
                )
                for r in self.results
            ],
            [r.id for r in self.results],
        )
        self.polls.resizeColumnsToContents()
        titles = {"pending": texts.PENDING, "visible": texts.APPROVED, "hidden": texts.HIDDEN}
        for n, state in enumerate(STATES):
            items = self.texts[state]
            self.lists.setTabText(n, titles[state](lang, count=len(items)))
            table = self.tables[state]
            table.empty_text = texts.EMPTY_POLL_TEXTS[state](lang)
            fill_table(
                table,
                [
                    (
                        by_id[t.poll_id].code if t.poll_id in by_id else t.poll_id,
                        texts.POLL_TEXT_PARTS[t.part](lang),
                        local_minute(t.minute),
                        t.text,
                    )
                    for t in items
                ],
                [t.id for t in items],
            )
            table.resizeColumnToContents(0)
            table.resizeColumnToContents(1)
            table.resizeRowsToContents()
        self._update_buttons()
        self._on_polls_selection_changed()

    def _state_text(self, result: protocol.PollResult) -> str:
        text = pollcharts.STATES[result.state](self.lang)
        if result.kind == "vote" and result.phase:
            text += f" · {pollcharts.PHASES[result.phase](self.lang)}"
        hand = self.hands.get(result.id)
        if hand is not None and hand.manual is not None:
            text += f" ({texts.BY_HAND(self.lang)})"
        return text

    def _update_buttons(self) -> None:
        state = STATES[self.lists.currentIndex()]
        self.approve_button.setEnabled(state == "pending")
        self.edit_button.setEnabled(state in ("pending", "visible", "hidden"))
        self.hide_button.setEnabled(state in ("pending", "visible"))
        self.restore_button.setEnabled(state == "hidden")

    def _update_controls(self) -> None:
        """Enable what may be done to the chosen question as it stands (none while one runs)."""
        result = self.chosen()
        allowed = (
            controls(result, self.hands.get(result.id))
            if result and not self._controlling
            else set()
        )
        for control, button in (
            ("open", self.open_button),
            ("close", self.close_button),
            ("schedule", self.schedule_button),
            ("propose", self.propose_button),
            ("vote", self.vote_button),
        ):
            button.setEnabled(control in allowed)

    def _on_polls_selection_changed(self) -> None:
        result = self.chosen()
        self._update_controls()
        self.hand_label.setText(
            texts.CONTROLLED(self.lang, code=result.code, state=self._state_text(result))
            if result is not None
            else texts.NO_POLL_CHOSEN(self.lang)
        )
        if result is None and self._paper_for is not None:
            self.paper_button.setEnabled(False)
            return  # a reload refills the list: what staff type is kept for its question
        chosen_id = result.id if result is not None else None
        labels = pollcharts.value_labels(result, self.lang) if result is not None else []
        if chosen_id != self._paper_for or self._paper_lang is not self.lang:
            self._build_paper_form(result)
        elif labels != self._paper_labels:
            # a proposal approved while staff type a tally: the fields follow the answers
            # they were typed for, never the place they stood in
            self._build_paper_form(result, self.typed_by_label())
        else:
            self.paper_button.setEnabled(bool(labels))

    def typed_by_label(self) -> dict[str, int]:
        """The paper counts as typed now, by the answer each field stands beside."""
        return {
            label: box.value()
            for label, box in zip(self._paper_labels, self.paper_counts, strict=False)
        }

    def _build_paper_form(
        self, result: protocol.PollResult | None, typed: dict[str, int] | None = None
    ) -> None:
        """A number field per answer of the chosen question, filled with its paper tally.

        Args:
            result: the chosen question.
            typed: what staff typed so far, by answer, kept over the tally the hub holds.
        """
        self._paper_for = result.id if result is not None else None
        self._paper_lang = self.lang
        self._paper_labels = []
        while self.paper_form.count():
            item = self.paper_form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: deleted later, it would still be drawn until then
                widget.deleteLater()
        self.paper_counts = []
        self.paper_respondents = QSpinBox()
        self.paper_respondents.setRange(0, MAX_TALLY)
        self._respondents_label = plain_label(texts.PAPER_RESPONDENTS(self.lang))
        lang = self.lang
        if result is None:
            self.paper_hint.setText(texts.NO_POLL_CHOSEN(lang))
            self.paper_button.setEnabled(False)
            return
        if result.kind == "open":
            self.paper_hint.setText(texts.PAPER_NONE(lang))
            self.paper_button.setEnabled(False)
            return
        self.paper_hint.setText(texts.PAPER_HINT(lang))
        labels = pollcharts.value_labels(result, lang)
        self._paper_labels = list(labels)
        # options and proposals have long names; stars and 0-10 scores short ones
        columns = 2 if result.kind in ("poll", "vote") else PAPER_COLUMNS
        for index, label in enumerate(labels):
            box = QSpinBox()
            box.setRange(0, MAX_TALLY)
            if typed is not None and label in typed:
                box.setValue(typed[label])
            elif result.paper and index < len(result.paper):
                box.setValue(result.paper[index])
            row, column = divmod(index, columns)
            self.paper_form.addWidget(plain_label(label), row, 2 * column)
            self.paper_form.addWidget(box, row, 2 * column + 1)
            self.paper_counts.append(box)
        if result.kind == "poll":  # several choices each: how many people took part
            self.paper_respondents.setValue(result.paper_n)
            row = (len(labels) + columns - 1) // columns
            self.paper_form.addWidget(self._respondents_label, row, 0)
            self.paper_form.addWidget(self.paper_respondents, row, 1)
        self.paper_button.setEnabled(bool(labels))
        self.paper_box.updateGeometry()

    # -- acting ----------

    def control(
        self, *, manual: str | bool | None = False, phase: protocol.VotePhase | None = None
    ) -> None:
        """Open or close the chosen question by hand, leave it to its times, or set its phase.

        ``manual`` False keeps the hand as it is (when only the phase changes).
        """
        result = self.chosen()
        if result is None:
            return
        if manual is False:
            hand = self.hands.get(result.id)
            manual = hand.manual if hand is not None else None
        body = protocol.PollControl.model_validate({"manual": manual, "phase": phase})
        self._controlling = True  # one hand at a time: no second click on its way
        self._update_controls()
        self.spawn(self._control(result.id, body))

    async def _control(self, poll_id: int, body: protocol.PollControl) -> None:
        try:
            result = await self.client.control_poll(poll_id, body)
        finally:
            self._controlling = False
            self._update_controls()
        self.controlled.emit(result)
        await self._refresh()

    def paper_tally(self) -> protocol.PaperTally | None:
        """The tally as typed in for the chosen question (None: no question to tally)."""
        result = self.chosen()
        if result is None or not self.paper_counts or result.id != self._paper_for:
            return None
        typed = self.typed_by_label()
        # by answer, in the question's order now (a proposal approved since moves them)
        counts = [typed.get(label, 0) for label in pollcharts.value_labels(result, self.lang)]
        respondents = None
        if result.kind == "poll" and self.paper_respondents.value():
            respondents = self.paper_respondents.value()
        if not any(counts):
            counts = []  # nothing typed in: the paper tally is removed
        return protocol.PaperTally(counts=counts, respondents=respondents)

    def _on_paper_button_clicked(self) -> None:
        result = self.chosen()
        tally = self.paper_tally()
        if result is not None and tally is not None:
            self.spawn(self._tally(result.id, tally))

    async def _tally(self, poll_id: int, tally: protocol.PaperTally) -> None:
        result = await self.client.paper_tally(poll_id, tally)
        self.say(words(texts.PAPER_SAVED, code=result.code, n=result.paper_n))
        self.tallied.emit(result)
        self._paper_for = None  # show the tally as the hub now holds it
        await self._refresh()

    def select_text(self, state: str, text_id: int) -> None:
        """Show a list and select one text in it."""
        self.lists.setCurrentIndex(STATES.index(state))
        table = self.tables[state]
        for row in range(table.rowCount()):
            cell = table.item(row, 0)
            if cell is not None and cell.data(Qt.ItemDataRole.UserRole) == text_id:
                table.selectRow(row)

    def act(self, action: str) -> None:
        """Approve, correct, hide or restore the selected texts of the list in view."""
        state = STATES[self.lists.currentIndex()]
        allowed = {
            "pending": ("approve", "edit", "hide"),
            "visible": ("edit", "hide"),
            "hidden": ("edit", "restore"),
        }
        if action not in allowed[state]:
            return
        ids = selected_keys(self.tables[state])
        if not ids:
            return
        edits: list[tuple[int, protocol.PollTextEdit]] = []
        if action == "edit":
            text = next((t for t in self.texts[state] if t.id == ids[0]), None)
            if text is None:
                return
            corrected = self.ask_text(
                texts.EDIT_AND_APPROVE(self.lang), texts.EDIT_ASK(self.lang), text.text
            )
            if corrected is None or not corrected.strip():
                return
            edits.append((text.id, protocol.PollTextEdit(state="visible", text=corrected.strip())))
        else:
            new_state: Literal["visible", "hidden"] = "hidden" if action == "hide" else "visible"
            edits = [(i, protocol.PollTextEdit(state=new_state)) for i in ids]
        self.spawn(self._act(edits))

    async def _act(self, edits: list[tuple[int, protocol.PollTextEdit]]) -> None:
        for text_id, edit in edits:
            stored = await self.client.moderate_poll_text(text_id, edit)
            self.moderated.emit(stored.id, stored.state)
        await self._refresh()
