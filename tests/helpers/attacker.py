"""An organiser who copied the hub's data folder and tries to tell whose each note and photo is.

What the attacker holds (:class:`Loot`): the database file with its write-ahead
log as copied at the end of the day, the WAL's bytes as copied again and again
during the day (frames a checkpoint has since overwritten included), the photo
files with their names and times, and the hub's log. What the attacker knows
on purpose: who scanned at which pillar when, who answered what, and who gave
how much feedback at which workshop (the points ledger).

Each method (:func:`guesses`) reads one kind of signal and names, for every
note and photo, the attendee it points at:

- ``live-seq``: the item's event in the live log, after the ``stats`` events
  that count the scans so far: the last scan at that pillar before it.
- ``event-time``, ``minute``: the item event's time, the item's stored minute.
- ``photo-mtime``, ``photo-ctime``: a photo file's modification and change time.
- ``log``: a log line that names the item, its photo or its size.
- ``wal-order``: the commit, in the raw WAL frames, that first holds the item's
  row (or its photo's file row), against the commits holding each scan row.
- ``wal-credit``: the first feedback credit at that workshop committed at or
  after the item's commit (the credit names its ticket).

Every method guesses among the attendees known (from the points) to have given
feedback at the item's workshop; where its signal says nothing, it guesses at
random among those of them who scanned there in the minute before the item's.
"""

from __future__ import annotations

import bisect
import json
import os
import random
import re
import sqlite3
import struct
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

Value = int | float | str | bytes | None
Record = tuple[Value, ...]

_WAL_MAGIC = (0x377F0682, 0x377F0683)


class WalTap:
    """Every frame seen in a WAL file across copies taken during the day.

    A checkpoint lets SQLite write the log again from its start; a frame it has
    not overwritten yet keeps the salts of its own generation. Frames are kept
    by (generation, position), so the copies together give every commit in the
    order it was made.
    """

    def __init__(self) -> None:
        self.frames: dict[tuple[int, int], dict[int, tuple[int, bool, bytes]]] = defaultdict(dict)
        self.page_size = 4096
        self.copies = 0

    def take(self, data: bytes) -> None:
        """Read one copy of the WAL file."""
        self.copies += 1
        if len(data) < 32:
            return
        magic, _, page_size = struct.unpack(">III", data[:12])
        if magic not in _WAL_MAGIC:
            return
        self.page_size = page_size
        step = 24 + page_size
        for index, offset in enumerate(range(32, len(data) - step + 1, step)):
            pgno, size_after, salt1, salt2 = struct.unpack(">IIII", data[offset : offset + 16])
            if pgno == 0:
                continue
            page = data[offset + 24 : offset + step]
            self.frames[(salt1, salt2)].setdefault(index, (pgno, size_after != 0, page))

    def commits(self) -> list[list[tuple[int, bytes]]]:
        """Every commit seen, oldest first: the (page number, page) frames each wrote."""
        done: list[list[tuple[int, bytes]]] = []
        # salt-1 grows by one each time the log starts over
        for generation in sorted(self.frames, key=lambda salts: salts[0]):
            frames = self.frames[generation]
            current: list[tuple[int, bytes]] = []
            for index in sorted(frames):
                pgno, commit, page = frames[index]
                current.append((pgno, page))
                if commit:
                    done.append(current)
                    current = []
        return done


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for n in range(9):
        byte = data[at + n]
        if n == 8:
            return (value << 8) | byte, at + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + n + 1
    raise ValueError("varint")


_INT_SIZES = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 8}


def _record(payload: bytes) -> Record:
    header_size, at = _varint(payload, 0)
    types = []
    while at < header_size:
        serial, at = _varint(payload, at)
        types.append(serial)
    body = header_size
    values: list[Value] = []
    for serial in types:
        if serial == 0:
            values.append(None)
        elif serial in _INT_SIZES:
            size = _INT_SIZES[serial]
            values.append(int.from_bytes(payload[body : body + size], "big", signed=True))
            body += size
        elif serial == 7:
            values.append(struct.unpack(">d", payload[body : body + 8])[0])
            body += 8
        elif serial in (8, 9):
            values.append(serial - 8)
        elif serial >= 12:
            size = (serial - 12) // 2
            raw = payload[body : body + size]
            values.append(raw.decode("utf-8", "replace") if serial % 2 else raw)
            body += size
        else:
            raise ValueError("serial type")
    return tuple(values)


def page_records(page: bytes, pgno: int, usable: int) -> Iterator[Record]:
    """The rows a b-tree page holds (table leaves, index leaves and interior index cells).

    A row whose payload overflows the page is read as far as the page holds it.
    """
    start = 100 if pgno == 1 else 0
    kind = page[start]
    if kind not in (0x02, 0x0A, 0x0D):
        return
    cells = int.from_bytes(page[start + 3 : start + 5], "big")
    pointers = start + (12 if kind == 0x02 else 8)
    for n in range(cells):
        at = int.from_bytes(page[pointers + 2 * n : pointers + 2 * n + 2], "big")
        try:
            if kind == 0x02:
                at += 4
            size, at = _varint(page, at)
            rowid = None
            if kind == 0x0D:
                rowid, at = _varint(page, at)
                local = usable - 35
            else:
                local = (usable - 12) * 64 // 255 - 23
            if size > local:
                least = (usable - 12) * 32 // 255 - 23
                spill = least + (size - least) % (usable - 4)
                size = spill if spill <= local else least
            row = _record(page[at : at + size])
        except (ValueError, IndexError):
            continue
        if rowid is not None and row and row[0] is None:
            row = (rowid, *row[1:])  # an INTEGER PRIMARY KEY is the rowid itself
        yield row


