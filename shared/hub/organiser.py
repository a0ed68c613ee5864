"""The organiser's routes: the event's content, its logo, map and font, and the purge after."""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations, whose
# role dependencies are local names.
import asyncio
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

from fastapi import Path as PathParam
from fastapi import Request
from sqlite_utils import Database

from shared import programme, protocol, purge
from shared.content import BRANDING_FILES, branding_names
from shared.datadir import verifier_in
from shared.db import StoreError
from shared.eventfile import EventFile, is_font
from shared.hub import polls
from shared.hub.devices import Device
from shared.hub.http import ApiError, Roles, Route
from shared.hub.service import Hub, NotFound
from shared.protocol import API
from shared.tickets import TicketVerifier

# the image types a logo or venue map may be, as the OpenAPI description names them,
# and the event's font and its licence
BRANDING_TYPES = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/svg+xml",
    "font/ttf",
    "font/otf",
    "text/plain",
)
IMAGES = ("logo", "map", "board_image")  # the branding files that are images
MAX_LICENCE_BYTES = 256 * 1024


class NoLicence(ValueError):
    """A font sent before its licence: a font travels with its licence."""


def image_suffix(data: bytes) -> str | None:
    """The file suffix of an image by its first bytes, or None when it is none we take."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in head:
        return ".svg"
    return None


def branding_files(db: Database) -> dict[str, str]:
    """The stored file names of the event's branding files (logo, map, font, licence, board)."""
    event = programme.event(db)
    files = branding_names(event) if event else {}
    return {k: v for k, v in files.items() if v}


def _export(db: Database) -> EventFile:
    return programme.export_event(db, branding_files(db))


def _replace(db: Database, content: EventFile) -> None:
    programme.import_event(db, content, branding_files(db))


async def event_content(hub: Hub) -> EventFile:
    """The event's content as the event file has it (images by their stored names)."""
    return await hub.read(_export)


async def replace_content(hub: Hub, content: EventFile) -> EventFile:
    """Replace the event's content; pillars get it on their next pull.

    The logo, map and font stay as stored (they are uploaded as files, not in here).
    """
    await hub.write(_replace, content)
    return await event_content(hub)


def _purge_rows(
    db: Database, result: purge.PurgeResult, photos_dir: Path
) -> tuple[list[Path], TicketVerifier]:
    """The purge's write, and the verifier that knows every ticket is revoked (same write)."""
    return purge.purge_rows(db, result, photos_dir), verifier_in(db)


async def purge_personal(hub: Hub) -> protocol.PurgeResponse:
    """Remove personal data after the event (every device token goes too, this one's too)."""
    result = purge.PurgeResult()
    doomed, verifier = await hub.write(_purge_rows, result, hub.data.photos_dir)
    hub.use_verifier(verifier)
    await asyncio.to_thread(purge.remove_files, hub.data, result, doomed)
    hub.forget_devices()  # every device token was revoked
    return protocol.PurgeResponse(**asdict(result))


def _set_image(db: Database, column: str, name: str) -> None:
    db.execute(f"UPDATE event SET {column} = ? WHERE id = 1", [name])


async def set_branding_image(hub: Hub, field: str, data: bytes) -> str:
    """Replace the event's logo, venue map, font, font licence or the wall's board image.

    A licence is UTF-8 text; a font (TrueType or OpenType) is taken only once its
    licence is there, so the two always travel together.

    Returns:
        The stored name.

    Raises:
        ValueError: not a PNG, JPEG, WebP or SVG image (logo, map, board image), not a
            font, not text.
        NoLicence: a font while the event has no font licence.
    """
    if field == "font_licence":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("a font licence is UTF-8 text") from None
        if not data.strip() or len(data) > MAX_LICENCE_BYTES:
            raise ValueError("a font licence is UTF-8 text of 1 byte to 256 KB")
        suffix: str | None = ".txt"
    elif field == "font":
        if not is_font(data):
            raise ValueError("not a TrueType or OpenType font")
        suffix = ".otf" if data[:4] == b"OTTO" else ".ttf"
        if "font_licence" not in await hub.read(branding_files):
            raise NoLicence("a font travels with its licence: send the licence first")
    else:
        suffix = image_suffix(data)
    if suffix is None:
        raise ValueError("not a PNG, JPEG, WebP or SVG image")
    name = await asyncio.to_thread(hub.data.store_file, data, suffix)
    column = {f: f for f in BRANDING_FILES}[field]
    await hub.write(_set_image, column, name)
    return name


async def control_poll(hub: Hub, poll_id: int, hand: protocol.PollControl) -> protocol.PollResult:
    """Open or close a question by hand (or leave it to its times), set a vote's phase.

    Raises:
        NotFound: no such question.
        PollError: a phase for a question that is no vote.
    """
    found = await hub.write(polls.control, poll_id, hand, hub.clock())
    if found is None:
        raise NotFound(f"no question {poll_id}")
    return found


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The organiser's routes of ``hub``."""
    ORGANISER = roles.ORGANISER

    async def get_event(me: Annotated[Device, ORGANISER]) -> EventFile:
        return await event_content(hub)

    async def put_event(body: EventFile, me: Annotated[Device, ORGANISER]) -> EventFile:
        try:
            return await replace_content(hub, body)
        except StoreError as error:  # an answered question removed or changed in kind
            raise ApiError(409, "conflict", str(error)) from None

    async def post_purge(
        body: protocol.PurgeRequest, me: Annotated[Device, ORGANISER]
    ) -> protocol.PurgeResponse:
        return await purge_personal(hub)

    async def put_branding(
        field: Annotated[str, PathParam(pattern=f"^({'|'.join(BRANDING_FILES)})$")],
        request: Request,
        me: Annotated[Device, ORGANISER],
    ) -> dict[str, str]:
        try:
            return {field: await set_branding_image(hub, field, await request.body())}
        except NoLicence as error:
            raise ApiError(409, "no_licence", str(error)) from None
        except ValueError as error:
            code = "not_an_image" if field in IMAGES else f"not_a_{field}"
            raise ApiError(415, code, str(error)) from None

    async def put_control(
        poll_id: protocol.Id, body: protocol.PollControl, me: Annotated[Device, ORGANISER]
    ) -> protocol.PollResult:
        try:
            return await control_poll(hub, poll_id, body)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None
        except polls.PollError as error:
            raise ApiError(422, "invalid", str(error)) from None

    return [
        Route("PUT", f"{API}/polls/{{poll_id}}/control", put_control, protocol.PollResult),
        Route("GET", f"{API}/event", get_event, EventFile),
        Route("PUT", f"{API}/event", put_event, EventFile),
        Route("POST", f"{API}/purge", post_purge, protocol.PurgeResponse),
        Route("PUT", f"{API}/event/{{field}}", put_branding, dict[str, str], BRANDING_TYPES),
    ]
