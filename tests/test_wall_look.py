"""The wall as the room sees it: boards of 20, 150 and 360 items and each scene, saved.

The pictures land in ``screenshots/wall/`` to be looked at; the checks are that
each is drawn in the event's colours and that a scene cross-fades in and out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from shared import protocol
from wall.app import scenes
from wall.canvas import WallCanvas

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "wall"
NOTES = (
    "Heldere uitleg, dank!",
    "Meer tijd voor vragen",
    "Goed voorbeeld uit de praktijk",
    "Koffie was op om half elf",
    "Graag de dia's achteraf",
    "Mooie casus over het pand aan de haven",
)


def event(primary: str = "#1B4F72") -> protocol.EventInfo:
    return protocol.EventInfo(
        uid=1,
        name="Samen Sterk tegen Ondermijning",
        tagline="",
        info="",
        venue="De Pier",
        starts=date(2026, 12, 2),
        ends=date(2026, 12, 2),
        moderation="post",
        photo_moderation="pre",
        feedback_bonus=5,
        feedback_cap=2,
        primary_colour=primary,
        secondary_colour="#E67E22",
        background_colour="#F4F1EA",
        logo=None,
        map=None,
    )


def item(number: int) -> protocol.WallItem:
    kind: Literal["note", "photo"] = "photo" if number % 7 == 6 else "note"
    return protocol.WallItem(
        id=f"w{number}",
        type=kind,
        wall="top" if number % 2 else "tip",
        text=NOTES[number % len(NOTES)],
        workshop=("VAST", "ZORG", "JONG")[number % 3],
        workshop_title=None,
        photo="p" if kind == "photo" else None,
        minute="2026-12-02T10:00",
    )


@pytest.fixture
def canvas(qtbot: QtBot) -> WallCanvas:
    canvas = WallCanvas("both", capacity=180)
    qtbot.addWidget(canvas)
    canvas.resize(1920, 1080)
    canvas.set_branding(event())
    photo = QImage(320, 240, QImage.Format.Format_RGB32)
    photo.fill(QColor("#5D8AA8"))
    canvas.set_photo("p", photo)
    return canvas


@pytest.mark.parametrize("count", [20, 150, 360])
def test_a_board_of_many_items(canvas: WallCanvas, count: int) -> None:
    for number in range(count):
        canvas.add(item(number), animate=False)
    image = canvas.grab().toImage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / f"board-{count}.png"))
    # the header band is in the event's colour (a light shade at its top edge)
    header = image.pixelColor(image.width() * 3 // 4, 40)
    assert abs(header.blue() - QColor("#1B4F72").blue()) < 40
    assert len(canvas.views) == min(count, 360)


def test_each_scene_fades_in_over_the_board(canvas: WallCanvas, qtbot: QtBot) -> None:
    for number in range(150):
        canvas.add(item(number), animate=False)
    board = [
        protocol.Standing(rank=1, name="Fleur V.", points=50),
        protocol.Standing(rank=2, name=None, points=40),
        protocol.Standing(rank=3, name="Bram", points=30),
    ]
    for scene in scenes(board, None, "nl"):
        canvas.set_overlay(scene)
        assert canvas.scene_fading
        qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=5000)
        image = canvas.grab().toImage()
        image.save(str(SCREENSHOTS / f"scene-{scene.title.split()[0].lower()}.png"))
    canvas.set_overlay(None)
    assert canvas.scene_fading  # and out again


def test_the_header_and_scenes_in_the_event_s_own_font(canvas: WallCanvas, qtbot: QtBot) -> None:
    from PySide6.QtGui import QFontInfo

    from shared.ui.qt import font_family_of

    data = (Path(__file__).resolve().parent / "data" / "fonts" / "ComicNeue-Bold.otf").read_bytes()
    family = font_family_of(data)
    assert family == "Comic Neue"
    assert QFontInfo(canvas.ui_font()).family() != family  # the house font first
    for number in range(20):
        canvas.add(item(number), animate=False)
    house = canvas.grab().toImage()
    canvas.set_branding(event(), family)
    assert QFontInfo(canvas.ui_font()).family() == family
    branded = canvas.grab().toImage()
    # the header is drawn again in the event's font
    band = house.copy(0, 0, house.width(), 100)
    assert band != branded.copy(0, 0, branded.width(), 100)
    canvas.set_overlay(scenes([], None, "nl")[0])
    qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=5000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    canvas.grab().save(str(SCREENSHOTS / "event-font.png"))
