"""The phone companion in a real headless browser (Debian's chromium, driven by Playwright).

A 360 px phone opens its personal link, then a pillar's QR address, answers the
quiz, leaves a tip, rates the workshop and answers a poll of the event; the
connection drops in the middle, a reply gets lost, the page is reloaded and a
second tab opened, and every action still lands once; a second answer to a
question is refused and the page says so. During a work session's vote the
phone spends its dots. Every page passes axe-core's WCAG 2.1 AA rules in both
languages, and reflows at a text size of 200 %. Screenshots go to
``screenshots/phone``.
"""

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import cv2
import httpx
import pytest

from shared import door
from shared.datadir import DataDir, today
from shared.hub import phone
from shared.hub.phone import phone_of
from shared.hub.phonesession import RateLimit
from shared.hub.server import RunningHub, start_in_thread
from shared.protocol import Role
from shared.scan.decode import Decoder
from shared.store import Store
from tests.helpers import axe
from tests.helpers.hub import action, auth, batch, paired_token, served, ticket_of, totals
from tests.helpers.phone import cafe_in_vote

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "phone"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "locale": "nl-NL",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is installed by ./dev"),
]


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's chromium under Playwright, opened in the test itself.

    Not a fixture: a Playwright driver started in a fixture's setup loses its
    connection once an earlier test's Qt event loop (qasync) has run in this process.
    """
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def hub(
    demo_dir: DataDir, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> Iterator[RunningHub]:
    # the feedback credit leaves at once here, not 20-90 s after its note, and the hub
    # holds phones' answers of opinion for a second, not to the next minute
    monkeypatch.setattr(phone, "CREDIT_DELAY_S", (0.0, 0.0))
    monkeypatch.setattr(phone, "until_release", lambda: 1.0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with served(demo_dir, demo_store) as running:
        yield running


def count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def outbox(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("JSON.parse(localStorage.getItem('zuil-phone-outbox') || '[]')"))


def wait_until_sent(page: Any) -> None:
    # a function, not a bare expression: Playwright evaluates a function's source once
    # and keeps it, but a bare expression anew at every poll, which the page's CSP
    # (no 'unsafe-eval') refuses once the first poll has found the outbox still full
    page.wait_for_function("() => (localStorage.getItem('zuil-phone-outbox') || '[]') === '[]'")


def poll_id(store: Store, code: str) -> int:
    return int(store.db.execute("SELECT id FROM polls WHERE code = ?", [code]).fetchone()[0])


def tally(store: Store, poll: int) -> dict[int, int]:
    return dict(
        store.db.execute(
            "SELECT value, count FROM poll_tally WHERE poll_id = ? AND source = 'digital'", [poll]
        ).fetchall()
    )


def test_link_then_pillar_qr_then_quiz_and_tip(
    hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    with chromium() as browser:
        _link_then_pillar_qr_then_quiz_and_tip(browser, hub, demo_dir, demo_store)


def _link_then_pillar_qr_then_quiz_and_tip(
    browser: Any, hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto(f"{hub.url}/t/{ticket}")
    assert response is not None
    assert response.status == 200
    assert page.url == f"{hub.url}/p"  # the token left the address bar
    expect(page.locator("h1")).to_have_text("Hallo Anna")
    page.screenshot(path=str(SCREENSHOTS / "home-nl.png"), full_page=True)
    frame = cv2.imread(str(SCREENSHOTS / "home-nl.png"))
    assert frame is not None
    [text] = Decoder().decode(frame, thorough=True).texts
    assert text == ticket  # the ticket's QR code on the phone still scans at a pillar
    assert hub.hub.check(text).valid

    pillar = paired_token(demo_store, Role.KIOSK, "VAST")
    code = door.door_code(door.token_hash(pillar), "VAST", today())
    page.goto(f"{hub.url}/w/VAST?d={code}")  # what the pillar's QR code opens
    expect(page.locator("#info-title")).to_be_visible()
    questions = page.locator("form.question")
    quiz = demo_store.db.execute(
        "SELECT count(*) FROM questions q JOIN workshops w ON w.id = q.workshop_id"
        " WHERE w.code = 'VAST'"
    ).fetchone()[0]
    assert questions.count() == quiz
    first = questions.nth(0)
    first.locator("button.option").nth(0).click()
    expect(first.locator(".outcome")).to_contain_text("Goed!")
    expect(first.locator(".outcome")).to_contain_text("+10 punten")
    assert count(demo_store, "scans") == 1  # opening the page counted as being there

    context.set_offline(True)  # the venue Wi-Fi drops
    second = questions.nth(1)
    second.locator("button.option").nth(1).click()
    expect(page.locator("#outbox-status")).to_contain_text("wordt verstuurd")
    expect(second.locator(".outcome")).to_have_text("wordt verstuurd…")
    assert len(outbox(page)) == 1
    page.screenshot(path=str(SCREENSHOTS / "offline-nl.png"), full_page=True)
    context.set_offline(False)
    expect(second.locator(".outcome")).to_contain_text("Helaas")
    wait_until_sent(page)
    assert count(demo_store, "answers") == 2

    page.locator("input[value=tip]").check()
    page.fill("#note-text", "Meer tijd voor vragen uit de zaal")
    page.get_by_role("button", name="Plaatsen").click()
    expect(page.locator("form.note .outcome")).to_have_text("Bedankt! Je bericht is geplaatst.")
    wait_until_sent(page)  # the credit too
    page.screenshot(path=str(SCREENSHOTS / "workshop-nl.png"), full_page=True)

    page.reload()
    wait_until_sent(page)
    expect(page.locator("div.question.answered")).to_have_count(2)
    assert count(demo_store, "answers") == 2
    assert count(demo_store, "notes") == 1
    assert totals(demo_store) == {1: 10 + 5}

    # the workshop's rating: asked because the page was opened through the pillar's code
    rating = poll_id(demo_store, "VAST-R")
    stars = page.locator(f"#poll-{rating}")
    expect(stars.locator("legend")).to_have_text("Wat vond je van deze workshop?")
    stars.locator(".star").nth(3).click()
    expect(stars.get_by_label("4 sterren: goed")).to_be_checked()  # the radio's own name
    expect(stars.locator(".star-choice")).to_have_text("4 sterren: goed")
    stars.get_by_label("Opmerking").fill("Heldere casussen, graag meer tijd")
    page.screenshot(path=str(SCREENSHOTS / "rating-nl.png"), full_page=True)
    stars.get_by_role("button", name="Versturen").click()
    # the hub holds it for the minute's other answers; the page says so meanwhile
    expect(stars.locator(".outcome")).to_contain_text("Ontvangen")
    expect(stars.locator(".outcome")).to_have_text("Bedankt! Je antwoord telt mee.")
    wait_until_sent(page)
    assert tally(demo_store, rating) == {-1: 1, 4: 1}

    page.goto(f"{hub.url}/p")
    expect(page.locator("#points")).to_have_text("15")
    # the event's questions of the moment, on the home page: one skipped, one answered
    poll, cloud = poll_id(demo_store, "VOLGEND-JAAR"), poll_id(demo_store, "WOLK")
    expect(page.locator(f"#poll-{poll} legend")).to_contain_text("volgend jaar")
    page.locator(f"#poll-{cloud}").get_by_role("button", name="Overslaan").click()
    expect(page.locator(f"#poll-{cloud}")).to_contain_text("Overgeslagen.")
    expect(page.locator(f"#poll-{cloud} textarea")).to_be_hidden()
    form = page.locator(f"#poll-{poll}")
    form.get_by_text("Drugs en de haven").click()
    form.get_by_text("Zorgfraude").click()
    expect(form.get_by_label("Mensenhandel en uitbuiting")).to_be_disabled()  # two at most
    page.screenshot(path=str(SCREENSHOTS / "home-polls-nl.png"), full_page=True)
    context.set_offline(True)  # the Wi-Fi drops again
    form.get_by_role("button", name="Versturen").click()
    expect(form.locator(".outcome")).to_have_text("wordt verstuurd…")
    expect(page.locator("#outbox-status")).to_contain_text("wordt verstuurd")
    assert [a["kind"] for a in outbox(page)] == ["response"]
    assert tally(demo_store, poll) == {}
    context.set_offline(False)
    expect(form.locator(".outcome")).to_have_text("Bedankt! Je antwoord telt mee.")
    wait_until_sent(page)
    assert tally(demo_store, poll) == {-1: 1, 1: 1, 3: 1}
    # the recommend question, answered at a pillar while the phone still shows it: a
    # second answer is refused, and the page says so
    recommend = poll_id(demo_store, "AANBEVELEN")
    at_pillar = httpx.post(
        f"{hub.url}/api/sync",
        json=batch(action("response", ticket=ticket, poll_id=recommend, choices=[8])),
        headers=auth(pillar),
    )
    assert at_pillar.json()["results"][0]["fate"] == "applied"
    other = page.locator(f"#poll-{recommend}")
    other.locator("label.pick").filter(has_text="10").click()
    other.get_by_role("button", name="Versturen").click()
    expect(other.locator(".outcome")).to_contain_text("Je had deze vraag al beantwoord")
    wait_until_sent(page)
    other.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / "refused-nl.png"))
    assert tally(demo_store, recommend) == {-1: 1, 8: 1}
    page.reload()  # the skipped question stays out of the way until asked for
    expect(page.locator(f"#poll-{poll}")).to_contain_text("Je hebt deze vraag beantwoord")
    expect(page.locator(f"#poll-{recommend}")).to_contain_text("Je hebt deze vraag beantwoord")
    expect(page.locator(f"#poll-{cloud} textarea")).to_be_hidden()
    page.locator(f"#poll-{cloud}").get_by_role("button", name="Toch beantwoorden").click()
    expect(page.locator(f"#poll-{cloud} textarea")).to_be_focused()
    page.reload()
    expect(page.locator(f"#poll-{cloud} textarea")).to_be_visible()  # no longer skipped
    # points earned elsewhere (a pillar) reach the open home page by itself
    pillar = paired_token(demo_store, Role.KIOSK, "ZORG")
    zorg = demo_store.db.execute(
        "SELECT q.id, q.correct FROM questions q JOIN workshops w ON w.id = q.workshop_id"
        " WHERE w.code = 'ZORG' AND q.kind = 'choice' ORDER BY q.position LIMIT 1"
    ).fetchone()
    synced = httpx.post(
        f"{hub.url}/api/sync",
        json=batch(action("answer", ticket=ticket, question_id=zorg[0], choice=zorg[1])),
        headers=auth(pillar),
    )
    assert synced.json()["results"][0]["fate"] == "applied"
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # back to the tab
    expect(page.locator("#points")).not_to_have_text("15")
    assert int(page.inner_text("#points")) == sum(totals(demo_store).values())
    assert all(url.startswith(hub.url) for url in requested)  # nothing from anywhere else
    assert not any(ticket in url for url in requested[1:])  # the token in the link only
    context.close()


def test_a_lost_reply_a_reload_and_a_second_tab_deliver_once(
    hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    with chromium() as browser:
        _a_lost_reply_a_reload_and_a_second_tab_deliver_once(browser, hub, demo_dir, demo_store)


def _a_lost_reply_a_reload_and_a_second_tab_deliver_once(
    browser: Any, hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 2)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{hub.url}/t/{ticket}")
    page.goto(f"{hub.url}/w/ZORG")
    lost: list[str] = []

    def lose_the_reply(route: Any) -> None:
        route.fetch()  # the hub gets it and applies it...
        lost.append(route.request.url)
        route.abort()  # ...but the phone never hears back

    page.route("**/p/actions", lose_the_reply)
    first = page.locator("form.question").nth(0)
    first.locator("button.option").nth(0).click()
    expect(page.locator("#outbox-status")).to_contain_text("wordt verstuurd")
    assert lost
    assert count(demo_store, "answers") == 1
    pending = outbox(page)
    assert len(pending) == 1

    other = context.new_page()  # a second tab sends what the first one holds
    other.goto(f"{hub.url}/w/ZORG")
    wait_until_sent(other)
    # the first tab sees it delivered and shows the answer as the hub has it
    expect(page.locator("div.question.answered")).to_have_count(1)
    page.unroute("**/p/actions")
    page.reload()  # and, reloaded, finds nothing left to send
    wait_until_sent(page)
    expect(page.locator("div.question.answered")).to_have_count(1)
    assert count(demo_store, "answers") == 1
    points = totals(demo_store)
    assert list(points) == [2]

    # the same action in both tabs at once: still once
    again = {**pending[0], "id": pending[0]["id"]}
    for tab in (page, other):
        tab.evaluate("(a) => localStorage.setItem('zuil-phone-outbox', JSON.stringify([a]))", again)
    page.reload()
    other.reload()
    wait_until_sent(page)
    wait_until_sent(other)
    assert count(demo_store, "answers") == 1
    assert totals(demo_store) == points
    context.close()


def test_dots_while_a_work_session_votes(
    hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    voting = cafe_in_vote(demo_store)
    with chromium() as browser:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        page.goto(f"{hub.url}/t/{ticket_of(demo_dir, demo_store, 4)}")
        page.get_by_role("link", name="Verdeel je stippen").click()
        expect(page.locator("h1")).to_contain_text("World café")
        question = voting.cafe.questions["KLANT"]
        ballot = page.locator(f"#dots-{question}")
        expect(ballot.locator("legend").first).to_have_text("Contact op afstand")
        for idea in ("Bellen", "Langsgaan", "Appen"):
            ballot.get_by_label(idea).check()
        expect(ballot.locator(".dots-count")).to_have_text("3 van 3 stippen gebruikt")
        expect(ballot.get_by_label("Mailen")).to_be_disabled()  # no fourth dot
        page.screenshot(path=str(SCREENSHOTS / "cafe-nl.png"), full_page=True)
        context.set_offline(True)
        ballot.get_by_role("button", name="Stippen versturen").click()
        expect(ballot.locator(".outcome")).to_have_text("wordt verstuurd…")
        context.set_offline(False)
        expect(ballot.locator(".outcome")).to_contain_text("Je stippen zijn geteld")
        wait_until_sent(page)
        # the next question skipped; the page remembers it
        other = page.locator(f"#dots-{voting.cafe.questions['SUCCES']}")
        other.get_by_role("button", name="Overslaan").click()
        expect(other.get_by_role("button", name="Toch beantwoorden")).to_be_focused()
        page.reload()
        expect(page.locator(f"#cq-{question}")).to_contain_text("Je hebt je stippen")
        expect(other.get_by_role("button", name="Toch beantwoorden")).to_be_visible()
        page.screenshot(path=str(SCREENSHOTS / "cafe-voted-nl.png"), full_page=True)
        context.close()
    counts = dict(demo_store.db.execute("SELECT idea_id, count FROM idea_dots").fetchall())
    assert counts == {voting.ideas[i]: 1 for i in ("Bellen", "Langsgaan", "Appen")}
    assert count(demo_store, "cafe_voted") == 1


def test_without_a_session_only_the_public_teaser(hub: RunningHub, demo_store: Store) -> None:
    with chromium() as browser:
        _without_a_session_only_the_public_teaser(browser, hub, demo_store)


def _without_a_session_only_the_public_teaser(
    browser: Any, hub: RunningHub, demo_store: Store
) -> None:
    info = demo_store.db.execute("SELECT info FROM workshops WHERE code = 'VAST'").fetchone()[0]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    response = page.goto(f"{hub.url}/w/VAST")
    assert response is not None
    assert response.status == 200
    body = page.inner_text("body")
    assert "Hoe crimineel geld zich verstopt" in body  # the teaser
    assert "registratiebalie" in body
    assert info.split()[0:6] != body.split()[0:6]
    assert "Bibob helpt" not in body
    assert page.locator("form").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "public-nl.png"), full_page=True)
    home = page.goto(f"{hub.url}/p")
    assert home is not None
    assert home.status == 401
    context.close()


def test_without_the_script_the_forms_still_work(
    hub: RunningHub, demo_dir: DataDir, demo_store: Store
) -> None:
    with chromium() as browser:
        ticket = ticket_of(demo_dir, demo_store, 6)
        pillar = paired_token(demo_store, Role.KIOSK, "VAST")
        code = door.door_code(door.token_hash(pillar), "VAST", today())
        context = browser.new_context(**PHONE, java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{hub.url}/t/{ticket}")
        page.goto(f"{hub.url}/w/VAST?d={code}")
        page.locator("form.question").nth(0).locator("button.option").nth(0).click()
        expect(page.locator("div.question.answered")).to_have_count(1)
        page.reload()  # a 303 after the post: a reload asks again, it posts nothing
        expect(page.locator("div.question.answered")).to_have_count(1)
        page.fill("#note-text", "Ook zonder script")
        page.get_by_role("button", name="Plaatsen").click()
        expect(page.locator("h1")).to_have_text("Vastgoed en witwassen")
        # the event's poll, twice from two copies of the page: the second is refused
        page.goto(f"{hub.url}/p")
        poll = poll_id(demo_store, "VOLGEND-JAAR")
        copy = context.new_page()
        copy.goto(f"{hub.url}/p")
        for tab in (page, copy):
            tab.locator(f"#poll-{poll}").get_by_text("Zorgfraude").click()
            tab.locator(f"#poll-{poll}").get_by_role("button", name="Versturen").click()
        expect(page.locator(f"#poll-{poll}")).to_contain_text("Je hebt deze vraag beantwoord")
        expect(copy.locator("h1")).to_have_text("Niet meegeteld")
        expect(copy.locator("main")).to_contain_text("Je had deze vraag al beantwoord")
        copy.screenshot(path=str(SCREENSHOTS / "refused-form-nl.png"))
        copy.get_by_role("link", name="Terug naar de vraag").click()
        expect(copy.locator(f"#poll-{poll}")).to_contain_text("Je hebt deze vraag beantwoord")
        context.close()
    assert count(demo_store, "answers") == 1
    assert count(demo_store, "notes") == 1
    assert tally(demo_store, poll) == {-1: 1, 3: 1}


PAGES = ["/p", "/p/agenda", "/p/map", "/w/VAST", "/w/JONG", "/p/cafe/CAFE"]


@pytest.mark.skipif(not axe.AXE.is_file(), reason="./dev setup installs axe-core from npm")
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_passes_axe_and_reflows_at_200_percent(
    hub: RunningHub, demo_dir: DataDir, demo_store: Store, lang: str
) -> None:
    with chromium() as browser:
        _every_page_passes_axe_and_reflows_at_200_percent(browser, hub, demo_dir, demo_store, lang)


def _every_page_passes_axe_and_reflows_at_200_percent(
    browser: Any, hub: RunningHub, demo_dir: DataDir, demo_store: Store, lang: str
) -> None:
    if lang == "en":  # a light event colour: dark text on it, the pages' blue for links
        demo_store.write(lambda db: db.execute("UPDATE event SET primary_colour = '#F5D000'"))
    ticket = ticket_of(demo_dir, demo_store, 3)
    revoked = ticket_of(demo_dir, demo_store, 5)
    cafe_in_vote(demo_store)
    pillar = paired_token(demo_store, Role.KIOSK, "VAST")
    code = door.door_code(door.token_hash(pillar), "VAST", today())
    desk = paired_token(demo_store, Role.DESK)
    reprint = httpx.post(  # the desk's reprint of a lost ticket
        f"{hub.url}/api/attendees/5/ticket", json={"reissue": True}, headers=auth(desk)
    )
    assert reprint.status_code == 200, reprint.text
    anonymous = browser.new_context(**PHONE, bypass_csp=True)
    context = browser.new_context(**PHONE, bypass_csp=True)
    found: dict[str, list[str]] = {}
    public = anonymous.new_page()
    for path in ("/w/VAST", "/p/map", "/p", "/p/cafe/CAFE", "/t/ZU1NOTATICKET", f"/t/{revoked}"):
        public.goto(f"{hub.url}{path}?lang={lang}")
        found[f"public {path[:12]}"] = axe.violations(public)
    page = context.new_page()
    page.goto(f"{hub.url}/t/{ticket}?lang={lang}")
    page.goto(f"{hub.url}/w/JONG")  # not there: the rating waits, and says why
    found["/w/JONG not there"] = axe.violations(page)
    page.locator("#opinion").scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOTS / f"not-there-{lang}.png"))
    page.goto(f"{hub.url}/w/VAST?d={code}")  # there: the workshop's rating is asked
    page.locator("form.question").nth(0).locator("button.option").nth(0).click()
    expect(page.locator("form.question .outcome").nth(0)).not_to_be_empty()
    rating = page.locator("form.poll").first
    rating.locator(".star").nth(4).click()
    rating.locator("button[type=submit]").click()
    expect(rating.locator(".outcome")).not_to_be_empty()  # thanks, and the stars gone
    page.goto(f"{hub.url}/p")
    page.locator("form.poll .skip-poll").first.click()  # a question skipped
    page.locator("form.poll button[type=submit]").last.click()  # an open answer left empty
    found["/p skipped and empty"] = axe.violations(page)
    for path in PAGES:
        page.goto(f"{hub.url}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        found[path] = axe.violations(page)
        page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/').replace('/', '-')}-{lang}.png"))
        # a browser text size of 200 %: nothing wider than the phone
        page.add_style_tag(content="html { font-size: 200% !important; }")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 360, (path, wide)
        if path == "/w/VAST":
            page.screenshot(path=str(SCREENSHOTS / f"workshop-200-{lang}.png"), full_page=True)
    # the pages a form can end on: an expired page (403) and "even geduld" (429)
    page.goto(f"{hub.url}/w/VAST")
    page.eval_on_selector("form.note input[name=csrf]", "input => { input.value = 'stale'; }")
    page.fill("#note-text", "Te laat")
    page.evaluate("document.querySelector('form.note').submit()")  # as without the script
    expect(page.locator("h1")).to_have_text(
        "Dat lukte niet" if lang == "nl" else "That did not work"
    )
    found["403"] = axe.violations(page)
    phone_of(hub.hub).state.per_session = RateLimit(0, 0.001)  # every post is one too many
    page.goto(f"{hub.url}/w/VAST")
    page.fill("#note-text", "Nog eens")
    page.evaluate("document.querySelector('form.note').submit()")
    expect(page.locator("h1")).to_have_text("Even geduld" if lang == "nl" else "Just a moment")
    found["429"] = axe.violations(page)
    assert {where: v for where, v in found.items() if v} == {}
    anonymous.close()
    context.close()


def test_a_new_hub_gets_what_the_last_one_acknowledged(
    demo_dir: DataDir, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A standby that missed the phone's last tip gets it again when the phone meets it."""
    monkeypatch.setattr(phone, "CREDIT_DELAY_S", (0.0, 0.0))
    ticket = ticket_of(demo_dir, demo_store, 2)
    demo_store.close()
    with socket.socket() as probe:  # one address for both hubs, as a failover gives it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    behind = DataDir(tmp_path / "behind")  # the replica: the session's key, not the tip
    with chromium() as browser:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        with demo_dir.open_store() as store:
            first = start_in_thread(demo_dir, store, port=port)
            try:
                page.goto(f"{first.url}/t/{ticket}")
            finally:
                first.stop()
        shutil.copytree(demo_dir.root, behind.root)
        with demo_dir.open_store() as store:
            first = start_in_thread(demo_dir, store, port=port)
            try:
                page.goto(f"{first.url}/w/ZORG")
                page.locator("input[value=top]").check()
                page.fill("#note-text", "Fijn dat de hub het overneemt")
                page.get_by_role("button", name="Plaatsen").click()
                expect(page.locator("form.note .outcome")).to_have_text(
                    "Bedankt! Je bericht is geplaatst."
                )
                wait_until_sent(page)
                assert count(store, "notes") == 1
            finally:
                first.stop()
        kept = page.evaluate("JSON.parse(localStorage.getItem('zuil-phone-kept') || '[]')")
        assert {a["kind"] for a in kept} == {"note", "credit"}
        with behind.open_store() as store:
            assert count(store, "notes") == 0
            second = start_in_thread(behind, store, port=port)
            try:
                page.reload()  # the phone asks which hub answers, and sends the kept again
                expect(page.locator("#info-title")).to_be_visible()
                for _ in range(100):  # the kept ones go after the page asked /health
                    if count(store, "notes") and not outbox(page):
                        break
                    page.wait_for_timeout(100)
                texts = [r[0] for r in store.db.execute("SELECT text FROM notes")]
                assert texts == ["Fijn dat de hub het overneemt"]
                assert totals(store) == {2: 5}  # the bonus once, on the new hub too
            finally:
                second.stop()
        context.close()
