"""One error for every device's trouble with the hub, and one mapping to it.

Importing this module costs no HTTP client: a first screen can name
:class:`HubError` before httpx is loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

OFFLINE = "offline"  # the hub could not be reached
TIMEOUT = "timeout"  # the hub did not answer in time


class HubError(Exception):
    """The hub answered with an error a person can act on, or could not be reached.

    Args:
        message: the hub's own message (English), or what went wrong on the way.
        code: the hub's error code (``unauthorized``, ``invalid``...), ``offline`` when the
            hub was out of reach, ``timeout`` when it did not answer in time; screens
            show their own words for it, in their language.
        status: the HTTP status of the hub's answer (0 when there was none).
        detail: what the network layer said, for logs and the staff panel ('' for an
            answer of the hub's).
    """

    def __init__(self, message: str, code: str = "", status: int = 0, detail: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.detail = detail

    @property
    def reached(self) -> bool:
        """Whether the hub answered (it is then the hub that refuses, not the network)."""
        return self.status != 0


def error_code(response: httpx.Response) -> str:
    """The hub's error code in an error reply ('' when it sent none)."""
    from shared import protocol

    try:
        return protocol.ErrorBody.model_validate_json(response.content).error.code
    except ValueError:
        return ""


def error_message(response: httpx.Response) -> str:
    """The hub's human message in an error reply (or the HTTP status)."""
    from shared import protocol

    try:
        return protocol.ErrorBody.model_validate_json(response.content).error.message
    except ValueError:
        return f"HTTP {response.status_code}"


def from_response(response: httpx.Response) -> HubError:
    """The error for an answer of the hub's that says no (a 4xx or 5xx)."""
    return HubError(error_message(response), error_code(response), response.status_code)


def from_transport(error: Exception) -> HubError:
    """The error for a request that got no answer (refused, lost or timed out)."""
    import httpx

    detail = str(error)[:200] or type(error).__name__
    if isinstance(error, httpx.TimeoutException):
        return HubError("the hub did not answer in time", TIMEOUT, detail=detail)
    return HubError(f"hub not reachable: {detail}", OFFLINE, detail=detail)
