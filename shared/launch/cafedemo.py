"""``zuil demo --session world-cafe``: a world café with three table pillars, the console, the wall.

Everything runs in one process, as in the congress demo: the hub on its own
thread, the windows on the Qt thread with qasync. The data folder holds the
sample session (``assets/demo/world-cafe.toml``: four questions, three tables,
four rounds) and attendees with tickets. Three pillars in table mode (one per
table), the desk paired as organiser and opened on the facilitator's console,
and a wall; the control window holds a ticket up at a table (to join it, or in
the vote to spend dots) and plays a round of ideas: it starts the next round
when none runs, then the tables write ideas one by one, as people at them would.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QPushButton, QWidget

from kiosk.app import KioskConfig, KioskWindow
from kiosk.desk.app import DeskConfig, DeskWindow
from kiosk.desk.cafeclient import CafeClient
from kiosk.hublink import pair_and_store
from kiosk.table import Mode, live_round, next_round
from shared import content, roster
from shared.datadir import DataDir, assets_dir, today
from shared.device.connection import pair
from shared.device.errors import HubError
from shared.hub import devices
from shared.hub.server import RunningHub, start_in_thread
from shared.launch import placement
from shared.protocol import Role
from shared.store import Store
from wall.app import WallConfig, WallWindow

SESSIONS = {"world-cafe": "world-cafe.toml"}
ATTENDEES = 24  # from the congress demo's list, without its workshops
IDEA_EVERY_MS = 1500  # one idea at one of the tables, in turn
PATIENCE_MS = (
    60_000  # how long the tables may take to see a round just started (they pull every 3 s)
)

# what the tables write, per question code (fictional, like every name in the demo)
IDEAS: dict[str, list[str]] = {
    "SUCCES": [
        "Als nieuwe leden binnen een maand iemand kennen",
        "Als nieuwe leden snel iemand kennen",
        "Als we elkaar ook buiten de bijeenkomsten opzoeken",
        "Als er elk kwartaal een vraag uit de praktijk wordt opgelost",
        "Als kennis gedeeld wordt in plaats van bewaard",
        "Als leden zelf onderwerpen aandragen",
    ],
    "LEREN": [
        "Beter leren luisteren naar wat een klant niet zegt",
        "Presenteren zonder dia's",
        "Leren omgaan met boze bellers",
        "Data lezen en er iets mee doen",
        "Vaker om feedback vragen",
    ],
    "KLANT": [
        "Klantvragen samen terugkijken, eens per maand",
        "Een maatjessysteem tussen front- en backoffice",
        "Meelopen met een collega van een ander loket",
        "Klantreizen tekenen met de klant erbij",
        "Eén plek voor veelgestelde vragen",
    ],
    "BEWUST": [
        "Weten wie wat doet: een smoelenboek met taken",
        "Elke nieuwe collega een rondje langs alle teams",
        "Beslissingen uitleggen, niet alleen melden",
        "Een lunch met een willekeurige collega",
        "Het organigram samen opnieuw tekenen",
    ],
}


def session_asset(name: str) -> Path:
    """The event file of a sample work session.

    Raises:
        ValueError: there is no such sample.
    """
    if name not in SESSIONS:
        raise ValueError(f"no sample work session {name!r} (try: {', '.join(SESSIONS)})")
    return assets_dir() / "demo" / SESSIONS[name]


def prepare(data: DataDir, name: str) -> tuple[str, int]:
    """Fill ``data`` with a sample work session, held today, and attendees with tickets.

    A folder that already holds an event is left as it is (so running the demo
    twice keeps what happened in it).

    Returns:
        The event's name and how many attendees it has.

    Raises:
        ValueError: there is no such sample.
    """
    path = session_asset(name)
    with data.open_store() as store:
        if store.event() is None:
            content.import_event(data, store, path, on_day=today())
            result = roster.read_csv(assets_dir() / "demo" / "attendees.csv")
            people = [a.model_copy(update={"workshops": ()}) for a in result.accepted]
            store.add_attendees(people[:ATTENDEES])
        event = store.event()
        return (event["name"] if event else "", len(store.attendees()))


@dataclass
class Ticket:
    """An attendee's ticket, for the control window."""

    label: str
    text: str


