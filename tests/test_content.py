"""shared/content.py: an event file into a data folder, and the demo's move onto today."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from shared import content, eventfile
from shared.datadir import DataDir

EVENT = """
[event]
name = "Twee dagen"
starts = 2026-06-11
ends = 2026-06-12

[[polls]]
code = "DAG2"
kind = "open"
text = "Wat neem je mee?"
opens = "2026-06-12 09:00"
closes = "2026-06-12 17:30"

[[polls]]
code = "DAG1"
kind = "vote"
text = "Hoe noemen we het?"
closes = "16:00"
"""


def test_questions_move_with_the_event_onto_the_day_held(tmp_path: Path) -> None:
    source = tmp_path / "event.toml"
    source.write_text(EVENT, encoding="utf-8")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        held = content.import_event(data, store, source, on_day=date(2027, 3, 2))
        assert [(p.opens, p.closes) for p in held.polls] == [("09:00", "17:30"), (None, "16:00")]
        stored = store.db.execute("SELECT opens, closes FROM polls ORDER BY position").fetchall()
        first_day = date(2027, 3, 2)
        assert stored == [
            (
                eventfile.poll_moment("09:00", first_day).isoformat(),
                eventfile.poll_moment("17:30", first_day).isoformat(),
            ),
            (None, eventfile.poll_moment("16:00", first_day).isoformat()),
        ]
        # the file's own days, when not moved
        kept = content.import_event(data, store, source)
        assert kept.polls[0].opens == "2026-06-12 09:00"
        assert store.export_event().polls[0].opens == "2026-06-12 09:00"


def test_a_move_that_puts_closing_before_opening_is_named(tmp_path: Path) -> None:
    source = tmp_path / "event.toml"
    source.write_text(
        EVENT.replace('opens = "2026-06-12 09:00"', 'opens = "2026-06-11 18:00"'), encoding="utf-8"
    )
    data = DataDir(tmp_path / "data")
    with data.open_store() as store, pytest.raises(eventfile.EventFileError, match="before it"):
        content.import_event(data, store, source, on_day=date(2027, 3, 2))


FONTS = Path(__file__).resolve().parent / "data" / "fonts"
FONT_EVENT = """
[event]
name = "Huisstijl"
starts = 2026-06-11
ends = 2026-06-11

[event.branding]
font = "fonts/ComicNeue-Bold.otf"
font_licence = "fonts/ComicNeue-LICENSE.txt"
"""


def _font_event(folder: Path, *, licence: bool = True) -> Path:
    (folder / "fonts").mkdir(parents=True)
    shutil.copy(FONTS / "ComicNeue-Bold.otf", folder / "fonts")
    if licence:
        shutil.copy(FONTS / "ComicNeue-LICENSE.txt", folder / "fonts")
    source = folder / "event.toml"
    source.write_text(FONT_EVENT, encoding="utf-8")
    return source


@pytest.mark.parametrize("suffix", [".toml", ".xlsx"])
def test_the_event_font_travels_into_the_store_and_out_again(tmp_path: Path, suffix: str) -> None:
    source = _font_event(tmp_path / "in")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        content.import_event(data, store, source)
        event = store.event()
        assert event is not None
        assert event["font"]
        assert event["font_licence"]
        assert (
            data.media_path(event["font"]).read_bytes()
            == (FONTS / "ComicNeue-Bold.otf").read_bytes()
        )
        assert data.media_path(event["font"]).suffix == ".otf"
        assert (
            data.media_path(event["font_licence"]).read_bytes()
            == (FONTS / "ComicNeue-LICENSE.txt").read_bytes()
        )
        out = content.export_event(data, store, tmp_path / "out" / f"event{suffix}")
        exported = content.load(out)
        font, licence = exported.event.branding.font, exported.event.branding.font_licence
        assert font
        assert licence
        assert (out.parent / font).read_bytes() == (FONTS / "ComicNeue-Bold.otf").read_bytes()
        assert (out.parent / licence).read_bytes() == (FONTS / "ComicNeue-LICENSE.txt").read_bytes()
        # what was exported imports again, to the same stored files
        content.import_event(data, store, out)
        assert store.event() == event | {"rev": store.event()["rev"]}  # type: ignore[index]


BOARD_EVENT = """
[event]
name = "Eigen muur"
starts = 2026-06-11
ends = 2026-06-11

