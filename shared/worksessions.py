"""Work sessions in the store: the event file's sessions in and out, ids kept by code.

Sessions are matched by code, their questions and tables by code within the
session and their rounds by position, so the ideas, dots and joins that refer
to them survive an organiser's edit and re-import. What a session is doing now
(its phase, each round's clock, which questions are revealed) is not content:
a re-import leaves it as it is. Functions of a connection, for
:meth:`shared.db.Engine.write` (import) and :meth:`shared.db.Engine.read` (export).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from shared import eventfile
from shared.db import StoreError


def import_sessions(db: Database, sessions: list[eventfile.WorkSession]) -> None:
    """Put the event file's work sessions in the store, replacing the previous ones.

    A session, question, table or round that is no longer in the file is removed.

    Raises:
        StoreError: ideas, dots or joins refer to one that is no longer in the file (what
            happened in a session is never lost); nothing changes.
    """
    _refuse_removing_used(db, sessions)
    kept: list[int] = []
    for position, session in enumerate(sessions):
        values = {
            "code": session.code,
            "position": position,
            "title": session.title,
            "dots": session.dots,
            "dots_per_idea": session.dots_per_idea,
        }
        session_id = _upsert(db, "work_sessions", "code = ?", [session.code], values)
        kept.append(session_id)
        questions = {
            q.code.upper(): _upsert(
                db,
                "cafe_questions",
                "session_id = ? AND code = ?",
                [session_id, q.code],
                {"session_id": session_id, "code": q.code, "position": n, "text": q.text},
            )
            for n, q in enumerate(session.questions)
        }
        tables = {
            t.code.upper(): _upsert(
                db,
                "cafe_tables",
                "session_id = ? AND code = ?",
                [session_id, t.code],
                {
                    "session_id": session_id,
                    "code": t.code,
                    "position": n,
                    "name": t.name,
                    "host": t.host,
                },
            )
            for n, t in enumerate(session.tables)
        }
        for n, round_ in enumerate(session.rounds):
            plan = None
            if round_.plan is not None:
                plan = json.dumps(
                    {
                        str(tables[table.upper()]): questions[question.upper()]
                        for table, question in sorted(round_.plan.items())
                    }
                )
            _upsert(
                db,
                "cafe_rounds",
                "session_id = ? AND position = ?",
                [session_id, n],
                {"session_id": session_id, "position": n, "minutes": round_.minutes, "plan": plan},
            )
        _prune(db, session_id, list(questions.values()), list(tables.values()), len(session.rounds))
    for (gone,) in db.execute(
        "SELECT id FROM work_sessions WHERE id NOT IN (SELECT value FROM json_each(?))",
        [json.dumps(kept)],
    ).fetchall():
        _prune(db, gone, [], [], 0)
        db.execute(
            "DELETE FROM work_sessions WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cafe_questions"
            " WHERE session_id = ?) AND NOT EXISTS (SELECT 1 FROM cafe_tables WHERE session_id = ?)"
            " AND NOT EXISTS (SELECT 1 FROM cafe_rounds WHERE session_id = ?)",
            [gone, gone, gone, gone],
        )


# what refers to a session's questions, tables and rounds: what happened in it
_USES = {
    "question": ("ideas", "cafe_voted"),
    "table": ("ideas", "cafe_join_counts"),
    "round": ("ideas", "cafe_join_counts", "cafe_joined"),
}
_COLUMNS = {"question": "question_id", "table": "table_id", "round": "round_id"}


def _used(db: Database, part: str, row_id: int) -> bool:
    column = _COLUMNS[part]
    return any(
        db.execute(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1", [row_id]).fetchone()
        for table in _USES[part]
    )


def _refuse_removing_used(db: Database, sessions: list[eventfile.WorkSession]) -> None:
    """Refuse an import that leaves out a question, table or round something refers to.

    Raises:
        StoreError: naming the session and what cannot go.
    """
    wanted = {s.code: s for s in sessions}  # matched as the import matches them
    for stored in db.query("SELECT id, code FROM work_sessions ORDER BY position, id"):
        session = wanted.get(stored["code"])
        keep = {
            "question": {q.code for q in session.questions} if session else set(),
            "table": {t.code for t in session.tables} if session else set(),
        }
        for part, table in (("question", "cafe_questions"), ("table", "cafe_tables")):
            for row in db.query(
                f"SELECT id, code FROM {table} WHERE session_id = ? ORDER BY position, id",
                [stored["id"]],
            ):
                if row["code"] not in keep[part] and _used(db, part, row["id"]):
                    raise StoreError(
                        f"work session {stored['code']!r}: {part} {row['code']!r} has ideas,"
                        " dots or joins and cannot be removed"
                    )
        rounds = len(session.rounds) if session else 0
        for row in db.query(
            "SELECT id, position FROM cafe_rounds WHERE session_id = ? AND position >= ?"
            " ORDER BY position",
            [stored["id"], rounds],
        ):
            if _used(db, "round", row["id"]):
                raise StoreError(
                    f"work session {stored['code']!r}: round {row['position'] + 1} has ideas"
                    " or joins and cannot be removed"
                )


def _prune(
    db: Database, session_id: int, questions: list[int], tables: list[int], rounds: int
) -> None:
    """Remove a session's questions, tables and rounds that are gone, if nothing refers to them."""
    q_keep = "(SELECT value FROM json_each(?))"
    db.execute(
        "DELETE FROM cafe_clusters WHERE question_id IN (SELECT id FROM cafe_questions"
        f" WHERE session_id = ? AND id NOT IN {q_keep})"
        " AND id NOT IN (SELECT cluster_id FROM ideas WHERE cluster_id IS NOT NULL)",
        [session_id, json.dumps(questions)],
    )
    db.execute(
        f"DELETE FROM cafe_questions WHERE session_id = ? AND id NOT IN {q_keep}"
        " AND id NOT IN (SELECT question_id FROM ideas)"
        " AND id NOT IN (SELECT question_id FROM cafe_voted)"
        " AND id NOT IN (SELECT question_id FROM cafe_clusters)",
        [session_id, json.dumps(questions)],
    )
    gone_tables = (
        "SELECT id FROM cafe_tables WHERE session_id = ?"
        " AND id NOT IN (SELECT value FROM json_each(?))"
    )
    db.execute(
        f"UPDATE devices SET cafe_table_id = NULL WHERE cafe_table_id IN ({gone_tables})",
        [session_id, json.dumps(tables)],
    )
    db.execute(
        f"DELETE FROM cafe_tables WHERE id IN ({gone_tables})"
        " AND id NOT IN (SELECT table_id FROM ideas)"
        " AND id NOT IN (SELECT table_id FROM cafe_join_counts)",
        [session_id, json.dumps(tables)],
    )
    db.execute(
        "DELETE FROM cafe_rounds WHERE session_id = ? AND position >= ?"
        " AND id NOT IN (SELECT round_id FROM ideas WHERE round_id IS NOT NULL)"
        " AND id NOT IN (SELECT round_id FROM cafe_join_counts)"
        " AND id NOT IN (SELECT round_id FROM cafe_joined)",
        [session_id, rounds],
    )