def tickets(data: DataDir, store: Store) -> list[Ticket]:
    """Every attendee's current ticket."""
    signer = data.signer(store)
    found = []
    for person in store.attendees():
        record = store.issue_ticket(person["id"], signer.key_id)
        found.append(
            Ticket(
                f"{person['first_name']} {person['last_name']}", data.token(store, record.serial)
            )
        )
    return found


class CafeControl(QWidget):
    """The demo's control window: a ticket held up at a table, and a round of ideas played.

    Signals:
        played(int): the tables wrote this many ideas of the round being played.
    """

    played = Signal(int)

    def __init__(
        self, tables: dict[str, KioskWindow], people: list[Ticket], cafe: CafeClient
    ) -> None:
        super().__init__()
        self.setWindowTitle("zuil demo: werksessie / work session")
        self.tables = tables
        self.cafe = cafe
        self.queue: list[tuple[str, int, str]] = []  # table code, question id, idea
        self.written = 0
        self.waited = 0
        grid = QGridLayout(self)
        intro = QLabel(
            "Houd een ticket voor een tafel (aanschuiven; bij het stemmen: stippen zetten)"
            " / hold a ticket up at a table (to join; in the vote: to spend dots):"
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, len(tables))
        self.person = QComboBox()
        for ticket in people:
            self.person.addItem(ticket.label, ticket.text)
        grid.addWidget(self.person, 1, 0, 1, len(tables))
        for column, code in enumerate(tables):
            button = QPushButton(f"Scan bij / at {code}")
            button.clicked.connect(lambda _=False, c=code: self.scan_at(c))
            grid.addWidget(button, 2, column)
        self.play_button = QPushButton("Speel een ronde ideeën / play a round of ideas")
        self.play_button.clicked.connect(self.play_round)
        grid.addWidget(self.play_button, 3, 0, 1, len(tables))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        grid.addWidget(self.status, 4, 0, 1, len(tables))
        self.grid = grid
        self.timer = QTimer(self)
        self.timer.setInterval(IDEA_EVERY_MS)
        self.timer.timeout.connect(self._write_next)
        self._tasks: set[asyncio.Task[None]] = set()

    def fit(self) -> None:
        """At least as tall as the layout needs at this width, its wrapped texts whole.

        A window's minimum size from its layout leaves out that a wrapped text needs
        more lines as the window gets narrower (or the text longer), so the height is
        asked of the layout for the width the window has.
        """
        self.grid.activate()
        needed = self.grid.totalHeightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def say(self, text: str) -> None:
        """Show a status line (wrapped, the window growing to hold it)."""
        self.status.setText(text)
        self.fit()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the wrapped texts before the window is first drawn."""
        self.fit()
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may wrap the texts on more (or fewer) lines."""
        super().resizeEvent(event)
        self.fit()

    def scan_at(self, code: str) -> None:
        """Hold the chosen attendee's ticket up at a table (as its scanner would read it)."""
        text = self.person.currentData()
        if text:
            self.tables[code].handle_code(str(text))

    def play_round(self) -> None:
        """Start the next round if none runs, then let the tables write their ideas."""
        task = asyncio.ensure_future(self._play())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _play(self) -> None:
        window = next(iter(self.tables.values()))
        spot = window.table_mode.table.spot
        if spot is None:
            self.say("De tafels kennen de sessie nog niet / the tables have no session yet")
            return
        session = spot.session
        if live_round(session) is None:
            waiting = next_round(session)
            if waiting is None or session.phase not in ("ready", "gather"):
                self.say(
                    "Geen ronde meer om te spelen / no round left to play"
                    f" (fase / phase: {session.phase})"
                )
                return
            try:
                await self.cafe.round(session.id, waiting.id, "start")
            except HubError as error:
                self.say(str(error))
                return
            for table in self.tables.values():
                table.pull_now()
        self.queue = plan_ideas(self.tables, random.Random())
        self.written = 0
        self.waited = 0
        self.say(
            f"{len(self.queue)} ideeën onderweg; ze bereiken de facilitator binnen een minuut"
            f" / {len(self.queue)} ideas on their way; they reach the facilitator within a minute"
        )
        self.timer.start()

    def _write_next(self) -> None:
        """One idea at the next table whose screen shows the round (the others wait a turn)."""
        for _ in range(len(self.queue)):
            code, question, text = self.queue.pop(0)
            window = self.tables[code]
            if window.table_mode.screen.state.mode is Mode.WRITING:
                self.waited = 0
                if window.table_mode.post(question, text):
                    self.written += 1
                    window.sync_now()
                return
            self.queue.append((code, question, text))  # its pillar has not seen the round yet
        self.waited += 1
        if self.queue and self.waited * self.timer.interval() < PATIENCE_MS:
            return
        self.timer.stop()
        self.queue = []
        self.played.emit(self.written)


