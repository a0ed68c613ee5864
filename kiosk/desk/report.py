"""The event report as a PDF (Qt's text layout) and its data as XLSX and CSV.

The content comes from :func:`shared.report.gather`; this module only lays it
out. Every attendee text goes through ``html_text`` before it meets the
document's HTML, so a note that says ``<b>`` prints ``<b>``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextLine,
)

from kiosk.desk.charts import HOUSE_FONT, chart_height, paint_chart
from shared import pollcharts, sheets
from shared.i18n import Lang, Text
from shared.plaintext import html_text as _e  # every text through it, into the HTML
from shared.pollcharts import Chart
from shared.protocol import PollResult, Report, WorkshopResult
from shared.report import note_rows
from shared.ui.colour import mix, readable_on
from shared.ui.qt import font_family
from shared.ui.theme import HouseStyle, Roles, roles

T = {
    "title": Text("Verslag", "Report"),
    "made": Text("Gemaakt op {when}", "Made on {when}"),
    "snapshot": Text(
        "Tussenstand: dit verslag is tijdens de dag gemaakt.",
        "Snapshot: this report was made during the day.",
    ),
    "figures": Text("De dag in cijfers", "The day in figures"),
    "attendees": Text("Deelnemers", "Attendees"),
    "scanned": Text("scanden hun ticket", "scanned their ticket"),
    "answered": Text("speelden de quiz", "played the quiz"),
    "feedback": Text("gaven een top of tip", "gave a top or tip"),
    "scans": Text("Scans", "Scans"),
    "answers": Text("Antwoorden", "Answers"),
    "tops": Text("Tops (jubelmuur)", "Tops (jubelmuur)"),
    "tips": Text("Tips (klaagmuur)", "Tips (klaagmuur)"),
    "photos": Text("Foto's", "Photos"),
    "hidden": Text(
        "{count} bijdragen zijn door de moderatie verborgen en niet opgenomen.",
        "{count} contributions were hidden by moderation and are left out.",
    ),
    "hidden_one": Text(
        "1 bijdrage is door de moderatie verborgen en niet opgenomen.",
        "1 contribution was hidden by moderation and is left out.",
    ),
    "quiz_best": Text("Het vaakst goed beantwoord", "Answered right most often"),
    "quiz_worst": Text("Het vaakst fout beantwoord", "Answered wrong most often"),
    "right": Text("{share} goed ({right} van {answered})", "{share} right ({right} of {answered})"),
    "answer": Text("Juist antwoord: {answer}", "Right answer: {answer}"),
    "workshop": Text("Workshop {code}: {title}", "Workshop {code}: {title}"),
    "where": Text("{room}, {starts}", "{room}, {starts}"),
    "participation": Text(
        "{registered} aangemeld · {scanned} gescand · {answered} speelden de quiz · "
        "{feedback} gaven feedback",
        "{registered} registered · {scanned} scanned · {answered} played the quiz · "
        "{feedback} gave feedback",
    ),
    "hardest": Text("Moeilijkste vragen", "Hardest questions"),
    "no_notes": Text("Geen bijdragen.", "No contributions."),
    "top5": Text("Top 5", "Top 5"),
    "points": Text("{points} punten", "{points} points"),
    "page": Text("pagina {page} van {pages}", "page {page} of {pages}"),
    "chart": Text("Deelname per workshop", "Participation per workshop"),
    "chart_scanned": Text("gescand", "scanned"),
    "chart_answered": Text("quiz", "quiz"),
    "chart_feedback": Text("feedback", "feedback"),
    "polls": Text("Vragen en stemmingen", "Questions and votes"),
    "workshop_polls": Text("Waardering en vragen", "Rating and questions"),
    "comments": Text("Opmerkingen ({count})", "Comments ({count})"),
    "open_answers": Text("Antwoorden ({count})", "Answers ({count})"),
    "method": Text("Over de methode", "About the method"),
    "method_text": Text(
        "Tops, tips en foto's zijn anoniem: het systeem slaat bij een bijdrage geen naam, "
        "ticket of volgorde van binnenkomst op, alleen de workshop en de minuut. Quizscores "
        "tellen alleen het eerste antwoord per vraag. Percentages zijn gedeeld door het aantal "
        "aangemelde deelnemers. Namen in de top 5 staan er alleen zoals de deelnemers dat "
        "zelf toestonden. Bijdragen die de moderatie verborg, zijn niet opgenomen.",
        "Tops, tips and photos are anonymous: with a contribution the system keeps no name, "
        "ticket or order of arrival, only the workshop and the minute. Quiz scores count only "
        "the first answer to each question. Percentages are shares of registered attendees. "
        "Names in the top 5 appear only as the attendees themselves allowed. Contributions "
        "hidden by moderation are left out.",
    ),
    "method_polls": Text(
        "Waarderingen, aanbevelingen, peilingen en stemmen zijn anoniem: het systeem houdt "
        "apart bij dát iemand antwoordde (zodat niemand twee keer antwoordt) en wát er werd "
        "geantwoord, zonder iets dat die twee verbindt. Alleen wie bij de workshop gescand is, "
        "kan die waarderen. Een verdeling van minder dan {k} antwoorden staat er niet in, "
        "zodat niemands antwoord te herleiden is. Tellingen op papier of met handopsteken "
        "zijn meegeteld en als zodanig vermeld (gearceerd in de grafieken). De NPS is het "
        "percentage promotors (9-10) min het percentage criticasters (0-6).",
        "Ratings, recommendations, polls and votes are anonymous: the system keeps apart "
        "that someone answered (so that no one answers twice) and what was answered, with "
        "nothing that links the two. Only attendees scanned at a workshop can rate it. A "
        "distribution of fewer than {k} answers is left out, so that no one's answer can be "
        "traced. Tallies from paper or a show of hands are included and marked as such "
        "(hatched in the charts). The NPS is the share of promoters (9-10) minus the share "
        "of detractors (0-6).",
    ),
}


def _css_name(family: str) -> str:
    """A font family from a font file, safe inside the style sheet's quotes."""
    return "".join(c for c in family if c not in "'\"\\;{}<>&" and c.isprintable())


