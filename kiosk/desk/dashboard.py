"""The organiser's live dashboard: who takes part, what they know, what they say.

Figures come from the hub's ``/api/dashboard`` (the same numbers as the
report) and refresh when the live stream says something happened. A second
page draws every rating, recommend question, poll, vote and open question as
the report does (fewer than k answers are never drawn). Clicking a
workshop's bar (or choosing it above) narrows everything to that workshop.
From here the organiser also makes the report (PDF) and exports the data.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.desk import texts
from kiosk.desk.charts import ChartView
from kiosk.desk.client import DeskClient
from kiosk.desk.folders import AskPath, ask_path_with_dialog
from kiosk.desk.report import report_roles, write_data, write_pdf
from kiosk.desk.widgets import DeskTab, fill_table, plain_label, read_only_table, set_headers, words
from shared import pollcharts, protocol
from shared.i18n import Lang
from shared.ui.theme import Roles

REFRESH_DELAY_MS = 1000  # a burst of live events makes one refresh
HEALTH_EVERY_MS = 15_000  # pillar health changes without live events
FILTER_CHARACTERS = 18  # the workshop filter's width, in characters (longer titles are cut)


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


def _axes(
    chart: QChart,
    series: QBarSeries | QStackedBarSeries,
    categories: list[str],
    top: float,
    family: str | None = None,
) -> None:
    for axis in chart.axes():
        chart.removeAxis(axis)
    x = QBarCategoryAxis()
    x.append(categories)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    y = QValueAxis()
    y.setLabelFormat("%d")
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(y)
    if family:
        for axis in (x, y):
            axis.setLabelsFont(_in_family(axis.labelsFont(), family))
    top = max(float(int(top)), 1.0)  # an empty day must not make a NaN range
    y.setRange(0, top)
    if top <= 10:
        y.setTickCount(int(top) + 1)  # whole numbers only: 0, 1, 2 ...
    else:
        y.applyNiceNumbers()


def _in_family(font: QFont, family: str) -> QFont:
    """``font`` in the event's own ``family``, its size and weight kept."""
    shown = QFont(font)
    shown.setFamily(family)
    return shown


def _set_family(chart: QChart, family: str) -> None:
    """A dashboard chart's title, legend and axes in the event's own font."""
    chart.setTitleFont(_in_family(chart.titleFont(), family))
    chart.legend().setFont(_in_family(chart.legend().font(), family))
    for axis in chart.axes():
        axis.setLabelsFont(_in_family(axis.labelsFont(), family))


COMMENTS_SHOWN = 6  # comments under a chart (the most repeated); the report has them all


class ResultCard(QFrame):
    """One question on the dashboard: its chart, and its visible comments or answers."""

    def __init__(
        self,
        result: protocol.PollResult,
        colours: Roles,
        lang: Lang,
        subject: str = "",
        family: str | None = None,
    ) -> None:
        super().__init__()
        self.result = result
        self.setObjectName("resultcard")
        self.setStyleSheet(
            f"QFrame#resultcard {{ background: {colours.card}; border: 1px solid"
            f" {colours.outline}; border-radius: 8px; }}"
        )
        self.chart = pollcharts.chart(result, lang, subject)
        self.view = ChartView(self.chart, colours, lang, family)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.comments = plain_label(name="comments")
        if result.comments:
            key = texts.OPEN_ANSWERS if result.kind == "open" else texts.COMMENTS
            lines = [key(lang, count=len(result.comments))]
            shown = pollcharts.grouped(result.comments)
            lines += [f"• {text}" for text in shown[:COMMENTS_SHOWN]]
            if len(shown) > COMMENTS_SHOWN:
                lines.append(texts.MORE(lang, count=len(shown) - COMMENTS_SHOWN))
            self.comments.setText("\n".join(lines))
            layout.addWidget(self.comments)
        layout.addStretch(1)


