"""Tables in files: read a registration list (CSV or XLSX), write a list (CSV or XLSX).

Organisers live in Excel, so both formats go both ways. Reading keeps every
cell as text and never evaluates anything; writing neutralises cells that a
spreadsheet would take for a formula (``=``, ``+``, ``-``, ``@`` at the start),
so a name typed at a pillar or a desk cannot run in someone's Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from shared.roster import RosterError, decode_text

MAX_ROWS = 20_000
MAX_COLUMNS = 60
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    """Header names and rows of text, as read from a file."""

    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    first_line: int = 2

    def records(self, mapping: dict[int, str]) -> list[dict[str, str]]:
        """Rows as field → text, for the columns ``mapping`` (column index → field) names."""
        return [
            {name: (row[i] if i < len(row) else "") for i, name in mapping.items()}
            for row in self.rows
        ]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _checked(headers: list[str], rows: Iterable[Sequence[object]]) -> Table:
    if not any(headers):
        raise RosterError("the first row holds no column names")
    if len(headers) > MAX_COLUMNS:
        raise RosterError(f"more than {MAX_COLUMNS} columns: is this the right sheet?")
    table = Table(headers=[h or f"kolom {i + 1}" for i, h in enumerate(headers)])
    for row in rows:
        cells = [_cell(v) for v in row][: len(headers)]
        if not any(cells):
            table.rows.append([])  # keep line numbers right; empty rows are skipped later
            continue
        table.rows.append(cells)
        if len(table.rows) > MAX_ROWS:
            raise RosterError(f"more than {MAX_ROWS} rows")
    while table.rows and not table.rows[-1]:
        table.rows.pop()
    return table


def read_csv_table(raw: bytes) -> Table:
    """A CSV text (comma, semicolon or tab; UTF-8 or Windows-1252).

    Raises:
        RosterError: not a CSV text, or no header.
    """
    if b"\x00" in raw[:4096]:
        raise RosterError("this is not a CSV text file (is it an XLSX workbook?)")
    text = decode_text(raw)
    # The delimiter is the one the header line uses most; quotes are always '"'
    # (csv.Sniffer guesses quote characters from the data and gets "'t Hart" wrong).
    header_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
        return _checked(headers, reader)
    except StopIteration:
        raise RosterError("the file is empty") from None
    except csv.Error as error:
        raise RosterError(f"line {reader.line_num}: {error}") from None


def read_xlsx_table(raw: bytes) -> Table:
    """The first sheet of an XLSX workbook (values only: formulas are not evaluated).

    Raises:
        RosterError: not a workbook, or no header.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise RosterError(f"this is not an XLSX workbook ({type(error).__name__})") from None
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            headers = [_cell(h) for h in next(rows)]
        except StopIteration:
            raise RosterError("the workbook's first sheet is empty") from None
        while headers and not headers[-1]:
            headers.pop()
        return _checked(headers, rows)
    finally:
        book.close()


def read_table(path: Path) -> Table:
    """A CSV or XLSX file, by its content (not its name).

    Raises:
        RosterError: unreadable, too large, or no header.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RosterError(f"cannot read {path.name}: {error.strerror}") from None
    if len(raw) > 50 * 1024 * 1024:
        raise RosterError("the file is larger than 50 MB")
    if raw[:4] == b"PK\x03\x04":
        return read_xlsx_table(raw)
    return read_csv_table(raw)


def safe_cell(value: object) -> str:
    """A cell's text that no spreadsheet will run as a formula."""
    text = _cell(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_table(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Write a table as CSV (semicolon, UTF-8 with BOM: Dutch Excel opens it) or XLSX.

    The format follows the file name (``.xlsx`` or anything else for CSV).
    Returns how many rows were written.
    """
    safe_rows = [[safe_cell(v) for v in row] for row in rows]
    if path.suffix.lower() == ".xlsx":
        write_workbook(path, {"Sheet": (headers, safe_rows)})
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(headers)
            writer.writerows(safe_rows)
    return len(safe_rows)


def write_workbook(
    path: Path, tables: Mapping[str, tuple[Sequence[str], Iterable[Sequence[object]]]]
) -> None:
    """Write several tables as the sheets of one XLSX workbook (cells made formula-safe)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, (headers, rows) in tables.items():
        sheet = book.create_sheet(title=name[:31])
        sheet.append(list(headers))
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
    book.save(path)


def write_tables(
    path: Path, tables: Mapping[str, tuple[Sequence[str], Iterable[Sequence[object]]]]
) -> list[Path]:
    """Write tables as one XLSX workbook (``.xlsx``) or a folder of CSV files; the files."""
    if path.suffix.lower() == ".xlsx":
        write_workbook(path, tables)
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (headers, rows) in tables.items():
        target = path / f"{name}.csv"
        write_table(target, headers, rows)
        written.append(target)
    return written
