"""The event's colour on the phone pages, only where its text stays readable (WCAG AA).

The pages' own style sheet has a dark blue that passes everywhere; this small
style sheet, made from the event's primary colour, overrides it for the header,
the current menu item and the buttons, with white or near-black text on it,
whichever reaches 4.5:1. A colour too light for links on white keeps the pages'
blue for them; a colour no text reaches 4.5:1 on gives no colour rules at all.

An event with its own font gets an ``@font-face`` for it, served by the hub
itself (``/p/font``, never a font CDN), with the pages' system font behind it.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
INK = "#1b2631"
AA = 4.5


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb`` (WCAG 2.1)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


FONT_URL = "/p/font"
SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'


def font_rules(font: str | None) -> str:
    """The event's font (its stored name, or None) as CSS: ``@font-face`` and its use."""
    if not font:
        return ""
    kind = "opentype" if font.lower().endswith(".otf") else "truetype"
    return (
        f'@font-face {{ font-family: "zuil-event"; src: url("{FONT_URL}") format("{kind}");'
        " font-display: swap; }\n"
        f'body, button, input, textarea, select {{ font-family: "zuil-event", {SYSTEM_FONTS}; }}\n'
    )


def stylesheet(colour: str | None, font: str | None = None) -> str:
    """The event's colour and font as CSS for the phone pages ("" when neither is usable)."""
    return colour_rules(colour) + font_rules(font)


def colour_rules(colour: str | None) -> str:
    """The event's colour as CSS for the phone pages ("" when unusable)."""
    if not colour or not _HEX.match(colour):
        return ""
    colour = colour.lower()
    text = max((WHITE, INK), key=lambda t: contrast(colour, t))
    if contrast(colour, text) < AA:
        return ""
    rules = [
        f"header.top, nav a[aria-current=page], .primary"
        f" {{ background: {colour}; color: {text}; border-color: {colour}; }}",
        f"header.top .lang {{ color: {text}; }}",
    ]
    if contrast(colour, WHITE) >= AA:  # also readable as text and borders on white
        rules.append(f"a, .option {{ color: {colour}; }}")
        rules.append(f".option {{ border-color: {colour}; }}")
        rules.append(f'.option[aria-pressed="true"] {{ background: {colour}; color: {WHITE}; }}')
    return "\n".join(rules) + "\n"
