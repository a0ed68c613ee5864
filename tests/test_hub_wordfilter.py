from pathlib import Path

import pytest

from shared.datadir import assets_dir
from shared.hub.wordfilter import WordFilter, load_words

FILTER = WordFilter(["kut*", "lul", "# comment", "", "idioot*"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Wat een kutzooi", ["kutzooi"]),
        ("K.U.T workshop", ["kut"]),
        ("k u t", ["kut"]),
        ("LUL!", ["lul"]),
        ("lullig", []),
        ("Idi00t", ["idioot"]),
        ("Mooie dag, goede sprekers", []),
        ("stuk", []),
        ("", []),
    ],
)
def test_matches(text: str, found: list[str]) -> None:
    assert FILTER.matches(text) == found


def test_empty_filter_matches_nothing() -> None:
    assert WordFilter([]).matches("kut") == []


def test_word_list_created_from_shipped_lists(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    words = load_words(path, sorted((assets_dir() / "wordfilter").glob("*.txt")))
    assert path.exists()
    assert "kut*" in words
    assert "fuck*" in words
    path.write_text("alleen-dit\n", encoding="utf-8")
    assert load_words(path, []) == ["alleen-dit"]
