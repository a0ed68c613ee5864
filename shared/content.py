"""Event content in and out of a data folder: the event file (TOML or XLSX) plus its images."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from shared import eventfile
from shared.datadir import DataDir
from shared.store import Store

_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".svg", ".webp"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024


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
    """Validate an event file and put it, with its logo and map, into the data folder.

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
    images: dict[str, bytes] = {}
    problems: list[str] = []
    for field in ("logo", "map"):
        name = getattr(content.event.branding, field)
        if name is None:
            continue
        image = (path.parent / name).resolve()
        suffix = image.suffix.lower()
        if suffix not in _IMAGE_SUFFIXES:
            problems.append(f"event.branding.{field}: not an image file name: {name!r}")
        elif not image.is_file():
            problems.append(f"event.branding.{field}: no such file: {name!r}")
        elif image.stat().st_size > MAX_IMAGE_BYTES:
            problems.append(f"event.branding.{field}: larger than 20 MB")
        else:
            images[field] = image.read_bytes()
    if problems:
        raise eventfile.EventFileError(str(path), problems)
    media = {
        field: data.store_file(raw, (path.parent / getattr(content.event.branding, field)).suffix)
        for field, raw in images.items()
    }
    store.import_event(content, media)
    data.signer(store)  # an event always has a ticket key from the start
    return content


def _clock(text: str | None) -> str | None:
    """A question's time on the event's (only) day: ``HH:MM`` without its date."""
    return None if text is None else text[-5:]


def export_event(data: DataDir, store: Store, target: Path) -> Path:
    """Write the event file to ``target`` and its images beside it; returns ``target``."""
    event = store.event()
    images = {"logo": event["logo"], "map": event["map"]} if event else {}
    names: dict[str, str] = {}
    target.parent.mkdir(parents=True, exist_ok=True)
    for field, stored in images.items():
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
