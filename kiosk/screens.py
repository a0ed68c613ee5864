"""The pillar's screens. Each shows the session and reports what the attendee chose.

Screens hold no state of their own beyond what is on them; the window
(:mod:`kiosk.app`) moves between them and talks to the session.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk import texts as T
from kiosk.session import AnswerOutcome, Session
from kiosk.widgets import BigButton, CameraView, OnScreenKeyboard, PlainLabel, PostIt
from kiosk.workshoplink import WorkshopLink
from shared import protocol
from shared.i18n import Text
from shared.plaintext import display_safe
from shared.protocol import MAX_CAPTION_CHARS, MAX_NOTE_CHARS


class Screen(QWidget):
    """Base of every screen: a language and a way to show the session.

    Signals:
        back_requested(): the attendee wants the home menu.
        finished(): the attendee is done (end the session).
    """

    back_requested = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lang = "nl"
        # a stack takes the largest page's minimum size: let the window decide
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def show_session(self, session: Session) -> None:
        """Fill the screen from the session (called every time it is shown)."""

    def set_lang(self, lang: str) -> None:
        """Switch the screen's language."""
        self.lang = lang

    def adapt(self, portrait: bool) -> None:
        """Lay out for a portrait or a landscape screen."""

    def _nav(self) -> QHBoxLayout:
        """The back / done buttons at the bottom of a screen."""
        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondary")
        self.back_button.clicked.connect(self.back_requested.emit)
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.finished.emit)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        return row

    def _nav_texts(self) -> None:
        self.back_button.setText(T.BACK(self.lang))
        self.done_button.setText(T.DONE(self.lang))


class AttractScreen(Screen):
    """The camera preview with the scan target, the event and the workshop's public teaser."""

    def __init__(self) -> None:
        super().__init__()
        self.camera = CameraView()
        self.title = PlainLabel(role="title")
        self.hint = PlainLabel(role="hint")
        self.workshop = PlainLabel(role="subtitle")
        self.teaser = PlainLabel(role="hint")
        self.phone_link = WorkshopLink()  # the workshop's page on a phone, beside the title
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.phone_link)
        info = QVBoxLayout()
        info.addStretch(1)
        info.addLayout(heading)
        for widget in (self.hint, self.workshop, self.teaser):
            info.addWidget(widget)
        info.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.addWidget(self.camera, 3)
        self.box.addLayout(info, 2)
        self.session: Session | None = None

    def adapt(self, portrait: bool) -> None:
        """Camera beside the text, or above it."""
        self.box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def show_session(self, session: Session) -> None:
        """Show the pillar's workshop."""
        self.session = session
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.title.setText(T.SCAN_TICKET(lang))
        self.hint.setText(T.SCAN_HINT(lang))
        workshop = self.session.workshop_info if self.session else None
        self.workshop.setText(workshop.title if workshop else "")
        self.teaser.setText(workshop.teaser if workshop else "")
        self.phone_link.show_for(workshop.code if workshop else None, lang)


class MessageScreen(Screen):
    """A passer-by's public information, or why a ticket was refused. Returns by itself."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.body = PlainLabel(role="subtitle")
        self.info = PlainLabel(role="hint")
        self.ok = QPushButton()
        self.ok.clicked.connect(self.finished.emit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.title, self.body, self.info):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.ok)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.finished.emit)
        self._title: Text | None = None
        self._body: Text | None = None
        self._event = ""
        self._public = ""

    def show_message(self, title: Text, body: Text, event: str, public: str, seconds: int) -> None:
        """Show a message for a while."""
        self._title, self._body, self._event, self._public = title, body, event, public
        self.set_lang(self.lang)
        self.timer.start(seconds * 1000)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        if self._title and self._body:
            self.title.setText(self._title(lang, event=self._event))
            self.body.setText(self._body(lang))
        self.info.setText(self._public)
        self.ok.setText(T.BACK(lang))


class HomeScreen(Screen):
    """The greeting and the menu of big touch targets.

    Signals:
        chosen(str): a menu item (``workshop``, ``quiz``, ``feedback`` …).
    """

    chosen = Signal(str)
    ITEMS = ("workshop", "quiz", "feedback", "polaroid", "points", "agenda", "map")

    def __init__(self) -> None:
        super().__init__()
        self.greeting = PlainLabel(role="title")
        self.question = PlainLabel(role="subtitle")
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        self.buttons: dict[str, BigButton] = {}
        for item in self.ITEMS:
            button = BigButton()
            button.clicked.connect(lambda _=False, i=item: self.chosen.emit(i))
            self.buttons[item] = button
        self.done = QPushButton()
        self.done.clicked.connect(self.finished.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.question)
        layout.addLayout(self.grid, 1)
        layout.addWidget(self.done)
        self._name: str | None = None
        self.adapt(False)

    def adapt(self, portrait: bool) -> None:
        """Four columns in landscape, two in portrait."""
        columns = 2 if portrait else 4
        for index, item in enumerate(self.ITEMS):
            self.grid.addWidget(self.buttons[item], index // columns, index % columns)

    def show_session(self, session: Session) -> None:
        """Greet by first name when the pillar knows it."""
        self._name = session.attendee.first_name if session.attendee else None
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.greeting.setText(
            T.WELCOME_NAMED(lang, name=self._name) if self._name else T.WELCOME(lang)
        )
        self.question.setText(T.CHOOSE(lang))
        for item, button in self.buttons.items():
            button.set_texts(T.MENU[item](lang), T.MENU_HINT[item](lang))
        self.done.setText(T.DONE(lang))


class TextScreen(Screen):
    """A title and scrollable plain text (the workshop's gated information, the agenda)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.meta = PlainLabel(role="subtitle")
        self.body = PlainLabel()
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._nav())
        self.session: Session | None = None

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        if self.session is not None:
            self.show_session(self.session)


