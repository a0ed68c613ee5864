"""The language of a personal link's pages (the pages themselves: tests/test_hub_phone.py)."""

from shared.hub.links import language


def test_language_choice() -> None:
    assert language("en", "nl") == "en"
    assert language(None, "en-GB,en;q=0.9") == "en"
    assert language(None, "de-DE,fr") == "nl"
    assert language("xx", None) == "nl"
