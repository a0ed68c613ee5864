import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.ui import colour

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")


def test_contrast_runs_from_one_to_twenty_one() -> None:
    assert colour.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert colour.contrast("#777777", "#777777") == pytest.approx(1.0)
    # WCAG's own example: #767676 on white is the lightest grey that passes AA
    assert colour.contrast("#767676", "#FFFFFF") >= 4.5 > colour.contrast("#777777", "#FFFFFF")


def test_a_colour_that_is_not_hex_is_refused() -> None:
    for bad in ("red", "#12345", "#GGGGGG", "123456"):
        assert not colour.valid(bad)
        with pytest.raises(ValueError, match="not a #RRGGBB"):
            colour.channels(bad)


@given(colours, colours)
def test_reaching_always_reaches_and_keeps_a_colour_that_already_does(fg: str, bg: str) -> None:
    shade = colour.reaching(fg, bg, 4.5)
    assert colour.contrast(shade, bg) >= 4.5
    if colour.contrast(fg, bg) >= 4.5:
        assert shade == fg


@given(colours)
def test_readable_text_exists_on_every_colour(bg: str) -> None:
    assert colour.contrast(colour.readable_on(bg), bg) >= colour.AA_TEXT


def test_readable_text_prefers_the_soft_ink_where_it_passes() -> None:
    assert colour.readable_on("#FFFFFF") == "#1B2631"
    assert colour.readable_on("#000000") == "#FFFFFF"
