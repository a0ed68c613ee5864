"""Drawing one post-it or polaroid into an image, once; the wall only moves images.

Text is always drawn as plain text (``QPainter.drawText`` never reads markup)
after :func:`shared.plaintext.display_safe`, so markup shows literally and a
right-to-left override cannot reorder the note. The font shrinks to fit but
never below the minimum that stays readable across a room at 1080p; a longer
text gets a larger note instead, and is never cut off with an ellipsis.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

from shared.datadir import assets_dir
from shared.plaintext import display_safe

PAPER = {"top": ("#FFF27A", "#FFE45C", "#D9F7A1"), "tip": ("#FFB3C7", "#FFC99E", "#BDE3FF")}
PIN_COLOURS = (QColor("#C0392B"), QColor("#2471A3"), QColor("#229954"))
MIN_FONT = 22  # logical px at 1080p: readable from the back of the room
MAX_FONT = 64


@lru_cache(maxsize=1)
def handwriting_family() -> str:
    """The shipped handwriting font (Comic Neue, SIL OFL), or the default sans font."""
    path: Path = assets_dir() / "fonts" / "ComicNeue-Bold.otf"
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else QFont().defaultFamily()


def blank(
    width: int,
    height: int,
    ratio: float = 1.0,
    fill: QColor | Qt.GlobalColor = Qt.GlobalColor.transparent,
) -> QImage:
    """An image of ``width`` x ``height`` device pixels at ``ratio`` per logical pixel, filled."""
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(fill)
    return image


SCALES = (1.0, 1.2, 1.45, 1.75, 2.1, 2.5, 3.0)


def soft_shadow(painter: QPainter, rect: QRectF, reach: float, strength: int = 46) -> None:
    """A soft shadow under ``rect``: layers that widen and fade, offset down and right.

    Drawn once, into the item's own image, so the wall's frames never blur anything.
    """
    layers = 5
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for layer in range(layers, 0, -1):
        grow = reach * layer / layers
        painter.setBrush(QColor(0, 0, 0, max(4, strength // (layer + 1))))
        painter.drawRoundedRect(
            rect.adjusted(-grow * 0.3, -grow * 0.1, grow * 0.5, grow * 0.8).translated(
                reach * 0.35, reach * 0.55
            ),
            grow,
            grow,
        )
    painter.restore()


def draw_pin(painter: QPainter, centre: QPointF, radius: float, colour: QColor) -> None:
    """A push pin seen from above: a round head with a highlight, and its small shadow."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 60))
    painter.drawEllipse(centre + QPointF(radius * 0.35, radius * 0.45), radius, radius)
    head = QRadialGradient(centre - QPointF(radius * 0.35, radius * 0.35), radius * 1.4)
    head.setColorAt(0.0, colour.lighter(170))
    head.setColorAt(0.45, colour)
    head.setColorAt(1.0, colour.darker(160))
    painter.setBrush(head)
    painter.drawEllipse(centre, radius, radius)
    painter.restore()


def draw_tape(painter: QPainter, centre: QPointF, width: float, height: float) -> None:
    """A strip of translucent tape across ``centre``, slightly turned, with torn ends."""
    painter.save()
    painter.translate(centre)
    painter.rotate(-4)
    path = QPainterPath()
    half_w, half_h = width / 2, height / 2
    teeth = 5
    path.moveTo(-half_w, -half_h)
    path.lineTo(half_w, -half_h)
    for n in range(1, teeth + 1):  # the torn right end
        path.lineTo(half_w - (height * 0.08 if n % 2 else 0), -half_h + height * n / teeth)
    path.lineTo(-half_w, half_h)
    for n in range(teeth - 1, -1, -1):  # the torn left end
        path.lineTo(-half_w + (height * 0.08 if n % 2 else 0), -half_h + height * n / teeth)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(246, 238, 214, 170))
    painter.drawPath(path)
    painter.restore()


