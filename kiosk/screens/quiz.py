"""The quiz screen: one question at a time, then right or wrong with the explanation."""

from __future__ import annotations

import random

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, Signal
from PySide6.QtWidgets import (
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import AnswerOutcome, Session
from kiosk.widgets import BigButton, PlainLabel
from shared import protocol
from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap
from shared.ui.theme import SCALE

# questions longer than this are shown smaller (the demo's run from 23 to 154 characters)
LONG_QUESTION_CHARS = 80


class QuizScreen(Screen):
    """One question at a time, big answer buttons, then right or wrong with the explanation.

    Signals:
        answered(int): the attendee chose an option.
        next_requested(): show the next question.
        opinion_requested(): on to the questions of opinion (after the last question).
    """

    answered = Signal(int)
    next_requested = Signal()
    opinion_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="subtitle")
        self.question = PlainLabel(role="title")
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(16)
        self.options: list[BigButton] = []
        # the verdict: a banner in the success role or a calm card, with its icon, that
        # fades in (a celebration for a right answer, a kind word for a wrong one)
        self.verdict = QWidget()
        self.verdict.setObjectName("verdict-right")
        self.verdict_icon = QLabel()
        self.verdict_icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.result = PlainLabel(role="subtitle")
        row = QHBoxLayout(self.verdict)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.verdict_icon)
        row.addWidget(self.result, 1)
        self.verdict.hide()
        self._fade = QGraphicsOpacityEffect(self.verdict)
        self._fade.setOpacity(1.0)
        self.verdict.setGraphicsEffect(self._fade)
        self.verdict_animation = QPropertyAnimation(self._fade, b"opacity", self)
        self.verdict_animation.setDuration(SCALE.motion_celebrate_ms)
        self.verdict_animation.setStartValue(0.0)
        self.verdict_animation.setEndValue(1.0)
        self.verdict_animation.setEasingCurve(QEasingCurve.Type.OutBack)
        self.explanation = PlainLabel(role="hint")
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_requested.emit)
        # after the last question: rate the workshop, answer the questions of the moment
        self.opinion_button = QPushButton()
        self.opinion_button.clicked.connect(self.opinion_requested.emit)
        self.opinion_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addLayout(self.options_box)
        layout.addWidget(self.verdict)
        layout.addWidget(self.explanation)
        layout.addWidget(self.opinion_button)
        layout.addStretch(1)
        # "next question" between back and done: a row of its own left the
        # explanation too little room on a 1024x600 screen
        nav = self._nav()
        self.next_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        nav.insertWidget(2, self.next_button)
        layout.addLayout(nav)
        self.session: Session | None = None
        self.outcome: AnswerOutcome | None = None
        self._rng = random.SystemRandom()

    def show_session(self, session: Session) -> None:
        """Show the current question (or that all are answered)."""
        self.session = session
        self.outcome = None
        self._render()

    def show_outcome(self, outcome: AnswerOutcome, choice: int) -> None:
        """Mark the chosen and the right option and explain."""
        self.outcome = outcome
        for index, button in enumerate(self.options):
            button.setEnabled(False)
            if index == outcome.right_choice:
                button.setObjectName("right")
            elif index == choice:
                button.setObjectName("wrong")
            button.emphasise(index in (outcome.right_choice, choice))
            button.style().unpolish(button)
            button.style().polish(button)
            # the right answer and the chosen one stay; the others make room for the
            # explanation (on a 1024x600 screen all four and the explanation overlapped)
            button.setVisible(index in (outcome.right_choice, choice))
        self._render_outcome()
        self.verdict_animation.stop()
        self.verdict_animation.start()

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        if self.session is not None:
            if self.outcome is None:
                self._render()
            else:
                self._render_outcome()

    def _clear(self) -> None:
        """Take the last question's buttons, verdict and explanation off the screen."""
        for button in self.options:
            self.options_box.removeWidget(button)
            button.hide()  # deleted later; hidden now so it is not drawn meanwhile
            button.deleteLater()
        self.options = []
        self.result.setText("")
        self.verdict.hide()
        self.explanation.setText("")
        self.next_button.hide()
        self.opinion_button.hide()

    def _option_texts(self, question: protocol.QuestionInfo) -> list[str]:
        if question.kind == "truefalse":
            return [T.QUIZ_TRUE(self.lang), T.QUIZ_FALSE(self.lang)]
        return list(question.options)

    def _render(self) -> None:
        assert self.session is not None
        self._clear()
        question = self.session.question
        total = self.session.quiz_size
        if question is None:
            self.title.setText("")
            self.question.setText(T.QUIZ_FINISHED(self.lang) if total else T.QUIZ_NONE(self.lang))
            if self.session.earned:
                self.result.setText(T.QUIZ_EARNED(self.lang, points=self.session.earned))
                self._show_verdict(right=True, icon=Icon.CELEBRATE)
            left = len(self.session.opinion_questions(with_skipped=True))
            if left:
                self.opinion_button.setText(T.OPINION_AFTER_QUIZ(self.lang, count=left))
                self.opinion_button.show()
            return
        number = total - len(self.session.open_questions()) + 1
        self.show_question(question, max(number, 1), total, shuffle=True)

    def show_question(
        self, question: protocol.QuestionInfo, number: int, total: int, *, shuffle: bool = False
    ) -> None:
        """Lay out one question with its answer buttons (also the organiser's preview).

        With ``shuffle`` a multiple-choice question's answers stand in a new order each
        time (true/false keeps its order): where the right answer stands must not be
        learnt from the first visitors or the event file. :attr:`options` stays in the
        question's own order; only the buttons' places change.
        """
        self._clear()
        self.title.setText(T.QUIZ_TITLE(self.lang, number=number, total=total))
        # a long question at the title's size took four lines and was cut off on a
        # 1024x600 screen: it gets the subtitle's size
        role = "title" if len(question.text) <= LONG_QUESTION_CHARS else "subtitle"
        if self.question.objectName() != role:
            self.question.setObjectName(role)
            self.question.style().unpolish(self.question)
            self.question.style().polish(self.question)
        self.question.setText(question.text)
        for index, text in enumerate(self._option_texts(question)):
            button = BigButton(text)
            button.setObjectName("choice")
            button.clicked.connect(lambda _=False, i=index: self.answered.emit(i))
            self.options.append(button)
        places = list(self.options)
        if shuffle and question.kind != "truefalse":
            self._rng.shuffle(places)
        for button in places:
            self.options_box.addWidget(button)
            button.show()  # at once, not at the next event loop turn (a grab may come first)

    def _render_outcome(self) -> None:
        outcome = self.outcome
        assert outcome is not None
        assert self.session is not None
        verdict = T.QUIZ_RIGHT(self.lang) if outcome.correct else T.QUIZ_WRONG(self.lang)
        if not outcome.counted:
            points = T.QUIZ_NO_POINTS(self.lang)
        else:
            points = T.QUIZ_POINTS(self.lang, points=outcome.points) if outcome.points else ""
        self.result.setText(f"{verdict}  {points}")
        self._show_verdict(right=outcome.correct, icon=Icon.RIGHT if outcome.correct else Icon.IDEA)
        right = self.options[outcome.right_choice].text() if self.options else ""
        explanation = outcome.explanation
        if not outcome.correct:
            explanation = T.QUIZ_RIGHT_ANSWER(self.lang, answer=right) + "\n" + explanation
        self.explanation.setText(explanation)
        self.next_button.setText(T.QUIZ_NEXT(self.lang))
        self.next_button.show()

    def _show_verdict(self, *, right: bool, icon: Icon) -> None:
        """Show the verdict banner (success role, or a calm card), with its icon."""
        name = "verdict-right" if right else "verdict-wrong"
        if self.verdict.objectName() != name:
            self.verdict.setObjectName(name)
            # the labels inside take their colour from the banner's name: polish them too
            for widget in (self.verdict, self.verdict_icon, self.result):
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        # a wrong answer is met kindly: a calm card with a light bulb, not an alarm
        colour = self.roles.on_success if right else self.roles.brand
        self.verdict_icon.setPixmap(icon_pixmap(icon, colour, max(24, round(56 * self.scale))))
        self.verdict.show()
