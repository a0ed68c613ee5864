"""Read-side SQL of the phone pages: one attendee's home, agenda, workshops and answers.

Every function that reads personal data takes the attendee id the session's
ticket names, never one from the request, so a phone can only read its own.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from shared import protocol
from shared.hub import queries


def event_brief(db: Database) -> dict[str, Any]:
    """The event's name and venue map (a fallback when no event was imported)."""
    row = next(db.query("SELECT name, map FROM event WHERE id = 1"), None)
    return row or {"name": "zuil", "map": None}


def door_keys(db: Database, code: str) -> list[str]:
    """The token hashes of a workshop's paired pillars (the keys of their door codes)."""
    return [
        r[0]
        for r in db.execute(
            "SELECT d.token_hash FROM devices d JOIN workshops w ON w.id = d.workshop_id"
            " WHERE upper(w.code) = upper(?) AND d.kind = 'kiosk' AND d.revoked_at IS NULL"
            " AND d.token_hash IS NOT NULL",
            [code],
        )
    ]


def event_font(db: Database) -> str | None:
    """The stored name of the event's own font (None without one)."""
    row = db.execute("SELECT font FROM event WHERE id = 1").fetchone()
    return str(row[0]) if row and row[0] else None


def event_colour(db: Database) -> str | None:
    """The event's primary colour (None before an event was imported)."""
    row = db.execute("SELECT primary_colour FROM event WHERE id = 1").fetchone()
    return str(row[0]) if row and row[0] else None


def figures(db: Database, attendee_id: int) -> protocol.PhoneFigures:
    """An attendee's points, rank and the top 5."""
    standing = queries.points_of(db, attendee_id, 5)
    return protocol.PhoneFigures(points=standing.points, rank=standing.rank, top=standing.top)


def person(db: Database, attendee_id: int) -> dict[str, Any] | None:
    """An attendee's first name, or None when the attendee is gone (purged)."""
    return next(db.query("SELECT first_name FROM attendees WHERE id = ?", [attendee_id]), None)


def visited(db: Database, attendee_id: int) -> list[dict[str, Any]]:
    """The workshops an attendee was scanned at (by a pillar or a phone), first visit first."""
    return list(
        db.query(
            "SELECT w.code, w.title FROM workshops w JOIN"
            " (SELECT workshop_id, min(scanned_at) AS first FROM scans WHERE attendee_id = ?"
            "  GROUP BY workshop_id) s ON s.workshop_id = w.id ORDER BY s.first, w.position",
            [attendee_id],
        )
    )


def home(db: Database, attendee_id: int) -> dict[str, Any] | None:
    """What the home page shows; None when the attendee is gone."""
    found = person(db, attendee_id)
    if found is None:
        return None
    return {
        "first_name": found["first_name"],
        "figures": figures(db, attendee_id),
        "visited": visited(db, attendee_id),
        "event": event_brief(db),
    }


def agenda(db: Database, attendee_id: int) -> dict[str, Any]:
    """The attendee's programme with the event."""
    rows = queries.personal_agenda(db, attendee_id)
    codes = dict(db.execute("SELECT id, code FROM workshops").fetchall())
    return {
        "slots": [{**r, "code": codes.get(r["workshop_id"])} for r in rows],
        "event": event_brief(db),
    }


def workshops(db: Database) -> dict[str, Any]:
    """Every workshop (public fields only) with the event, for the map."""
    rows = list(
        db.query(
            "SELECT code, title, room, starts, ends, map_x, map_y FROM workshops ORDER BY position"
        )
    )
    return {"workshops": rows, "event": event_brief(db)}


def workshop(db: Database, code: str, attendee_id: int | None) -> dict[str, Any] | None:
    """One workshop's page; its gated info, quiz and answers only for an attendee.

    Args:
        db: a read connection.
        code: the workshop's code (any case).
        attendee_id: the session's attendee, or None for the public teaser only.

    Returns:
        The page's data, or None when no workshop has this code.
    """
    row = next(
        db.query(
            "SELECT id, code, title, room, starts, ends, teaser, info FROM workshops"
            " WHERE upper(code) = upper(?)",
            [code],
        ),
        None,
    )
    if row is None:
        return None
    page: dict[str, Any] = {"workshop": row, "event": event_brief(db)}
    if attendee_id is None:
        row["info"] = ""  # the gated text never leaves without a session
        return page
    questions = [
        {**q, "options": json.loads(q["options"])}
        for q in db.query(
            "SELECT id, position, text, kind, options, correct, explanation, points"
            " FROM questions WHERE workshop_id = ? ORDER BY position",
            [row["id"]],
        )
    ]
    answered = {o.question_id: o for o in first_answers(db, attendee_id, row["id"])}
    page["questions"] = questions
    page["answered"] = answered
    return page


def first_answers(db: Database, attendee_id: int, workshop_id: int) -> list[protocol.AnswerOutcome]:
    """The counted (first) answer of each question of a workshop the attendee answered."""
    rows = db.execute(
        "SELECT a.id FROM answers a JOIN questions q ON q.id = a.question_id"
        " WHERE a.attendee_id = ? AND q.workshop_id = ?"
        " AND a.id = (SELECT b.id FROM answers b WHERE b.attendee_id = a.attendee_id"
        "   AND b.question_id = a.question_id ORDER BY b.answered_at, b.id LIMIT 1)",
        [attendee_id, workshop_id],
    ).fetchall()
    found = outcomes(db, [r[0] for r in rows])
    return list(found.values())


def outcomes(db: Database, answer_ids: list[str]) -> dict[str, protocol.AnswerOutcome]:
    """How each stored answer turned out, by its action id (unknown ids left out)."""
    result: dict[str, protocol.AnswerOutcome] = {}
    for answer_id in answer_ids:
        row = db.execute(
            "SELECT a.attendee_id, a.question_id, a.choice, a.correct, q.correct, q.explanation,"
            " (SELECT b.id FROM answers b WHERE b.attendee_id = a.attendee_id"
            "   AND b.question_id = a.question_id ORDER BY b.answered_at, b.id LIMIT 1),"
            " (SELECT p.points FROM points p WHERE p.attendee_id = a.attendee_id"
            "   AND p.kind = 'answer' AND p.ref = a.question_id)"
            " FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.id = ?",
            [answer_id],
        ).fetchone()
        if row is None:
            continue
        _, question_id, choice, correct, right, explanation, first, points = row
        counted = first == answer_id
        result[answer_id] = protocol.AnswerOutcome(
            question_id=question_id,
            choice=choice,
            correct=bool(correct),
            right_choice=right,
            explanation=explanation or "",
            points=(points or 0) if counted else 0,
            counted=counted,
        )
    return result
