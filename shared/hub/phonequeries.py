"""Read-side SQL of the phone pages: one attendee's home, agenda, workshops and answers.

Every function that reads personal data takes the attendee id the session's
ticket names, never one from the request, so a phone can only read its own.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from shared import polls, protocol
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


def home(db: Database, attendee_id: int, now: datetime) -> dict[str, Any] | None:
    """What the home page shows at ``now``; None when the attendee is gone.

    Besides the figures and the workshops visited: the event-wide questions of
    opinion open now, and the work sessions whose dot voting is open.
    """
    found = person(db, attendee_id)
    if found is None:
        return None
    return {
        "first_name": found["first_name"],
        "figures": figures(db, attendee_id),
        "visited": visited(db, attendee_id),
        "event": event_brief(db),
        "opinion": opinions(db, attendee_id, None, now),
        "voting": voting_sessions(db, attendee_id),
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


def workshop(
    db: Database, code: str, attendee_id: int | None, now: datetime | None = None
) -> dict[str, Any] | None:
    """One workshop's page; its gated info, quiz, answers and questions of opinion for an attendee.

    Args:
        db: a read connection.
        code: the workshop's code (any case).
        attendee_id: the session's attendee, or None for the public teaser only.
        now: the moment that decides which questions of opinion are open (None: none shown).

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
    page["opinion"] = opinions(db, attendee_id, row["id"], now) if now is not None else None
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


# -- questions of opinion and dots ----------


def _moment(text: str | None) -> datetime | None:
    try:
        return polls.moment(text)
    except ValueError:  # a time no one can read: the question follows the console's hand
        return None


def present(db: Database, attendee_id: int, workshop_id: int | None) -> bool:
    """Whether the attendee was scanned at the workshop (None: anywhere), by a pillar or phone.

    What the hub asks before it counts an answer to that workshop's questions (or,
    for ``None``, to the event's): attendance proven.
    """
    if workshop_id is None:
        sql, args = "SELECT 1 FROM scans WHERE attendee_id = ? LIMIT 1", [attendee_id]
    else:
        sql = "SELECT 1 FROM scans WHERE workshop_id = ? AND attendee_id = ? LIMIT 1"
        args = [workshop_id, attendee_id]
    return db.execute(sql, args).fetchone() is not None


def opinions(
    db: Database, attendee_id: int, workshop_id: int | None, now: datetime
) -> dict[str, Any]:
    """The questions of opinion open now at one place, and what this attendee did with them.

    A workshop's own questions (its rating first) for ``workshop_id``, the
    event-wide ones for None; each open at ``now`` and with something to choose
    from (a vote in its voting phase needs two approved proposals, as at a pillar).
    ``done`` says the attendee answered it in its current part (a vote's proposal
    while it takes proposals), never what they answered: the hub does not know.

    Returns:
        ``present``: whether the attendee's attendance there is proven (else the hub
        would refuse an answer); ``polls``: the questions, in the order they are asked.
    """
    rows = list(
        db.query(
            "SELECT id, code, kind, workshop_id, text, subject, options, max_choices, comment,"
            " opens, closes, manual, phase, results FROM polls WHERE workshop_id IS ?"
            " ORDER BY kind != 'rating', position, id",
            [workshop_id],
        )
    )
    found = []
    for row in rows:
        state = polls.state_at(now, _moment(row["opens"]), _moment(row["closes"]), row["manual"])
        if state != "open":
            continue
        kind = row["kind"]
        phase = polls.phase_of(kind, row["phase"])
        options = json.loads(row["options"])
        proposals: list[dict[str, Any]] = []
        if phase == "vote":
            proposals = [
                {"id": r[0], "text": r[1]}
                for r in db.execute(
                    "SELECT id, text FROM poll_texts WHERE poll_id = ? AND part = 'proposal'"
                    " AND state = 'visible' ORDER BY text COLLATE NOCASE, id",
                    [row["id"]],
                )
            ]
            if len(proposals) < 2:
                continue
        if kind == "poll" and not options:
            continue
        part = "proposal" if phase == "propose" else "answer"
        done = db.execute(
            "SELECT 1 FROM poll_answered WHERE poll_id = ? AND part = ? AND attendee_id = ?",
            [row["id"], part, attendee_id],
        ).fetchone()
        found.append(
            {
                **row,
                "options": options,
                "comment": bool(row["comment"]),
                "phase": phase,
                "part": part,
                "proposals": proposals,
                "done": done is not None,
            }
        )
    return {"present": present(db, attendee_id, workshop_id) if found else False, "polls": found}


