"""The personal link page, ``/t/TOKEN``: an attendee's ticket on their phone.

One small self-contained HTML page (no scripts, no external files): the ticket's
QR code to show at a pillar, the name as registered, the personal agenda and
the current points, in Dutch or English. Every piece of user text is escaped.
A wrong or replaced link gets a polite page, never an error trace.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass

from sqlite_utils import Database

from shared import qr
from shared.hub import queries
from shared.i18n import Lang, Text
from shared.tickets import Check, Verdict

TITLE = Text("Jouw ticket", "Your ticket")
SHOW = Text(
    "Laat deze QR-code zien aan de camera van een zuil.",
    "Show this QR code to the camera of a pillar.",
)
AGENDA = Text("Jouw programma", "Your programme")
POINTS = Text("Punten: {points}", "Points: {points}")
RANK = Text(" · plaats {rank}", " · rank {rank}")
OTHER_LANGUAGE = Text("English", "Nederlands")
REPLACED = Text(
    "Dit ticket is vervangen door een nieuw ticket. Gebruik de nieuwste link, of vraag je"
    " ticket aan de registratiebalie.",
    "This ticket has been replaced by a new one. Use your newest link, or ask at the"
    " registration desk.",
)
UNKNOWN = Text(
    "Deze link kennen we niet. Controleer de link, of vraag je ticket aan de registratiebalie.",
    "We do not recognise this link. Check the link, or ask at the registration desk.",
)
NOT_NOW = Text(
    "Dit ticket is nu niet geldig. Vraag bij de registratiebalie naar je ticket.",
    "This ticket is not valid now. Please ask at the registration desk.",
)


@dataclass(frozen=True)
class Page:
    """A rendered page and its HTTP status."""

    status: int
    html: str


def language(requested: str | None, accept: str | None) -> Lang:
    """``?lang=`` first, else the browser's preference, else Dutch."""
    if requested in ("nl", "en"):
        return Lang(requested)
    for part in (accept or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("nl", "en"):
            return Lang(code)
    return Lang.NL


def _layout(title: str, body: str, colour: str, event: str, lang: Lang, switch: str) -> str:
    esc = html.escape
    return f"""<!doctype html>
<html lang="{lang.value}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{esc(title)} · {esc(event)}</title>
<style>
body{{margin:0;font-family:system-ui,sans-serif;background:#F4F1EA;color:#1B2631;font-size:18px}}
header{{background:{esc(colour)};color:#fff;padding:16px 20px;font-weight:700;font-size:20px}}
main{{max-width:560px;margin:0 auto;padding:16px 20px 40px}}
h1{{font-size:28px;margin:12px 0}}
.qr{{background:#fff;padding:12px;border-radius:12px;text-align:center}}
.qr svg{{width:100%;max-width:360px;height:auto}}
ul{{padding-left:20px}} li{{margin:6px 0}}
.switch{{display:inline-block;margin-top:20px;color:{esc(colour)}}}
</style></head>
<body><header>{esc(event)}</header><main>{body}
<a class="switch" href="?lang={switch}">{esc(OTHER_LANGUAGE(lang))}</a></main></body></html>
"""


def render(db: Database, check: Check, token: str, lang: Lang) -> Page:
    """The page for a scanned or clicked personal link."""
    event = next(db.query("SELECT name, primary_colour FROM event WHERE id = 1"), None)
    name = event["name"] if event else "zuil"
    colour = event["primary_colour"] if event else "#1B4F72"
    switch = "en" if lang is Lang.NL else "nl"
    esc = html.escape
    if not check.valid or check.payload is None:
        message = {
            Verdict.REVOKED: (410, REPLACED),
            Verdict.NOT_VALID_NOW: (410, NOT_NOW),
        }.get(check.verdict, (404, UNKNOWN))
        body = f"<h1>{esc(TITLE(lang))}</h1><p>{esc(message[1](lang))}</p>"
        return Page(message[0], _layout(TITLE(lang), body, colour, name, lang, switch))
    attendee_id = check.payload.attendee_id
    person = next(
        db.query("SELECT first_name, last_name FROM attendees WHERE id = ?", [attendee_id]), None
    )
    if person is None:
        body = f"<h1>{esc(TITLE(lang))}</h1><p>{esc(UNKNOWN(lang))}</p>"
        return Page(404, _layout(TITLE(lang), body, colour, name, lang, switch))
    svg = io.BytesIO()
    qr.make(token).save(svg, kind="svg", scale=6, border=4, xmldecl=False, svgns=True)
    lines = []
    for slot in queries.personal_agenda(db, attendee_id):
        times = slot["starts"] + (f"–{slot['ends']}" if slot["ends"] else "")
        room = f" ({slot['room']})" if slot["room"] else ""
        lines.append(f"<li><b>{esc(times)}</b> {esc(slot['title'])}{esc(room)}</li>")
    standing = queries.points_of(db, attendee_id)
    score = POINTS(lang, points=standing.points)
    if standing.rank:
        score += RANK(lang, rank=standing.rank)
    full_name = f"{person['first_name']} {person['last_name']}"
    body = (
        f"<h1>{esc(TITLE(lang))}: {esc(full_name)}</h1>"
        f"<div class='qr'>{svg.getvalue().decode('utf-8')}</div>"
        f"<p>{esc(SHOW(lang))}</p><p><b>{esc(score)}</b></p>"
        f"<h2>{esc(AGENDA(lang))}</h2><ul>{''.join(lines)}</ul>"
    )
    return Page(200, _layout(TITLE(lang), body, colour, name, lang, switch))
