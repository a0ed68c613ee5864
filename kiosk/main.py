"""``zuil kiosk``: start a pillar (or check that one can start, with ``--selftest``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from shared.datadir import default_data_dir


def kiosk_data_dir(data: str | None) -> Path:
    """The pillar's own folder: ``DATA/kiosk`` (separate from any hub data)."""
    return (Path(data) if data else default_data_dir()) / "kiosk"


def selftest(data: Path) -> int:
    """Build the attract screen offscreen and exit: 0 when it could be built."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.app import KioskConfig, KioskWindow
    from kiosk.qtloop import quiet_offscreen_noise
    from kiosk.session import Screen

    quiet_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = KioskWindow(KioskConfig(data=data, windowed=True), camera=None)
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    ok = window.session.screen is Screen.ATTRACT and not window.grab().isNull()
    window.quit()
    print("kiosk selftest:", "ok" if ok else "FAILED")
    return 0 if ok else 1


def run(
    data: Path,
    hub: str | None,
    camera: str,
    windowed: bool,
    code: str | None,
    pin: str | None = None,
) -> int:
    """Run the pillar until staff quit it."""
    from kiosk.app import DEFAULT_PIN, KioskConfig, KioskWindow, pair_and_store
    from kiosk.camera import Camera
    from kiosk.qtloop import application, event_loop, run_until_quit
    from shared.scan.frames import open_source

    app = application()
    loop = event_loop(app)
    if code:
        if not hub:
            print("zuil kiosk: --pair needs --hub", file=sys.stderr)
            return 2
        paired = loop.run_until_complete(pair_and_store(data, hub, code))
        print(f"Paired as pillar #{paired.device_id} ({paired.workshop or 'no workshop'}).")
    from kiosk.outbox import Outbox

    remembered = Outbox(data / "kiosk.db")
    chosen = remembered.get("camera") if camera == "0" else None  # staff's last choice
    remembered.close()
    window = KioskWindow(
        KioskConfig(data=data, hub=hub, windowed=windowed, pin=pin or DEFAULT_PIN),
        Camera(open_source(chosen or camera)),
    )
    window.start()
    run_until_quit(app, loop)
    return 0
