"""The event report as a PDF (Qt's text layout) and its data as XLSX and CSV.

The content comes from :func:`shared.report.gather`; this module only lays it
out. Every attendee text goes through ``html.escape`` before it meets the
document's HTML, so a note that says ``<b>`` prints ``<b>``.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from shared import sheets
from shared.i18n import Lang, Text
from shared.protocol import Report, WorkshopResult
from shared.report import note_rows

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
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pct(share: float) -> str:
    return f"{round(share * 100)}%"


def _notes(items: list[str], lang: Lang) -> str:
    if not items:
        return f"<p><i>{_e(T['no_notes'](lang))}</i></p>"
    return "<ul>" + "".join(f"<li>{_e(text)}</li>" for text in items) + "</ul>"


def _workshop(w: WorkshopResult, lang: Lang, photos: dict[str, str]) -> str:
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
        parts.append(f"<p class='muted'>{_e(T['hidden'](lang, count=w.hidden))}</p>")
    return "".join(parts)


def report_html(report: Report, lang: Lang, photos: dict[str, str], logo: str | None) -> str:
    """The report as the HTML subset Qt lays out (photos and logo as resource URLs)."""
    event = report.event
    colour = _e(event.get("primary_colour") or "#1B4F72")
    h = report.headline
    made = report.made_at.astimezone().strftime("%d-%m-%Y %H:%M")
    parts = [
        "<html><head><style>",
        "body { font-family: 'DejaVu Sans'; font-size: 10pt; color: #1B2631; }",
        f"h1 {{ color: {colour}; font-size: 26pt; }}",
        f"h2 {{ color: {colour}; font-size: 16pt; }}",
        "h3 { font-size: 12pt; }",
        ".muted { color: #5D6D7E; }",
        "td.figure { font-size: 18pt; font-weight: bold; padding-right: 16px; }",
        "</style></head><body>",
    ]
    parts.append("<p style='margin-top: 120px'></p>")
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
    if h.hidden:
        parts.append(f"<p class='muted'>{_e(T['hidden'](lang, count=h.hidden))}</p>")
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
    parts += [_workshop(w, lang, photos) for w in report.workshops]
    parts += [
        "<div style='page-break-before: always'></div>",
        f"<h2>{_e(T['method'](lang))}</h2><p>{_e(T['method_text'](lang))}</p>",
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
) -> int:
    """Write the report PDF (A4); returns the number of pages."""
    document = QTextDocument()
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
    document.documentLayout().setPaintDevice(writer)  # fonts measured at the PDF's resolution
    document.setHtml(report_html(report, lang, resources, logo_url))
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
    return document.pageCount()


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
    }


def write_data(report: Report, path: Path) -> list[Path]:
    """The data as one XLSX workbook (``.xlsx``) or a folder of CSV files (anything else)."""
    tables = data_tables(report)
    if path.suffix.lower() == ".xlsx":
        sheets.write_workbook(path, tables)
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (headers, rows) in tables.items():
        target = path / f"{name}.csv"
        sheets.write_table(target, headers, rows)
        written.append(target)
    return written
