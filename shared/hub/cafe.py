"""The write side of work sessions: ideas, joins and dots applied in sync, the facilitator's hand.

Everything here runs on the store's writer thread, inside the write that
applies a sync group or a facilitator's change, and announces what walls may
see in the same write:

- an idea is stored like a note: no ticket, no device, its minute only, under a
  random id made from its action's id (below 2**52, so a phone's JavaScript
  keeps it exact); it is taken when, at the time it was written, a round was
  running and the round's plan put its table on its question;
- a join counts once per attendee and round (``cafe_joined``, without the
  table), and per table in ``cafe_join_counts``;
- a ticket's dots on a question are one ballot: ``cafe_voted`` says it voted,
  ``idea_dots`` counts the dots per idea, nothing ties the two;
- walls get a ``CAFE`` event (:class:`~shared.protocol.CafeStatus`: counts per
  question and table, never a text) for every change of phase, round, reveal,
  cluster or counts, and an ``IDEA`` event for each change to an idea of a
  revealed question: never a text of one that is not revealed.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

from sqlite_utils import Database

from shared import plaintext, protocol
from shared.hub import cafequeries
from shared.protocol import LiveEventKind, SessionPhase
from shared.worksessions import plan_of

# An idea written this long after its round ended still counts for it: a pillar's
# corrected clock is not exact, and the last words are typed as time runs out.
IDEA_GRACE = timedelta(seconds=30)
IDEA_ID_LIMIT = 2**52
RoundOp = Literal["start", "pause", "resume", "end"]


class Refused(Exception):
    """A facilitator's change that cannot be made: an HTTP status, a code and why not."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _not_found(what: str) -> Refused:
    return Refused(404, "not_found", f"No {what} in this work session.")


@dataclass
class Changes:
    """What a sync pass changed in work sessions: the sessions whose counts moved."""

    sessions: set[int] = field(default_factory=set)


def idea_id(action_id: UUID) -> int:
    """An idea's id, made from its action's (random) id: the same on every hub, below 2**52."""
    digest = hashlib.sha256(b"zuil-idea:" + action_id.bytes).digest()
    return int.from_bytes(digest[:8], "big") % (IDEA_ID_LIMIT - 1) + 1


def _moment(stored: str) -> datetime:
    return datetime.fromisoformat(stored)


def _round_at(db: Database, session_id: int, at: datetime) -> dict[str, Any] | None:
    """The round that was running (or paused) at ``at``: the last one started before it."""
    found = None
    for r in db.query(
        "SELECT * FROM cafe_rounds WHERE session_id = ? AND started_at IS NOT NULL"
        " ORDER BY started_at",
        [session_id],
    ):
        if _moment(r["started_at"]) <= at and (
            r["ended_at"] is None or at <= _moment(r["ended_at"]) + IDEA_GRACE
        ):
            found = r
    return found


# -- actions from the tables (in a sync pass) ----------


def apply_idea(
    db: Database, action: protocol.IdeaAction, at: datetime, received: str, changes: Changes
) -> str | None:
    """Store an idea from a table; returns why not, or None when it was taken.

    Args:
        db: the writer's connection.
        action: the idea.
        at: when the table wrote it, on the hub's clock.
        received: when its batch arrived, as stored (the idea keeps its minute).
        changes: what the pass changed, for the walls' counts.
    """
    row = db.execute(
        "SELECT q.session_id, s.phase, q.revealed, q.text FROM cafe_questions q"
        " JOIN work_sessions s ON s.id = q.session_id WHERE q.id = ?",
        [action.question_id],
    ).fetchone()
    if row is None:
        return f"unknown work-session question {action.question_id}"
    session_id, phase, revealed, _ = row
    if cafequeries.session_of_table(db, action.table_id) != session_id:
        return f"table {action.table_id} is not a table of this question's session"
    if phase in ("vote", "harvest"):
        return f"too late for ideas: the session is in its {phase} phase"
    round_ = _round_at(db, session_id, at)
    if round_ is None:
        return "no round was running when the idea was written"
    plan = plan_of(round_["plan"])
    if plan is not None and action.table_id not in plan:
        return f"in round {round_['position'] + 1} this table sits out"
    if plan is not None and plan[action.table_id] != action.question_id:
        return f"in round {round_['position'] + 1} this table works on another question"
    text = action.text.strip()
    if plaintext.is_blank(text):
        return "empty idea"
    new_id = idea_id(action.id)
    db.execute(
        "INSERT INTO ideas (id, question_id, table_id, round_id, text, state, created_minute)"
        " VALUES (?, ?, ?, ?, ?, 'visible', ?)",
        [new_id, action.question_id, action.table_id, round_["id"], text, received[:16]],
    )
    changes.sessions.add(session_id)
    if revealed:
        _announce_idea(db, new_id, _moment(received))
    return None


