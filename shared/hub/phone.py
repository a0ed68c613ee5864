"""The phone companion: an attendee's personal link becomes their app on their own phone.

``/t/TOKEN`` (the personal link sent by e-mail or SMS, or the URL form printed in
a ticket's QR code, ``/T/TOKEN``) opens a session and redirects, so the ticket
token leaves the address bar; from then on the session cookie is the only
credential (see :mod:`shared.hub.phonesession`). The pages, server-rendered
from ``templates/phone``: home (points, rank, top 5, the ticket's QR code),
agenda, the venue map, and each workshop at ``/w/CODE`` (the address of the QR
code on its pillar): the gated information, the quiz, a top or tip and the
workshop's rating and other questions of opinion with a session; the public
teaser and the way to the desk without one. The home page asks the event-wide
questions of the moment and leads to the dot voting of a work session
(``/p/cafe/CODE``) while it runs (see :mod:`shared.hub.phonepolls`).

What a phone does goes through the pillars' exactly-once machinery: every
action carries an id the phone's browser made (kept in its ``localStorage``
until the hub answers), becomes the pillar action of the same kind with the
session's ticket, and is applied by :func:`shared.hub.sync.apply_batches` on the
writer, in the same ledger, grouped with the pillars' batches. Opening a
workshop's page with a session, through the pillar's own QR code (its door
code, :mod:`shared.door`), counts as a scan there, once per ticket, workshop and
day (its id is derived, see :meth:`Sessions.visit_id`).

Answers to questions of opinion and ballots of dots name their ticket (the hub
checks who may answer) and are stored apart from it; applied alone, as soon as
one phone sends one, its commit would still pair the two. A phone is one
person, so the hub holds them instead: to the next minute boundary (and a
jitter drawn once per boundary), then applies the minute's phones' answers
together, shuffled, in one commit (:meth:`Hub.apply_together`), as a pillar
holds its own (``kiosk.outbox.Release``). The phone's request waits for it, and
its browser keeps the answer until then.
"""

from __future__ import annotations

import asyncio
import io
import random
import re
import time
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import Path as PathParam
from fastapi import Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from shared import door as door_codes
from shared import protocol, qr
from shared.datadir import today
from shared.hub import phonepolls, phonequeries, phonetheme
from shared.hub.http import Route
from shared.hub.links import language
from shared.hub.phonesession import (
    COOKIE,
    LANG_COOKIE,
    RateLimit,
    Session,
    Sessions,
    load_secret,
)
from shared.hub.phonetexts import translator
from shared.hub.service import Hub
from shared.hub.sync import BatchOutcome, Incoming
from shared.i18n import Lang
from shared.protocol import Fate
from shared.tickets import Check, TicketPayload, Verdict

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
STATIC_FILES = {"phone.js": "text/javascript", "phone.css": "text/css"}
# The feedback credit leaves the phone this long after its note (seconds), as on a pillar:
# the note and the points it earned cannot be lined up by the moment they arrive.
CREDIT_DELAY_S = (20.0, 90.0)
# posts: a phone may send a burst, then a few a second; an address (one phone, or a NAT
# in front of many) more
SESSION_BURST, SESSION_PER_S = 40.0, 1.0
ADDRESS_BURST, ADDRESS_PER_S = 1200.0, 60.0
# a pillar paired a moment ago: its door code works after at most this long
DOOR_KEYS_S = 10.0
# what a phone answers to a question of opinion or a work session's vote waits at the hub
# for the next minute boundary and this jitter (drawn once per boundary), then goes with
# every other phone's answer of that minute
RELEASE_JITTER_S = (1.0, 9.0)


def until_release() -> float:
    """Seconds until the phones' answers held now are applied: the next minute, jittered."""
    return 60.0 - time.time() % 60.0 + random.uniform(*RELEASE_JITTER_S)


@dataclass
class Minute:
    """The phones' answers held for one release: their batches and, once applied, outcomes."""

    done: asyncio.Future[list[BatchOutcome]]
    batches: list[Incoming] = field(default_factory=list)


# every phone page: nothing cached, nothing leaked, no inline script, never in a frame
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " font-src 'self';"
        " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
}


