"""Signed attendee tickets: the token layout, signing, and the offline verifier.

A ticket token is short ASCII meant for a QR code at error-correction level M.
It carries ids and a serial, never personal data, and is signed with Ed25519 so
that every pillar can check it offline with public keys only.

Byte layout (82 bytes, all integers big-endian)::

    offset  size  field
    0       1     format version (1)
    1       1     key id: index into the event's list of public keys (rotation)
    2       4     event id: random 32-bit number made when the event is created
    6       4     attendee id
    10      4     serial: unique per event, a new one for every (re)issued ticket
    14      2     valid from: days since 2000-01-01
    16      2     valid until (inclusive): days since 2000-01-01
    18      64    Ed25519 signature over bytes 0..17

The token is ``ZU1`` followed by the 82 bytes in RFC 4648 base32 without
padding: 135 characters from ``A-Z2-7``, which QR codes store in alphanumeric
mode (version 6 at level M, 41x41 modules). Only the canonical encoding is
accepted, so no two texts verify as the same ticket.

The token also works inside a personal link, ``http://HUB/t/TOKEN``, and in the
upper-case form of that link a ticket printed at the desk carries in its QR code,
``HTTP://HUB/T/TOKEN`` (see :func:`printed_text`): a phone's camera opens it, a
pillar reads the token out of it and checks it offline as ever.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from shared.i18n import Text

PREFIX = "ZU1"
FORMAT_VERSION = 1
EPOCH = date(2000, 1, 1)
# A ticket's validity is held in days since EPOCH, in 16 bits.
LAST_DAY = EPOCH + timedelta(days=0xFFFF)
_BODY = struct.Struct(">BBIIIHH")
SIGNATURE_SIZE = 64
TOKEN_BYTES = _BODY.size + SIGNATURE_SIZE
TOKEN_LENGTH = len(PREFIX) + (TOKEN_BYTES * 8 + 4) // 5
_U32_MAX = 2**32 - 1
# A personal link, also in the upper-case form printed in a ticket's QR code (see printed_text)
_LINK = re.compile(r"^(?i:https?)://[^/\s]+/[tT]/(?P<token>" + PREFIX + r"[A-Z2-7]+)/?$")
# What a QR code's alphanumeric mode holds: an upper-case link fits it, a lower-case one not.
_ALPHANUMERIC = re.compile(r"^[0-9A-Z $%*+\-./:]+$")


class Verdict(StrEnum):
    """What a scanned text turned out to be."""

    VALID = "valid"
    TAMPERED = "tampered"
    OTHER_EVENT = "other_event"
    REVOKED = "revoked"
    NOT_VALID_NOW = "not_valid_now"
    NOT_A_TICKET = "not_a_ticket"


@dataclass(frozen=True)
class Messages:
    """What to tell the attendee at the pillar and what to tell staff."""

    attendee: Text
    staff: Text


MESSAGES: Mapping[Verdict, Messages] = {
    Verdict.VALID: Messages(
        Text("Welkom!", "Welcome!"),
        Text("Geldig ticket.", "Valid ticket."),
    ),
    Verdict.TAMPERED: Messages(
        Text(
            "Dit ticket kunnen we niet lezen. Meld je bij de registratiebalie.",
            "We cannot read this ticket. Please go to the registration desk.",
        ),
        Text(
            "Handtekening klopt niet: het ticket is beschadigd of vervalst.",
            "Bad signature: the ticket is damaged or forged.",
        ),
    ),
    Verdict.OTHER_EVENT: Messages(
        Text(
            "Dit ticket hoort bij een ander evenement. Meld je bij de registratiebalie.",
            "This ticket belongs to another event. Please go to the registration desk.",
        ),
        Text(
            "Ticket van een ander evenement of met een onbekende sleutel.",
            "Ticket of another event or signed with an unknown key.",
        ),
    ),
    Verdict.REVOKED: Messages(
        Text(
            "Dit ticket is vervangen door een nieuw ticket. "
            "Je nieuwe ticket ligt klaar bij de registratiebalie.",
            "This ticket has been replaced by a new one. "
            "Your new ticket is waiting at the registration desk.",
        ),
        Text(
            "Ingetrokken: er is een nieuwer ticket uitgegeven.",
            "Revoked: a newer ticket has been issued.",
        ),
    ),
    Verdict.NOT_VALID_NOW: Messages(
        Text(
            "Dit ticket is vandaag niet geldig. Meld je bij de registratiebalie.",
            "This ticket is not valid today. Please go to the registration desk.",
        ),
        Text(
            "Buiten de geldigheidsperiode van het ticket.",
            "Outside the ticket's validity period.",
        ),
    ),
    Verdict.NOT_A_TICKET: Messages(
        Text(
            "Dit is geen ticket voor dit evenement. Meld je bij de registratiebalie.",
            "This is not a ticket for this event. Please go to the registration desk.",
        ),
        Text("Geen zuil-ticket.", "Not a zuil ticket."),
    ),
}


@dataclass(frozen=True)
class TicketPayload:
    """The signed content of a ticket."""

    event_id: int
    key_id: int
    attendee_id: int
    serial: int
    valid_from: date
    valid_until: date

    def pack(self) -> bytes:
        """Return the 18 signed bytes of this payload.

        Raises:
            ValueError: a field does not fit its slot.

        """
        for name in ("event_id", "attendee_id", "serial"):
            value = getattr(self, name)
            if not 0 <= value <= _U32_MAX:
                raise ValueError(f"{name} out of range: {value}")
        if not 0 <= self.key_id <= 255:
            raise ValueError(f"key_id out of range: {self.key_id}")
        return _BODY.pack(
            FORMAT_VERSION,
            self.key_id,
            self.event_id,
            self.attendee_id,
            self.serial,
            _days(self.valid_from),
            _days(self.valid_until),
        )


@dataclass(frozen=True)
class Check:
    """The verifier's answer for one scanned text.

    Attributes:
        verdict: what the text is.
        payload: the decoded ticket, for every verdict but ``NOT_A_TICKET``; only
            trust it when ``verdict`` is ``VALID``.

    """

    verdict: Verdict
    payload: TicketPayload | None = None

    @property
    def valid(self) -> bool:
        """Whether the text is a valid ticket of this event, right now."""
        return self.verdict is Verdict.VALID

    @property
    def messages(self) -> Messages:
        """The attendee and staff messages for this verdict."""
        return MESSAGES[self.verdict]


def _days(day: date) -> int:
    n = (day - EPOCH).days
    if not 0 <= n <= 0xFFFF:
        raise ValueError(f"date out of range: {day}")
    return n


class TicketSigner:
    """Mints ticket tokens; only the hub holds one.

    Args:
        private_key: the event's current Ed25519 key.
        event_id: the event's 32-bit id.
        key_id: the index of this key's public half in the event's key list.

    """

    def __init__(self, private_key: Ed25519PrivateKey, *, event_id: int, key_id: int) -> None:
        self._key = private_key
        self.event_id = event_id
        self.key_id = key_id

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key that verifiers need."""
        return self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    def sign(self, *, attendee_id: int, serial: int, valid_from: date, valid_until: date) -> str:
        """Return the token of a ticket (deterministic: same input, same token)."""
        body = TicketPayload(
            event_id=self.event_id,
            key_id=self.key_id,
            attendee_id=attendee_id,
            serial=serial,
            valid_from=valid_from,
            valid_until=valid_until,
        ).pack()
        raw = body + self._key.sign(body)
        return PREFIX + base64.b32encode(raw).decode("ascii").rstrip("=")


