"""zuil: pillars, walls and a desk for an engaging, privacy-respecting congress day."""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("zuil")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+src"


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up when first asked for: reading the package metadata
    # costs every command's start-up, and most never show it.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
