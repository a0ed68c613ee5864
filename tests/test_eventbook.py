"""shared/eventbook.py: the event as an Excel workbook, round trip and row-level errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from shared import eventfile
from shared.eventbook import read_workbook, write_workbook
from shared.eventfile import EventFileError

DEMO = Path(__file__).resolve().parent.parent / "assets" / "demo" / "event.toml"


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    original = eventfile.load(DEMO)
    book = tmp_path / "evenement.xlsx"
    write_workbook(original, book)
    assert load_workbook(book).sheetnames == ["evenement", "workshops", "agenda", "vragen"]
    assert read_workbook(book) == original


def edit(book: Path, sheet: str, cell: str, value: object) -> None:
    workbook = load_workbook(book)
    workbook[sheet][cell] = value
    workbook.save(book)


def test_problems_name_sheet_and_row(tmp_path: Path) -> None:
    book = tmp_path / "evenement.xlsx"
    write_workbook(eventfile.load(DEMO), book)
    sheet = load_workbook(book)["vragen"]
    header = [c.value for c in sheet[1]]
    for option in ("optie2", "optie3"):  # row 4: one option left
        edit(book, "vragen", f"{chr(65 + header.index(option))}4", None)
    edit(book, "vragen", f"{chr(65 + header.index('correct'))}5", "twee")
    edit(book, "vragen", "A7", "NOPE")
    edit(book, "workshops", "A6", "bad code!")
    edit(book, "agenda", "A4", "half tien")
    with pytest.raises(EventFileError) as caught:
        read_workbook(book)
    problems = caught.value.problems
    assert any(p.startswith("vragen, rij 4:") and "options" in p for p in problems), problems
    assert any(p.startswith("vragen, rij 5:") and "number" in p for p in problems), problems
    assert any(p.startswith("vragen, rij 7:") and "NOPE" in p for p in problems), problems
    assert any(p.startswith("workshops, rij 6:") for p in problems), problems
    assert any(p.startswith("agenda, rij 4:") for p in problems), problems


@pytest.mark.parametrize("raw", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_not_a_workbook(tmp_path: Path, raw: bytes) -> None:
    book = tmp_path / "kapot.xlsx"
    book.write_bytes(raw)
    with pytest.raises(EventFileError):
        read_workbook(book)


def test_formula_looking_text_survives(tmp_path: Path) -> None:
    original = eventfile.load(DEMO)
    first = original.workshops[0]
    odd = first.model_copy(update={"teaser": "=1+1 is geen formule", "title": "@home"})
    content = original.model_copy(update={"workshops": [odd, *original.workshops[1:]]})
    book = tmp_path / "evenement.xlsx"
    write_workbook(content, book)
    cell = load_workbook(book)["workshops"]["B2"]
    assert cell.data_type == "s"
    assert read_workbook(book) == content


CAFE = DEMO.parent / "world-cafe.toml"


def test_work_sessions_round_trip_in_their_own_sheets(tmp_path: Path) -> None:
    original = eventfile.load(CAFE)
    book = tmp_path / "cafe.xlsx"
    write_workbook(original, book)
    names = load_workbook(book).sheetnames
    assert names[-4:] == ["sessies", "sessievragen", "tafels", "rondes"]
    assert read_workbook(book) == original


def test_work_session_rows_name_their_problems(tmp_path: Path) -> None:
    book = tmp_path / "cafe.xlsx"
    write_workbook(eventfile.load(CAFE), book)
    edit(book, "rondes", "C2", "T1 SUCCES")  # no '='
    edit(book, "rondes", "C3", "T9=KLANT")  # no such table
    edit(book, "tafels", "A3", "NOPE")  # no such session
    with pytest.raises(EventFileError) as caught:
        read_workbook(book)
    problems = caught.value.problems
    assert any(p.startswith("rondes, rij 2:") and "TABLE=QUESTION" in p for p in problems)
    assert any(p.startswith("sessies, rij 2:") and "T9" in p for p in problems), problems
    assert any(p.startswith("tafels, rij 3:") and "NOPE" in p for p in problems), problems
