"""An attendee's session on their phone: a signed cookie, its CSRF token, rate limits.

The personal link ``/t/TOKEN`` trades the ticket token for a cookie; from then
on the cookie is the phone's only credential. It is signed by the hub, not
stored: the cookie holds a random session id, the ticket token and when the
session began, with an HMAC-SHA256 over them by a secret kept in the hub's
data folder (``keys/phone-session.key``, made on first use). The hub keeps no
session table, so there is nothing to leak but the secret; a session ends when
its cookie expires, when the ticket is replaced at the desk (the token in it
no longer verifies) or when the secret is deleted (every session at once).

The CSRF token of a session is an HMAC of its id, so it needs no storage
either; every POST must carry it (form field or header).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

COOKIE = "zuil_phone"
LANG_COOKIE = "zuil_lang"
# how long a phone stays signed in after opening its link (the event is one or two days)
SESSION_MAX_AGE_S = 3 * 24 * 3600
SECRET_NAME = "phone-session.key"
_VERSION = "v1"


@dataclass(frozen=True)
class Session:
    """A phone's session as its cookie holds it.

    Attributes:
        sid: the random session id (for rate limits and the CSRF token).
        token: the ticket token the session was opened with.
        began: when (Unix seconds).
    """

    sid: str
    token: str
    began: int


def load_secret(keys_dir: Path) -> bytes:
    """The hub's session secret, made (readable by its owner only) on first use."""
    path = keys_dir / SECRET_NAME
    try:
        secret = path.read_bytes()
    except FileNotFoundError:
        keys_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        partial = path.with_suffix(".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secret)
        os.replace(partial, path)
    if len(secret) < 32:
        raise ValueError(f"{path} is too short to be a session secret")
    return secret


class Sessions:
    """Makes and reads session cookies and CSRF tokens with one secret.

    Args:
        secret: at least 32 random bytes.
        max_age_s: how long a cookie stays good.
    """

    def __init__(self, secret: bytes, max_age_s: int = SESSION_MAX_AGE_S) -> None:
        self._secret = secret
        self.max_age_s = max_age_s

    def _mac(self, purpose: bytes, message: bytes) -> bytes:
        return hmac.new(self._secret, purpose + b"\0" + message, hashlib.sha256).digest()

    def open(self, token: str, now: float | None = None) -> str:
        """A new session's cookie value for a verified ticket token."""
        sid = secrets.token_urlsafe(18)
        began = int(time.time() if now is None else now)
        body = f"{_VERSION}.{sid}.{token}.{began}"
        mac = base64.urlsafe_b64encode(self._mac(b"session", body.encode())).decode().rstrip("=")
        return f"{body}.{mac}"

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session a cookie holds; None when absent, forged, malformed or expired."""
        if not cookie or len(cookie) > 600:
            return None
        body, _, mac = cookie.rpartition(".")
        parts = body.split(".")
        if len(parts) != 4 or parts[0] != _VERSION:
            return None
        try:
            given = base64.urlsafe_b64decode(mac + "=" * (-len(mac) % 4))
        except (binascii.Error, ValueError):
            return None
        if not hmac.compare_digest(given, self._mac(b"session", body.encode())):
            return None
        _, sid, token, began_text = parts
        if not began_text.isdigit():
            return None
        began = int(began_text)
        moment = time.time() if now is None else now
        if not began - 60 <= moment <= began + self.max_age_s:
            return None
        return Session(sid=sid, token=token, began=began)

    def csrf(self, session: Session) -> str:
        """The CSRF token every POST of this session must carry."""
        return self._mac(b"csrf", session.sid.encode()).hex()[:32]

    def csrf_ok(self, session: Session, given: str | None) -> bool:
        """Whether ``given`` is this session's CSRF token."""
        return given is not None and hmac.compare_digest(given, self.csrf(session))

    def visit_id(self, serial: int, workshop: str, day: str) -> uuid.UUID:
        """The action id of a ticket's visit to a workshop on a day, the same every time.

        A random-looking version 4 UUID made from an HMAC, so the ledger applies
        one visit per ticket, workshop and day however often the page is opened,
        and nobody without the secret can tell whose visit an id is.
        """
        raw = bytearray(self._mac(b"visit", f"{serial}|{workshop.upper()}|{day}".encode())[:16])
        raw[6] = (raw[6] & 0x0F) | 0x40
        raw[8] = (raw[8] & 0x3F) | 0x80
        return uuid.UUID(bytes=bytes(raw))


class RateLimit:
    """Token buckets by key: ``burst`` posts at once, then ``per_s`` a second.

    Args:
        burst: how many may come at once.
        per_s: how many a second come back.
        keys: how many keys are remembered (the oldest go first).
    """

    def __init__(self, burst: float, per_s: float, keys: int = 20_000) -> None:
        self.burst, self.per_s, self.keys = burst, per_s, keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def take(self, key: str, cost: float = 1.0, now: float | None = None) -> float:
        """Take ``cost`` from ``key``'s bucket; 0 when allowed, else seconds to wait."""
        moment = time.monotonic() if now is None else now
        tokens, last = self._buckets.get(key, (self.burst, moment))
        tokens = min(self.burst, tokens + (moment - last) * self.per_s)
        if tokens < cost:
            self._buckets[key] = (tokens, moment)
            return (cost - tokens) / self.per_s
        if key not in self._buckets and len(self._buckets) >= self.keys:
            self._buckets.pop(next(iter(self._buckets)))
        self._buckets[key] = (tokens - cost, moment)
        return 0.0
