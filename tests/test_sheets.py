"""Tables in CSV and XLSX files: reading hostile files, writing safe ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shared import roster
from shared.roster import RosterError
from shared.sheets import read_table, safe_cell, write_table


def workbook(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_registration_list_with_broken_rows(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "lijst.xlsx",
        [
            ["Voornaam", "Achternaam", "Organisatie", "E-mail", "Telefoon", "Opmerking"],
            ["Anna", "de Vries", "Gemeente Ede", "anna@ede.example", 612345678, "x"],
            [None, None, None, None, None, None],
            ["", "Zonder voornaam", "", "", "", ""],
            ["Bram", "Kok", "", "geen-mail", "", ""],
            ['=HYPERLINK("x")', "Formule", "", "", "", ""],
        ],
    )
    table = read_table(path)
    result = roster.read_table(table, known_workshops=[])
    # values only: a formula is never evaluated (openpyxl stores no cached value)
    assert [a.first_name for a in result.accepted] == ["Anna"]
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [
        (4, "first_name"),
        (5, "email"),
        (6, "first_name"),
    ]
    assert result.ignored_columns == ["Opmerking"]
    assert result.accepted[0].phone == "+31612345678"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"PK\x03\x04 not really a zip",
        b"\x00\x01\x02binary",
        b"\n\n\n",
        ("a;" * 100 + "\n").encode(),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "lijst.csv"
    path.write_bytes(raw)
    with pytest.raises(RosterError):
        read_table(path)


def test_written_lists_never_carry_formulas(tmp_path: Path) -> None:
    rows = [["=1+1", "+31612345678", "@SUM(A1)", "-2", "gewoon"]]
    csv_path, xlsx_path = tmp_path / "lijst.csv", tmp_path / "lijst.xlsx"
    write_table(csv_path, ["a", "b", "c", "d", "e"], rows)
    write_table(xlsx_path, ["a", "b", "c", "d", "e"], rows)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    expected = ["'=1+1", "'+31612345678", "'@SUM(A1)", "'-2", "gewoon"]
    assert read_table(csv_path).rows == [expected]
    sheet = load_workbook(xlsx_path).worksheets[0]
    assert [c.value for c in sheet[2]] == expected
    assert all(c.data_type == "s" for c in sheet[2])


@given(st.text(max_size=40))
def test_safe_cell_never_starts_a_formula(text: str) -> None:
    assert not safe_cell(text).startswith(("=", "+", "-", "@"))


def test_round_trip_keeps_text(tmp_path: Path) -> None:
    rows = [["Zoë", "’t Hart 🙂", 'a;b"c\nd'], ["", "", ""], ["x", "y", "z"]]
    for name in ("lijst.csv", "lijst.xlsx"):
        path = tmp_path / name
        write_table(path, ["voornaam", "achternaam", "organisatie"], rows)
        table = read_table(path)
        assert table.headers == ["voornaam", "achternaam", "organisatie"]
        assert table.rows == [rows[0], [], rows[2]]