def apply_join(
    db: Database, action: protocol.JoinAction, attendee_id: int, at: datetime, changes: Changes
) -> str | None:
    """Count an attendee at a table for the round (running when they scanned, else the next).

    A second scan in the same round, at any table, counts once.
    """
    session_id = cafequeries.session_of_table(db, action.table_id)
    if session_id is None:
        return f"unknown work-session table {action.table_id}"
    round_ = _round_at(db, session_id, at) or next(
        db.query(
            "SELECT * FROM cafe_rounds WHERE session_id = ? AND state = 'waiting'"
            " ORDER BY position LIMIT 1",
            [session_id],
        ),
        None,
    )
    if round_ is None:
        return "the work session has no round to join"
    cursor = db.execute(
        "INSERT INTO cafe_joined (round_id, attendee_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [round_["id"], attendee_id],
    )
    if cursor.rowcount:
        db.execute(
            "INSERT INTO cafe_join_counts (round_id, table_id, count) VALUES (?, ?, 1)"
            " ON CONFLICT (round_id, table_id) DO UPDATE SET count = count + 1",
            [round_["id"], action.table_id],
        )
        changes.sessions.add(session_id)
    return None


def apply_dots(
    db: Database, action: protocol.DotsAction, attendee_id: int, action_id: str
) -> str | None:
    """Spend a ticket's dots on a question's ideas (its one ballot); returns why not, or None.

    Raises:
        sqlite3.IntegrityError: the ballot is this very action, applied before (the
            pass is done again knowing so, and the action is a duplicate).
    """
    row = db.execute(
        "SELECT s.phase, s.dots, s.dots_per_idea FROM cafe_questions q"
        " JOIN work_sessions s ON s.id = q.session_id WHERE q.id = ?",
        [action.question_id],
    ).fetchone()
    if row is None:
        return f"unknown work-session question {action.question_id}"
    phase, dots, per_idea = row
    if phase != "vote":
        return f"dot voting is not open: the session is in its {phase} phase"
    if len(action.ideas) > dots:
        return f"{len(action.ideas)} dots, but a ticket has {dots} per question"
    spent = Counter(action.ideas)
    most = max(spent.values())
    if most > per_idea:
        return f"{most} dots on one idea, but one idea takes at most {per_idea}"
    marks = ",".join("?" * len(spent))
    ideas = {
        r[0]: r[1:]
        for r in db.execute(
            f"SELECT id, question_id, state, merged_into FROM ideas WHERE id IN ({marks})",
            list(spent),
        )
    }
    for chosen in spent:
        found = ideas.get(chosen)
        if found is None or found[0] != action.question_id:
            return f"idea {chosen} is not an idea of this question"
        if found[1] != "visible":
            return f"idea {chosen} is hidden"
        if found[2] is not None:
            return f"idea {chosen} was merged into idea {found[2]}"
    voted = db.execute(
        "SELECT 1 FROM cafe_voted WHERE question_id = ? AND attendee_id = ?",
        [action.question_id, attendee_id],
    ).fetchone()
    if voted:
        if db.execute("SELECT 1 FROM applied_actions WHERE id = ?", [action_id]).fetchone():
            # the same ballot sent again: the ledger decides (see sync.apply_batches)
            raise sqlite3.IntegrityError("UNIQUE constraint failed: applied_actions.id")
        return "this ticket already spent its dots on this question"
    db.execute(
        "INSERT INTO cafe_voted (question_id, attendee_id) VALUES (?, ?)",
        [action.question_id, attendee_id],
    )
    for chosen, count in spent.items():
        db.execute(
            "INSERT INTO idea_dots (idea_id, count) VALUES (?, ?)"
            " ON CONFLICT (idea_id) DO UPDATE SET count = count + excluded.count",
            [chosen, count],
        )
    return None


def announce(db: Database, changes: Changes, at: datetime) -> None:
    """The walls' counts of each session a sync pass changed, timed to the minute only."""
    for session_id in sorted(changes.sessions):
        _announce_status(db, session_id, _minute(at))


