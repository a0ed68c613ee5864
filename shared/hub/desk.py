"""The desk's routes (the organiser's too): moderation, attendees, tickets, links, figures.

Also the registration list, personal links by e-mail and SMS, the report and
the dashboard.
"""

# No "from __future__ import annotations": FastAPI reads the handlers' annotations, whose
# role dependencies are local names.
import asyncio
import io
from typing import Annotated
from uuid import UUID

from fastapi import Query
from fastapi.responses import Response
from sqlite_utils import Database

from shared import attendees, programme, protocol, qr, ticketbook
from shared.datadir import verifier_in
from shared.db import StoreError, utcnow
from shared.hub import polls, queries, sync
from shared.hub.devices import Device
from shared.hub.http import ApiError, Roles, Route, first_line
from shared.hub.service import Hub, NotFound
from shared.hub.wordfilter import WordFilter, save_words
from shared.protocol import API, AttendeeKind
from shared.report import dashboard as build_dashboard
from shared.report import gather as gather_report
from shared.roster import NewAttendee, read_rows
from shared.tickets import TicketVerifier, Verdict

# -- moderation ----------


async def moderation_queue(hub: Hub, states: tuple[str, ...]) -> list[protocol.ModerationItem]:
    """Notes and photos in the given states, newest first."""
    rows = await hub.read(queries.items, states)
    return [
        protocol.ModerationItem(
            item=queries.wall_item(r), state=r["state"], flagged=r["flagged"].split()
        )
        for r in reversed(rows)
    ]


async def moderate(hub: Hub, item_id: str, action: str) -> str:
    """Approve, hide or restore an item.

    Raises:
        NotFound: no such note or photo.
    """
    state = await hub.write(sync.moderate, item_id, action, hub.clock())
    if state is None:
        raise NotFound(f"no note or photo {item_id}")
    hub.figures_changed()  # the walls count what they show
    return state


async def moderation_settings(hub: Hub) -> protocol.ModerationSettings:
    """The event's moderation modes."""
    event = await hub.event()
    return protocol.ModerationSettings(
        moderation=event["moderation"] if event else "post",
        photo_moderation=event["photo_moderation"] if event else "pre",
    )


def _set_moderation(db: Database, settings: protocol.ModerationSettings) -> None:
    db.execute(
        "UPDATE event SET moderation = ?, photo_moderation = ? WHERE id = 1",
        [settings.moderation, settings.photo_moderation],
    )


async def set_words(hub: Hub, words: list[str]) -> None:
    """Replace the word list (also on disk, for the next start)."""
    await asyncio.to_thread(save_words, hub.words_path, words)
    hub.word_filter = WordFilter(words)


# -- ratings, polls and votes ----------


async def poll_texts(
    hub: Hub, states: tuple[str, ...], poll_id: int | None
) -> list[protocol.PollText]:
    """Comments, open answers and proposals in these states, newest first."""
    return await hub.read(polls.texts, states, poll_id)


async def moderate_poll_text(
    hub: Hub, text_id: int, edit: protocol.PollTextEdit
) -> protocol.PollText:
    """Show, hide or correct a comment, open answer or proposal.

    Raises:
        NotFound: no such text.
        PollError: the correction would leave it empty.
    """
    found = await hub.write(polls.moderate_text, text_id, edit, hub.clock())
    if found is None:
        raise NotFound(f"no text {text_id}")
    return found


async def paper_tally(hub: Hub, poll_id: int, tally: protocol.PaperTally) -> protocol.PollResult:
    """Replace a question's paper tally; its results now.

    Raises:
        NotFound: no such question.
        PollError: the counts do not fit it.
    """
    found = await hub.write(polls.set_paper, poll_id, tally, hub.clock())
    if found is None:
        raise NotFound(f"no question {poll_id}")
    return found


async def poll_result(hub: Hub, poll_id: int) -> protocol.PollResult:
    """One question's results now, as the organiser sees them.

    Raises:
        NotFound: no such question.
    """
    found = await hub.read(polls.result, poll_id, hub.clock())
    if found is None:
        raise NotFound(f"no question {poll_id}")
    return found


# -- attendees and tickets ----------


