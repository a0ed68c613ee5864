"""Attendee records as entered or imported, and the registration list reader.

Reading never half-imports: it sorts every row into accepted or rejected (with
the line number and the reason), and the caller stores the accepted rows in
one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.protocol import AttendeeKind
from shared.scoring import Display

if TYPE_CHECKING:
    from shared.sheets import Table

MAX_NAME = 100
_EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;.]{2,}$")
# Control characters and bidirectional overrides never belong in a name.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def _clean_text(value: str, what: str) -> str:
    value = " ".join(value.split())
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES for ch in value):
        raise ValueError(f"{what} contains control or invisible formatting characters")
    return value


def normalise_phone(value: str) -> str:
    """Return a phone number as ``+<digits>``; Dutch ``06…`` becomes ``+316…``.

    A spreadsheet that stored ``0612345678`` as a number drops the zero; nine
    digits starting with 6 are such a Dutch mobile number.

    Raises:
        ValueError: not a plausible phone number.

    """
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+31" + digits[1:]
    elif re.fullmatch(r"6[0-9]{8}", digits):
        digits = "+31" + digits
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", digits):
        raise ValueError(f"not a phone number: {value!r}")
    return digits


def identity(first_name: str, last_name: str, organisation: str, email: str | None) -> str:
    """The key that makes two records the same person: the e-mail, else name + organisation."""
    if email:
        return "email:" + email.casefold()
    return "name:" + "|".join(s.casefold() for s in (first_name, last_name, organisation))


class NewAttendee(BaseModel):
    """An attendee as entered at the desk or read from a registration list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    last_name: Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
    organisation: Annotated[str, Field(max_length=200)] = ""
    email: str | None = None
    phone: str | None = None
    display: Display = Display.INITIAL
    kind: AttendeeKind = AttendeeKind.REGISTERED
    workshops: tuple[str, ...] = ()

    @field_validator("first_name", "last_name", "organisation", mode="before")
    @classmethod
    def _names(cls, value: object) -> object:
        return _clean_text(value, "name") if isinstance(value, str) else value

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        value = value.strip()
        if not value:
            return None
        if len(value) > 254 or not _EMAIL.match(value):
            raise ValueError(f"not an e-mail address: {value!r}")
        return value

    @field_validator("phone", mode="before")
    @classmethod
    def _phone(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return normalise_phone(value) if value.strip() else None

    @field_validator("workshops", mode="before")
    @classmethod
    def _workshops(cls, value: object) -> object:
        if isinstance(value, str):
            value = [code for code in re.split(r"[\s,;|]+", value) if code]
        return value

    def identity(self) -> str:
        """The key that makes two records the same person (see :func:`identity`)."""
        return identity(self.first_name, self.last_name, self.organisation, self.email)

    def with_workshops(self, codes: Iterable[str]) -> Self:
        """A copy with other workshop codes."""
        return self.model_copy(update={"workshops": tuple(codes)})


@dataclass(frozen=True)
class RejectedRow:
    """A row that was not imported, and why."""

    line: int
    reason: str
    values: dict[str, str]


@dataclass
class RosterImport:
    """The outcome of reading a registration list."""

    accepted: list[NewAttendee] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


class RosterError(ValueError):
    """A registration list that cannot be read at all (nothing is imported)."""


_HEADERS = {
    "first_name": ("firstname", "first", "voornaam", "roepnaam", "givenname"),
    "last_name": ("lastname", "last", "achternaam", "surname", "familienaam", "familyname"),
    "organisation": ("organisation", "organization", "organisatie", "cluster", "afdeling", "org"),
    "email": ("email", "emailadres", "mail", "emailaddress"),
    "phone": ("phone", "telefoon", "telefoonnummer", "mobiel", "mobile", "gsm", "tel"),
    "display": ("display", "weergave", "naamweergave", "naamopscherm"),
    "workshops": ("workshops", "workshop", "keuze", "workshopkeuze"),
}
_DISPLAY_WORDS = {
    "full": Display.FULL,
    "volledig": Display.FULL,
    "initial": Display.INITIAL,
    "initiaal": Display.INITIAL,
    "voornaam": Display.INITIAL,
    "hidden": Display.HIDDEN,
    "verborgen": Display.HIDDEN,
    "anoniem": Display.HIDDEN,
    "nee": Display.HIDDEN,
}


def _header_key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def map_headers(headers: Iterable[str]) -> tuple[dict[str, str], list[str]]:
    """Map a file's column names to attendee fields.

    Returns:
        The field for each recognised header, and the headers that were ignored.

    """
    lookup = {alias: name for name, aliases in _HEADERS.items() for alias in (name, *aliases)}
    lookup = {_header_key(k): v for k, v in lookup.items()}
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    for header in headers:
        target = lookup.get(_header_key(header))
        if target is None or target in mapping.values():
            ignored.append(header)
        else:
            mapping[header] = target
    return mapping, ignored


def decode_text(raw: bytes) -> str:
    """A file's text: UTF-8 (with or without BOM), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError("the file is neither UTF-8 nor Windows-1252 text")


def read_rows(
    rows: Iterable[dict[str, str]],
    *,
    first_line: int = 2,
    known_identities: Iterable[str] = (),
    known_workshops: Iterable[str] | None = None,
) -> RosterImport:
    """Sort already mapped rows (field → text) into accepted and rejected.

    Args:
        rows: one dict per data row, keyed by attendee field names.
        first_line: the line number of the first row, for the report.
        known_identities: identities already in the store (duplicates are rejected).
        known_workshops: the event's workshop codes; unknown codes reject the row.

    """
    result = RosterImport()
    seen = set(known_identities)
    codes = {c.upper() for c in known_workshops} if known_workshops is not None else None
    for line, values in enumerate(rows, start=first_line):
        if not any((v or "").strip() for v in values.values()):
            continue
        data: dict[str, object] = {k: (v or "").strip() for k, v in values.items()}
        if "display" in data:
            word = str(data["display"]).casefold()
            if not word:
                del data["display"]
            elif word in _DISPLAY_WORDS:
                data["display"] = _DISPLAY_WORDS[word]
        try:
            attendee = NewAttendee.model_validate(data)
        except ValidationError as error:
            reason = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'row'}: "
                + re.sub(r"^Value error, ", "", e["msg"])
                for e in error.errors()
            )
            result.rejected.append(RejectedRow(line, reason, dict(values)))
            continue
        unknown = [c for c in attendee.workshops if codes is not None and c.upper() not in codes]
        if unknown:
            reason = f"unknown workshop code(s): {', '.join(unknown)}"
            result.rejected.append(RejectedRow(line, reason, dict(values)))
            continue
        if attendee.identity() in seen:
            result.rejected.append(RejectedRow(line, "duplicate attendee", dict(values)))
            continue
        seen.add(attendee.identity())
        result.accepted.append(attendee)
    return result


def read_table(
    table: Table,
    *,
    known_identities: Iterable[str] = (),
    known_workshops: Iterable[str] | None = None,
) -> RosterImport:
    """Sort a table read from a file, with its columns mapped by their names.

    Raises:
        RosterError: no column for first or last names.

    """
    mapping, ignored = map_headers(table.headers)
    missing = {"first_name", "last_name"} - set(mapping.values())
    if missing:
        raise RosterError(
            "no column for "
            + " and ".join(sorted(missing))
            + f" (columns: {', '.join(table.headers)})"
        )
    by_index = {i: mapping[h] for i, h in enumerate(table.headers) if h in mapping}
    result = read_rows(
        table.records(by_index),
        first_line=table.first_line,
        known_identities=known_identities,
        known_workshops=known_workshops,
    )
    result.ignored_columns = ignored
    return result


def read_csv(
    source: Path | bytes,
    *,
    known_identities: Iterable[str] = (),
    known_workshops: Iterable[str] | None = None,
) -> RosterImport:
    """Read a registration list in CSV (comma, semicolon or tab; UTF-8 or Windows-1252).

    Raises:
        RosterError: the file has no header with first and last names, or is no text.

    """
    from shared.sheets import read_csv_table

    raw = source.read_bytes() if isinstance(source, Path) else source
    return read_table(
        read_csv_table(raw), known_identities=known_identities, known_workshops=known_workshops
    )
