"""The event as an Excel workbook: one sheet per kind, for organisers who live in Excel.

Sheets: ``evenement`` (one field per row), ``workshops``, ``agenda``,
``vragen`` (quiz questions, options in columns ``optie1`` … ``optie6``, the
right answer as its number, 1 for the first option; for true/false questions
1 is true and 2 is false) and ``peilingen`` (ratings, recommend questions, polls,
naming votes and open questions, one per row; a poll's options in ``optie1`` …
``optie8``; ``comment`` ja/nee; ``opens`` and ``closes`` as ``HH:MM`` or
``YYYY-MM-DD HH:MM``; a workbook without this sheet has none). An event with work
sessions has four sheets more: ``sessies``, ``sessievragen`` and ``tafels`` (each row
naming its session by code) and ``rondes`` (the plan as ``T1=Q1; T2=Q2``, empty: every
question at every table). Reading checks every row on its own first, so a problem is
named by sheet and row (``vragen, rij 7: needs 2 to 6 options``), then the whole event
(references between sheets). Nothing half-imports.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, time
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from shared import eventfile
from shared.eventfile import (
    MAX_POLL_OPTIONS,
    AgendaSlot,
    CafeQuestion,
    CafeRound,
    CafeTable,
    EventFile,
    EventFileError,
    Poll,
    Question,
    WorkSession,
    Workshop,
)
from shared.sheets import safe_cell

EVENT_FIELDS = (
    "name",
    "starts",
    "ends",
    "venue",
    "tagline",
    "info",
    "moderation",
    "photo_moderation",
    "feedback_bonus",
    "feedback_cap",
    "min_answers",
)
BRANDING_FIELDS = (
    "primary",
    "secondary",
    "background",
    "logo",
    "map",
    "font",
    "font_licence",
    "board",
    "board_image",
)
WORKSHOP_COLUMNS = ("code", "title", "room", "starts", "ends", "teaser", "info", "map_x", "map_y")
AGENDA_COLUMNS = ("starts", "ends", "title", "room", "workshop")
OPTIONS = 6
SESSION_COLUMNS = ("code", "title", "dots", "dots_per_idea")
CAFE_QUESTION_COLUMNS = ("session", "code", "text")
CAFE_TABLE_COLUMNS = ("session", "code", "name", "host")
CAFE_ROUND_COLUMNS = ("session", "minutes", "plan")
SESSION_SHEETS = {
    "sessies": SESSION_COLUMNS,
    "sessievragen": CAFE_QUESTION_COLUMNS,
    "tafels": CAFE_TABLE_COLUMNS,
    "rondes": CAFE_ROUND_COLUMNS,
}
QUESTION_COLUMNS = (
    "workshop",
    "text",
    "kind",
    *(f"optie{n}" for n in range(1, OPTIONS + 1)),
    "correct",
    "explanation",
    "points",
)
POLL_COLUMNS = (
    "code",
    "kind",
    "workshop",
    "text",
    "subject",
    *(f"optie{n}" for n in range(1, MAX_POLL_OPTIONS + 1)),
    "max_choices",
    "comment",
    "opens",
    "closes",
    "results",
)
_YES = {"ja": "true", "j": "true", "nee": "false", "n": "false"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = str(value.isoformat())
        return text[:5] if re.fullmatch(r"\d\d:\d\d(:\d\d)?", text) else text[:10]
    return str(value).strip()


def write_workbook(content: EventFile, path: Path) -> None:
    """Write an event as an XLSX workbook (cells that look like formulas are made text)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    event = content.event.model_dump(mode="json")
    sheet = book.create_sheet("evenement")
    sheet.append(["veld", "waarde"])
    for name in EVENT_FIELDS:
        sheet.append([name, safe_cell(event.get(name))])
    for name in BRANDING_FIELDS:
        sheet.append([name, safe_cell(event["branding"].get(name))])
    sheet = book.create_sheet("workshops")
    sheet.append(list(WORKSHOP_COLUMNS))
    for w in content.workshops:
        row = w.model_dump(mode="json")
        sheet.append([safe_cell(row.get(c)) for c in WORKSHOP_COLUMNS])
    sheet = book.create_sheet("agenda")
    sheet.append(list(AGENDA_COLUMNS))
    for slot in content.agenda:
        row = slot.model_dump(mode="json")
        sheet.append([safe_cell(row.get(c)) for c in AGENDA_COLUMNS])
    sheet = book.create_sheet("vragen")
    sheet.append(list(QUESTION_COLUMNS))
    for w in content.workshops:
        for q in w.questions:
            options = [*q.options, *[""] * (OPTIONS - len(q.options))]
            sheet.append(
                [
                    safe_cell(w.code),
                    safe_cell(q.text),
                    q.kind.value,
                    *[safe_cell(o) for o in options],
                    q.correct + 1,
                    safe_cell(q.explanation),
                    q.points,
                ]
            )
    sheet = book.create_sheet("peilingen")
    sheet.append(list(POLL_COLUMNS))
    for poll in content.polls:
        options = [*poll.options, *[""] * (MAX_POLL_OPTIONS - len(poll.options))]
        sheet.append(
            [
                safe_cell(poll.code),
                poll.kind.value,
                safe_cell(poll.workshop or ""),
                safe_cell(poll.text),
                safe_cell(poll.subject),
                *[safe_cell(o) for o in options],
                poll.max_choices,
                "ja" if poll.comment else "nee",
                poll.opens or "",
                poll.closes or "",
                poll.results.value,
            ]
        )
    if content.sessions:
        _write_sessions(book, content.sessions)
    book.save(path)


