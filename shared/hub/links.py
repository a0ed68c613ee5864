"""The language of a personal link's pages: asked for, else the browser's, else Dutch."""

from __future__ import annotations

from shared.i18n import Lang


def language(requested: str | None, accept: str | None) -> Lang:
    """``?lang=`` (or a remembered choice) first, else the browser's preference, else Dutch."""
    if requested in ("nl", "en"):
        return Lang(requested)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("nl", "en"):
            return Lang(code)
    return Lang.NL
