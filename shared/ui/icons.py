"""The icon set: Lucide's open-licensed SVG icons (ISC, ``assets/icons/LICENSE-lucide.txt``).

Icons are line drawings in ``currentColor``; :func:`svg` gives one in the colour
of the role it is drawn in, for any renderer (QtSvg's image plugin on the
screens, the browser on the phone pages). Only the icons the apps use are
shipped, as they came from ``lucide-static`` 1.62.0.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from shared.datadir import assets_dir
from shared.ui.colour import channels


class Icon(StrEnum):
    """An icon by what it says, valued by its file name in ``assets/icons``."""

    SCAN = "scan-line"
    QR = "qr-code"
    QUIZ = "circle-help"
    NOTE = "message-square-plus"
    TOP = "thumbs-up"
    TIP = "thumbs-down"
    PHOTO = "camera"
    POINTS = "trophy"
    MAP = "map"
    AGENDA = "calendar-days"
    INFO = "info"
    RATING = "star"
    RESULTS = "chart-column"
    VOTE = "vote"
    IDEA = "lightbulb"
    PEOPLE = "users"
    CHECK = "check"
    RIGHT = "circle-check"
    WRONG = "circle-x"
    ONLINE = "wifi"
    OFFLINE = "wifi-off"
    UNREACHABLE = "cloud-off"
    PRINT = "printer"
    TICKET = "ticket"
    WALK_IN = "user-plus"
    SEARCH = "search"
    SHOWN = "eye"
    HIDDEN = "eye-off"
    MODERATION = "shield-check"
    SETTINGS = "settings"
    BACK = "arrow-left"
    LANGUAGE = "languages"
    TIME = "clock"
    RETRY = "refresh-cw"
    HOME = "house"
    NEW = "sparkles"
    CELEBRATE = "party-popper"
    TOGETHER = "heart-handshake"
    AGENDA_DONE = "list-checks"
    PAUSE = "pause"
    PLAY = "play"
    STOP = "square"


@cache
def _source(icon: Icon) -> str:
    return (assets_dir() / "icons" / f"{icon.value}.svg").read_text(encoding="utf-8")


def svg(icon: Icon, colour: str, stroke: float = 2.0) -> str:
    """The icon's SVG drawn in ``colour`` (``#RRGGBB``) with lines ``stroke`` wide (of 24).

    Raises:
        ValueError: ``colour`` is not ``#RRGGBB``.
    """
    channels(colour)  # refuses anything that is not #RRGGBB before it goes into markup
    return (
        _source(icon)
        .replace('stroke="currentColor"', f'stroke="{colour}"')
        .replace('stroke-width="2"', f'stroke-width="{stroke:g}"')
    )
