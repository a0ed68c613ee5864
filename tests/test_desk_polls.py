"""The desk's votes tab and the dashboard's results against a real hub on 127.0.0.1: naming
proposals approved, corrected and hidden, a paper tally typed in, a vote opened, moved to
voting and closed by hand, and fewer than k answers never drawn."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtWidgets import QApplication

from kiosk.desk.app import DeskWindow
from kiosk.desk.polls import controls, next_change
from shared import protocol
from shared.datadir import DataDir
from shared.hub.server import RunningHub
from shared.i18n import Lang
from shared.protocol import Role
from shared.store import Store
from tests.helpers.desk import desk_on_hub
from tests.helpers.hub import action, auth, batch, paired_token, ticket_of
from tests.helpers.kiosk import expect, until
from tests.helpers.polls import response

SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots" / "desk"
PROPOSALS = ("Meldpunt Oost", "Zeg het maar", "Klikspaan")


def poll_id(store: Store, code: str) -> int:
    return int(store.scalar("SELECT id FROM polls WHERE code = ?", [code]))


def answer_some(hub: RunningHub, data: DataDir, store: Store) -> None:
    """Six attendees at VAST: three propose names, six give the recommend score, three rate."""
    store.db.execute("UPDATE event SET moderation = 'pre'")  # proposals wait for the desk
    store.db.conn.commit()
    token = paired_token(store, Role.KIOSK, "VAST")
    vote, nps, rating = (poll_id(store, c) for c in ("MELDPUNT", "AANBEVELEN", "VAST-R"))
    actions: list[dict[str, Any]] = []
    for n, attendee in enumerate(range(1, 7)):
        ticket = ticket_of(data, store, attendee)
        actions.append(action("scan", ticket=ticket))
        actions.append(response(ticket, nps, 9 if n % 2 else 6))
        if n < 3:
            actions.append(response(ticket, vote, text=PROPOSALS[n]))
            actions.append(response(ticket, rating, 5, text="Heel praktisch" if n == 0 else ""))
    reply = httpx.post(f"{hub.url}/api/sync", json=batch(*actions), headers=auth(token))
    assert reply.status_code == 200
    assert {r["fate"] for r in reply.json()["results"]} == {"applied"}, reply.json()


@pytest.fixture
def organiser(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> Iterator[tuple[DeskWindow, RunningHub]]:
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.ORGANISER) as opened:
        window, hub = opened
        answer_some(hub, demo_dir, demo_store)
        tab = window.polls
        tab.refresh()
        qloop.run_until_complete(until(lambda: bool(tab.texts["pending"]), tab.refreshed))
        qloop.run_until_complete(window.settle())
        yield opened


def kiosk_proposals(hub: RunningHub, store: Store) -> list[str]:
    token = paired_token(store, Role.KIOSK, "ZORG")
    reply = httpx.get(f"{hub.url}/api/content", headers=auth(token))
    content = protocol.ContentResponse.model_validate_json(reply.content)
    [vote] = [p for p in content.polls if p.code == "MELDPUNT"]
    return sorted(p.text for p in vote.proposals)


def test_proposals_approved_corrected_and_hidden_reach_the_pillars(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, hub = organiser
    tab = window.polls
    window.tabs.setCurrentWidget(tab)
    assert {t.text for t in tab.texts["pending"]} == {*PROPOSALS, "Heel praktisch"}
    assert tab.tables["pending"].rowCount() == 4
    assert kiosk_proposals(hub, demo_store) == []  # nothing approved yet
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in (Lang.NL, Lang.EN):
        window.retranslate(lang)
        QApplication.processEvents()  # the toolbar's button takes its new text's width
        window.grab().save(str(SCREENSHOTS / f"votes-moderation-{lang}.png"))
    window.retranslate(Lang.NL)
    ids = {t.text: t.id for t in tab.texts["pending"]}

    def moderate(text: str, action: str) -> None:
        state = next(s for s, items in tab.texts.items() if any(t.text == text for t in items))
        tab.select_text(state, ids[text])
        tab.act(action)
        qloop.run_until_complete(window.settle())

    moderate("Zeg het maar", "approve")
    tab.ask_text = lambda title, label, text: f"{text}-Havenstad"
    moderate("Meldpunt Oost", "edit")
    moderate("Klikspaan", "hide")
    moderate("Heel praktisch", "approve")
    states = dict(demo_store.db.execute("SELECT text, state FROM poll_texts").fetchall())
    assert states == {
        "Zeg het maar": "visible",
        "Meldpunt Oost-Havenstad": "visible",
        "Klikspaan": "hidden",
        "Heel praktisch": "visible",
    }
    assert tab.texts["pending"] == []
    assert tab.lists.tabText(1).endswith("(3)")
    # the pillars offer the approved proposals only, as corrected
    assert kiosk_proposals(hub, demo_store) == ["Meldpunt Oost-Havenstad", "Zeg het maar"]
    # a hidden one restored comes back
    moderate("Klikspaan", "restore")
    assert "Klikspaan" in kiosk_proposals(hub, demo_store)


def test_a_vote_moved_to_voting_closed_and_left_to_its_times(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = organiser
    tab = window.polls
    vote = poll_id(demo_store, "MELDPUNT")
    tab.select("MELDPUNT")
    assert tab.chosen() is not None
    assert tab.vote_button.isEnabled()
    tab.select("AANBEVELEN")
    assert not tab.vote_button.isEnabled()  # only a naming vote has a phase
    tab.select("MELDPUNT")

    def press(button: Any) -> None:
        button.click()
        qloop.run_until_complete(window.settle())

    press(tab.vote_button)
    assert demo_store.scalar("SELECT phase FROM polls WHERE id = ?", [vote]) == "vote"
    press(tab.close_button)
    assert demo_store.scalar("SELECT manual FROM polls WHERE id = ?", [vote]) == "closed"
    assert next(r for r in tab.results if r.code == "MELDPUNT").state == "closed"
    tab.select("MELDPUNT")
    assert "met de hand" in tab.hand_label.text()
    press(tab.propose_button)  # a phase change keeps the hand as it was
    assert demo_store.db.execute(
        "SELECT manual, phase FROM polls WHERE id = ?", [vote]
    ).fetchone() == ("closed", "propose")
    press(tab.schedule_button)
    assert demo_store.scalar("SELECT manual FROM polls WHERE id = ?", [vote]) is None
    assert next(r for r in tab.results if r.code == "MELDPUNT").state == "open"


def test_a_paper_tally_is_added_marked_and_replaced(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = organiser
    tab = window.polls
    window.tabs.setCurrentWidget(tab)
    tab.select("VOLGEND-JAAR")
    assert len(tab.paper_counts) == 5  # one per option
    for box, count in zip(tab.paper_counts, (4, 3, 0, 1, 0), strict=True):
        box.setValue(count)
    tab.paper_respondents.setValue(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for lang in (Lang.NL, Lang.EN):
        window.retranslate(lang)
        tab.select("VOLGEND-JAAR")
        for box, count in zip(tab.paper_counts, (4, 3, 0, 1, 0), strict=True):
            box.setValue(count)
        tab.paper_respondents.setValue(5)
        QApplication.processEvents()  # the number fields' layout, before the picture
        window.grab().save(str(SCREENSHOTS / f"votes-paper-{lang}.png"))
    window.retranslate(Lang.NL)
    tab.select("VOLGEND-JAAR")
    for box, count in zip(tab.paper_counts, (4, 3, 0, 1, 0), strict=True):
        box.setValue(count)
    tab.paper_respondents.setValue(5)
    tab.paper_button.click()
    qloop.run_until_complete(window.settle())
    poll = poll_id(demo_store, "VOLGEND-JAAR")
    paper = dict(
        demo_store.db.execute(
            "SELECT value, count FROM poll_tally WHERE poll_id = ? AND source = 'paper'", [poll]
        ).fetchall()
    )
    assert paper == {-1: 5, 0: 4, 1: 3, 3: 1}
    result = next(r for r in tab.results if r.code == "VOLGEND-JAAR")
    assert result.paper_n == 5
    assert result.n == 5  # nobody answered at a pillar yet
    # 5 answers reach k: the dashboard draws it, paper said and hatched
    board = window.dashboard
    board.refresh()
    qloop.run_until_complete(
        until(
            lambda: (
                board.data is not None
                and any(p.code == "VOLGEND-JAAR" and p.paper_n for p in board.data.report.polls)
            ),
            board.refreshed,
        )
    )
    card = board.result_cards["VOLGEND-JAAR"]
    assert "waarvan 5 op papier" in card.chart.facts
    assert [b.paper for b in card.chart.bars] == [4, 3, 0, 1, 0]
    # saved again, all zero: the paper tally is gone
    tab.select("VOLGEND-JAAR")
    for box in tab.paper_counts:
        box.setValue(0)
    tab.paper_respondents.setValue(0)
    tab.paper_button.click()
    qloop.run_until_complete(window.settle())
    assert (
        demo_store.scalar(
            "SELECT count(*) FROM poll_tally WHERE poll_id = ? AND source = 'paper'", [poll]
        )
        == 0
    )


@pytest.mark.parametrize("lang", [Lang.NL, Lang.EN])
def test_dashboard_results_from_the_hub_hide_fewer_than_k(
    organiser: tuple[DeskWindow, RunningHub], qloop: asyncio.AbstractEventLoop, lang: Lang
) -> None:
    window, _ = organiser
    board = window.dashboard
    window.retranslate(lang)
    window.tabs.setCurrentWidget(board)
    board.refresh()
    qloop.run_until_complete(
        until(
            lambda: (
                board.data is not None
                and any(p.code == "AANBEVELEN" and p.n == 6 for p in board.data.report.polls)
            ),
            board.refreshed,
        )
    )
    board.views.setCurrentIndex(1)
    cards = board.result_cards
    nps = cards["AANBEVELEN"].chart
    assert nps.headline == "NPS 0"  # three 9s, three 6s
    assert "deze kennisdag" in nps.title  # the standard wording, with the event file's subject
    wolk = cards["WOLK"].chart
    assert wolk.note == ("nog geen antwoorden" if lang is Lang.NL else "no answers yet")
    assert [b.count for b in nps.split] == [3, 0, 3]
    vast = cards["VAST-R"].chart  # three ratings of five stars: fewer than k
    assert vast.suppressed
    assert vast.bars == ()
    assert vast.headline == ""
    said = "minder dan 5 antwoorden" if lang is Lang.NL else "fewer than 5 answers"
    assert said in vast.note
    QApplication.processEvents()
    window.grab().save(str(SCREENSHOTS / f"dashboard-results-hub-{lang}.png"))
    board.set_workshop("VAST")
    assert list(board.result_cards) == ["VAST-R"]


def test_a_desk_may_moderate_and_tally_but_not_open_or_close(
    qloop: asyncio.AbstractEventLoop, demo_dir: DataDir, demo_store: Store, tmp_path: Path
) -> None:
    with desk_on_hub(qloop, demo_dir, demo_store, tmp_path / "desk", Role.DESK) as opened:
        window, _ = opened
        tab = window.polls
        qloop.run_until_complete(until(lambda: bool(tab.results), tab.refreshed))
        tab.select("MELDPUNT")
        said = expect(tab.message)
        tab.close_button.click()
        words, error = qloop.run_until_complete(asyncio.wait_for(said, 30))
        assert error
        assert words(Lang.NL).startswith("Dat mag alleen een organisator-console")
        assert demo_store.scalar("SELECT manual FROM polls WHERE code = 'MELDPUNT'") is None
        # the tally of a show of hands is the desk's to type in
        tab.select("AANBEVELEN")
        assert len(tab.paper_counts) == 11  # the full 0-10 scale
        tab.paper_counts[9].setValue(4)
        tab.paper_counts[3].setValue(2)
        tab.paper_button.click()
        qloop.run_until_complete(window.settle())
        result = next(r for r in tab.results if r.code == "AANBEVELEN")
        assert result.paper_n == 6
        assert result.nps == round(100 * (4 - 2) / 6)


def test_a_proposal_approved_while_a_tally_is_typed_keeps_each_count_by_its_name(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    """The number fields follow the answers they were typed for, never the place they stood in."""
    window, hub = organiser
    tab = window.polls
    window.tabs.setCurrentWidget(tab)
    vote = poll_id(demo_store, "MELDPUNT")
    # two proposals approved, then the vote's tally typed in at the desk
    pending = {t.text: t.id for t in tab.texts["pending"]}

    def pending_texts() -> set[str]:
        return {t.text for t in tab.texts["pending"]}

    token = paired_token(demo_store, Role.DESK)
    for text in ("Meldpunt Oost", "Zeg het maar"):
        approved = httpx.put(
            f"{hub.url}/api/polls/texts/{pending[text]}",
            json={"state": "visible"},
            headers=auth(token),
        )
        assert approved.is_success, approved.text
    tab.refresh()
    qloop.run_until_complete(
        until(lambda: pending_texts() == {"Klikspaan", "Heel praktisch"}, tab.refreshed)
    )
    tab.select("MELDPUNT")
    typed = dict(zip(tab._paper_labels, tab.paper_counts, strict=True))
    assert set(typed) == {"Meldpunt Oost", "Zeg het maar"}
    typed["Zeg het maar"].setValue(7)
    typed["Meldpunt Oost"].setValue(2)
    # meanwhile "Klikspaan" is approved: it sorts first, the fields make room for it
    approved = httpx.put(
        f"{hub.url}/api/polls/texts/{pending['Klikspaan']}",
        json={"state": "visible"},
        headers=auth(token),
    )
    assert approved.is_success, approved.text
    tab.refresh()
    qloop.run_until_complete(until(lambda: pending_texts() == {"Heel praktisch"}, tab.refreshed))
    tab.select("MELDPUNT")
    assert tab.typed_by_label() == {"Klikspaan": 0, "Meldpunt Oost": 2, "Zeg het maar": 7}
    tab.paper_button.click()
    qloop.run_until_complete(window.settle())
    result = next(r for r in tab.results if r.code == "MELDPUNT")
    assert result.paper is not None
    assert dict(zip(result.labels, result.paper, strict=True)) == {
        "Klikspaan": 0,
        "Meldpunt Oost": 2,
        "Zeg het maar": 7,
    }
    assert (
        demo_store.scalar(
            "SELECT sum(count) FROM poll_tally"
            " WHERE poll_id = ? AND source = 'paper' AND value >= 0",
            [vote],
        )
        == 9
    )


def test_what_may_be_done_follows_the_state_and_the_hand() -> None:
    def result(state: str, kind: str = "poll", phase: str | None = None) -> protocol.PollResult:
        return protocol.PollResult.model_validate(
            {"id": 1, "code": "Q", "kind": kind, "state": state, "phase": phase, "n": 0}
        )

    def hand(manual: str | None) -> protocol.PollInfo:
        return protocol.PollInfo.model_validate(
            {"id": 1, "code": "Q", "position": 0, "kind": "poll", "manual": manual}
        )

    assert controls(None, None) == set()
    assert controls(result("open"), hand(None)) == {"close"}
    assert controls(result("closed"), hand("closed")) == {"open", "schedule"}
    assert controls(result("closed"), hand(None)) == {"open"}  # closed by its times
    assert controls(result("scheduled"), hand(None)) == {"open", "close"}
    assert controls(result("open", "vote", "propose"), hand("open")) == {
        "close",
        "schedule",
        "vote",
    }
    assert controls(result("open", "vote", "vote"), None) == {"close", "propose"}


def test_the_next_change_by_the_times_skips_the_past_and_the_hand() -> None:
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def info(opens: str | None, closes: str | None, manual: str | None = None) -> protocol.PollInfo:
        return protocol.PollInfo.model_validate(
            {
                "id": 1,
                "code": "Q",
                "position": 0,
                "kind": "poll",
                "opens": opens,
                "closes": closes,
                "manual": manual,
            }
        )

    assert next_change([], now) is None
    assert next_change([info("2026-11-24T11:00:00Z", None)], now) is None
    assert next_change(
        [
            info("2026-11-24T11:00:00Z", "2026-11-24T16:30:00Z"),
            info("2026-11-24T13:15:00Z", None),
            info("2026-11-24T12:05:00Z", None, manual="closed"),  # held by hand
        ],
        now,
    ) == datetime(2026, 11, 24, 13, 15, tzinfo=UTC)


def test_open_and_close_are_offered_as_the_question_stands(
    organiser: tuple[DeskWindow, RunningHub], demo_store: Store, qloop: asyncio.AbstractEventLoop
) -> None:
    window, _ = organiser
    tab = window.polls
    window.tabs.setCurrentWidget(tab)
    buttons = {
        "open": tab.open_button,
        "close": tab.close_button,
        "schedule": tab.schedule_button,
        "propose": tab.propose_button,
        "vote": tab.vote_button,
    }

    def offered() -> set[str]:
        return {name for name, button in buttons.items() if button.isEnabled()}

    def state() -> str:
        return next(r.state for r in tab.results if r.code == "AANBEVELEN")

    def press(button: Any) -> None:
        button.click()
        assert not button.isEnabled()  # no second press while the first is on its way
        qloop.run_until_complete(window.settle())

    tab.select("AANBEVELEN")  # open by its times
    assert offered() == {"close"}
    press(tab.close_button)
    assert state() == "closed"
    assert tab.chosen() is not None
    assert offered() == {"open", "schedule"}  # "Nu sluiten" no more on a closed question
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENSHOTS / "polls-closed-by-hand.png"))
    press(tab.schedule_button)
    assert state() == "open"
    assert offered() == {"close"}
    # the question closes by its times while the desk looks on: the buttons follow
    soon = datetime.now(UTC) + timedelta(seconds=2)
    demo_store.db.execute(
        "UPDATE polls SET closes = ? WHERE code = 'AANBEVELEN'", [soon.isoformat()]
    )
    demo_store.db.conn.commit()
    tab.refresh()
    qloop.run_until_complete(window.settle())
    assert tab.change_timer.isActive()  # it looks again the moment the question closes
    assert offered() == {"close"}
    qloop.run_until_complete(until(lambda: state() == "closed", tab.refreshed, timeout=30))
    assert offered() == {"open"}  # closed by its times: nothing to hand back