def _hidden(count: int, lang: Lang) -> str:
    """How many contributions moderation left out, in the right number."""
    return T["hidden_one"](lang) if count == 1 else T["hidden"](lang, count=count)


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _notes(items: list[str], lang: Lang) -> str:
    if not items:
        return f"<p><i>{_e(T['no_notes'](lang))}</i></p>"
    return "<ul>" + "".join(f"<li>{_e(text)}</li>" for text in items) + "</ul>"


def poll_url(result: PollResult) -> str:
    """The resource URL of a question's chart in the report document."""
    return f"chart://poll/{result.id}"


def _polls(results: list[PollResult], lang: Lang, charts: dict[int, str]) -> str:
    """Each question's chart, and its visible comments or answers below it."""
    parts = []
    for result in pollcharts.ordered(results):
        url = charts.get(result.id)
        if url:
            parts.append(f"<p><img src='{url}' width='620'/></p>")
        if result.comments:
            key = "open_answers" if result.kind == "open" else "comments"
            parts.append(f"<p><b>{_e(T[key](lang, count=len(result.comments)))}</b></p>")
            parts.append(_notes(pollcharts.grouped(result.comments), lang))
    return "".join(parts)


def _workshop(
    w: WorkshopResult,
    lang: Lang,
    photos: dict[str, str],
    polls: list[PollResult] | None = None,
    charts: dict[int, str] | None = None,
) -> str:
    parts = [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['workshop'](lang, code=w.code, title=w.title))}</h2>",
    ]
    if w.room or w.starts:
        parts.append(f"<p class='muted'>{_e(T['where'](lang, room=w.room, starts=w.starts))}</p>")
    parts.append(
        "<p>"
        + _e(
            T["participation"](
                lang,
                registered=w.registered,
                scanned=w.scanned,
                answered=w.answered,
                feedback=w.gave_feedback,
            )
        )
        + "</p>"
    )
    if polls:
        parts.append(f"<h3>{_e(T['workshop_polls'](lang))}</h3>")
        parts.append(_polls(polls, lang, charts or {}))
    if w.hardest:
        parts.append(f"<h3>{_e(T['hardest'](lang))}</h3><ol>")
        for q in w.hardest:
            share = T["right"](lang, share=_pct(q.share_right), right=q.right, answered=q.answered)
            answer = T["answer"](lang, answer=q.right_answer)
            parts.append(f"<li>{_e(q.text)}<br/><small>{_e(share)} · {_e(answer)}</small></li>")
        parts.append("</ol>")
    parts.append(f"<h3>{_e(T['tops'](lang))} ({len(w.tops)})</h3>")
    parts.append(_notes([n.text for n in w.tops], lang))
    parts.append(f"<h3>{_e(T['tips'](lang))} ({len(w.tips)})</h3>")
    parts.append(_notes([n.text for n in w.tips], lang))
    shown = [p for p in w.photos if p.sha256 in photos]
    if shown:
        parts.append(f"<h3>{_e(T['photos'](lang))} ({len(shown)})</h3><table><tr>")
        for n, photo in enumerate(shown):
            if n and n % 3 == 0:
                parts.append("</tr><tr>")
            parts.append(
                f"<td style='padding: 4px'><img src='{photos[photo.sha256]}' width='150'/>"
                f"<br/><small>{_e(photo.caption)}</small></td>"
            )
        parts.append("</tr></table>")
    if w.hidden:
        parts.append(f"<p class='muted'>{_e(_hidden(w.hidden, lang))}</p>")
    return "".join(parts)


