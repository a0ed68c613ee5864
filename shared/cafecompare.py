"""A series of work sessions side by side: the same questions at other places or dates.

Each session is read on its own, from its own data folder (opened read-only) or
from the data its report exported (the XLSX workbook or the folder of CSV files
of :func:`shared.cafereport.write_data`), and only its summary is kept: per
question the ideas, the dots and the top ideas, per round the attendees at the
tables. No attendee, ticket or device is read, so nothing personal is merged.
Questions are matched across sessions by their text (case and spacing aside).
"""

from __future__ import annotations

import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from shared import plaintext, sheets
from shared.cafereport import TOP, CafeReport, build
from shared.hub import cafequeries


class CompareError(ValueError):
    """A folder or file that holds no work session to compare."""


@dataclass(frozen=True)
class QuestionSummary:
    """One question of one session."""

    text: str
    ideas: int
    dots: int | None
    top: tuple[tuple[int, str, int], ...]  # (place, idea, dots), the most dots first
    hidden: int = 0


@dataclass
class SessionSummary:
    """One session as the comparison shows it."""

    label: str  # where and when: the event's name, place and date, or the file's name
    title: str
    source: str
    questions: list[QuestionSummary]
    participants: list[int] = field(default_factory=list)  # per round
    tables: int = 0

    @property
    def ideas(self) -> int:
        """Every idea of the session (shown in the report)."""
        return sum(q.ideas for q in self.questions)


def from_report(report: CafeReport, label: str, source: str = "") -> SessionSummary:
    """A session's summary from its report."""
    return SessionSummary(
        label=label,
        title=report.title,
        source=source,
        questions=[
            QuestionSummary(
                text=q.text,
                ideas=q.ideas + q.merged,
                dots=q.dots,
                top=tuple((i.place, i.text, i.dots or 0) for i in q.top if i.place <= TOP),
                hidden=q.hidden,
            )
            for q in report.questions
        ],
        participants=[r.participants for r in report.rounds],
        tables=len(report.tables),
    )


def read_folder(folder: Path) -> list[SessionSummary]:
    """Every work session in a data folder, read without writing to it."""
    path = folder / "zuil.db"
    if not path.exists():
        raise CompareError(f"{folder}: no zuil data folder (zuil.db is missing)")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        db = Database(connection)
        if "work_sessions" not in db.table_names():
            raise CompareError(f"{folder}: this data folder holds no work sessions")
        event = next(db.query("SELECT * FROM event WHERE id = 1"), None) or {}
        where = str(event.get("starts") or "")
        summaries = []
        for info in cafequeries.sessions(db):
            view = cafequeries.view(db, info.id, "facilitator")
            if view is None:
                continue
            report = build(view, event=str(event.get("name") or ""))
            label = " · ".join(part for part in (str(event.get("name") or ""), where) if part)
            summaries.append(from_report(report, label or folder.name, str(folder)))
    finally:
        connection.close()
    if not summaries:
        raise CompareError(f"{folder}: this data folder holds no work sessions")
    return summaries


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _table(path: Path, name: str) -> list[dict[str, str]]:
    """One table of an export, as rows of header -> cell text."""
    if path.is_dir():
        table = sheets.read_table(path / f"{name}.csv")
        return [dict(zip(table.headers, row, strict=False)) for row in table.rows if row]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if name not in book.sheetnames:
            raise CompareError(f"{path}: no sheet {name!r}: not a work session's exported data")
        rows = book[name].iter_rows(values_only=True)
        headers = [_text(h) for h in next(rows, ())]
        return [dict(zip(headers, (_text(c) for c in row), strict=False)) for row in rows]
    finally:
        book.close()


def read_export(path: Path) -> SessionSummary:
    """A session from the data its report exported (XLSX workbook or CSV folder)."""
    try:
        about = {r["wat"]: r["waarde"] for r in _table(path, "sessie")}
        questions = _table(path, "vragen")
        top = _table(path, "top")
        rounds = _table(path, "deelname")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as error:
        if isinstance(error, CompareError):
            raise
        raise CompareError(f"{path}: not a work session's exported data ({error})") from error

    def number(text: str) -> int | None:
        return int(text) if text.strip().lstrip("-").isdigit() else None

    summaries = [
        QuestionSummary(
            text=q["vraagtekst"],
            ideas=(number(q["ideeën"]) or 0) + (number(q["samengevoegd"]) or 0),
            dots=number(q["stippen"]),
            top=tuple(
                (place, t["idee"], number(t["stippen"]) or 0)
                for place, t in sorted(
                    ((number(t["plaats"]) or 0, t) for t in top if t["vraag"] == q["vraag"]),
                    key=lambda placed: placed[0],
                )
                if place <= TOP
            ),
            hidden=number(q["verborgen"]) or 0,
        )
        for q in questions
    ]
    made = about.get("gemaakt", "")[:10]
    label = " · ".join(part for part in (about.get("evenement", "") or path.stem, made) if part)
    return SessionSummary(
        label=label,
        title=about.get("titel", ""),
        source=str(path),
        questions=summaries,
        participants=[number(r["deelnemers"]) or 0 for r in rounds],
        tables=number(about.get("tafels", "")) or 0,
    )


def read(path: Path) -> list[SessionSummary]:
    """The sessions at ``path``: a data folder, an exported workbook or CSV folder."""
    if path.is_dir() and (path / "zuil.db").exists():
        return read_folder(path)
    if path.suffix.lower() == ".xlsx" or (path.is_dir() and (path / "sessie.csv").exists()):
        return [read_export(path)]
    raise CompareError(f"{path}: neither a zuil data folder nor a work session's exported data")


@dataclass
class Comparison:
    """Questions down, sessions across; a cell is None where a session lacked the question."""

    sessions: list[SessionSummary]
    questions: list[str]  # each question's text as first seen
    cells: list[list[QuestionSummary | None]]


def compare(sessions: list[SessionSummary]) -> Comparison:
    """The sessions side by side, their questions matched by text."""
    order: dict[str, str] = {}
    for s in sessions:
        for q in s.questions:
            order.setdefault(plaintext.folded(q.text), q.text)
    cells = [
        [next((q for q in s.questions if plaintext.folded(q.text) == k), None) for s in sessions]
        for k in order
    ]
    return Comparison(sessions, list(order.values()), cells)
