"""The wall app: a fullscreen board fed by the hub, with scenes between the walls."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from shared import protocol
from shared.device.tasks import TaskSet
from shared.i18n import Text
from shared.ui.qt import font_family_of
from wall.canvas import WallCanvas, off_the_frames
from wall.feed import WallFeed
from wall.render import board_picture, logo_image
from wall.results import ResultBook

if TYPE_CHECKING:
    from wall.cafeboard import CafeBoard
    from wall.cafefollow import CafeFollower
    from wall.scene import Overlay

# The scenes with their charts (wall.scene, wall.charts) and the work session's board
# (wall.cafeboard) are imported when first needed: the board's first frame comes sooner.

log = logging.getLogger("zuil.wall")

SCENE_EVERY_S = 45.0
SCENE_S = 12.0
QUIET_S = 20.0
RECALL_EVERY_S = 8.0

TOP5 = Text("Top 5", "Top 5")
HIDDEN = Text("Deelnemer", "Participant")
FACTS = Text("Quizfeiten", "Quiz facts")
MOST_RIGHT = Text("Meest goed beantwoord", "Most often answered right")
MOST_WRONG = Text("Meest fout beantwoord", "Most often answered wrong")
ONLY_ONE = Text("Zo werd deze vraag beantwoord", "How this question was answered")
RIGHT = Text("goed", "right")
ANSWER = Text("Antwoord: {answer}", "Answer: {answer}")
FACTS_WHY = Text(
    "De quizfeiten verschijnen vanaf {k} antwoorden op een vraag, zodat niemands antwoord"
    " te herleiden is.",
    "Quiz facts appear from {k} answers to a question on, so no one's answer can be traced.",
)
COUNTERS = Text("Tot nu toe", "So far")
COUNT_LINES = Text(
    "{scans} scans\n{answers} antwoorden\n{tops} tops\n{tips} tips\n{photos} foto's",
    "{scans} scans\n{answers} answers\n{tops} tops\n{tips} tips\n{photos} photos",
)
NO_ANSWERS = Text("Nog geen antwoorden.", "No answers yet.")
NO_POINTS = Text(
    "Nog geen punten: scan je ticket bij een zuil en doe de quiz.",
    "No points yet: scan your ticket at a pillar and take the quiz.",
)


@dataclass
class WallConfig:
    """How a wall runs."""

    data: Path
    hub: str
    token: str
    show: str = "both"
    windowed: bool = False
    lang: str = "nl"


def scenes(
    leaderboard: list[protocol.Standing], stats: protocol.Stats | None, lang: str
) -> list[Overlay]:
    """The scenes of the rotation: the top 5, quiz facts, live counters."""
    from wall.scene import Overlay

    top = Overlay(
        TOP5(lang),
        [f"{s.rank}.  {s.name or HIDDEN(lang)}  —  {s.points}" for s in leaderboard[:5]]
        or [NO_POINTS(lang)],
    )
    counts = (
        stats.counters if stats else protocol.Counters(scans=0, answers=0, tops=0, tips=0, photos=0)
    )
    counters = Overlay(COUNTERS(lang), COUNT_LINES(lang, **counts.model_dump()).split("\n"))
    return [top, quiz_facts(stats, lang), counters]


def quiz_facts(stats: protocol.Stats | None, lang: str) -> Overlay:
    """The quiz-facts scene: the questions answered right most and least often.

    Only questions at least *k* (the event's ``min_answers``) answered give a share:
    a share of fewer would tell the room what those few answered. The hub sends none
    below *k*; a share it sent all the same is not shown either.
    """
    from wall.charts import ANSWERS, FEWER_THAN, ONE_ANSWER
    from wall.scene import Fact, Overlay

    facts = Overlay(FACTS(lang), [NO_ANSWERS(lang)])
    if stats is None:
        return facts
    k = stats.min_answers
    answered = [q for q in stats.questions if q.answered]
    known = [(q, q.share_right) for q in answered if q.answered >= k and q.share_right is not None]
    if not known:
        if answered:
            facts.lines = [FEWER_THAN(lang, k=k), FACTS_WHY(lang, k=k)]
        return facts
    best = max(known, key=lambda e: (e[1], e[0].answered))
    worst = min(known, key=lambda e: (e[1], -e[0].answered))
    if best[0] is worst[0]:
        chosen = [(ONLY_ONE, best)]
    else:
        chosen = [(MOST_RIGHT, best), (MOST_WRONG, worst)]
    facts.lines = []
    facts.facts = [
        Fact(
            label=label(lang),
            share=f"{round(share * 100)}%",
            right=RIGHT(lang),
            answered=ONE_ANSWER(lang) if q.answered == 1 else ANSWERS(lang, n=q.answered),
            question=q.text,
            answer=ANSWER(lang, answer=q.right_answer),
        )
        for label, (q, share) in chosen
    ]
    return facts


def result_scene(
    result: protocol.PollResult,
    lang: str,
    workshops: dict[str, str] | None = None,
    subject: str = "",
) -> Overlay:
    """A question's results as a scene: what kind, where, the question and its chart.

    Args:
        result: the results as the wall may show them.
        lang: the screen's language.
        workshops: workshop titles by code, to say where a question was asked.
        subject: what a recommend question names, for its standard wording.
    """
    from wall.charts import KINDS, RESULT, question
    from wall.scene import Overlay

    kicker = [KINDS[result.kind](lang)]
    if result.workshop:
        kicker.append((workshops or {}).get(result.workshop) or result.workshop)
    if result.state == "closed":
        kicker.append(RESULT(lang))
    return Overlay(question(result, lang, subject), result=result, kicker="  ·  ".join(kicker))


class WallWindow(QMainWindow):
    """One wall screen.

    Signals:
        event_applied(object): a live event was applied to the board.
        snapshot_applied(): the first snapshot is shown; live events follow.
        session_shown(bool): a work session took the screen (True) or left it.
        branded(): the event's colours, font, logo and board are on the wall.
    """

    event_applied = Signal(object)
    snapshot_applied = Signal()
    session_shown = Signal(bool)
    branded = Signal()

    def __init__(self, config: WallConfig) -> None:
        super().__init__()
        self.config = config
        self.canvas = WallCanvas(config.show, lang=config.lang)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.setCentralWidget(self.stack)
        # the work session's board and what keeps it in step: made once the hub answers
        self._cafe_board: CafeBoard | None = None
        self._cafe: CafeFollower | None = None
        self._branded: tuple[protocol.EventInfo, str | None] | None = None
        self.setWindowTitle("zuil · wall")
        self.feed = WallFeed(
            config.hub,
            config.token,
            on_snapshot=self._on_feed_snapshot,
            on_event=self._on_feed_event,
            on_link=self.canvas.set_link,
        )
        self.leaderboard: list[protocol.Standing] = []
        self.stats: protocol.Stats | None = None
        self.results = ResultBook()
        self.workshops: dict[str, str] = {}  # titles by code, for the result scenes
        self.subjects: dict[int, str] = {}  # what each recommend question names
        self.known_polls: set[int] = set()  # the questions the content brought
        self._fetching = False
        # the logo and the board's image by their stored names (content-addressed)
        self._images: dict[str, QImage | None] = {}
        self.event_name = ""
        self.last_arrival = time.monotonic()
        self._scene = 0  # scenes shown
        self._base_scene = 0  # of them the top 5, quiz facts and counters
        self.tasks = TaskSet()
        self.scene_timer = QTimer(self)
        self.scene_timer.setInterval(int(SCENE_EVERY_S * 1000))
        self.scene_timer.timeout.connect(self._on_scene_timer_timeout)
        self.recall_timer = QTimer(self)
        self.recall_timer.setInterval(int(RECALL_EVERY_S * 1000))
        self.recall_timer.timeout.connect(self._on_recall_timer_timeout)

    @property
    def cafe_board(self) -> CafeBoard:
        """A work session's board: when one is under way it takes the screen, before the walls."""
        if self._cafe_board is None:
            from wall.cafeboard import CafeBoard

            board = CafeBoard(lang=self.config.lang)
            if self._branded is not None:
                board.set_branding(*self._branded)
            self.stack.addWidget(board)
            self._cafe_board = board
        return self._cafe_board

    @property
    def cafe(self) -> CafeFollower:
        """What keeps :attr:`cafe_board` in step with the hub (made with the board)."""
        if self._cafe is None:
            from wall.cafefollow import CafeFollower

            self._cafe = CafeFollower(self.cafe_board, self.feed.cafe, self._show_cafe)
        return self._cafe

    def start(self) -> None:
        """Show the wall and start following the hub."""
        if self.config.windowed:
            self.resize(1280, 720)
            self.show()
        else:
            self.showFullScreen()
        self.tasks.spawn(self._branding())
        self.tasks.spawn(self.feed.run())
        self.scene_timer.start()
        self.recall_timer.start()

    async def aclose(self) -> None:
        """Stop the feed and the timers."""
        self.scene_timer.stop()
        self.recall_timer.stop()
        await self.tasks.cancel()
        await self.feed.close()

    async def _branding(self) -> None:
        try:
            content = await self.feed.content()
        finally:
            self._fetching = False
        if content is None:
            return
        if content.event is not None:
            event = content.event
            font = await self.feed.media(event.font) if event.font else None
            family = font_family_of(font) if font else None
            logo = await self._image(event.logo, logo_image)
            picture = await self._image(event.board_image, board_picture)
            self.canvas.set_branding(event, family, logo, picture)
            self.event_name = event.name
            self._branded = (event, family)
            if self._cafe_board is not None:
                self._cafe_board.set_branding(event, family)
            self.branded.emit()
        self.workshops.update({w.code: w.title for w in content.workshops})
        self.subjects.update({p.id: p.subject for p in content.polls if p.subject})
        self.known_polls.update(p.id for p in content.polls)

    async def _image(
        self, name: str | None, decode: Callable[[bytes], QImage | None]
    ) -> QImage | None:
        """A branding image from the hub, decoded off the GUI thread (kept by its name)."""
        if name is None:
            return None
        if name not in self._images:
            data = await self.feed.media(name)
            if data is None:
                return None  # out of reach: asked again with the next content
            self._images[name] = await asyncio.wrap_future(off_the_frames(decode, data))
        return self._images[name]

    def _on_feed_snapshot(self, snapshot: protocol.WallSnapshot) -> None:
        # ids and counts only: the wall shows the text, its log never holds it
        log.info(
            "snapshot shown: %d items, up to event %s", len(snapshot.items), snapshot.last_event
        )
        for item in snapshot.items:
            self.canvas.add(item, animate=False)
            self._want_photo(item)
        self.leaderboard = snapshot.leaderboard
        self.stats = snapshot.stats
        self.results.replace(snapshot.results)
        # the work session too, once the hub answers: a wall that started before it did
        # would otherwise wait for the session's next event
        self.tasks.spawn(self.cafe.refresh())
        self.snapshot_applied.emit()

    def _on_feed_event(self, event: protocol.LiveEvent) -> None:
        if event.kind is protocol.LiveEventKind.ITEM_VISIBLE and event.item is not None:
            self.last_arrival = time.monotonic()
            log.info("item shown id=%s", event.item.id)
            self.canvas.add(event.item)
            self._want_photo(event.item)
        elif event.kind is protocol.LiveEventKind.ITEM_HIDDEN and event.item_id:
            log.info("item hidden id=%s", event.item_id)
            self.canvas.remove(event.item_id)
        elif event.kind is protocol.LiveEventKind.LEADERBOARD and event.leaderboard is not None:
            self.leaderboard = event.leaderboard
        elif event.kind is protocol.LiveEventKind.STATS and event.stats and self.stats:
            self.stats = self.stats.model_copy(update={"counters": event.stats})
        elif event.kind is protocol.LiveEventKind.RESULTS and event.results is not None:
            self._on_results(event.results)
        elif self.cafe.on_event(event):
            self.tasks.spawn(self.cafe.refresh())
        self.event_applied.emit(event)

    def _on_results(self, result: protocol.PollResult) -> None:
        """New results of a question: the chart on show follows them live.

        A naming vote that just closed is shown at once: the room sees the winner.
        """
        before = self.results.results.get(result.id)
        shown = self.results.take(result)
        if shown is not None and result.id not in self.known_polls and not self._fetching:
            # a question added since the wall started: its subject and workshop's title
            self._fetching = True
            self.known_polls.add(result.id)  # asked once, found or not
            self.tasks.spawn(self._branding())
        if (
            shown is not None
            and shown.kind == "vote"
            and shown.state == "closed"
            and before is not None
            and before.state != "closed"
        ):
            self.results.seen(result.id)
            self.tasks.spawn(self._show(self.result_scene(shown)))
            return
        overlay = self.canvas.overlay
        if overlay is None or overlay.result is None or overlay.result.id != result.id:
            return
        if shown is None:  # no longer for walls: the scene goes at once
            self.canvas.set_overlay(None)
        else:
            self.canvas.set_overlay(self.result_scene(shown))
            self.results.seen(result.id)

    def result_scene(self, result: protocol.PollResult) -> Overlay:
        """The scene of a question's results in this wall's language."""
        subject = self.subjects.get(result.id) or self.event_name
        return result_scene(result, self.canvas.lang, self.workshops, subject)

    def _show_cafe(self, shown: bool) -> None:
        if shown != (self.stack.currentWidget() is self.cafe_board):
            self.stack.setCurrentWidget(self.cafe_board if shown else self.canvas)
            self.session_shown.emit(shown)

    def _want_photo(self, item: protocol.WallItem) -> None:
        if item.type == "photo" and item.photo and item.photo not in self.canvas.photos:
            self.tasks.spawn(self._load_photo(item.photo))

    async def _load_photo(self, name: str) -> None:
        data = await self.feed.photo(name)
        if data:
            image = QImage.fromData(data)
            if not image.isNull():
                self.canvas.set_photo(name, image)

    def _on_scene_timer_timeout(self) -> None:
        self.tasks.spawn(self._show_scene())

    async def _show_scene(self) -> None:
        fresh = await self.feed.stats()
        if fresh is not None:
            self.stats = fresh
        await self._show(self.next_scene())

    async def _show(self, scene: Overlay) -> None:
        """Show ``scene`` for :data:`SCENE_S`, then the bare board, unless another came."""
        self.canvas.set_overlay(scene)
        await asyncio.sleep(SCENE_S)
        now = self.canvas.overlay
        if now is scene or (
            # the same question's chart, which took new results meanwhile
            now is not None
            and now.result is not None
            and scene.result is not None
            and now.result.id == scene.result.id
        ):
            self.canvas.set_overlay(None)

    def next_scene(self) -> Overlay:
        """The next scene of the rotation: every other one a question's results, if any."""
        self._scene += 1
        if self._scene % 2 == 0:
            result = self.results.next()
            if result is not None:
                return self.result_scene(result)
        rotation = scenes(self.leaderboard, self.stats, self.canvas.lang)
        self._base_scene += 1
        return rotation[(self._base_scene - 1) % len(rotation)]

    def _on_recall_timer_timeout(self) -> None:
        if time.monotonic() - self.last_arrival >= QUIET_S and not self.canvas.queue:
            self.canvas.recall()
