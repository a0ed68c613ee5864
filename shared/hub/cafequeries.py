"""Read-side SQL of work sessions: the sessions as content, their status, ideas and results.

What a reader may see is decided here: the facilitator sees every idea; a wall
and every table the ideas of revealed questions only; a table pillar its own
table's ideas besides. Dots are None for everyone until the vote closed (the
session reached *harvest*). Each function takes a ``sqlite_utils.Database``, so
it runs on a read connection or inside a write job that announces a change.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from sqlite_utils import Database

from shared import protocol
from shared.worksessions import plan_of

Viewer = Literal["facilitator", "wall", "table"]


def sessions(db: Database, after_rev: int = -1) -> list[protocol.WorkSessionInfo]:
    """Every work session changed after revision ``after_rev`` (all of them by default)."""
    return [
        _session(db, row)
        for row in db.query(
            "SELECT * FROM work_sessions WHERE rev > ? ORDER BY position, id", [after_rev]
        )
    ]


def session(db: Database, session_id: int) -> protocol.WorkSessionInfo | None:
    """One work session by id, or None."""
    row = next(db.query("SELECT * FROM work_sessions WHERE id = ?", [session_id]), None)
    return None if row is None else _session(db, row)


def _session(db: Database, row: dict[str, Any]) -> protocol.WorkSessionInfo:
    sid = row["id"]
    return protocol.WorkSessionInfo(
        id=sid,
        code=row["code"],
        title=row["title"],
        dots=row["dots"],
        dots_per_idea=row["dots_per_idea"],
        phase=row["phase"],
        questions=[
            protocol.CafeQuestionInfo(
                id=q["id"],
                position=q["position"],
                code=q["code"],
                text=q["text"],
                revealed=bool(q["revealed"]),
            )
            for q in db.query(
                "SELECT * FROM cafe_questions WHERE session_id = ? ORDER BY position, id", [sid]
            )
        ],
        tables=[
            protocol.CafeTableInfo(
                id=t["id"], position=t["position"], code=t["code"], name=t["name"], host=t["host"]
            )
            for t in db.query(
                "SELECT * FROM cafe_tables WHERE session_id = ? ORDER BY position, id", [sid]
            )
        ],
        rounds=[
            protocol.CafeRoundInfo(
                id=r["id"],
                position=r["position"],
                minutes=r["minutes"],
                plan=plan_of(r["plan"]),
                state=r["state"],
                ends_at=datetime.fromisoformat(r["ends_at"]) if r["ends_at"] else None,
                left_s=r["left_s"],
            )
            for r in db.query(
                "SELECT * FROM cafe_rounds WHERE session_id = ? ORDER BY position", [sid]
            )
        ],
    )


def session_of_question(db: Database, question_id: int) -> int | None:
    """The session a question belongs to, or None for no such question."""
    row = db.execute("SELECT session_id FROM cafe_questions WHERE id = ?", [question_id]).fetchone()
    return None if row is None else int(row[0])


def status(db: Database, session_id: int) -> protocol.CafeStatus | None:
    """A session now: phase, rounds, idea counts per question and table, joins per round."""
    info = session(db, session_id)
    if info is None:
        return None
    counts = [
        protocol.CafeCount(question_id=r[0], table_id=r[1], ideas=r[2])
        for r in db.execute(
            "SELECT i.question_id, i.table_id, count(*) FROM ideas i"
            " JOIN cafe_questions q ON q.id = i.question_id"
            " WHERE q.session_id = ? AND i.state = 'visible'"
            " GROUP BY i.question_id, i.table_id ORDER BY i.question_id, i.table_id",
            [session_id],
        )
    ]
    participants = {
        int(r[0]): int(r[1])
        for r in db.execute(
            "SELECT c.round_id, sum(c.count) FROM cafe_join_counts c"
            " JOIN cafe_rounds r ON r.id = c.round_id WHERE r.session_id = ?"
            " GROUP BY c.round_id",
            [session_id],
        )
    }
    return protocol.CafeStatus(
        session=info,
        counts=counts,
        participants=participants,
        clusters=clusters(db, session_id, revealed_only=True),
    )


def clusters(
    db: Database, session_id: int, *, revealed_only: bool = False
) -> list[protocol.ClusterInfo]:
    """A session's clusters, by question and place (of revealed questions only, if asked)."""
    revealed = " AND q.revealed = 1" if revealed_only else ""
    return [
        protocol.ClusterInfo(id=r[0], question_id=r[1], label=r[2], position=r[3])
        for r in db.execute(
            "SELECT c.id, c.question_id, c.label, c.position FROM cafe_clusters c"
            " JOIN cafe_questions q ON q.id = c.question_id"
            f" WHERE q.session_id = ?{revealed} ORDER BY q.position, c.position, c.id",
            [session_id],
        )
    ]


_IDEAS = """
    SELECT i.*, q.revealed, s.phase, d.count AS dot_count
      FROM ideas i
      JOIN cafe_questions q ON q.id = i.question_id
      JOIN work_sessions s ON s.id = q.session_id
      LEFT JOIN idea_dots d ON d.idea_id = i.id
"""


