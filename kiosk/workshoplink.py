"""The pillar's own QR code: its workshop's page on an attendee's phone.

A small code beside "Scan je ticket" on the attract screen, for
``http://HUB/w/CODE?d=DOOR``: the hub is the one the pillar is paired with, the
code its workshop's, and the door code today's proof that the phone saw this
pillar (:mod:`shared.door`, made offline from the pillar's own token). Opened on
a phone that holds the attendee's session (their personal link opened first) it
shows the workshop's information, quiz and top/tip, and counts as a visit;
without one, the public teaser and the way to the desk.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.widgets import PlainLabel
from shared import door
from shared.i18n import Text

if TYPE_CHECKING:  # httpx: not before the first screen
    from shared.device.connection import HubConnection

CAPTION = Text("Ook op je telefoon", "Also on your phone")
SIZE_PX = 132  # the code's side on the glass, quiet zone included


def workshop_url(
    hub: str | None, workshop: str | None, door_key: str | None = None, day: date | None = None
) -> str | None:
    """The address of a workshop's phone page, or None without a hub or a workshop.

    Args:
        hub: the hub the pillar is paired with.
        workshop: the pillar's workshop code.
        door_key: the hash of the pillar's token: the page then carries its door code.
        day: the day of the door code (today when not given).
    """
    if not hub or not workshop:
        return None
    url = f"{hub.rstrip('/')}/w/{workshop.upper()}"
    if door_key:
        url += "?d=" + door.door_code(door_key, workshop, day or date.today())
    return url


class WorkshopLink(QWidget):
    """The QR code of the pillar's workshop page, with a short caption; hidden when unknown.

    Attributes:
        hub: the hub the pillar is paired with (set when its content arrives).
        door_key: the hash of the pillar's token, for its door code.
        url: the address the code holds now, if any.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub: str | None = None
        self.door_key: str | None = None
        self.url: str | None = None
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = PlainLabel(role="hint")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        self.setMaximumWidth(SIZE_PX + 60)
        self.hide()

    def link_to(self, client: HubConnection | None) -> None:
        """Take the hub's address and the door key from the pillar's client (None: unpaired)."""
        self.hub = client.base_url if client else None
        self.door_key = door.token_hash(client.token) if client and client.token else None

    def show_for(self, workshop: str | None, lang: str) -> None:
        """Show the code of ``workshop``'s page on :attr:`hub` (hidden when either is unknown)."""
        url = workshop_url(self.hub, workshop, self.door_key)
        if url is None:
            self.url = None
            self.hide()
            return
        if url != self.url:
            from shared import qr  # segno and numpy: not before the first screen

            self.url = url
            scale = max(1, SIZE_PX // int(qr.make(url).symbol_size(border=4)[0]))
            image = QImage.fromData(qr.png_bytes(url, scale=scale, border=4))
            self.image.setPixmap(QPixmap.fromImage(image))
        self.caption.setText(CAPTION(lang))
        self.show()
