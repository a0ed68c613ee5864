"""Keyboard-wedge scanners as a second way in, wherever the focus is."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget
from shiboken6 import isValid

from shared.scan.wedge import WedgeBuffer

_POINTER_PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)


class WedgeFilter(QObject):
    """An application-wide event filter that turns fast key bursts + Enter into scans.

    Once a burst is recognised (three keys in quick succession) its further keys
    are held back from the focused widget; the first keys of a scan that already
    reached a text field are taken back with backspaces, so a scan never ends
    up inside a note. A burst that ends without Enter was a fast typist, not a
    scanner: the held keys are handed on, in order, to the widget they were
    typed into (before a Tab, tap or click moves the focus on).

    Signals:
        code_scanned(str): a scanner typed a code and pressed Enter.
    """

    code_scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        buffer: WedgeBuffer | None = None,
        accept: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.buffer = buffer or WedgeBuffer()
        self.accept = accept
        self._leaked = 0
        self._held: list[tuple[int, Qt.KeyboardModifier, str]] = []
        self._held_by: QWidget | None = None  # the widget the held keys were typed into
        self._replaying = False
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(int(self.buffer.max_gap * 1000 * 3))
        self._release.timeout.connect(self._on_release_timeout)

    def install(self, app: QApplication) -> None:
        """Start listening to every key of the application."""
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch key presses; swallow the keys of a scanner's burst."""
        if self._held and event.type() in _POINTER_PRESSES:
            # a tap or click may move the focus: the held letters go first, where typed
            self._on_release_timeout()
            return False
        if self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent):
            return False
        # Qt shows the filter one key press several times (window, widget, parents):
        # handle it once, where it is delivered first among widgets.
        focus = QApplication.focusWidget()
        if not isinstance(watched, QWidget) or not (
            watched is focus or (focus is None and watched.isWindow())
        ):
            return False
        owner = self.parent()
        if isinstance(owner, QWidget) and watched.window() is not owner.window():
            return False  # keys for another window of this app (the demo runs several)
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            code = self.buffer.enter(now)
            if code is not None and self.accept is not None and not self.accept(code):
                code = None  # fast, but not what a scanner here sends: a quick typist
            if code is None:
                self._on_release_timeout()
                self._leaked = 0
                return False
            self._release.stop()
            self._held.clear()
            self._take_back()
            self.code_scanned.emit(code)
            return True
        text = event.text()
        if not text or not text.isprintable():
            if self._held:  # Tab, arrows...: the held letters go first, where they were typed
                self._on_release_timeout()
            return False
        burst = self.buffer.in_burst(now)
        self.buffer.key(text, now)
        if burst:
            if not self._held:
                self._held_by = watched
            self._held.append((event.key(), event.modifiers(), text))
            self._release.start()
            return True
        self._on_release_timeout()
        self._leaked = self.buffer.pending
        return False

    def _on_release_timeout(self) -> None:
        """No Enter came: the held keys were typed by a person; hand them on."""
        self._release.stop()
        held, self._held = self._held, []
        typed_in, self._held_by = self._held_by, None
        widget = typed_in if typed_in is not None and isValid(typed_in) else None
        if not held or widget is None:
            return
        self._replaying = True
        try:
            for key, modifiers, text in held:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(widget, QKeyEvent(kind, key, modifiers, text))
        finally:
            self._replaying = False

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
