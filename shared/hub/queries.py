"""Read-side SQL of the hub: content pull, wall items, leaderboard, stats, attendee search.

Each function takes a ``sqlite_utils.Database`` so it runs on any read
connection, or inside a write job when an event needs the fresh figures.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Literal, TypedDict, cast

from sqlite_utils import Database

from shared import protocol, scoring
from shared.hub import cafequeries, polls

# The counted answer of each (attendee, question): the first by time, then action id.
FIRST_ANSWERS = """
    SELECT * FROM (
        SELECT a.*, row_number() OVER (
            PARTITION BY a.attendee_id, a.question_id ORDER BY a.answered_at, a.id
        ) AS nth FROM answers a
    ) WHERE nth = 1
"""


def _fields(model: type[protocol.Wire], row: Mapping[str, object]) -> dict[str, object]:
    """The columns of ``row`` that ``model`` has (tables carry bookkeeping columns too)."""
    return {k: v for k, v in row.items() if k in model.model_fields}


def _cursor_at(db: Database, cursor: int) -> tuple[int, int]:
    """A device's cursor as the store reads it (0 when it is ahead), and the revision now."""
    current = int(db.execute("SELECT value FROM revision").fetchone()[0])
    if cursor > current:  # a cursor from another data folder: start over
        cursor = 0
    return cursor, current


def content_since(db: Database, cursor: int, role: protocol.Role) -> protocol.ContentResponse:
    """What changed after ``cursor``, trimmed to what ``role`` may see.

    Call inside one read transaction (``Store.snapshot``) so cursor and rows agree.

    Args:
        db: a read connection, inside its snapshot.
        cursor: the revision the device has; 0 for everything.
        role: who asks.
    """
    cursor, current = _cursor_at(db, cursor)
    event = next(db.query("SELECT * FROM event WHERE id = 1 AND rev > ?", [cursor]), None)
    workshops = [
        protocol.WorkshopInfo.model_validate(r)
        for r in db.query(
            "SELECT id, code, position, title, room, starts, ends, teaser, info, map_x, map_y"
            " FROM workshops WHERE rev > ? ORDER BY position",
            [cursor],
        )
    ]
    questions: list[protocol.QuestionInfo] = []
    if role in (protocol.Role.KIOSK, protocol.Role.ORGANISER):
        questions = [
            protocol.QuestionInfo.model_validate({**r, "options": json.loads(r["options"])})
            for r in db.query(
                "SELECT id, workshop_id, position, text, kind, options, correct, explanation,"
                " points FROM questions WHERE rev > ? ORDER BY workshop_id, position",
                [cursor],
            )
        ]
    agenda = [
        protocol.AgendaInfo.model_validate(r)
        for r in db.query(
            "SELECT id, position, starts, ends, title, room, workshop_id FROM agenda"
            " WHERE rev > ? ORDER BY position",
            [cursor],
        )
    ]
    keys = [
        protocol.PublicKey.model_validate(r)
        for r in db.query("SELECT key_id, public_key FROM ticket_keys WHERE rev > ?", [cursor])
    ]
    revoked = [
        r[0]
        for r in db.execute(
            "SELECT serial FROM tickets WHERE rev > ? AND revoked_at IS NOT NULL", [cursor]
        )
    ]
    attendees: list[protocol.AttendeeInfo] = []
    if role is protocol.Role.KIOSK:
        attendees = attendees_since(db, cursor)
    deleted = [
        protocol.Deleted(kind=r[0], key=r[1])
        for r in db.execute("SELECT kind, key FROM tombstones WHERE rev > ?", [cursor])
    ]
    return protocol.ContentResponse(
        cursor=current,
        event=protocol.EventInfo.model_validate(_fields(protocol.EventInfo, event))
        if event
        else None,
        workshops=workshops,
        questions=questions,
        agenda=agenda,
        keys=keys,
        revoked=revoked,
        attendees=attendees,
        polls=polls.infos(db, cursor),
        sessions=cafequeries.sessions(db, cursor),
        deleted=deleted,
    )