def _poll_cell(value: object) -> str:
    """A poll's time as typed, also when Excel made it a time or date-time cell."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return _text(value)


def _write_sessions(book: Any, sessions: list[WorkSession]) -> None:
    """The work sessions' sheets: sessions, their questions, tables and rounds."""
    sheet = book.create_sheet("sessies")
    sheet.append(list(SESSION_COLUMNS))
    for s in sessions:
        sheet.append([safe_cell(s.code), safe_cell(s.title), s.dots, s.dots_per_idea])
    sheet = book.create_sheet("sessievragen")
    sheet.append(list(CAFE_QUESTION_COLUMNS))
    for s in sessions:
        for q in s.questions:
            sheet.append([safe_cell(s.code), safe_cell(q.code), safe_cell(q.text)])
    sheet = book.create_sheet("tafels")
    sheet.append(list(CAFE_TABLE_COLUMNS))
    for s in sessions:
        for t in s.tables:
            sheet.append(
                [safe_cell(s.code), safe_cell(t.code), safe_cell(t.name), safe_cell(t.host)]
            )
    sheet = book.create_sheet("rondes")
    sheet.append(list(CAFE_ROUND_COLUMNS))
    for s in sessions:
        for r in s.rounds:
            plan = "; ".join(f"{t}={q}" for t, q in (r.plan or {}).items())
            sheet.append([safe_cell(s.code), r.minutes, safe_cell(plan)])


