"""The pillar's screens by name, each built the first time it is asked for.

At start only the attract screen is on the glass. Building every other screen
then (the menu, the quiz, the questions of opinion with their answer panels, the
points and podium, the photo booth...) and styling all their widgets would only
keep the attract screen waiting; each is built when it is first shown instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.screens.base import Screen as Page
    from kiosk.session import Screen


class ScreenSet:
    """Screens by name, built on first use.

    Args:
        build: makes the screen of a name, ready to show (the window's: it connects
            the screen's signals and gives it the window's language and look).
    """

    def __init__(self, build: Callable[[Screen], Page]) -> None:
        self._build = build
        self._built: dict[Screen, Page] = {}

    def __getitem__(self, name: Screen) -> Page:
        """The screen of ``name``, built now if it was not before."""
        page = self._built.get(name)
        if page is None:
            page = self._build(name)
            self._built[name] = page
        return page

    def get(self, name: Screen) -> Page | None:
        """The screen of ``name`` if it was built, else None (nothing is built for asking)."""
        return self._built.get(name)

    def built(self) -> list[Page]:
        """The screens built so far, in the order they were built."""
        return list(self._built.values())
