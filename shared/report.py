"""The event report's content: headline figures, each workshop's results, every note.

Gathered from the store in one read, without Qt, so the PDF, the XLSX and CSV
exports and the organiser's dashboard show the same figures. Hidden
(moderated) notes and photos are left out and counted. The top 5 shows names
only as the attendees allowed on screens; after ``zuil purge --personal`` it
comes from the copy frozen at the purge (see :mod:`shared.purge`).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from shared.hub import polls, queries
from shared.protocol import (
    Dashboard,
    Headline,
    PillarHealth,
    QuestionResult,
    Report,
    ReportNote,
    ReportPhoto,
    ScanBucket,
    Standing,
    WorkshopResult,
)


def _count(db: Database, sql: str, params: list[Any] | None = None) -> int:
    return int(db.execute(sql, params or []).fetchone()[0])


def top_five(db: Database) -> list[Standing]:
    """The top 5 by points, names as allowed; the frozen copy once names were purged."""
    if "report_frozen" in db.table_names():
        frozen = db.execute("SELECT value FROM report_frozen WHERE key = 'top'").fetchone()
        if frozen:
            return [Standing.model_validate(row) for row in json.loads(frozen[0])]
    return [
        Standing(rank=s.rank, name=s.name or "—", points=s.points)
        for s in queries.leaderboard(db, 5)
    ]


def gather(db: Database, now: datetime | None = None) -> Report:
    """Read the report's content from the store (call inside one read snapshot)."""
    event_row = next(db.query("SELECT * FROM event WHERE id = 1"), None) or {}
    questions: dict[str, list[QuestionResult]] = {}
    for q in queries.quiz_results(db):
        questions.setdefault(q.workshop, []).append(q)
    workshops = []
    for w in db.query("SELECT * FROM workshops ORDER BY position, id"):
        wid = w["id"]
        notes = [
            ReportNote(wall=n["wall"], text=n["text"], minute=n["created_minute"])
            for n in db.query(
                "SELECT wall, text, created_minute FROM notes WHERE workshop_id = ?"
                " AND state = 'visible' ORDER BY created_minute, text",
                [wid],
            )
        ]
        workshops.append(
            WorkshopResult(
                code=w["code"],
                title=w["title"],
                room=w["room"] or "",
                starts=w["starts"] or "",
                registered=_count(
                    db, "SELECT count(*) FROM attendee_workshops WHERE workshop_id = ?", [wid]
                ),
                scanned=_count(
                    db, "SELECT count(DISTINCT attendee_id) FROM scans WHERE workshop_id = ?", [wid]
                ),
                answered=_count(
                    db,
                    "SELECT count(DISTINCT a.attendee_id) FROM answers a"
                    " JOIN questions q ON q.id = a.question_id WHERE q.workshop_id = ?",
                    [wid],
                ),
                gave_feedback=_count(
                    db,
                    "SELECT count(*) FROM points WHERE kind = 'feedback' AND ref = ?",
                    [wid],
                ),
                questions=questions.get(w["code"], []),
                tops=[n for n in notes if n.wall == "top"],
                tips=[n for n in notes if n.wall == "tip"],
                photos=[
                    ReportPhoto(sha256=p["sha256"], caption=p["caption"], wall=p["wall"])
                    for p in db.query(
                        "SELECT sha256, caption, wall FROM photos WHERE workshop_id = ?"
                        " AND state = 'visible' ORDER BY created_minute, id",
                        [wid],
                    )
                ],
                hidden=_count(
                    db,
                    "SELECT (SELECT count(*) FROM notes WHERE workshop_id = ?1"
                    " AND state = 'hidden') + (SELECT count(*) FROM photos"
                    " WHERE workshop_id = ?1 AND state = 'hidden')",
                    [wid],
                ),
            )
        )
    headline = Headline(
        attendees=_count(db, "SELECT count(*) FROM attendees"),
        scanned=_count(db, "SELECT count(DISTINCT attendee_id) FROM scans"),
        answered=_count(db, "SELECT count(DISTINCT attendee_id) FROM answers"),
        gave_feedback=_count(
            db, "SELECT count(DISTINCT attendee_id) FROM points WHERE kind = 'feedback'"
        ),
        scans=_count(db, "SELECT count(*) FROM scans"),
        answers=_count(db, f"SELECT count(*) FROM ({queries.FIRST_ANSWERS})"),
        tops=_count(db, "SELECT count(*) FROM notes WHERE wall = 'top' AND state = 'visible'"),
        tips=_count(db, "SELECT count(*) FROM notes WHERE wall = 'tip' AND state = 'visible'"),
        photos=_count(db, "SELECT count(*) FROM photos WHERE state = 'visible'"),
        hidden=_count(
            db,
            "SELECT (SELECT count(*) FROM notes WHERE state = 'hidden')"
            " + (SELECT count(*) FROM photos WHERE state = 'hidden')",
        ),
    )
    made_at = now or datetime.now(UTC)
    return Report(
        event={k: v for k, v in dict(event_row).items() if isinstance(v, (str, int, float))},
        made_at=made_at,
        headline=headline,
        workshops=workshops,
        top=top_five(db),
        questions=[q for qs in questions.values() for q in qs],
        polls=polls.results(db, made_at),
    )


def note_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """Every note on the walls as (workshop, wall, minute, text), for the data exports."""
    return [
        (w.code, n.wall, n.minute, n.text) for w in report.workshops for n in (*w.tops, *w.tips)
    ]


def _quarter(stamp: str) -> str:
    """``HH:MM`` of the quarter hour a timestamp falls in, in this machine's time zone."""
    try:
        moment = datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return "?"
    return f"{moment.hour:02d}:{moment.minute // 15 * 15:02d}"


def dashboard(db: Database, latest: int = 20, now: datetime | None = None) -> Dashboard:
    """The organiser's live view (call inside one read snapshot)."""
    buckets: dict[tuple[str, str], int] = {}
    for stamp, code in db.execute(
        "SELECT s.scanned_at, coalesce(w.code, '?') FROM scans s"
        " LEFT JOIN workshops w ON w.id = s.workshop_id"
    ):
        key = (_quarter(stamp), code)
        buckets[key] = buckets.get(key, 0) + 1
    return Dashboard(
        report=gather(db, now),
        timeline=[
            ScanBucket(start=start, workshop=code, scans=count)
            for (start, code), count in sorted(buckets.items())
        ],
        latest=[
            ReportNote(
                wall=r["wall"], text=r["text"], minute=r["created_minute"], workshop=r["code"]
            )
            for r in db.query(
                "SELECT n.wall, n.text, n.created_minute, w.code FROM notes n"
                " LEFT JOIN workshops w ON w.id = n.workshop_id WHERE n.state = 'visible'"
                " ORDER BY n.created_minute DESC LIMIT ?",
                [latest],
            )
        ],
        pillars=[
            PillarHealth(
                id=r["id"],
                kind=r["kind"],
                name=r["name"],
                workshop=r["code"],
                last_seen=r["last_seen"],
                outbox=r["outbox"],
                clock_offset_ms=r["clock_offset_ms"],
                refused=r["refused"],
                last_refusal=r["last_refusal"],
            )
            for r in db.query(
                "SELECT d.*, w.code FROM devices d LEFT JOIN workshops w ON w.id = d.workshop_id"
                " WHERE d.revoked_at IS NULL AND d.token_hash IS NOT NULL ORDER BY d.kind, d.id"
            )
        ],
    )
