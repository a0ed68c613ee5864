import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor

from shared.datadir import assets_dir
from shared.ui.icons import Icon, svg
from shared.ui.qt import icon_image


def test_every_icon_is_shipped_with_its_licence() -> None:
    folder = assets_dir() / "icons"
    assert "ISC License" in (folder / "LICENSE-lucide.txt").read_text()
    for icon in Icon:
        ET.fromstring(svg(icon, "#1B4F72"))  # well-formed after colouring


def test_an_icon_takes_the_colour_it_is_drawn_in() -> None:
    drawn = svg(Icon.QUIZ, "#FFD400", stroke=2.5)
    assert 'stroke="#FFD400"' in drawn
    assert 'stroke-width="2.5"' in drawn
    assert "currentColor" not in drawn


def test_a_colour_that_is_not_hex_never_reaches_the_markup() -> None:
    with pytest.raises(ValueError, match="not a #RRGGBB"):
        svg(Icon.QUIZ, '#000" onload="x')


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("size", [24, 96, 512])
def test_an_icon_is_drawn_crisp_at_the_size_asked(size: int) -> None:
    image = icon_image(Icon.POINTS, "#1E8449", size)
    assert (image.width(), image.height()) == (size, size)
    drawn = [
        image.pixelColor(x, y)
        for x in range(0, size, max(1, size // 48))
        for y in range(0, size, max(1, size // 48))
    ]
    opaque = [c for c in drawn if c.alpha() == 255]
    assert opaque, "nothing drawn"
    assert all(c.name() == QColor("#1E8449").name() for c in opaque)
