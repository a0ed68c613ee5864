"""Keyboard-wedge scanners: a USB scanner types the code fast and presses Enter.

The core tells a scanner's burst from a person typing by the gaps between
keys: scanners send a character every few milliseconds, people far slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_GAP_S = 0.05
MIN_LENGTH = 6


@dataclass
class WedgeBuffer:
    """Collects keys and returns a code when a fast burst ends with Enter.

    Args:
        max_gap: the longest pause between two keys of one scan, in seconds.
        min_length: the shortest code a scanner sends.
    """

    max_gap: float = MAX_GAP_S
    min_length: int = MIN_LENGTH
    _chars: list[str] = field(default_factory=list)
    _last: float = -1.0

    def key(self, text: str, now: float) -> None:
        """A printable key arrived at time ``now`` (seconds)."""
        if self._chars and now - self._last > self.max_gap:
            self._chars.clear()  # a pause: a person typing, start over
        self._chars.append(text)
        self._last = now

    def enter(self, now: float) -> str | None:
        """Enter arrived: the scanned code, or None if this was a person typing."""
        code = "".join(self._chars)
        fast = bool(self._chars) and now - self._last <= self.max_gap
        self._chars.clear()
        return code if fast and len(code) >= self.min_length else None

    @property
    def pending(self) -> int:
        """How many keys of a possible burst are buffered."""
        return len(self._chars)

    def in_burst(self, now: float) -> bool:
        """Whether a key at ``now`` continues a fast burst of at least two keys."""
        return len(self._chars) >= 2 and now - self._last <= self.max_gap
