"""Keyboard-wedge scanners as a second way in, wherever the focus is."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from shared.scan.wedge import WedgeBuffer


class WedgeFilter(QObject):
    """An application-wide event filter that turns fast key bursts + Enter into scans.

    Once a burst is recognised (three keys in quick succession) its further keys
    are kept from the focused widget; the first keys of a scan that already
    reached a text field are taken back with backspaces, so a scan never ends
    up inside a note.

    Signals:
        code_scanned(str): a scanner typed a code and pressed Enter.
    """

    code_scanned = Signal(str)

    def __init__(self, parent: QObject | None = None, buffer: WedgeBuffer | None = None) -> None:
        super().__init__(parent)
        self.buffer = buffer or WedgeBuffer()
        self._leaked = 0

    def install(self, app: QApplication) -> None:
        """Start listening to every key of the application."""
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch key presses; swallow the keys of a scanner's burst."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # Qt shows the filter one key press several times (window, widget, parents):
        # handle it once, where it is delivered first among widgets.
        focus = QApplication.focusWidget()
        if not isinstance(watched, QWidget) or not (
            watched is focus or (focus is None and watched.isWindow())
        ):
            return False
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = self.buffer.enter(now)
            if code is None:
                self._leaked = 0
                return False
            self._take_back()
            self.code_scanned.emit(code)
            return True
        text = event.text()
        if not text or not text.isprintable():
            return False
        burst = self.buffer.in_burst(now)
        self.buffer.key(text, now)
        if burst:
            return True
        self._leaked = self.buffer.pending
        return False

    def _take_back(self) -> None:
        widget = QApplication.focusWidget()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            for _ in range(self._leaked):
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(
                        widget,
                        QKeyEvent(kind, Qt.Key.Key_Backspace, Qt.KeyboardModifier.NoModifier),
                    )
        self._leaked = 0