def first_commits(tap: WalTap) -> dict[Record, int]:
    """For every row version seen in the WAL, the first commit (by position) that held it."""
    seen: dict[Record, int] = {}
    usable = tap.page_size
    for number, commit in enumerate(tap.commits()):
        for pgno, page in commit:
            for row in page_records(page, pgno, usable):
                seen.setdefault(row, number)
    return seen


@dataclass(frozen=True)
class Scan:
    """A scan as the scans table holds it."""

    id: str
    attendee: int
    workshop: int
    at: datetime  # when it was taken, on the hub's clock
    received: datetime


@dataclass(frozen=True)
class Item:
    """A note or photo as the notes and photos tables hold it."""

    id: str
    workshop: int
    minute: datetime
    sha256: str | None = None


@dataclass
class Loot:
    """What the attacker carried off.

    Attributes:
        db: the database file (its ``-wal`` beside it), copied at the end of the day.
        tap: the WAL frames from the copies taken during the day.
        photos: the hub's photo folder (the files with their own times).
        log: the hub's log file.
        to_day: turns a time of the machine the copies were taken on into the
            day's time (one clock at a venue; the test plays a day in seconds).
    """

    db: Path
    tap: WalTap
    photos: Path
    log: Path
    to_day: Callable[[float], datetime]