def report_roles(report: Report) -> Roles:
    """The colour roles of the event's house style, for the report's pages and charts."""
    event = report.event
    return roles(
        HouseStyle(
            str(event.get("primary_colour") or "#1B4F72"),
            str(event.get("secondary_colour") or "#E67E22"),
            "#FFFFFF",  # printed on white paper, whatever the screens' background
        )
    )


CHART_SERIES = ("chart_scanned", "chart_answered", "chart_feedback")


def participation_chart(
    report: Report, lang: Lang, width: int = 1500, family: str = HOUSE_FONT
) -> QImage:
    """Grouped bars: per workshop the share that scanned, played the quiz, gave feedback.

    Drawn with QPainter in the event's colours at print resolution, with the
    numbers beside the bars (a chart never stands without its figures).
    """
    r = report_roles(report)
    colours = [QColor(r.primary), QColor(mix(r.primary, "#FFFFFF", 0.45)), QColor(r.focus)]
    workshops = report.workshops
    row_h, bar_h, label_w, legend_h = 96, 24, 260, 70
    height = legend_h + max(1, len(workshops)) * row_h + 20
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(family)
    font.setPixelSize(24)
    painter.setFont(font)
    x = label_w
    for n, key in enumerate(CHART_SERIES):  # the legend
        painter.fillRect(QRectF(x, 16, 28, 28), colours[n])
        painter.setPen(QColor(r.on_card))
        painter.drawText(QPointF(x + 38, 40), T[key](lang))
        x += 260
    span = width - label_w - 170
    for row, w in enumerate(workshops):
        top = legend_h + row * row_h
        painter.setPen(QColor(r.on_card))
        painter.drawText(
            QRectF(0, top, label_w - 16, bar_h * 3),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            w.code,
        )
        for n, count in enumerate((w.scanned, w.answered, w.gave_feedback)):
            share = count / w.registered if w.registered else 0.0
            bar = QRectF(label_w, top + n * bar_h, max(2.0, span * min(share, 1.0)), bar_h - 4)
            painter.fillRect(bar, colours[n])
            painter.setPen(QColor(r.muted))
            painter.drawText(
                QPointF(bar.right() + 10, bar.bottom() - 3), f"{count} · {_pct(share)}"
            )
    painter.end()
    return image


def min_answers(report: Report) -> int:
    """The event's k: fewer answers than this and a distribution is not shown."""
    value = report.event.get("min_answers")
    if isinstance(value, int):
        return value
    return max((p.min_answers for p in report.polls), default=5)


