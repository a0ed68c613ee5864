"""The questions of opinion, one at a time: rate, recommend, choose, propose, vote, answer.

Each kind of question has its panel; this screen puts the question above it and
the buttons below: send once the answer is complete, skip at any time, back to
the menu, done. Nothing counts down: the attendee takes the time they need.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import polls
from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.screens.choices import ChoicesPanel
from kiosk.screens.naming import NamingPanel
from kiosk.screens.openanswer import OpenPanel
from kiosk.screens.panel import AnswerPanel
from kiosk.screens.scale import ScalePanel
from kiosk.screens.stars import StarsPanel
from kiosk.session import Session
from kiosk.widgets import PlainLabel
from shared import protocol
from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap
from shared.ui.theme import Roles

# longer questions are shown at the subtitle's size, as the quiz shows them
LONG_QUESTION_CHARS = 80


class OpinionScreen(Screen):
    """One question of opinion at a time, with its panel, skip and send.

    Signals:
        responded(int, list, str): the question's id, the choices and the text to send.
        skipped(int): the question's id, left for now.
    """

    responded = Signal(int, list, str)
    skipped = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="subtitle")
        self.thanks = QWidget()
        self.thanks.setObjectName("verdict-right")
        self.thanks_icon = QLabel()
        self.thanks_text = PlainLabel(role="hint")
        self.thanks_text.setWordWrap(False)
        banner = QHBoxLayout(self.thanks)
        banner.setContentsMargins(16, 4, 16, 4)
        banner.addWidget(self.thanks_icon)
        banner.addWidget(self.thanks_text, 1)
        self.thanks.hide()
        # the thanks beside the heading in landscape, under it in portrait
        self.heading = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.heading.addWidget(self.title, 1)
        self.heading.addWidget(self.thanks, 0, Qt.AlignmentFlag.AlignLeft)
        self.about = PlainLabel(role="hint")
        self.question = PlainLabel(role="title")
        self.panels: dict[protocol.PollKind, AnswerPanel] = {
            "rating": StarsPanel(),
            "recommend": ScalePanel(),
            "poll": ChoicesPanel(),
            "vote": NamingPanel(),
            "open": OpenPanel(),
        }
        self.pages = QStackedWidget()
        for panel in self.panels.values():
            panel.changed.connect(self._on_panel_changed)
            self.pages.addWidget(panel)
        self.note = PlainLabel(role="hint")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # the end of a round: a celebration, the thanks, and when new questions may come
        self.end = QWidget()
        self.end_icon = QLabel()
        self.end_title = PlainLabel(role="title")
        self.end_body = PlainLabel(role="subtitle")
        for label in (self.end_icon, self.end_title, self.end_body):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # short lines broken by hand: a wrapping label here was given one line's height
        self.end_body.setWordWrap(False)
        ending = QVBoxLayout(self.end)
        ending.addStretch(1)
        ending.addWidget(self.end_icon)
        ending.addWidget(self.end_title)
        ending.addWidget(self.end_body)
        ending.addStretch(2)
        self.end.hide()
        self.skip_button = QPushButton()
        self.skip_button.setObjectName("secondary")
        self.skip_button.clicked.connect(self._on_skip_clicked)
        self.send_button = QPushButton()
        self.send_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.send_button.clicked.connect(self._on_send_clicked)
        layout = QVBoxLayout(self)
        layout.addLayout(self.heading)
        layout.addWidget(self.about)
        layout.addWidget(self.question)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.end, 1)
        # the note on anonymity and results: between the buttons in landscape (a keyboard
        # leaves no room for a line of its own at 1080p), above them in portrait
        self.note_above = QVBoxLayout()
        layout.addLayout(self.note_above)
        self.nav = self._nav()
        self.nav.insertWidget(1, self.skip_button)
        self.nav.takeAt(2)  # the note stands where the stretch stood
        self.nav.insertWidget(2, self.note, 1)
        self.nav.insertWidget(3, self.send_button)
        layout.addLayout(self.nav)
        self.session: Session | None = None
        self.poll: protocol.PollInfo | None = None
        self._thanked = False  # the last question was answered: the thanks are on show
        self._answered = False  # something was answered this round
        self._gone = False  # the last question closed before its answer went

    @property
    def panel(self) -> AnswerPanel | None:
        """The panel of the question on show (None when none is)."""
        return self.panels[self.poll.kind] if self.poll is not None else None

    def show_session(self, session: Session) -> None:
        """Show the first question left (the round starts without thanks)."""
        self.session = session
        self._thanked = self._answered = self._gone = False
        self._render()

    def refresh(self) -> None:
        """The pillar learnt mid-visit what was answered elsewhere: that is not asked again.

        The question on show stays (with what was chosen or typed) while it is
        still to be answered here; one answered at another pillar or on the phone
        meanwhile makes way for the next.
        """
        if self.session is None:
            return
        left = self.session.opinion
        if (left.id if left else None) != (self.poll.id if self.poll else None):
            self._render()

    def show_next(self, *, answered: bool, gone: bool = False) -> None:
        """After an answer (thanked for) or a skip: the next question, or the end.

        Args:
            answered: the answer was taken (the thanks show).
            gone: the question closed (or was taken away) before the answer was sent.
        """
        self._thanked = answered
        self._gone = gone
        self._answered = self._answered or answered
        self._render()

    def set_lang(self, lang: str) -> None:
        """Retranslate (what is chosen or typed stays)."""
        super().set_lang(lang)
        self._nav_texts()
        for panel in self.panels.values():
            panel.set_lang(lang)
        self.skip_button.setText(T.OPINION_SKIP(lang))
        self.send_button.setText(T.OPINION_SEND(lang))
        if self.session is not None:
            self._texts()

    def apply_look(self, look: Roles, scale: float) -> None:
        """Colours and sizes for the panels and the thanks' icon."""
        super().apply_look(look, scale)
        for panel in self.panels.values():
            panel.apply_look(look, scale)
        self._show_banner_icon()
        self.end_icon.setPixmap(
            icon_pixmap(Icon.CELEBRATE, look.brand, max(48, round(128 * scale)))
        )

    def adapt(self, portrait: bool) -> None:
        """Each panel lays out for the screen; the note goes above the buttons in portrait."""
        for panel in self.panels.values():
            panel.adapt(portrait)
        self.heading.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        if portrait and self.note_above.indexOf(self.note) < 0:
            self.nav.removeWidget(self.note)
            self.nav.insertStretch(2, 1)
            self.note_above.addWidget(self.note)
        elif not portrait and self.note_above.indexOf(self.note) >= 0:
            self.note_above.removeWidget(self.note)
            self.nav.takeAt(2)
            self.nav.insertWidget(2, self.note, 1)

    def set_touch_keyboard(self, shown: bool) -> None:
        """Touch keyboards where text is typed, or (a desktop's small window) none."""
        for panel in self.panels.values():
            panel.set_touch_keyboard(shown)

    def _render(self) -> None:
        assert self.session is not None
        self.poll = self.session.opinion
        if self.poll is not None:
            panel = self.panels[self.poll.kind]
            panel.load(self.poll)
            self.pages.setCurrentWidget(panel)
        asking = self.poll is not None
        for shown in (self.pages, self.skip_button, self.send_button):
            shown.setVisible(asking)
        self.end.setVisible(not asking)
        self.thanks.setVisible((self._thanked and asking) or self._gone)
        name = "verdict-wrong" if self._gone else "verdict-right"
        if self.thanks.objectName() != name:
            self.thanks.setObjectName(name)
            for banner in (self.thanks, self.thanks_icon, self.thanks_text):
                banner.style().unpolish(banner)
                banner.style().polish(banner)
        self._show_banner_icon()
        self._texts()
        self._on_panel_changed()

    def _show_banner_icon(self) -> None:
        """A check on the thanks, a clock on the card for a question that closed meanwhile."""
        icon, colour = (
            (Icon.TIME, self.roles.brand)
            if self._gone
            else (
                Icon.RIGHT,
                self.roles.on_success,
            )
        )
        self.thanks_icon.setPixmap(icon_pixmap(icon, colour, max(20, round(36 * self.scale))))

    def _texts(self) -> None:
        """The heading, the question and the note in the screen's language."""
        assert self.session is not None
        lang, poll = self.lang, self.poll
        self.thanks_text.setText(T.OPINION_GONE(lang) if self._gone else T.OPINION_THANKS(lang))
        if poll is None:
            self.title.setText(T.MENU["opinion"](lang))
            self.about.setText("")
            self._set_question("")
            self.end_icon.setVisible(self._answered)
            self.end_title.setText(T.OPINION_FINISHED(lang) if self._answered else "")
            self.end_title.setVisible(self._answered)
            self.end_body.setText(
                T.OPINION_FINISHED_BODY(lang) if self._answered else T.OPINION_NONE(lang)
            )
            self.note.setText("")  # it keeps its place: back and done stay at the sides
            return
        number, total = self.session.opinion_progress
        self.title.setText(T.OPINION_TITLE(lang, number=number, total=total))
        workshop = self.session.workshop_info
        title = workshop.title if workshop else ""
        self.about.setText(polls.about(poll, lang, workshop_title=title))
        event = self.session.content.event
        self._set_question(polls.wording(poll, lang, event_name=event.name if event else ""))
        self.note.setText(f"{T.OPINION_ANONYMOUS(lang)} {polls.results_note(poll, lang)}")

    def _set_question(self, text: str) -> None:
        # a long question at the title's size takes too many lines on a small screen
        role = "title" if len(text) <= LONG_QUESTION_CHARS else "subtitle"
        if self.question.objectName() != role:
            self.question.setObjectName(role)
            self.question.style().unpolish(self.question)
            self.question.style().polish(self.question)
        self.question.setText(text)
        self.question.setVisible(bool(text))
        self.about.setVisible(bool(self.about.text()))

    def _on_panel_changed(self) -> None:
        panel = self.panel
        self.send_button.setEnabled(panel is not None and panel.answer() is not None)

    def _on_send_clicked(self) -> None:
        panel, poll = self.panel, self.poll
        answer = panel.answer() if panel is not None else None
        if poll is None or answer is None:
            return
        choices, text = answer
        self.responded.emit(poll.id, choices, text)

    def _on_skip_clicked(self) -> None:
        if self.poll is not None:
            self.skipped.emit(self.poll.id)


__all__ = ["OpinionScreen"]
