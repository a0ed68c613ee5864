"""How a device's link to the hub stands, apart from the feed: drawing it needs no HTTP client."""

from __future__ import annotations

import enum


class Link(enum.Enum):
    """How the feed's link to the hub stands."""

    LIVE = "live"  # following the live stream
    STREAM_FAILING = "stream_failing"  # the hub answers, but its live stream fails
    UNREACHABLE = "unreachable"  # the hub itself cannot be reached
    UNPAIRED = "unpaired"  # the hub refuses this device's token: it must be paired again