def plan_ideas(tables: dict[str, KioskWindow], rng: random.Random) -> list[tuple[str, int, str]]:
    """The ideas each table writes in the round under way, taking turns, in a shuffled order."""
    per_table: dict[str, list[tuple[str, int, str]]] = {}
    for code, window in tables.items():
        state = window.table_mode.table.state(window.table_mode.hub_now())
        found = []
        for question in state.questions:
            bank = IDEAS.get(question.code.upper(), [])
            found += [(code, question.id, text) for text in rng.sample(bank, min(3, len(bank)))]
        per_table[code] = found
    turns: list[tuple[str, int, str]] = []
    while any(per_table.values()):
        for found in per_table.values():
            if found:
                turns.append(found.pop(0))
    return turns


@dataclass
class CafeDemo:
    """The running session demo's parts (for tests and screenshots)."""

    hub: RunningHub
    store: Store
    tables: dict[str, KioskWindow]
    desk: DeskWindow
    wall: WallWindow
    control: CafeControl


def start_cafe_demo(
    data: DataDir, store: Store, folder: Path, loop: asyncio.AbstractEventLoop, *, port: int = 0
) -> CafeDemo:
    """Start the hub, pair a pillar per table, the console and the wall (not shown yet)."""
    hub = start_in_thread(data, store, port=port)
    codes = [
        str(code)
        for (code,) in store.read(
            lambda db: db.execute(
                "SELECT t.code FROM cafe_tables t JOIN work_sessions s ON s.id = t.session_id"
                " ORDER BY s.position, s.id, t.position, t.id"
            ).fetchall()
        )
    ]
    tables: dict[str, KioskWindow] = {}
    for code in codes:
        _, pairing = devices.create_pairing(store, Role.KIOSK, name=f"tafel {code}")
        place = folder / f"table-{code.lower()}"
        loop.run_until_complete(pair_and_store(place, hub.url, pairing))
        tables[code] = KioskWindow(
            KioskConfig(data=place, hub=hub.url, windowed=True, table=code), None
        )
    _, wall_code = devices.create_pairing(store, Role.WALL, name="demo wall")
    wall_token = loop.run_until_complete(pair(hub.url, wall_code, "demo wall")).token
    wall = WallWindow(
        WallConfig(data=folder / "wall", hub=hub.url, token=wall_token, windowed=True)
    )
    _, desk_code = devices.create_pairing(store, Role.ORGANISER, name="facilitator")
    desk_token = loop.run_until_complete(pair(hub.url, desk_code, "facilitator")).token
    desk = DeskWindow(DeskConfig(data=folder / "desk", hub=hub.url, token=desk_token))
    control = CafeControl(tables, tickets(data, store), CafeClient(desk.client))
    return CafeDemo(hub=hub, store=store, tables=tables, desk=desk, wall=wall, control=control)


def run(data: DataDir, port: int) -> int:
    """Run the session demo until its windows are closed."""
    from shared.device.qtloop import application, event_loop, run_until_quit

    app = application()
    loop = event_loop(app)
    with data.open_store() as store:
        demo = start_cafe_demo(data, store, data.root / "apps", loop, port=port)
        print(f"Hub: {demo.hub.url}   (tables: {', '.join(demo.tables)})", flush=True)
        for window in demo.tables.values():
            window.start()
        demo.desk.start()
        demo.desk.tabs.setCurrentWidget(demo.desk.facilitator)
        demo.wall.start()
        demo.control.show()
        placement.world_cafe(list(demo.tables.values()), demo.desk, demo.wall, demo.control)
        app.setQuitOnLastWindowClosed(True)

        async def cleanup() -> None:
            for window in demo.tables.values():
                window.quit()
            await demo.wall.aclose()
            await demo.desk.aclose()

        run_until_quit(app, loop, cleanup)
        demo.hub.stop()
    return 0
