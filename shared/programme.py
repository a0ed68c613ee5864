"""The event's programme in the store: the event row, its workshops, questions and agenda.

Functions of a connection: reads for :meth:`shared.db.Engine.read`, writes
(:func:`import_event`) for :meth:`shared.db.Engine.write`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, TypedDict, cast

from sqlite_utils import Database

from shared import eventfile, protocol, worksessions
from shared.db import StoreError


class EventRow(TypedDict):
    """The ``event`` table's one row: the event's settings and branding."""

    id: int
    uid: int
    name: str
    starts: str
    ends: str
    venue: str
    tagline: str
    info: str
    moderation: Literal["pre", "post"]
    photo_moderation: Literal["pre", "post"]
    feedback_bonus: int
    feedback_cap: int
    min_answers: int
    primary_colour: str
    secondary_colour: str
    background_colour: str
    logo: str | None
    map: str | None
    font: str | None
    font_licence: str | None
    board: protocol.BoardSurface
    board_image: str | None
    rev: int


class PollRow(TypedDict):
    """A row of the ``polls`` table (``shared.migrations.m007_polls``).

    ``opens`` and ``closes`` are ISO 8601 moments in UTC (``2026-11-24T09:30:00+00:00``);
    ``options`` a JSON list; ``manual`` and ``phase`` are the console's hand, which an
    import leaves as it is.
    """

    id: int
    code: str
    position: int
    kind: Literal["rating", "recommend", "poll", "vote", "open"]
    workshop_id: int | None
    text: str
    subject: str
    options: str
    max_choices: int
    comment: int
    opens: str | None
    closes: str | None
    results: Literal["live", "after_close", "organiser"]
    manual: Literal["open", "closed"] | None
    phase: Literal["propose", "vote"] | None
    rev: int


class WorkshopRow(TypedDict):
    """A row of the ``workshops`` table; ``starts``, ``ends`` as ``hh:mm``."""

    id: int
    code: str
    position: int
    title: str
    room: str
    starts: str | None
    ends: str | None
    teaser: str
    info: str
    map_x: float | None
    map_y: float | None
    rev: int


def event(db: Database) -> EventRow | None:
    """The event row, or None when no event was imported yet."""
    return cast(EventRow | None, next(db.query("SELECT * FROM event WHERE id = 1"), None))


def import_event(db: Database, content: eventfile.EventFile, media: dict[str, str]) -> None:
    """Put an event file's content in the store, replacing the previous content.

    Workshops and polls are matched by code and questions by position, so ids that
    answers and tallies refer to stay stable when an organiser edits and re-imports;
    work sessions likewise by code (:mod:`shared.worksessions`).

    Args:
        db: the writer's connection.
        content: the validated event file.
        media: stored file names of the branding files (``logo``, ``map``, ``font``,
            ``font_licence``, ``board_image``).

    """
    ev = content.event
    current = db.execute("SELECT uid FROM event WHERE id = 1").fetchone()
    uid = current[0] if current else secrets.randbits(32)
    row = {
        "id": 1,
        "uid": uid,
        "name": ev.name,
        "starts": ev.starts.isoformat(),
        "ends": ev.ends.isoformat(),
        "venue": ev.venue,
        "tagline": ev.tagline,
        "info": ev.info,
        "moderation": ev.moderation.value,
        "photo_moderation": ev.photo_moderation.value,
        "feedback_bonus": ev.feedback_bonus,
        "feedback_cap": ev.feedback_cap,
        "min_answers": ev.min_answers,
        "primary_colour": ev.branding.primary,
        "secondary_colour": ev.branding.secondary,
        "background_colour": ev.branding.background,
        "logo": media.get("logo"),
        "map": media.get("map"),
        "font": media.get("font"),
        "font_licence": media.get("font_licence"),
        "board": ev.branding.board,
        "board_image": media.get("board_image"),
    }
    if _changed(db, "event", 1, row):
        db.table("event").upsert(row, pk="id")
    codes: dict[str, int] = {}
    for position, ws in enumerate(content.workshops):
        existing = db.execute("SELECT id FROM workshops WHERE code = ?", [ws.code]).fetchone()
        values = {
            "code": ws.code,
            "position": position,
            "title": ws.title,
            "room": ws.room,
            "starts": ws.starts.isoformat(timespec="minutes") if ws.starts else None,
            "ends": ws.ends.isoformat(timespec="minutes") if ws.ends else None,
            "teaser": ws.teaser,
            "info": ws.info,
            "map_x": ws.map_x,
            "map_y": ws.map_y,
        }
        if existing:
            if _changed(db, "workshops", existing[0], values):
                db.table("workshops").update(existing[0], values)
            workshop_id = int(existing[0])
        else:
            workshop_id = int(db.table("workshops").insert(values).last_pk or 0)
        codes[ws.code.upper()] = workshop_id
        for q_pos, q in enumerate(ws.questions):
            qrow = {
                "workshop_id": workshop_id,
                "position": q_pos,
                "text": q.text,
                "kind": q.kind.value,
                "options": json.dumps(q.options, ensure_ascii=False),
                "correct": q.correct,
                "explanation": q.explanation,
                "points": q.points,
            }
            found = db.execute(
                "SELECT id FROM questions WHERE workshop_id = ? AND position = ?",
                [workshop_id, q_pos],
            ).fetchone()
            if found:
                if _changed(db, "questions", found[0], qrow):
                    db.table("questions").update(found[0], qrow)
            else:
                db.table("questions").insert(qrow)
        db.execute(
            "DELETE FROM questions WHERE workshop_id = ? AND position >= ? "
            "AND id NOT IN (SELECT question_id FROM answers)",
            [workshop_id, len(ws.questions)],
        )
    db.execute("DELETE FROM agenda")
    for position, slot in enumerate(content.agenda):
        db.table("agenda").insert(
            {
                "position": position,
                "starts": slot.starts.isoformat(timespec="minutes"),
                "ends": slot.ends.isoformat(timespec="minutes") if slot.ends else None,
                "title": slot.title,
                "room": slot.room,
                "workshop_id": codes.get(slot.workshop.upper()) if slot.workshop else None,
            }
        )
    _import_polls(db, content, codes)
    worksessions.import_sessions(db, content.sessions)


def _answered(db: Database, poll_id: int) -> bool:
    """Whether anything was answered, tallied on paper or written to a poll."""
    return any(
        db.execute(f"SELECT 1 FROM {table} WHERE poll_id = ? LIMIT 1", [poll_id]).fetchone()
        for table in ("poll_answered", "poll_tally", "poll_texts")
    )


def _import_polls(db: Database, content: eventfile.EventFile, codes: Mapping[str, int]) -> None:
    """Put the ratings, polls and votes in the store, matched by code.

    A question that was answered keeps its kind and stays: changing or removing it
    would leave its results meaning something else, or nothing.

    Raises:
        StoreError: an answered question was removed or changed kind; nothing changes.
    """
    first_day = content.event.starts
    stored = {
        str(r["code"]).upper(): r for r in db.query("SELECT id, code, kind, phase FROM polls")
    }
    for position, poll in enumerate(content.polls):
        values: dict[str, object] = {
            "code": poll.code,
            "position": position,
            "kind": poll.kind.value,
            "workshop_id": codes[poll.workshop.upper()] if poll.workshop else None,
            "text": poll.text,
            "subject": poll.subject,
            "options": json.dumps(poll.options, ensure_ascii=False),
            "max_choices": poll.max_choices,
            "comment": int(poll.comment),
            "opens": _moment(poll.opens, first_day),
            "closes": _moment(poll.closes, first_day),
            "results": poll.results.value,
        }
        existing = stored.pop(poll.code.upper(), None)
        if existing is None:
            values["phase"] = "propose" if poll.kind is eventfile.PollKind.VOTE else None
            db.table("polls").insert(values)
            continue
        if existing["kind"] != poll.kind.value:
            if _answered(db, existing["id"]):
                raise StoreError(
                    f"question {poll.code!r} has answers as {eventfile.a_kind(existing['kind'])}: "
                    f"it cannot become {eventfile.a_kind(poll.kind.value)} "
                    "(add a new question instead)"
                )
            values["phase"] = "propose" if poll.kind is eventfile.PollKind.VOTE else None
        if _changed(db, "polls", existing["id"], values):
            db.table("polls").update(existing["id"], values)
    for gone in stored.values():
        if _answered(db, gone["id"]):
            raise StoreError(
                f"question {gone['code']!r} has answers and cannot be removed "
                "(close it from the console instead)"
            )
        db.execute("DELETE FROM polls WHERE id = ?", [gone["id"]])


def _moment(text: str | None, first_day: date) -> str | None:
    return None if text is None else eventfile.poll_moment(text, first_day).isoformat()


def _time_text(stored: str | None, first_day: date) -> str | None:
    if stored is None:
        return None
    return eventfile.poll_time_text(datetime.fromisoformat(stored), first_day)


def export_event(db: Database, media_names: dict[str, str] | None = None) -> eventfile.EventFile:
    """The store's content as an event file.

    Args:
        db: a read connection (in one snapshot).
        media_names: file names to write for ``logo``, ``map``, ``font``,
            ``font_licence`` and ``board_image`` in the file.

    """
    names = media_names or {}
    ev = next(db.query("SELECT * FROM event WHERE id = 1"), None)
    if ev is None:
        raise StoreError("no event in this data folder yet")
    workshops = list(db.query("SELECT * FROM workshops ORDER BY position, id"))
    questions = list(db.query("SELECT * FROM questions ORDER BY workshop_id, position"))
    agenda = list(
        db.query(
            "SELECT agenda.*, workshops.code AS code FROM agenda "
            "LEFT JOIN workshops ON workshops.id = agenda.workshop_id "
            "ORDER BY agenda.position"
        )
    )
    polls = list(
        db.query(
            "SELECT polls.*, workshops.code AS workshop FROM polls "
            "LEFT JOIN workshops ON workshops.id = polls.workshop_id "
            "ORDER BY polls.position, polls.id"
        )
    )
    first_day = date.fromisoformat(ev["starts"])
    by_workshop: dict[int, list[eventfile.QuestionDraft]] = {}
    for q in questions:
        by_workshop.setdefault(q["workshop_id"], []).append(
            {
                "text": q["text"],
                "kind": q["kind"],
                "options": json.loads(q["options"]),
                "correct": q["correct"],
                "explanation": q["explanation"],
                "points": q["points"],
            }
        )
    data: eventfile.EventFileDraft = {
        "event": {
            "name": ev["name"],
            "starts": ev["starts"],
            "ends": ev["ends"],
            "venue": ev["venue"],
            "tagline": ev["tagline"],
            "info": ev["info"],
            "moderation": ev["moderation"],
            "photo_moderation": ev["photo_moderation"],
            "feedback_bonus": ev["feedback_bonus"],
            "feedback_cap": ev["feedback_cap"],
            "min_answers": ev["min_answers"],
            "branding": {
                "primary": ev["primary_colour"],
                "secondary": ev["secondary_colour"],
                "background": ev["background_colour"],
                "logo": names.get("logo"),
                "map": names.get("map"),
                "font": names.get("font"),
                "font_licence": names.get("font_licence"),
                "board": ev["board"],
                "board_image": names.get("board_image"),
            },
        },
        "workshops": [
            {
                "code": w["code"],
                "title": w["title"],
                "room": w["room"],
                "starts": w["starts"],
                "ends": w["ends"],
                "teaser": w["teaser"],
                "info": w["info"],
                "map_x": w["map_x"],
                "map_y": w["map_y"],
                "questions": by_workshop.get(w["id"], []),
            }
            for w in workshops
        ],
        "agenda": [
            {
                "starts": a["starts"],
                "ends": a["ends"],
                "title": a["title"],
                "room": a["room"],
                "workshop": a["code"],
            }
            for a in agenda
        ],
        "polls": [
            {
                "code": p["code"],
                "kind": p["kind"],
                "workshop": p["workshop"],
                "text": p["text"],
                "subject": p["subject"],
                "options": json.loads(p["options"]),
                "max_choices": p["max_choices"],
                "comment": bool(p["comment"]),
                "opens": _time_text(p["opens"], first_day),
                "closes": _time_text(p["closes"], first_day),
                "results": p["results"],
            }
            for p in polls
        ],
    }
    sessions = worksessions.export_sessions(db)
    if sessions:
        data["sessions"] = sessions
    return eventfile.parse(_drop_none(data), "store")


def workshops(db: Database) -> list[WorkshopRow]:
    """All workshops in programme order."""
    return cast(list[WorkshopRow], list(db.query("SELECT * FROM workshops ORDER BY position, id")))


def polls(db: Database) -> list[PollRow]:
    """All ratings, polls and votes in the file's order."""
    return cast(list[PollRow], list(db.query("SELECT * FROM polls ORDER BY position, id")))


def workshop_by_code(db: Database, code: str) -> WorkshopRow | None:
    """One workshop by its code (case-insensitive), or None."""
    return cast(
        WorkshopRow | None, next(db.query("SELECT * FROM workshops WHERE code = ?", [code]), None)
    )


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _changed(db: Database, table: str, pk: object, values: Mapping[str, object]) -> bool:
    """Whether a stored row differs from ``values``.

    Unchanged rows keep their revision, so pillars do not pull what was not edited.
    """
    row = next(db.query(f"SELECT * FROM {table} WHERE id = ?", [pk]), None)
    return row is None or any(row.get(k) != v for k, v in values.items())
