"""Devices and their roles: one-time pairing codes, bearer tokens (stored hashed), revocation."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict, cast

from sqlite_utils import Database

from shared.protocol import Role
from shared.store import Store, StoreError, utcnow

# Crockford's base32 without I, L, O, U: nothing to confuse when typed from a screen.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAIRING_TTL = timedelta(hours=24)
# wrong pairing codes one address may send per window before it must wait for the next
PAIR_FAILURES = 10
PAIR_WINDOW_S = 60.0
# the addresses remembered at most (the oldest windows go first)
PAIR_ADDRESSES = 4096

log = logging.getLogger("zuil.hub.devices")


@dataclass(frozen=True)
class Device:
    """A paired device, as the hub knows it when it makes a request."""

    id: int
    role: Role
    name: str
    workshop_id: int | None
    workshop_code: str | None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalise_code(code: str) -> str:
    """A pairing code as typed: case, spaces and dashes do not matter; O means 0, I/L mean 1."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def _workshop_id(db: Any, code: str | None) -> int | None:
    """A workshop's id by code (None for no workshop).

    Raises:
        StoreError: the code is unknown.
    """
    if not code:
        return None
    row = db.execute("SELECT id FROM workshops WHERE code = ?", [code]).fetchone()
    if row is None:
        raise StoreError(f"no workshop with code {code!r}")
    return int(row[0])


def create_pairing(
    store: Store, role: Role, *, workshop: str | None = None, name: str = ""
) -> tuple[int, str]:
    """Make a device slot and its one-time pairing code (valid for 24 hours).

    Returns:
        The device id and the code, formatted ``XXXX-XXXX``.

    Raises:
        StoreError: the workshop code is unknown.
    """
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    code = f"{raw[:4]}-{raw[4:]}"
    expires = (datetime.now(UTC) + PAIRING_TTL).isoformat()

    def job(db: Any) -> int:
        workshop_id = _workshop_id(db, workshop)
        cursor = db.execute(
            "INSERT INTO devices (kind, name, pairing_hash, pairing_expires, workshop_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            [role.value, name, _hash(normalise_code(raw)), expires, workshop_id, utcnow()],
        )
        return int(cursor.lastrowid or 0)

    return store.write(job), code


def claim(db: Database, code: str, token: str, name: str = "") -> Device | None:
    """Trade a pairing code for ``token`` (inside a write); None if the code is unknown or used.

    The code works once: it is cleared as the token is stored.
    """
    row = db.execute(
        "SELECT id, pairing_expires FROM devices WHERE pairing_hash = ? AND revoked_at IS NULL",
        [_hash(normalise_code(code))],
    ).fetchone()
    if row is None or row[1] < datetime.now(UTC).isoformat():
        return None
    db.execute(
        "UPDATE devices SET token_hash = ?, pairing_hash = NULL, pairing_expires = NULL,"
        " name = CASE WHEN ? != '' THEN ? ELSE name END, last_seen = ? WHERE id = ?",
        [_hash(token), name, name, utcnow(), row[0]],
    )
    return _load(db, "d.id = ?", row[0])


def pair(store: Store, code: str, name: str = "") -> tuple[Device, str] | None:
    """Trade a pairing code for a bearer token; None if the code is unknown or used."""
    token = new_token()
    device = store.write(claim, code, token, name)
    return (device, token) if device else None


def new_token() -> str:
    """A fresh bearer token (only its hash is stored)."""
    return secrets.token_urlsafe(32)


def by_token(db: Database, token: str) -> Device | None:
    """The device a bearer token belongs to, or None (unknown or revoked)."""
    return _load(db, "d.token_hash = ? AND d.revoked_at IS NULL", _hash(token))


def authenticate(store: Store, token: str) -> Device | None:
    """The device a bearer token belongs to, or None (unknown or revoked)."""
    return store.read(by_token, token)


def is_active(db: Any, device_id: int) -> bool:
    """Whether a device still holds a working token (neither revoked nor purged).

    Takes a read connection, so a caller can ask within a snapshot of its own
    (the live stream asks in the same snapshot it reads events from).
    """
    row = db.execute(
        "SELECT 1 FROM devices WHERE id = ? AND revoked_at IS NULL AND token_hash IS NOT NULL",
        [device_id],
    ).fetchone()
    return row is not None


def active_among(db: Database, device_ids: frozenset[int]) -> frozenset[int]:
    """Which of ``device_ids`` are active (see :func:`is_active`), in one query."""
    rows = db.execute(
        "SELECT id FROM devices WHERE id IN (SELECT value FROM json_each(?))"
        " AND revoked_at IS NULL AND token_hash IS NOT NULL",
        [json.dumps(sorted(device_ids))],
    ).fetchall()
    return frozenset(int(row[0]) for row in rows)