def report_html(
    report: Report,
    lang: Lang,
    photos: dict[str, str],
    logo: str | None,
    chart: str | None = None,
    poll_charts: dict[int, str] | None = None,
    family: str = HOUSE_FONT,
) -> str:
    """The report as the HTML subset Qt lays out (photos, logo and charts as resource URLs).

    ``family`` is the font the text is set in: the event's own when it has one.
    """
    event = report.event
    r = report_roles(report)
    colour = _e(r.brand)
    h = report.headline
    made = report.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
    parts = [
        "<html><head><style>",
        f"body {{ font-family: '{_css_name(family)}'; font-size: 10pt; color: #1B2631; }}",
        f"h1 {{ color: {colour}; font-size: 26pt; }}",
        f"h2 {{ color: {colour}; font-size: 16pt; }}",
        "h3 { font-size: 12pt; }",
        f".muted {{ color: {r.muted}; }}",
        f"h3 {{ color: {r.on_card}; border-bottom: 1px solid {r.outline}; }}",
        "td.figure { font-size: 18pt; font-weight: bold; padding-right: 16px; }",
        "</style></head><body>",
    ]
    band = _e(r.primary)
    parts.append(
        f"<table width='100%' cellpadding='18' style='background: {band}'><tr><td>"
        f"<span style='color: {_e(readable_on(r.primary))}; font-size: 13pt'>"
        f"{_e(T['title'](lang))}</span></td></tr></table>"
    )
    parts.append("<p style='margin-top: 90px'></p>")
    if logo:
        parts.append(f"<p><img src='{logo}' height='110'/></p>")
    parts += [
        f"<h1 style='font-size: 32pt'>{_e(event.get('name', ''))}</h1>",
        f"<p style='font-size: 15pt'>{_e(event.get('tagline') or '')}</p>",
        f"<p style='font-size: 12pt'>{_e(event.get('venue') or '')} · "
        f"{_e(event.get('starts') or '')}</p>",
        f"<h2 style='font-size: 22pt; margin-top: 60px'>{_e(T['title'](lang))}</h2>",
        f"<p class='muted'>{_e(T['made'](lang, when=made))}</p>",
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['figures'](lang))}</h2><table>",
    ]
    rows = [
        (str(h.attendees), T["attendees"](lang)),
        (_pct(h.share(h.scanned)), f"{h.scanned} {T['scanned'](lang)}"),
        (_pct(h.share(h.answered)), f"{h.answered} {T['answered'](lang)}"),
        (_pct(h.share(h.gave_feedback)), f"{h.gave_feedback} {T['feedback'](lang)}"),
        (str(h.scans), T["scans"](lang)),
        (str(h.answers), T["answers"](lang)),
        (str(h.tops), T["tops"](lang)),
        (str(h.tips), T["tips"](lang)),
        (str(h.photos), T["photos"](lang)),
    ]
    parts += [f"<tr><td class='figure'>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows]
    parts.append("</table>")
    if chart:
        parts.append(f"<h3>{_e(T['chart'](lang))}</h3><p><img src='{chart}' width='620'/></p>")
    if h.hidden:
        parts.append(f"<p class='muted'>{_e(_hidden(h.hidden, lang))}</p>")
    for key, questions in (("quiz_best", report.most_right), ("quiz_worst", report.most_wrong)):
        if questions:
            parts.append(f"<h3>{_e(T[key](lang))}</h3><ol>")
            for q in questions:
                share = T["right"](
                    lang, share=_pct(q.share_right), right=q.right, answered=q.answered
                )
                parts.append(
                    f"<li>{_e(q.text)} <small>({_e(q.workshop)})</small><br/><small>"
                    f"{_e(share)} · {_e(T['answer'](lang, answer=q.right_answer))}</small></li>"
                )
            parts.append("</ol>")
    if report.top:
        parts.append(f"<h3>{_e(T['top5'](lang))}</h3><table>")
        for s in report.top:
            parts.append(
                f"<tr><td>{s.rank}.</td><td style='padding: 0 12px'>{_e(s.name)}</td>"
                f"<td>{_e(T['points'](lang, points=s.points))}</td></tr>"
            )
        parts.append("</table>")
    charts = poll_charts or {}
    event_wide = [p for p in report.polls if p.workshop is None]
    if event_wide:
        parts.append("<div style='page-break-before: always'></div>")
        parts.append(f"<h2>{_e(T['polls'](lang))}</h2>")
        parts.append(_polls(event_wide, lang, charts))
    parts += [
        _workshop(w, lang, photos, [p for p in report.polls if p.workshop == w.code], charts)
        for w in report.workshops
    ]
    k = min_answers(report)
    parts += [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['method'](lang))}</h2><p>{_e(T['method_text'](lang))}</p>",
        f"<p>{_e(T['method_polls'](lang, k=k))}</p>" if report.polls else "",
        "</body></html>",
    ]
    return "".join(parts)


