"""The event's programme in the store: the event row, its workshops, questions and agenda.

Functions of a connection: reads for :meth:`shared.db.Engine.read`, writes
(:func:`import_event`) for :meth:`shared.db.Engine.write`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any, Literal, TypedDict, cast

from sqlite_utils import Database

from shared import eventfile, worksessions
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
    primary_colour: str
    secondary_colour: str
    background_colour: str
    logo: str | None
    map: str | None
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

    Workshops are matched by code and questions by position, so ids that
    answers refer to stay stable when an organiser edits and re-imports; work
    sessions likewise by code (:mod:`shared.worksessions`).

    Args:
        db: the writer's connection.
        content: the validated event file.
        media: stored file names for the branding images (``logo``, ``map``).

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
        "primary_colour": ev.branding.primary,
        "secondary_colour": ev.branding.secondary,
        "background_colour": ev.branding.background,
        "logo": media.get("logo"),
        "map": media.get("map"),
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
    worksessions.import_sessions(db, content.sessions)


def export_event(db: Database, media_names: dict[str, str] | None = None) -> eventfile.EventFile:
    """The store's content as an event file.

    Args:
        db: a read connection (in one snapshot).
        media_names: file names to write for ``logo`` and ``map`` in the file.

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
            "branding": {
                "primary": ev["primary_colour"],
                "secondary": ev["secondary_colour"],
                "background": ev["background_colour"],
                "logo": names.get("logo"),
                "map": names.get("map"),
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
    }
    sessions = worksessions.export_sessions(db)
    if sessions:
        data["sessions"] = sessions
    return eventfile.parse(_drop_none(data), "store")


def workshops(db: Database) -> list[WorkshopRow]:
    """All workshops in programme order."""
    return cast(list[WorkshopRow], list(db.query("SELECT * FROM workshops ORDER BY position, id")))


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
