"""shared/eventbook.py: the event as an Excel workbook, round trip and row-level errors."""

from __future__ import annotations

import tempfile
from datetime import datetime, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from openpyxl import load_workbook

from shared import eventfile
from shared.eventbook import POLL_COLUMNS, read_workbook, write_workbook
from shared.eventfile import EventFileError
from tests.helpers import events

DEMO = Path(__file__).resolve().parent.parent / "assets" / "demo" / "event.toml"


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    original = eventfile.load(DEMO)
    book = tmp_path / "evenement.xlsx"
    write_workbook(original, book)
    sheets = load_workbook(book).sheetnames
    assert sheets == ["evenement", "workshops", "agenda", "vragen", "peilingen"]
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


def _column(book: Path, sheet: str, name: str) -> str:
    header = [c.value for c in load_workbook(book)[sheet][1]]
    return chr(65 + header.index(name))


def test_poll_rows_name_their_problems(tmp_path: Path) -> None:
    book = tmp_path / "evenement.xlsx"
    write_workbook(eventfile.load(DEMO), book)
    # rows: 2-6 the ratings, 7 recommend, 8 the poll, 9 the vote, 10 the open question
    edit(book, "peilingen", f"{_column(book, 'peilingen', 'workshop')}3", "NOPE")
    edit(book, "peilingen", f"{_column(book, 'peilingen', 'text')}7", "Zou je ons aanraden?")
    edit(book, "peilingen", f"{_column(book, 'peilingen', 'max_choices')}8", 9)
    edit(book, "peilingen", f"{_column(book, 'peilingen', 'opens')}10", "half tien")
    edit(book, "peilingen", f"{_column(book, 'peilingen', 'kind')}9", "stemming")
    with pytest.raises(EventFileError) as caught:
        read_workbook(book)
    problems = caught.value.problems
    for row, fragment in [
        (3, "unknown workshop 'NOPE'"),
        (7, "standard wording"),
        (8, "max_choices"),
        (9, "kind"),
        (10, "opens"),
    ]:
        assert any(p.startswith(f"peilingen, rij {row}:") and fragment in p for p in problems), (
            row,
            problems,
        )


def test_poll_cells_as_excel_makes_them(tmp_path: Path) -> None:
    book = tmp_path / "evenement.xlsx"
    write_workbook(eventfile.load(DEMO), book)
    content = load_workbook(book)
    sheet = content["peilingen"]
    opens, closes = _column(book, "peilingen", "opens"), _column(book, "peilingen", "closes")
    sheet[f"{opens}10"] = time(13, 30)  # typed as a time, Excel keeps a time
    sheet[f"{closes}10"] = datetime(2026, 11, 24, 16, 0)
    sheet[f"{_column(book, 'peilingen', 'comment')}2"] = "Nee"
    sheet[f"{_column(book, 'peilingen', 'comment')}3"] = True
    sheet[f"{_column(book, 'peilingen', 'results')}9"] = None  # a vote: after close
    content.save(book)
    polls = read_workbook(book).polls
    assert (polls[8].opens, polls[8].closes) == ("13:30", "2026-11-24 16:00")
    assert (polls[0].comment, polls[1].comment) == (False, True)
    assert polls[7].results is eventfile.ResultsShown.AFTER_CLOSE


def test_a_workbook_from_before_polls_still_reads(tmp_path: Path) -> None:
    original = eventfile.load(DEMO)
    book = tmp_path / "evenement.xlsx"
    write_workbook(original, book)
    content = load_workbook(book)
    del content["peilingen"]
    settings_sheet = content["evenement"]
    for row in settings_sheet.iter_rows(min_row=2):
        if row[0].value == "min_answers":
            settings_sheet.delete_rows(row[0].row)
    content.save(book)
    again = read_workbook(book)
    assert again.polls == []
    assert again.event.min_answers == eventfile.DEFAULT_MIN_ANSWERS
    assert again.workshops == original.workshops


def test_poll_sheet_without_its_columns_is_named(tmp_path: Path) -> None:
    book = tmp_path / "evenement.xlsx"
    write_workbook(eventfile.load(DEMO), book)
    content = load_workbook(book)
    content["peilingen"]["B1"] = "soort"
    content.save(book)
    assert POLL_COLUMNS[1] == "kind"
    with pytest.raises(EventFileError, match=r"missing column.*kind"):
        read_workbook(book)


@settings(max_examples=40)
@given(events.event_files())
def test_every_event_round_trips_through_a_workbook(content: eventfile.EventFile) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "evenement.xlsx"
        write_workbook(content, book)
        assert read_workbook(book) == content


def test_problems_between_questions_name_their_rows(tmp_path: Path) -> None:
    book = tmp_path / "evenement.xlsx"
    write_workbook(eventfile.load(DEMO), book)
    content = load_workbook(book)
    sheet = content["peilingen"]
    sheet.insert_rows(4)  # an empty row: row numbers and list places part ways
    code, opens = _column(book, "peilingen", "code"), _column(book, "peilingen", "opens")
    closes = _column(book, "peilingen", "closes")
    sheet[f"{code}7"] = "vast-r"  # the last rating (WEER-R), now a second VAST-R
    sheet[f"{opens}11"], sheet[f"{closes}11"] = "15:00", "14:00"  # the open question
    content.save(book)
    with pytest.raises(EventFileError) as caught:
        read_workbook(book)
    assert caught.value.problems == [
        "peilingen: poll codes used twice: VAST-R",
        "peilingen, rij 11: closes (14:00) before it opens (15:00)",
    ]


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
