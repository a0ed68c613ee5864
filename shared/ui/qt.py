"""Icons as Qt images, crisp at any size: the SVG is drawn at the size asked for.

This is shared's one Qt place for the look (declared in the import layers), so
the pillar, desk and wall draw the same icons the same way.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap

from shared.ui.icons import Icon, svg


@lru_cache(maxsize=256)
def icon_image(icon: Icon, colour: str, size: int) -> QImage:
    """The icon as a ``size``×``size`` image in ``colour`` (through Qt's SVG image plugin).

    Raises:
        RuntimeError: Qt's SVG image plugin is missing (a bundle built without it).
    """
    data = QByteArray(svg(icon, colour).encode())
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(b"svg"))
    reader.setScaledSize(QSize(size, size))
    image = reader.read()
    if image.isNull():
        raise RuntimeError(f"cannot draw icon {icon.value}: {reader.errorString()}")
    return image


def icon_pixmap(icon: Icon, colour: str, size: int) -> QPixmap:
    """The icon as a pixmap (see :func:`icon_image`)."""
    return QPixmap.fromImage(icon_image(icon, colour, size))


def qicon(icon: Icon, colour: str, size: int = 48) -> QIcon:
    """The icon for a button or tab, drawn at ``size`` and at twice that for dense screens."""
    result = QIcon()
    for side in (size, size * 2):
        result.addPixmap(icon_pixmap(icon, colour, side))
    return result
