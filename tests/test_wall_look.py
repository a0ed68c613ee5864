"""The wall as the room sees it: boards of 20, 150 and 360 items and each scene, saved.

The pictures land in ``screenshots/wall/`` to be looked at; the checks are that
each is drawn in the event's colours and that a scene cross-fades in and out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from pytestqt.qtbot import QtBot

from shared import protocol
from shared.datadir import assets_dir
from wall.app import result_scene, scenes
from wall.canvas import WallCanvas
from wall.render import board_picture, logo_image
from wall.results import for_the_wall

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
    canvas.set_branding(event(), logo=logo_image((assets_dir() / "demo" / "logo.png").read_bytes()))
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


def results() -> list[protocol.PollResult]:
    """One question of every kind, as a busy afternoon leaves them."""
    return [
        protocol.PollResult(
            id=1,
            code="R-VAST",
            kind="rating",
            workshop="VAST",
            state="open",
            n=38,
            distribution=[1, 3, 9, 15, 10],
            mean=3.79,
        ),
        protocol.PollResult(
            id=2,
            code="NPS",
            kind="recommend",
            state="open",
            n=61,
            distribution=[1, 0, 2, 1, 3, 2, 4, 9, 12, 15, 12],
            nps=23,
        ),
        protocol.PollResult(
            id=3,
            code="LUNCH",
            kind="poll",
            text="Welk onderwerp wil je volgend jaar terugzien?",
            state="open",
            n=47,
            labels=["Witwassen via vastgoed", "Zorgfraude", "Jonge aanwas", "Digitale sporen"],
            distribution=[21, 9, 14, 11],
            paper=[6, 2, 3, 1],
            paper_n=12,
        ),
        protocol.PollResult(
            id=4,
            code="NAAM",
            kind="vote",
            text="Hoe noemen we het nieuwe meldpunt?",
            state="closed",
            phase="vote",
            shown="after_close",
            n=83,
            labels=["Meld Misdaad Lokaal", "De Signaaltafel", "Buurtwacht Digitaal", "Het Oor"],
            distribution=[18, 31, 22, 12],
        ),
        protocol.PollResult(  # proposals come in first, each approved at the desk
            id=7,
            code="NAAM3",
            kind="vote",
            text="Hoe noemen we het nieuwe meldpunt?",
            state="open",
            phase="propose",
            shown="after_close",
            n=9,
            labels=["Meld Misdaad Lokaal", "De Signaaltafel", "Buurtwacht Digitaal", "Het Oor"],
        ),
        protocol.PollResult(  # votes come in; who leads stays secret until the close
            id=6,
            code="NAAM2",
            kind="vote",
            text="Hoe noemen we het nieuwe meldpunt?",
            state="open",
            phase="vote",
            shown="after_close",
            n=40,
            labels=["Meld Misdaad Lokaal", "De Signaaltafel"],
            distribution=[18, 22],
        ),
        protocol.PollResult(
            id=5,
            code="WOORD",
            kind="open",
            text="Welk woord past bij vandaag?",
            state="open",
            n=54,
            words=[
                protocol.WordCount(word=w, count=c)
                for w, c in (
                    ("samenwerking", 14),
                    ("inspirerend", 9),
                    ("signalen", 7),
                    ("netwerk", 6),
                    ("leerzaam", 6),
                    ("vertrouwen", 5),
                    ("praktijk", 4),
                    ("lef", 4),
                    ("energie", 3),
                    ("ondermijning", 3),
                    ("delen", 3),
                    ("buurt", 2),
                    ("koffie", 2),
                    ("ketenaanpak", 2),
                    ("durven", 2),
                    ("verbinding", 2),
                    ("alert", 1),
                    ("helder", 1),
                )
            ],
        ),
    ]


def too_few(result: protocol.PollResult) -> protocol.PollResult:
    return result.model_copy(
        update={"n": 3, "distribution": None, "mean": None, "nps": None, "words": None}
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("shown", ["shown", "suppressed"])
def test_each_result_scene_is_drawn_for_the_room(
    canvas: WallCanvas, qtbot: QtBot, lang: str, shown: str
) -> None:
    for number in range(150):
        canvas.add(item(number), animate=False)
    canvas.set_lang(lang)
    workshops = {"VAST": "Vastgoed en ondermijning"}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for result in results():
        result = too_few(result) if shown == "suppressed" else result
        shown_result = for_the_wall(result)
        assert shown_result is not None
        scene = result_scene(shown_result, lang, workshops, "de OndermijningsTour")
        canvas.set_overlay(scene)
        qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=5000)
        image = canvas.grab().toImage()
        name = f"result-{result.kind}{result.id}-{shown}-{lang}.png"
        assert image.save(str(SCREENSHOTS / name))
        # the panel is drawn: its dark fill in the event's colour fills the middle
        middle = image.pixelColor(image.width() // 2, image.height() - 60)
        assert middle.lightness() < 80


def test_a_long_question_and_workshop_title_stay_whole(canvas: WallCanvas, qtbot: QtBot) -> None:
    question = (
        "Welke van deze onderwerpen rond ondermijning in de wijk, van witwassen via vastgoed"
        " tot drugslabs in schuren en loodsen aan de rand van de stad, wil je volgend jaar"
        " in een eigen werksessie met ketenpartners en bewoners verder uitdiepen?"
    )
    result = results()[2].model_copy(update={"text": question, "workshop": "LANG"})
    workshops = {"LANG": "Samen optrekken tegen ondermijning in wijken, dorpen en buitengebied"}
    canvas.set_overlay(result_scene(result, "nl", workshops))
    qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=5000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert canvas.grab().toImage().save(str(SCREENSHOTS / "result-long-nl.png"))


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
    assert QFontInfo(canvas._look().font()).family() == family  # the scenes' font too
    branded = canvas.grab().toImage()
    # the header is drawn again in the event's font
    band = house.copy(0, 0, house.width(), 100)
    assert band != branded.copy(0, 0, branded.width(), 100)
    canvas.set_overlay(scenes([], None, "nl")[0])
    qtbot.waitUntil(lambda: not canvas.scene_fading, timeout=5000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    canvas.grab().save(str(SCREENSHOTS / "event-font.png"))


def _logo() -> QImage:
    """A wide logo, as events have them: a coloured mark and a name beside it."""
    logo = QImage(600, 200, QImage.Format.Format_ARGB32_Premultiplied)
    logo.fill(QColor("#FFFFFF"))
    painter = QPainter(logo)
    painter.fillRect(20, 20, 160, 160, QColor("#C0392B"))
    painter.fillRect(220, 80, 360, 40, QColor("#2C3E50"))
    painter.end()
    return logo


def _photo_of_the_room() -> bytes:
    """A large photograph's worth of pixels: a gradient from the room's floor to its ceiling."""
    image = np.zeros((2400, 4000, 3), np.uint8)
    image[:, :, 0] = np.linspace(30, 200, 2400, dtype=np.uint8)[:, None]  # blue rises upward
    image[:, :, 2] = 90
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return bytes(encoded)


@pytest.mark.parametrize("surface", ["cork", "felt", "plain"])
def test_the_board_s_surface_is_the_event_s_choice(
    canvas: WallCanvas, surface: Literal["cork", "felt", "plain"]
) -> None:
    canvas.set_branding(event().model_copy(update={"board": surface}), logo=_logo())
    for number in range(20):
        canvas.add(item(number), animate=False)
    image = canvas.grab().toImage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / f"board-{surface}.png"))
    # a patch of bare board below the header, clear of the post-its
    patch = image.copy(1000, 600, 150, 80)
    shades = {patch.pixelColor(x, y).name() for x in range(0, 150, 3) for y in range(0, 80, 3)}
    if surface == "plain":
        assert len(shades) == 1
    else:
        assert len(shades) > 5  # specks or fibres
    # the logo on its white card at the header's left, the title still whole beside it
    assert image.pixelColor(18, 55).name() == "#ffffff"
    red = image.pixelColor(40, 55)
    assert red.red() > 150, red.name()
    assert red.green() < 100, red.name()


def test_the_event_s_own_image_is_the_board(canvas: WallCanvas) -> None:
    picture = board_picture(_photo_of_the_room())
    assert picture is not None
    assert (picture.width(), picture.height()) == (3840, 2304)  # kept no larger than 4K covers
    assert board_picture(b"GIF89a not an image") is None
    canvas.set_branding(event(), picture=picture)
    for number in range(20):
        canvas.add(item(number), animate=False)
    image = canvas.grab().toImage()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SCREENSHOTS / "board-image.png"))
    # the photograph fills the board: dark blue at its foot, lighter toward the header
    low, high = image.pixelColor(800, 1070), image.pixelColor(800, 130)
    assert low.blue() > high.blue() + 60, (low.name(), high.name())
    assert abs(low.red() - 90) < 25
    # a 4K wall gets the image at its own size, not the 1080p copy stretched
    canvas.resize(3840, 2160)
    sharp = canvas.grab().toImage()
    assert (sharp.width(), sharp.height()) == (3840, 2160)
    assert canvas.board_look._scaled is not None
    assert canvas.board_look._scaled.width() == 3840