# -- live events ----------


def _append(db: Database, event: protocol.LiveEvent) -> None:
    # the live log is sync's, and sync applies the tables' actions through this module
    from shared.hub.sync import append_event

    append_event(db, event)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def _announce_status(db: Database, session_id: int, at: datetime) -> None:
    now = cafequeries.status(db, session_id)
    if now is not None:
        _append(db, protocol.LiveEvent(seq=0, kind=LiveEventKind.CAFE, at=at, cafe=now))


def _announce_idea(db: Database, idea: int, at: datetime) -> None:
    """One change to an idea of a revealed question; a hidden idea goes without its text."""
    info = cafequeries.idea(db, idea)
    if info is None:
        return
    if info.state == "hidden":
        info = info.model_copy(update={"text": "", "tags": []})
    _append(db, protocol.LiveEvent(seq=0, kind=LiveEventKind.IDEA, at=_minute(at), idea=info))


def _announce_ideas(db: Database, question_id: int, at: datetime) -> None:
    """Every visible idea of a question, one event each (on reveal, and with their dots)."""
    for (idea,) in db.execute(
        "SELECT id FROM ideas WHERE question_id = ? AND state = 'visible'"
        " ORDER BY created_minute, id",
        [question_id],
    ).fetchall():
        _announce_idea(db, idea, at)


# -- the facilitator's hand ----------


def _session_row(db: Database, session_id: int) -> dict[str, Any]:
    row = next(db.query("SELECT * FROM work_sessions WHERE id = ?", [session_id]), None)
    if row is None:
        raise Refused(404, "not_found", f"No work session {session_id}.")
    return row


def _status(db: Database, session_id: int) -> protocol.CafeStatus:
    found = cafequeries.status(db, session_id)
    assert found is not None
    return found


def set_phase(
    db: Database, session_id: int, phase: SessionPhase, now: datetime
) -> protocol.CafeStatus:
    """Move a session to ``phase``.

    Leaving *gather* ends the round that runs; *vote* and *harvest* reveal every
    question (nobody votes on what they cannot see); *harvest* closes the vote, and
    every idea goes to the walls again with its dots.
    """
    row = _session_row(db, session_id)
    if row["phase"] == phase:
        return _status(db, session_id)
    if phase != "gather":
        _end_rounds(db, session_id, now)
    db.execute("UPDATE work_sessions SET phase = ? WHERE id = ?", [phase, session_id])
    unrevealed = []
    if phase in ("vote", "harvest"):
        unrevealed = [
            r[0]
            for r in db.execute(
                "SELECT id FROM cafe_questions WHERE session_id = ? AND revealed = 0"
                " ORDER BY position",
                [session_id],
            )
        ]
        db.execute("UPDATE cafe_questions SET revealed = 1 WHERE session_id = ?", [session_id])
    _announce_status(db, session_id, now)
    questions = [
        r[0]
        for r in db.execute(
            "SELECT id FROM cafe_questions WHERE session_id = ? ORDER BY position", [session_id]
        )
    ]
    for question in questions:
        if question in unrevealed or phase == "harvest":
            _announce_ideas(db, question, now)
    return _status(db, session_id)


def _end_rounds(db: Database, session_id: int, now: datetime) -> None:
    db.execute(
        "UPDATE cafe_rounds SET state = 'done', ended_at = ?, ends_at = NULL, left_s = NULL"
        " WHERE session_id = ? AND state IN ('running', 'paused')",
        [now.isoformat(), session_id],
    )