@dataclass
class PhoneState:
    """What the phone routes of one hub share.

    Attributes:
        hub: the hub.
        sessions: makes and reads session cookies.
        per_session: the post limit of each session.
        per_address: the post limit of each client address.
        visits: visits already recorded (serial, workshop, day): no write for a reload.
        credits: feedback credits of form posts waiting for their delay.
        minute: the phones' answers held for the next release (None: none yet).
        releases: the releases waiting for their moment.
        svgs: the ticket QR images drawn lately, by token.
        doors: each workshop's door keys, and when they were read.
        map_sizes: the venue map's width and height, by its stored name.
    """

    hub: Hub
    sessions: Sessions
    per_session: RateLimit = field(default_factory=lambda: RateLimit(SESSION_BURST, SESSION_PER_S))
    per_address: RateLimit = field(default_factory=lambda: RateLimit(ADDRESS_BURST, ADDRESS_PER_S))
    visits: set[tuple[int, str, str]] = field(default_factory=set)
    credits: set[asyncio.Task[None]] = field(default_factory=set)
    minute: Minute | None = None
    releases: set[asyncio.Task[None]] = field(default_factory=set)
    svgs: OrderedDict[str, str] = field(default_factory=OrderedDict)
    doors: dict[str, tuple[float, list[str]]] = field(default_factory=dict)
    map_sizes: dict[str, tuple[int, int] | None] = field(default_factory=dict)

    async def ticket_svg(self, token: str) -> str:
        """The ticket's QR code as inline SVG (drawn on a worker thread; the last few kept)."""
        found = self.svgs.get(token)
        if found is None:
            found = await asyncio.to_thread(_svg, token)
            self.svgs[token] = found
            if len(self.svgs) > 500:
                self.svgs.popitem(last=False)
        return found


@dataclass(frozen=True)
class Visitor:
    """Who is asking: the session (if any, and still valid), its ticket, the language."""

    session: Session | None
    payload: TicketPayload | None
    lang: Lang
    chosen: str | None  # a language picked in this request, to remember in a cookie
    dead: Verdict | None = None  # a session whose ticket no longer verifies


def templates() -> Jinja2Templates:
    """The phone pages' templates (autoescaped)."""
    return Jinja2Templates(directory=str(HERE / "templates" / "phone"))


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers[name] = value
    return response


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _same_origin(request: Request) -> bool:
    """A POST's Origin, when the browser names one, must be the hub itself.

    A form posted from a page with ``Referrer-Policy: no-referrer`` says ``null``
    (the browser keeps its origin to itself), so that one names none; the session's
    CSRF token is what every POST must show either way.
    """
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


