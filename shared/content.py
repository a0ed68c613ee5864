"""Event content in and out of a data folder: the event file (TOML or XLSX) plus its images."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shared import eventfile
from shared.datadir import DataDir
from shared.programme import EventRow
from shared.store import Store

_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_FONT_BYTES = 20 * 1024 * 1024
MAX_LICENCE_BYTES = 256 * 1024
# the files an event file names beside it, each stored in the data folder's media
BRANDING_FILES = ("logo", "map", "font", "font_licence", "board_image")


def _file_problem(field: str, name: str, found: Path) -> str | None:
    """What is wrong with a branding file the event file names, or None."""
    suffix = found.suffix.lower()
    if field == "font":
        allowed, most, kind = set(eventfile.FONT_SUFFIXES), MAX_FONT_BYTES, "a .ttf or .otf font"
    elif field == "font_licence":
        allowed, most, kind = None, MAX_LICENCE_BYTES, "a licence text"
    else:
        allowed, most, kind = _IMAGE_SUFFIXES, MAX_IMAGE_BYTES, "an image file"
    if allowed is not None and suffix not in allowed:
        return f"not {kind} name: {name!r}"
    if not found.is_file():
        what = "the font's licence is missing" if field == "font_licence" else "no such file"
        return f"{what}: {name!r}"
    if found.stat().st_size > most:
        return (
            f"larger than {most // 2**20} MB" if most >= 2**20 else f"larger than {most // 1024} KB"
        )
    if field == "font_licence":
        try:
            found.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return f"not a UTF-8 text file: {name!r}"
    if field == "font" and not eventfile.is_font(found.read_bytes()):
        return f"not a TrueType or OpenType font: {name!r}"
    return None


def branding_names(event: EventRow) -> dict[str, str | None]:
    """The stored names of an event's branding files, by field (None: none)."""
    return {
        "logo": event["logo"],
        "map": event["map"],
        "font": event["font"],
        "font_licence": event["font_licence"],
        "board_image": event["board_image"],
    }


def _stored_suffix(field: str, name: str) -> str:
    """The suffix a branding file is stored under (a licence always as ``.txt``)."""
    return ".txt" if field == "font_licence" else Path(name).suffix


def load(path: Path) -> eventfile.EventFile:
    """Read an event from TOML or, by its name, an XLSX workbook (``shared.eventbook``).

    Raises:
        eventfile.EventFileError: the file is not a valid event.
    """
    if path.suffix.lower() == ".xlsx":
        from shared.eventbook import read_workbook

        return read_workbook(path)
    return eventfile.load(path)


def import_event(
    data: DataDir, store: Store, path: Path, *, on_day: date | None = None
) -> eventfile.EventFile:
    """Validate an event file and put it, with its logo, map and font, into the data folder.

    Args:
        data: the data folder.
        store: its store.
        path: the event file.
        on_day: hold the event on this day instead of the file's dates (the demo);
            the questions' opening and closing times move along, onto that day.

    Raises:
        eventfile.EventFileError: the file or one of its images is not usable;
            nothing was changed.

    """
    content = load(path)
    if on_day is not None:
        moved = content.event.model_copy(update={"starts": on_day, "ends": on_day})
        polls = [
            p.model_copy(update={"opens": _clock(p.opens), "closes": _clock(p.closes)})
            for p in content.polls
        ]
        content = eventfile.parse(
            content.model_copy(update={"event": moved, "polls": polls}).model_dump(), str(path)
        )
    files: dict[str, bytes] = {}
    problems: list[str] = []
    for field in BRANDING_FILES:
        name = getattr(content.event.branding, field)
        if name is None:
            continue
        found = (path.parent / name).resolve()
        problem = _file_problem(field, name, found)
        if problem:
            problems.append(f"event.branding.{field}: {problem}")
        else:
            files[field] = found.read_bytes()
    if problems:
        raise eventfile.EventFileError(str(path), problems)
    media = {
        field: data.store_file(raw, _stored_suffix(field, getattr(content.event.branding, field)))
        for field, raw in files.items()
    }
    store.import_event(content, media)
    data.signer(store)  # an event always has a ticket key from the start
    return content


def _clock(text: str | None) -> str | None:
    """A question's time on the event's (only) day: ``HH:MM`` without its date."""
    return None if text is None else text[-5:]


def export_event(data: DataDir, store: Store, target: Path) -> Path:
    """Write the event file to ``target`` and its images and font beside it; returns ``target``."""
    event = store.event()
    stored_files = branding_names(event) if event else {}
    names: dict[str, str] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    for field, stored in stored_files.items():
        if stored:
            name = f"{target.stem}-{field}{Path(stored).suffix}"
            (target.parent / name).write_bytes(data.media_path(stored).read_bytes())
            names[field] = name
    exported = store.export_event(names)
    if target.suffix.lower() == ".xlsx":
        from shared.eventbook import write_workbook

        write_workbook(exported, target)
    else:
        target.write_text(eventfile.dumps(exported), encoding="utf-8")
    return target