def control_round(
    db: Database, session_id: int, round_id: int, op: RoundOp, now: datetime
) -> protocol.CafeStatus:
    """Start, pause, resume or end a round.

    Starting a round ends the one that runs, and moves a session that was *ready* to
    *gather*; rounds run only while gathering.
    """
    session_row = _session_row(db, session_id)
    row = next(
        db.query(
            "SELECT * FROM cafe_rounds WHERE id = ? AND session_id = ?", [round_id, session_id]
        ),
        None,
    )
    if row is None:
        raise _not_found(f"round {round_id}")
    state = row["state"]
    allowed = {
        "start": ("waiting",),
        "pause": ("running",),
        "resume": ("paused",),
        "end": ("running", "paused"),
    }[op]
    if state not in allowed:
        raise Refused(409, "conflict", f"Round {row['position'] + 1} is {state}: it cannot {op}.")
    if op == "start":
        if session_row["phase"] not in ("ready", "gather"):
            raise Refused(
                409,
                "conflict",
                f"Rounds run while gathering; the session is in {session_row['phase']}.",
            )
        _end_rounds(db, session_id, now)
        if session_row["phase"] == "ready":
            db.execute("UPDATE work_sessions SET phase = 'gather' WHERE id = ?", [session_id])
        values: dict[str, object] = {
            "state": "running",
            "started_at": now.isoformat(),
            "ends_at": (now + timedelta(minutes=row["minutes"])).isoformat(),
            "left_s": None,
        }
    elif op == "pause":
        left = _moment(row["ends_at"]) - now
        values = {
            "state": "paused",
            "ends_at": None,
            "left_s": max(0, math.ceil(left.total_seconds())),
        }
    elif op == "resume":
        values = {
            "state": "running",
            "ends_at": (now + timedelta(seconds=row["left_s"] or 0)).isoformat(),
            "left_s": None,
        }
    else:
        values = {"state": "done", "ended_at": now.isoformat(), "ends_at": None, "left_s": None}
    db.execute(
        f"UPDATE cafe_rounds SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
        [*values.values(), round_id],
    )
    _announce_status(db, session_id, now)
    return _status(db, session_id)


def _question(db: Database, session_id: int, question_id: int) -> dict[str, Any]:
    row = next(
        db.query(
            "SELECT * FROM cafe_questions WHERE id = ? AND session_id = ?",
            [question_id, session_id],
        ),
        None,
    )
    if row is None:
        raise _not_found(f"question {question_id}")
    return row


def reveal(db: Database, session_id: int, question_id: int, now: datetime) -> protocol.CafeStatus:
    """Show a question's ideas on the walls and at every table: each goes out once."""
    _session_row(db, session_id)
    if not _question(db, session_id, question_id)["revealed"]:
        db.execute("UPDATE cafe_questions SET revealed = 1 WHERE id = ?", [question_id])
        _announce_status(db, session_id, now)
        _announce_ideas(db, question_id, now)
    return _status(db, session_id)


def _cluster(db: Database, session_id: int, cluster_id: int) -> dict[str, Any]:
    row = next(
        db.query(
            "SELECT c.*, q.revealed FROM cafe_clusters c"
            " JOIN cafe_questions q ON q.id = c.question_id WHERE c.id = ? AND q.session_id = ?",
            [cluster_id, session_id],
        ),
        None,
    )
    if row is None:
        raise _not_found(f"cluster {cluster_id}")
    return row


def add_cluster(
    db: Database, session_id: int, question_id: int, edit: protocol.ClusterEdit, now: datetime
) -> protocol.ClusterInfo:
    """Make a cluster for a question's ideas (at the end, or at ``edit.position``)."""
    _session_row(db, session_id)
    question = _question(db, session_id, question_id)
    position = edit.position
    if position is None:
        position = int(
            db.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM cafe_clusters WHERE question_id = ?",
                [question_id],
            ).fetchone()[0]
        )
    cursor = db.execute(
        "INSERT INTO cafe_clusters (question_id, label, position) VALUES (?, ?, ?)",
        [question_id, edit.label.strip(), position],
    )
    if question["revealed"]:
        _announce_status(db, session_id, now)
    return protocol.ClusterInfo(
        id=int(cursor.lastrowid or 0),
        question_id=question_id,
        label=edit.label.strip(),
        position=position,
    )


def edit_cluster(
    db: Database, session_id: int, cluster_id: int, edit: protocol.ClusterEdit, now: datetime
) -> protocol.ClusterInfo:
    """Rename a cluster (and move it, when ``edit.position`` is set)."""
    row = _cluster(db, session_id, cluster_id)
    position = row["position"] if edit.position is None else edit.position
    label = edit.label.strip()
    if (label, position) != (row["label"], row["position"]):
        db.execute(
            "UPDATE cafe_clusters SET label = ?, position = ? WHERE id = ?",
            [label, position, cluster_id],
        )
        if row["revealed"]:
            _announce_status(db, session_id, now)
    return protocol.ClusterInfo(
        id=cluster_id, question_id=row["question_id"], label=label, position=position
    )