class Phone:
    """The phone routes of one hub and what they share.

    Args:
        hub: the hub.
        sessions: the session maker (by default with the secret in the hub's data folder).
    """

    def __init__(self, hub: Hub, sessions: Sessions | None = None) -> None:
        self.hub = hub
        self.state = PhoneState(hub, sessions or Sessions(load_secret(hub.data.keys_dir)))
        self.templates = templates()

    # -- who is asking ----------

    def visitor(self, request: Request) -> Visitor:
        """The request's session (when its ticket still verifies) and language."""
        asked = request.query_params.get("lang")
        chosen = asked if asked in ("nl", "en") else None
        lang = language(
            chosen or request.cookies.get(LANG_COOKIE), request.headers.get("accept-language")
        )
        session = self.state.sessions.read(request.cookies.get(COOKIE))
        if session is None:
            return Visitor(None, None, lang, chosen)
        check = self.hub.check(session.token)
        if not check.valid or check.payload is None:
            return Visitor(None, None, lang, chosen, dead=check.verdict)
        return Visitor(session, check.payload, lang, chosen)

    def render(
        self,
        request: Request,
        visitor: Visitor,
        template: str,
        context: dict[str, Any],
        status: int = 200,
    ) -> Response:
        """A page in the visitor's language, with the phone headers."""
        lang = visitor.lang.value
        other = "en" if lang == "nl" else "nl"
        session = visitor.session
        response = self.templates.TemplateResponse(
            request,
            template,
            {
                "t": translator(lang),
                "lang": lang,
                "other": other,
                "session": session,
                "csrf": self.state.sessions.csrf(session) if session else "",
                "credit_delay": CREDIT_DELAY_S,
                "new_id": lambda: str(uuid.uuid4()),
                "wording": lambda poll, event_name: phonepolls.wording(poll, lang, event_name),
                "max_proposal": phonepolls.MAX_PROPOSAL_CHARS,
                **context,
            },
            status_code=status,
        )
        if visitor.chosen:
            response.set_cookie(
                LANG_COOKIE, visitor.chosen, max_age=365 * 24 * 3600, httponly=True, samesite="lax"
            )
        if visitor.dead is not None:
            response.delete_cookie(COOKIE, path="/")
        return _headers(response)

    async def message(
        self,
        request: Request,
        visitor: Visitor,
        title: str,
        text: str,
        status: int,
        back: str | None = None,
        **values: Any,
    ) -> Response:
        """A polite page with one message (keys of the phone texts), and a way back if given."""
        event = await self.hub.read(phonequeries.event_brief)
        return self.render(
            request,
            visitor,
            "message.html",
            {"event": event, "title_key": title, "text_key": text, "values": values, "back": back},
            status,
        )

    async def no_session(self, request: Request, visitor: Visitor) -> Response:
        """The page for a page that needs a session, asked without one."""
        if visitor.dead is Verdict.REVOKED:
            return await self.message(request, visitor, "link_title", "replaced", 410)
        return await self.message(request, visitor, "no_session_title", "no_session", 401)

    # -- signing in ----------

    async def link(self, request: Request, token: str) -> Response:
        """A personal link: a session and a redirect home, or a polite page."""
        visitor = self.visitor(request)
        check: Check = self.hub.check(token)
        if not check.valid or check.payload is None:
            text, status = {
                Verdict.REVOKED: ("replaced", 410),
                Verdict.NOT_VALID_NOW: ("not_now", 410),
            }.get(check.verdict, ("unknown", 404))
            return await self.message(request, visitor, "link_title", text, status)
        cookie = self.state.sessions.open(token)
        target = "/p" + (f"?lang={visitor.chosen}" if visitor.chosen else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=self.state.sessions.max_age_s,
            path="/",
            httponly=True,
            samesite="lax",
        )
        return _headers(response)

    # -- pages ----------

    async def home(self, request: Request) -> Response:
        """Points, rank, top 5, the ticket's QR code and the workshops visited."""
        visitor = self.visitor(request)
        if visitor.session is None or visitor.payload is None:
            return await self.no_session(request, visitor)
        data = await self.hub.read(
            phonequeries.home, visitor.payload.attendee_id, datetime.now(UTC)
        )
        if data is None:
            return await self.message(request, visitor, "link_title", "unknown", 404)
        svg = await self.state.ticket_svg(visitor.session.token)
        return self.render(request, visitor, "home.html", {**data, "page": "home", "svg": svg})

    async def agenda(self, request: Request) -> Response:
        """The attendee's programme."""
        visitor = self.visitor(request)
        if visitor.payload is None:
            return await self.no_session(request, visitor)
        data = await self.hub.read(phonequeries.agenda, visitor.payload.attendee_id)
        return self.render(request, visitor, "agenda.html", {**data, "page": "agenda"})

    async def venue(self, request: Request) -> Response:
        """The venue map with the workshops (a list when the event has no map)."""
        visitor = self.visitor(request)
        data = await self.hub.read(phonequeries.workshops)
        image = data["event"]["map"]
        size = None
        if image:  # stored under its hash: a name keeps its size
            if image not in self.state.map_sizes:
                path = self.hub.data.media_path(image)
                self.state.map_sizes[image] = await asyncio.to_thread(_image_size, path)
            size = self.state.map_sizes[image]
        return self.render(request, visitor, "map.html", {**data, "page": "map", "map_size": size})

    async def map_image(self) -> Response:
        """The event's venue map image."""
        event = await self.hub.read(phonequeries.event_brief)
        name = event.get("map")
        path = self.hub.data.media_path(name) if name else None
        if path is None or not path.is_file():
            return _headers(_error(404, "not_found", "This event has no venue map."))
        kind = {".svg": "image/svg+xml", ".png": "image/png", ".webp": "image/webp"}.get(
            path.suffix.lower(), "image/jpeg"
        )
        response = FileResponse(path, media_type=kind)
        _headers(response)
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    async def workshop(self, request: Request, code: str) -> Response:
        """A workshop's page: gated content with a session (which counts as a visit)."""
        visitor = self.visitor(request)
        payload = visitor.payload
        # the visit first: the page it opens then offers the workshop's rating
        if (
            visitor.session is not None
            and payload is not None
            and await self.at_the_door(code, request.query_params.get("d"))
        ):
            await self.visit(visitor.session, payload, code)
        data = await self.hub.read(
            phonequeries.workshop,
            code,
            payload.attendee_id if payload else None,
            datetime.now(UTC),
        )
        if data is None:
            return await self.message(request, visitor, "map", "unknown_workshop", 404)
        return self.render(request, visitor, "workshop.html", {**data, "page": "workshop"})

    async def cafe(self, request: Request, code: str) -> Response:
        """A work session's dot voting: a ballot per question while its vote is open."""
        visitor = self.visitor(request)
        if visitor.payload is None:
            return await self.no_session(request, visitor)
        data = await self.hub.read(phonequeries.ballots, code, visitor.payload.attendee_id)
        if data is None:
            return await self.message(request, visitor, "dots", "unknown_session", 404)
        return self.render(request, visitor, "cafe.html", {**data, "page": "cafe"})

    async def at_the_door(self, code: str, door: str | None) -> bool:
        """Whether ``door`` is today's (or yesterday's) code of one of the workshop's pillars."""
        if not door:
            return False
        now = time.monotonic()
        cached = self.state.doors.get(code.upper())
        if cached is None or now - cached[0] > DOOR_KEYS_S:
            cached = (now, await self.hub.read(phonequeries.door_keys, code))
            self.state.doors[code.upper()] = cached
        day = today()
        return door_codes.valid(door, cached[1], code, [day, day - timedelta(days=1)])

    async def visit(self, session: Session, payload: TicketPayload, code: str) -> None:
        """Record that this ticket's phone opened a workshop's page (once a day)."""
        day = today().isoformat()
        key = (payload.serial, code.upper(), day)
        if key in self.state.visits:
            return
        action = protocol.ScanAction(
            id=self.state.sessions.visit_id(payload.serial, code, day),
            at=datetime.now(UTC),
            workshop=code,
            ticket=session.token,
        )
        outcome = await self.apply(session, [(0, action)], datetime.now(UTC))
        if outcome and outcome[0]["fate"] is not Fate.REJECTED:
            if len(self.state.visits) > 100_000:
                self.state.visits.clear()
            self.state.visits.add(key)

    async def figures(self, request: Request) -> Response:
        """The attendee's points, rank and top 5 as JSON (the home page's live update)."""
        visitor = self.visitor(request)
        if visitor.payload is None:
            return _headers(_error(401, "no_session", "Open your personal link first."))
        found = await self.hub.read(phonequeries.figures, visitor.payload.attendee_id)
        return _headers(Response(found.model_dump_json(), media_type="application/json"))

    async def theme(self) -> Response:
        """The event's colour and font as a small style sheet (:mod:`shared.hub.phonetheme`)."""
        colour = await self.hub.read(phonequeries.event_colour)
        font = await self.hub.read(phonequeries.event_font)
        response = _headers(Response(phonetheme.stylesheet(colour, font), media_type="text/css"))
        response.headers["Cache-Control"] = "no-cache"
        return response

    async def font(self) -> Response:
        """The event's own font, for the pages' ``@font-face`` (404 without one)."""
        name = await self.hub.read(phonequeries.event_font)
        path = self.hub.data.media_path(name) if name else None
        if path is None or not path.is_file():
            return _headers(_error(404, "not_found", "This event has no font of its own."))
        kind = "font/otf" if path.suffix.lower() == ".otf" else "font/ttf"
        response = FileResponse(path, media_type=kind)
        _headers(response)
        response.headers["Cache-Control"] = "public, max-age=300"
        return response

    async def static(self, name: str) -> Response:
        """The pages' script and style sheet, served by the hub itself."""
        kind = STATIC_FILES.get(name)
        if kind is None:
            return _headers(_error(404, "not_found", "No such file."))
        response = FileResponse(STATIC / name, media_type=kind)
        _headers(response)
        response.headers["Cache-Control"] = "no-cache"
        return response

    # -- actions ----------

    def _incoming(
        self, session: Session, actions: list[tuple[int, protocol.AnyAction]], clock: datetime
    ) -> Incoming:
        return Incoming(
            device_id=None,
            device_workshop=None,
            device_clock=clock,
            outbox=0,
            actions=actions,
            checks={session.token: self.hub.check(session.token)},
            received_at=datetime.now(UTC),
        )

    async def apply(
        self, session: Session, actions: list[tuple[int, protocol.AnyAction]], clock: datetime
    ) -> list[protocol.ResultRow]:
        """Apply a phone's actions through the pillars' exactly-once path."""
        outcome = await self.hub.apply(self._incoming(session, actions, clock))
        return outcome.results

    async def apply_held(
        self, session: Session, actions: list[tuple[int, protocol.AnyAction]], clock: datetime
    ) -> list[protocol.ResultRow]:
        """Apply a phone's answers with the minute's other phones' answers, at its release."""
        minute = self.state.minute
        if minute is None:
            loop = asyncio.get_running_loop()
            minute = self.state.minute = Minute(loop.create_future())
            task = loop.create_task(self._release(minute, until_release()))
            self.state.releases.add(task)
            task.add_done_callback(self.state.releases.discard)
        position = len(minute.batches)
        minute.batches.append(self._incoming(session, actions, clock))
        outcomes = await asyncio.shield(minute.done)
        return outcomes[position].results

    async def _release(self, minute: Minute, delay: float) -> None:
        """Apply a minute's held answers together, in an order that says nothing."""
        await asyncio.sleep(delay)
        if self.state.minute is minute:
            self.state.minute = None  # what comes now waits for the next release
        order = list(range(len(minute.batches)))
        random.shuffle(order)
        try:
            shuffled = await self.hub.apply_together([minute.batches[i] for i in order])
        except Exception as error:  # every phone of the minute is told, and sends again
            minute.done.set_exception(error)
            minute.done.exception()  # seen here: a phone that went away asks no more
            return
        outcomes: list[BatchOutcome | None] = [None] * len(order)
        for place, index in enumerate(order):
            outcomes[index] = shuffled[place]
        minute.done.set_result([o for o in outcomes if o is not None])

    def limited(self, request: Request, session: Session, cost: int) -> int:
        """Seconds to wait when this post is over a limit, else 0 (and it is counted)."""
        wait = self.state.per_address.take(_address(request), cost)
        if not wait:
            wait = self.state.per_session.take(session.sid, cost)
        return int(wait) + 1 if wait else 0

    async def post_actions(self, request: Request) -> Response:
        """The outbox of a phone's browser: apply its actions, each exactly once."""
        visitor = self.visitor(request)
        session, payload = visitor.session, visitor.payload
        if session is None or payload is None:
            return _headers(_error(401, "no_session", "Open your personal link first."))
        if not _same_origin(request) or not self.state.sessions.csrf_ok(
            session, request.headers.get("x-csrf-token")
        ):
            return _headers(_error(403, "csrf", "This page has expired; reload it."))
        try:
            batch = protocol.PhoneActions.model_validate_json(await request.body())
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(p) for p in problem["loc"])
            return _headers(_error(422, "invalid_request", f"{where}: {problem['msg']}"[:300]))
        wait = self.limited(request, session, len(batch.actions))
        if wait:
            refused = _error(429, "too_many_requests", f"Slow down; try again in {wait} s.")
            refused.headers["Retry-After"] = str(wait)
            return _headers(refused)
        reply = await self.act(session, payload, batch.clock, batch.actions)
        return _headers(Response(reply.model_dump_json(), media_type="application/json"))

    async def act(
        self, session: Session, payload: TicketPayload, clock: datetime, items: list[Any]
    ) -> protocol.PhoneReply:
        """Apply a phone's actions; each one's fate (an answer's outcome too) and the figures."""
        actions: list[tuple[int, protocol.AnyAction]] = []
        results: list[protocol.PhoneResult | None] = [None] * len(items)
        asked: set[int] = set()  # the responses and ballots: a refusal is said plainly
        for index, item in enumerate(items):
            try:
                mine = protocol.PhoneAction.model_validate(item)
                actions.append((index, _pillar_action(mine, session.token)))
                if mine.kind in ("response", "dots"):
                    asked.add(index)
            except (ValidationError, ValueError) as error:
                reason = (
                    error.errors(include_url=False)[0]["msg"]
                    if isinstance(error, ValidationError)
                    else str(error)
                )
                item_id = item.get("id") if isinstance(item, dict) else None
                try:
                    found_id = uuid.UUID(str(item_id)) if item_id is not None else None
                except ValueError:
                    found_id = None
                asking = isinstance(item, dict) and item.get("kind") in ("response", "dots")
                results[index] = protocol.PhoneResult(
                    id=found_id,
                    fate=Fate.REJECTED,
                    reason=f"invalid: {reason}"[:300],
                    refusal="invalid" if asking else None,
                )
        held: list[tuple[int, protocol.AnyAction]] = [
            (i, a) for i, a in actions if isinstance(a, HELD_ACTIONS)
        ]
        rows = (
            await self.apply(session, _without(actions, held), clock)
            if len(held) < len(actions)
            else []
        )
        if held:
            rows += await self.apply_held(session, held, clock)
            rows.sort(key=lambda row: row["index"])  # in the order of ``actions`` again
        answers = [
            str(action.id)
            for (_, action), row in zip(actions, rows, strict=True)
            if isinstance(action, protocol.AnswerAction) and row["fate"] is not Fate.REJECTED
        ]
        attendee = payload.attendee_id
        found, figures = await self.hub.read(_after_actions, answers, attendee)
        for row in rows:
            outcome = found.get(str(row["id"]))
            refused = row["fate"] is Fate.REJECTED and row["index"] in asked
            results[row["index"]] = protocol.PhoneResult(
                id=row["id"],
                fate=row["fate"],
                reason=row["reason"],
                outcome=outcome,
                refusal=phonepolls.refusal(row["reason"]) if refused else None,
            )
        return protocol.PhoneReply(results=[r for r in results if r is not None], figures=figures)

    async def post_form(self, request: Request) -> Response:
        """A form posted without the page's script: the same action, then back to the page."""
        visitor = self.visitor(request)
        session, payload = visitor.session, visitor.payload
        if session is None or payload is None:
            return await self.no_session(request, visitor)
        lists = _form_lists(await request.body())
        fields = {name: values[0] for name, values in lists.items()}
        if not _same_origin(request) or not self.state.sessions.csrf_ok(
            session, fields.get("csrf")
        ):
            return await self.message(request, visitor, "forbidden_title", "forbidden", 403)
        wait = self.limited(request, session, 2 if fields.get("kind") == "note" else 1)
        if wait:
            page = await self.message(
                request, visitor, "slow_down_title", "slow_down", 429, seconds=wait
            )
            page.headers["Retry-After"] = str(wait)
            return page
        now = datetime.now(UTC)
        item = phonepolls.form_item(lists, now.isoformat())
        kind = item["kind"]
        if kind in ("response", "dots"):
            return await self._form_answer(request, visitor, session, payload, item, now)
        reply = await self.act(session, payload, now, [item])
        # a refused note earns no credit; one sent again keeps its credit's own id
        if (
            kind == "note"
            and fields.get("credit_id")
            and reply.results[0].fate is not Fate.REJECTED
        ):
            credit = {**item, "id": fields["credit_id"], "kind": "credit"}
            credit.pop("text", None)
            credit.pop("wall", None)
            self._credit_later(session, payload, credit)
        code = str(item.get("workshop", ""))
        target = f"/w/{code}#quiz" if code.isalnum() else "/p"
        return _headers(RedirectResponse(target, status_code=303))

    async def _form_answer(
        self,
        request: Request,
        visitor: Visitor,
        session: Session,
        payload: TicketPayload,
        item: dict[str, Any],
        now: datetime,
    ) -> Response:
        """A response or ballot posted as a form: back to it, or a plain page on a refusal."""
        kind = item["kind"]
        code = str(item.get("workshop", ""))
        if kind == "dots":
            key = str(item.get("question_id", ""))
            found = (
                await self.hub.read(phonequeries.session_of_cafe_question, int(key))
                if key.isdigit() and len(key) < 16
                else None
            )
            target = f"/p/cafe/{found}#cq-{key}" if found and _CODE.match(found) else "/p"
        else:
            key = str(item.get("poll_id", ""))
            anchor = f"#poll-{key}" if key.isdigit() else ""
            target = (f"/w/{code}" if code.isalnum() else "/p") + anchor
        if not (item.get("choices") or item.get("ideas") or str(item.get("text", "")).strip()):
            return await self.message(
                request, visitor, "refused_title", "pick_first", 422, back=target
            )
        reply = await self.act(session, payload, now, [item])
        result = reply.results[0]
        if result.fate is not Fate.REJECTED:
            return _headers(RedirectResponse(target, status_code=303))
        refused = result.refusal or "invalid"
        text = f"{'dots_' if kind == 'dots' and refused in ('answered', 'closed') else ''}"
        return await self.message(
            request, visitor, "refused_title", f"{text}refused_{refused}", 409, back=target
        )

    def _credit_later(
        self, session: Session, payload: TicketPayload, credit: dict[str, Any]
    ) -> None:
        """Send a form's feedback credit after the random delay a pillar's waits too."""

        async def later() -> None:
            await asyncio.sleep(random.uniform(*CREDIT_DELAY_S))
            credit["at"] = datetime.now(UTC).isoformat()
            await self.act(session, payload, datetime.now(UTC), [credit])

        task = asyncio.get_running_loop().create_task(later())
        self.state.credits.add(task)
        task.add_done_callback(self.state.credits.discard)

    # -- the route table ----------

    def routes(self) -> list[Route]:
        """The phone's routes."""

        async def personal_link(
            request: Request, token: Annotated[str, PathParam(max_length=400)]
        ) -> Response:
            return await self.link(request, token)

        async def home(request: Request) -> Response:
            return await self.home(request)

        async def agenda(request: Request) -> Response:
            return await self.agenda(request)

        async def venue(request: Request) -> Response:
            return await self.venue(request)

        async def map_image() -> Response:
            return await self.map_image()

        async def workshop(
            request: Request, code: Annotated[str, PathParam(max_length=16)]
        ) -> Response:
            return await self.workshop(request, code)

        async def figures(request: Request) -> Response:
            return await self.figures(request)

        async def actions(request: Request) -> Response:
            return await self.post_actions(request)

        async def form(request: Request) -> Response:
            return await self.post_form(request)

        async def static(name: Annotated[str, PathParam(max_length=40)]) -> Response:
            return await self.static(name)

        async def cafe(
            request: Request, code: Annotated[str, PathParam(max_length=16)]
        ) -> Response:
            return await self.cafe(request, code)

        async def theme() -> Response:
            return await self.theme()

        async def font() -> Response:
            return await self.font()

        return [
            Route("GET", "/t/{token}", personal_link),
            Route("GET", "/T/{token}", personal_link),
            Route("GET", "/p", home),
            Route("GET", "/p/agenda", agenda),
            Route("GET", "/p/map", venue),
            Route("GET", "/p/map/image", map_image),
            Route("GET", "/p/cafe/{code}", cafe),
            Route("GET", "/p/me", figures, protocol.PhoneFigures),
            Route("POST", "/p/actions", actions, protocol.PhoneReply, protocol.PhoneActions),
            Route("POST", "/p/act", form),
            Route("GET", "/p/static/{name}", static),
            Route("GET", "/p/theme.css", theme),
            Route("GET", "/p/font", font),
            Route("GET", "/w/{code}", workshop),
        ]