def voting_sessions(db: Database, attendee_id: int) -> list[dict[str, Any]]:
    """The work sessions whose dot voting is open, with how many questions this ticket voted on."""
    return [
        {"code": r[0], "title": r[1], "questions": r[2], "voted": r[3]}
        for r in db.execute(
            "SELECT s.code, s.title, (SELECT count(*) FROM cafe_questions q"
            "   WHERE q.session_id = s.id),"
            " (SELECT count(*) FROM cafe_voted v JOIN cafe_questions q ON q.id = v.question_id"
            "   WHERE q.session_id = s.id AND v.attendee_id = ?)"
            " FROM work_sessions s WHERE s.phase = 'vote' ORDER BY s.position, s.id",
            [attendee_id],
        )
    ]


def ballots(db: Database, code: str, attendee_id: int) -> dict[str, Any] | None:
    """A work session's dot voting as one attendee's phone shows it; None: no such session.

    Each question with its ideas that take dots (visible, not merged into another),
    grouped by the facilitator's clusters, and whether this ticket voted on it yet.
    The ideas only while the session is in its vote phase: before it they may still
    be private to their table, after it the vote is closed.
    """
    session = next(
        db.query(
            "SELECT id, code, title, phase, dots, dots_per_idea FROM work_sessions"
            " WHERE upper(code) = upper(?)",
            [code],
        ),
        None,
    )
    if session is None:
        return None
    questions = []
    if session["phase"] == "vote":
        voted = {
            r[0]
            for r in db.execute(
                "SELECT v.question_id FROM cafe_voted v JOIN cafe_questions q"
                " ON q.id = v.question_id WHERE q.session_id = ? AND v.attendee_id = ?",
                [session["id"], attendee_id],
            )
        }
        for q in db.query(
            "SELECT id, code, text FROM cafe_questions WHERE session_id = ? ORDER BY position, id",
            [session["id"]],
        ):
            labels = {
                r[0]: r[1]
                for r in db.execute(
                    "SELECT id, label FROM cafe_clusters WHERE question_id = ?"
                    " ORDER BY position, id",
                    [q["id"]],
                )
            }
            groups: dict[int | None, list[dict[str, Any]]] = {c: [] for c in labels}
            groups[None] = []
            for idea in db.query(
                "SELECT id, text, cluster_id FROM ideas WHERE question_id = ?"
                " AND state = 'visible' AND merged_into IS NULL ORDER BY created_minute, id",
                [q["id"]],
            ):
                groups.setdefault(idea["cluster_id"], []).append(idea)
            questions.append(
                {
                    **q,
                    "voted": q["id"] in voted,
                    "groups": [
                        {"label": labels.get(c, ""), "ideas": ideas}
                        for c, ideas in groups.items()
                        if ideas
                    ],
                }
            )
    return {"session": session, "questions": questions, "event": event_brief(db)}


def session_of_cafe_question(db: Database, question_id: int) -> str | None:
    """The code of the work session a question belongs to, or None."""
    row = db.execute(
        "SELECT s.code FROM cafe_questions q JOIN work_sessions s ON s.id = q.session_id"
        " WHERE q.id = ?",
        [question_id],
    ).fetchone()
    return None if row is None else str(row[0])