def _load(db: Database, where: str, value: object) -> Device | None:
    row = db.execute(
        "SELECT d.id, d.kind, d.name, d.workshop_id, w.code FROM devices d"
        f" LEFT JOIN workshops w ON w.id = d.workshop_id WHERE {where}",
        [value],
    ).fetchone()
    if row is None:
        return None
    return Device(
        id=row[0], role=Role(row[1]), name=row[2], workshop_id=row[3], workshop_code=row[4]
    )


def seen(db: Database, device_id: int, at: str) -> None:
    """Note that a device was in touch at ``at`` (a wall or desk on its live stream)."""
    db.execute("UPDATE devices SET last_seen = ? WHERE id = ?", [at, device_id])


def revoke(store: Store, device_id: int) -> bool:
    """Revoke a device's token (and any unused pairing code); False if no such device."""

    def job(db: Any) -> bool:
        cursor = db.execute(
            "UPDATE devices SET revoked_at = ?, pairing_hash = NULL WHERE id = ?"
            " AND revoked_at IS NULL",
            [utcnow(), device_id],
        )
        return bool(cursor.rowcount)

    return store.write(job)


def set_workshop(store: Store, device_id: int, workshop: str | None) -> None:
    """Move a pillar to another workshop.

    Raises:
        StoreError: the workshop code is unknown.
    """

    def job(db: Any) -> None:
        db.execute(
            "UPDATE devices SET workshop_id = ? WHERE id = ?",
            [_workshop_id(db, workshop), device_id],
        )

    store.write(job)


class DeviceRow(TypedDict):
    """A device as :func:`list_devices` lists it; ``paired`` is 1 once it holds a token."""

    id: int
    kind: str
    name: str
    workshop: str | None
    created_at: str
    last_seen: str | None
    revoked_at: str | None
    clock_offset_ms: int | None
    outbox: int | None
    paired: int


def list_devices(store: Store) -> list[DeviceRow]:
    """Every device with its state, for staff."""
    rows = store.db.query(
        "SELECT d.id, d.kind, d.name, w.code AS workshop, d.created_at, d.last_seen,"
        " d.revoked_at, d.clock_offset_ms, d.outbox,"
        " d.token_hash IS NOT NULL AS paired FROM devices d"
        " LEFT JOIN workshops w ON w.id = d.workshop_id ORDER BY d.id"
    )
    return cast(list[DeviceRow], list(rows))


@dataclass
class _Window:
    """One address's wrong codes since ``started``."""

    started: float
    failures: int = 0
    logged: bool = False


class PairingGuard:
    """A limit on wrong pairing codes per client address, against guessing them.

    An attempt is counted as wrong before it is tried and uncounted when the
    code was right, so a burst of attempts sent at once cannot slip past the
    limit while the first are still being checked. The table of addresses is
    bounded: expired windows go first, then the oldest.

    Args:
        limit: wrong codes allowed per window.
        window_s: the window's length in seconds, from an address's first wrong code.
        max_addresses: how many addresses are remembered at most.
        clock: seconds, monotonic (tests pass their own).
    """

    def __init__(
        self,
        limit: int = PAIR_FAILURES,
        window_s: float = PAIR_WINDOW_S,
        max_addresses: int = PAIR_ADDRESSES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window_s, self.max_addresses = limit, window_s, max_addresses
        self._clock = clock
        # in the order the windows started, so the oldest is first
        self._windows: OrderedDict[str, _Window] = OrderedDict()

    def __len__(self) -> int:
        return len(self._windows)

    def admit(self, address: str) -> int | None:
        """Count an attempt from ``address``; the seconds it must wait when refused, else None.

        A refusal is logged once per address and window.
        """
        now = self._clock()
        window = self._windows.get(address)
        if window is None or now - window.started >= self.window_s:
            window = _Window(started=now)
            self._windows[address] = window
            self._windows.move_to_end(address)
            self._trim(now)
        if window.failures < self.limit:
            window.failures += 1
            return None
        wait = max(1, math.ceil(window.started + self.window_s - now))
        if not window.logged:
            window.logged = True
            log.warning(
                "pairing refused for %s for %d s: %d wrong codes within %d s",
                address,
                wait,
                window.failures,
                round(self.window_s),
            )
        return wait

    def succeeded(self, address: str) -> None:
        """The attempt :meth:`admit` counted had a right code: it is no wrong one."""
        window = self._windows.get(address)
        if window is not None and window.failures:
            window.failures -= 1

    def _trim(self, now: float) -> None:
        while self._windows:
            oldest = next(iter(self._windows.values()))
            if now - oldest.started < self.window_s and len(self._windows) <= self.max_addresses:
                return
            self._windows.popitem(last=False)