# each hub's phone routes' state, for tests and benches to look at
_PHONES: weakref.WeakKeyDictionary[Hub, Phone] = weakref.WeakKeyDictionary()


def routes(hub: Hub) -> list[Route]:
    """The phone companion's routes of ``hub``."""
    made = _PHONES[hub] = Phone(hub)
    return made.routes()


def phone_of(hub: Hub) -> Phone:
    """The phone routes of ``hub`` (made with its app).

    Raises:
        KeyError: no app was made for ``hub``.
    """
    return _PHONES[hub]


def _pillar_action(action: protocol.PhoneAction, ticket: str) -> protocol.AnyAction:
    """The pillar action a phone's action is applied as.

    Raises:
        ValueError: a field its kind needs is missing.
    """
    if action.kind == "response":
        if action.poll_id is None:
            raise ValueError("a response needs poll_id")
        return protocol.ResponseAction(
            id=action.id,
            at=action.at,
            workshop=action.workshop,
            ticket=ticket,
            poll_id=action.poll_id,
            choices=action.choices or [],
            text=action.text or "",
        )
    if action.kind == "dots":
        if action.question_id is None or not action.ideas:
            raise ValueError("a ballot needs question_id and ideas")
        return protocol.DotsAction(
            id=action.id,
            at=action.at,
            ticket=ticket,
            question_id=action.question_id,
            ideas=action.ideas,
        )
    if action.workshop is None:
        raise ValueError(f"{action.kind} needs a workshop")
    if action.kind == "answer":
        if action.question_id is None or action.choice is None:
            raise ValueError("an answer needs question_id and choice")
        return protocol.AnswerAction(
            id=action.id,
            at=action.at,
            workshop=action.workshop,
            ticket=ticket,
            question_id=action.question_id,
            choice=action.choice,
        )
    if action.kind == "note":
        if action.wall is None or not action.text or not action.text.strip():
            raise ValueError("a note needs a wall and a text")
        return protocol.NoteAction(
            id=action.id, at=action.at, workshop=action.workshop, wall=action.wall, text=action.text
        )
    return protocol.CreditAction(
        id=action.id, at=action.at, workshop=action.workshop, ticket=ticket
    )


