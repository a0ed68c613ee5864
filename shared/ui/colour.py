"""Colours as ``#RRGGBB`` text: WCAG contrast, and shades that reach a contrast.

The arithmetic is WCAG 2.1's: relative luminance of the sRGB channels, and the
contrast ratio ``(L1 + 0.05) / (L2 + 0.05)``.
"""

from __future__ import annotations

import re

# WCAG 2.1 AA: body text, and large text (≥ 24 px, or ≥ 18.7 px bold) and UI parts
AA_TEXT = 4.5
AA_LARGE = 3.0

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def valid(colour: str) -> bool:
    """Whether ``colour`` is a ``#RRGGBB`` colour."""
    return bool(_HEX.fullmatch(colour))


def channels(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of ``#RRGGBB``, 0–255.

    Raises:
        ValueError: not a ``#RRGGBB`` colour.
    """
    if not valid(colour):
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_of(red: float, green: float, blue: float) -> str:
    """``#RRGGBB`` of channels 0–255 (rounded and clipped)."""
    parts = (max(0, min(255, round(c))) for c in (red, green, blue))
    return "#" + "".join(f"{c:02X}" for c in parts)


def luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (v / 255 for v in channels(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    """``a`` moved ``share_of_b`` (0–1) of the way towards ``b``, channel by channel."""
    return hex_of(
        *(x + (y - x) * share_of_b for x, y in zip(channels(a), channels(b), strict=True))
    )


def shades(colour: str, towards: str, steps: int = 20) -> list[str]:
    """``colour``, then ``steps`` shades of it on the way to ``towards`` (which comes last)."""
    return [colour, *(mix(colour, towards, step / steps) for step in range(1, steps + 1))]


def away_from(background: str) -> str:
    """Black for a light background, white for a dark one: where more contrast lies."""
    return (
        "#000000"
        if contrast("#000000", background) >= contrast("#FFFFFF", background)
        else "#FFFFFF"
    )


def reaching(colour: str, against: str, ratio: float) -> str:
    """The shade of ``colour`` nearest to it with at least ``ratio`` contrast against ``against``.

    The colour is darkened against a light background and lightened against a
    dark one, in small steps, so a brand colour that fails keeps its hue.
    Black or white is the last resort, and always reaches 4.5 against one of the two.
    """
    for shade in shades(colour, away_from(against)):
        if contrast(shade, against) >= ratio:
            return shade
    return away_from(against)


def meeting(colour: str, *needs: tuple[str, float]) -> str:
    """The shade of ``colour`` nearest to it that contrasts enough with every background.

    Args:
        colour: the colour wanted.
        *needs: (background, least contrast) pairs it must meet all of.

    Shades towards black and towards white are both tried, nearest first; when
    none meets every need, black or white, whichever comes closest.
    """

    def meets(shade: str) -> bool:
        return all(contrast(shade, bg) >= ratio for bg, ratio in needs)

    darker, lighter = shades(colour, "#000000"), shades(colour, "#FFFFFF")
    for shade in (s for pair in zip(darker, lighter, strict=True) for s in pair):
        if meets(shade):
            return shade
    return max(
        ("#000000", "#FFFFFF"),
        key=lambda end: min(contrast(end, bg) / ratio for bg, ratio in needs),
    )


def readable_on(background: str, dark: str = "#1B2631", light: str = "#FFFFFF") -> str:
    """Text colour on ``background``: ``dark`` or ``light`` if one reaches AA, else black or white.

    ``dark`` is preferred when both do. Black or white always reaches 4.5:1 on any
    colour, the softer ``dark`` and ``light`` not always.
    """
    for text in (
        (dark, light)
        if contrast(dark, background) >= contrast(light, background)
        else (light, dark)
    ):
        if contrast(text, background) >= AA_TEXT:
            return text
    return away_from(background)