async def register(hub: Hub, walk_in: protocol.WalkIn) -> protocol.IssuedTicket:
    """Register a walk-in and issue their ticket.

    Raises:
        ValueError: the details are not acceptable (the message says why).
        StoreError: a workshop is unknown or the e-mail is already registered.
    """
    attendee = _new_walk_in(walk_in)
    attendee_id = await hub.write(_register, attendee, walk_in.client_id)
    return await issue(hub, attendee_id, reissue=False)


def _new_walk_in(walk_in: protocol.WalkIn) -> NewAttendee:
    return NewAttendee.model_validate(
        {
            **walk_in.model_dump(exclude={"client_id"}),
            "kind": AttendeeKind.WALK_IN,
            "workshops": walk_in.workshops,
        }
    )


def _register(db: Database, attendee: NewAttendee, client_id: UUID | None) -> int:
    """The walk-in's attendee id: registered now, or before under the desk's same id."""
    if client_id is not None:
        known = db.execute(
            "SELECT attendee_id FROM walk_ins WHERE client_id = ?", [str(client_id)]
        ).fetchone()
        if known:
            return int(known[0])
    [attendee_id] = attendees.add(db, [attendee])
    if client_id is not None:
        db.execute(
            "INSERT INTO walk_ins (client_id, attendee_id) VALUES (?, ?)",
            [str(client_id), attendee_id],
        )
    return attendee_id


async def replay(hub: Hub, kept: list[protocol.KeptWalkIn]) -> list[protocol.ReplayedWalkIn]:
    """Walk-ins a desk registered at another hub of the event, sent again to this one.

    Each is registered once (by the desk's own id) under the attendee id and ticket
    serial it was printed with. When another attendee holds that id here, it is
    registered anew, after all the others kept their ids, and its new ticket comes back
    to print instead; one that cannot be registered at all (say, its e-mail is here
    already) is rejected with the reason. The others go on either way.
    """
    replies: dict[int, protocol.ReplayedWalkIn] = {}
    later: list[int] = []
    for fresh in (False, True):
        for n in later if fresh else range(len(kept)):
            client_id = kept[n].walk_in.client_id
            if client_id is None:
                raise ApiError(422, "invalid", "a kept walk-in needs the desk's client_id")
            try:
                found = await hub.write(_restore, kept[n], client_id, fresh)
            except (StoreError, ValueError) as error:
                reason = first_line(error)
                replies[n] = protocol.ReplayedWalkIn(
                    client_id=client_id, fate=protocol.Fate.REJECTED, reason=reason
                )
                continue
            if found is None:
                later.append(n)  # its printed id is taken here: registered anew below
                continue
            fate, attendee_id = found
            ticket = await issue(hub, attendee_id, reissue=False) if fresh else None
            replies[n] = protocol.ReplayedWalkIn(client_id=client_id, fate=fate, ticket=ticket)
    return [replies[n] for n in range(len(kept))]


def _restore(
    db: Database, kept: protocol.KeptWalkIn, client_id: UUID, fresh: bool
) -> tuple[protocol.Fate, int] | None:
    """Register a kept walk-in (inside a write); None when its printed id is taken here.

    It gets the attendee id and ticket serial it was printed with, or new ones when
    ``fresh``.

    Raises:
        StoreError: it cannot be registered here at all (its e-mail is, say).
    """
    known = db.execute(
        "SELECT attendee_id FROM walk_ins WHERE client_id = ?", [str(client_id)]
    ).fetchone()
    if known:
        return protocol.Fate.DUPLICATE, int(known[0])
    attendee = _new_walk_in(kept.walk_in)
    if fresh:
        [attendee_id] = attendees.add(db, [attendee])
    else:
        if db.execute("SELECT 1 FROM attendees WHERE id = ?", [kept.attendee_id]).fetchone() or (
            db.execute("SELECT 1 FROM tickets WHERE serial = ?", [kept.serial]).fetchone()
        ):
            return None
        [attendee_id] = attendees.add(db, [attendee], ids=[kept.attendee_id])
        ticketbook.restore(
            db,
            ticketbook.TicketRecord(
                serial=kept.serial,
                attendee_id=attendee_id,
                key_id=kept.key_id,
                valid_from=kept.valid_from,
                valid_until=kept.valid_until,
                issued_at=utcnow(),
                revoked_at=None,
            ),
        )
    db.execute(
        "INSERT INTO walk_ins (client_id, attendee_id) VALUES (?, ?)",
        [str(client_id), attendee_id],
    )
    return protocol.Fate.APPLIED, attendee_id


