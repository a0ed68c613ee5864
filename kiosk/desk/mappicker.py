"""The venue map in the content editor: a marker per pillar, a click places one."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget


class MapPicker(QWidget):
    """The venue map with a marker per pillar; a click places the chosen workshop's pillar.

    Signals:
        picked(float, float): where on the map (0–1 across, 0–1 down) staff clicked.
    """

    picked = Signal(float, float)

    def __init__(self) -> None:
        super().__init__()
        self.image = QImage()
        self.points: dict[str, tuple[float, float]] = {}
        self.selected: str | None = None
        self.setMinimumSize(480, 320)

    def _area(self) -> QRectF:
        if self.image.isNull():
            return QRectF(self.rect())
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(0, 0, size.width(), size.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the map and the pillars on it."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._area()
        if not self.image.isNull():
            painter.drawImage(area, self.image)
        else:
            painter.fillRect(area, QColor("#EEEEEE"))
        for code, (x, y) in self.points.items():
            centre = QPointF(area.x() + x * area.width(), area.y() + y * area.height())
            chosen = code == self.selected
            painter.setBrush(QColor("#E67E22" if chosen else "#1B4F72"))
            painter.setPen(QPen(QColor("#FFFFFF"), 2))
            painter.drawEllipse(centre, 9 if chosen else 7, 9 if chosen else 7)
            label = QRectF(centre + QPointF(11, -9), QSizeF(8 * len(code) + 10, 18))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 225))
            painter.drawRoundedRect(label, 4, 4)
            painter.setPen(QColor("#1B2631"))
            painter.drawText(label, int(Qt.AlignmentFlag.AlignCenter), code)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Place the chosen pillar where staff clicked."""
        area = self._area()
        point = event.position()
        if area.contains(point) and area.width() and area.height():
            self.picked.emit(
                round((point.x() - area.x()) / area.width(), 3),
                round((point.y() - area.y()) / area.height(), 3),
            )