class WorkshopScreen(TextScreen):
    """The workshop's gated information: only after a valid scan."""

    def show_session(self, session: Session) -> None:
        """Show the pillar's workshop."""
        self.session = session
        workshop = session.workshop_info
        if workshop is None:
            self.title.setText(T.WORKSHOP_NONE(self.lang))
            self.meta.setText("")
            self.body.setText("")
            return
        self.title.setText(workshop.title)
        times = " – ".join(t for t in (workshop.starts, workshop.ends) if t)
        self.meta.setText("  ·  ".join(p for p in (workshop.room, times) if p))
        self.body.setText(workshop.info)


class AgendaScreen(TextScreen):
    """The programme with the attendee's own workshops."""

    def show_session(self, session: Session) -> None:
        """List the attendee's day."""
        self.session = session
        self.title.setText(T.AGENDA_TITLE(self.lang))
        info = session.attendee.info if session.attendee else None
        lines = []
        for slot in session.content.agenda_for(info):
            times = slot.starts + (f"–{slot.ends}" if slot.ends else "")
            room = f"  ({slot.room})" if slot.room else ""
            lines.append(f"{times}   {slot.title}{room}")
        self.meta.setText("")
        self.body.setText("\n\n".join(lines))


# questions longer than this are shown smaller (the demo's run from 23 to 154 characters)
LONG_QUESTION_CHARS = 80


class QuizScreen(Screen):
    """One question at a time, big answer buttons, then right or wrong with the explanation.

    Signals:
        answered(int): the attendee chose an option.
        next_requested(): show the next question.
    """

    answered = Signal(int)
    next_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="subtitle")
        self.question = PlainLabel(role="title")
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(16)
        self.options: list[BigButton] = []
        self.result = PlainLabel(role="subtitle")
        self.explanation = PlainLabel(role="hint")
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_requested.emit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.question)
        layout.addLayout(self.options_box)
        layout.addWidget(self.result)
        layout.addWidget(self.explanation)
        layout.addStretch(1)
        # "next question" between back and done: a row of its own left the
        # explanation too little room on a 1024x600 screen
        nav = self._nav()
        self.next_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        nav.insertWidget(2, self.next_button)
        layout.addLayout(nav)
        self.session: Session | None = None
        self.outcome: AnswerOutcome | None = None

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

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        if self.session is not None:
            if self.outcome is None:
                self._render()
            else:
                self._render_outcome()

    def _option_texts(self, question: protocol.QuestionInfo) -> list[str]:
        if question.kind == "truefalse":
            return [T.QUIZ_TRUE(self.lang), T.QUIZ_FALSE(self.lang)]
        return list(question.options)

    def _render(self) -> None:
        assert self.session is not None
        for button in self.options:
            self.options_box.removeWidget(button)
            button.deleteLater()
        self.options = []
        self.result.setText("")
        self.explanation.setText("")
        self.next_button.hide()
        question = self.session.question
        total = self.session.quiz_size
        if question is None:
            self.title.setText("")
            self.question.setText(T.QUIZ_FINISHED(self.lang) if total else T.QUIZ_NONE(self.lang))
            if self.session.earned:
                self.result.setText(T.QUIZ_EARNED(self.lang, points=self.session.earned))
            return
        number = total - len(self.session.open_questions()) + 1
        self.show_question(question, max(number, 1), total)

    def show_question(self, question: protocol.QuestionInfo, number: int, total: int) -> None:
        """Lay out one question with its answer buttons (also the organiser's preview)."""
        for button in self.options:
            self.options_box.removeWidget(button)
            button.hide()  # deleted later; hidden now so it is not drawn meanwhile
            button.deleteLater()
        self.options = []
        self.result.setText("")
        self.explanation.setText("")
        self.next_button.hide()
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
        right = self.options[outcome.right_choice].text() if self.options else ""
        explanation = outcome.explanation
        if not outcome.correct:
            explanation = T.QUIZ_RIGHT_ANSWER(self.lang, answer=right) + "\n" + explanation
        self.explanation.setText(explanation)
        self.next_button.setText(T.QUIZ_NEXT(self.lang))
        self.next_button.show()


