"""Printable tickets: A4 sheets of badges with cut marks, or one ticket per page (PDF).

Drawn with Qt's PDF writer (no widgets needed). Each QR code is drawn as
vector modules (one filled path of rectangles), so it stays sharp at any
printer's resolution and when the PDF is rasterised, and large (42 mm) so a
webcam reads it at arm's length.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from shared import qr
from shared.plaintext import display_safe

MM = 72 / 25.4  # PDF points per millimetre
BADGE_W, BADGE_H = 95.0, 68.0  # mm: eight to an A4 sheet
COLUMNS, ROWS = 2, 4
QR_MM = 42.0
QUIET = 4  # modules of light margin around a QR code, as the standard asks


@dataclass(frozen=True)
class Badge:
    """What one ticket shows."""

    token: str
    name: str
    organisation: str = ""
    lines: list[str] = field(default_factory=list)
    map: QImage | None = None  # the venue map, drawn under a ticket printed one per page


def qr_rects(modules: qr.Matrix, box: QRectF) -> list[QRectF]:
    """The dark modules as rectangles filling ``box`` (quiet zone included), a row's run each.

    Drawn with one ``drawRects`` they become a single filled path in the PDF: sharp
    at any printer's resolution, and no hairline seams between neighbouring modules
    when a viewer smooths the edges.
    """
    size = modules.shape[0]
    step = box.width() / (size + 2 * QUIET)
    edges = np.zeros((size, size + 2), dtype=np.int8)
    edges[:, 1:-1] = modules
    change = np.diff(edges, axis=1)
    rows, starts = np.nonzero(change == 1)
    _, ends = np.nonzero(change == -1)  # same order as the starts: row by row, left to right
    x0, y0 = box.x() + QUIET * step, box.y() + QUIET * step
    return [
        QRectF(x0 + a * step, y0 + r * step, (b - a) * step, step)
        for r, a, b in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True)
    ]


@dataclass
class _Look:
    """What every badge of one run shares: fonts and colours, made once."""

    band: QColor
    title: QFont
    name: QFont
    small: QFont
    white: QColor = field(default_factory=lambda: QColor("#FFFFFF"))
    ink: QColor = field(default_factory=lambda: QColor("#1B2631"))
    black: QColor = field(default_factory=lambda: QColor("#000000"))

    @classmethod
    def of(cls, colour: str) -> _Look:
        return cls(
            band=QColor(colour),
            title=_font(4.2, bold=True),
            name=_font(5.0, bold=True),
            small=_font(2.8),
        )


def _font(mm: float, *, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(int(mm * MM))
    font.setBold(bold)
    return font


def _draw_badge(
    painter: QPainter, box: QRectF, badge: Badge, modules: qr.Matrix, event: str, look: _Look
) -> None:
    band = QRectF(box.x(), box.y(), box.width(), 11 * MM)
    painter.fillRect(band, look.band)
    painter.setFont(look.title)
    painter.setPen(look.white)
    painter.drawText(
        band.adjusted(3 * MM, 0, -3 * MM, 0),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
        event,
    )
    side = QR_MM * MM
    qr_box = QRectF(box.x() + 3 * MM, box.bottom() - side - 4 * MM, side, side)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(look.black)
    painter.drawRects(qr_rects(modules, qr_box))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    text_box = QRectF(qr_box.right() + 3 * MM, band.bottom() + 3 * MM, 0, 0)
    text_box.setRight(box.right() - 3 * MM)
    text_box.setBottom(box.bottom() - 3 * MM)
    painter.setFont(look.name)
    painter.setPen(look.ink)
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    used = painter.drawText(text_box, flags, display_safe(badge.name, keep_newlines=False))
    painter.setFont(look.small)
    details = [badge.organisation, "", *badge.lines]
    painter.drawText(
        text_box.adjusted(0, used.height() + 1.5 * MM, 0, 0),
        flags,
        display_safe("\n".join(d for d in details), keep_newlines=True),
    )


def _cut_marks(painter: QPainter, box: QRectF) -> None:
    painter.setPen(QPen(QColor("#888888"), 0.3))
    mark = 3 * MM
    for corner in (box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()):
        painter.drawLine(
            QPointF(corner.x() - mark, corner.y()), QPointF(corner.x() - 1, corner.y())
        )
        painter.drawLine(
            QPointF(corner.x() + 1, corner.y()), QPointF(corner.x() + mark, corner.y())
        )
        painter.drawLine(
            QPointF(corner.x(), corner.y() - mark), QPointF(corner.x(), corner.y() - 1)
        )
        painter.drawLine(
            QPointF(corner.x(), corner.y() + 1), QPointF(corner.x(), corner.y() + mark)
        )


def _draw_map(painter: QPainter, box: QRectF, image: QImage) -> None:
    """The venue map thumbnail under a ticket, scaled to fit, with a thin frame."""
    area = QRectF(box.x(), box.bottom() + 8 * MM, box.width(), 70 * MM)
    size = image.size().scaled(
        int(area.width()), int(area.height()), Qt.AspectRatioMode.KeepAspectRatio
    )
    target = QRectF(area.x(), area.y(), size.width(), size.height())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(target, image)
    painter.setPen(QPen(QColor("#888888"), 0.3))
    painter.drawRect(target)


def single_ticket_box(page_width: float) -> QRectF:
    """Where a ticket printed one per page sits (PDF points): centred, 20 mm from the top."""
    return QRectF(
        QPointF((page_width - BADGE_W * MM) / 2, 20 * MM), QSizeF(BADGE_W * MM, BADGE_H * MM)
    )


def paint_tickets(
    device: QPagedPaintDevice,
    badges: Iterable[Badge],
    *,
    event: str,
    colour: str = "#1B4F72",
    per_page: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Draw tickets onto a PDF writer or a printer (full page, A4); returns how many.

    Args:
        device: a ``QPdfWriter`` or a ``QPrinter`` set to full-page mode.
        badges: the tickets.
        event: the event's name for the top band.
        colour: the band's colour.
        per_page: one ticket per A4 page (with the venue map) instead of eight per sheet.
        progress: called with the count after each ticket is drawn (for a progress bar).
    """
    painter = QPainter(device)
    dpi = device.logicalDpiX()
    painter.scale(dpi / 72, device.logicalDpiY() / 72)  # draw in PDF points at any resolution
    page = device.pageLayout().fullRectPoints()
    look = _Look.of(colour)
    title = display_safe(event, keep_newlines=False)
    grid_w, grid_h = COLUMNS * BADGE_W * MM, ROWS * BADGE_H * MM
    left, top = (page.width() - grid_w) / 2, (page.height() - grid_h) / 2
    tickets = list(badges)
    codes = qr.modules_each([badge.token for badge in tickets])  # worker processes for many
    count = 0
    try:
        for count, (badge, modules) in enumerate(zip(tickets, codes, strict=True), start=1):
            if per_page:
                if count > 1:
                    device.newPage()
                box = single_ticket_box(page.width())
            else:
                slot = (count - 1) % (COLUMNS * ROWS)
                if slot == 0 and count > 1:
                    device.newPage()
                box = QRectF(
                    left + (slot % COLUMNS) * BADGE_W * MM,
                    top + (slot // COLUMNS) * BADGE_H * MM,
                    BADGE_W * MM,
                    BADGE_H * MM,
                )
            _draw_badge(painter, box, badge, modules, title, look)
            _cut_marks(painter, box)
            if per_page and badge.map is not None and not badge.map.isNull():
                _draw_map(painter, box, badge.map)
            if progress is not None:
                progress(count)
    finally:
        codes.close()  # a run given up midway stops its QR workers now
    painter.end()
    return count


def write_pdf(
    path: Path,
    badges: Iterable[Badge],
    *,
    event: str,
    colour: str = "#1B4F72",
    per_page: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the tickets to a PDF; returns how many were written (see :func:`paint_tickets`)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(72)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setTitle(f"{event}: tickets")
    return paint_tickets(
        writer, badges, event=event, colour=colour, per_page=per_page, progress=progress
    )
