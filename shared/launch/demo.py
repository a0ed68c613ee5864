"""``zuil demo``: the hub, a pillar on the virtual camera, the wall, the desk, and a control window.

Everything runs in one process: the hub on its own thread, the windows on the
Qt thread with qasync. The control window "holds up" a demo attendee's
ticket in front of the virtual camera (or a URL, or a revoked ticket), and
every ticket the desk prints to PDF: its page is rendered, cut to the ticket
and held up as paper, so the pillar reads the printed QR code. With
``--camera 0`` a real webcam is used instead. It can also play a crowd: some
forty attendees answering the ratings, the recommend question, the poll, the
naming vote and the word cloud over a minute through pillars of their own (see
:mod:`shared.launch.crowd`), so the wall's charts move.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.app import KioskConfig, KioskWindow
from kiosk.camera import Camera
from kiosk.desk.app import DeskConfig, DeskWindow
from kiosk.desk.badges import single_ticket_box
from kiosk.hublink import pair_and_store
from shared import protocol
from shared.datadir import DataDir
from shared.device.connection import pair
from shared.hub import devices
from shared.hub.server import RunningHub, start_in_thread
from shared.launch import placement
from shared.launch.crowd import CROWD_SIZE, Crowd, Played, members, pair_pillars
from shared.protocol import Role
from shared.scan.frames import FrameSource, VirtualCamera, open_source
from shared.store import Store
from wall.app import WallConfig, WallWindow

PASSERBY_URL = "https://www.havenstad.example/congres"


@dataclass
class DemoTicket:
    """A ticket the control window can hold up."""

    label: str
    text: str


DEMO_PEOPLE = 8  # attendees whose tickets the control window holds up


def demo_tickets(data: DataDir, store: Store, count: int = DEMO_PEOPLE) -> list[DemoTicket]:
    """Some demo attendees' tickets, a revoked one, and a code that is not a ticket."""
    signer = data.signer(store)
    people = store.attendees()[:count]
    tickets = []
    for person in people:
        record = store.issue_ticket(person["id"], signer.key_id)
        tickets.append(
            DemoTicket(
                f"{person['first_name']} {person['last_name']}", data.token(store, record.serial)
            )
        )
    lost = people[-1]
    old_token = tickets[-1].text
    new = store.issue_ticket(lost["id"], signer.key_id, reissue=True)
    name = f"{lost['first_name']} {lost['last_name']}"
    tickets[-1] = DemoTicket(f"{name} (nieuw ticket)", data.token(store, new.serial))
    tickets.append(DemoTicket(f"{name}: oud, ingetrokken / revoked", old_token))
    tickets.append(DemoTicket("Geen ticket: website / a URL", PASSERBY_URL))
    return tickets


# A visitor lowers the ticket once the pillar has read it; so does the demo's
# (else the next polaroid is a photo of the ticket).
LOWER_AFTER_S = 8


