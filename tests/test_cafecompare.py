"""shared/cafecompare.py and the desk's comparison tab: sessions side by side, from their
own data folders (read, never written) or their exported data, no personal data merged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.desk.cafecompare import CompareTab, cell_text
from kiosk.desk.client import DeskClient
from shared import eventfile
from shared.cafecompare import CompareError, compare, read, read_export
from shared.cafereport import build, write_data
from shared.datadir import assets_dir
from shared.i18n import Lang
from shared.store import Store
from tests.helpers.cafeview import QUESTIONS, TIED, view, with_dots

CAFE = assets_dir() / "demo" / "world-cafe.toml"


def exported(tmp_path: Path, name: str, csv: bool = False) -> Path:
    report = build(view("harvest", {1, 2, 3, 4}, organiser=True), event=name)
    target = tmp_path / (name if csv else f"{name}.xlsx")
    write_data(report, target)
    return target


def data_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    with Store(folder / "zuil.db") as store:
        store.import_event(eventfile.load(CAFE), {})
    return folder


def test_an_export_reads_back_as_its_report(tmp_path: Path) -> None:
    report = build(view("harvest", {1, 2, 3, 4}, organiser=True), event="Havenstad")
    for path in (tmp_path / "s.xlsx", tmp_path / "csv"):
        write_data(report, path)
        summary = read_export(path)
        assert summary.title == report.title
        assert [q.text for q in summary.questions] == [q.text for q in report.questions]
        for mine, theirs in zip(summary.questions, report.questions, strict=True):
            assert mine.ideas == theirs.ideas + theirs.merged
            assert mine.dots == theirs.dots
            assert mine.top == tuple((i.place, i.text, i.dots) for i in theirs.top)
        assert summary.participants == [r.participants for r in report.rounds]
        assert summary.tables == 3


def test_sessions_side_by_side_matched_by_question(tmp_path: Path) -> None:
    folder = data_folder(tmp_path, "havenstad")
    before = hashlib.sha256((folder / "zuil.db").read_bytes()).hexdigest()
    sessions = read(folder) + read(exported(tmp_path, "Dorpshuis", csv=True))
    # read, never written: the session's own folder is as it was
    assert hashlib.sha256((folder / "zuil.db").read_bytes()).hexdigest() == before
    result = compare(sessions)
    assert len(result.sessions) == 2
    assert "Community-café Klantcontact" in result.sessions[0].label
    # the sample shares the four questions (spelling of case and spaces aside)
    assert len(result.questions) == len(QUESTIONS)
    for row in result.cells:
        assert all(cell is not None for cell in row)
    first = result.cells[0]
    assert first[0] is not None
    assert first[0].ideas == 0
    assert first[1] is not None
    assert first[1].ideas > 0
    assert "1." in cell_text(first[1], Lang.NL)


def test_what_is_no_session_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CompareError):
        read(tmp_path / "empty")
    (tmp_path / "not.xlsx").write_bytes(b"no workbook")
    with pytest.raises(CompareError):
        read(tmp_path / "not.xlsx")


def test_the_desk_tab_shows_each_session_in_a_column(
    tmp_path: Path, qtbot: QtBot, qapp: object
) -> None:
    tab = CompareTab(DeskClient("http://127.0.0.1:9", "token"), Lang.EN)
    qtbot.addWidget(tab)
    messages: list[tuple[str, bool]] = []
    tab.message.connect(lambda said, error: messages.append((said(Lang.NL), error)))
    assert not tab.add(tmp_path / "nothing-here")
    assert messages[-1][1]
    with qtbot.waitSignal(tab.compared):
        assert tab.add(exported(tmp_path, "Havenstad"))
    assert tab.add(data_folder(tmp_path, "dorp"))
    assert tab.table.columnCount() == 2
    assert tab.table.rowCount() == len(QUESTIONS) + 3
    cell = tab.table.item(0, 0)
    assert cell is not None
    assert cell.text().startswith("9 ideas · 32 dots")
    tab.resize(1400, 800)
    tab.show()
    shots = Path(__file__).resolve().parent.parent / "screenshots" / "desk"
    shots.mkdir(parents=True, exist_ok=True)
    tab.grab().save(str(shots / "compare-en.png"))
    tab.retranslate(Lang.NL)
    layout = tab.layout()
    assert layout is not None
    layout.activate()  # the buttons take their new texts' width
    tab.grab().save(str(shots / "compare-nl.png"))
    tab.clear()
    assert tab.table.columnCount() == 0


def test_ideas_with_equal_dots_share_their_place_side_by_side(tmp_path: Path) -> None:
    report = build(with_dots(view("harvest", {1, 2, 3, 4}, organiser=True), TIED))
    write_data(report, tmp_path / "s.xlsx")
    summary = read_export(tmp_path / "s.xlsx")
    cell = cell_text(summary.questions[0], Lang.NL).splitlines()
    assert cell[1:] == [
        "1. Als leden elkaar buiten de bijeenkomsten opzoeken (8)",
        "1. Tevredenheidsscore boven de 8 (8)",
        "3. Als nieuwe leden binnen een maand iets bijdragen (6)",
        "3. Meer jonge collega's erbij (6)",
    ]
