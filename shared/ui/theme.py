"""One theme for every app: colour roles from the event's house style, and the scales.

An event names three colours (primary, secondary, background). Every colour an
app draws with is a *role* derived from them, each paired with the role drawn on
top of it, and every pair is checked against WCAG AA: where a client's colour
fails, a shade of it that passes takes its place (see :func:`colour.reaching`),
so a pale yellow brand still gives readable buttons. The high-contrast theme is
the same roles in black, white and yellow.

Sizes are pixels of a 1080p screen; apps multiply them by their scale.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from shared.protocol import EventInfo
from shared.ui.colour import (
    AA_LARGE,
    AA_TEXT,
    contrast,
    meeting,
    mix,
    reaching,
    readable_on,
    valid,
)

DEFAULT_PRIMARY = "#1B4F72"
DEFAULT_SECONDARY = "#E67E22"
DEFAULT_BACKGROUND = "#F4F1EA"
INK = "#1B2631"  # body text on light surfaces
PAPER = "#FFFFFF"


@dataclass(frozen=True)
class HouseStyle:
    """The event's own colours, as its file names them (``#RRGGBB``)."""

    primary: str = DEFAULT_PRIMARY
    secondary: str = DEFAULT_SECONDARY
    background: str = DEFAULT_BACKGROUND

    def checked(self) -> HouseStyle:
        """The style with a default in place of any colour that is not ``#RRGGBB``."""
        return HouseStyle(
            self.primary if valid(self.primary) else DEFAULT_PRIMARY,
            self.secondary if valid(self.secondary) else DEFAULT_SECONDARY,
            self.background if valid(self.background) else DEFAULT_BACKGROUND,
        )


def house_style(event: EventInfo | None) -> HouseStyle:
    """The event's house style (the default one before the event's content is known)."""
    if event is None:
        return HouseStyle()
    return HouseStyle(event.primary_colour, event.secondary_colour, event.background_colour)


@dataclass(frozen=True)
class Roles:
    """The colours an app draws with; ``on_x`` is the text and icons drawn on ``x``.

    Attributes:
        surface: the screen's background.
        on_surface: body text on it.
        muted: secondary text on the surface (status lines, hints).
        card: raised areas on the surface (tiles, post-its' paper, panels).
        on_card: text on cards.
        brand: the house colour as text and lines on the surface (titles, borders).
        primary: filled buttons and the header.
        on_primary: text and icons on them.
        accent: highlights (a chosen answer, a pressed button).
        on_accent: text on the accent.
        success: a right answer, a delivered action.
        on_success: text on it.
        danger: a wrong answer, a refusal.
        on_danger: text on it.
        disabled: a button that cannot be pressed.
        on_disabled: its text.
        outline: borders of fields and cards.
        focus: the keyboard focus ring.
    """

    surface: str
    on_surface: str
    muted: str
    card: str
    on_card: str
    brand: str
    primary: str
    on_primary: str
    accent: str
    on_accent: str
    success: str
    on_success: str
    danger: str
    on_danger: str
    disabled: str
    on_disabled: str
    outline: str
    focus: str


# (foreground role, background role, least contrast): every pair the apps draw
PAIRS: tuple[tuple[str, str, float], ...] = (
    ("on_surface", "surface", AA_TEXT),
    ("muted", "surface", AA_TEXT),
    ("on_card", "card", AA_TEXT),
    ("brand", "surface", AA_TEXT),
    ("brand", "card", AA_TEXT),
    ("on_primary", "primary", AA_TEXT),
    ("on_accent", "accent", AA_TEXT),
    ("on_success", "success", AA_TEXT),
    ("on_danger", "danger", AA_TEXT),
    ("on_disabled", "disabled", AA_TEXT),
    ("outline", "surface", AA_LARGE),
    ("focus", "surface", AA_LARGE),
    ("focus", "card", AA_LARGE),
    ("primary", "surface", AA_LARGE),
)


