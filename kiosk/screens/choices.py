"""A poll: one answer, or several up to a maximum, from big buttons that wrap long options."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout

from kiosk import texts as T
from kiosk.screens.panel import Answer, AnswerPanel
from kiosk.widgets import BigButton, PlainLabel
from shared import protocol

ONE_COLUMN = 4  # up to this many options stand in one column; more take two


class Choices(AnswerPanel):
    """Options as big buttons; a chosen one is marked, and at the maximum the rest rest.

    With one choice allowed, tapping another option moves the choice; with more,
    a tap adds or removes one, and once the maximum is chosen the others are
    disabled until one is taken back.
    """

    def __init__(self) -> None:
        super().__init__()
        self.how = PlainLabel(role="hint")
        self.grid = QGridLayout()
        self.grid.setSpacing(16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.how)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.buttons: list[BigButton] = []
        self.values: list[int] = []
        self.chosen: list[int] = []
        self.most = 1

    def show_options(self, labels: list[str], values: list[int], most: int) -> None:
        """Offer ``labels`` (answered by their ``values``), up to ``most`` to be chosen."""
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons, self.values, self.most, self.chosen = [], list(values), max(1, most), []
        columns = 1 if len(labels) <= ONE_COLUMN else 2
        rows = -(-len(labels) // columns)
        for index, label in enumerate(labels):
            button = BigButton(label)
            button.setObjectName("choice")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=index: self.toggle(i))
            self.buttons.append(button)
            # down the first column, then the second: the options read in their order
            self.grid.addWidget(button, index % rows, index // rows)
            button.show()
        self._show()

    def toggle(self, index: int) -> None:
        """Tap an option: choose it, move the one choice to it, or take it back."""
        value = self.values[index]
        if value in self.chosen:
            self.chosen.remove(value)
        elif self.most == 1:
            self.chosen = [value]
        elif len(self.chosen) < self.most:
            self.chosen.append(value)
        self._show()
        self.changed.emit()

    def answer(self) -> Answer | None:
        """The values chosen, in the options' order."""
        if not self.chosen:
            return None
        return sorted(self.chosen, key=self.values.index), ""

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._show()

    def _show(self) -> None:
        full = self.most > 1 and len(self.chosen) >= self.most
        for value, button in zip(self.values, self.buttons, strict=True):
            chosen = value in self.chosen
            button.set_chosen(chosen)
            button.setEnabled(chosen or not full)
        if self.most == 1:
            self.how.setText(self.one(self.lang))
        else:
            self.how.setText(T.POLL_CHOSEN(self.lang, count=self.most, chosen=len(self.chosen)))

    def one(self, lang: str) -> str:
        """What is said when one option is to be chosen."""
        return T.POLL_ONE(lang)


class ChoicesPanel(Choices):
    """A poll's options, single or multiple choice."""

    def load(self, poll: protocol.PollInfo) -> None:
        """The poll's options, nothing chosen."""
        super().load(poll)
        most = min(poll.max_choices, len(poll.options))
        self.show_options(list(poll.options), list(range(len(poll.options))), most)