def write_pdf(
    report: Report,
    path: Path,
    *,
    lang: Lang = Lang.NL,
    photos_dir: Path | None = None,
    logo: Path | None = None,
    font: Path | None = None,
    subjects: dict[int, str] | None = None,
) -> int:
    """Write the report PDF (A4); returns the number of pages.

    ``font`` is the event's own font file: the report is set in it (and the PDF
    embeds it), else in the house font. ``subjects``: what each recommend question
    names (by id), for its standard wording.
    """
    family = font_family(font) or HOUSE_FONT
    document = QTextDocument()
    document.setDefaultFont(QFont(family))
    resources: dict[str, str] = {}
    if photos_dir is not None:
        for w in report.workshops:
            for photo in w.photos:
                image = QImage(str(photos_dir / f"{photo.sha256}.jpg"))
                if not image.isNull():
                    url = f"photo://{photo.sha256}"
                    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
                    resources[photo.sha256] = url
    logo_url = None
    if logo is not None and logo.exists():
        image = QImage(str(logo))
        if not image.isNull():
            logo_url = "media://logo"
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(logo_url), image)
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(f"{report.event.get('name', '')}: {T['title'](lang)}")
    writer.setCreator("zuil")
    chart_url = None
    if report.workshops:
        chart_url = "chart://participation"
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(chart_url),
            participation_chart(report, lang, family=family),
        )
    poll_charts: dict[int, str] = {}
    drawings: dict[str, Chart] = {}
    for result in report.polls:
        url = poll_url(result)
        drawn = pollcharts.chart(result, lang, (subjects or {}).get(result.id, ""))
        # a blank of the chart's size holds its place; the chart itself is drawn over it
        # as vectors, so its numbers stay text in the PDF (sharp, searchable, copyable)
        blank = QImage(CHART_PX, chart_px_height(drawn, family), QImage.Format.Format_ARGB32)
        blank.fill(QColor(0, 0, 0, 0))
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), blank)
        poll_charts[result.id] = url
        drawings[url] = drawn
    document.documentLayout().setPaintDevice(writer)  # fonts measured at the PDF's resolution
    document.setHtml(report_html(report, lang, resources, logo_url, chart_url, poll_charts, family))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    # room above and below each page's text for the running header and the page number
    margin = writer.resolution() * 0.45
    body = QSizeF(rect.width(), rect.height() - 2 * margin)
    document.setPageSize(body)
    placed = [(_placed(document, url), chart) for url, chart in drawings.items()]
    _print_pages(
        document,
        writer,
        report,
        lang,
        margin,
        [(at, c) for at, c in placed if at is not None],
        family,
    )
    return document.pageCount()


CHART_PX = 1500  # a question's chart is laid out at this width, in units of CHART_UNIT
CHART_UNIT = 26.0


def chart_px_height(chart: Chart, family: str = HOUSE_FONT) -> int:
    """The height of a question's chart at :data:`CHART_PX` wide, drawn in ``family``."""
    return max(1, round(chart_height(chart, CHART_PX, CHART_UNIT, family)))


def _x(line: QTextLine, at: int) -> float:
    """Where a text position lies on its line (PySide6 gives an (x, position) pair)."""
    found = line.cursorToX(at)
    return float(found[0] if isinstance(found, tuple) else found)  # type: ignore[arg-type]


def _placed(document: QTextDocument, url: str) -> QRectF | None:
    """Where the document laid out the image ``url``, in document coordinates."""
    document.pageCount()  # lays the document out, if it was not yet
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            form = fragment.charFormat()
            if form.isImageFormat() and form.toImageFormat().name() == url:
                layout = block.layout()
                at = fragment.position() - block.position()
                line = layout.lineForTextPosition(at)
                if not line.isValid():
                    return None
                left = _x(line, at)
                right = _x(line, at + 1)
                image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
                if not isinstance(image, QImage) or image.isNull():
                    return None
                height = (right - left) * image.height() / image.width()
                origin = layout.position()
                top = origin.y() + line.y() + line.ascent() - height
                return QRectF(origin.x() + left, top, right - left, height)
            iterator += 1
        block = block.next()
    return None