class FeedbackScreen(Screen):
    """Top or tip, typed on the touch keyboard, with a live preview of the post-it.

    Signals:
        posted(str, str): the wall (``top``/``tip``) and the text.
    """

    posted = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.top = QPushButton()
        self.tip = QPushButton()
        for button, wall in ((self.top, "top"), (self.tip, "tip")):
            button.setCheckable(True)
            button.setObjectName("choice")
            button.clicked.connect(lambda _=False, w=wall: self.set_wall(w))
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._on_editor_changed)
        self.counter = PlainLabel(role="hint")
        self.preview = PostIt()
        self.anonymous = PlainLabel(role="hint")
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.editor.insertPlainText)
        self.keyboard.backspace_pressed.connect(self._backspace)
        self.send = QPushButton()
        self.send.clicked.connect(self._on_send)
        self.thanks = PlainLabel(role="subtitle")
        choice = QHBoxLayout()
        choice.addWidget(self.top)
        choice.addWidget(self.tip)
        # landscape: typing on the left, the note as it will look on the right
        writing = QVBoxLayout()
        writing.addWidget(self.editor, 1)
        writing.addWidget(self.counter)
        writing.addWidget(self.keyboard)
        showing = QVBoxLayout()
        showing.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        showing.addWidget(self.anonymous)
        showing.addStretch(1)
        showing.addWidget(self.send)
        showing.addWidget(self.thanks)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addLayout(writing, 3)
        self.row.addLayout(showing, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(choice)
        layout.addLayout(self.row, 1)
        layout.addLayout(self._nav())
        self.wall = "top"

    def adapt(self, portrait: bool) -> None:
        """Preview beside the editor, or below it."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    def show_session(self, session: Session) -> None:
        """Start a fresh note."""
        self.editor.clear()
        self.thanks.setText("")
        self.preview.show()
        self.set_wall("top")
        self.set_lang(self.lang)
        self.editor.setFocus()

    def set_wall(self, wall: str) -> None:
        """Choose top (jubelmuur) or tip (klaagmuur)."""
        self.wall = wall
        self.top.setChecked(wall == "top")
        self.tip.setChecked(wall == "tip")
        self.preview.set_wall(wall)

    def show_thanks(self, bonus: int) -> None:
        """Confirm the note was taken (it is in the outbox already)."""
        message = T.FEEDBACK_SENT(self.lang, wall=T.WALL_NAME[self.wall](self.lang))
        if bonus:
            message += "  " + T.FEEDBACK_BONUS(self.lang, points=bonus)
        self.thanks.setText(message)
        self.editor.clear()
        # the thanks take the empty post-it's place: on a small screen both did not fit
        self.preview.hide()

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.FEEDBACK_TITLE(lang))
        self.top.setText(T.FEEDBACK_TOP(lang))
        self.tip.setText(T.FEEDBACK_TIP(lang))
        self.editor.setPlaceholderText(T.FEEDBACK_PLACEHOLDER(lang))
        self.anonymous.setText(T.FEEDBACK_ANONYMOUS(lang))
        self.send.setText(T.FEEDBACK_SEND(lang))
        self._on_editor_changed()

    def _backspace(self) -> None:
        self.editor.textCursor().deletePreviousChar()

    def _on_editor_changed(self) -> None:
        text = self.editor.toPlainText()
        if len(text) > MAX_NOTE_CHARS:
            cursor = self.editor.textCursor()
            self.editor.setPlainText(text[:MAX_NOTE_CHARS])
            cursor.setPosition(MAX_NOTE_CHARS)
            self.editor.setTextCursor(cursor)
            return
        self.preview.setText(display_safe(text))
        if text and self.preview.isHidden():  # a next note: its post-it comes back
            self.thanks.setText("")
            self.preview.show()
        self.counter.setText(T.FEEDBACK_COUNT(self.lang, count=len(text), limit=MAX_NOTE_CHARS))
        self.send.setEnabled(bool(text.strip()))

    def _on_send(self) -> None:
        text = self.editor.toPlainText().strip()
        if text:
            self.posted.emit(self.wall, text)


class PolaroidScreen(Screen):
    """Take a photo after a countdown; keep or retake; caption and consent; post.

    Signals:
        capture_requested(): take the photo now (the window grabs a camera frame).
        posted(str, bool): the caption and whether consent was given.
    """

    capture_requested = Signal()
    posted = Signal(str, bool)

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.view = CameraView(target=False)
        self.countdown = PlainLabel(role="big")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.take = QPushButton()
        self.take.clicked.connect(self._start_countdown)
        self.retake = QPushButton()
        self.retake.setObjectName("secondary")
        self.retake.clicked.connect(self.reset)
        self.caption = QLineEdit()
        self.caption.setMaxLength(MAX_CAPTION_CHARS)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.key_typed.connect(self.caption.insert)
        self.keyboard.backspace_pressed.connect(self.caption.backspace)
        self.consent = QCheckBox()
        self.consent.toggled.connect(self._update)
        self.anonymous = PlainLabel(role="hint")
        self.post = QPushButton()
        self.post.clicked.connect(
            lambda: self.posted.emit(self.caption.text(), self.consent.isChecked())
        )
        self.thanks = PlainLabel(role="subtitle")
        buttons = QHBoxLayout()
        for widget in (self.take, self.retake, self.post):
            buttons.addWidget(widget)
        picture = QVBoxLayout()
        picture.addWidget(self.view, 1)
        picture.addWidget(self.countdown)
        details = QVBoxLayout()
        for part in (self.caption, self.keyboard, self.consent, self.anonymous):
            details.addWidget(part)
        details.addStretch(1)
        details.addLayout(buttons)
        details.addWidget(self.thanks)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addLayout(picture, 3)
        self.row.addLayout(details, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(self.row, 1)
        layout.addLayout(self._nav())
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.remaining = 0
        self.photo: QImage | None = None
        self.touch_keyboard = True

    def adapt(self, portrait: bool) -> None:
        """Photo beside the caption, or above it."""
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )

    @property
    def live(self) -> bool:
        """Whether the view shows the live camera (no photo taken yet)."""
        return self.photo is None

    def show_session(self, session: Session) -> None:
        """Start with the live camera."""
        self.thanks.setText("")
        self.reset()

    def reset(self) -> None:
        """Back to the live camera (retake)."""
        self.timer.stop()
        self.photo = None
        self.countdown.setText("")
        self.caption.clear()
        self.consent.setChecked(False)
        self.set_lang(self.lang)

    def show_frame(self, image: QImage) -> None:
        """A live frame, while no photo is held."""
        if self.live:
            self.view.show_frame(image)

    def hold_photo(self, image: QImage | None) -> None:
        """The photo that was taken (None: the camera had no frame)."""
        self.countdown.setText("")
        if image is None:
            self.thanks.setText(T.POLAROID_NO_CAMERA(self.lang))
            return
        self.photo = image
        self.view.show_frame(image)
        self._update()

    def show_thanks(self, bonus: int) -> None:
        """Confirm the photo was taken into the outbox."""
        message = T.POLAROID_SENT(self.lang)
        if bonus:
            message += "  " + T.FEEDBACK_BONUS(self.lang, points=bonus)
        self.reset()
        self.thanks.setText(message)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.POLAROID_TITLE(lang))
        self.take.setText(T.POLAROID_TAKE(lang))
        self.retake.setText(T.POLAROID_RETAKE(lang))
        self.post.setText(T.POLAROID_KEEP(lang))
        self.caption.setPlaceholderText(T.POLAROID_CAPTION(lang))
        self.consent.setText(T.POLAROID_CONSENT(lang))
        self.anonymous.setText(T.POLAROID_ANONYMOUS(lang))
        self._update()

    def _start_countdown(self) -> None:
        self.remaining = 3
        self.countdown.setText("3")
        self.take.setEnabled(False)
        self.timer.start()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining > 0:
            self.countdown.setText(str(self.remaining))
            return
        self.timer.stop()
        self.capture_requested.emit()

    def _update(self) -> None:
        taken = self.photo is not None
        counting = self.timer.isActive()
        self.take.setVisible(not taken)
        self.take.setEnabled(not counting)
        self.retake.setVisible(taken)
        self.post.setVisible(taken)
        self.post.setEnabled(taken and self.consent.isChecked())
        for detail in (self.caption, self.consent):
            detail.setVisible(taken)
        self.keyboard.setVisible(taken and self.touch_keyboard)


class PointsScreen(Screen):
    """The attendee's points and rank, and the top 5 (names only as allowed)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.points = PlainLabel(role="big")
        self.rank = PlainLabel(role="subtitle")
        self.note = PlainLabel(role="hint")
        self.top_title = PlainLabel(role="subtitle")
        self.top = PlainLabel()
        layout = QVBoxLayout(self)
        for widget in (self.title, self.points, self.rank, self.note, self.top_title, self.top):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(self._nav())
        self.result: protocol.PointsResponse | None = None
        self.session: Session | None = None

    def show_points(self, session: Session, result: protocol.PointsResponse | None) -> None:
        """Show the hub's figures, or the last known top 5 when the hub is out of reach."""
        self.session, self.result = session, result
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.POINTS_TITLE(lang))
        self.top_title.setText(T.POINTS_TOP(lang))
        if self.session is None:
            return
        result = self.result
        earned = self.session.earned
        if result is not None:
            self.points.setText(T.POINTS_MINE(lang, points=result.points))
            self.rank.setText(
                T.POINTS_RANK(lang, rank=result.rank) if result.rank else T.POINTS_NO_RANK(lang)
            )
            self.note.setText("")
            top = result.top
        else:
            self.points.setText(T.POINTS_MINE(lang, points=earned))
            self.rank.setText("")
            self.note.setText(T.POINTS_OFFLINE(lang))
            top = self.session.content.top
        pending = self.session.pending_bonus()
        if result is not None and pending:
            self.note.setText(T.POINTS_SESSION(lang, points=pending))
        self.top.setText(
            "\n".join(
                f"{s.rank}.  {s.name or T.POINTS_HIDDEN(lang)}  —  {s.points}" for s in top[:5]
            )
            or T.POINTS_NOBODY(lang)
        )