def content_reply(db: Database, cursor: int, role: protocol.Role, memo: ContentMemo) -> bytes:
    """:func:`content_since` as the JSON a pull is answered with, shared through ``memo``.

    Call inside one read transaction (``Store.snapshot``), as :func:`content_since`.
    """
    cursor, current = _cursor_at(db, cursor)
    return memo.reply(
        (cursor, current, role),
        lambda: content_since(db, cursor, role).model_dump_json().encode(),
    )


def attendees_since(db: Database, cursor: int) -> list[protocol.AttendeeInfo]:
    """The attendees changed after ``cursor``, with their workshops' codes and screen names."""
    return [
        protocol.AttendeeInfo(
            id=r["id"],
            first_name=r["first_name"],
            display=r["display"],
            screen_name=scoring.display_name(r["first_name"], r["last_name"], r["display"]),
            workshops=(r["codes"] or "").split(),
        )
        for r in db.query(
            "SELECT a.id, a.first_name, a.last_name, a.display, (SELECT group_concat(w.code, ' ')"
            " FROM attendee_workshops aw JOIN workshops w ON w.id = aw.workshop_id"
            " WHERE aw.attendee_id = a.id) AS codes FROM attendees a WHERE a.rev > ?",
            [cursor],
        )
    ]


class ContentMemo:
    """The replies of recent content pulls, by cursor, revision and role.

    Every pillar that starts (or a standby's pillars, after a takeover) pulls
    from cursor 0, and with thousands of attendees that reply is 300 kB that
    take 20 ms to read and 2 ms to write as JSON. Everything a pull holds
    comes from revised tables, so the reply for one cursor at one revision
    never changes: it is built once and shared. A few are kept (cursor 0 and
    the pillars' recent cursors); reads come from worker threads, so a lock
    guards the table (two threads may build the same reply at once; both are
    right).

    Args:
        size: how many replies to keep.
    """

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._replies: OrderedDict[tuple[int, int, protocol.Role], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def reply(self, key: tuple[int, int, protocol.Role], build: Callable[[], bytes]) -> bytes:
        """The reply kept for ``key`` (cursor, revision, role), or ``build``'s, kept."""
        with self._lock:
            found = self._replies.get(key)
            if found is not None:
                self._replies.move_to_end(key)
                return found
        found = build()
        with self._lock:
            self._replies[key] = found
            while len(self._replies) > self._size:
                self._replies.popitem(last=False)
        return found


_ITEMS = """
    SELECT 'note' AS type, n.id AS id, n.wall AS wall, n.text AS text, NULL AS photo,
           NULL AS width, NULL AS height,
           n.state, n.flagged, n.created_minute AS minute, w.code AS workshop,
           w.title AS workshop_title
      FROM notes n LEFT JOIN workshops w ON w.id = n.workshop_id {where_n}
    UNION ALL
    SELECT 'photo', p.id, p.wall, p.caption, p.sha256, p.width, p.height, p.state, p.flagged,
           p.created_minute, w.code, w.title
      FROM photos p LEFT JOIN workshops w ON w.id = p.workshop_id {where_p}
"""


class ItemRow(TypedDict):
    """A note or photo as :data:`_ITEMS` reads it, with its moderation state."""

    type: Literal["note", "photo"]
    id: str
    wall: Literal["top", "tip"]
    text: str
    photo: str | None
    width: int | None
    height: int | None
    state: Literal["pending", "visible", "hidden"]
    flagged: str
    minute: str
    workshop: str | None
    workshop_title: str | None


def wall_item(row: ItemRow) -> protocol.WallItem:
    """A note or photo row (from :data:`_ITEMS`) as walls show it."""
    return protocol.WallItem(
        id=row["id"],
        type=row["type"],
        wall=row["wall"],
        text=row["text"],
        workshop=row["workshop"],
        workshop_title=row["workshop_title"],
        photo=row["photo"],
        width=row["width"],
        height=row["height"],
        minute=row["minute"],
    )


def items(db: Database, states: tuple[str, ...] = ("visible",)) -> list[ItemRow]:
    """Notes and photos in the given moderation states, oldest minute first."""
    marks = ",".join("?" * len(states))
    sql = _ITEMS.format(
        where_n=f"WHERE n.state IN ({marks})", where_p=f"WHERE p.state IN ({marks})"
    )
    return cast(list[ItemRow], list(db.query(sql + " ORDER BY minute, id", [*states, *states])))


def latest_notes(db: Database, limit: int = 3) -> list[protocol.WallItem]:
    """The notes most lately on the walls, the latest minute first (within it, any order)."""
    sql = _ITEMS.format(where_n="WHERE n.state = 'visible'", where_p="WHERE 0")
    rows = db.query(sql + " ORDER BY minute DESC, id LIMIT ?", [limit])
    return [wall_item(cast(ItemRow, row)) for row in rows]


def now(db: Database, top: int = 5, notes: int = 3) -> protocol.NowResponse:
    """What a pillar's attract screen shows of the day: the top and the latest notes."""
    return protocol.NowResponse(top=leaderboard(db, top), notes=latest_notes(db, notes))


def item(db: Database, item_id: str) -> ItemRow | None:
    """One note or photo by id, whatever its state."""
    sql = _ITEMS.format(where_n="WHERE n.id = ?", where_p="WHERE p.id = ?")
    return cast(ItemRow | None, next(db.query(sql, [item_id, item_id]), None))


def totals(db: Database) -> dict[int, int]:
    """Points per attendee."""
    return {
        r[0]: r[1]
        for r in db.execute("SELECT attendee_id, sum(points) FROM points GROUP BY attendee_id")
    }


def leaderboard(db: Database, limit: int = 10) -> list[protocol.Standing]:
    """The top of the leaderboard with names only as each attendee allows."""
    standings = scoring.leaderboard(totals(db), limit=limit)
    ids = [s.attendee_id for s in standings]
    marks = ",".join("?" * len(ids))
    names = {
        r["id"]: scoring.display_name(r["first_name"], r["last_name"], r["display"])
        for r in db.query(
            f"SELECT id, first_name, last_name, display FROM attendees WHERE id IN ({marks})", ids
        )
    }
    return [
        protocol.Standing(rank=s.rank, name=names.get(s.attendee_id), points=s.points)
        for s in standings
    ]


def points_of(db: Database, attendee_id: int, limit: int = 5) -> protocol.PointsResponse:
    """An attendee's points, rank, the top of the board and the questions they answered.

    Also the ratings, polls and votes they answered or made a proposal for (not what).
    """
    all_totals = totals(db)
    answered = [
        r[0]
        for r in db.execute(
            "SELECT DISTINCT question_id FROM answers WHERE attendee_id = ?", [attendee_id]
        )
    ]
    parts: dict[str, list[int]] = {"answer": [], "proposal": []}
    for poll_id, part in db.execute(
        # by its key, question by question (keyed by poll first, it has no index on attendee)
        "SELECT poll_id, part FROM poll_answered WHERE poll_id IN (SELECT id FROM polls)"
        " AND part IN ('answer', 'proposal') AND attendee_id = ? ORDER BY poll_id",
        [attendee_id],
    ):
        parts[part].append(poll_id)
    return protocol.PointsResponse(
        points=all_totals.get(attendee_id, 0),
        rank=scoring.rank_of(all_totals, attendee_id),
        top=leaderboard(db, limit),
        answered=answered,
        responded=parts["answer"],
        proposed=parts["proposal"],
    )


def counters(db: Database) -> protocol.Counters:
    """Live counters: scans, answers, tops and tips on the walls, photos."""
    row = db.execute(
        "SELECT (SELECT count(*) FROM scans), (SELECT count(*) FROM answers),"
        " (SELECT count(*) FROM notes WHERE wall = 'top' AND state = 'visible'),"
        " (SELECT count(*) FROM notes WHERE wall = 'tip' AND state = 'visible'),"
        " (SELECT count(*) FROM photos WHERE state = 'visible')"
    ).fetchone()
    return protocol.Counters(scans=row[0], answers=row[1], tops=row[2], tips=row[3], photos=row[4])


def _quiz_tallies(db: Database) -> list[tuple[int, protocol.QuestionResult]]:
    """Every quiz question, by id, with how often it was answered (first answers) and right."""
    tallies = []
    for r in db.query(
        f"""
        SELECT q.id, q.text, q.kind, q.options, q.correct, w.code,
               count(f.id) AS answered, coalesce(sum(f.correct), 0) AS right
          FROM questions q JOIN workshops w ON w.id = q.workshop_id
          LEFT JOIN ({FIRST_ANSWERS}) f ON f.question_id = q.id
         GROUP BY q.id ORDER BY w.position, q.position
        """
    ):
        options = json.loads(r["options"])
        if r["kind"] == "truefalse":
            right_answer = ("waar / true", "niet waar / false")[r["correct"]]
        else:
            right_answer = options[r["correct"]]
        tallies.append(
            (
                r["id"],
                protocol.QuestionResult(
                    workshop=r["code"],
                    text=r["text"],
                    right_answer=right_answer,
                    answered=r["answered"],
                    right=r["right"],
                ),
            )
        )
    return tallies


def quiz_results(db: Database) -> list[protocol.QuestionResult]:
    """Every quiz question with how often it was answered and answered right: the report's."""
    return [result for _, result in _quiz_tallies(db)]


def question_stats(db: Database, k: int) -> list[protocol.QuestionStat]:
    """Every quiz question as walls may see it: how many right only from ``k`` answers on.

    Below ``k`` the hub does not send how many were right at all, so no wall (nor
    anyone reading the wall's stream) can tell what one or two people answered.
    """
    stats = []
    for question_id, q in _quiz_tallies(db):
        shown = q.answered >= k
        stats.append(
            protocol.QuestionStat(
                question_id=question_id,
                workshop=q.workshop,
                text=q.text,
                right_answer=q.right_answer,
                answered=q.answered,
                right=q.right if shown else None,
                share_right=q.share_right if shown else None,
            )
        )
    return stats


def stats(db: Database) -> protocol.Stats:
    """Quiz results per question (first answers, shares from *k* on) and feedback per workshop."""
    k = polls.event_k(db)
    questions = question_stats(db, k)
    feedback = [
        protocol.WallCount(workshop=r[0], tops=r[1], tips=r[2])
        for r in db.execute(
            "SELECT w.code,"
            " (SELECT count(*) FROM notes n WHERE n.workshop_id = w.id AND n.wall = 'top'"
            "  AND n.state = 'visible'),"
            " (SELECT count(*) FROM notes n WHERE n.workshop_id = w.id AND n.wall = 'tip'"
            "  AND n.state = 'visible')"
            " FROM workshops w ORDER BY w.position"
        )
    ]
    return protocol.Stats(
        counters=counters(db), questions=questions, feedback=feedback, min_answers=k
    )


def attendee_summaries(
    db: Database, query: str = "", *, attendee_id: int | None = None, limit: int = 50
) -> list[protocol.AttendeeSummary]:
    """Attendees matching ``query`` (name, organisation, e-mail), with ticket status."""
    where, params = "1", list[object]()
    if attendee_id is not None:
        where, params = "a.id = ?", [attendee_id]
    elif query.strip():
        for word in query.split()[:5]:
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where += (
                " AND (a.first_name LIKE ? ESCAPE '\\' OR a.last_name LIKE ? ESCAPE '\\'"
                " OR a.organisation LIKE ? ESCAPE '\\' OR a.email LIKE ? ESCAPE '\\')"
            )
            params += [like] * 4
    rows = db.query(
        f"""
        SELECT a.*, t.serial, t.issued_at, t.printed_at,
          (SELECT group_concat(w.code, ' ') FROM attendee_workshops aw
             JOIN workshops w ON w.id = aw.workshop_id WHERE aw.attendee_id = a.id) AS codes,
          (SELECT s.scanned_at FROM scans s WHERE s.attendee_id = a.id
             ORDER BY s.scanned_at DESC LIMIT 1) AS last_scan_at,
          (SELECT w.code FROM scans s JOIN workshops w ON w.id = s.workshop_id
             WHERE s.attendee_id = a.id ORDER BY s.scanned_at DESC LIMIT 1) AS last_scan_workshop
        FROM attendees a
        LEFT JOIN tickets t ON t.attendee_id = a.id AND t.revoked_at IS NULL
        WHERE {where} ORDER BY a.last_name, a.first_name, a.id LIMIT ?
        """,
        [*params, limit],
    )
    return [
        protocol.AttendeeSummary(
            id=r["id"],
            first_name=r["first_name"],
            last_name=r["last_name"],
            organisation=r["organisation"],
            email=r["email"],
            phone=r["phone"],
            display=r["display"],
            kind=r["kind"],
            workshops=(r["codes"] or "").split(),
            serial=r["serial"],
            issued_at=r["issued_at"],
            printed_at=r["printed_at"],
            last_scan_at=r["last_scan_at"],
            last_scan_workshop=r["last_scan_workshop"],
        )
        for r in rows
    ]


class Slot(TypedDict):
    """A line of an attendee's agenda; ``starts``, ``ends`` as ``hh:mm``."""

    starts: str
    ends: str | None
    title: str
    room: str
    workshop_id: int | None


def personal_agenda(db: Database, attendee_id: int, *, plenary: bool = True) -> list[Slot]:
    """An attendee's agenda: their workshops' slots, and the plenary ones when asked."""
    general = "a.workshop_id IS NULL OR " if plenary else ""
    rows = db.query(
        f"""
        SELECT a.starts, a.ends, a.title, a.room, a.workshop_id FROM agenda a
        WHERE {general}a.workshop_id IN
          (SELECT workshop_id FROM attendee_workshops WHERE attendee_id = ?)
        ORDER BY a.starts, a.position
        """,
        [attendee_id],
    )
    return cast(list[Slot], list(rows))


def agenda_lines(db: Database, attendee_id: int) -> list[str]:
    """The attendee's own workshop slots as short lines for a printed ticket."""
    return [
        f"{slot['starts']} {slot['title']}" + (f" ({slot['room']})" if slot["room"] else "")
        for slot in personal_agenda(db, attendee_id, plenary=False)
    ]


def deliveries(db: Database, channel: str | None = None) -> list[protocol.Delivery]:
    """Every personal-link delivery, newest change first."""
    where = "WHERE d.channel = ?" if channel else ""
    rows = db.query(
        f"""
        SELECT d.*, a.first_name, a.last_name, a.email, a.phone FROM deliveries d
        JOIN attendees a ON a.id = d.attendee_id {where}
        ORDER BY d.updated_at DESC, d.attendee_id
        """,
        [channel] if channel else [],
    )
    return [
        protocol.Delivery(
            attendee_id=r["attendee_id"],
            name=f"{r['first_name']} {r['last_name']}",
            channel=r["channel"],
            address=r["email"] if r["channel"] == "email" else r["phone"],
            status=r["status"],
            reason=r["reason"],
            attempts=r["attempts"],
            updated_at=r["updated_at"],
        )
        for r in rows
    ]


def photo_sizes(db: Database, photos: set[str]) -> dict[str, tuple[int, int]]:
    """Width and height of each uploaded photo of ``photos`` (by sha256) that is stored."""
    if not photos:
        return {}
    marks = ",".join("?" * len(photos))
    return {
        r[0]: (r[1], r[2])
        for r in db.execute(
            f"SELECT sha256, width, height FROM photo_files WHERE sha256 IN ({marks})",
            list(photos),
        )
    }


def waiting_deliveries(db: Database, channel: str) -> list[int]:
    """Attendees whose personal link on ``channel`` waits to be sent, oldest first."""
    return [
        int(r[0])
        for r in db.execute(
            "SELECT attendee_id FROM deliveries WHERE channel = ?"
            " AND status IN ('queued', 'sending') ORDER BY updated_at, attendee_id",
            [channel],
        )
    ]