def delete_cluster(
    db: Database, session_id: int, cluster_id: int, now: datetime
) -> protocol.CafeStatus:
    """Remove a cluster; its ideas stay, in no cluster (each a change the walls get)."""
    row = _cluster(db, session_id, cluster_id)
    members = [
        r[0]
        for r in db.execute(
            "SELECT id FROM ideas WHERE cluster_id = ? ORDER BY id", [cluster_id]
        ).fetchall()
    ]
    db.execute("UPDATE ideas SET cluster_id = NULL WHERE cluster_id = ?", [cluster_id])
    db.execute("DELETE FROM cafe_clusters WHERE id = ?", [cluster_id])
    if row["revealed"]:
        _announce_status(db, session_id, now)
        for member in members:
            _announce_idea(db, member, now)
    return _status(db, session_id)


def edit_idea(
    db: Database, session_id: int, idea: int, edit: protocol.IdeaEdit, now: datetime
) -> protocol.IdeaInfo:
    """The facilitator's change to an idea: one change, one event to the walls.

    ``cluster_id`` 0 takes it out of its cluster; ``merged_into`` its own id undoes a
    merge. Ideas merged into one that is merged now go along into the same idea. Merges
    are made before the vote: once dots are spent, a merge would lose some.
    """
    row = cafequeries.idea_row(db, idea)
    if row is None or cafequeries.session_of_question(db, row["question_id"]) != session_id:
        raise _not_found(f"idea {idea}")
    values: dict[str, object] = {}
    if edit.text is not None:
        text = edit.text.strip()
        if plaintext.is_blank(text):
            raise Refused(422, "invalid", "An idea's text cannot be empty.")
        values["text"] = text
    if edit.tags is not None:
        values["tags"] = json.dumps([t.strip() for t in edit.tags if t.strip()], ensure_ascii=False)
    if edit.state is not None:
        values["state"] = edit.state
    if edit.cluster_id is not None:
        if edit.cluster_id == 0:
            values["cluster_id"] = None
        else:
            cluster = _cluster(db, session_id, edit.cluster_id)
            if cluster["question_id"] != row["question_id"]:
                raise Refused(
                    422, "invalid", f"Cluster {edit.cluster_id} belongs to another question."
                )
            values["cluster_id"] = edit.cluster_id
    followers: list[int] = []
    if edit.merged_into is not None:
        if row["phase"] in ("vote", "harvest") and edit.merged_into != row["merged_into"]:
            raise Refused(
                409, "conflict", "Ideas are merged before the vote: dots spent would be lost."
            )
        if edit.merged_into == idea:
            values["merged_into"] = None
        else:
            target = cafequeries.idea_row(db, edit.merged_into)
            if target is None or target["question_id"] != row["question_id"]:
                raise Refused(
                    422, "invalid", f"Idea {edit.merged_into} is not an idea of the same question."
                )
            if target["merged_into"] is not None:
                raise Refused(
                    409,
                    "conflict",
                    f"Idea {edit.merged_into} is itself merged into idea {target['merged_into']}.",
                )
            if target["state"] != "visible":
                raise Refused(409, "conflict", f"Idea {edit.merged_into} is hidden.")
            values["merged_into"] = edit.merged_into
            followers = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM ideas WHERE merged_into = ? ORDER BY id", [idea]
                ).fetchall()
            ]
    changed = {k: v for k, v in values.items() if row[k] != v}
    if changed:
        db.execute(
            f"UPDATE ideas SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
            [*changed.values(), idea],
        )
        if followers:
            db.execute(
                "UPDATE ideas SET merged_into = ? WHERE merged_into = ?", [edit.merged_into, idea]
            )
        if row["revealed"]:
            _announce_idea(db, idea, now)
            for follower in followers:
                _announce_idea(db, follower, now)
        if "state" in changed:
            _announce_status(db, session_id, now)  # the counts are of visible ideas
    found = cafequeries.idea(db, idea)
    assert found is not None
    return found


def bind_table(db: Database, device_id: int, table_id: int | None) -> protocol.TableBinding:
    """Bind a pillar to a table (None: to none); it then reads that table's ideas."""
    if table_id is not None and cafequeries.session_of_table(db, table_id) is None:
        raise Refused(404, "not_found", f"No work-session table {table_id}.")
    db.execute("UPDATE devices SET cafe_table_id = ? WHERE id = ?", [table_id, device_id])
    return protocol.TableBinding(table_id=table_id)
