"""Icons as Qt images, crisp at any size, and the event's own font registered with Qt.

This is shared's one Qt place for the look (declared in the import layers), so
the pillar, desk and wall draw the same icons the same way, in the same font.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QFontDatabase, QIcon, QImage, QImageReader, QPixmap

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


@lru_cache(maxsize=16)
def _registered(path: str, size: int, modified: int) -> str | None:
    font_id = QFontDatabase.addApplicationFont(path)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


def font_family(path: Path | None) -> str | None:
    """The family of the font file at ``path``, registered with Qt once; None without one.

    None too when the file is gone or Qt cannot read it: the apps then keep their
    house font.
    """
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return _registered(str(path), found.st_size, found.st_mtime_ns)


@lru_cache(maxsize=4)
def font_family_of(data: bytes) -> str | None:
    """The family of a font file's bytes, registered with Qt once; None if Qt cannot read it."""
    font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None
