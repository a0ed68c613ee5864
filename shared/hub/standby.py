"""A standby hub: kept restored from the replica, it takes over when the primary is gone.

``zuil hub --standby TARGET --primary URL`` runs :class:`Standby` on a second PC.
Litestream's follow mode (``litestream restore -f``) keeps the standby's copy of
the database current while it asks the primary's ``/health`` once a second.
When the primary has not answered for ``takeover_after`` seconds, or staff said
so (``zuil hub promote``, which leaves a file in the standby's data folder), it
takes over:

1. it fences the replica (``fence.json``): the primary, should it still run or
   come back, refuses to serve from then on (:mod:`shared.hub.replica`);
2. it lets the follower apply what the primary shipped last, then stops it;
3. it writes out the photos, media and keys the database carries;
4. it moves the live stream's numbering on, past any event the primary may
   have sent to walls but not shipped, so a wall resuming by event id there
   misses nothing;
5. it serves, replicating to the same target (a restarted primary can become
   the next standby).

Until then it serves nothing: a device that tries its address gets no answer
and stays with the primary.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlite_utils import Database

from shared import attendees, protocol
from shared.datadir import DataDir
from shared.hub import replica
from shared.hub.replica import Target

log = logging.getLogger("zuil.hub.standby")

TAKEOVER_AFTER_S = 10.0  # how long the primary may be silent before the standby takes over
POLL_S = 1.0  # how often the primary's health is asked
FOLLOW_INTERVAL_S = 1.0  # how often the follower looks for new changes in the replica
PROBE_TIMEOUT_S = 1.0
PROMOTE_FILE = "promote"  # left in the standby's data folder by 'zuil hub promote'
STATE_FILE = "replication.json"  # the running hub's or standby's state, for 'zuil stats'
# Live events the primary might have sent but not shipped: far fewer than this, ever.
LIVE_SEQ_JUMP = 1_000_000
# New attendee ids start this far past the last one shipped: a walk-in the primary
# registered but did not ship keeps the id its ticket was printed with (the desk sends it again)
ATTENDEE_ID_GAP = 1000


@dataclass(frozen=True)
class Takeover:
    """Why and when a standby took over."""

    reason: str
    at: str
    previous: str | None  # the primary's identity, when it was ever seen
    seconds: float  # from deciding to take over to being ready to serve

    def public(self) -> protocol.TakeoverInfo:
        """As shown by the desk and ``zuil stats``."""
        return protocol.TakeoverInfo(
            reason=self.reason, at=self.at, previous=self.previous, seconds=round(self.seconds, 3)
        )


def request_promotion(data: DataDir) -> Path:
    """Ask the standby running on this data folder to take over now (``zuil hub promote``)."""
    data.root.mkdir(parents=True, exist_ok=True)
    path = data.root / PROMOTE_FILE
    path.write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
    return path


class Standby:
    """Follows the replica and the primary's health until it must take over.

    Args:
        data: the standby's own data folder (its database is the replica's copy).
        target: the replica folder the primary streams to.
        primary: the primary's address(es), space separated, whose ``/health`` is watched.
        takeover_after: seconds without an answer from the primary before taking over.
        poll_s: how often the primary is asked.
        follow_interval: how often the follower looks at the replica.
    """

    def __init__(
        self,
        data: DataDir,
        target: Target,
        primary: str,
        *,
        takeover_after: float = TAKEOVER_AFTER_S,
        poll_s: float = POLL_S,
        follow_interval: float = FOLLOW_INTERVAL_S,
    ) -> None:
        self.data = data
        self.target = target
        self.folder = target.need_folder("a standby")
        self.primaries = primary.split()
        self.takeover_after = takeover_after
        self.poll_s = poll_s
        self.follow_interval = follow_interval
        self.hub_id = replica.identity(data)
        self.state: protocol.StandbyPhase = "starting"
        self.primary_id: str | None = None
        self.last_ok: float | None = None
        self._follower: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    # -- watching ----------

    def run(self) -> Takeover:
        """Follow until taking over; returns why, with the database ready to serve."""
        fence = replica.read_fence(self.target)
        if fence is not None and fence.hub_id == self.hub_id and self.data.db_path.exists():
            # this hub took over before and was restarted: it is the primary now
            return Takeover("restarted after taking over", fence.at, None, 0.0)
        self._set_aside_old_database()
        started = time.monotonic()
        with httpx.Client(timeout=PROBE_TIMEOUT_S) as client:
            while True:
                self._keep_following()
                self._probe(client)
                silent = time.monotonic() - (self.last_ok if self.last_ok is not None else started)
                asked = (self.data.root / PROMOTE_FILE).exists()
                ready = self.data.db_path.exists()
                self.state = "following" if ready else "waiting for the replica"
                self._publish(silent)
                if ready and (asked or silent >= self.takeover_after):
                    reason = (
                        "staff promoted it"
                        if asked
                        else f"the primary did not answer for {silent:.0f} s"
                    )
                    return self.take_over(reason)
                time.sleep(self.poll_s)

    def _probe(self, client: httpx.Client) -> None:
        for address in self.primaries:
            try:
                response = client.get(f"{address.rstrip('/')}/health")
            except httpx.HTTPError:
                continue
            if response.status_code == 200:
                self.last_ok = time.monotonic()
                with contextlib.suppress(ValueError):
                    self.primary_id = response.json().get("hub_id") or self.primary_id
                return

    def _keep_following(self) -> None:
        """Start Litestream's follower, again if it ended (no replica yet, say)."""
        if self._follower is not None and self._follower.poll() is None:
            return
        if self._log is None:
            self._log = (self.data.root / replica.LOG).open("ab")
        self.data.root.mkdir(parents=True, exist_ok=True)
        if self._follower is not None and not self.data.db_path.exists():
            time.sleep(self.poll_s)  # nothing to follow yet: the primary has not shipped
        self._follower = subprocess.Popen(
            [
                str(replica.litestream_binary()),
                "restore",
                "-f",
                "-follow-interval",
                f"{int(self.follow_interval * 1000)}ms",
                "-if-replica-exists",
                "-o",
                str(self.data.db_path),
                self.target.db_url,
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=replica.die_with_parent,
        )

    def _publish(self, silent: float) -> None:
        state = protocol.StandbyRunState(
            hub_id=self.hub_id,
            host=socket.gethostname(),
            state=self.state,
            primary=self.primaries[0] if self.primaries else None,
            primary_silent_s=round(silent, 1),
            replica_txid=replica.replica_txid(self.folder),
            written_at=time.time(),
        )
        note = protocol.StandbyNote(
            **state.model_dump(exclude={"role", "written_at"}), at=state.written_at
        )
        with contextlib.suppress(OSError):
            replica.write_standby_state(self.target, note)
        write_state(self.data, state)

    def _set_aside_old_database(self) -> None:
        """A database left here (this PC was the primary) is moved aside: the replica rules."""
        if not self.data.db_path.exists():
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            path = Path(f"{self.data.db_path}{suffix}")
            if path.exists():
                path.replace(Path(f"{self.data.db_path}.before-standby-{stamp}{suffix}"))
        meta = self.data.root / f".{self.data.db_path.name}-litestream"
        if meta.exists():
            meta.replace(self.data.root / f".{self.data.db_path.name}-litestream-{stamp}")
        log.warning("this folder's old database was set aside: it follows the replica now")

    # -- taking over ----------

    def take_over(self, reason: str) -> Takeover:
        """Fence, catch up, stop following and make the database ready to serve."""
        began = time.monotonic()
        self.state = "taking over"
        log.warning("taking over: %s", reason)
        replica.write_fence(self.target, self.hub_id, reason)
        # what the primary shipped before it stopped (or saw the fence) reaches the follower
        time.sleep(self.follow_interval + 0.3)
        replica.stop_process(self._follower)
        self._follower = None
        if self._log is not None:
            self._log.close()
            self._log = None
        with contextlib.suppress(FileNotFoundError):
            (self.data.root / PROMOTE_FILE).unlink()
        files = replica.unpack_files(self.data.db_path, self.data.root)
        move_live_numbering(self.data.db_path)
        with contextlib.closing(Database(self.data.db_path)) as db, db.conn:
            floor = attendees.raise_id_floor(db, ATTENDEE_ID_GAP)
        log.warning("new attendees are numbered from %d on", floor + 1)
        self.state = "promoted"
        takeover = Takeover(
            reason,
            datetime.now(UTC).isoformat(timespec="seconds"),
            self.primary_id,
            time.monotonic() - began,
        )
        log.warning("took over (%d files written out) in %.1f s", files, takeover.seconds)
        return takeover


def move_live_numbering(db_path: Path) -> None:
    """Number the next live events past any the primary may have sent but not shipped."""
    connection = sqlite3.connect(str(db_path))
    try:
        with connection:
            connection.execute(
                "UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'live_events'",
                [LIVE_SEQ_JUMP],
            )
            connection.execute(
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'live_events', ?"
                " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'live_events')",
                [LIVE_SEQ_JUMP],
            )
    finally:
        connection.close()


def write_state(data: DataDir, state: protocol.HubRunState | protocol.StandbyRunState) -> None:
    """The running hub's or standby's replication state, for ``zuil stats``."""
    with contextlib.suppress(OSError):
        replica.write_json(data.root / STATE_FILE, state.model_dump(mode="json"))


def read_state(
    data: DataDir, stale_after: float = 10.0
) -> protocol.HubRunState | protocol.StandbyRunState | None:
    """The state a running hub or standby wrote, or None when none runs here."""
    try:
        state = protocol.RUN_STATE.validate_json((data.root / STATE_FILE).read_bytes())
    except (OSError, ValueError):
        return None
    return None if time.time() - state.written_at > stale_after else state
