"""``zuil demo``: the hub, a pillar on the virtual camera, and a control window to hold up tickets.

Everything runs in one process: the hub on its own thread, the windows on the
Qt thread with qasync. The control window "holds up" a demo attendee's
ticket in front of the virtual camera (or a URL, or a revoked ticket); with
``--camera 0`` a real webcam is used instead and a person can show a demo
ticket on their phone.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.app import KioskConfig, KioskWindow, pair_and_store
from kiosk.camera import Camera
from kiosk.client import pair
from shared.datadir import DataDir
from shared.hub import devices
from shared.hub.server import RunningHub, start_in_thread
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


def demo_tickets(data: DataDir, store: Store, count: int = 8) -> list[DemoTicket]:
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


class DemoControl(QWidget):
    """Buttons that hold a ticket up to the virtual camera, and one to take it away."""

    def __init__(self, camera: VirtualCamera, tickets: list[DemoTicket]) -> None:
        super().__init__()
        self.setWindowTitle("zuil demo: houd een ticket voor de camera")
        grid = QGridLayout(self)
        intro = QLabel(
            "Kies wat de bezoeker voor de camera houdt / choose what the visitor holds up:"
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(intro, 0, 0, 1, 2)
        for index, ticket in enumerate(tickets):
            button = QPushButton(ticket.label)
            button.clicked.connect(lambda _=False, t=ticket.text: camera.hold(t))
            grid.addWidget(button, 1 + index // 2, index % 2)
        away = QPushButton("Niets / nothing")
        away.clicked.connect(lambda: camera.hold(None))
        grid.addWidget(away, 2 + len(tickets) // 2, 0, 1, 2)


@dataclass
class Demo:
    """The running demo's parts (for tests and screenshots)."""

    hub: RunningHub
    kiosk: KioskWindow
    camera_source: FrameSource
    tickets: list[DemoTicket]
    control: DemoControl | None
    wall: WallWindow | None = None


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
        panel = DemoControl(source, tickets)
    _, wall_code = devices.create_pairing(store, Role.WALL, name="demo wall")
    wall_token = loop.run_until_complete(pair(hub.url, wall_code, "demo wall")).token
    wall = WallWindow(
        WallConfig(data=kiosk_dir.parent / "wall", hub=hub.url, token=wall_token, windowed=True)
    )
    return Demo(
        hub=hub, kiosk=window, camera_source=source, tickets=tickets, control=panel, wall=wall
    )


def run(data: DataDir, port: int, camera: str) -> int:
    """Run the demo until the pillar window is closed."""
    from kiosk.qtloop import application, event_loop, run_until_quit

    app = application()
    loop = event_loop(app)
    with data.open_store() as store:
        demo = start_demo(
            data, store, data.root / "kiosk", loop, port=port, camera=camera, windowed=True
        )
        print(f"Hub: {demo.hub.url}   (pillar paired for workshop VAST)", flush=True)
        demo.kiosk.start()
        if demo.control is not None:
            demo.control.move(demo.kiosk.frameGeometry().right() + 12, 0)
            demo.control.show()
        if demo.wall is not None:
            demo.wall.start()
            demo.wall.move(demo.kiosk.frameGeometry().right() + 12, 360)
        app.setQuitOnLastWindowClosed(True)
        run_until_quit(app, loop, demo.wall.aclose if demo.wall is not None else None)
        demo.hub.stop()
    return 0
