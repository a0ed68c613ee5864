"""The desk app against a real hub on 127.0.0.1: walk-ins, reprints, lists, links, moderation."""

from __future__ import annotations

import asyncio
import csv
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QHeaderView,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)

from kiosk.camera import Camera
from kiosk.desk import texts
from kiosk.desk.app import DeskConfig, DeskWindow
from kiosk.desk.bench import read_pdf
from kiosk.desk.moderation import PREVIEW_PX
from shared import protocol
from shared.datadir import DataDir, today, verifier_for
from shared.hub.server import RunningHub, start_in_thread
from shared.i18n import Lang
from shared.protocol import Role
from shared.scan.frames import VirtualCamera
from shared.store import Store
from tests.helpers.day import jpeg
from tests.helpers.desk import desk_on_hub
from tests.helpers.farend import Smtp, smtp_server
from tests.helpers.hub import SseReader, action, auth, batch, paired_token
from tests.helpers.kiosk import expect, until, wait_signal

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="poppler-utils is installed by ./dev"
)


class Rig:
    def __init__(
        self, data: DataDir, store: Store, tmp: Path, camera: Camera | None = None
    ) -> None:
        self.data, self.store, self.tmp = data, store, tmp
        self.hub: RunningHub = start_in_thread(data, store)
        self.desk = DeskWindow(
            DeskConfig(data=tmp / "desk", hub=self.hub.url, token=self.token(Role.DESK)),
            camera=camera,
        )
        self.paths: list[str] = []
        self.desk.ask_path = self._ask
        self.desk.registration.ask_path = self._ask

    def _ask(self, title: str, suggested: str, save: bool) -> str:
        return self.paths.pop(0) if self.paths else suggested

    def token(self, role: Role, workshop: str | None = None) -> str:
        return paired_token(self.store, role, workshop)

    def verdict(self, token: str) -> str:
        return verifier_for(self.store).check(token, today=today()).verdict.value

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.desk.grab().save(str(SCREENSHOTS / f"{name}.png"))


