"""shared/hub/phonetheme.py: the event's colour on phones, only where text stays readable."""

import pytest

from shared.hub.phonetheme import AA, INK, WHITE, contrast, stylesheet


def test_contrast_is_wcags() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#1b4f72", "#1b4f72") == pytest.approx(1.0)


def test_a_dark_colour_carries_white_text_and_colours_the_links() -> None:
    css = stylesheet("#1B4F72")
    assert f"background: #1b4f72; color: {WHITE};" in css
    assert "a, .option { color: #1b4f72; }" in css


def test_a_light_colour_carries_dark_text_and_leaves_the_links_blue() -> None:
    css = stylesheet("#F5D000")
    assert f"background: #f5d000; color: {INK};" in css
    assert "a, .option" not in css
    assert contrast("#f5d000", INK) >= AA


@pytest.mark.parametrize("colour", [None, "", "red", "#12345", "#1b4f72; } body {", "#808080"])
def test_an_unusable_colour_gives_no_style(colour: str | None) -> None:
    # mid grey reaches 4.5:1 with neither white (3.95) nor the dark ink (3.9)
    assert stylesheet(colour) == ""
