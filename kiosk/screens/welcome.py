"""Where a visit starts and ends: the scan prompt, a message for passers-by, the menu."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk import polls
from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import BigButton, CameraView, PlainLabel
from kiosk.workshoplink import WorkshopLink
from shared.i18n import Text
from shared.plaintext import display_safe
from shared.ui.icons import Icon
from shared.ui.qt import icon_pixmap
from shared.ui.theme import Roles

# what each home tile shows beside its words
TILE_ICONS = {
    "workshop": Icon.INFO,
    "quiz": Icon.QUIZ,
    "feedback": Icon.NOTE,
    "polaroid": Icon.PHOTO,
    "points": Icon.POINTS,
    "agenda": Icon.AGENDA,
    "map": Icon.MAP,
    "opinion": Icon.RATING,
}


class AttractScreen(Screen):
    """The camera with the scan target, "Scan je ticket", and what is happening now.

    The panel beside the scan prompt cycles through the workshop's public teaser,
    the latest tops and tips on the walls, the top 5, one of the workshop's quiz
    questions and one of the questions of opinion open here now as teasers, so
    people a few metres away see there is something to play and something to say.
    """

    PANELS = ("workshop", "notes", "top", "question", "opinion")
    NOTE_CHARS = 90  # a long note is cut here on the panel (the wall shows it whole)
    CYCLE_MS = 8000

    def __init__(self) -> None:
        super().__init__()
        self.camera = CameraView()
        self.scan_icon = QLabel()
        self.title = PlainLabel(role="title")
        self.hint = PlainLabel(role="hint")
        self.now = QWidget()
        self.now.setObjectName("nowpanel")
        self.now_title = PlainLabel(role="subtitle")
        self.now_body = PlainLabel(role="hint")
        panel = QVBoxLayout(self.now)
        panel.addWidget(self.now_title)
        panel.addWidget(self.now_body)
        self.phone_link = WorkshopLink()  # the workshop's page on a phone, beside the title
        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.phone_link)
        info = QVBoxLayout()
        info.addStretch(1)
        info.addWidget(self.scan_icon)
        info.addLayout(heading)
        info.addWidget(self.hint)
        info.addSpacing(24)
        info.addWidget(self.now)
        info.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setSpacing(40)
        self.box.addWidget(self.camera, 3)
        self.box.addLayout(info, 2)
        self.session: Session | None = None
        self.panel = 0
        self.cycle = QTimer(self)
        self.cycle.setInterval(self.CYCLE_MS)
        self.cycle.timeout.connect(self._on_cycle_timeout)
        self.cycle.start()

    def apply_look(self, look: Roles, scale: float) -> None:
        """The scan icon in the brand colour."""
        super().apply_look(look, scale)
        self.scan_icon.setPixmap(icon_pixmap(Icon.SCAN, look.brand, max(32, round(96 * scale))))

    def _on_cycle_timeout(self) -> None:
        self.panel = (self.panel + 1) % len(self.PANELS)
        self._show_now()

    def _show_now(self) -> None:
        """Fill the panel with what it shows now, skipping what there is nothing of."""
        lang = self.lang
        for step in range(len(self.PANELS)):
            kind = self.PANELS[(self.panel + step) % len(self.PANELS)]
            shown = self._panel(kind, lang)
            if shown is not None:
                self.now_title.setText(shown[0])
                self.now_body.setText(shown[1])
                self.now.show()
                return
        self.now.hide()

    def _panel(self, kind: str, lang: str) -> tuple[str, str] | None:
        session = self.session
        if session is None:
            return None
        workshop = session.workshop_info
        if kind == "workshop":
            if workshop is None:
                return None
            return f"{T.NOW_WORKSHOP(lang)}: {workshop.title}", workshop.teaser
        if kind == "notes":
            notes = session.content.notes[:3]
            if not notes:
                return None
            lines = [
                f"“{_cut(n.text, self.NOTE_CHARS)}” · {T.NOW_WALLS[n.wall](lang)}" for n in notes
            ]
            return T.NOW_NOTES(lang), "\n".join(lines)
        if kind == "top":
            top = session.content.top[:5]
            if not top:
                return None
            anonymous = T.NOW_ANONYMOUS(lang)
            lines = [
                f"{s.rank}. {s.name or anonymous} · {T.NOW_POINTS(lang, points=s.points)}"
                for s in top
            ]
            return T.NOW_TOP(lang), "\n".join(lines)
        if kind == "opinion":
            asked = session.opinion_open_here()
            if not asked:
                return None
            event = session.content.event
            poll = asked[self.panel % len(asked)]
            return T.NOW_OPINION(lang), polls.wording(
                poll, lang, event_name=event.name if event else ""
            )
        questions = session.content.quiz(workshop)
        if not questions:
            return None
        return T.NOW_QUESTION(lang), questions[self.panel % len(questions)].text

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
        self.phone_link.show_for(workshop.code if workshop else None, lang)
        self._show_now()


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
    ITEMS = ("workshop", "quiz", "feedback", "polaroid", "points", "agenda", "map", "opinion")

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
        self._progress: dict[str, Text | None] = {}
        self._progress_values: dict[str, dict[str, int]] = {}
        self.adapt(False)

    def adapt(self, portrait: bool) -> None:
        """Four columns in landscape, two in portrait."""
        columns = 2 if portrait else 4
        for index, item in enumerate(self.ITEMS):
            self.grid.addWidget(self.buttons[item], index // columns, index % columns)

    def apply_look(self, look: Roles, scale: float) -> None:
        """Draw each tile's icon in the colour of the tile's text."""
        super().apply_look(look, scale)
        for item, button in self.buttons.items():
            button.set_icon(TILE_ICONS[item], look.on_primary, max(24, round(64 * scale)))

    def show_session(self, session: Session) -> None:
        """Greet by first name when the pillar knows it; say how far the quiz and points are."""
        self._name = session.attendee.greeting_name if session.attendee else None
        self._progress, self._progress_values = {}, {}
        total = session.quiz_size
        if session.attendee is not None and total:
            done = total - len(session.open_questions())
            if done:
                self._progress["quiz"] = T.MENU_QUIZ_DONE if done >= total else T.MENU_QUIZ_PROGRESS
                self._progress_values["quiz"] = {"done": done, "total": total}
        if session.earned:
            self._progress["points"] = T.MENU_POINTS_EARNED
            self._progress_values["points"] = {"points": session.earned}
        # the tile for questions of opinion only where there are any for this pillar
        asked_here = session.opinion_asked_here()
        self.buttons["opinion"].setVisible(asked_here)
        if session.attendee is not None and asked_here:
            left = len(session.opinion_questions(with_skipped=True))
            if left:
                self._progress["opinion"] = T.MENU_OPINION_OPEN
            elif session.opinion_given():
                self._progress["opinion"] = T.MENU_OPINION_DONE
            self._progress_values["opinion"] = {"count": left}
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self.greeting.setText(
            T.WELCOME_NAMED(lang, name=self._name) if self._name else T.WELCOME(lang)
        )
        self.question.setText(T.CHOOSE(lang))
        for item, button in self.buttons.items():
            progress = self._progress.get(item)
            hint = (
                progress(lang, **self._progress_values[item])
                if progress is not None
                else T.MENU_HINT[item](lang)
            )
            button.set_texts(T.MENU[item](lang), hint)
        self.done.setText(T.DONE(lang))


def _cut(text: str, most: int) -> str:
    """A note on one line, safe to show, cut at a word near ``most`` characters."""
    line = display_safe(" ".join(text.split()), keep_newlines=False)
    if len(line) <= most:
        return line
    return line[:most].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