def idea_info(row: dict[str, Any]) -> protocol.IdeaInfo:
    """An idea row (of :data:`_IDEAS`) as it is shown: dots only once the vote closed."""
    return protocol.IdeaInfo(
        id=row["id"],
        question_id=row["question_id"],
        table_id=row["table_id"],
        round=row["round_id"],
        text=row["text"],
        cluster_id=row["cluster_id"],
        tags=json.loads(row["tags"]),
        state=row["state"],
        merged_into=row["merged_into"],
        minute=row["created_minute"],
        dots=(row["dot_count"] or 0) if row["phase"] == "harvest" else None,
    )


def idea(db: Database, idea_id: int) -> protocol.IdeaInfo | None:
    """One idea by id, whatever its state, or None."""
    row = next(db.query(_IDEAS + " WHERE i.id = ?", [idea_id]), None)
    return None if row is None else idea_info(row)


def idea_row(db: Database, idea_id: int) -> dict[str, Any] | None:
    """One idea's row with its question's reveal and its session's phase, or None."""
    return next(db.query(_IDEAS + " WHERE i.id = ?", [idea_id]), None)


def ideas(
    db: Database, session_id: int, viewer: Viewer, table_id: int | None = None
) -> tuple[list[protocol.IdeaInfo], int]:
    """The ideas ``viewer`` may see of a session, and how many of them are hidden.

    A wall sees the visible ideas of revealed questions; a table those and its own
    table's visible ideas; the facilitator every idea, hidden ones too. Merged ideas
    come along (``merged_into`` says where they went), so a wall can stack them.
    """
    where = "q.session_id = ?"
    args: list[object] = [session_id]
    if viewer == "wall":
        where += " AND q.revealed = 1"
    elif viewer == "table":
        where += " AND (q.revealed = 1 OR i.table_id = ?)"
        args.append(table_id)
    rows = list(
        db.query(_IDEAS + f" WHERE {where} ORDER BY q.position, i.created_minute, i.id", args)
    )
    hidden = sum(1 for r in rows if r["state"] == "hidden")
    shown = [r for r in rows if viewer == "facilitator" or r["state"] == "visible"]
    return [idea_info(r) for r in shown], hidden


def view(
    db: Database, session_id: int, viewer: Viewer, table_id: int | None = None
) -> protocol.CafeView | None:
    """A session as ``viewer`` shows it (see :func:`ideas`), or None for no such session."""
    now = status(db, session_id)
    if now is None:
        return None
    shown, hidden = ideas(db, session_id, viewer, table_id)
    # a label can tell what the ideas say: only those of revealed questions leave the hub
    every = clusters(db, session_id, revealed_only=viewer != "facilitator")
    return protocol.CafeView(status=now, clusters=every, ideas=shown, hidden=hidden)


def table_of_device(db: Database, device_id: int) -> int | None:
    """The table a pillar is bound to, or None."""
    row = db.execute("SELECT cafe_table_id FROM devices WHERE id = ?", [device_id]).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def table_view(db: Database, device_id: int) -> protocol.CafeView | None:
    """What the table a pillar is bound to shows (see :func:`view`); None when bound to none."""
    table = table_of_device(db, device_id)
    session_id = None if table is None else session_of_table(db, table)
    return None if session_id is None else view(db, session_id, "table", table)


def session_of_table(db: Database, table_id: int) -> int | None:
    """The session a table belongs to, or None for no such table."""
    row = db.execute("SELECT session_id FROM cafe_tables WHERE id = ?", [table_id]).fetchone()
    return None if row is None else int(row[0])


def results(db: Database) -> list[dict[str, Any]]:
    """Every work-session question for ``zuil results --json``: kind ``cafe``, its state.

    Once a question is revealed its ideas come along (text, table, cluster, dots;
    hidden and merged ones left out, their count given), so a script can read the
    harvest. ``state`` is the session's phase; dots are None until the vote closed.
    The ideas come with the most dots first, then by their text.
    """
    found: list[dict[str, Any]] = []
    for info in sessions(db):
        tables = {t.id: t.name for t in info.tables}
        labels = {c.id: c.label for c in clusters(db, info.id)}
        shown, _ = ideas(db, info.id, "facilitator")
        for q in info.questions:
            own = [i for i in shown if i.question_id == q.id]
            entry: dict[str, Any] = {
                "id": q.id,
                "code": f"{info.code}/{q.code}",
                "kind": "cafe",
                "session": info.code,
                "text": q.text,
                "state": info.phase,
                "revealed": q.revealed,
                "count": sum(1 for i in own if i.state == "visible" and i.merged_into is None),
            }
            if q.revealed:
                entry["ideas"] = [
                    {
                        "text": i.text,
                        "table": tables.get(i.table_id, ""),
                        "cluster": labels.get(i.cluster_id) if i.cluster_id else None,
                        "dots": i.dots,
                    }
                    for i in sorted(own, key=lambda i: (-(i.dots or 0), i.text))
                    if i.state == "visible" and i.merged_into is None
                ]
                entry["hidden"] = sum(1 for i in own if i.state == "hidden")
                entry["merged"] = sum(1 for i in own if i.merged_into is not None)
            found.append(entry)
    return found
