"""User text made safe to show: literal, and unable to reorder or hide what follows it."""

from __future__ import annotations

import html
import unicodedata

# Bidirectional embeddings, overrides and isolates: shown as their code, never obeyed,
# so "\u202e" cannot make a note read backwards.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def display_safe(text: str, *, keep_newlines: bool = True) -> str:
    """The text with control and formatting characters shown as visible placeholders.

    Markup stays literal (callers show it as plain text); bidi controls and
    other invisible characters become ``⟦U+202E⟧``-style marks; zero-width
    joiners inside emoji sequences are kept so emoji still render.
    """
    out: list[str] = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch in _BIDI:
            out.append(f"⟦U+{ord(ch):04X}⟧")
        elif ch == "\u200d" or ch == "\ufe0f":
            out.append(ch)  # emoji joiners and variation selectors are harmless
        elif unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn"):
            out.append(f"⟦U+{ord(ch):04X}⟧")
        else:
            out.append(ch)
    return "".join(out)


# Letters that are drawn as nothing at all: fillers and the blank braille cell.
_BLANK_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}
# Categories that show nothing on their own: separators, controls, formatting, unassigned,
# private use, surrogates, and marks that combine with a character before them.
_SHOWS_NOTHING = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"}


def without_controls(text: str) -> str:
    """The text without control characters, except newline and tab.

    A NUL or escape has no place in something a person typed; kept, a NUL made
    SQLite's ``length()`` disagree with Python's ``len``.
    """
    if text.isprintable():  # the common case, in one C loop
        return text
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def is_blank(text: str) -> bool:
    """True when nothing of the text would show: only spaces, zero-width and other invisibles."""
    return all(ch in _BLANK_LETTERS or unicodedata.category(ch) in _SHOWS_NOTHING for ch in text)


def folded(text: str) -> str:
    """The text as people compare two of them: case and runs of whitespace aside.

    "De  Signaalbalie " and "de signaalbalie" fold to the same; a naming
    proposal made twice, or one question asked in two work sessions, is one.
    """
    return " ".join(text.split()).casefold()


def html_text(value: object) -> str:
    """A value as literal text inside HTML: markup and quotes shown, never obeyed.

    For the reports' HTML (Qt's rich-text subset): an idea that says ``<b>`` prints
    ``<b>``, and a quote cannot end an attribute.
    """
    return html.escape(str(value), quote=True)
