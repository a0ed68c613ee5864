"""``zuil desk``: start the registration desk (or check that it can start, with ``--selftest``)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from shared.datadir import default_data_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def desk_data_dir(data: str | None) -> Path:
    """The desk's own folder: ``DATA/desk``."""
    return (Path(data) if data else default_data_dir()) / "desk"


def selftest() -> int:
    """Build the desk offscreen (no hub needed) and exit: 0 when its first screen could be drawn."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.desk.app import DeskConfig, DeskWindow
    from shared.device.qtloop import quiet_offscreen_noise

    quiet_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        window = DeskWindow(DeskConfig(data=Path(folder), hub="http://127.0.0.1:9", token="x"))
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        image = window.grab()
        ok = (
            not image.isNull()
            and window.tabs.count() == len(window.pages) >= 6
            and window.walkin.first.isVisible()
        )
        window.close()
        window.deleteLater()
        app.processEvents()
    print("desk selftest:", "ok" if ok else "FAILED")
    return 0 if ok else 1


def run(
    data: Path, hub: str | None, code: str | None, windowed: bool, camera: str | None = None
) -> int:
    """Run the desk until its window is closed."""
    from kiosk.desk.app import DeskConfig, DeskWindow
    from shared.device.launch import Role, launch
    from shared.device.pairing import Pairing

    def open_desk(app: QApplication, pairing: Pairing | None) -> DeskWindow:
        assert pairing is not None  # the launcher asks for one
        scanner = None
        if camera:
            from kiosk.camera import Camera
            from shared.scan.frames import open_source

            scanner = Camera(open_source(camera))
        window = DeskWindow(
            DeskConfig(data=data, hub=pairing.addresses, token=pairing.token, windowed=windowed),
            camera=scanner,
        )
        window.start()
        app.setQuitOnLastWindowClosed(True)
        return window

    role = Role("zuil desk", "desk", name="desk", noun="desk")
    return launch(role, data, hub, code, open_desk, cleanup=lambda window: window.aclose())
