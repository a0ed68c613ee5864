"""The pillar's own QR code: its workshop's page on an attendee's phone.

A small code beside "Scan je ticket" on the attract screen, for
``http://HUB/w/CODE``: the hub is the one the pillar is paired with, the code its
workshop's. Opened on a phone that holds the attendee's session (their personal
link opened first) it shows the workshop's information, quiz and top/tip, and
counts as a visit; without one, the public teaser and the way to the desk.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.widgets import PlainLabel
from shared.i18n import Text

CAPTION = Text("Ook op je telefoon", "Also on your phone")
SIZE_PX = 132  # the code's side on the glass, quiet zone included


def workshop_url(hub: str | None, workshop: str | None) -> str | None:
    """The address of a workshop's phone page, or None without a hub or a workshop."""
    if not hub or not workshop:
        return None
    return f"{hub.rstrip('/')}/w/{workshop.upper()}"


class WorkshopLink(QWidget):
    """The QR code of the pillar's workshop page, with a short caption; hidden when unknown.

    Attributes:
        hub: the hub the pillar is paired with (set when its content arrives).
        url: the address the code holds now, if any.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub: str | None = None
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

    def show_for(self, workshop: str | None, lang: str) -> None:
        """Show the code of ``workshop``'s page on :attr:`hub` (hidden when either is unknown)."""
        url = workshop_url(self.hub, workshop)
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
