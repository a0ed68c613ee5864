"""wall/render.py: every note readable, literal, and never cut off."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from shared.plaintext import display_safe
from wall import render

SIDE = 184.0  # a note's side at 15 notes per wall


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    "text",
    [
        "Koffie!",
        "<b>vet</b> <script>alert(1)</script>",
        "\u202eomgekeerd",
        "😀" * 40,
        "x" * 200,
        "Lange zin met heel veel woorden " * 15,
    ],
)
def test_hostile_and_long_notes_fit_at_a_readable_size(text: str) -> None:
    text = text[:500]
    scale = render.note_scale(text, SIDE)
    inner = SIDE * scale
    font, fits = render.fit_font(
        display_safe(text), QRectF(0, 0, inner * 0.81, inner * 0.66), render.handwriting_family()
    )
    assert fits
    assert font.pixelSize() >= render.MIN_FONT
    image = render.render_note(text, "tip", "VAST", SIDE * scale, 1.0)
    assert not image.isNull()


@pytest.mark.usefixtures("qapp")
@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=500))
def test_any_note_up_to_the_limit_fits(text: str) -> None:
    scale = render.note_scale(text, SIDE)
    inner = SIDE * scale
    _, fits = render.fit_font(
        display_safe(text), QRectF(0, 0, inner * 0.81, inner * 0.66), render.handwriting_family()
    )
    assert fits


def test_ten_thousand_characters_still_render(qapp: QApplication) -> None:
    image = render.render_note("woord " * 1700, "top", None, SIDE * 3, 1.0)
    assert not image.isNull()


def test_font_is_the_shipped_handwriting(qapp: QApplication) -> None:
    assert render.handwriting_family() == "Comic Neue"


def test_polaroid_without_photo_and_with_caption(qapp: QApplication) -> None:
    assert not render.render_polaroid(None, "<i>onderschrift</i>", 200, 1.0).isNull()


def test_a_long_compound_gets_a_smaller_font_not_a_break_inside(qapp: object) -> None:
    family = render.handwriting_family()
    text = "Mooie praktijkvoorbeelden uit Havenstad"
    assert render.flags_for(text, QRectF(0, 0, 260, 150), family) == render.WORDS
    # on a normal note it does not fit whole at the least readable size: the note grows
    assert render.note_scale(text, 200) > 1.0
    # a "word" no readable font can fit on one line may still break, rather than be cut
    assert render.flags_for("x" * 200, QRectF(0, 0, 60, 400), family) == render.ANYWHERE
