import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared import plaintext
from shared.plaintext import display_safe, html_text, is_blank, without_controls


def test_markup_stays_literal_and_bidi_is_defused() -> None:
    assert display_safe("<b>hoi</b>") == "<b>hoi</b>"
    assert display_safe("a\u202eb") == "a⟦U+202E⟧b"
    assert display_safe("x\x07y\x00") == "x⟦U+0007⟧y⟦U+0000⟧"
    assert display_safe("regel 1\nregel 2") == "regel 1\nregel 2"
    assert display_safe("a\nb", keep_newlines=False) == "a⟦U+000A⟧b"
    assert display_safe("👨\u200d👩\u200d👧 ❤\ufe0f") == "👨\u200d👩\u200d👧 ❤\ufe0f"


@given(st.text())
def test_no_bidi_control_survives(text: str) -> None:
    shown = display_safe(text)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)


def test_controls_go_but_newlines_tabs_and_emoji_stay() -> None:
    assert without_controls("a\x00b\x1b[31m\x7f\nc\td") == "ab[31m\nc\td"
    assert without_controls("👩\u200d💻 ok") == "👩\u200d💻 ok"


@pytest.mark.parametrize(
    "text", ["", " \n\t", "\u200b\u200c\u200d\u2060", "\ufeff\u3164\u2800", "\u034f\u0301"]
)
def test_blank_text(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", " x\u200b", "🙂", "\u200d🙂", "日"])
def test_text_that_shows(text: str) -> None:
    assert not is_blank(text)


@given(st.text())
def test_folded_text_is_the_same_text_folded_again(text: str) -> None:
    assert plaintext.folded(plaintext.folded(text)) == plaintext.folded(text)
    assert plaintext.folded(f"  {text.upper()}\t\n") == plaintext.folded(text.upper())


def test_folded_text_puts_case_and_spacing_aside() -> None:
    assert plaintext.folded(" De  Signaalbalie\n") == plaintext.folded("de signaalbalie")
    assert plaintext.folded("De Signaalbalie") != plaintext.folded("De Signaal balie")


def test_html_text_shows_markup_and_quotes_literally() -> None:
    assert html_text("<b>vet</b> & 'zo'") == "&lt;b&gt;vet&lt;/b&gt; &amp; &#x27;zo&#x27;"
    assert html_text('"><img src=x>') == "&quot;&gt;&lt;img src=x&gt;"
    assert html_text(42) == "42"


@given(st.text())
def test_html_text_reads_back_as_the_text(text: str) -> None:
    assert html.unescape(html_text(text)) == text
    assert not {"<", ">", '"', "'"} & set(html_text(text))