def _read_sessions(
    sessions: list[tuple[int, dict[str, str]]],
    questions: list[tuple[int, dict[str, str]]],
    tables: list[tuple[int, dict[str, str]]],
    rounds: list[tuple[int, dict[str, str]]],
    problems: list[str],
) -> list[dict[str, Any]]:
    """The work sessions of the session sheets, as plain data; problems named by sheet and row."""
    found: list[dict[str, Any]] = []
    by_code: dict[str, dict[str, Any]] = {}
    for _, values in sessions:
        session: dict[str, Any] = {
            k: v for k, v in values.items() if k in SESSION_COLUMNS and v != ""
        }
        session |= {"questions": [], "tables": [], "rounds": []}
        found.append(session)
        by_code[str(session.get("code", "")).upper()] = session
    parts = (
        ("sessievragen", questions, "questions", CafeQuestion, CAFE_QUESTION_COLUMNS),
        ("tafels", tables, "tables", CafeTable, CAFE_TABLE_COLUMNS),
    )
    for sheet, rows, key, model, columns in parts:
        for number, values in rows:
            row: dict[str, Any] = {k: v for k, v in values.items() if k in columns[1:] and v != ""}
            try:
                model.model_validate(row)
            except ValidationError as error:
                problems.extend(_problems(sheet, number, error))
                continue
            owner = by_code.get(values.get("session", "").upper())
            if owner is None:
                problems.append(f"{sheet}, rij {number}: unknown session {values.get('session')!r}")
                continue
            owner[key].append(row)
    for number, values in rounds:
        plan: dict[str, str] | None = None
        if values.get("plan"):
            plan = {}
            for part in values["plan"].replace(",", ";").split(";"):
                table, sign, question = part.partition("=")
                if not part.strip():
                    continue
                if not sign or not table.strip() or not question.strip():
                    problems.append(f"rondes, rij {number}: plan must read TABLE=QUESTION; ...")
                    break
                plan[table.strip()] = question.strip()
        row = {"plan": plan}
        if values.get("minutes"):
            row["minutes"] = values["minutes"]
        try:
            CafeRound.model_validate(row)
        except ValidationError as error:
            problems.extend(_problems("rondes", number, error))
            continue
        owner = by_code.get(values.get("session", "").upper())
        if owner is None:
            problems.append(f"rondes, rij {number}: unknown session {values.get('session')!r}")
            continue
        owner["rounds"].append(row)
    for number, session in zip((n for n, _ in sessions), found, strict=True):
        try:
            WorkSession.model_validate(session)
        except ValidationError as error:
            problems.extend(_problems("sessies", number, error))
    return found


def _unquote(text: str) -> str:
    """Undo :func:`safe_cell`'s leading quote, so an exported text reads back the same."""
    return text[1:] if text.startswith("'") and text[1:2] in ("=", "+", "-", "@") else text


def _rows(
    book: Any, name: str, columns: tuple[str, ...], optional: tuple[str, ...] = ("teaser", "info")
) -> list[tuple[int, dict[str, str]]]:
    if name not in book.sheetnames:
        raise EventFileError(name, [f"the workbook has no sheet {name!r}"])
    rows = book[name].iter_rows(values_only=True)
    header = [_text(h).casefold() for h in next(rows, ())]
    missing = [c for c in columns if c not in header and c not in optional]
    if name != "evenement" and missing:
        raise EventFileError(name, [f"missing column(s): {', '.join(missing)}"])
    cell = _poll_cell if name == "peilingen" else _text
    result = []
    for number, cells in enumerate(rows, start=2):
        values = {header[i]: _unquote(cell(v)) for i, v in enumerate(cells) if i < len(header)}
        if any(values.values()):
            result.append((number, values))
    return result


def _problems(sheet: str, number: int, error: ValidationError) -> list[str]:
    return [
        f"{sheet}, rij {number}: "
        + (".".join(str(p) for p in e["loc"]) + ": " if e["loc"] else "")
        + re.sub(r"^Value error, ", "", e["msg"])
        for e in error.errors()
    ]


