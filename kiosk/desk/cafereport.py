"""A work session's report as a PDF (Qt's text layout), with its charts drawn, not pictured.

The content comes from :func:`shared.cafereport.build`; this module lays it out
for the alderman: the session in figures and participation per round, the top
ideas of each question, then per question every idea verbatim by cluster and
table with its dots. Every text goes through ``html_text`` before it meets the
document's HTML, so an idea that says ``<b>`` prints ``<b>``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from shared.cafereport import CafeReport, QuestionReport, ReportIdea
from shared.i18n import Lang, Text
from shared.plaintext import html_text as _e  # every text through it, into the HTML
from shared.ui.colour import mix, readable_on
from shared.ui.theme import HouseStyle, Roles, roles

T = {
    "title": Text("Verslag van de werksessie", "Work session report"),
    "made": Text("Gemaakt op {when}", "Made on {when}"),
    "running": Text(
        "Tussenstand: de sessie was nog niet afgerond toen dit verslag werd gemaakt.",
        "Interim: the session had not ended when this report was made.",
    ),
    "asked": Text("De vragen", "The questions"),
    "figures": Text("De sessie in cijfers", "The session in figures"),
    "tables": Text("tafels", "tables"),
    "rounds": Text("rondes", "rounds"),
    "ideas": Text("ideeën", "ideas"),
    "people": Text(
        "deelnemers aan tafel (de drukste ronde)", "attendees at the tables (busiest round)"
    ),
    "dots_each": Text("stippen per persoon", "dots per person"),
    "participation": Text("Deelname per ronde", "Participation per round"),
    "round": Text("Ronde {number}", "Round {number}"),
    "round_row": Text(
        "{minutes} min · {people} deelnemers · {ideas} ideeën",
        "{minutes} min · {people} attendees · {ideas} ideas",
    ),
    "round_unplayed": Text("{minutes} min · niet gespeeld", "{minutes} min · not played"),
    "round_waiting": Text("{minutes} min · nog te spelen", "{minutes} min · still to come"),
    "chart_people": Text("deelnemers", "attendees"),
    "chart_ideas": Text("ideeën", "ideas"),
    "best": Text("De beste ideeën", "The top ideas"),
    "per_table": Text("Ideeën per tafel", "Ideas per table"),
    "ideas_count": Text("{count} ideeën", "{count} ideas"),
    "idea_one": Text("1 idee", "1 idea"),
    "not_voted": Text(
        "De stemming is nog niet gesloten: de stippen volgen.",
        "The vote has not closed yet: the dots follow.",
    ),
    "no_dots": Text("Geen stippen op deze vraag.", "No dots on this question."),
    "question": Text("Vraag {number}: {text}", "Question {number}: {text}"),
    "question_line": Text(
        "{ideas} ideeën · {merged} samengevoegd · {dots} stippen",
        "{ideas} ideas · {merged} merged · {dots} dots",
    ),
    "question_line_open": Text(
        "{ideas} ideeën · {merged} samengevoegd", "{ideas} ideas · {merged} merged"
    ),
    "not_sorted": Text("Niet geordend", "Not sorted"),
    "no_ideas": Text("Geen ideeën.", "No ideas."),
    "dots": Text("{count} stippen", "{count} dots"),
    "dot": Text("1 stip", "1 dot"),
    "merged": Text("samengevoegd: {text}", "merged: {text}"),
    "tags": Text("labels: {tags}", "tags: {tags}"),
    "hidden": Text(
        "{count} ideeën zijn door de facilitator verborgen en niet opgenomen.",
        "{count} ideas were hidden by the facilitator and are left out.",
    ),
    "hidden_one": Text(
        "1 idee is door de facilitator verborgen en niet opgenomen.",
        "1 idea was hidden by the facilitator and is left out.",
    ),
    "page": Text("pagina {page} van {pages}", "page {page} of {pages}"),
    "method": Text("Over de methode", "About the method"),
    "method_text": Text(
        "Ideeën zijn anoniem: bij een idee bewaart het systeem alleen de tafel, de ronde en "
        "de minuut, geen naam of ticket. Tijdens het verzamelen zag elke tafel alleen haar "
        "eigen ideeën. Bij het stemmen kreeg ieder ticket {dots} stippen per vraag; dat een "
        "ticket stemde, wordt apart bewaard van welke ideeën de stippen kregen. Deelnemers "
        "per ronde zijn zij die hun ticket scanden bij een tafel. Samengevoegde ideeën staan "
        "letterlijk onder het idee waarin ze opgingen. Wat de facilitator verborg, is niet "
        "opgenomen en wel geteld.",
        "Ideas are anonymous: with an idea the system keeps only the table, the round and "
        "the minute, no name or ticket. While gathering, each table saw only its own ideas. "
        "In the vote every ticket had {dots} dots per question; that a ticket voted is kept "
        "apart from which ideas got the dots. Attendees per round are those who scanned "
        "their ticket at a table. Merged ideas stand verbatim under the idea they went "
        "into. What the facilitator hid is left out, and counted.",
    ),
}


def _dots(count: int | None, lang: Lang) -> str:
    if count is None:
        return ""
    return T["dot"](lang) if count == 1 else T["dots"](lang, count=count)


def _hidden(count: int, lang: Lang) -> str:
    return T["hidden_one"](lang) if count == 1 else T["hidden"](lang, count=count)


def report_roles(style: HouseStyle | None) -> Roles:
    """The colour roles of the event's house style, printed on white paper."""
    chosen = style or HouseStyle("#1B4F72", "#E67E22", "#FFFFFF")
    return roles(HouseStyle(chosen.primary, chosen.secondary, "#FFFFFF"))


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(size)
    font.setBold(bold)
    return font