class MapScreen(Screen):
    """The venue map with a "you are here" marker at this pillar."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.image = PlainLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)
        layout.addLayout(self._nav())
        self.map: QImage | None = None
        self.here: tuple[float, float] | None = None

    def set_map(self, image: QImage | None) -> None:
        """The venue map (from the hub's media)."""
        self.map = image

    def show_session(self, session: Session) -> None:
        """Mark this pillar on the map."""
        workshop = session.workshop_info
        self.here = (
            (workshop.map_x, workshop.map_y)
            if workshop and workshop.map_x is not None and workshop.map_y is not None
            else None
        )
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate (the marker's label too)."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.MAP_TITLE(lang))
        self._draw()

    def resizeEvent(self, event: object) -> None:
        """Redraw the map at the new size."""
        self._draw()

    def _draw(self) -> None:
        if self.map is None or self.map.isNull():
            self.image.clear()
            return
        pixmap = QPixmap.fromImage(self.map).scaled(
            max(self.image.width(), 200),
            max(self.image.height(), 200),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self.here is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            x, y = self.here[0] * pixmap.width(), self.here[1] * pixmap.height()
            radius = max(pixmap.width() / 40, 12)
            painter.setPen(QPen(QColor("#FFFFFF"), radius / 4))
            painter.setBrush(QColor("#C0392B"))
            painter.drawEllipse(QPointF(x, y), radius, radius)
            font = painter.font()
            font.setPixelSize(int(radius * 1.4))
            font.setBold(True)
            painter.setFont(font)
            label = T.MAP_HERE(self.lang)
            box = QRectF(x - radius * 8, y + radius * 1.3, radius * 16, radius * 2)
            painter.setPen(QColor("#C0392B"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            painter.end()
        self.image.setPixmap(pixmap)


__all__ = [
    "AgendaScreen",
    "AttractScreen",
    "FeedbackScreen",
    "HomeScreen",
    "MapScreen",
    "MessageScreen",
    "PointsScreen",
    "PolaroidScreen",
    "QWidget",
    "QuizScreen",
    "Screen",
    "WorkshopScreen",
]
