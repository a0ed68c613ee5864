"""A pillar's door code: proof, in its QR code, that a phone saw the pillar today.

The code a pillar shows in ``http://HUB/w/CODE?d=DOOR`` is an HMAC of its
workshop and the day, keyed by the SHA-256 of the pillar's own device token,
which the hub keeps (as it keeps every device token: hashed). The pillar makes
it offline; the hub checks it against the hashes of the workshop's paired
pillars. A phone that opens the page with a valid code counts as being at the
workshop; the same page without one (typed, or an old photo of the code) still
shows the workshop to a session, but records no visit.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

LENGTH = 16  # hex digits: 64 bits, against guessing through the phones' rate limits


def token_hash(token: str) -> str:
    """The SHA-256 of a device token, as the hub stores it (hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def door_code(key: str, workshop: str, day: date) -> str:
    """The door code of a pillar (``key``: its token's hash) for a workshop and a day."""
    message = f"door|{workshop.upper()}|{day.isoformat()}".encode()
    return hmac.new(key.encode("ascii"), message, hashlib.sha256).hexdigest()[:LENGTH]


def valid(code: str | None, keys: list[str], workshop: str, days: list[date]) -> bool:
    """Whether ``code`` is the door code of one of these pillars on one of these days."""
    if not code or len(code) != LENGTH:
        return False
    return any(
        hmac.compare_digest(code, door_code(key, workshop, day)) for key in keys for day in days
    )