def generate_private_key() -> Ed25519PrivateKey:
    """Return a new random Ed25519 key for an event."""
    return Ed25519PrivateKey.generate()


def private_key_to_pem(key: Ed25519PrivateKey) -> bytes:
    """Serialise a private key as unencrypted PKCS#8 PEM, for the hub's data folder."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def private_key_from_pem(pem: bytes) -> Ed25519PrivateKey:
    """Load a private key written by :func:`private_key_to_pem`.

    Raises:
        ValueError: the PEM does not hold an Ed25519 private key.

    """
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 private key")
    return key


def printed_text(token: str, link: str | None) -> str:
    """What a printed ticket's QR code holds: its personal link in upper case, or the token.

    Upper case keeps the QR code in alphanumeric mode (version 7 at level M, 45 x
    45 modules, against version 6 for the bare token); scheme and host are read
    in any case, and the hub answers ``/T/TOKEN`` as ``/t/TOKEN``. A link that
    upper case would change (a host with characters outside the alphanumeric
    set, a lower-case path) or that does not hold this token gives the bare token.

    Args:
        token: the ticket token.
        link: its personal link as the hub made it (``http://HUB/t/TOKEN``), if known.
    """
    if not link:
        return token
    upper = link.upper()
    if not _ALPHANUMERIC.match(upper) or token_from_text(upper) != token:
        return token
    if link.partition("://")[2].partition("/")[2] != f"t/{token}":
        return token
    return upper


def token_from_text(text: str) -> str | None:
    """Return the ticket token inside a scanned text, or None.

    Accepts the bare token and the personal link ``http(s)://HOST/t/TOKEN``, also in
    the upper-case form printed in a ticket's QR code (``HTTP://HOST/T/TOKEN``).
    Surrounding white space (scanners add a newline) is ignored.
    """
    text = text.strip()
    if text.startswith(PREFIX):
        return text
    match = _LINK.match(text)
    return match.group("token") if match else None


def decode(token: str) -> tuple[TicketPayload, bytes, bytes] | None:
    """Split a token into payload, signed bytes and signature, or None if malformed.

    Only the canonical encoding is accepted: exact length, upper-case base32,
    zero padding bits, known format version.
    """
    if len(token) != TOKEN_LENGTH or not token.startswith(PREFIX):
        return None
    body = token[len(PREFIX) :]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != TOKEN_BYTES:
        return None
    # base32 leaves 4 spare bits at the end: a text whose spare bits differ
    # decodes to the same bytes, so insist on the one canonical spelling.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != body:
        return None
    version, key_id, event_id, attendee_id, serial, start, until = _BODY.unpack(raw[: _BODY.size])
    if version != FORMAT_VERSION:
        return None
    payload = TicketPayload(
        event_id=event_id,
        key_id=key_id,
        attendee_id=attendee_id,
        serial=serial,
        valid_from=EPOCH + timedelta(days=start),
        valid_until=EPOCH + timedelta(days=until),
    )
    return payload, raw[: _BODY.size], raw[_BODY.size :]


class TicketVerifier:
    """Checks scanned texts offline, with public keys only.

    Args:
        event_id: the event this device belongs to.
        public_keys: the event's raw 32-byte public keys by key id.
        revoked: serials that were replaced by a newer ticket.

    """

    def __init__(
        self,
        *,
        event_id: int,
        public_keys: Mapping[int, bytes],
        revoked: Container[int] = frozenset(),
    ) -> None:
        self.event_id = event_id
        self._keys = {
            key_id: Ed25519PublicKey.from_public_bytes(raw) for key_id, raw in public_keys.items()
        }
        self.revoked = revoked

    def check(self, text: str, *, today: date) -> Check:
        """Return the verdict for a scanned text (a token or a personal link)."""
        token = token_from_text(text)
        decoded = decode(token) if token is not None else None
        if decoded is None:
            return Check(Verdict.NOT_A_TICKET)
        payload, signed, signature = decoded
        key = self._keys.get(payload.key_id)
        if payload.event_id != self.event_id or key is None:
            return Check(Verdict.OTHER_EVENT, payload)
        try:
            key.verify(signature, signed)
        except InvalidSignature:
            return Check(Verdict.TAMPERED, payload)
        if payload.serial in self.revoked:
            return Check(Verdict.REVOKED, payload)
        if not payload.valid_from <= today <= payload.valid_until:
            return Check(Verdict.NOT_VALID_NOW, payload)
        return Check(Verdict.VALID, payload)