async def issue(hub: Hub, attendee_id: int, *, reissue: bool) -> protocol.IssuedTicket:
    """Issue an attendee's ticket; ``reissue`` revokes the current one first.

    Raises:
        NotFound: no such attendee.
    """
    try:
        record, verifier = await hub.write(_issue, attendee_id, hub.signer.key_id, reissue)
    except StoreError as error:
        raise NotFound(str(error)) from None
    if verifier is not None:
        hub.use_verifier(verifier)
    token = hub.token(record)
    summary, agenda = await hub.read(_details, attendee_id)
    return protocol.IssuedTicket(
        attendee=summary,
        serial=record.serial,
        token=token,
        link=hub.link(token),
        valid_from=record.valid_from,
        valid_until=record.valid_until,
        agenda=agenda,
    )


def _issue(
    db: Database, attendee_id: int, key_id: int, reissue: bool
) -> tuple[ticketbook.TicketRecord, TicketVerifier | None]:
    """The ticket, and after a reissue the verifier that knows the old one is revoked.

    Read in the same write, so no ticket is checked against a verifier that
    does not know yet.
    """
    record = ticketbook.issue(db, attendee_id, key_id, reissue=reissue)
    return record, verifier_in(db) if reissue else None


def _details(db: Database, attendee_id: int) -> tuple[protocol.AttendeeSummary, list[str]]:
    [summary] = queries.attendee_summaries(db, attendee_id=attendee_id)
    return summary, queries.agenda_lines(db, attendee_id)


def _issue_many(db: Database, ids: list[int] | None, key_id: int) -> list[ticketbook.TicketRecord]:
    return ticketbook.issue_many(db, attendees.ids(db) if ids is None else ids, key_id)


def _many_details(
    db: Database, ids: list[int]
) -> tuple[dict[int, protocol.AttendeeSummary], dict[int, list[str]]]:
    summaries = {s.id: s for s in queries.attendee_summaries(db, limit=1_000_000)}
    return summaries, {a: queries.agenda_lines(db, a) for a in ids}


async def issue_many(hub: Hub, ids: list[int] | None) -> list[protocol.IssuedTicket]:
    """Current tickets for many attendees (all when ``ids`` is None), made where missing.

    Raises:
        NotFound: an attendee id is unknown (nothing is issued then).
    """
    try:
        records = await hub.write(_issue_many, ids, hub.signer.key_id)
    except StoreError as error:
        raise NotFound(str(error)) from None
    summaries, agendas = await hub.read(_many_details, [r.attendee_id for r in records])
    tokens = await asyncio.to_thread(lambda: [hub.token(r) for r in records])
    return [
        protocol.IssuedTicket(
            attendee=summaries[record.attendee_id],
            serial=record.serial,
            token=token,
            link=hub.link(token),
            valid_from=record.valid_from,
            valid_until=record.valid_until,
            agenda=agendas[record.attendee_id],
        )
        for record, token in zip(records, tokens, strict=True)
    ]


async def lookup(hub: Hub, ticket: str) -> protocol.LookupResult:
    """A ticket scanned at the desk: its verdict and whose it is."""
    check = hub.check(ticket.strip())
    attendee = None
    signed = (Verdict.VALID, Verdict.REVOKED, Verdict.NOT_VALID_NOW)
    if check.payload is not None and check.verdict in signed:
        found = await hub.read(queries.attendee_summaries, attendee_id=check.payload.attendee_id)
        attendee = found[0] if found else None
    return protocol.LookupResult(verdict=check.verdict.value, attendee=attendee)


def _mark_printed(db: Database, serial: int) -> None:
    db.execute("UPDATE tickets SET printed_at = ? WHERE serial = ?", [utcnow(), serial])