[event.branding]
board = "felt"
board_image = "images/zaal.jpg"
"""


def _jpeg(width: int, height: int) -> bytes:
    image = np.zeros((height, width, 3), np.uint8)
    image[:, : width // 2] = (40, 90, 160)  # a board of two halves, in BGR
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return bytes(encoded)


@pytest.mark.parametrize("suffix", [".toml", ".xlsx"])
def test_the_walls_board_and_its_image_travel_into_the_store_and_out_again(
    tmp_path: Path, suffix: str
) -> None:
    folder = tmp_path / "in"
    (folder / "images").mkdir(parents=True)
    picture = _jpeg(320, 180)
    (folder / "images" / "zaal.jpg").write_bytes(picture)
    source = folder / "event.toml"
    source.write_text(BOARD_EVENT, encoding="utf-8")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        content.import_event(data, store, source)
        event = store.event()
        assert event is not None
        assert event["board"] == "felt"
        assert event["board_image"]
        assert data.media_path(event["board_image"]).read_bytes() == picture
        out = content.export_event(data, store, tmp_path / "out" / f"event{suffix}")
        exported = content.load(out)
        assert exported.event.branding.board == "felt"
        name = exported.event.branding.board_image
        assert name
        assert (out.parent / name).read_bytes() == picture
        content.import_event(data, store, out)
        assert store.event() == event | {"rev": store.event()["rev"]}  # type: ignore[index]
        # an event file without them: the cork board again, and no image
        source.write_text(BOARD_EVENT.split("[event.branding]")[0], encoding="utf-8")
        content.import_event(data, store, source)
        again = store.event()
        assert again is not None
        assert (again["board"], again["board_image"]) == ("cork", None)


@pytest.mark.parametrize(
    ("branding", "problem"),
    [
        ('board = "marmer"', "event.branding.board"),
        ('board_image = "images/zaal.gif"', "event.branding.board_image: not an image file"),
        ('board_image = "images/weg.jpg"', "event.branding.board_image: no such file"),
    ],
)
def test_a_board_the_wall_cannot_show_is_refused_by_name(
    tmp_path: Path, branding: str, problem: str
) -> None:
    source = tmp_path / "event.toml"
    source.write_text(BOARD_EVENT.split("board =")[0] + branding + "\n", encoding="utf-8")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        with pytest.raises(eventfile.EventFileError) as caught:
            content.import_event(data, store, source)
        assert any(problem in p for p in caught.value.problems), caught.value.problems
        assert store.event() is None


def test_a_font_whose_licence_file_is_missing_is_refused(tmp_path: Path) -> None:
    source = _font_event(tmp_path / "in", licence=False)
    data = DataDir(tmp_path / "data")
    with data.open_store() as store:
        with pytest.raises(eventfile.EventFileError) as caught:
            content.import_event(data, store, source)
        assert store.event() is None  # nothing half-imported
    assert caught.value.problems == [
        "event.branding.font_licence: the font's licence is missing: 'fonts/ComicNeue-LICENSE.txt'"
    ]


def test_a_font_file_that_is_no_font_is_refused(tmp_path: Path) -> None:
    source = _font_event(tmp_path / "in")
    (tmp_path / "in" / "fonts" / "ComicNeue-Bold.otf").write_bytes(b"<html>not a font</html>")
    data = DataDir(tmp_path / "data")
    with data.open_store() as store, pytest.raises(eventfile.EventFileError) as caught:
        content.import_event(data, store, source)
    assert caught.value.problems == [
        "event.branding.font: not a TrueType or OpenType font: 'fonts/ComicNeue-Bold.otf'"
    ]