def _print_pages(
    document: QTextDocument,
    writer: QPdfWriter,
    report: Report,
    lang: Lang,
    margin: float,
    charts: list[tuple[QRectF, Chart]] = [],  # noqa: B006 (read only)
    family: str = HOUSE_FONT,
) -> None:
    """Print the document page by page, each but the cover with a header and a page number.

    ``charts`` are drawn over their places in the text as vectors.
    """
    r = report_roles(report)
    pages = document.pageCount()
    size = document.pageSize()
    small = QFont(family)
    small.setPointSizeF(8)
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        if page:  # the cover has its own band
            painter.setFont(small)
            painter.setPen(QColor(r.brand))
            painter.drawText(
                QRectF(0, 0, size.width(), margin * 0.7),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                str(report.event.get("name", "")),
            )
            painter.fillRect(QRectF(0, margin * 0.7, size.width(), 3), QColor(r.primary))
            painter.setPen(QColor(r.muted))
            painter.drawText(
                QRectF(0, margin + size.height() + margin * 0.3, size.width(), margin * 0.7),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                T["page"](lang, page=page + 1, pages=pages),
            )
        painter.save()
        painter.translate(0, margin - page * size.height())
        clip = QRectF(0, page * size.height(), size.width(), size.height())
        document.drawContents(painter, clip)
        for place, chart in charts:
            if place.intersects(clip):
                painter.save()
                painter.setClipRect(clip)
                painter.translate(place.topLeft())
                painter.scale(place.width() / CHART_PX, place.width() / CHART_PX)
                height = place.height() * CHART_PX / place.width()
                paint_chart(
                    painter, chart, r, lang, QRectF(0, 0, CHART_PX, height), CHART_UNIT, family
                )
                painter.restore()
        painter.restore()
    painter.end()


def data_tables(report: Report) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The report's data as named tables (sheet or file name → headers and rows)."""
    h = report.headline
    return {
        "samenvatting": (
            ["wat", "aantal"],
            [
                ["deelnemers", h.attendees],
                ["gescand", h.scanned],
                ["quiz gespeeld", h.answered],
                ["feedback gegeven", h.gave_feedback],
                ["scans", h.scans],
                ["antwoorden", h.answers],
                ["tops", h.tops],
                ["tips", h.tips],
                ["foto's", h.photos],
                ["verborgen door moderatie", h.hidden],
            ],
        ),
        "workshops": (
            [
                "code",
                "titel",
                "zaal",
                "aangemeld",
                "gescand",
                "quiz",
                "feedback",
                "tops",
                "tips",
                "foto's",
                "verborgen",
            ],
            [
                [
                    w.code,
                    w.title,
                    w.room,
                    w.registered,
                    w.scanned,
                    w.answered,
                    w.gave_feedback,
                    len(w.tops),
                    len(w.tips),
                    len(w.photos),
                    w.hidden,
                ]
                for w in report.workshops
            ],
        ),
        "vragen": (
            ["workshop", "vraag", "juist antwoord", "beantwoord", "goed", "aandeel goed"],
            [
                [q.workshop, q.text, q.right_answer, q.answered, q.right, round(q.share_right, 3)]
                for q in report.questions
            ],
        ),
        "bijdragen": (
            ["workshop", "muur", "minuut", "tekst"],
            [list(row) for row in note_rows(report)],
        ),
        "top5": (["plaats", "naam", "punten"], [[s.rank, s.name, s.points] for s in report.top]),
        **poll_tables(report),
    }


def poll_tables(report: Report) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Every question: an overview, the counts per value, the words, the texts.

    A distribution of fewer than k answers is left out here as everywhere.
    """
    polls = pollcharts.ordered(report.polls)
    return {
        "peilingen": (pollcharts.SUMMARY_COLUMNS, [pollcharts.summary_row(p) for p in polls]),
        "uitslagen": (
            pollcharts.VALUE_COLUMNS,
            [row for p in polls for row in pollcharts.value_rows(p)],
        ),
        "woorden": (
            pollcharts.WORD_COLUMNS,
            [row for p in polls for row in pollcharts.word_rows(p)],
        ),
        "reacties": (
            pollcharts.TEXT_COLUMNS,
            [row for p in polls for row in pollcharts.text_rows(p)],
        ),
    }


def write_data(report: Report, path: Path) -> list[Path]:
    """The data as one XLSX workbook (``.xlsx``) or a folder of CSV files (anything else)."""
    return sheets.write_tables(path, data_tables(report))
