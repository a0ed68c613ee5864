from hypothesis import given
from hypothesis import strategies as st

from shared.ui import theme
from shared.ui.colour import contrast
from shared.ui.theme import HouseStyle

colours = st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}")

# the sample event's style, a dark-background ministry style, and a pale yellow brand
STYLES = {
    "sample": HouseStyle("#1B4F72", "#E67E22", "#F4F1EA"),
    "dark": HouseStyle("#01689B", "#F9E11E", "#14213D"),
    "pale-yellow": HouseStyle("#FFF3A0", "#FFE66D", "#FFFFFF"),
}


def test_every_pair_of_three_house_styles_passes_aa() -> None:
    for name, style in STYLES.items():
        assert theme.failing_pairs(theme.roles(style)) == [], name


def test_the_high_contrast_theme_passes_aa() -> None:
    assert theme.failing_pairs(theme.roles(STYLES["sample"], high_contrast=True)) == []


@given(colours, colours, colours)
def test_any_house_style_gives_readable_pairs(primary: str, secondary: str, bg: str) -> None:
    assert theme.failing_pairs(theme.roles(HouseStyle(primary, secondary, bg))) == []


def test_a_brand_colour_that_passes_is_kept() -> None:
    roles = theme.roles(STYLES["sample"])
    assert roles.primary == roles.brand == "#1B4F72"
    assert roles.surface == "#F4F1EA"


def test_a_pale_brand_colour_becomes_a_shade_of_itself() -> None:
    roles = theme.roles(STYLES["pale-yellow"])
    assert roles.primary != "#FFF3A0"
    assert contrast(roles.primary, roles.surface) >= 3.0
    red, green, blue = (int(roles.primary[i : i + 2], 16) for i in (1, 3, 5))
    assert red >= blue
    assert green >= blue


def test_a_colour_that_is_not_hex_falls_back_to_the_default() -> None:
    roles = theme.roles(HouseStyle("geel", "#E67E22", "#F4F1EA"))
    assert roles.primary == theme.DEFAULT_PRIMARY


def test_the_scale_keeps_text_and_targets_large_and_motion_short() -> None:
    scale = theme.SCALE
    assert scale.text_small >= 24
    assert scale.target >= 72
    assert max(scale.motion_quick_ms, scale.motion_screen_ms, scale.motion_celebrate_ms) < 300
