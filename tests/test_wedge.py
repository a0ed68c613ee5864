"""kiosk/wedge.py: a USB scanner typing into whatever has focus."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.wedge import WedgeFilter


def make_window(
    qtbot: QtBot, accept: Callable[[str], bool] | None = None
) -> tuple[QWidget, QLineEdit, WedgeFilter]:
    window = QWidget()
    edit = QLineEdit(window)
    QVBoxLayout(window).addWidget(edit)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    wedge = WedgeFilter(window, accept=accept)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    wedge.install(app)
    return window, edit, wedge


def remove(wedge: WedgeFilter) -> None:
    app = QApplication.instance()
    assert app is not None
    app.removeEventFilter(wedge)


def test_scan_into_a_focused_text_field_is_caught(qtbot: QtBot) -> None:
    _, edit, wedge = make_window(qtbot)
    edit.setText("mijn tip: ")
    edit.end(False)
    with qtbot.waitSignal(wedge.code_scanned, timeout=2000) as caught:
        QTest.keyClicks(edit, "ZU1ABCDEFGH")
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert caught.args == ["ZU1ABCDEFGH"]
    assert edit.text() == "mijn tip: "  # nothing of the scan is left in the note
    remove(wedge)


def test_slow_typing_stays_text(qtbot: QtBot) -> None:
    _, edit, wedge = make_window(qtbot)
    with qtbot.assertNotEmitted(wedge.code_scanned, wait=100):
        QTest.keyClicks(edit, "hallo!", delay=80)
        QTest.keyClick(edit, Qt.Key.Key_Return, delay=80)
    assert edit.text() == "hallo!"
    remove(wedge)


def test_fast_typing_without_enter_is_handed_on(qtbot: QtBot) -> None:
    _, edit, wedge = make_window(qtbot)
    with qtbot.assertNotEmitted(wedge.code_scanned, wait=50):
        QTest.keyClicks(edit, "snel getypt")  # a burst, but no Enter follows
    qtbot.waitUntil(lambda: edit.text() == "snel getypt", timeout=2000)
    remove(wedge)


def test_fast_typing_that_is_no_ticket_stays_text(qtbot: QtBot) -> None:
    # the desk accepts only tickets: a quick typist pressing Enter is not a scanner
    _, edit, wedge = make_window(qtbot, accept=lambda code: code.startswith("ZU1"))
    entered: list[str] = []
    edit.returnPressed.connect(lambda: entered.append(edit.text()))
    with qtbot.assertNotEmitted(wedge.code_scanned, wait=50):
        QTest.keyClicks(edit, "Gemeente Ede")
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert entered == ["Gemeente Ede"]  # the held keys reached the field before Enter
    with qtbot.waitSignal(wedge.code_scanned, timeout=2000) as caught:
        QTest.keyClicks(edit, "ZU1ABCDEFGH")
        QTest.keyClick(edit, Qt.Key.Key_Return)
    assert caught.args == ["ZU1ABCDEFGH"]
    assert edit.text() == "Gemeente Ede"
    remove(wedge)


def test_held_keys_land_before_a_tab_moves_on(qtbot: QtBot) -> None:
    window, edit, wedge = make_window(qtbot)
    second = QLineEdit(window)
    layout = window.layout()
    assert layout is not None
    layout.addWidget(second)
    QTest.keyClicks(edit, "Wessel")  # a burst: held back for a moment...
    QTest.keyClick(edit, Qt.Key.Key_Tab)  # ...but Tab must not overtake it
    assert edit.text() == "Wessel"
    remove(wedge)


def test_held_keys_land_where_typed_when_a_click_moves_on(qtbot: QtBot) -> None:
    # seen in the demo: a caption typed fast, then the consent box ticked at once
    window, edit, wedge = make_window(qtbot)
    second = QLineEdit(window)
    layout = window.layout()
    assert layout is not None
    layout.addWidget(second)
    QTest.keyClicks(edit, "Team VAST")  # a burst: held back for a moment...
    QTest.mouseClick(second, Qt.MouseButton.LeftButton)  # ...and the click comes first
    assert edit.text() == "Team VAST"
    assert second.text() == ""
    remove(wedge)
