"""The desk's small widgets: tables that keep their selection and whole titles; the tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.desk.widgets import (
    PageTabs,
    fill_table,
    fit_headers,
    hub_error_text,
    plain_label,
    read_only_table,
    selected_keys,
    set_headers,
)
from shared.device.errors import HubError
from shared.i18n import Lang, Text


def test_refresh_keeps_the_selected_row(qtbot: QtBot) -> None:
    table = read_only_table(2)
    qtbot.addWidget(table)
    fill_table(table, [("a", "1"), ("b", "2")], ["id-a", "id-b"])
    table.selectRow(1)
    assert selected_keys(table) == ["id-b"]
    # a new item arrives on top: the moderator's selection stays on "b"
    fill_table(table, [("new", "0"), ("a", "1"), ("b", "2")], ["id-new", "id-a", "id-b"])
    assert selected_keys(table) == ["id-b"]
    fill_table(table, [("a", "1")], ["id-a"])  # "b" is gone: nothing selected
    assert selected_keys(table) == []


def test_cells_and_labels_are_literal(qtbot: QtBot) -> None:
    table = read_only_table(1)
    qtbot.addWidget(table)
    fill_table(table, [("<b>vet</b>\u202e\nregel",)], ["x"])
    cell = table.item(0, 0)
    assert cell is not None
    assert cell.text().startswith("<b>vet</b>")
    assert "\u202e" not in cell.text()
    label = plain_label("<i>schuin</i>")
    qtbot.addWidget(label)
    assert label.text() == "<i>schuin</i>"
    assert label.textFormat().name == "PlainText"


def test_hub_errors_speak_the_desks_language() -> None:
    offline = HubError("hub not reachable: [Errno 111]", "offline")
    assert hub_error_text(offline, Lang.NL).startswith("De hub is niet bereikbaar (")
    assert hub_error_text(offline, Lang.EN).startswith("The hub is not reachable (")
    odd = HubError("teapot", "i_am_a_teapot")
    assert hub_error_text(odd, Lang.NL) == "De hub weigerde (teapot)"


def test_an_empty_table_says_what_empty_means(qtbot: QtBot) -> None:
    table = read_only_table(2)
    qtbot.addWidget(table)
    table.resize(400, 200)

    def inked() -> int:
        image = table.viewport().grab().toImage()
        colours = {
            image.pixel(x, y) for x in range(0, image.width(), 2) for y in range(image.height())
        }
        return len(colours)

    blank = inked()
    table.empty_text = "Nog geen bijdragen"
    table.viewport().update()
    assert inked() > blank  # the words are drawn
    fill_table(table, [("a", "1")])
    table.empty_text = "Nog geen bijdragen"
    assert table.rowCount() == 1  # with rows, the rows are shown, not the words


def test_a_column_is_at_least_as_wide_as_its_title_in_either_language(qtbot: QtBot) -> None:
    table = read_only_table(3)
    qtbot.addWidget(table)
    table.setStyleSheet("QHeaderView::section { font-weight: 700; padding: 4px 6px; }")
    titles = [
        Text("Kolom in het bestand", "Column in the file"),
        Text("Nr", "No"),
        Text("Veld", "Field"),
    ]
    header = table.horizontalHeader()
    for lang in (Lang.NL, Lang.EN):
        set_headers(table, titles, lang)
        for column in range(2):  # the last column stretches over what is left
            assert header.sectionSize(column) >= header.sectionSizeHint(column) > 0
    assert header.sectionSize(0) > header.defaultSectionSize()  # widened, not left at 100
    wide = "QHeaderView::section { font-weight: 700; font-size: 30px; padding: 4px 6px; }"
    table.setStyleSheet(wide)  # a larger font (the event's own): titles need more room
    assert header.sectionSize(0) < header.sectionSizeHint(0)
    fit_headers(table)
    assert header.sectionSize(0) >= header.sectionSizeHint(0)


def test_the_desks_tabs_speak_of_their_pages(qtbot: QtBot) -> None:
    tabs = PageTabs()
    qtbot.addWidget(tabs)
    pages = [QLabel("een"), QLabel("twee")]
    for n, page in enumerate(pages):
        assert tabs.add_page(page) == n
        tabs.set_title(n, f"tab {n}", f"waar tab {n} voor is")
    tabs.setCurrentWidget(pages[1])
    assert tabs.currentIndex() == 1
    assert tabs.currentWidget() is pages[1]
    assert tabs.widget(0) is pages[0]
    assert tabs.indexOf(pages[1]) == 1
    assert tabs.indexOf(QLabel("geen")) == -1
    assert tabs.tabToolTip(1) == "waar tab 1 voor is"
    assert tabs.tabBar().elideMode() == Qt.TextElideMode.ElideNone
    assert tabs.tabBar().usesScrollButtons()
