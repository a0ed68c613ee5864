"""What an attendee reads: the workshop's information, the agenda and the venue map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QScrollArea, QVBoxLayout

from kiosk import texts as T
from kiosk.screens.base import Screen
from kiosk.session import Session
from kiosk.widgets import PlainLabel


class TextScreen(Screen):
    """A title and scrollable plain text (the workshop's gated information, the agenda)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.meta = PlainLabel(role="subtitle")
        self.body = PlainLabel()
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._nav())
        self.session: Session | None = None

    def set_lang(self, lang: str) -> None:
        """Retranslate."""
        super().set_lang(lang)
        self._nav_texts()
        if self.session is not None:
            self.show_session(self.session)


class WorkshopScreen(TextScreen):
    """The workshop's gated information: only after a valid scan."""

    def show_session(self, session: Session) -> None:
        """Show the pillar's workshop."""
        self.session = session
        workshop = session.workshop_info
        if workshop is None:
            self.title.setText(T.WORKSHOP_NONE(self.lang))
            self.meta.setText("")
            self.body.setText("")
            return
        self.title.setText(workshop.title)
        times = " – ".join(t for t in (workshop.starts, workshop.ends) if t)
        self.meta.setText("  ·  ".join(p for p in (workshop.room, times) if p))
        self.body.setText(workshop.info)


class AgendaScreen(TextScreen):
    """The programme with the attendee's own workshops."""

    def show_session(self, session: Session) -> None:
        """List the attendee's day."""
        self.session = session
        self.title.setText(T.AGENDA_TITLE(self.lang))
        info = session.attendee.info if session.attendee else None
        lines = []
        for slot in session.content.agenda_for(info):
            times = slot.starts + (f"–{slot.ends}" if slot.ends else "")
            room = f"  ({slot.room})" if slot.room else ""
            lines.append(f"{times}   {slot.title}{room}")
        self.meta.setText("")
        self.body.setText("\n\n".join(lines))


class MapScreen(Screen):
    """The venue map with a "you are here" marker at this pillar."""

    def __init__(self) -> None:
        super().__init__()
        self.title = PlainLabel(role="title")
        self.image = PlainLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)
        layout.addLayout(self._nav())
        self.map: QImage | None = None
        self.here: tuple[float, float] | None = None

    def set_map(self, image: QImage | None) -> None:
        """The venue map (from the hub's media)."""
        self.map = image

    def show_session(self, session: Session) -> None:
        """Mark this pillar on the map."""
        workshop = session.workshop_info
        self.here = (
            (workshop.map_x, workshop.map_y)
            if workshop and workshop.map_x is not None and workshop.map_y is not None
            else None
        )
        self.set_lang(self.lang)

    def set_lang(self, lang: str) -> None:
        """Retranslate (the marker's label too)."""
        super().set_lang(lang)
        self._nav_texts()
        self.title.setText(T.MAP_TITLE(lang))
        self._draw()

    def resizeEvent(self, event: object) -> None:
        """Redraw the map at the new size."""
        self._draw()

    def _draw(self) -> None:
        if self.map is None or self.map.isNull():
            self.image.clear()
            return
        pixmap = QPixmap.fromImage(self.map).scaled(
            max(self.image.width(), 200),
            max(self.image.height(), 200),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        if self.here is not None:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            x, y = self.here[0] * pixmap.width(), self.here[1] * pixmap.height()
            radius = max(pixmap.width() / 40, 12)
            painter.setPen(QPen(QColor("#FFFFFF"), radius / 4))
            painter.setBrush(QColor("#C0392B"))
            painter.drawEllipse(QPointF(x, y), radius, radius)
            font = painter.font()
            font.setPixelSize(int(radius * 1.4))
            font.setBold(True)
            painter.setFont(font)
            label = T.MAP_HERE(self.lang)
            box = QRectF(x - radius * 8, y + radius * 1.3, radius * 16, radius * 2)
            painter.setPen(QColor("#C0392B"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
            painter.end()
        self.image.setPixmap(pixmap)
