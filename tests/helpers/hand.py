"""An attendee's hand at a real pillar process: ``zuil kiosk``, with someone tapping the screen.

Run as ``python -m tests.helpers.hand TIP ZUIL_ARGS...``, for example::

    python -m tests.helpers.hand "Meer pauzes" -v kiosk --hub URL --pair CODE --camera DIR

The process is the ``zuil`` command itself (:func:`shared.launch.cli.main` with ``ZUIL_ARGS``);
this wrapper only stands in front of the screen. Nothing of it is in the product: it
makes the application first (the apps reuse a running one, see
:func:`shared.device.qtloop.application`) and watches it for the pillar's window. Once the
pillar greets someone (a ticket was scanned: the home screen), the hand taps
*feedback*, chooses the tip wall, types ``TIP`` and posts it, the way a person does
on the touchscreen. The camera stays with the test: it holds the ticket up.

It says what it sees on the log, as ``tests.hand`` lines beside the pillar's own
(ids and screen names; never the tip's text):

- ``content ready``: the pillar has the event (its ticket keys): a scan can succeed.
- ``screen NAME``: the pillar shows this screen (``home`` after a valid scan).
- ``tip posted``: the tip is in the pillar's outbox (and the pillar's clock for
  releasing it is moved past the minute it waits for).
- ``synced N``: the pillar delivered N actions to the hub.
"""

from __future__ import annotations

import logging
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from tests.helpers.clock import HELD_S

log = logging.getLogger("tests.hand")


class Hand(QObject):
    """Finds the pillar's window when it is shown, then plays the attendee.

    Args:
        tip: the text of the tip to post after the first scan.
    """

    def __init__(self, tip: str) -> None:
        super().__init__()
        self.tip = tip
        self.window: object = None
        self.ready = False
        self.posted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Wait for the pillar's window to be shown; let every event through."""
        from kiosk.app import KioskWindow

        if event.type() == QEvent.Type.Show and isinstance(watched, KioskWindow):
            app = QApplication.instance()
            assert app is not None
            app.removeEventFilter(self)
            self._attach(watched)
        return False

    def _attach(self, window: object) -> None:
        from kiosk.app import KioskWindow

        assert isinstance(window, KioskWindow)
        self.window = window
        window.content_updated.connect(self._on_content_updated)
        window.screen_changed.connect(self._on_screen_changed)
        window.synced.connect(lambda count: log.info("synced %d", count))
        self._on_content_updated()  # content kept from an earlier run counts too

    def _on_content_updated(self) -> None:
        from kiosk.app import KioskWindow

        assert isinstance(self.window, KioskWindow)
        if not self.ready and self.window.content.verifier() is not None:
            self.ready = True
            log.info("content ready")

    def _on_screen_changed(self, name: str) -> None:
        log.info("screen %s", name)
        if name == "home" and not self.posted:
            self.posted = True
            # after the pillar has finished showing the home screen, as a person would
            QTimer.singleShot(0, self._post_tip)

    def _post_tip(self) -> None:
        from kiosk.app import KioskWindow
        from kiosk.screens.feedback import FeedbackScreen
        from kiosk.screens.welcome import HomeScreen
        from kiosk.session import Screen

        window = self.window
        assert isinstance(window, KioskWindow)
        home, feedback = window.screens[Screen.HOME], window.screens[Screen.FEEDBACK]
        assert isinstance(home, HomeScreen)
        assert isinstance(feedback, FeedbackScreen)
        home.buttons["feedback"].click()
        feedback.tip.click()
        feedback.editor.insertPlainText(self.tip)  # what the touch keyboard's keys do
        feedback.send.click()
        log.info("tip posted")
        # the pillar holds the tip until the next minute boundary: its clock is moved on
        # past that, rather than the test waiting for up to a minute
        window.outbox.release.clock = lambda: time.time() + HELD_S


def main(argv: list[str]) -> int:
    """Run ``zuil ZUIL_ARGS`` with a hand in front of the pillar's screen."""
    from shared.device.qtloop import application
    from shared.launch.cli import main as zuil

    tip, *args = argv
    hand = Hand(tip)
    application().installEventFilter(hand)
    return zuil(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