class DemoControl(QWidget):
    """Buttons that hold a ticket up to the camera, take it away, or play a crowd.

    A ticket held up is lowered again after :data:`LOWER_AFTER_S` seconds.

    Signals:
        crowd_played(object): the crowd is done (:class:`~shared.launch.crowd.Played`).
    """

    crowd_played = Signal(object)

    def __init__(
        self, camera: VirtualCamera, tickets: list[DemoTicket], crowd: Crowd | None = None
    ) -> None:
        super().__init__()
        self.crowd = crowd
        self._playing: asyncio.Task[Played] | None = None
        self.setWindowTitle("zuil demo: houd een ticket voor de camera")
        grid = QGridLayout(self)
        intro = QLabel(
            f"Kies wat de bezoeker {LOWER_AFTER_S} s voor de camera houdt"
            f" / choose what the visitor holds up for {LOWER_AFTER_S} s:"
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(intro, 0, 0, 1, 2)
        self.camera = camera
        self.lowering = QTimer(self)
        self.lowering.setSingleShot(True)
        self.lowering.setInterval(LOWER_AFTER_S * 1000)
        self.lowering.timeout.connect(lambda: camera.hold(None))
        for index, ticket in enumerate(tickets):
            button = QPushButton(ticket.label)
            button.clicked.connect(lambda _=False, t=ticket.text: self._hold(t))
            grid.addWidget(button, 1 + index // 2, index % 2)
        away = QPushButton("Niets / nothing")
        away.clicked.connect(lambda: self._hold(None))
        grid.addWidget(away, 2 + len(tickets) // 2, 0, 1, 2)
        size = len(crowd.people) if crowd is not None else CROWD_SIZE
        self.crowd_button = QPushButton(
            f"Speel een publiek: {size} deelnemers antwoorden in een minuut"
            f" / play a crowd: {size} attendees answer over a minute"
        )
        self.crowd_status = QLabel()
        self.crowd_status.setTextFormat(Qt.TextFormat.PlainText)
        self.crowd_button.clicked.connect(self.play_crowd)
        self.crowd_button.setEnabled(crowd is not None)
        grid.addWidget(self.crowd_button, 3 + len(tickets) // 2, 0, 1, 2)
        grid.addWidget(self.crowd_status, 4 + len(tickets) // 2, 0, 1, 2)
        self.grid = grid
        self.printed: dict[int, QPushButton] = {}

    def play_crowd(self) -> None:
        """Let the crowd come and answer (the button waits until they are done)."""
        if self.crowd is None or self._playing is not None:
            return
        self.crowd.on_progress = self._show_progress
        self.crowd_button.setEnabled(False)
        self._playing = asyncio.ensure_future(self.crowd.play())
        self._playing.add_done_callback(self._on_crowd_done)

    def _show_progress(self, done: int, of: int) -> None:
        self.crowd_status.setText(f"Publiek / crowd: {done} van / of {of}")

    def _on_crowd_done(self, task: asyncio.Task[Played]) -> None:
        self._playing = None
        self.crowd_button.setEnabled(True)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self.crowd_status.setText(f"Publiek gestopt / crowd stopped: {error}")
            return
        played = task.result()
        self.crowd_status.setText(
            f"Publiek klaar / crowd done: {played.attendees} deelnemers / attendees,"
            f" {played.answered} acties / actions"
        )
        self.crowd_played.emit(played)

    async def aclose(self) -> None:
        """Stop a crowd that is still coming and close its pillars."""
        if self._playing is not None:
            self._playing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._playing
        if self.crowd is not None:
            await self.crowd.close()

    def _hold(self, text: str | None, card: np.ndarray | None = None) -> None:
        """Hold a code (or printed card) up for a while, or take it away (``None``)."""
        if card is not None and text is not None:
            self.camera.hold_card(card, text)
        else:
            self.camera.hold(text)
        if text is None:
            self.lowering.stop()
        else:
            self.lowering.start()

    def add_printed(self, ticket: protocol.IssuedTicket, pdf: str) -> None:
        """A ticket the desk printed to PDF: a button that holds the printed paper up."""
        if not pdf:
            return
        card = printed_ticket(Path(pdf))
        if card is None:
            return
        person = ticket.attendee
        button = QPushButton(f"Geprint / printed: {person.first_name} ({ticket.serial})")
        button.clicked.connect(lambda _=False: self._hold(f"pdf:{ticket.serial}", card))
        self.grid.addWidget(button, self.grid.rowCount(), 0, 1, 2)
        self.printed[ticket.serial] = button


def printed_ticket(pdf: Path, dpi: int = 200) -> np.ndarray | None:
    """The first page of a ticket PDF, rendered like paper and cut to the ticket (grey)."""
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
        return None
    points = document.pagePointSize(0)
    scale = dpi / 72
    rendered = document.render(
        0, QSize(round(points.width() * scale), round(points.height() * scale))
    )
    paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("#FFFFFF"))  # the PDF has no background: paper is white
    painter = QPainter(paper)
    painter.drawImage(0, 0, rendered)
    painter.end()
    box = single_ticket_box(points.width())
    margin = 4 * 72 / 25.4
    crop = box.adjusted(-margin, -margin, margin, margin)
    cut = paper.copy(
        round(crop.x() * scale),
        round(crop.y() * scale),
        round(crop.width() * scale),
        round(crop.height() * scale),
    ).convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = cut.width(), cut.height(), cut.bytesPerLine()
    pixels = np.frombuffer(cut.constBits(), np.uint8, count=stride * height)
    return pixels.reshape(height, stride)[:, :width].copy()


@dataclass
class Demo:
    """The running demo's parts (for tests and screenshots)."""

    hub: RunningHub
    kiosk: KioskWindow
    camera_source: FrameSource
    tickets: list[DemoTicket]
    control: DemoControl | None
    wall: WallWindow | None = None
    desk: DeskWindow | None = None


def start_demo(
    data: DataDir,
    store: Store,
    kiosk_dir: Path,
    loop: asyncio.AbstractEventLoop,
    *,
    port: int = 0,
    camera: str = "virtual",
    windowed: bool = True,
    control: bool = True,
) -> Demo:
    """Start the hub, pair a pillar with it, and open the pillar (and the control window)."""
    hub = start_in_thread(data, store, port=port)
    _, code = devices.create_pairing(store, Role.KIOSK, workshop="VAST", name="demo pillar")
    loop.run_until_complete(pair_and_store(kiosk_dir, hub.url, code))
    source = VirtualCamera() if camera == "virtual" else open_source(camera)
    window = KioskWindow(
        KioskConfig(data=kiosk_dir, hub=hub.url, windowed=windowed), Camera(source)
    )
    tickets = demo_tickets(data, store)
    panel = None
    if control and isinstance(source, VirtualCamera):
        # the crowd comes through pillars of its own, one per workshop, paired as any
        workshops = [w["code"] for w in store.workshops()]
        pillars = loop.run_until_complete(
            pair_pillars(store, hub.url, kiosk_dir.parent / "crowd", workshops)
        )
        # not the people on the control window's buttons: they can still come themselves
        people = members(data, store, CROWD_SIZE, skip=DEMO_PEOPLE)
        panel = DemoControl(source, tickets, Crowd(hub.url, pillars, people))
    _, wall_code = devices.create_pairing(store, Role.WALL, name="demo wall")
    wall_token = loop.run_until_complete(pair(hub.url, wall_code, "demo wall")).token
    wall = WallWindow(
        WallConfig(data=kiosk_dir.parent / "wall", hub=hub.url, token=wall_token, windowed=True)
    )
    # the organiser role can do all the desk does, plus the console (editor, purge)
    _, desk_code = devices.create_pairing(store, Role.ORGANISER, name="demo desk")
    desk_token = loop.run_until_complete(pair(hub.url, desk_code, "demo desk")).token
    desk = DeskWindow(DeskConfig(data=kiosk_dir.parent / "desk", hub=hub.url, token=desk_token))
    if panel is not None:
        desk.ticket_output.connect(panel.add_printed)
    return Demo(
        hub=hub,
        kiosk=window,
        camera_source=source,
        tickets=tickets,
        control=panel,
        wall=wall,
        desk=desk,
    )


def run(data: DataDir, port: int, camera: str) -> int:
    """Run the demo until the pillar window is closed."""
    from shared.device.qtloop import application, event_loop, run_until_quit

    app = application()
    loop = event_loop(app)
    with data.open_store() as store:
        demo = start_demo(
            data, store, data.root / "kiosk", loop, port=port, camera=camera, windowed=True
        )
        print(f"Hub: {demo.hub.url}   (pillar paired for workshop VAST)", flush=True)
        demo.kiosk.start()
        if demo.control is not None:
            demo.control.show()
        if demo.wall is not None:
            demo.wall.start()
        if demo.desk is not None:
            demo.desk.start()
        placement.congress(demo.kiosk, demo.wall, demo.desk, demo.control)
        app.setQuitOnLastWindowClosed(True)

        async def cleanup() -> None:
            if demo.control is not None:
                await demo.control.aclose()
            if demo.wall is not None:
                await demo.wall.aclose()
            if demo.desk is not None:
                await demo.desk.aclose()

        run_until_quit(app, loop, cleanup)
        demo.hub.stop()
    return 0
