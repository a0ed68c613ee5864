"""The word filter that holds a note for review, even in post-moderation."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)


def normalise(text: str) -> str:
    """Lower case, accents off, common letter-for-digit swaps undone."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.translate(_LEET)


class WordFilter:
    """Matches whole words, or prefixes for entries that end in ``*``.

    Args:
        words: the entries; blank ones and ``#`` comments are skipped.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted(
            {w.strip() for w in words if w.strip() and not w.strip().startswith("#")}
        )
        parts = []
        for word in self.words:
            prefix = word.endswith("*")
            core = re.escape(normalise(word.rstrip("*")))
            if core:
                parts.append(core + (r"\w*" if prefix else r"\b"))
        self._pattern = re.compile(r"\b(?:" + "|".join(parts) + ")") if parts else None

    def matches(self, text: str) -> list[str]:
        """The filtered words found in ``text`` (normalised), in order, without repeats."""
        if self._pattern is None:
            return []
        # Letters spaced out ("k u t") or dotted ("k.u.t") are joined up too.
        plain = normalise(text)
        squeezed = re.sub(r"(?<=\b\w)[\s.\-_*]+(?=\w\b)", "", plain)
        found = self._pattern.findall(plain) + self._pattern.findall(squeezed)
        return list(dict.fromkeys(found))


def load_words(path: Path, defaults: Iterable[Path]) -> list[str]:
    """Read the event's word list, creating it from the shipped lists the first time."""
    if not path.exists():
        lines: list[str] = []
        for source in defaults:
            lines += source.read_text(encoding="utf-8").splitlines()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path.read_text(encoding="utf-8").splitlines()


def save_words(path: Path, words: Iterable[str]) -> None:
    """Write the event's word list."""
    path.write_text("\n".join(words) + "\n", encoding="utf-8")
