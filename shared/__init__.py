"""zuil: pillars, walls and a desk for an engaging, privacy-respecting congress day."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zuil")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+src"
