"""Personal links: send every registered attendee their link by e-mail or SMS, and watch.

The hub does the sending (throttled, retried); this tab queues, shows each
attendee's status with the reason of a failure, and resends a selection.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.desk import texts
from kiosk.desk.client import DeskClient
from kiosk.desk.widgets import (
    DeskTab,
    fill_table,
    plain_label,
    read_only_table,
    selected_keys,
    set_headers,
    words,
)
from shared import protocol
from shared.i18n import Lang

REFRESH_MS = 1500


class LinksTab(DeskTab):
    """Queue personal links and follow their delivery.

    Signals:
        refreshed(int): the status list was reloaded; this many are still waiting.
        queued(int): this many were just queued.
    """

    refreshed = Signal(int)
    queued = Signal(int)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.info: protocol.MessagingInfo | None = None
        self.deliveries: list[protocol.Delivery] = []
        self.channels = plain_label()
        self.email_button = QPushButton()
        self.sms_button = QPushButton()
        self.resend_button = QPushButton()
        self.table = read_only_table(len(texts.DELIVERY_COLUMNS))
        buttons = QHBoxLayout()
        for button in (self.email_button, self.sms_button, self.resend_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.channels)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.email_button.clicked.connect(lambda: self.send("email"))
        self.sms_button.clicked.connect(lambda: self.send("sms"))
        self.resend_button.clicked.connect(self.resend_selected)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.email_button.setText(texts.SEND_EMAIL(lang))
        self.sms_button.setText(texts.SEND_SMS(lang))
        self.resend_button.setText(texts.RESEND(lang))
        set_headers(self.table, texts.DELIVERY_COLUMNS, lang)
        self._show_info()
        self._show(self.deliveries)

    def start(self) -> None:
        """Load what the hub can send and the statuses; keep them fresh while visible."""
        self.spawn(self._load_info())
        self.refresh()
        self.timer.start()

    def stop(self) -> None:
        """Stop refreshing."""
        self.timer.stop()

    async def _load_info(self) -> None:
        self.info = await self.client.messaging()
        self._show_info()

    def _show_info(self) -> None:
        lang, info = self.lang, self.info
        if info is None:
            return
        self.channels.setText(
            texts.CHANNELS(
                lang,
                email=(texts.ON if info.email else texts.OFF)(lang),
                sms=(texts.ON if info.sms else texts.OFF)(lang),
            )
            + (f"\n{info.problem}" if info.problem else "")
        )
        self.email_button.setEnabled(info.email)
        self.sms_button.setEnabled(info.sms)

    def refresh(self) -> None:
        """Reload the statuses."""
        self.spawn(self._refresh())

    async def _refresh(self) -> None:
        self.deliveries = await self.client.deliveries()
        self._show(self.deliveries)
        waiting = sum(d.status in ("queued", "sending") for d in self.deliveries)
        self.refreshed.emit(waiting)

    def _show(self, deliveries: list[protocol.Delivery]) -> None:
        lang = self.lang
        rows = [
            (d.name, d.channel, d.address or "", texts.STATUS[d.status](lang), d.reason, d.attempts)
            for d in deliveries
        ]
        fill_table(self.table, rows, [(d.attendee_id, d.channel) for d in deliveries])

    def send(
        self, channel: protocol.Channel, ids: list[int] | None = None, resend: bool = False
    ) -> None:
        """Queue links on a channel (everyone not yet sent, or ``ids``)."""
        self.spawn(self._send(channel, ids, resend))

    async def _send(self, channel: protocol.Channel, ids: list[int] | None, resend: bool) -> None:
        count = await self.client.send_links(channel, ids, resend=resend)
        self.say(words(texts.QUEUED, count=count))
        self.queued.emit(count)
        await self._refresh()

    def resend_selected(self) -> None:
        """Send the selected rows again, each on its own channel."""
        chosen = selected_keys(self.table)
        for channel in ("email", "sms"):
            ids = [a for a, c in chosen if c == channel]
            if ids:
                self.send(channel, ids, resend=True)