async def ticket_qr(hub: Hub, serial: int, kind: str) -> bytes:
    """The QR image (PNG or SVG) of a current ticket.

    Raises:
        NotFound: no such ticket, or it was revoked.
    """
    record = await hub.read(ticketbook.ticket, serial)
    if record is None or record.revoked_at is not None:
        raise NotFound(f"no current ticket {serial}")
    token = hub.token(record)
    if kind == "svg":
        buffer = io.BytesIO()
        qr.make(token).save(buffer, kind="svg", scale=8, border=4)
        return buffer.getvalue()
    return qr.png_bytes(token)


# -- the registration list ----------


def _known(db: Database) -> tuple[set[str], list[str]]:
    return attendees.identities(db), [w["code"] for w in programme.workshops(db)]


async def import_roster(hub: Hub, body: protocol.RosterRows) -> protocol.RosterOutcome:
    """Check a mapped registration list and, when ``commit``, store the accepted rows.

    Raises:
        StoreError: the list changed underneath (someone registered meanwhile).
    """
    identities, codes = await hub.read(_known)
    rows = [{str(k): v for k, v in row.items()} for row in body.rows]
    result = read_rows(
        rows, first_line=body.first_line, known_identities=identities, known_workshops=codes
    )
    imported = 0
    if body.commit and result.accepted:
        imported = len(await hub.write(attendees.add, result.accepted))
    return protocol.RosterOutcome(
        accepted=len(result.accepted),
        rejected=[
            protocol.RejectedRowInfo(line=r.line, reason=r.reason, values=r.values)
            for r in result.rejected
        ],
        imported=imported,
    )


# -- personal links by e-mail and SMS ----------


def messaging_info(hub: Hub) -> protocol.MessagingInfo:
    """Which channels are configured."""
    settings = hub.messenger.settings if hub.messenger else None
    return protocol.MessagingInfo(
        email=bool(settings and settings.email),
        sms=bool(settings and settings.sms),
        sender=settings.email.sender if settings and settings.email else "",
        problem=hub.messaging_problem,
    )


def _queue_links(db: Database, request: protocol.SendLinks) -> list[int]:
    column = "email" if request.channel == "email" else "phone"
    channel = request.channel
    rows = db.execute(
        f"SELECT a.id, d.status FROM attendees a LEFT JOIN deliveries d"
        f" ON d.attendee_id = a.id AND d.channel = ?"
        f" WHERE a.{column} IS NOT NULL AND a.{column} != '' ORDER BY a.id",
        [channel],
    ).fetchall()
    wanted = None if request.ids is None else set(request.ids)
    chosen = [
        attendee_id
        for attendee_id, status in rows
        if (wanted is None or attendee_id in wanted)
        and (request.resend or status not in ("sent", "queued", "sending"))
    ]
    now = utcnow()
    db.conn.executemany(
        "INSERT INTO deliveries (attendee_id, channel, status, reason, attempts,"
        " updated_at) VALUES (?, ?, 'queued', '', 0, ?) ON CONFLICT"
        " (attendee_id, channel) DO UPDATE SET status = 'queued', reason = '',"
        " attempts = 0, updated_at = excluded.updated_at",
        [(a, channel, now) for a in chosen],
    )
    return chosen


async def send_links(hub: Hub, request: protocol.SendLinks) -> int:
    """Queue personal links; returns how many were queued.

    Raises:
        ValueError: the channel is not configured.
    """
    if hub.messenger is None or not hub.messenger.enabled(request.channel):
        raise ValueError(f"{request.channel} is not configured in messaging.toml")
    chosen = await hub.write(_queue_links, request)
    hub.messenger.enqueue(request.channel, chosen)
    return len(chosen)


# -- the routes ----------


def serving_hub(hub: Hub) -> protocol.ServingHub:
    """Which hub serves, its replica's lag and its standby's state, for the desk."""
    status = hub.replication.status if hub.replication is not None else None
    standby = status.standby if status is not None else None
    return protocol.ServingHub(
        hub_id=hub.hub_id,
        role=hub.role,
        replica=status.target if status is not None else None,
        lag_s=None if status is None or status.lag_s is None else round(status.lag_s, 3),
        standby=standby.state if standby is not None else None,
        took_over_at=hub.takeover.at if hub.takeover is not None else None,
        problem=status.error if status is not None else "",
    )