def participation_chart(report: CafeReport, r: Roles, lang: Lang, width: int = 1500) -> QImage:
    """Per round played two bars, attendees at the tables and ideas posted, with their numbers."""
    colours = (QColor(r.primary), QColor(mix(r.primary, "#FFFFFF", 0.5)))
    row_h, bar_h, label_w, legend_h = 84, 30, 220, 70
    played = report.played
    height = legend_h + max(1, len(played)) * row_h + 20
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(_font(24))
    x = label_w
    for n, key in enumerate(("chart_people", "chart_ideas")):
        painter.fillRect(QRectF(x, 16, 28, 28), colours[n])
        painter.setPen(QColor(r.on_card))
        painter.drawText(QPointF(x + 38, 40), T[key](lang))
        x += 300
    most = max((max(o.participants, o.ideas) for o in played), default=0) or 1
    span = width - label_w - 120
    for row, o in enumerate(played):
        top = legend_h + row * row_h
        painter.setPen(QColor(r.on_card))
        painter.drawText(
            QRectF(0, top, label_w - 16, bar_h * 2),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            T["round"](lang, number=o.number),
        )
        for n, value in enumerate((o.participants, o.ideas)):
            bar = QRectF(label_w, top + n * bar_h, max(2.0, span * value / most), bar_h - 4)
            painter.fillRect(bar, colours[n])
            painter.setPen(QColor(r.muted))
            painter.drawText(QPointF(bar.right() + 10, bar.bottom() - 4), str(value))
    painter.end()
    return image