@dataclass
class Known:
    """What the attacker reads from the database, and what is linked on purpose."""

    scans: list[Scan]
    items: list[Item]
    feedback: dict[int, set[int]]  # workshop id: attendees with feedback points there
    photo_bytes: dict[str, int]
    events: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def read_known(db_path: Path) -> Known:
    """The tables the attacker starts from."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        scans = [
            Scan(r[0], r[1], r[2], _time(r[3]), _time(r[4]))
            for r in db.execute(
                "SELECT id, attendee_id, workshop_id, scanned_at, received_at FROM scans"
            )
        ]
        items = [
            Item(r[0], r[1], _time(r[2] + ":00+00:00"))
            for r in db.execute("SELECT id, workshop_id, created_minute FROM notes")
        ] + [
            Item(r[0], r[1], _time(r[2] + ":00+00:00"), r[3])
            for r in db.execute("SELECT id, workshop_id, created_minute, sha256 FROM photos")
        ]
        feedback: dict[int, set[int]] = defaultdict(set)
        for attendee, workshop in db.execute(
            "SELECT attendee_id, ref FROM points WHERE kind = 'feedback' AND count > 0"
        ):
            feedback[int(workshop)].add(attendee)
        photo_bytes = dict(db.execute("SELECT sha256, bytes FROM photo_files").fetchall())
        events = [
            (seq, kind, json.loads(payload))
            for seq, kind, payload in db.execute(
                "SELECT seq, kind, payload FROM live_events ORDER BY seq"
            )
        ]
    finally:
        db.close()
    scans.sort(key=lambda s: (s.received, s.at))
    return Known(scans, items, dict(feedback), photo_bytes, events)


class Attacker:
    """Guesses, for each note and photo, whose it is.

    Args:
        loot: what was carried off.
        seed: the chance for guesses where a signal says nothing.
    """

    def __init__(self, loot: Loot, seed: int = 1) -> None:
        self.loot = loot
        self.known = read_known(loot.db)
        self.rng = random.Random(seed)
        self._by_workshop: dict[int, list[Scan]] = defaultdict(list)
        for scan in self.known.scans:
            if scan.attendee in self.known.feedback.get(scan.workshop, set()):
                self._by_workshop[scan.workshop].append(scan)

    # -- what every method falls back on ----------

    def window(self, item: Item) -> list[int]:
        """Who gave feedback at the item's workshop and scanned there the minute before its own."""
        start = item.minute - timedelta(minutes=1)
        return sorted(
            {s.attendee for s in self._by_workshop[item.workshop] if start <= s.at < item.minute}
        )

    def _fallback(self, item: Item) -> int | None:
        candidates = self.window(item) or sorted(self.known.feedback.get(item.workshop, ()))
        return self.rng.choice(candidates) if candidates else None

    def _last_before(self, item: Item, moment: datetime) -> int | None:
        """The last feedback giver at the item's workshop whose scan came before ``moment``."""
        scans = self._by_workshop[item.workshop]
        index = bisect.bisect_right([s.received for s in scans], moment)
        return scans[index - 1].attendee if index else None

    def _decide(self, item: Item, guess: int | None) -> int | None:
        return guess if guess is not None else self._fallback(item)

    # -- the methods ----------

    def guesses(self) -> dict[str, dict[str, int | None]]:
        """Each method's guesses: method name -> item id -> attendee id.

        The photo files' methods guess for photos only; every other method for every item.
        """
        methods: dict[str, Callable[[Item], int | None]] = {
            "live-seq": self._by_live_seq(),
            "event-time": self._by_event_time(),
            "minute": lambda item: self._last_before(item, item.minute),
            "photo-mtime": self._by_photo_time(lambda st: st.st_mtime),
            "photo-ctime": self._by_photo_time(lambda st: st.st_ctime),
            "log": self._by_log(),
            **self._by_wal(),
        }
        photos = [item for item in self.known.items if item.sha256 is not None]
        return {
            name: {
                item.id: self._decide(item, method(item))
                for item in (photos if name.startswith("photo-") else self.known.items)
            }
            for name, method in methods.items()
        }

    def _item_events(self) -> dict[str, tuple[int, datetime]]:
        first: dict[str, tuple[int, datetime]] = {}
        for seq, _, payload in self.known.events:
            item_id = (payload.get("item") or {}).get("id") or payload.get("item_id")
            if item_id and item_id not in first:
                first[item_id] = (seq, _time(payload["at"]))
        return first

    def _by_live_seq(self) -> Callable[[Item], int | None]:
        """Scans counted in the last ``stats`` event before the item's: the last of them there."""
        counted: list[tuple[int, int]] = []  # (seq, scans so far)
        for seq, kind, payload in self.known.events:
            if kind == "stats":
                counted.append((seq, int(payload["stats"]["scans"])))
        seqs = [seq for seq, _ in counted]
        first = self._item_events()
        scans = self.known.scans

        def guess(item: Item) -> int | None:
            if item.id not in first:
                return None
            index = bisect.bisect_left(seqs, first[item.id][0])
            if not index:
                return None
            so_far = scans[: counted[index - 1][1]]
            givers = self.known.feedback.get(item.workshop, set())
            before = [s for s in so_far if s.workshop == item.workshop and s.attendee in givers]
            return before[-1].attendee if before else None

        return guess

    def _by_event_time(self) -> Callable[[Item], int | None]:
        first = self._item_events()

        def guess(item: Item) -> int | None:
            return self._last_before(item, first[item.id][1]) if item.id in first else None

        return guess

    def _by_photo_time(
        self, when: Callable[[os.stat_result], float]
    ) -> Callable[[Item], int | None]:
        def guess(item: Item) -> int | None:
            if item.sha256 is None:
                return None
            path = self.loot.photos / f"{item.sha256}.jpg"
            if not path.exists():
                return None
            return self._last_before(item, self.loot.to_day(when(path.stat())))

        return guess

    def _by_log(self) -> Callable[[Item], int | None]:
        lines = self.loot.log.read_text(encoding="utf-8", errors="replace").splitlines()
        stamped = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) ")

        def guess(item: Item) -> int | None:
            marks = [item.id]
            if item.sha256:
                marks.append(item.sha256)
                size = self.known.photo_bytes.get(item.sha256)
                if size is not None:
                    marks.append(f" {size} ")
            for line in lines:
                found = stamped.match(line)
                if found and any(mark in line for mark in marks):
                    real = datetime.strptime(found[1], "%Y-%m-%d %H:%M:%S,%f").timestamp()
                    return self._last_before(item, self.loot.to_day(real))
            return None

        return guess

    def _by_wal(self) -> dict[str, Callable[[Item], int | None]]:
        rows = first_commits(self.loot.tap)
        first_by_key: dict[Value, int] = {}
        credits: dict[int, list[tuple[int, int]]] = defaultdict(list)  # workshop: (commit, who)
        for row, commit in rows.items():
            if not row:
                continue
            key = row[0]
            if key not in first_by_key or commit < first_by_key[key]:
                first_by_key[key] = commit
            if len(row) >= 4 and row[1] == "feedback" and isinstance(row[2], int):
                attendee = row[0]
                if isinstance(attendee, int):
                    credits[row[2]].append((commit, attendee))
        for found in credits.values():
            found.sort()
        scan_commits: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for scan in self.known.scans:
            held = first_by_key.get(scan.id)
            if held is not None and scan.attendee in self.known.feedback.get(scan.workshop, ()):
                scan_commits[scan.workshop].append((held, scan.attendee))
        for found in scan_commits.values():
            found.sort()

        def item_commit(item: Item) -> int | None:
            keys = [item.id] + ([item.sha256] if item.sha256 else [])
            commits = [first_by_key[k] for k in keys if k in first_by_key]
            return min(commits) if commits else None

        def by_order(item: Item) -> int | None:
            commit = item_commit(item)
            scans = scan_commits[item.workshop]
            if commit is None:
                return None
            index = bisect.bisect_left(scans, (commit, -1))
            return scans[index - 1][1] if index else None

        def by_credit(item: Item) -> int | None:
            commit = item_commit(item)
            found = credits[item.workshop]
            if commit is None:
                return None
            index = bisect.bisect_left(found, (commit, -1))
            return found[index][1] if index < len(found) else None

        return {"wal-order": by_order, "wal-credit": by_credit}