def routes(hub: Hub, roles: Roles) -> list[Route]:
    """The desk's routes of ``hub`` (open to the organiser too)."""
    STAFF = roles.STAFF

    async def get_queue(
        me: Annotated[Device, STAFF],
        state: Annotated[str, Query(pattern="^(pending|visible|hidden|all)$")] = "pending",
    ) -> list[protocol.ModerationItem]:
        states = ("pending", "visible", "hidden") if state == "all" else (state,)
        return await moderation_queue(hub, states)

    async def post_moderate(
        item_id: Annotated[str, Query(pattern=r"^[0-9a-f]{32}$", alias="id")],
        action: Annotated[str, Query(pattern="^(approve|hide|restore)$")],
        me: Annotated[Device, STAFF],
    ) -> dict[str, str]:
        try:
            return {"id": item_id, "state": await moderate(hub, item_id, action)}
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def get_settings(me: Annotated[Device, STAFF]) -> protocol.ModerationSettings:
        return await moderation_settings(hub)

    async def put_settings(
        body: protocol.ModerationSettings, me: Annotated[Device, STAFF]
    ) -> protocol.ModerationSettings:
        await hub.write(_set_moderation, body)
        return await moderation_settings(hub)

    async def get_words(me: Annotated[Device, STAFF]) -> protocol.WordList:
        return protocol.WordList(words=hub.word_filter.words)

    async def put_words(body: protocol.WordList, me: Annotated[Device, STAFF]) -> protocol.WordList:
        await set_words(hub, body.words)
        return protocol.WordList(words=hub.word_filter.words)

    async def search(
        me: Annotated[Device, STAFF],
        q: Annotated[str, Query(max_length=200)] = "",
        limit: Annotated[int, Query(ge=1, le=100_000)] = 50,
    ) -> list[protocol.AttendeeSummary]:
        return await hub.read(queries.attendee_summaries, q, limit=limit)

    async def post_register(
        body: protocol.WalkIn, me: Annotated[Device, STAFF]
    ) -> protocol.IssuedTicket:
        try:
            return await register(hub, body)
        except StoreError as error:
            raise ApiError(409, "conflict", str(error)) from None
        except ValueError as error:
            raise ApiError(422, "invalid", first_line(error)) from None

    async def post_replay(
        body: list[protocol.KeptWalkIn], me: Annotated[Device, STAFF]
    ) -> list[protocol.ReplayedWalkIn]:
        return await replay(hub, body)

    async def post_issue(
        attendee_id: protocol.Id, body: protocol.TicketRequest, me: Annotated[Device, STAFF]
    ) -> protocol.IssuedTicket:
        try:
            return await issue(hub, attendee_id, reissue=body.reissue)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def printed(serial: protocol.Id, me: Annotated[Device, STAFF]) -> dict[str, int]:
        await hub.write(_mark_printed, serial)
        return {"serial": serial}

    async def get_qr(
        serial: protocol.Id,
        kind: Annotated[str, Query(pattern="^(png|svg)$")],
        me: Annotated[Device, STAFF],
    ) -> Response:
        try:
            data = await ticket_qr(hub, serial, kind)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None
        return Response(data, media_type="image/png" if kind == "png" else "image/svg+xml")

    async def post_lookup(
        body: protocol.TicketLookup, me: Annotated[Device, STAFF]
    ) -> protocol.LookupResult:
        return await lookup(hub, body.ticket)

    async def bulk(
        body: protocol.BulkTickets, me: Annotated[Device, STAFF]
    ) -> list[protocol.IssuedTicket]:
        try:
            return await issue_many(hub, body.ids)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def roster(
        body: protocol.RosterRows, me: Annotated[Device, STAFF]
    ) -> protocol.RosterOutcome:
        try:
            return await import_roster(hub, body)
        except StoreError as error:
            raise ApiError(409, "conflict", str(error)) from None

    async def messaging(me: Annotated[Device, STAFF]) -> protocol.MessagingInfo:
        return messaging_info(hub)

    async def deliveries(me: Annotated[Device, STAFF]) -> list[protocol.Delivery]:
        return await hub.read(queries.deliveries)

    async def post_send_links(
        body: protocol.SendLinks, me: Annotated[Device, STAFF]
    ) -> dict[str, int]:
        try:
            return {"queued": await send_links(hub, body)}
        except ValueError as error:
            raise ApiError(409, "not_configured", str(error)) from None

    async def report(me: Annotated[Device, STAFF]) -> protocol.Report:
        return await hub.read(gather_report, hub.clock())

    async def dashboard(me: Annotated[Device, STAFF]) -> protocol.Dashboard:
        board = await hub.read(build_dashboard, now=hub.clock())
        return board.model_copy(update={"hub": serving_hub(hub)})

    async def get_poll_results(me: Annotated[Device, STAFF]) -> list[protocol.PollResult]:
        return await hub.read(polls.results, hub.clock())

    async def get_poll_result(
        poll_id: protocol.Id, me: Annotated[Device, STAFF]
    ) -> protocol.PollResult:
        try:
            return await poll_result(hub, poll_id)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None

    async def get_poll_texts(
        me: Annotated[Device, STAFF],
        state: Annotated[str, Query(pattern="^(pending|visible|hidden|all)$")] = "pending",
        poll: Annotated[int | None, Query(ge=1, le=protocol.SQLITE_INT_MAX)] = None,
    ) -> list[protocol.PollText]:
        states = ("pending", "visible", "hidden") if state == "all" else (state,)
        return await poll_texts(hub, states, poll)

    async def put_poll_text(
        text_id: protocol.Id, body: protocol.PollTextEdit, me: Annotated[Device, STAFF]
    ) -> protocol.PollText:
        try:
            return await moderate_poll_text(hub, text_id, body)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None
        except polls.PollError as error:
            raise ApiError(422, "invalid", str(error)) from None

    async def put_paper(
        poll_id: protocol.Id, body: protocol.PaperTally, me: Annotated[Device, STAFF]
    ) -> protocol.PollResult:
        try:
            return await paper_tally(hub, poll_id, body)
        except NotFound as error:
            raise ApiError(404, "not_found", str(error)) from None
        except polls.PollError as error:
            raise ApiError(422, "invalid", str(error)) from None

    routes: list[Route] = [
        Route("GET", f"{API}/moderation/items", get_queue, list[protocol.ModerationItem]),
        Route("POST", f"{API}/moderation/moderate", post_moderate, dict[str, str]),
        Route("GET", f"{API}/moderation/settings", get_settings, protocol.ModerationSettings),
        Route("PUT", f"{API}/moderation/settings", put_settings, protocol.ModerationSettings),
        Route("GET", f"{API}/moderation/words", get_words, protocol.WordList),
        Route("PUT", f"{API}/moderation/words", put_words, protocol.WordList),
        Route("GET", f"{API}/attendees", search, list[protocol.AttendeeSummary]),
        Route("POST", f"{API}/attendees", post_register, protocol.IssuedTicket),
        Route("POST", f"{API}/attendees/kept", post_replay, list[protocol.ReplayedWalkIn]),
        Route("POST", f"{API}/attendees/{{attendee_id}}/ticket", post_issue, protocol.IssuedTicket),
        Route("POST", f"{API}/tickets/{{serial}}/printed", printed, dict[str, int]),
        Route("GET", f"{API}/tickets/{{serial}}/qr", get_qr),
        Route("POST", f"{API}/tickets/lookup", post_lookup, protocol.LookupResult),
        Route("POST", f"{API}/tickets/bulk", bulk, list[protocol.IssuedTicket]),
        Route("POST", f"{API}/roster", roster, protocol.RosterOutcome),
        Route("GET", f"{API}/links/settings", messaging, protocol.MessagingInfo),
        Route("GET", f"{API}/links", deliveries, list[protocol.Delivery]),
        Route("POST", f"{API}/links/send", post_send_links, dict[str, int]),
        Route("GET", f"{API}/report", report, protocol.Report),
        Route("GET", f"{API}/dashboard", dashboard, protocol.Dashboard),
        Route("GET", f"{API}/polls/results", get_poll_results, list[protocol.PollResult]),
        Route("GET", f"{API}/polls/{{poll_id}}/results", get_poll_result, protocol.PollResult),
        Route("GET", f"{API}/polls/texts", get_poll_texts, list[protocol.PollText]),
        Route("PUT", f"{API}/polls/texts/{{text_id}}", put_poll_text, protocol.PollText),
        Route("PUT", f"{API}/polls/{{poll_id}}/paper", put_paper, protocol.PollResult),
    ]
    return routes