def top_chart(question: QuestionReport, r: Roles, lang: Lang, width: int = 1500) -> QImage:
    """The question's top ideas as bars of their dots, the idea's words beside each bar."""
    ideas = question.top
    row_h = 64
    image = QImage(
        width, max(1, len(ideas)) * row_h + 12, QImage.Format.Format_ARGB32_Premultiplied
    )
    image.fill(QColor("#FFFFFF"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = _font(24)
    painter.setFont(font)
    label_w = 620
    most = max((i.dots or 0 for i in ideas), default=0) or 1
    span = width - label_w - 200
    metrics = QFontMetricsF(font)
    for row, idea in enumerate(ideas):
        top = 6 + row * row_h
        painter.setPen(QColor(r.on_card))
        label = metrics.elidedText(
            f"{idea.place}. {idea.text}", Qt.TextElideMode.ElideRight, label_w - 24
        )  # the chart's label only: the idea stands whole in the list beside it
        painter.drawText(
            QRectF(0, top, label_w - 16, row_h - 12),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
        bar = QRectF(label_w, top + 8, max(2.0, span * (idea.dots or 0) / most), row_h - 28)
        painter.fillRect(bar, QColor(r.accent))
        painter.setPen(QColor(r.muted))
        painter.drawText(QPointF(bar.right() + 12, bar.bottom() - 6), _dots(idea.dots, lang))
    painter.end()
    return image


def _idea(idea: ReportIdea, lang: Lang, with_table: bool = False) -> str:
    extra = [_dots(idea.dots, lang)] if idea.dots is not None else []
    if with_table:
        extra.insert(0, idea.table)
    if idea.tags:
        extra.append(T["tags"](lang, tags=", ".join(idea.tags)))
    # a top idea says its place: equal dots share one, which an <ol> cannot number
    line = f"<li><b>{idea.place}.</b> {_e(idea.text)}" if idea.place else f"<li>{_e(idea.text)}"
    if extra:
        line += f" <small class='muted'>({_e(' · '.join(extra))})</small>"
    if idea.merged:
        line += (
            "<ul>"
            + "".join(
                f"<li><small>{_e(T['merged'](lang, text=text))}</small></li>"
                for text in idea.merged
            )
            + "</ul>"
        )
    return line + "</li>"


def _question(number: int, q: QuestionReport, lang: Lang, chart: str | None) -> str:
    parts = [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['question'](lang, number=number, text=q.text))}</h2>",
    ]
    line = (
        T["question_line"](lang, ideas=q.ideas, merged=q.merged, dots=q.dots)
        if q.dots is not None
        else T["question_line_open"](lang, ideas=q.ideas, merged=q.merged)
    )
    parts.append(f"<p class='muted'>{_e(line)}</p>")
    if chart:
        parts.append(f"<p><img src='{chart}' width='620'/></p>")
    if not q.clusters:
        parts.append(f"<p><i>{_e(T['no_ideas'](lang))}</i></p>")
    for cluster in q.clusters:
        label = cluster.label or T["not_sorted"](lang)
        parts.append(f"<h3>{_e(label)} ({cluster.count})</h3>")
        for group in cluster.tables:
            parts.append(f"<p class='table'>{_e(group.table)}</p><ul>")
            parts += [_idea(idea, lang) for idea in group.ideas]
            parts.append("</ul>")
    if q.hidden:
        parts.append(f"<p class='muted'>{_e(_hidden(q.hidden, lang))}</p>")
    return "".join(parts)


def report_html(
    report: CafeReport, lang: Lang, r: Roles, charts: dict[str, str] | None = None
) -> str:
    """The report as the HTML subset Qt lays out (the charts as resource URLs)."""
    charts = charts or {}
    colour = _e(r.brand)
    made = report.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
    parts = [
        "<html><head><style>",
        "body { font-family: 'DejaVu Sans'; font-size: 10pt; color: #1B2631; }",
        f"h1 {{ color: {colour}; font-size: 26pt; }}",
        f"h2 {{ color: {colour}; font-size: 15pt; }}",
        f"h3 {{ color: {r.on_card}; font-size: 12pt; border-bottom: 1px solid {r.outline}; }}",
        f".muted {{ color: {r.muted}; }}",
        f"p.table {{ font-weight: bold; color: {r.brand}; margin-top: 6px; }}",
        "td.figure { font-size: 18pt; font-weight: bold; padding-right: 16px; }",
        "</style></head><body>",
        f"<table width='100%' cellpadding='18' style='background: {_e(r.primary)}'><tr><td>"
        f"<span style='color: {_e(readable_on(r.primary))}; font-size: 13pt'>"
        f"{_e(T['title'](lang))}</span></td></tr></table>",
        "<p style='margin-top: 90px'></p>",
        f"<p style='font-size: 24pt; font-weight: bold; color: {colour}'>{_e(report.title)}</p>",
        f"<p style='font-size: 14pt'>{_e(report.event)}</p>",
        f"<p class='muted'>{_e(T['made'](lang, when=made))}</p>",
        f"<h2 style='margin-top: 40px'>{_e(T['asked'](lang))}</h2><ol>",
        *(f"<li style='font-size: 12pt'>{_e(q.text)}</li>" for q in report.questions),
        "</ol>",
    ]
    if report.phase != "harvest":
        parts.append(f"<p><b>{_e(T['running'](lang))}</b></p>")
    parts += [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['figures'](lang))}</h2><table>",
    ]
    rows = [
        (len(report.tables), T["tables"](lang)),
        (len(report.played), T["rounds"](lang)),
        (report.participants, T["people"](lang)),
        (report.ideas, T["ideas"](lang)),
        (report.dots_per_person, T["dots_each"](lang)),
    ]
    parts += [f"<tr><td class='figure'>{_e(a)}</td><td>{_e(b)}</td></tr>" for a, b in rows]
    parts.append("</table>")
    if report.hidden:
        parts.append(f"<p class='muted'>{_e(_hidden(report.hidden, lang))}</p>")
    parts.append(f"<h3>{_e(T['participation'](lang))}</h3>")
    if "participation" in charts:
        parts.append(f"<p><img src='{charts['participation']}' width='620'/></p>")
    parts.append("<ul>")
    for o in report.rounds:
        if o.played:
            row = T["round_row"](lang, minutes=o.minutes, people=o.participants, ideas=o.ideas)
        else:
            row = T[f"round_{o.state}"](lang, minutes=o.minutes)
        parts.append(f"<li><b>{_e(T['round'](lang, number=o.number))}</b>: {_e(row)}</li>")
    parts.append("</ul>")
    if report.per_table:
        parts.append(f"<h3>{_e(T['per_table'](lang))}</h3><ul>")
        parts += [
            f"<li><b>{_e(name)}</b>: "
            f"{_e(T['idea_one'](lang) if count == 1 else T['ideas_count'](lang, count=count))}</li>"
            for name, count in report.per_table
        ]
        parts.append("</ul>")
    parts.append(f"<h2>{_e(T['best'](lang))}</h2>")
    if not report.voted:
        parts.append(f"<p><i>{_e(T['not_voted'](lang))}</i></p>")
    for number, q in enumerate(report.questions, 1):
        parts.append(f"<h3>{_e(T['question'](lang, number=number, text=q.text))}</h3>")
        if q.top:
            parts.append(
                "<ul style='list-style-type: none'>"
                + "".join(_idea(i, lang, with_table=True) for i in q.top)
                + "</ul>"
            )
        elif report.voted:
            parts.append(f"<p><i>{_e(T['no_dots'](lang))}</i></p>")
    parts += [
        _question(n, q, lang, charts.get(f"top{n}")) for n, q in enumerate(report.questions, 1)
    ]
    parts += [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['method'](lang))}</h2>"
        f"<p>{_e(T['method_text'](lang, dots=report.dots_per_person))}</p>",
        "</body></html>",
    ]
    return "".join(parts)


