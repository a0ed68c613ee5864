"""``zuil wall``: start a wall screen (or check that one can start, with ``--selftest``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget

from shared.datadir import default_data_dir
from shared.startup import since_start_text


def wall_data_dir(data: str | None) -> Path:
    """The wall's own folder: ``DATA/wall``."""
    return (Path(data) if data else default_data_dir()) / "wall"


def place_on_screen(window: QWidget, screens: Sequence[QScreen], number: int) -> bool:
    """Put the wall on screen ``number`` (0, 1, ...); False when there is no such screen."""
    if not 0 <= number < len(screens):
        return False
    window.setScreen(screens[number])
    window.setGeometry(screens[number].geometry())
    return True


def selftest() -> int:
    """Build the board offscreen with sample items and exit: 0 when it could be drawn.

    The line it prints says how long after the process started the board was drawn.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from shared import protocol
    from shared.device.qtloop import quiet_offscreen_noise
    from wall.canvas import WallCanvas

    quiet_offscreen_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    canvas = WallCanvas("both")
    canvas.resize(1920, 1080)
    walls: tuple[Literal["top", "tip"], ...] = ("top", "tip", "top")
    for number, wall in enumerate(walls):
        canvas.add(
            protocol.WallItem(
                id=f"selftest{number}",
                type="note",
                wall=wall,
                text="Zelftest <b>ok</b>",
                workshop="TEST",
                workshop_title=None,
                minute="2026-01-01T00:00",
            ),
            animate=False,
        )
    canvas.show()
    app.processEvents()
    image = canvas.grab()
    ok = not image.isNull() and len(canvas.views) == 3
    drawn = since_start_text()
    canvas.close()
    print("wall selftest:", f"ok (first frame{drawn})" if ok else "FAILED")
    return 0 if ok else 1


def run(
    data: Path, hub: str | None, code: str | None, show: str, screen: int | None, windowed: bool
) -> int:
    """Run a wall until it is closed."""
    from shared.device.launch import Role, launch
    from shared.device.pairing import Pairing
    from wall.app import WallConfig, WallWindow

    def open_wall(app: QApplication, pairing: Pairing | None) -> WallWindow:
        assert pairing is not None  # the launcher asks for one
        window = WallWindow(
            WallConfig(
                data=data, hub=pairing.addresses, token=pairing.token, show=show, windowed=windowed
            )
        )
        if screen is not None and not place_on_screen(window, app.screens(), screen):
            count = len(app.screens())
            print(f"zuil wall: there is no screen {screen} (0 to {count - 1}); using the first")
        window.start()
        return window

    return launch(Role("zuil wall", "wall", name="wall", noun="wall"), data, hub, code, open_wall)
