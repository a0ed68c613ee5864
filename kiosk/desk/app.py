"""The desk app: one window with a tab per job at the registration desk.

Walk-in registration, find and fix (reprint), the registration list (import,
export, bulk tickets), personal links (e-mail and SMS), moderation, and the
questions and votes (their texts, paper tallies, opening and closing). A
handheld scanner typing into the app opens the scanned ticket's attendee; the
hub's live stream keeps the moderation queue current.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableView,
    QToolBar,
    QTreeView,
)

from kiosk.camera import Camera
from kiosk.desk import cafetexts, style, texts
from kiosk.desk.cafe import FacilitatorTab
from kiosk.desk.cafecompare import CompareTab
from kiosk.desk.client import DeskClient
from kiosk.desk.dashboard import DashboardTab
from kiosk.desk.editor import EditorTab
from kiosk.desk.find import FindTab
from kiosk.desk.folders import AskPath, FileAsker
from kiosk.desk.kept import KeptWalkIns
from kiosk.desk.moderation import ModerationTab
from kiosk.desk.outreach import LinksTab
from kiosk.desk.polls import PollsTab
from kiosk.desk.printing import TicketPrinter, badge_for
from kiosk.desk.registration import RegistrationTab
from kiosk.desk.walkin import WalkInTab, default_ticket_path
from kiosk.desk.widgets import (
    DeskTab,
    PageTabs,
    Words,
    fit_headers,
    hub_error_words,
    plain_label,
    words,
)
from kiosk.wedge import WedgeFilter
from shared import protocol
from shared.device.errors import HubError
from shared.device.feed import LiveFeed
from shared.device.link import Link
from shared.device.tasks import TaskSet
from shared.i18n import Lang, Text
from shared.scan.pipeline import ScanEvent
from shared.tickets import token_from_text
from shared.ui.qt import font_family

log = logging.getLogger("zuil.desk")


@dataclass(frozen=True)
class DeskConfig:
    """Where the desk keeps its things and which hub it talks to."""

    data: Path
    hub: str
    token: str
    windowed: bool = True


class DeskWindow(QMainWindow):
    """The registration desk.

    Signals:
        ready(): the event's content (workshops, branding, map) has arrived.
        ticket_output(object, str): a ticket was printed or saved
            (:class:`~shared.protocol.IssuedTicket`, the PDF path or '' for a printer).
        link_changed(object): the :class:`~shared.device.link.Link` to the hub changed.
    """

    ready = Signal()
    ticket_output = Signal(object, str)
    link_changed = Signal(object)

    def __init__(
        self, config: DeskConfig, lang: Lang = Lang.NL, camera: Camera | None = None
    ) -> None:
        super().__init__()
        self.config = config
        self.camera = camera  # a webcam at the desk reads tickets too (optional)
        self.lang = lang
        self.client = DeskClient(
            config.hub, config.token, KeptWalkIns(config.data / "walk-ins.json")
        )
        self.client.on_replayed = self._replayed
        self.tasks = TaskSet()
        self.content: protocol.ContentResponse | None = None
        self.venue_map: QImage | None = None
        self.tickets_dir = config.data / "tickets"
        settings = QSettings(str(config.data / "desk.ini"), QSettings.Format.IniFormat)
        self.printer = TicketPrinter(settings)
        # every file dialog starts where staff last saved or opened (the reports folder first)
        self.files = FileAsker(settings, config.data / "reports")
        self.ask_path: AskPath = self.files
        self.walkin = WalkInTab(self.client, self.output, lang)
        self.finder = FindTab(self.client, self.output, lang)
        self.registration = RegistrationTab(self.client, self._branding, lang)
        self.links = LinksTab(self.client, lang)
        self.moderation = ModerationTab(self.client, lang)
        self.polls = PollsTab(self.client, lang)
        self.dashboard = DashboardTab(self.client, lang)
        self.editor = EditorTab(self.client, lang)
        self.compare = CompareTab(self.client, lang)
        self.facilitator = FacilitatorTab(self.client, lang)
        for tab in (self.registration, self.dashboard, self.editor, self.compare):
            tab.ask_path = self.files
        self.compare.ask_folder = self.files.ask_folder
        self.tabs = PageTabs()
        self.pages: list[tuple[DeskTab, Text]] = [
            (self.walkin, texts.TAB_WALKIN),
            (self.finder, texts.TAB_FIND),
            (self.registration, texts.TAB_LIST),
            (self.links, texts.TAB_LINKS),
            (self.moderation, texts.TAB_MODERATION),
            (self.polls, texts.TAB_POLLS),
            (self.dashboard, texts.TAB_DASHBOARD),
            (self.editor, texts.TAB_CONTENT),
            (self.compare, texts.TAB_COMPARE),
            (self.facilitator, cafetexts.TAB),
        ]
        for page, _ in self.pages:
            # a page scrolls in a window lower or narrower than itself (a laptop, the demo's
            # part of a screen), under a tab bar that stays as wide as the window
            self.tabs.add_page(page)
            page.message.connect(self.show_message)
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        bar = QToolBar()
        bar.setMovable(False)
        self.toolbar = bar
        self.event_label = plain_label(name="event")
        self.event_label.setWordWrap(False)
        self.event_label.setStyleSheet("font-weight: 700; padding: 0 12px;")
        self.online_label = plain_label(name="online")
        self.online_label.setWordWrap(False)
        self.online_label.setStyleSheet("padding: 0 12px;")
        self.lang_button = QPushButton()
        bar.addWidget(self.event_label)
        bar.addSeparator()
        bar.addWidget(self.online_label)
        bar.addSeparator()
        bar.addWidget(self.lang_button)
        self.addToolBar(bar)
        self.status = QLabel()
        self.status.setTextFormat(self.status.textFormat().PlainText)
        self.statusBar().addWidget(self.status, 1)
        self.said: Words | None = None  # the status line's message, said again in a new language
        self.lang_button.clicked.connect(self._on_lang_button_clicked)
        self.dashboard.fullscreen_button.clicked.connect(self.toggle_dashboard_fullscreen)
        fullscreen = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        fullscreen.activated.connect(self.toggle_dashboard_fullscreen)
        # at the desk only tickets are scanned: fast typing that is no ticket stays typing
        self.wedge = WedgeFilter(self, accept=lambda code: token_from_text(code) is not None)
        self.wedge.code_scanned.connect(self._on_wedge_code_scanned)
        self.hub_link: Link | None = None  # unknown until the feed first says
        self.feed = LiveFeed(
            config.hub,
            config.token,
            on_snapshot=lambda _: None,
            on_event=self._on_live,
            on_link=self._set_link,
        )
        self.family: str | None = None  # the event's own font, once fetched
        self.apply_style(None)
        self.retranslate(lang)

    def apply_style(self, event: protocol.EventInfo | None) -> None:
        """Style the desk from the event's house style (the default one when None)."""
        roles = style.desk_roles(event)
        self.setStyleSheet(style.stylesheet(roles, self.family))
        for index in range(self.tabs.count()):
            self.tabs.setTabIcon(index, style.tab_icon(index, roles))
        # the event's own font may need wider columns for their titles
        for table in self.findChildren(QTableView):
            fit_headers(table)
        for tree in self.findChildren(QTreeView):
            fit_headers(tree)

    # -- life ----------

    def start(self) -> None:
        """Show the desk and start talking to the hub."""
        if self.config.windowed:
            self.resize(1280, 800)
            self.show()
        else:
            self.showMaximized()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.wedge.install(app)
        self.tasks.spawn(self._load_content())
        self.feed_task = self.tasks.spawn(self.feed.run())
        if self.camera is not None:
            self.camera.code_scanned.connect(self._on_camera_code_scanned)
            self.camera.start()
        self.links.start()
        self.moderation.start()
        self.polls.start()
        self.dashboard.start()
        self.finder.search()
        self.walkin.first.setFocus()

    async def aclose(self) -> None:
        """Stop every background task and close the connections."""
        self.links.stop()
        self.polls.stop()
        self.dashboard.stop()
        self.facilitator.stop()
        if self.camera is not None:
            self.camera.stop()
        for page, _ in self.pages:
            await page.tasks.cancel()
        await self.tasks.cancel()
        await self.feed.close()
        await self.client.close()

    async def settle(self) -> None:
        """Wait until the tabs' hub calls so far have all been answered (for tests)."""
        for page, _ in self.pages:
            await page.tasks.settle()

    async def _load_content(self) -> None:
        try:
            content = await self.client.content()
        except HubError as error:
            self.show_message(hub_error_words(error), True)
            return
        self.content = content
        event = content.event
        if event is not None:
            self.family = await self._event_font(event.font)
            self.apply_style(event)
            self.dashboard.set_family(self.family)
            self.printer.event = event.name
            self.printer.colour = event.primary_colour
            self.event_label.setText(event.name)
            self.setWindowTitle(f"{texts.TITLE(self.lang)} · {event.name}")
            if event.map:
                try:
                    image = QImage.fromData(await self.client.media(event.map))
                except HubError:
                    image = QImage()
                self.venue_map = None if image.isNull() else image
        self.walkin.set_workshops(content.workshops)
        self.dashboard.subjects = {p.id: p.subject for p in content.polls if p.subject}
        self.ready.emit()

    async def _event_font(self, name: str | None) -> str | None:
        """The family of the event's own font, fetched once into the desk's folder."""
        if not name:
            return None
        cached = self.config.data / "media" / Path(name).name
        if not cached.exists():
            try:
                data = await self.client.media(name)
            except HubError:
                return None
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_bytes(data)
        return font_family(cached)

    def _branding(self) -> tuple[str, str]:
        return self.printer.event, self.printer.colour

    # -- language, status ----------

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        self.lang = lang
        tips = {**texts.TAB_TIPS, cafetexts.TAB: cafetexts.TAB_TIP}
        for n, (page, title) in enumerate(self.pages):
            self.tabs.set_title(n, title(lang), tips.get(title, title)(lang))
            page.retranslate(lang)
        self.lang_button.setText(texts.LANGUAGE(lang))
        self._show_link()
        if self.said is not None:
            self.status.setText(self.said(lang))
        self.setWindowTitle(
            texts.TITLE(lang) + (f" · {self.printer.event}" if self.printer.event else "")
        )

    def _on_lang_button_clicked(self) -> None:
        self.retranslate(Lang.EN if self.lang is Lang.NL else Lang.NL)

    def _set_link(self, link: Link) -> None:
        changed = link is not self.hub_link
        self.hub_link = link
        self._show_link()
        if changed:
            self.link_changed.emit(link)

    def _show_link(self) -> None:
        if self.hub_link is None:
            return
        text = {
            Link.LIVE: texts.ONLINE,
            Link.STREAM_FAILING: texts.STREAM_FAILING,
            Link.UNREACHABLE: texts.OFFLINE,
            Link.UNPAIRED: texts.UNPAIRED,
        }[self.hub_link]
        self.online_label.setText(text(self.lang))

    def _replayed(self, replies: list[protocol.ReplayedWalkIn]) -> None:
        """Say what a new hub made of the walk-ins sent again; the worst news last."""
        self.show_message(words(texts.KEPT_SENT, count=len(replies)))
        for reply in replies:
            if reply.ticket is not None:
                attendee = reply.ticket.attendee
                name = f"{attendee.first_name} {attendee.last_name}"
                self.show_message(words(texts.KEPT_REPRINT, name=name), error=True)
            elif reply.fate is protocol.Fate.REJECTED:
                self.show_message(words(texts.KEPT_REFUSED, reason=reply.reason), error=True)

    def show_message(self, text: Words, error: bool = False) -> None:
        """A line in the status bar (errors in red), said again when the language changes."""
        self.said = text
        self.status.setStyleSheet("color: #B03A2E; font-weight: 600;" if error else "")
        self.status.setText(text(self.lang))
        if error:
            log.info("desk: %s", text(self.lang))

    # -- tickets out ----------

    def output(self, ticket: protocol.IssuedTicket, how: str) -> None:
        """Print a ticket (``print``, ``preview``) or save it as PDF (``pdf``).

        Without any printer on this machine a print becomes a PDF in the desk's
        ``tickets`` folder, so a ticket is never lost.
        """
        badges = [badge_for(ticket, self.lang, self.venue_map)]
        path = ""
        if how == "pdf" or not self.printer.has_printers():
            self.tickets_dir.mkdir(parents=True, exist_ok=True)
            suggested = default_ticket_path(self.tickets_dir, ticket)
            path = (
                self.ask_path(texts.SAVE_PDF(self.lang), str(suggested), True)
                if how == "pdf"
                else str(suggested)
            )
            if not path:
                return
            self.printer.save_pdf(Path(path), badges)
            self.show_message(words(texts.PDF_SAVED, path=path))
        elif not self.printer.print_with_dialog(self, badges, preview=how == "preview"):
            return
        self.tasks.spawn(self._printed(ticket.serial))
        self.ticket_output.emit(ticket, path)

    async def _printed(self, serial: int) -> None:
        try:
            await self.client.printed(serial)
        except HubError as error:
            self.show_message(hub_error_words(error), True)

    def _on_tabs_current_changed(self, _: int) -> None:
        if self.tabs.currentWidget() is self.editor and self.editor.content is None:
            self.editor.load()  # organisers only: loaded when first opened
        if self.tabs.currentWidget() is self.facilitator and not self.facilitator.started:
            self.facilitator.start()  # the facilitator's console: organisers only, too

    def _on_live(self, event: protocol.LiveEvent) -> None:
        self.moderation.on_live(event)
        self.polls.on_live(event)
        self.dashboard.on_live(event)
        self.facilitator.on_live(event)

    def toggle_dashboard_fullscreen(self) -> None:
        """The dashboard alone on the whole screen (for a second screen), or back."""
        full = not self.isFullScreen()
        self.tabs.tabBar().setVisible(not full)
        self.toolbar.setVisible(not full)
        self.statusBar().setVisible(not full)
        if full:
            self.tabs.setCurrentWidget(self.dashboard)
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_camera_code_scanned(self, event: ScanEvent) -> None:
        if token_from_text(event.text) is not None:  # a website QR held up is no ticket
            self._on_wedge_code_scanned(event.text)

    def _on_wedge_code_scanned(self, text: str) -> None:
        self.tabs.setCurrentWidget(self.finder)
        self.finder.lookup(text)