def write_pdf(
    report: CafeReport, path: Path, *, lang: Lang = Lang.NL, style: HouseStyle | None = None
) -> int:
    """Write the report PDF (A4); returns the number of pages."""
    r = report_roles(style)
    document = QTextDocument()
    charts: dict[str, str] = {}
    if report.played:
        charts["participation"] = "chart://participation"
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(charts["participation"]),
            participation_chart(report, r, lang),
        )
    for n, q in enumerate(report.questions, 1):
        if q.top:
            charts[f"top{n}"] = f"chart://top{n}"
            document.addResource(
                QTextDocument.ResourceType.ImageResource,
                QUrl(charts[f"top{n}"]),
                top_chart(q, r, lang),
            )
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(f"{report.title}: {T['title'](lang)}")
    writer.setCreator("zuil")
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(report_html(report, lang, r, charts))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    margin = writer.resolution() * 0.45
    document.setPageSize(QSizeF(rect.width(), rect.height() - 2 * margin))
    pages = document.pageCount()
    size = document.pageSize()
    small = QFont("DejaVu Sans")
    small.setPointSizeF(8)
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
            painter.setFont(small)
            painter.setPen(QColor(r.brand))
            painter.drawText(
                QRectF(0, 0, size.width(), margin * 0.7),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                report.title,
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
        document.drawContents(painter, QRectF(0, page * size.height(), size.width(), size.height()))
        painter.restore()
    painter.end()
    return pages
