"""The recommend question: the full 0 to 10 scale, its two ends named, one number chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout

from kiosk import texts as T
from kiosk.screens.panel import Answer, AnswerPanel
from kiosk.widgets import TOUCH_MIN, PlainLabel
from shared import protocol


class ScalePanel(AnswerPanel):
    """Eleven numbers in one row, none coloured (a colour would lead the answer)."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[QPushButton] = []
        row = QHBoxLayout()
        row.setSpacing(8)
        for value in protocol.RECOMMEND_VALUES:
            button = QPushButton(str(value))
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setMinimumSize(TOUCH_MIN, TOUCH_MIN + 40)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.numbers.append(button)
            row.addWidget(button)
        self.low = PlainLabel(role="hint")
        self.high = PlainLabel(role="hint")
        self.high.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends = QHBoxLayout()
        ends.addWidget(self.low, 1)
        ends.addWidget(self.high, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addLayout(ends)
        layout.addStretch(2)
        self.chosen: int | None = None

    def load(self, poll: protocol.PollInfo) -> None:
        """Nothing chosen yet."""
        super().load(poll)
        self.choose(None)

    def choose(self, value: int | None) -> None:
        """Choose a number (None: none)."""
        self.chosen = value
        for number, button in zip(protocol.RECOMMEND_VALUES, self.numbers, strict=True):
            button.setChecked(number == value)
        self.changed.emit()

    def answer(self) -> Answer | None:
        """The number chosen."""
        return None if self.chosen is None else ([self.chosen], "")

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.low.setText(T.RECOMMEND_LOW(lang))
        self.high.setText(T.RECOMMEND_HIGH(lang))