HELD_ACTIONS = (protocol.ResponseAction, protocol.DotsAction)
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")  # a code that goes into a redirect as it is


def _without(
    actions: Sequence[tuple[int, protocol.AnyAction]],
    held: Sequence[tuple[int, protocol.AnyAction]],
) -> list[tuple[int, protocol.AnyAction]]:
    left = {index for index, _ in held}
    return [(index, action) for index, action in actions if index not in left]


def _after_actions(
    db: Any, answers: list[str], attendee_id: int
) -> tuple[dict[str, protocol.AnswerOutcome], protocol.PhoneFigures]:
    return phonequeries.outcomes(db, answers), phonequeries.figures(db, attendee_id)


MAX_FORM_FIELDS = 400  # a ballot lists every idea of its question


def _form_lists(body: bytes) -> dict[str, list[str]]:
    """A URL-encoded form's fields, every value of each name; undecodable bytes replaced."""
    try:
        pairs = parse_qsl(
            body.decode("utf-8", "replace"),
            keep_blank_values=True,
            max_num_fields=MAX_FORM_FIELDS,
        )
    except ValueError:  # more fields than any of the forms has
        return {}
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    return fields


def _error(status: int, code: str, message: str) -> Response:
    body = protocol.ErrorBody(error=protocol.ErrorInfo(code=code, message=message))
    return JSONResponse(body.model_dump(), status_code=status)


def _svg(token: str) -> str:
    """A ticket's QR code as inline SVG (segno scores its masks in Python: milliseconds)."""
    buffer = io.BytesIO()
    qr.make(token).save(buffer, kind="svg", scale=6, border=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")


def _image_size(path: Path) -> tuple[int, int] | None:
    """A raster image's width and height (None for SVG or what cannot be read)."""
    if path.suffix.lower() == ".svg" or not path.is_file():
        return None
    import cv2
    import numpy as np

    image = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        return None
    height, width = image.shape[:2]
    return int(width), int(height)
