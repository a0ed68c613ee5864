"""The facilitator's console: a work session's phases, rounds, reveal, and the sorting board.

The desk paired as organiser gets this tab. It moves a session through gather,
sort, vote and harvest, starts, pauses and ends rounds with a running timer,
reveals a question to the walls and the tables, and sorts a question's ideas on
a board of clusters: by drag and drop (an idea onto a cluster moves it there,
onto another idea merges the two) and by keyboard (:data:`KEYS`). Every change
is one call to the hub, which tells every wall once; the board is then read
back from the hub, so what the console shows is what the walls get.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QDropEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import cafetexts as T
from kiosk.desk.cafeclient import CafeClient
from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import DeskTab, plain_label
from kiosk.table import clock_text, live_round, seconds_left
from shared import protocol
from shared.cafereport import shown_state
from shared.device.errors import HubError
from shared.i18n import Lang
from shared.plaintext import display_safe

log = logging.getLogger("zuil.desk.cafe")

PHASES: tuple[protocol.SessionPhase, ...] = ("gather", "sort", "vote", "harvest")
Target = tuple[str, int]  # ("cluster", id), ("idea", id) or ("none", 0): where ideas go
NONE: Target = ("none", 0)


def played(session: protocol.WorkSessionInfo) -> int:
    """How many of the session's rounds were started."""
    return sum(1 for r in session.rounds if r.state != "waiting")


# the board's keys: what each does to the ideas chosen (see IdeaTree.keyPressEvent)
KEYS = {
    Qt.Key.Key_N: "new",
    Qt.Key.Key_M: "merge",
    Qt.Key.Key_U: "unmerge",
    Qt.Key.Key_H: "hide",
    Qt.Key.Key_E: "edit",
    Qt.Key.Key_F2: "edit",
    Qt.Key.Key_T: "tags",
    Qt.Key.Key_Delete: "delete",
}