def export_sessions(db: Database) -> list[eventfile.WorkSessionDraft]:
    """The store's work sessions as the event file has them (a read connection)."""
    result: list[eventfile.WorkSessionDraft] = []
    for s in db.query("SELECT * FROM work_sessions ORDER BY position, id"):
        questions = list(
            db.query(
                "SELECT id, code, text FROM cafe_questions WHERE session_id = ?"
                " ORDER BY position, id",
                [s["id"]],
            )
        )
        tables = list(
            db.query(
                "SELECT id, code, name, host FROM cafe_tables WHERE session_id = ?"
                " ORDER BY position, id",
                [s["id"]],
            )
        )
        q_codes = {q["id"]: q["code"] for q in questions}
        t_codes = {t["id"]: t["code"] for t in tables}
        rounds: list[eventfile.CafeRoundDraft] = []
        for r in db.query(
            "SELECT minutes, plan FROM cafe_rounds WHERE session_id = ? ORDER BY position",
            [s["id"]],
        ):
            plan = plan_of(r["plan"])
            rounds.append(
                {
                    "minutes": r["minutes"],
                    "plan": None
                    if plan is None
                    else {
                        t_codes[t]: q_codes[q]
                        for t, q in plan.items()
                        if t in t_codes and q in q_codes
                    },
                }
            )
        result.append(
            {
                "code": s["code"],
                "title": s["title"],
                "dots": s["dots"],
                "dots_per_idea": s["dots_per_idea"],
                "questions": [{"code": q["code"], "text": q["text"]} for q in questions],
                "tables": [
                    {"code": t["code"], "name": t["name"], "host": t["host"]} for t in tables
                ],
                "rounds": rounds,
            }
        )
    return result


def plan_of(stored: str | None) -> dict[int, int] | None:
    """A round's plan as stored (JSON, table id -> question id), or None: every question."""
    if stored is None:
        return None
    return {int(t): int(q) for t, q in json.loads(stored).items()}


def _upsert(
    db: Database, table: str, where: str, key: list[Any], values: Mapping[str, object]
) -> int:
    """Update the row ``where`` finds when it differs, or insert one; returns its id.

    An unchanged row keeps its revision, so pillars do not pull what was not edited.
    """
    row = next(db.query(f"SELECT * FROM {table} WHERE {where}", key), None)
    if row is None:
        columns = ", ".join(values)
        cursor = db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        return int(cursor.lastrowid or 0)
    if any(row.get(k) != v for k, v in values.items()):
        db.execute(
            f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
            [*values.values(), row["id"]],
        )
    return int(row["id"])