@pytest.fixture
def rig(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[Rig]:
    rig = Rig(demo_dir, demo_store, tmp_path)
    rig.desk.start()
    rig.desk.resize(1280, 800)
    qloop.run_until_complete(wait_signal(rig.desk.ready))
    # Leave no hub call half-way: Qt events processed outside the loop would step it.
    qloop.run_until_complete(rig.desk.settle())
    try:
        yield rig
    finally:
        qloop.run_until_complete(rig.desk.aclose())
        rig.desk.close()
        rig.desk.deleteLater()
        rig.hub.stop()
        qloop.run_until_complete(asyncio.sleep(0))


@needs_poppler
def test_walk_in_ticket_scans_then_reprint_refuses_the_old_one(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    form = rig.desk.walkin
    assert len(form.workshops) == 5
    form.first.setFocus()
    QTest.keyClicks(form.first, "Oploper")
    # QTest types faster than any person: the scanner filter holds the burst back and,
    # as no Enter follows, hands it on to the field; the form only waits for that.
    qloop.run_until_complete(
        until(lambda: form.first.text() == "Oploper", form.first.textChanged, timeout=5)
    )
    stops: list[QWidget] = [form.first]
    while len(stops) < 7:  # Tab walks the form in order
        widget = stops[-1].nextInFocusChain()
        assert widget is not None
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget = widget.nextInFocusChain()
            assert widget is not None
        stops.append(widget)
    assert stops == [
        form.first,
        form.last,
        form.organisation,
        form.email,
        form.phone,
        *list(form.workshops.values())[:2],
    ]
    form.last.setFocus()
    QTest.keyClicks(form.last, "<b>de Jong</b> ")  # QTest types ASCII only
    qloop.run_until_complete(
        until(lambda: form.last.text() == "<b>de Jong</b> ", form.last.textChanged, timeout=5)
    )
    form.last.insert("🙂")
    form.organisation.setText("Gemeente Havenstad")
    form.workshops["VAST"].setChecked(True)
    rig.shot("walkin-form")
    pdf = rig.tmp / "walkin.pdf"
    rig.paths.append(str(pdf))

    async def register() -> tuple[protocol.IssuedTicket, str]:
        waiting = expect(rig.desk.ticket_output)
        form.submit("pdf")
        ticket, path = await asyncio.wait_for(waiting, 60)
        return ticket, path

    ticket, path = qloop.run_until_complete(register())
    assert path == str(pdf)
    assert (ticket.attendee.first_name, ticket.attendee.last_name) == (
        "Oploper",
        "<b>de Jong</b> 🙂",
    )
    assert ticket.attendee.kind == "walkin"
    assert form.first.text() == ""  # ready for the next person
    assert "<b>de Jong</b>" in form.feedback.text()
    assert form.feedback.textFormat() == Qt.TextFormat.PlainText
    pages = rig.tmp / "pages"
    pages.mkdir()
    # the printed code holds the personal link (a phone's camera opens it), upper case
    [printed] = read_pdf(pdf, pages)
    assert printed == ticket.link.upper()
    assert printed.endswith(f"/T/{ticket.token}")
    assert rig.verdict(printed) == "valid"  # and a pillar still reads the ticket in it
    assert rig.verdict(ticket.token) == "valid"

    finder = rig.desk.finder
    rig.desk.tabs.setCurrentWidget(finder)

    async def reprint() -> protocol.IssuedTicket:
        finder.query.setText("oploper")
        await until(lambda: len(finder.results) == 1, finder.results_shown)
        assert finder.results[0].printed_at is not None  # saving the PDF counts as printed
        waiting = expect(rig.desk.ticket_output)
        finder.reprint()
        new, new_path = await asyncio.wait_for(waiting, 60)
        assert Path(new_path).parent == rig.tmp / "desk" / "tickets"  # no printer: a PDF
        assert isinstance(new, protocol.IssuedTicket)
        return new

    new = qloop.run_until_complete(reprint())
    assert new.serial != ticket.serial
    assert rig.verdict(ticket.token) == "revoked"
    assert rig.verdict(new.token) == "valid"
    rig.shot("find-after-reprint")


def test_form_refuses_what_the_hub_would(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    form = rig.desk.walkin
    before = len(rig.store.attendees())

    async def attempt(first: str, last: str) -> tuple[str, bool]:
        form.first.setText(first)
        form.last.setText(last)
        waiting = expect(form.message)
        form.submit("pdf")
        said, error = await asyncio.wait_for(waiting, 60)
        return said(Lang.NL), error

    text, error = qloop.run_until_complete(attempt("", "Leeg"))
    assert error
    assert text == "Vul voor- en achternaam in."
    text, error = qloop.run_until_complete(attempt("Rechts", "\u202elinks"))
    assert error
    assert text.startswith("Dat klopt niet (")  # in Dutch, with the hub's own reason after it
    text, error = qloop.run_until_complete(attempt("x" * 500, "y" * 500))
    assert not error  # the fields stop at the maximum length
    people = rig.store.attendees()
    assert len(people) == before + 1
    assert people[-1]["first_name"] == "x" * 100


def test_scanning_a_ticket_opens_the_attendee(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    record = rig.store.issue_ticket(5, rig.data.signer(rig.store).key_id)
    token = rig.data.token(rig.store, record.serial)

    async def scan(text: str) -> protocol.LookupResult:
        waiting = expect(rig.desk.finder.scanned)
        rig.desk.wedge.code_scanned.emit(text)
        (result,) = await asyncio.wait_for(waiting, 60)
        assert isinstance(result, protocol.LookupResult)
        return result

    result = qloop.run_until_complete(scan(token))
    assert result.verdict == "valid"
    assert rig.desk.tabs.currentWidget() is rig.desk.finder
    assert [a.id for a in rig.desk.finder.results] == [5]
    assert rig.desk.finder.current() is not None
    rig.shot("scanned")
    result = qloop.run_until_complete(scan("<script>alert(1)</script>"))
    assert result.verdict == "not_a_ticket"
    assert result.attendee is None


def test_a_webcam_at_the_desk_reads_tickets(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    webcam = VirtualCamera()
    rig = Rig(demo_dir, demo_store, tmp_path, camera=Camera(webcam))
    record = demo_store.issue_ticket(7, demo_dir.signer(demo_store).key_id)
    token = demo_dir.token(demo_store, record.serial)
    rig.desk.start()
    try:

        async def hold_up() -> protocol.LookupResult:
            await wait_signal(rig.desk.ready)
            waiting = expect(rig.desk.finder.scanned)
            webcam.hold("https://www.havenstad.example/")  # no ticket: ignored
            webcam.hold(token)
            (result,) = await asyncio.wait_for(waiting, 30)
            webcam.hold(None)
            assert isinstance(result, protocol.LookupResult)
            return result

        result = qloop.run_until_complete(hold_up())
        assert result.verdict == "valid"
        assert [a.id for a in rig.desk.finder.results] == [7]
    finally:
        qloop.run_until_complete(rig.desk.aclose())
        rig.desk.close()
        rig.desk.deleteLater()
        rig.hub.stop()
        qloop.run_until_complete(asyncio.sleep(0))


def test_import_xlsx_with_mapping_preview_and_export(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (
        ["Roepnaam", "Naam", "Dienst", "Mail", "Keuze"],
        ["Fleur", "Bakker", "Wijkteam Noord", "fleur@havenstad.example", "VAST"],
        ["", "Zonder", "", "", ""],
        ["Gert", "Mol", "", "gert@", ""],
        ["Hanna", "Dijk", "", "", "NOPE"],
        ["Ilse", "Kramer", "", "", "ZORG JONG"],
    ):
        sheet.append(row)
    path = rig.tmp / "aanmeldingen.xlsx"
    book.save(path)
    tab = rig.desk.registration
    rig.desk.tabs.setCurrentWidget(tab)
    tab.load(path)
    assert tab.chosen_mapping() == {0: "first_name", 3: "email", 4: "workshops"}
    tab.set_field(1, "last_name")  # "Naam" was not recognised: staff map it
    tab.set_field(2, "organisation")
    before = len(rig.store.attendees())

    async def preview() -> protocol.RosterOutcome:
        waiting = expect(tab.previewed)
        tab.check(commit=False)
        (outcome,) = await asyncio.wait_for(waiting, 60)
        assert isinstance(outcome, protocol.RosterOutcome)
        return outcome

    outcome = qloop.run_until_complete(preview())
    assert outcome.accepted == 2
    assert [r.line for r in outcome.rejected] == [3, 4, 5]
    assert tab.rejected.rowCount() == 3
    assert len(rig.store.attendees()) == before
    rig.shot("import-preview")

    async def commit() -> protocol.RosterOutcome:
        waiting = expect(tab.imported)
        tab.check(commit=True)
        (outcome,) = await asyncio.wait_for(waiting, 60)
        assert isinstance(outcome, protocol.RosterOutcome)
        return outcome

    assert qloop.run_until_complete(commit()).imported == 2
    people = {p["first_name"]: p for p in rig.store.attendees()}
    assert people["Ilse"]["workshops"] == ["ZORG", "JONG"]
    assert people["Fleur"]["organisation"] == "Wijkteam Noord"

    out = rig.tmp / "lijst.csv"

    async def export() -> int:
        waiting = expect(tab.exported)
        tab.export(out)
        (count,) = await asyncio.wait_for(waiting, 60)
        return int(count)

    assert qloop.run_until_complete(export()) == before + 2
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == before + 3
    assert {r[1] for r in rows[1:]} >= {"Fleur", "Ilse"}


def test_import_refuses_a_mapping_without_names(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    path = rig.tmp / "lijst.csv"
    path.write_text("kolom;andere\nx;y\n", encoding="utf-8")
    tab = rig.desk.registration
    tab.load(path)

    async def check() -> tuple[str, bool]:
        waiting = expect(tab.message)
        tab.check(commit=False)
        said, error = await asyncio.wait_for(waiting, 60)
        return said(Lang.NL), error

    _, error = qloop.run_until_complete(check())
    assert error
    garbage = rig.tmp / "kapot.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    waiting = expect(tab.message)
    tab.load(garbage)
    said, error = qloop.run_until_complete(asyncio.wait_for(waiting, 30))
    assert error
    assert "kapot.xlsx" in said(Lang.NL)


def test_bulk_tickets_pdf_with_progress(rig: Rig, qloop: asyncio.AbstractEventLoop) -> None:
    tab = rig.desk.registration
    pdf = rig.tmp / "alle-tickets.pdf"

    async def bulk() -> int:
        waiting = expect(tab.bulk_done)
        tab.bulk(pdf)
        (count,) = await asyncio.wait_for(waiting, 60)
        return int(count)

    count = qloop.run_until_complete(bulk())
    assert count == len(rig.store.attendees())
    assert tab.bar.maximum() == count
    assert pdf.read_bytes().count(b"/Type /Page\n") + pdf.read_bytes().count(b"/Type /Page\r") in (
        0,
        (count + 7) // 8,
    )
    assert pdf.stat().st_size > 10_000


def test_links_by_email_from_the_desk(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    with smtp_server(tmp_path) as smtp:
        write_messaging(demo_dir, smtp)
        rig = Rig(demo_dir, demo_store, tmp_path)
        rig.desk.start()
        try:
            tab = rig.desk.links
            rig.desk.tabs.setCurrentWidget(tab)

            async def send() -> None:
                await until(lambda: tab.info is not None, tab.refreshed)
                assert tab.email_button.isEnabled()
                assert not tab.sms_button.isEnabled()
                waiting = expect(tab.queued)
                tab.email_button.click()
                await asyncio.wait_for(waiting, 60)
                await until(
                    lambda: (
                        bool(tab.deliveries)
                        and all(d.status in ("sent", "failed") for d in tab.deliveries)
                    ),
                    tab.refreshed,
                    timeout=60,
                )

            qloop.run_until_complete(send())
            with_email = [a for a in demo_store.attendees() if a["email"]]
            assert {d.status for d in tab.deliveries} == {"sent"}
            assert len(tab.deliveries) == len(with_email)
            assert len(smtp.mailbox.messages) == len(with_email)
            rig.shot("links")
        finally:
            qloop.run_until_complete(rig.desk.aclose())
            rig.desk.close()
            rig.desk.deleteLater()
            rig.hub.stop()
            qloop.run_until_complete(asyncio.sleep(0))


def write_messaging(data: DataDir, smtp: Smtp) -> None:
    (data.root / "messaging.toml").write_text(
        "[sending]\nper_second = 500\nbackoff_s = 0.01\n"
        "[email]\nhost = '127.0.0.1'\n"
        f"port = {smtp.port}\nusername = 'balie'\npassword = 'geheim'\n"
        f"sender = 'balie@havenstad.example'\nca_file = '{smtp.ca_file}'\n",
        encoding="utf-8",
    )


def test_moderation_hides_a_note_and_the_stream_says_so(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    kiosk = rig.token(Role.KIOSK, "VAST")
    wall = rig.token(Role.WALL)
    tab = rig.desk.moderation
    rig.desk.tabs.setCurrentWidget(tab)

    async def scenario() -> list[dict[str, str]]:
        await until(lambda: tab.lists.count() == 3, tab.refreshed)
        async with httpx.AsyncClient(base_url=rig.hub.url, timeout=10) as client:
            now = datetime.now(UTC).isoformat()
            note = {
                "id": str(uuid.uuid4()),
                "kind": "note",
                "at": now,
                "wall": "tip",
                "text": "<i>Meer pauzes</i> graag",
            }
            await client.post(
                "/api/sync",
                json={"device_clock": now, "actions": [note]},
                headers={"Authorization": f"Bearer {kiosk}"},
            )
            await until(lambda: bool(tab.items["visible"]), tab.refreshed)  # via the live stream
            item_id = tab.items["visible"][0].item.id
            start = await client.get("/api/wall", headers={"Authorization": f"Bearer {wall}"})
            after = start.json()["last_event"]
            async with client.stream(
                "GET", f"/api/live?after={after}", headers={"Authorization": f"Bearer {wall}"}
            ) as response:
                reader = SseReader(response)
                tab.select("visible", item_id)
                rig.shot("moderation")
                waiting = expect(tab.moderated)
                QTest.keyClick(tab.tables["visible"], Qt.Key.Key_H)
                moderated = await asyncio.wait_for(waiting, 60)
                assert moderated == (item_id, "hidden")
                events = await reader.read(1, ("item.hidden",))
                await until(lambda: not tab.items["visible"], tab.refreshed)
        assert tab.items["visible"] == []
        assert [e.item.id for e in tab.items["hidden"]] == [item_id]
        return events

    events = qloop.run_until_complete(scenario())
    hidden = [e for e in events if e.get("event") == "item.hidden"]
    assert len(hidden) == 1
    cell = tab.tables["hidden"].item(0, 2)
    assert cell is not None
    assert cell.text() == "<i>Meer pauzes</i> graag"


def test_a_held_photo_is_seen_before_it_is_approved(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    kiosk = rig.token(Role.KIOSK, "VAST")
    tab = rig.desk.moderation
    rig.desk.tabs.setCurrentWidget(tab)

    async def scenario() -> str:
        await until(lambda: tab.lists.count() == 3, tab.refreshed)
        async with httpx.AsyncClient(base_url=rig.hub.url, timeout=10) as client:
            stored = await client.post("/api/photos", content=jpeg(7), headers=auth(kiosk))
            name = stored.json()["photo"]
            photo = action("photo", wall="top", photo=name, caption="Team VAST", consent=True)
            await client.post("/api/sync", json=batch(photo), headers=auth(kiosk))
        await until(lambda: bool(tab.items["pending"]), tab.refreshed)  # photos wait by default
        item_id = tab.items["pending"][0].item.id
        shown = expect(tab.photo_shown)
        tab.select("pending", item_id)
        assert await asyncio.wait_for(shown, 30) == (item_id,)
        rig.shot("moderation-photo")
        return item_id

    qloop.run_until_complete(scenario())
    pixmap = tab.preview.pixmap()
    assert not tab.preview.isHidden()
    assert max(pixmap.width(), pixmap.height()) == PREVIEW_PX
    assert pixmap.width() * 240 == pixmap.height() * 320  # the photo's own shape
    tab.tables["pending"].clearSelection()
    assert tab.preview.isHidden()


def test_the_header_tells_a_failing_stream_from_an_unreachable_hub(
    qloop: asyncio.AbstractEventLoop,
    demo_dir: DataDir,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kiosk.desk import texts
    from shared.device.link import Link
    from shared.hub import wall as hub_wall

    def broken(*args: object) -> None:
        raise RuntimeError("the live stream is broken")

    # the hub answers everything but its live stream, which fails with a 500
    monkeypatch.setattr(hub_wall, "_stream", broken)
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.DESK) as (desk, hub):
        label = desk.online_label

        async def flow() -> None:
            await until(lambda: desk.hub_link is Link.STREAM_FAILING, desk.link_changed)
            assert label.text() == "live-verbinding hapert — opnieuw proberen…"
            desk.retranslate(Lang.EN)
            assert label.text() == "live connection failing — retrying…"
            # it keeps trying, and is live again once the stream works
            monkeypatch.undo()
            await until(lambda: desk.hub_link is Link.LIVE, desk.link_changed, timeout=30)
            assert label.text() == texts.ONLINE(Lang.EN)
            hub.stop()
            await until(lambda: desk.hub_link is Link.UNREACHABLE, desk.link_changed, timeout=30)
            assert label.text() == "hub not reachable"

        qloop.run_until_complete(flow())


def test_the_desk_wears_the_events_house_style(rig: Rig) -> None:
    content = rig.desk.content
    assert content is not None
    assert content.event is not None
    sheet = rig.desk.styleSheet()
    assert content.event.primary_colour.upper() in sheet.upper()
    assert all(not rig.desk.tabs.tabIcon(n).isNull() for n in range(rig.desk.tabs.count()))
    rig.shot("desk-styled")


def test_the_desk_speaks_in_the_event_s_own_font(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    fonts = Path(__file__).resolve().parent / "data" / "fonts"
    font = demo_dir.store_file((fonts / "ComicNeue-Bold.otf").read_bytes(), ".otf")
    licence = demo_dir.store_file((fonts / "ComicNeue-LICENSE.txt").read_bytes(), ".txt")
    demo_store.write(
        lambda db: db.execute(
            "UPDATE event SET font = ?, font_licence = ? WHERE id = 1", [font, licence]
        )
    )
    rig = Rig(demo_dir, demo_store, tmp_path)
    assert QFontInfo(rig.desk.event_label.font()).family() != "Comic Neue"
    rig.desk.start()
    rig.desk.resize(1280, 800)
    try:
        qloop.run_until_complete(wait_signal(rig.desk.ready))
        qloop.run_until_complete(rig.desk.settle())
        assert rig.desk.family == "Comic Neue"
        for widget in (rig.desk.event_label, rig.desk.walkin):
            assert QFontInfo(widget.font()).family() == "Comic Neue"
        rig.shot("desk-event-font")
    finally:
        qloop.run_until_complete(rig.desk.aclose())
        rig.desk.close()
        rig.desk.deleteLater()
        rig.hub.stop()
        qloop.run_until_complete(asyncio.sleep(0))


def test_enter_on_a_workshop_box_registers_the_walk_in_once(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    form = rig.desk.walkin
    form.first.setText("Toetsenbord")
    form.last.setText("Gebruiker")
    box = form.workshops["VAST"]
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)  # ticked from the keyboard
    assert box.isChecked()

    async def enter() -> protocol.IssuedTicket:
        waiting = expect(rig.desk.ticket_output)
        QTest.keyClick(box, Qt.Key.Key_Return)
        ticket, _ = await asyncio.wait_for(waiting, 60)
        assert isinstance(ticket, protocol.IssuedTicket)
        return ticket

    ticket = qloop.run_until_complete(enter())
    assert ticket.attendee.first_name == "Toetsenbord"
    assert ticket.attendee.workshops == ["VAST"]
    count = rig.store.scalar("SELECT count(*) FROM attendees WHERE first_name = 'Toetsenbord'")
    assert count == 1  # once, not once per handler


def test_enter_in_a_name_field_registers_the_walk_in_once(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    form = rig.desk.walkin
    form.first.setText("Enteraar")
    form.last.setText("Eenmaal")
    form.last.setFocus()

    async def enter() -> None:
        waiting = expect(rig.desk.ticket_output)
        QTest.keyClick(form.last, Qt.Key.Key_Return)
        await asyncio.wait_for(waiting, 60)
        await rig.desk.settle()

    qloop.run_until_complete(enter())
    count = rig.store.scalar("SELECT count(*) FROM attendees WHERE first_name = 'Enteraar'")
    assert count == 1


@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_screenshots_of_every_desk_tab(
    rig: Rig, qloop: asyncio.AbstractEventLoop, lang: Lang
) -> None:
    desk = rig.desk
    if desk.lang != lang:
        desk.retranslate(lang)
    for index, (page, _) in enumerate(desk.pages):
        desk.tabs.setCurrentIndex(index)
        qloop.run_until_complete(desk.settle())
        assert desk.tabs.currentWidget() is page
        assert not desk.tabs.tabIcon(index).isNull()
        rig.shot(f"tab-{index + 1}-{lang.value}")
    assert len(list(SCREENSHOTS.glob(f"tab-*-{lang.value}.png"))) == len(desk.pages)


def _laid_out(qloop: asyncio.AbstractEventLoop) -> None:
    """One turn of the loop: Qt lays out what changed."""
    qloop.run_until_complete(asyncio.sleep(0))


def _headers(page: QWidget) -> list[QHeaderView]:
    tables = [t.horizontalHeader() for t in page.findChildren(QTableView)]
    return tables + [t.header() for t in page.findChildren(QTreeView)]


@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_every_column_title_stands_whole(
    rig: Rig, qloop: asyncio.AbstractEventLoop, lang: Lang
) -> None:
    desk = rig.desk
    desk.resize(1298, 800)
    desk.retranslate(lang)
    cut: list[str] = []
    for index, (page, _) in enumerate(desk.pages):
        desk.tabs.setCurrentIndex(index)
        qloop.run_until_complete(desk.settle())
        _laid_out(qloop)
        for header in _headers(page):  # the tables of pages within the tab too
            model = header.model()
            for column in range(header.count()):
                title = str(model.headerData(column, Qt.Orientation.Horizontal))
                # below its size hint Qt cuts a title short with "…"
                if header.sectionSize(column) < header.sectionSizeHint(column):
                    cut.append(f"{type(page).__name__}: {title!r}")
    assert cut == []
    desk.tabs.setCurrentWidget(desk.registration)
    _laid_out(qloop)
    rig.shot(f"column-titles-{lang.value}")


@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_every_tab_is_in_sight_and_whole_at_1298_px(
    rig: Rig, qloop: asyncio.AbstractEventLoop, lang: Lang
) -> None:
    desk = rig.desk
    desk.retranslate(lang)
    desk.resize(1298, 800)
    _laid_out(qloop)
    bar = desk.tabs.tabBar()
    assert bar.mapTo(desk, bar.rect().topRight()).x() < desk.width()
    for index, (_, title) in enumerate(desk.pages):
        rect = bar.tabRect(index)
        assert bar.mapTo(desk, rect.topRight()).x() < desk.width(), title(lang)
        assert rect.width() >= bar.tabSizeHint(index).width()  # never squeezed to "Sessies ver…"
    # side by side, no tab behind the scroll arrows
    assert not any(button.isVisible() for button in bar.findChildren(QToolButton))
    for index, (_, title) in enumerate(desk.pages):
        assert bar.tabText(index) == title(lang)
        assert bar.tabToolTip(index) not in ("", title(lang))  # says what the tab is for
    # a laptop's 1366 px screen: every page fits its width, none scrolls sideways
    wide: list[str] = []
    for index, (page, title) in enumerate(desk.pages):
        desk.tabs.setCurrentIndex(index)
        qloop.run_until_complete(desk.settle())  # what the page asked the hub, shown
        _laid_out(qloop)
        viewport = page.parentWidget()
        assert viewport is not None
        if page.minimumSizeHint().width() > viewport.width():
            wide.append(f"{title(lang)}: {page.minimumSizeHint().width()} px")
    assert wide == []
    assert desk.tabs.currentWidget() is desk.facilitator  # the last tab
    rig.shot(f"tabs-1298-{lang.value}")


def test_in_a_narrow_window_the_tabs_scroll_and_each_comes_into_sight(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    desk = rig.desk
    desk.resize(900, 700)
    _laid_out(qloop)
    bar = desk.tabs.tabBar()
    assert bar.mapTo(desk, bar.rect().topRight()).x() < desk.width()
    arrows = [button for button in bar.findChildren(QToolButton) if button.isVisible()]
    assert len(arrows) == 2
    for index, (page, _) in enumerate(desk.pages):
        desk.tabs.setCurrentIndex(index)
        _laid_out(qloop)
        assert desk.tabs.currentWidget() is page
        rect = bar.tabRect(index)
        left = bar.mapTo(desk, rect.topLeft()).x()
        right = bar.mapTo(desk, rect.topRight()).x()
        first_arrow = min(bar.mapTo(desk, a.geometry().topLeft()).x() for a in arrows)
        assert left >= 0, index
        assert right < first_arrow, index  # whole, not under an arrow
    rig.shot("tabs-900")


def test_the_status_line_speaks_the_language_switched_to(
    rig: Rig, qloop: asyncio.AbstractEventLoop
) -> None:
    desk, form = rig.desk, rig.desk.walkin

    async def submit() -> None:
        waiting = expect(desk.ticket_output)
        form.submit("pdf")
        await asyncio.wait_for(waiting, 60)

    form.submit("pdf")  # no names: refused, in red
    assert desk.status.text() == texts.REQUIRED(Lang.NL)
    desk.retranslate(Lang.EN)
    assert desk.status.text() == texts.REQUIRED(Lang.EN)
    form.first.setText("Taal")
    form.last.setText("Wisselaar")
    qloop.run_until_complete(submit())
    [path] = (rig.tmp / "desk" / "tickets").glob("*.pdf")
    assert desk.status.text() == f"Ticket saved as PDF: {path}"
    said = form.feedback.text()
    assert said.startswith("Taal Wisselaar is registered (ticket ")
    desk.retranslate(Lang.NL)
    assert desk.status.text() == f"Ticket opgeslagen als PDF: {path}"
    assert form.feedback.text() != said
    assert form.feedback.text().startswith("Taal Wisselaar is aangemeld (ticket ")
    _laid_out(qloop)
    rig.shot("status-after-language")
