"""shared/device/qtloop.py: the Qt and asyncio loops run and end together."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers.hubprocess import env

# an app that quits itself at once, as a pillar's staff "Quit" does: app.quit() from
# inside the loop; what comes after run_until_quit (a demo stopping its hub) must run
QUIT_AT_ONCE = """
import asyncio
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from shared.device.qtloop import event_loop, run_until_quit

app = QApplication([])
loop = event_loop(app)
cleaned = []

async def cleanup() -> None:
    await asyncio.sleep(0)
    cleaned.append(True)

QTimer.singleShot(0, app.quit)
run_until_quit(app, loop, cleanup)
print("went on")
"""


def test_quitting_from_inside_the_loop_lets_the_caller_go_on() -> None:
    done = subprocess.run(
        [sys.executable, "-c", QUIT_AT_ONCE],
        capture_output=True,
        text=True,
        env={**env(), "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "went on"
    assert "Traceback" not in done.stderr
