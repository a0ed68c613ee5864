"""Dutch-first texts with their English twin, for core modules and every screen."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Lang(StrEnum):
    """The languages every screen speaks; Dutch is the default."""

    NL = "nl"
    EN = "en"


DEFAULT_LANG = Lang.NL


@dataclass(frozen=True)
class Text:
    """One message in both languages.

    Core code returns ``Text`` rather than a string so that the screen that shows
    it picks the language, and no message exists in one language only.
    """

    nl: str
    en: str

    def __call__(self, lang: Lang | str = DEFAULT_LANG, **values: object) -> str:
        """Return the message in ``lang``, with ``{name}`` fields filled from ``values``."""
        template = self.en if Lang(lang) is Lang.EN else self.nl
        return template.format(**values) if values else template