class DashboardTab(DeskTab):
    """Live figures, charts, questions, notes, the leaderboard and pillar health.

    Signals:
        refreshed(): new figures are on screen.
        report_written(str): the report PDF (or the data file) was saved here.
    """

    refreshed = Signal()
    report_written = Signal(str)

    def __init__(self, client: DeskClient, lang: Lang = Lang.NL) -> None:
        super().__init__(client, lang)
        self.data: protocol.Dashboard | None = None
        self.workshop: str | None = None
        self.ask_path: AskPath = ask_path_with_dialog
        self.filter = QComboBox()
        self.fullscreen_button = QPushButton()
        self.report_button = QPushButton()
        self.data_button = QPushButton()
        self.purge_button = QPushButton()
        self.confirm_purge: Callable[[], bool] = self._ask_purge
        # the longest workshop title does not set the row's width (a laptop's screen is
        # 1366 px): the list that opens shows every title whole
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.filter.setMinimumContentsLength(FILTER_CHARACTERS)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for widget in (self.fullscreen_button, self.report_button, self.data_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.purge_button)
        self.figures: dict[str, QLabel] = {}
        self._figure_names: dict[str, QLabel] = {}
        figures = QHBoxLayout()
        for key in texts.FIGURES:
            box = QVBoxLayout()
            number = plain_label(name="figure")
            number.setStyleSheet("font-size: 28px; font-weight: 800;")
            caption = plain_label()
            box.addWidget(number)
            box.addWidget(caption)
            figures.addLayout(box)
            self.figures[key] = number
            self._figure_names[key] = caption
        self.participation, participation_view = _chart("")
        self.timeline, timeline_view = _chart("")
        self.walls, walls_view = _chart("")
        charts = QHBoxLayout()
        for view in (participation_view, timeline_view, walls_view):
            charts.addWidget(view, 1)
        self.questions = read_only_table(len(texts.QUESTION_COLUMNS))
        self.latest = read_only_table(len(texts.NOTE_COLUMNS))
        self.board = read_only_table(len(texts.BOARD_COLUMNS))
        self.pillars = read_only_table(len(texts.PILLAR_COLUMNS))
        self.questions.horizontalHeader().setStretchLastSection(False)
        self.questions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._titles = [plain_label() for _ in range(4)]
        grid = QGridLayout()
        for n, (title, table) in enumerate(
            zip(self._titles, (self.questions, self.latest, self.board, self.pillars), strict=True)
        ):
            title.setStyleSheet("font-weight: 700;")
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(table)
            grid.addWidget(cell, n // 2, n % 2)
        # which hub serves, its replica's lag and its standby (with a standby hub set up)
        self.hub_status = plain_label(name="hubstatus")
        self.hub_status.hide()
        participation = QWidget()
        body = QVBoxLayout(participation)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(charts, 2)
        body.addLayout(grid, 3)
        # ratings, the NPS, polls and votes: a chart per question, drawn as in the report
        self.results = QWidget()
        self.results_grid = QGridLayout(self.results)
        self.results_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.results_empty = plain_label(name="empty")
        self.results_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.results)
        self.views = QTabWidget()
        self.views.addTab(participation, "")
        self.views.addTab(scroll, "")
        self.result_cards: dict[str, ResultCard] = {}
        self.subjects: dict[int, str] = {}  # what recommend questions name, from the content
        self.family: str | None = None  # the event's own font, once the desk has it
        self.views.tabBar().setUsesScrollButtons(False)
        self.views.tabBar().setElideMode(Qt.TextElideMode.ElideNone)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hub_status)
        layout.addLayout(figures)
        layout.addWidget(self.views, 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(REFRESH_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(HEALTH_EVERY_MS)
        self.health_timer.timeout.connect(self.refresh)
        self.filter.activated.connect(lambda _: self.set_workshop(self.filter.currentData()))
        self.report_button.clicked.connect(self._on_report_button_clicked)
        self.data_button.clicked.connect(self._on_data_button_clicked)
        self.purge_button.clicked.connect(self.purge)
        self.retranslate(lang)

    def retranslate(self, lang: Lang) -> None:
        """Show every text in ``lang``."""
        super().retranslate(lang)
        self.fullscreen_button.setText(texts.FULLSCREEN(lang))
        self.report_button.setText(texts.MAKE_REPORT(lang))
        for table, empty in (
            (self.questions, texts.NO_ANSWERS_YET),
            (self.latest, texts.NO_CONTRIBUTIONS_YET),
            (self.board, texts.NO_POINTS_YET),
            (self.pillars, texts.NO_PILLARS_YET),
        ):
            table.empty_text = empty(lang)
            table.viewport().update()
        self.data_button.setText(texts.EXPORT_DATA(lang))
        self.purge_button.setText(texts.PURGE(lang))
        for key, caption in self._figure_names.items():
            caption.setText(texts.FIGURES[key](lang))
        self.participation.setTitle(texts.CHART_PARTICIPATION(lang))
        self.timeline.setTitle(texts.CHART_TIMELINE(lang))
        self.walls.setTitle(texts.CHART_WALLS(lang))
        self.views.setTabText(0, texts.VIEW_PARTICIPATION(lang))
        self.views.setTabText(1, texts.VIEW_RESULTS(lang))
        self.results_empty.setText(texts.NO_POLLS_YET(lang))
        set_headers(self.questions, texts.QUESTION_COLUMNS, lang)
        set_headers(self.latest, texts.NOTE_COLUMNS, lang)
        set_headers(self.board, texts.BOARD_COLUMNS, lang)
        set_headers(self.pillars, texts.PILLAR_COLUMNS, lang)
        for title, text in zip(
            self._titles,
            (texts.QUESTIONS_TITLE, texts.LATEST, texts.LEADERBOARD, texts.PILLARS),
            strict=True,
        ):
            title.setText(text(lang))
        self._fill_filter()
        self.show_data()

    def set_family(self, family: str | None) -> None:
        """Draw the charts in the event's own font (registered with Qt; None: the house font)."""
        self.family = family
        if family:
            for chart in (self.participation, self.timeline, self.walls):
                _set_family(chart, family)
        self.show_data()

    # -- data ----------

    def start(self) -> None:
        """Load the figures and keep pillar health fresh."""
        self.refresh()
        self.health_timer.start()

    def stop(self) -> None:
        """Stop refreshing."""
        self.health_timer.stop()
        self._debounce.stop()

    def on_live(self, event: protocol.LiveEvent) -> None:
        """Something happened at the venue: refresh soon (once for a burst)."""
        if not self._debounce.isActive():
            self._debounce.start()

    def refresh(self) -> None:
        """Fetch the figures now."""
        self.spawn(self._refresh())

    async def _refresh(self) -> None:
        self.data = await self.client.dashboard()
        self._fill_filter()
        self.show_data()
        self.refreshed.emit()

    def _fill_filter(self) -> None:
        current = self.workshop
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(texts.ALL_WORKSHOPS(self.lang), None)
        for w in self.data.report.workshops if self.data else []:
            self.filter.addItem(f"{w.code} · {w.title}", w.code)
        self.filter.setCurrentIndex(max(self.filter.findData(current), 0))
        self.filter.blockSignals(False)

    def set_workshop(self, code: str | None) -> None:
        """Narrow everything to one workshop (None: the whole event)."""
        self.workshop = code or None
        self.filter.setCurrentIndex(max(self.filter.findData(self.workshop), 0))
        self.show_data()

    # -- showing ----------

    def show_hub(self, hub: protocol.ServingHub | None) -> None:
        """Say which hub serves and how its replica and standby stand (hidden without one)."""
        if hub is None or (hub.replica is None and hub.role == "primary"):
            self.hub_status.hide()  # a single hub without replication: nothing to tell
            return
        lang = self.lang
        if hub.role == "promoted":
            at = (hub.took_over_at or "")[11:19]
            parts = [texts.HUB_PROMOTED(lang, hub=hub.hub_id[:8], at=at)]
        else:
            parts = [texts.HUB_PRIMARY(lang, hub=hub.hub_id[:8])]
        if hub.replica is None:
            parts.append(texts.HUB_NO_REPLICA(lang))
        elif hub.lag_s is None:
            parts.append(texts.HUB_REPLICA_UNKNOWN(lang))
        else:
            parts.append(texts.HUB_REPLICA(lang, lag=f"{hub.lag_s:.1f}"))
        if hub.standby is None:
            parts.append(texts.HUB_NO_STANDBY(lang))
        else:
            state = texts.STANDBY_STATES.get(hub.standby)
            parts.append(texts.HUB_STANDBY(lang, state=state(lang) if state else hub.standby))
        if hub.problem:
            parts.append(texts.HUB_PROBLEM(lang, problem=hub.problem))
        self.hub_status.setText("  ·  ".join(parts))
        self.hub_status.show()

    def figures_shown(self) -> dict[str, int]:
        """The headline figures as they are on screen (for the filter in force)."""
        if self.data is None:
            return {}
        report = self.data.report
        chosen = [w for w in report.workshops if self.workshop in (None, w.code)]
        if self.workshop is None:
            h = report.headline
            return {
                "attendees": h.attendees,
                "scanned": h.scanned,
                "answered": h.answered,
                "gave_feedback": h.gave_feedback,
                "tops": h.tops,
                "tips": h.tips,
                "photos": h.photos,
            }
        [w] = chosen
        return {
            "attendees": w.registered,
            "scanned": w.scanned,
            "answered": w.answered,
            "gave_feedback": w.gave_feedback,
            "tops": len(w.tops),
            "tips": len(w.tips),
            "photos": len(w.photos),
        }

    def show_data(self) -> None:
        """Fill figures, charts and tables from the last fetch."""
        data, lang = self.data, self.lang
        if data is None:
            return
        self.show_hub(data.hub)
        for key, value in self.figures_shown().items():
            self.figures[key].setText(str(value))
        report = data.report
        workshops = [w for w in report.workshops if self.workshop in (None, w.code)]
        codes = [w.code for w in workshops]
        self._participation(workshops)
        self._timeline([b for b in data.timeline if b.workshop in codes])
        self._walls(workshops)
        questions = [q for q in report.questions if q.workshop in codes and q.answered]
        ordered = sorted(questions, key=lambda q: (-q.share_right, -q.answered))
        fill_table(
            self.questions,
            [(q.workshop, q.text, f"{round(q.share_right * 100)}%", q.answered) for q in ordered],
        )
        wall_names = {"top": texts.TOP(lang), "tip": texts.TIP(lang)}
        fill_table(
            self.latest,
            [
                (n.workshop or "", wall_names.get(n.wall, n.wall), n.text)
                for n in data.latest
                if self.workshop in (None, n.workshop)
            ],
        )
        fill_table(self.board, [(s.rank, s.name or "—", s.points) for s in report.top])
        fill_table(
            self.pillars,
            [
                (
                    f"{p.kind} {p.name}".strip(),
                    p.workshop or "",
                    (p.last_seen or "")[11:19],
                    "" if p.outbox is None else p.outbox,
                    "" if p.clock_offset_ms is None else f"{p.clock_offset_ms / 1000:+.1f} s",
                )
                for p in data.pillars
            ],
        )
        for table in (self.questions, self.latest):
            table.resizeColumnToContents(0)
        self._results(report)

    def polls_shown(self) -> list[protocol.PollResult]:
        """The questions on the results page, for the filter in force, in their order."""
        if self.data is None:
            return []
        polls = self.data.report.polls
        return pollcharts.ordered([p for p in polls if self.workshop in (None, p.workshop)])

    def _results(self, report: protocol.Report) -> None:
        """A card per question: its chart (small numbers left out) and its texts."""
        grid = self.results_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.results_empty:
                widget.deleteLater()
        self.result_cards = {}
        shown = self.polls_shown()
        self.results_empty.setVisible(not shown)
        if not shown:
            grid.addWidget(self.results_empty, 0, 0, 1, 2)
            return
        colours = report_roles(report)
        for n, result in enumerate(shown):
            subject = self.subjects.get(result.id, "")
            card = ResultCard(result, colours, self.lang, subject, self.family)
            grid.addWidget(card, n // 2, n % 2)
            self.result_cards[result.code] = card

    def _participation(self, workshops: list[protocol.WorkshopResult]) -> None:
        chart = self.participation
        chart.removeAllSeries()
        series = QBarSeries()
        for key in ("scanned", "answered", "gave_feedback"):
            bars = QBarSet(texts.SERIES[key](self.lang))
            bars.append([float(getattr(w, key)) for w in workshops])
            bars.clicked.connect(
                lambda index, ws=workshops: self.set_workshop(
                    None if self.workshop else ws[index].code
                )
            )
            series.append(bars)
        chart.addSeries(series)
        top = max((float(w.scanned) for w in workshops), default=0.0)
        _axes(chart, series, [w.code for w in workshops], top, self.family)

    def _timeline(self, buckets: list[protocol.ScanBucket]) -> None:
        chart = self.timeline
        chart.removeAllSeries()
        times = sorted({b.start for b in buckets})
        series = QStackedBarSeries()
        for code in sorted({b.workshop for b in buckets}):
            counts = {b.start: b.scans for b in buckets if b.workshop == code}
            bars = QBarSet(code)
            bars.append([float(counts.get(t, 0)) for t in times])
            series.append(bars)
        chart.addSeries(series)
        per_time = {t: sum(b.scans for b in buckets if b.start == t) for t in times}
        _axes(chart, series, times, float(max(per_time.values(), default=0)), self.family)

    def _walls(self, workshops: list[protocol.WorkshopResult]) -> None:
        chart = self.walls
        chart.removeAllSeries()
        series = QStackedBarSeries()
        for key in ("tops", "tips"):
            bars = QBarSet(texts.SERIES[key](self.lang))
            bars.append([float(len(getattr(w, key))) for w in workshops])
            series.append(bars)
        chart.addSeries(series)
        top = max((float(len(w.tops) + len(w.tips)) for w in workshops), default=0.0)
        _axes(chart, series, [w.code for w in workshops], top, self.family)

    # -- report ----------

    def _on_report_button_clicked(self) -> None:
        path = self.ask_path(texts.MAKE_REPORT(self.lang), "verslag.pdf", True)
        if path:
            self.make_report(Path(path))

    def _on_data_button_clicked(self) -> None:
        path = self.ask_path(texts.EXPORT_DATA(self.lang), "gegevens.xlsx", True)
        if path:
            self.spawn(self._export(Path(path)))

    def make_report(self, path: Path) -> None:
        """Fetch the report's content and photos from the hub and write the PDF."""
        self.spawn(self._report(path))

    async def _report(self, path: Path) -> None:
        report = await self.client.report()
        with tempfile.TemporaryDirectory(prefix="zuil-report-") as folder:
            photos = Path(folder)
            for w in report.workshops:
                for photo in w.photos:
                    (photos / f"{photo.sha256}.jpg").write_bytes(
                        await self.client.photo(photo.sha256)
                    )
            logo = None
            if report.event.get("logo"):
                logo = photos / "logo"
                logo.write_bytes(await self.client.media(str(report.event["logo"])))
            font = None
            if report.event.get("font"):
                font = photos / Path(str(report.event["font"])).name
                font.write_bytes(await self.client.media(font.name))
            pages = write_pdf(
                report,
                path,
                lang=self.lang,
                photos_dir=photos,
                logo=logo,
                font=font,
                subjects=self.subjects,
            )
        self.say(words(texts.REPORT_DONE, file=path.name, pages=pages))
        self.report_written.emit(str(path))

    def _ask_purge(self) -> bool:
        answer, ok = QInputDialog.getText(self, texts.PURGE(self.lang), texts.PURGE_ASK(self.lang))
        return ok and answer.strip().upper() in ("JA", "YES")

    def purge(self) -> None:
        """After the event: remove personal data on the hub, once confirmed."""
        if self.confirm_purge():
            self.spawn(self._purge())

    async def _purge(self) -> None:
        result = await self.client.purge()
        self.say(words(texts.PURGED, attendees=result.attendees, devices=result.devices_revoked))

    async def _export(self, path: Path) -> None:
        report = await self.client.report()
        await asyncio.to_thread(write_data, report, path)
        self.say(words(texts.DATA_DONE, file=path.name))
        self.report_written.emit(str(path))
