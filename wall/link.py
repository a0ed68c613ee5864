"""The wall's name for the link states, which every device shares (:mod:`shared.device.link`)."""

from __future__ import annotations

from shared.device.link import Link

__all__ = ["Link"]
