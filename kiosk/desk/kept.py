"""Walk-ins the desk keeps after the hub acknowledged them, to send a new hub.

Replication to a standby runs a few seconds behind: when the primary dies just after
registering a walk-in, the standby that takes over never heard of them, yet their
ticket is printed. The desk keeps each walk-in it registered for a while (15 minutes:
far beyond the replica's lag) in a file of its own folder, and sends them all to a
hub it has not talked to before (:meth:`shared.hub.desk.replay` registers each once,
under the attendee id and ticket serial it was printed with).

The file holds personal details, so it is readable by its owner only and every entry
leaves it when its time is up.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from shared import protocol
from shared.tickets import decode

log = logging.getLogger("zuil.desk")
KEEP_S = 15 * 60


class _Kept(protocol.Wire):
    kept: protocol.KeptWalkIn
    until: float


_FILE: TypeAdapter[list[_Kept]] = TypeAdapter(list[_Kept])


class KeptWalkIns:
    """The walk-ins this desk registered lately, kept in ``path`` for ``keep_s`` seconds.

    Args:
        path: the file (in the desk's folder).
        keep_s: how long a walk-in is kept after the hub acknowledged it.
        clock: the time in seconds (tests move it).
    """

    def __init__(
        self, path: Path, keep_s: float = KEEP_S, clock: Callable[[], float] = time.time
    ) -> None:
        self.path, self.keep_s, self.clock = path, keep_s, clock

    def add(self, walk_in: protocol.WalkIn, ticket: protocol.IssuedTicket) -> None:
        """Keep a walk-in the hub registered, with the ticket it was printed with."""
        decoded = decode(ticket.token)
        if walk_in.client_id is None or decoded is None:
            return  # nothing a new hub could recognise it by
        payload = decoded[0]
        kept = protocol.KeptWalkIn(
            walk_in=walk_in,
            attendee_id=payload.attendee_id,
            serial=payload.serial,
            key_id=payload.key_id,
            valid_from=payload.valid_from,
            valid_until=payload.valid_until,
        )
        self._write([*self._current(), _Kept(kept=kept, until=self.clock() + self.keep_s)])

    def all(self) -> list[protocol.KeptWalkIn]:
        """Every walk-in still kept, oldest first (those past their time are dropped)."""
        current = self._current()
        self._write(current)
        return [k.kept for k in current]

    def _current(self) -> list[_Kept]:
        try:
            entries = _FILE.validate_json(self.path.read_bytes())
        except (OSError, ValidationError):
            return []  # none, or damaged: what it held is lost, the desk goes on
        now = self.clock()
        return [e for e in entries if e.until > now]

    def _write(self, entries: list[_Kept]) -> None:
        """Write the file; a disk that refuses costs the keeping, never the registration."""
        try:
            if not entries:
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            spare = self.path.with_suffix(".tmp")
            fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(_FILE.dump_json(entries))
            spare.replace(self.path)
        except OSError as error:
            log.warning("recent walk-ins not kept (%s): a new hub would miss them", error)