def paper(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A sheet of paper: lighter where the light falls, a curl darkening its lower corner."""
    fill = QLinearGradient(rect.topLeft(), rect.bottomRight())
    fill.setColorAt(0.0, colour.lighter(106))
    fill.setColorAt(0.75, colour)
    fill.setColorAt(1.0, colour.darker(112))
    painter.fillRect(rect, fill)


WORDS = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignCenter)
ANYWHERE = int(Qt.TextFlag.TextWrapAnywhere) | int(Qt.AlignmentFlag.AlignCenter)


def flags_for(text: str, box: QRectF, family: str, minimum: int = MIN_FONT) -> int:
    """Wrap between words; break inside a word only when one cannot fit even at ``minimum``.

    Long Dutch compounds ("praktijkvoorbeelden") are common: they get a smaller
    font rather than a break in the middle, as long as the font stays readable.
    """
    return _fitting(text, box.width(), box.height(), family, minimum)[2]


def fit_font(text: str, box: QRectF, family: str, minimum: int = MIN_FONT) -> tuple[QFont, bool]:
    """The largest font (down to ``minimum``) at which ``text`` fits ``box``, and if it fits."""
    size, fits, _ = _fitting(text, box.width(), box.height(), family, minimum)
    font = QFont(family)
    font.setPixelSize(size)
    return font, fits


@lru_cache(maxsize=2048)
def _fitting(
    text: str, width: float, height: float, family: str, minimum: int
) -> tuple[int, bool, int]:
    """:func:`fit_font`'s search and the wrap it needs, once per text and box size.

    A note is fitted twice as it lands (for its size, then to draw it) and again
    whenever the wall changes resolution: each is a dozen text layouts.
    """
    size, fits = _fitting_size(text, width, height, family, minimum, WORDS)
    if fits:
        return size, fits, WORDS
    size, fits = _fitting_size(text, width, height, family, minimum, ANYWHERE)
    return size, fits, ANYWHERE


def _fitting_size(
    text: str, width: float, height: float, family: str, minimum: int, flags: int
) -> tuple[int, bool]:
    """The largest size from ``minimum`` up at which ``text`` fits with ``flags``, and if so."""
    box = QRectF(0, 0, width, height)  # where the box lies does not change what fits
    low, high = minimum, MAX_FONT
    best, fits = minimum, False
    while low <= high:
        size = (low + high) // 2
        font = QFont(family)
        font.setPixelSize(size)
        needed = QFontMetricsF(font).boundingRect(box, flags, text)
        if needed.height() <= box.height() and needed.width() <= box.width() + 0.5:
            best, fits, low = size, True, size + 1
        else:
            high = size - 1
    return best, fits


def note_scale(text: str, side: float) -> float:
    """How much larger than a normal note this text needs to stay at the minimum font size.

    A long word (a Dutch compound) makes the note larger rather than break in two,
    up to the largest size. A long note may then overlap its neighbours (drawn over
    them) rather than lose a word; 500 characters, the most the hub accepts, fit at 3x.
    """
    family = handwriting_family()
    shown = display_safe(text)
    # first a size at which every word stays whole, then one at which the text fits at all
    for whole_words in (True, False):
        for scale in SCALES:
            inner = side * scale
            _, fits, flags = _fitting(shown, inner * 0.81, inner * 0.66, family, MIN_FONT)
            if fits and (flags == WORDS or not whole_words):
                return scale
    return SCALES[-1]


def render_note(
    text: str, wall: str, workshop: str | None, side: float, pixel_ratio: float, tone: int = 0
) -> QImage:
    """A post-it of ``side`` logical px (times ``pixel_ratio`` device pixels)."""
    shown = display_safe(text)
    size = max(int(side * pixel_ratio), 8)
    image = blank(size, size, pixel_ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    colours = PAPER.get(wall, PAPER["top"])
    sheet = QRectF(side * 0.02, side * 0.03, side * 0.92, side * 0.9)
    soft_shadow(painter, sheet, side * 0.03)
    paper(painter, sheet, QColor(colours[tone % len(colours)]))
    # the sticky strip along the top, a shade darker
    painter.fillRect(
        QRectF(sheet.left(), sheet.top(), sheet.width(), side * 0.08), QColor(0, 0, 0, 14)
    )
    draw_pin(painter, QPointF(side * 0.48, side * 0.075), side * 0.035, PIN_COLOURS[tone % 3])
    family = handwriting_family()
    box = QRectF(side * 0.08, side * 0.1, side * 0.81, side * 0.66)
    minimum = MIN_FONT
    font, fits = fit_font(shown, box, family)
    if not fits:
        # only texts far beyond what the hub accepts (500 characters) get here:
        # still every character, in a smaller font, never an ellipsis
        minimum = 6
        font, _ = fit_font(shown, box, family, minimum=minimum)
    painter.setFont(font)
    painter.setPen(QColor("#1B2631"))
    painter.drawText(box, flags_for(shown, box, family, minimum), shown)
    if workshop:
        label = QFont(QFont().defaultFamily())
        label.setPixelSize(max(int(side * 0.07), 12))
        painter.setFont(label)
        painter.setPen(QColor("#5D4037"))
        painter.drawText(
            QRectF(side * 0.08, side * 0.78, side * 0.81, side * 0.12),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            display_safe(workshop, keep_newlines=False),
        )
    painter.end()
    return image


def render_polaroid(photo: QImage | None, caption: str, side: float, pixel_ratio: float) -> QImage:
    """A polaroid: the photo in a white frame, the caption underneath (plain text)."""
    width, height = side, side * 1.18
    image = blank(max(int(width * pixel_ratio), 8), max(int(height * pixel_ratio), 8), pixel_ratio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    card = QRectF(side * 0.02, side * 0.03, width * 0.92, height * 0.92)
    soft_shadow(painter, card, side * 0.03, strength=56)
    paper(painter, card, QColor("#FDFDFB"))
    frame = QRectF(side * 0.07, side * 0.08, width * 0.82, width * 0.82)
    if photo is not None and not photo.isNull():
        scaled = photo.scaled(
            int(frame.width() * pixel_ratio),
            int(frame.height() * pixel_ratio),
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        source = QRectF(
            (scaled.width() - frame.width() * pixel_ratio) / 2,
            (scaled.height() - frame.height() * pixel_ratio) / 2,
            frame.width() * pixel_ratio,
            frame.height() * pixel_ratio,
        )
        painter.drawImage(frame, scaled, source)
    else:
        painter.fillRect(frame, QColor("#CFD8DC"))
    draw_tape(painter, QPointF(width * 0.48, side * 0.04), width * 0.34, side * 0.09)
    if caption:
        box = QRectF(
            side * 0.07,
            frame.bottom() + side * 0.02,
            frame.width(),
            card.bottom() - frame.bottom() - side * 0.04,
        )
        shown = display_safe(caption)
        minimum = 14
        font, fits = fit_font(shown, box, handwriting_family(), minimum=minimum)
        if not fits:
            minimum = 6
            font, _ = fit_font(shown, box, handwriting_family(), minimum=minimum)
        painter.setFont(font)
        painter.setPen(QPen(QColor("#1B2631")))
        painter.drawText(box, flags_for(shown, box, handwriting_family(), minimum), shown)
    painter.end()
    return image


def tilted(image: QImage, angle: float, device_ratio: float) -> QImage:
    """``image`` turned by ``angle`` degrees about its centre, once.

    The wall then only copies the turned image, pixel for pixel: a rotated,
    smoothly filtered draw of every item on every frame is what made 4K slow.
    The result is at device pixels (``device_ratio`` per logical pixel of the
    widget), transparent around the turned item.
    """
    width, height = image.width(), image.height()
    turn = math.radians(angle)
    cos, sin = abs(math.cos(turn)), abs(math.sin(turn))
    out_w = math.ceil(width * cos + height * sin) + 2
    out_h = math.ceil(width * sin + height * cos) + 2
    out = blank(out_w, out_h)  # painted in device pixels; its ratio is set after
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.translate(out_w / 2, out_h / 2)
    painter.rotate(angle)
    painter.drawImage(QRectF(-width / 2, -height / 2, width, height), image)
    painter.end()
    out.setDevicePixelRatio(device_ratio)
    return out


@lru_cache(maxsize=6)
def board_texture(colour: str, surface: str = "cork", tile: int = 192) -> QImage:
    """A tile of the board's surface in ``colour``, drawn once per colour and surface.

    ``cork`` has specks, ``felt`` fine fibres every way, ``plain`` is the colour
    alone. The wall fills its board with it as a brush, so a textured board costs
    what a plain one does.
    """
    image = blank(tile, tile, 1.0, QColor(colour))
    if surface == "plain":
        return image
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    base = QColor(colour)
    state = 12345  # a fixed sequence: the same board on every start and every screen
    if surface == "felt":
        for _ in range(tile * tile // 10):
            state = (1103515245 * state + 12345) % 2**31
            x, y = state % tile, (state // tile) % tile
            shade = base.darker(112) if state % 2 else base.lighter(110)
            shade.setAlpha(26 + state % 34)
            painter.setPen(QPen(shade, 0.7 + (state % 5) * 0.15))
            angle = (state % 360) * math.pi / 180
            length = 3.0 + (state % 9)
            step = QPointF(math.cos(angle) * length, math.sin(angle) * length)
            # drawn again one tile left and up, as the specks are: the tiles meet unseen
            for dx in (0, -tile):
                for dy in (0, -tile):
                    start = QPointF(x + dx, y + dy)
                    painter.drawLine(start, start + step)
        painter.end()
        return image
    painter.setPen(Qt.PenStyle.NoPen)
    for _ in range(tile * tile // 60):
        state = (1103515245 * state + 12345) % 2**31
        x, y = state % tile, (state // tile) % tile
        shade = base.darker(118) if state % 3 else base.lighter(112)
        shade.setAlpha(40 + state % 60)
        painter.setBrush(shade)
        size = 0.8 + (state % 7) * 0.35
        # drawn again one tile left and up: a speck on an edge goes on across it,
        # so the tiles meet unseen
        for dx in (0, -tile):
            for dy in (0, -tile):
                painter.drawEllipse(QPointF(x + dx, y + dy), size, size)
    painter.end()
    return image


LOGO_MAX = 512  # a logo is shown at most 260 x 82 logical pixels: twice that is plenty


def logo_image(data: bytes) -> QImage | None:
    """The event's logo from its file's bytes (PNG, JPEG, WebP or SVG), or None."""
    return _decoded(data, LOGO_MAX, LOGO_MAX, Qt.AspectRatioMode.KeepAspectRatio)


BOARD_PICTURE_MAX = (3840, 2160)  # an event's board image is kept no larger than 4K covers


def board_picture(data: bytes) -> QImage | None:
    """An event's own board image from its file's bytes, or None when it is no image.

    Made smaller once, here (off the GUI thread), to what a 4K wall can show: a
    camera's 8,000-pixel photo would otherwise be held and scaled at every redraw.
    """
    width, height = BOARD_PICTURE_MAX
    return _decoded(data, width, height, Qt.AspectRatioMode.KeepAspectRatioByExpanding)


def _decoded(data: bytes, width: int, height: int, fit: Qt.AspectRatioMode) -> QImage | None:
    """An image from a file's bytes, ready to draw; None when the bytes are no image.

    Larger than ``width`` x ``height``, it is made smaller as ``fit`` says.
    """
    image = QImage.fromData(data)
    if image.isNull():
        return None
    if image.width() > width or image.height() > height:
        image = image.scaled(width, height, fit, Qt.TransformationMode.SmoothTransformation)
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


def cover(image: QImage, width: int, height: int) -> QImage:
    """``image`` scaled to fill ``width`` x ``height`` whole, its middle kept."""
    scaled = image.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    )
    return scaled.copy(
        (scaled.width() - width) // 2, (scaled.height() - height) // 2, width, height
    )


class BoardLook:
    """How a board is filled: a surface in a colour, or the event's own image.

    The image is scaled to the board's size in device pixels once per size, so
    drawing the board (at every rebuild of the wall's layer) copies it whole.

    Args:
        colour: the board's colour (under the surface's texture).
        surface: ``cork``, ``felt`` or ``plain`` (see :func:`board_texture`).
        picture: the event's own board image (:func:`board_picture`), or None.
    """

    def __init__(self, colour: str, surface: str = "cork", picture: QImage | None = None) -> None:
        self.colour = colour
        self.surface = surface
        self.picture = picture
        self._scaled: QImage | None = None

    def fill(self, painter: QPainter, rect: QRectF) -> None:
        """Fill ``rect`` (in the painter's logical units) with the board."""
        if self.picture is None:
            painter.fillRect(rect, QBrush(board_texture(self.colour, self.surface)))
            return
        device = painter.device()
        ratio = device.devicePixelRatio() if device is not None else 1.0
        target = painter.transform().mapRect(rect)
        width, height = (
            max(1, round(target.width() * ratio)),
            max(1, round(target.height() * ratio)),
        )
        if self._scaled is None or (self._scaled.width(), self._scaled.height()) != (width, height):
            self._scaled = cover(self.picture, width, height)
        painter.drawImage(rect, self._scaled)
