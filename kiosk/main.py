"""``zuil kiosk``: start a pillar (or check that one can start, with ``--selftest``)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from shared.datadir import default_data_dir
from shared.startup import since_start_text

if TYPE_CHECKING:
    from kiosk.app import KioskWindow
    from shared.device.pairing import Pairing


def kiosk_data_dir(data: str | None) -> Path:
    """The pillar's own folder: ``DATA/kiosk`` (separate from any hub data)."""
    return (Path(data) if data else default_data_dir()) / "kiosk"


def selftest(data: Path) -> int:
    """Build the attract screen offscreen and exit: 0 when it could be built.

    The line it prints says how long after the process started the attract screen was
    drawn (``zuil bench start`` reads it).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app import KioskConfig, KioskWindow
    from kiosk.session import Screen
    from shared.device.qtloop import quiet_offscreen_noise

    quiet_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = KioskWindow(KioskConfig(data=data, windowed=True), camera=None)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    ok = window.session.screen is Screen.ATTRACT and not window.grab().isNull()
    drawn = since_start_text()
    window.quit()
    print("kiosk selftest:", f"ok (attract screen{drawn})" if ok else "FAILED")
    return 0 if ok else 1


def run(
    data: Path,
    hub: str | None,
    camera: str,
    windowed: bool,
    code: str | None,
    pin: str | None = None,
    table: str | None = None,
) -> int:
    """Run the pillar until staff quit it (it may start unpaired: staff pair it on screen)."""
    from kiosk.hublink import PILLAR_NAME
    from shared.device.launch import Role, launch

    def remember_workshop(pairing: Pairing) -> None:
        if pairing.workshop:
            from kiosk.outbox import Outbox

            outbox = Outbox(data / "kiosk.db")
            outbox.put("workshop", pairing.workshop)
            outbox.close()

    role = Role("zuil kiosk", "kiosk", name=PILLAR_NAME, noun="pillar", needs_pairing=False)
    return launch(
        role,
        data,
        hub,
        code,
        lambda app, pairing: open_pillar(data, hub, camera, windowed, pin, table),
        on_paired=remember_workshop,
    )


def open_pillar(
    data: Path,
    hub: str | None,
    camera: str,
    windowed: bool,
    pin: str | None,
    table: str | None = None,
) -> KioskWindow:
    """Show the pillar's window on its attract screen, then give it its camera.

    The screen comes first: loading cv2 and the QR decoders and opening the device take
    longer than drawing it, and nobody can scan before there is a screen to scan at.
    """
    from kiosk.app import DEFAULT_PIN, KioskConfig, KioskWindow
    from kiosk.outbox import Outbox
    from shared.device.qtloop import application, event_loop

    remembered = Outbox(data / "kiosk.db")
    chosen = remembered.get("camera") if camera == "0" else None  # staff's last choice
    remembered.close()
    window = KioskWindow(
        KioskConfig(data=data, hub=hub, windowed=windowed, pin=pin or DEFAULT_PIN, table=table),
        None,
    )
    window.start()
    # Drawn in one turn of the loop, not by a bare processEvents: that would also step
    # the first sync start() began with no loop running, and it failed half-way.
    loop = event_loop(application())
    loop.run_until_complete(asyncio.sleep(0))
    from kiosk.camera import Camera
    from shared.scan.frames import open_source

    window.switch_camera(Camera(open_source(chosen or camera)))
    return window