class IdeaTree(QTreeWidget):
    """The board: clusters with their ideas, merged ideas under the one they went into.

    The tree never moves an item itself: a drop or a key says what the facilitator
    wants, the hub does it, and the board is drawn again from the hub's answer.

    Signals:
        dropped(list, object): idea ids dropped on a :data:`Target`.
        key_action(str): a sorting key (``new``, ``merge``, …, ``cluster:N``, ``step:±1``).
    """

    dropped = Signal(list, object)
    key_action = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(len(T.COLUMNS))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(T.COLUMNS)):
            self.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def chosen_ideas(self) -> list[int]:
        """The selected ideas' ids, in the order they stand."""
        ids: list[int] = []
        for item in self._in_order():
            key = item.data(0, Qt.ItemDataRole.UserRole)
            if item.isSelected() and key and key[0] == "idea":
                ids.append(int(key[1]))
        return ids

    def current_key(self) -> Target | None:
        """What the current row is: a cluster, an idea or the unclustered bucket."""
        item = self.currentItem()
        key = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return (str(key[0]), int(key[1])) if key else None

    def _in_order(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            found.append(item)
            for n in range(item.childCount()):
                child = item.child(n)
                if child is not None:
                    walk(child)

        for n in range(self.topLevelItemCount()):
            top = self.topLevelItem(n)
            if top is not None:
                walk(top)
        return found

    def item_for(self, key: Target) -> QTreeWidgetItem | None:
        """The row of a cluster or idea."""
        for item in self._in_order():
            found = item.data(0, Qt.ItemDataRole.UserRole)
            if found and (str(found[0]), int(found[1])) == key:
                return item
        return None

    def dropEvent(self, event: QDropEvent) -> None:
        """Ideas dropped on a cluster, on the unclustered bucket, or on an idea (a merge)."""
        target = self.itemAt(event.position().toPoint())
        key = target.data(0, Qt.ItemDataRole.UserRole) if target is not None else None
        ideas = self.chosen_ideas()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if ideas and key:
            self.dropped.emit(ideas, (str(key[0]), int(key[1])))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The sorting keys; arrows, Space and the rest as a tree has them."""
        key = event.key()
        mods = event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if alt and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.key_action.emit("step:-1" if key == Qt.Key.Key_Up else "step:1")
            return
        plain = not mods & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        if plain and Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.key_action.emit(f"cluster:{key - Qt.Key.Key_0}")
            return
        if plain and key in KEYS:
            self.key_action.emit(KEYS[Qt.Key(key)])
            return
        super().keyPressEvent(event)


class FacilitatorTab(DeskTab):
    """Run a work session: phases, rounds with a timer, reveal, and the sorting board.

    Signals:
        loaded(): the session was read (again) from the hub and drawn.
        changed(str): a change was made at the hub (what: ``phase``, ``round``, ``idea``, …).
    """

    loaded = Signal()
    changed = Signal(str)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.cafe = CafeClient(client)
        self.statuses: list[protocol.CafeStatus] = []
        self.session_id: int | None = None
        self.view: protocol.CafeView | None = None
        self.question_id: int | None = None
        self.started = False
        self.refused = False  # the hub said this desk is no organiser's console
        self._loading = False
        self._again = False
        self._keep: list[int] = []  # ideas to select again once the board is redrawn
        self._build()
        self.retranslate(lang)

    # -- building ----------

    def _build(self) -> None:
        self.empty = plain_label(name="empty")
        self.session_choice = QComboBox()
        self.session_choice.activated.connect(self._on_session_chosen)
        self.phase_label = plain_label()
        self.phase_label.setStyleSheet("font-size: 20px; font-weight: 700;")
        self.phase_hint = plain_label()
        self.phase_buttons: dict[str, QPushButton] = {}
        phases = QHBoxLayout()
        for phase in PHASES:
            button = QPushButton()
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, p=phase: self.move_to(p))
            self.phase_buttons[phase] = button
            phases.addWidget(button)
        top = QHBoxLayout()
        top.addWidget(self.session_choice)
        top.addWidget(self.phase_label)
        top.addLayout(phases)
        top.addStretch(1)

        self.timer_label = plain_label()
        self.timer_label.setStyleSheet("font-size: 22px; font-weight: 800;")
        self.round_list = QListWidget()
        self.round_list.setMaximumHeight(150)
        # a long line ("Ronde 2 · 20 min · niet gespeeld · 12 aangeschoven") wraps, whole
        self.round_list.setWordWrap(True)
        self.round_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.round_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.round_list.currentRowChanged.connect(lambda _: self._update_round_buttons())
        self.round_buttons: dict[str, QPushButton] = {}
        buttons = QGridLayout()
        for n, op in enumerate(("start", "pause", "resume", "end")):
            button = QPushButton()
            button.clicked.connect(lambda _=False, o=op: self.control_round(o))
            self.round_buttons[op] = button
            buttons.addWidget(button, n // 2, n % 2)
        self.rounds_box = QGroupBox()
        rounds = QVBoxLayout(self.rounds_box)
        rounds.addWidget(self.timer_label)
        rounds.addWidget(self.round_list)
        rounds.addLayout(buttons)

        self.question_choice = QComboBox()
        self.question_choice.activated.connect(self._on_question_chosen)
        self.reveal_button = QPushButton()
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_label = plain_label()
        self.question_text = plain_label()  # the whole question: the list cuts it short
        self.question_text.setStyleSheet("font-weight: 700;")
        self.counts_label = plain_label()
        self.questions_box = QGroupBox()
        questions = QVBoxLayout(self.questions_box)
        questions.addWidget(self.question_choice)
        questions.addWidget(self.question_text)
        questions.addWidget(self.reveal_button)
        questions.addWidget(self.reveal_label)
        questions.addWidget(self.counts_label)
        questions.addStretch(1)

        self.tree = IdeaTree()
        self.tree.dropped.connect(self._on_dropped)
        self.tree.key_action.connect(self._on_key_action)
        self.tree.itemSelectionChanged.connect(self._on_selection)
        self.keys_label = plain_label()
        self.keys_label.setStyleSheet("font-size: 13px;")

        self.edit_field = QLineEdit()
        self.edit_field.setMaxLength(protocol.MAX_IDEA_CHARS)
        self.edit_field.returnPressed.connect(self.save_edit)
        self.tags_field = QLineEdit()
        self.tags_field.returnPressed.connect(self.save_edit)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_edit)
        self.hide_button = QPushButton()
        self.hide_button.clicked.connect(lambda: self._on_key_action("hide"))
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(lambda: self._on_key_action("merge"))
        self.unmerge_button = QPushButton()
        self.unmerge_button.clicked.connect(lambda: self._on_key_action("unmerge"))
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(lambda: self._on_key_action("delete"))
        self.new_field = QLineEdit()
        self.new_field.setMaxLength(80)
        self.new_field.returnPressed.connect(self.new_cluster)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_cluster)
        self.edit_labels = [plain_label(), plain_label(), plain_label()]
        side = QWidget()
        form = QFormLayout(side)
        form.addRow(self.edit_labels[0])
        form.addRow(self.edit_field)
        form.addRow(self.edit_labels[1])
        form.addRow(self.tags_field)
        form.addRow(self.save_button)
        actions = QGridLayout()
        actions.addWidget(self.hide_button, 0, 0)
        actions.addWidget(self.merge_button, 0, 1)
        actions.addWidget(self.unmerge_button, 1, 0)
        actions.addWidget(self.delete_button, 1, 1)
        form.addRow(actions)
        form.addRow(self.edit_labels[2])
        form.addRow(self.new_field)
        form.addRow(self.new_button)

        left = QVBoxLayout()
        left.addWidget(self.rounds_box)
        left.addWidget(self.questions_box, 1)
        board = QVBoxLayout()
        board.addWidget(self.tree, 1)
        board.addWidget(self.keys_label)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addLayout(board, 6)
        middle.addWidget(side, 3)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top)
        body.addWidget(self.phase_hint)
        body.addLayout(middle, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.body.hide()
        self.clock = QTimer(self)
        self.clock.setInterval(1000)
        self.clock.timeout.connect(self._show_timer)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        for phase, button in self.phase_buttons.items():
            button.setText(T.PHASES[phase](lang))
        self.rounds_box.setTitle(T.ROUNDS(lang))
        self.questions_box.setTitle(T.QUESTION(lang))
        for op, text in (
            ("start", T.START),
            ("pause", T.PAUSE),
            ("resume", T.RESUME),
            ("end", T.END),
        ):
            self.round_buttons[op].setText(text(lang))
        self.reveal_button.setText(T.REVEAL(lang))
        self.tree.setHeaderLabels([c(lang) for c in T.COLUMNS])
        self.keys_label.setText(T.KEYS(lang))
        self.edit_labels[1].setText(T.EDIT_TAGS(lang))
        self.edit_labels[2].setText(T.NEW_CLUSTER_LABEL(lang))
        self.save_button.setText(T.SAVE(lang))
        self.merge_button.setText(T.MERGE(lang))
        self.unmerge_button.setText(T.UNMERGE(lang))
        self.delete_button.setText(T.DELETE_CLUSTER(lang))
        self.new_button.setText(T.NEW_CLUSTER(lang))
        self._show()

    # -- loading ----------

    def start(self) -> None:
        """Read the sessions from the hub (when the tab is first opened) and run the timer."""
        self.started = True
        self.clock.start()
        self.load()

    def stop(self) -> None:
        """Stop the timer."""
        self.clock.stop()

    def load(self) -> None:
        """Read the session again (coalesced: one read at a time, one more if asked meanwhile)."""
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.spawn(self._load())

    async def _load(self) -> None:
        try:
            while True:
                self._again = False
                statuses = await self.cafe.sessions()
                ids = [s.session.id for s in statuses]
                if self.session_id not in ids:
                    self.session_id = ids[0] if ids else None
                view = (
                    await self.cafe.view(self.session_id) if self.session_id is not None else None
                )
                if not self._again:
                    break
        except HubError as error:
            self.refused = error.code in ("forbidden", "unauthorized")
            self._show()
            raise  # and the tab says why in the status line
        finally:
            self._loading = False
        # what is shown and what the tab holds change together, never one before the other
        self.statuses, self.view = statuses, view
        self.refused = False
        self._show()
        self.loaded.emit()

    def on_live(self, event: protocol.LiveEvent) -> None:
        """A live event: a work session changed (ideas counted, a round, a change)."""
        if self.started and event.kind in (
            protocol.LiveEventKind.CAFE,
            protocol.LiveEventKind.IDEA,
        ):
            self.load()

    # -- what is shown ----------

    @property
    def session(self) -> protocol.WorkSessionInfo | None:
        """The session on show."""
        return self.view.status.session if self.view is not None else None

    def _show(self) -> None:
        session = self.session
        self.empty.setText(
            T.ORGANISERS_ONLY(self.lang) if self.refused else T.NO_SESSIONS(self.lang)
        )
        self.empty.setVisible(session is None and self.started)
        self.body.setVisible(session is not None)
        if session is None:
            return
        lang = self.lang
        self.session_choice.clear()
        for status in self.statuses:
            self.session_choice.addItem(status.session.title, status.session.id)
        self.session_choice.setCurrentIndex(max(self.session_choice.findData(session.id), 0))
        self.session_choice.setVisible(len(self.statuses) > 1)
        self.phase_label.setText(T.PHASE_NOW(lang, phase=T.PHASES[session.phase](lang)))
        self.phase_hint.setText(T.PHASE_HINTS[session.phase](lang))
        for phase, button in self.phase_buttons.items():
            button.setChecked(phase == session.phase)
            button.setToolTip(T.PHASE_TO(lang, phase=T.PHASES[phase](lang)))
        self._show_rounds(session)
        self._show_questions(session)
        self._show_board()
        self._show_timer()

    def _show_rounds(self, session: protocol.WorkSessionInfo) -> None:
        lang = self.lang
        assert self.view is not None
        chosen = self._chosen_round()
        rounds = sorted(session.rounds, key=lambda r: (r.position, r.id))
        self.round_list.blockSignals(True)
        self.round_list.clear()
        for n, round_ in enumerate(rounds, 1):
            state = T.ROUND_STATES[shown_state(session.phase, round_.state)](lang)
            line = T.ROUND_LINE(lang, number=n, minutes=round_.minutes, state=state)
            joined = self.view.status.participants.get(round_.id)
            if joined:
                line += " · " + T.ROUND_JOINED(lang, count=joined)
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, round_.id)
            self.round_list.addItem(item)
        live = live_round(session)
        waiting = next(
            (r for r in rounds if shown_state(session.phase, r.state) == "waiting"), None
        )
        keep = chosen if chosen in [r.id for r in rounds] else None
        wanted = keep or (live.id if live else waiting.id if waiting else None)
        for row in range(self.round_list.count()):
            item = self.round_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == wanted:
                self.round_list.setCurrentRow(row)
        self.round_list.blockSignals(False)
        self._update_round_buttons()

    def _chosen_round(self) -> int | None:
        item = self.round_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _round(self, round_id: int | None) -> protocol.CafeRoundInfo | None:
        session = self.session
        if session is None or round_id is None:
            return None
        return next((r for r in session.rounds if r.id == round_id), None)

    def _update_round_buttons(self) -> None:
        round_ = self._round(self._chosen_round())
        state = round_.state if round_ is not None else None
        phase = self.session.phase if self.session is not None else None
        self.round_buttons["start"].setEnabled(state == "waiting" and phase in ("ready", "gather"))
        self.round_buttons["pause"].setEnabled(state == "running")
        self.round_buttons["resume"].setEnabled(state == "paused")
        self.round_buttons["end"].setEnabled(state in ("running", "paused"))

    def _show_timer(self) -> None:
        session = self.session
        if session is None:
            return
        lang = self.lang
        live = live_round(session)
        if session.phase == "harvest":
            self.timer_label.setText(
                T.HARVESTED(lang, played=played(session), rounds=len(session.rounds))
            )
            return
        if live is None:
            self.timer_label.setText(T.TIMER_IDLE(lang))
            return
        number = sorted(session.rounds, key=lambda r: (r.position, r.id)).index(live) + 1
        left = seconds_left(live, self.cafe.hub_now()) or 0
        if live.state == "paused":
            text = T.TIMER_PAUSED(lang, number=number, clock=clock_text(left))
        elif left <= 0:
            text = T.TIMER_UP(lang, number=number)
        else:
            text = T.TIMER_RUNNING(lang, number=number, clock=clock_text(left))
        self.timer_label.setText(text)

    def _show_questions(self, session: protocol.WorkSessionInfo) -> None:
        lang = self.lang
        assert self.view is not None
        questions = sorted(session.questions, key=lambda q: (q.position, q.id))
        ids = [q.id for q in questions]
        if self.question_id not in ids:
            self.question_id = ids[0] if ids else None
        self.question_choice.clear()
        totals: dict[int, int] = {}
        for count in self.view.status.counts:
            totals[count.question_id] = totals.get(count.question_id, 0) + count.ideas
        for n, question in enumerate(questions, 1):
            self.question_choice.addItem(
                f"{n}. ({totals.get(question.id, 0)}) {question.text}", question.id
            )
        self.question_choice.setCurrentIndex(
            max(self.question_choice.findData(self.question_id), 0)
        )
        current = self.question
        if current is None:
            return
        self.question_text.setText(current.text)
        self.reveal_button.setEnabled(not current.revealed)
        self.reveal_label.setText(T.REVEALED(lang) if current.revealed else T.PRIVATE(lang))
        mine = [i for i in self.view.ideas if i.question_id == current.id]
        hidden = sum(1 for i in mine if i.state == "hidden")
        names = {t.id: t.name for t in session.tables}
        per_table = [
            T.PER_TABLE(lang, table=names.get(c.table_id, str(c.table_id)), count=c.ideas)
            for c in self.view.status.counts
            if c.question_id == current.id
        ]
        self.counts_label.setText(
            "\n".join([T.COUNTS(lang, ideas=len(mine) - hidden, hidden=hidden), *per_table])
        )

    @property
    def question(self) -> protocol.CafeQuestionInfo | None:
        """The question on the board."""
        session = self.session
        if session is None:
            return None
        return next((q for q in session.questions if q.id == self.question_id), None)

    def clusters(self) -> list[protocol.ClusterInfo]:
        """The clusters of the question on the board, in their order."""
        if self.view is None:
            return []
        return sorted(
            (c for c in self.view.clusters if c.question_id == self.question_id),
            key=lambda c: (c.position, c.id),
        )

    def ideas(self) -> list[protocol.IdeaInfo]:
        """Every idea of the question on the board (hidden and merged ones too)."""
        if self.view is None:
            return []
        return [i for i in self.view.ideas if i.question_id == self.question_id]

    def _show_board(self) -> None:
        lang = self.lang
        session = self.session
        assert session is not None
        keep = self._keep or self.tree.chosen_ideas()
        current = self.tree.current_key()
        self._keep = []
        names = {t.id: t.name for t in session.tables}
        # as they came in; at harvest the most dots first (the top ideas on top)
        ideas = sorted(self.ideas(), key=lambda i: (-(i.dots or 0), i.minute, i.id))
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = QFont(self.tree.font())
        bold.setBold(True)
        buckets: dict[int | None, QTreeWidgetItem] = {}
        for n, cluster in enumerate([*self.clusters(), None], 1):
            members = [
                i
                for i in ideas
                if i.cluster_id == (cluster.id if cluster else None) and i.merged_into is None
            ]
            label = cluster.label if cluster else T.NO_CLUSTER(lang)
            prefix = f"{n}. " if cluster and n <= 9 else ""
            item = QTreeWidgetItem(
                [prefix + T.CLUSTER_LINE(lang, label=display_safe(label), count=len(members))]
            )
            item.setFont(0, bold)
            item.setData(0, Qt.ItemDataRole.UserRole, ("cluster", cluster.id) if cluster else NONE)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            self.tree.addTopLevelItem(item)
            buckets[cluster.id if cluster else None] = item
        rows: dict[int, QTreeWidgetItem] = {}
        placed = [i for i in ideas if i.merged_into is None]
        merged = [i for i in ideas if i.merged_into is not None]
        for idea in [*placed, *merged]:
            parent = (
                rows.get(idea.merged_into)
                if idea.merged_into is not None
                else buckets.get(idea.cluster_id, buckets[None])
            )
            if parent is None:
                parent = buckets[None]
            text = display_safe(idea.text)
            if idea.state == "hidden":
                text = T.HIDDEN_MARK(lang) + text
            if idea.merged_into is not None:
                text = T.MERGED_MARK(lang) + text
            row = QTreeWidgetItem(
                [
                    text,
                    names.get(idea.table_id, str(idea.table_id)),
                    ", ".join(idea.tags),
                    "" if idea.dots is None else str(idea.dots),
                ]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, ("idea", idea.id))
            row.setToolTip(0, idea.text)
            row.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsDropEnabled
            )
            if idea.state == "hidden" or idea.merged_into is not None:
                for column in range(len(T.COLUMNS)):
                    row.setForeground(column, QBrush(QColor("#6B6B6B")))
            parent.addChild(row)
            rows[idea.id] = row
        self.tree.expandAll()
        kept = [rows[i] for i in keep if i in rows]
        if kept:
            # the current row moves without touching the selection, then the ideas are chosen
            self.tree.setCurrentItem(kept[0], 0, QItemSelectionModel.SelectionFlag.NoUpdate)
            for chosen in kept:
                chosen.setSelected(True)
        elif current is not None:
            found = self.tree.item_for(current)
            if found is not None:
                self.tree.setCurrentItem(found)
        self.tree.blockSignals(False)
        self._on_selection()

    def _on_selection(self) -> None:
        lang = self.lang
        key = self.tree.current_key()
        ideas = {i.id: i for i in self.ideas()}
        chosen = self.tree.chosen_ideas()
        if key is not None and key[0] == "cluster":
            cluster = next((c for c in self.clusters() if c.id == key[1]), None)
            self.edit_labels[0].setText(T.EDIT_LABEL(lang))
            self.edit_field.setText(cluster.label if cluster else "")
            self.tags_field.clear()
            self.tags_field.setEnabled(False)
        else:
            idea = ideas.get(key[1]) if key is not None and key[0] == "idea" else None
            self.edit_labels[0].setText(T.EDIT_TEXT(lang))
            self.edit_field.setText(idea.text if idea else "")
            self.tags_field.setText(", ".join(idea.tags) if idea else "")
            self.tags_field.setEnabled(idea is not None)
        some = bool(chosen)
        hidden = some and all(ideas[i].state == "hidden" for i in chosen if i in ideas)
        self.hide_button.setText(T.SHOW(lang) if hidden else T.HIDE(lang))
        self.hide_button.setEnabled(some)
        self.merge_button.setEnabled(len(chosen) > 1)
        self.unmerge_button.setEnabled(
            any(ideas[i].merged_into is not None for i in chosen if i in ideas)
        )
        self.delete_button.setEnabled(key is not None and key[0] == "cluster")
        self.save_button.setEnabled(key is not None and key != NONE)

    # -- what the facilitator does ----------

    def _change(self, what: str, work: Callable[[int], Coroutine[Any, Any, object]]) -> None:
        """Run one change at the hub for the session on show, then read the board again."""
        session_id = self.session_id
        if session_id is None:
            return
        self._keep = self.tree.chosen_ideas()

        async def run() -> None:
            await work(session_id)
            self.say(T.CHANGED)
            self.changed.emit(what)
            self.load()

        self.spawn(run())

    def move_to(self, phase: protocol.SessionPhase) -> None:
        """Move the session to a phase."""
        self._change("phase", lambda sid: self.cafe.phase(sid, phase))

    def control_round(self, op: str) -> None:
        """Start, pause, resume or end the round chosen in the list."""
        round_id = self._chosen_round()
        if round_id is not None:
            self._change("round", lambda sid: self.cafe.round(sid, round_id, op))

    def reveal(self) -> None:
        """Reveal the question on the board."""
        question = self.question_id
        if question is not None:
            self._change("reveal", lambda sid: self.cafe.reveal(sid, question))

    def edit_ideas(self, ideas: list[int], edit: protocol.IdeaEdit, what: str = "idea") -> None:
        """One change to each of ``ideas`` (each reaches every wall once)."""
        if not ideas:
            return

        async def work(sid: int) -> None:
            for idea_id in ideas:
                await self.cafe.edit(sid, idea_id, edit)

        self._change(what, work)

    def move_ideas(self, ideas: list[int], target: Target) -> None:
        """Ideas into a cluster, out of every cluster, or merged into another idea."""
        kind, key = target
        if kind == "cluster":
            self.edit_ideas(ideas, protocol.IdeaEdit(cluster_id=key), "cluster")
        elif kind == "none":
            self.edit_ideas(ideas, protocol.IdeaEdit(cluster_id=0), "cluster")
        elif kind == "idea":
            others = [i for i in ideas if i != key]
            self.edit_ideas(others, protocol.IdeaEdit(merged_into=key), "merge")

    def new_cluster(self) -> None:
        """A new cluster named in the field; the ideas chosen go into it."""
        label = self.new_field.text().strip()
        question = self.question_id
        if not label or question is None:
            self.new_field.setFocus()
            return
        ideas = self.tree.chosen_ideas()

        async def work(sid: int) -> None:
            cluster = await self.cafe.add_cluster(sid, question, label)
            for idea_id in ideas:
                await self.cafe.edit(sid, idea_id, protocol.IdeaEdit(cluster_id=cluster.id))

        self.new_field.clear()
        self._change("cluster", work)
        self.tree.setFocus()

    def save_edit(self) -> None:
        """Save the text (a typo fixed) and tags of the current idea, or a cluster's name."""
        key = self.tree.current_key()
        if key is None or key == NONE:
            return
        text = self.edit_field.text().strip()
        if key[0] == "cluster":
            if text:
                self._change("cluster", lambda sid: self.cafe.rename_cluster(sid, key[1], text))
        else:
            idea = next((i for i in self.ideas() if i.id == key[1]), None)
            if idea is None:
                return
            tags = [t.strip() for t in self.tags_field.text().split(",") if t.strip()]
            edit = protocol.IdeaEdit(
                text=text if text and text != idea.text else None,
                tags=tags[:10] if tags != idea.tags else None,
            )
            if edit.text is not None or edit.tags is not None:
                self._keep = [idea.id]
                self.edit_ideas([idea.id], edit)
        self.tree.setFocus()

    def _on_dropped(self, ideas: list[int], target: Target) -> None:
        self.move_ideas(ideas, target)

    def _on_key_action(self, action: str) -> None:
        chosen = self.tree.chosen_ideas()
        ideas = {i.id: i for i in self.ideas()}
        clusters = self.clusters()
        if action == "new":
            self.new_field.setFocus()
        elif action in ("edit", "tags"):
            field = self.edit_field if action == "edit" else self.tags_field
            field.setFocus()
            field.selectAll()
        elif action == "hide":
            hide = not all(ideas[i].state == "hidden" for i in chosen if i in ideas)
            self.edit_ideas(chosen, protocol.IdeaEdit(state="hidden" if hide else "visible"))
        elif action == "merge" and len(chosen) > 1:
            self.move_ideas(chosen[1:], ("idea", chosen[0]))
        elif action == "unmerge":
            for idea_id in chosen:
                if idea_id in ideas and ideas[idea_id].merged_into is not None:
                    self.edit_ideas([idea_id], protocol.IdeaEdit(merged_into=idea_id), "merge")
        elif action == "delete":
            key = self.tree.current_key()
            if key is not None and key[0] == "cluster":
                self._change("cluster", lambda sid: self.cafe.delete_cluster(sid, key[1]))
        elif action.startswith("cluster:"):
            number = int(action.split(":")[1])
            if number == 0:
                self.move_ideas(chosen, NONE)
            elif number <= len(clusters):
                self.move_ideas(chosen, ("cluster", clusters[number - 1].id))
        elif action.startswith("step:") and chosen:
            step = int(action.split(":")[1])
            order: list[int | None] = [c.id for c in clusters] + [None]
            first = ideas.get(chosen[0])
            at = (
                order.index(first.cluster_id)
                if first and first.cluster_id in order
                else len(order) - 1
            )
            to = order[max(0, min(len(order) - 1, at + step))]
            self.move_ideas(chosen, ("cluster", to) if to is not None else NONE)

    def _on_session_chosen(self, index: int) -> None:
        chosen = self.session_choice.itemData(index)
        if chosen is not None and chosen != self.session_id:
            self.session_id = int(chosen)
            self.question_id = None
            self.load()

    def _on_question_chosen(self, index: int) -> None:
        chosen = self.question_choice.itemData(index)
        if chosen is not None:
            self.question_id = int(chosen)
            self._show()