@lru_cache(maxsize=32)
def roles(style: HouseStyle | None = None, *, high_contrast: bool = False) -> Roles:
    """The colour roles of a house style (the default style when None).

    Worked out once per style: every screen asks when it is built and at every theme,
    and the search for readable shades takes about a millisecond each time.
    """
    if high_contrast:
        return HIGH_CONTRAST
    style = (style or HouseStyle()).checked()
    surface = style.background
    on_surface = readable_on(surface, INK, PAPER)
    dark_surface = on_surface == PAPER
    card = mix(surface, "#000000" if dark_surface else PAPER, 0.7 if not dark_surface else 0.15)
    on_card = readable_on(card, INK, PAPER)
    # the brand colour as a fill: kept when its own best text reaches AA, else a shade of it
    # the brand colour as a fill: kept when it stands out from the surface as a part (3:1),
    # else the nearest shade that does
    primary = reaching(style.primary, surface, AA_LARGE)
    brand = meeting(style.primary, (surface, AA_TEXT), (card, AA_TEXT))
    accent = style.secondary
    success = reaching("#1E8449", PAPER, AA_TEXT)
    danger = reaching("#922B21", PAPER, AA_TEXT)
    disabled = mix(surface, "#808080", 0.45)
    focus = meeting(style.secondary, (surface, AA_LARGE), (card, AA_LARGE))
    return Roles(
        surface=surface,
        on_surface=on_surface,
        muted=reaching(mix(on_surface, surface, 0.35), surface, AA_TEXT),
        card=card,
        on_card=on_card,
        brand=brand,
        primary=primary,
        on_primary=readable_on(primary, INK, PAPER),
        accent=accent,
        on_accent=readable_on(accent, "#000000", PAPER),
        success=success,
        on_success=readable_on(success, INK, PAPER),
        danger=danger,
        on_danger=readable_on(danger, INK, PAPER),
        disabled=disabled,
        on_disabled=readable_on(disabled, INK, PAPER),
        outline=reaching(mix(on_surface, surface, 0.5), surface, AA_LARGE),
        focus=focus,
    )


HIGH_CONTRAST = Roles(
    surface="#000000",
    on_surface="#FFFFFF",
    muted="#FFFFFF",
    card="#000000",
    on_card="#FFFFFF",
    brand="#FFD400",
    primary="#000000",
    on_primary="#FFD400",
    accent="#FFD400",
    on_accent="#000000",
    success="#00E070",
    on_success="#000000",
    danger="#FF6B6B",
    on_danger="#000000",
    disabled="#3A3A3A",
    on_disabled="#FFFFFF",
    outline="#FFFFFF",
    focus="#FFD400",
)


def failing_pairs(theme: Roles) -> list[tuple[str, str, float, float]]:
    """Pairs of :data:`PAIRS` below their least contrast: (fg, bg, ratio, needed)."""
    failing = []
    for fg, bg, needed in PAIRS:
        ratio = contrast(getattr(theme, fg), getattr(theme, bg))
        # the high-contrast theme's buttons are outlined, not filled: primary is its surface
        if fg == "primary" and theme.primary == theme.surface:
            continue
        if ratio < needed:
            failing.append((fg, bg, round(ratio, 2), needed))
    return failing


def role_names() -> list[str]:
    """Every role's name, in the order of :class:`Roles`."""
    return [f.name for f in fields(Roles)]


def family_rule(family: str | None) -> str:
    """A style sheet's ``font-family`` for the event's own font ("" keeps the house font).

    The family name comes from a font file, so anything that could end the quoted
    name or the rule is left out.
    """
    if not family:
        return ""
    safe = "".join(c for c in family if c not in '"\\;{}' and c.isprintable())
    return f'font-family: "{safe}";' if safe.strip() else ""


@dataclass(frozen=True)
class Scale:
    """Type, spacing, radii, elevation and motion, in 1080p pixels and milliseconds.

    Body text is 28 px (≥ 24 px at 1080p), touch targets at least 72 px; motion
    stays under 300 ms and is never needed to understand a screen.
    """

    text_small: int = 24
    text_body: int = 28
    text_button: int = 32
    text_subtitle: int = 36
    text_title: int = 60
    text_display: int = 96
    space_xs: int = 4
    space_s: int = 8
    space_m: int = 16
    space_l: int = 24
    space_xl: int = 40
    radius_s: int = 10
    radius_m: int = 18
    radius_l: int = 28
    target: int = 72
    elevation_card: int = 6
    elevation_raised: int = 16
    motion_quick_ms: int = 120
    motion_screen_ms: int = 220
    motion_celebrate_ms: int = 280


SCALE = Scale()
