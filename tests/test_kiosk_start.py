"""Starting a pillar: the attract screen is up before the camera and its decoders load."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.session import Screen
from tests.helpers.imports import loaded_among, modules_loaded_by


def test_the_attract_screen_is_shown_before_the_camera_is_opened(
    qloop: asyncio.AbstractEventLoop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.app import KioskWindow
    from kiosk.camera import Camera
    from kiosk.main import open_pillar

    given: list[tuple[bool, Screen, str]] = []
    switch_camera = KioskWindow.switch_camera

    def noted(window: KioskWindow, camera: Camera) -> None:
        given.append((window.isVisible(), window.session.screen, camera.source.name))
        switch_camera(window, camera)

    monkeypatch.setattr(KioskWindow, "switch_camera", noted)
    window = open_pillar(tmp_path / "kiosk", None, "virtual", windowed=True, pin=None)
    try:
        assert given == [(True, Screen.ATTRACT, "virtual camera")]
        assert window.camera is not None
    finally:
        window.quit()
        window.deleteLater()


@pytest.mark.parametrize(
    ("app", "drawn"), [("kiosk", "ok (attract screen after "), ("wall", "ok (first frame after ")]
)
def test_the_selftest_says_when_its_first_screen_was_drawn(
    app: str, drawn: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "shared", app, "--selftest", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.startswith(f"{app} selftest: {drawn}"), result.stdout
    assert result.stdout.rstrip().endswith(" s)")


# Not needed for the first screen: the camera and its decoders come after it, the hub
# client when the pillar syncs, the store and the desk never.
NOT_BEFORE_THE_FIRST_SCREEN = (
    "cv2",
    "numpy",
    "zxingcpp",
    "pyzbar",
    "httpx",
    "sqlite_utils",
    "fastapi",
    "uvicorn",
    "openpyxl",
    "segno",
    "PySide6.QtCharts",
    "kiosk.desk",
    "shared.store",
)


@pytest.mark.parametrize("app", ["kiosk", "wall"])
def test_the_first_screen_does_not_wait_for_the_camera_or_the_hub(app: str, tmp_path: Path) -> None:
    loaded = modules_loaded_by([app, "--selftest", "--data", str(tmp_path)], timeout=120)
    early = loaded_among(loaded, NOT_BEFORE_THE_FIRST_SCREEN)
    assert early == [], f"zuil {app} --selftest imports {early}"


# The screens an attendee reaches only after a scan, the staff panel and, for a pillar
# at no table, table mode's logic, hub calls and screen: imported (and built) when first
# needed, never for the attract screen.
NOT_FOR_THE_ATTRACT_SCREEN = (
    "kiosk.screens.quiz",
    "kiosk.screens.opinion",
    "kiosk.screens.points",
    "kiosk.screens.feedback",
    "kiosk.screens.polaroid",
    "kiosk.screens.reading",
    "kiosk.screens.table",
    "kiosk.table",
    "kiosk.tablelink",
    "kiosk.staff",
)


# The wall's scenes with their charts, and a work session's board: shown after the board
# first comes up, with the first scene or session.
NOT_FOR_THE_WALL_S_BOARD = ("wall.scene", "wall.charts", "wall.cloud", "wall.cafeboard")


@pytest.mark.parametrize(
    ("app", "later"), [("kiosk", NOT_FOR_THE_ATTRACT_SCREEN), ("wall", NOT_FOR_THE_WALL_S_BOARD)]
)
def test_the_first_screen_does_not_wait_for_the_screens_after_it(
    app: str, later: tuple[str, ...], tmp_path: Path
) -> None:
    loaded = modules_loaded_by([app, "--selftest", "--data", str(tmp_path)], timeout=120)
    early = loaded_among(loaded, later)
    assert early == [], f"zuil {app} --selftest imports {early}"