def read_workbook(path: Path) -> EventFile:
    """Read an event workbook.

    Raises:
        EventFileError: one line per problem, each naming its sheet and row.
    """
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise EventFileError(str(path), [f"not an XLSX workbook: {error}"]) from None
    problems: list[str] = []
    try:
        settings = {v.get("veld", ""): v.get("waarde", "") for _, v in _rows(book, "evenement", ())}
        workshop_rows = _rows(book, "workshops", WORKSHOP_COLUMNS)
        agenda_rows = _rows(book, "agenda", AGENDA_COLUMNS)
        question_rows = _rows(book, "vragen", QUESTION_COLUMNS)
        poll_rows = (
            _rows(book, "peilingen", POLL_COLUMNS, optional=POLL_COLUMNS[3:])
            if "peilingen" in book.sheetnames
            else []
        )
        # the work sessions' sheets are there only when the event has sessions
        session_rows = {
            name: _rows(book, name, columns) if name in book.sheetnames else []
            for name, columns in SESSION_SHEETS.items()
        }
    finally:
        book.close()
    # Plain dicts, not EventFileDraft: the cells as read, before the models check them
    # (any key may be missing, numbers are still text), so a problem is named, not raised.
    event: dict[str, Any] = {k: settings[k] for k in EVENT_FIELDS if settings.get(k)}
    event["branding"] = {k: settings[k] for k in BRANDING_FIELDS if settings.get(k)}
    workshops: list[dict[str, Any]] = []
    for number, values in workshop_rows:
        shop: dict[str, Any] = {
            k: v for k, v in values.items() if k in WORKSHOP_COLUMNS and v != ""
        }
        try:
            Workshop.model_validate(shop)
        except ValidationError as error:
            problems += _problems("workshops", number, error)
        workshops.append({**shop, "questions": []})
    by_code = {str(w.get("code", "")).upper(): w for w in workshops}
    for number, values in question_rows:
        options = [values.get(f"optie{n}", "") for n in range(1, OPTIONS + 1)]
        row: dict[str, Any] = {
            "text": values.get("text", ""),
            "kind": values.get("kind") or "choice",
            "options": [o for o in options if o],
            "explanation": values.get("explanation", ""),
        }
        if values.get("points"):
            row["points"] = values["points"]
        try:
            row["correct"] = int(values.get("correct", "")) - 1
        except ValueError:
            problems.append(f"vragen, rij {number}: correct must be the number of the answer")
            continue
        if row["kind"] == "truefalse":
            row["options"] = []
        try:
            Question.model_validate(row)
        except ValidationError as error:
            problems += _problems("vragen", number, error)
            continue
        workshop = by_code.get(values.get("workshop", "").upper())
        if workshop is None:
            problems.append(f"vragen, rij {number}: unknown workshop {values.get('workshop')!r}")
            continue
        workshop["questions"].append(row)
    agenda: list[dict[str, Any]] = []
    for number, values in agenda_rows:
        slot = {k: v for k, v in values.items() if k in AGENDA_COLUMNS and v != ""}
        try:
            AgendaSlot.model_validate(slot)
        except ValidationError as error:
            problems += _problems("agenda", number, error)
        agenda.append(slot)
    polls: list[dict[str, Any]] = []
    for number, values in poll_rows:
        options = [values.get(f"optie{n}", "") for n in range(1, MAX_POLL_OPTIONS + 1)]
        poll: dict[str, Any] = {
            k: v
            for k, v in values.items()
            if k in POLL_COLUMNS and not k.startswith("optie") and v != ""
        }
        poll["options"] = [o for o in options if o]
        if "comment" in poll:
            poll["comment"] = _YES.get(poll["comment"].casefold(), poll["comment"])
        try:
            Poll.model_validate(poll)
        except ValidationError as error:
            problems += _problems("peilingen", number, error)
        named = str(poll.get("workshop", ""))
        if named and named.upper() not in by_code:
            problems.append(f"peilingen, rij {number}: unknown workshop {named!r}")
        polls.append(poll)
    sessions = _read_sessions(
        session_rows["sessies"],
        session_rows["sessievragen"],
        session_rows["tafels"],
        session_rows["rondes"],
        problems,
    )
    if problems:
        raise EventFileError(str(path), problems)
    data: dict[str, Any] = {"event": event, "workshops": workshops, "agenda": agenda}
    data["polls"] = polls
    if sessions:
        data["sessions"] = sessions
    try:
        return eventfile.parse(data, f"{path} (evenement)")
    except EventFileError as error:
        # a problem between questions is named by its row, as the row's own are
        rows = [number for number, _ in poll_rows]

        def by_row(found: re.Match[str]) -> str:
            return f"peilingen, rij {rows[int(found[1]) - 1]}"

        renamed = [
            re.sub(r"^(poll codes)", r"peilingen: \1", re.sub(r"^polls\[(\d+)\]", by_row, p))
            for p in error.problems
        ]
        raise EventFileError(error.source, renamed) from None
