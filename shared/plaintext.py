"""User text made safe to show: literal, and unable to reorder or hide what follows it."""

from __future__ import annotations

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
