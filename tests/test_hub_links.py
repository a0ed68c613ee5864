"""The personal link page /t/TOKEN, in-process through the real app."""

import pytest

from shared.datadir import DataDir
from shared.hub.links import language
from shared.protocol import Role
from shared.store import Store
from tests.helpers.hub import in_process, paired_token, ticket_of

pytestmark = pytest.mark.anyio


async def test_valid_link_shows_ticket_agenda_and_points(
    demo_dir: DataDir, demo_store: Store
) -> None:
    ticket = ticket_of(demo_dir, demo_store, 1)
    async with in_process(demo_dir, demo_store) as (_, client):
        page = await client.get(f"/t/{ticket}")
        english = await client.get(f"/t/{ticket}?lang=en")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "Jouw ticket: Anna de Vries" in page.text
    assert "<svg" in page.text
    assert "Plenaire opening door de burgemeester" in page.text
    assert "Zorgfraude herkennen" in page.text  # one of Anna's workshops
    assert "Vastgoed en witwassen" not in page.text  # not hers
    assert "Punten: 0" in page.text
    assert "Your ticket: Anna de Vries" in english.text
    assert "<script" not in page.text


async def test_markup_in_a_name_is_escaped(demo_dir: DataDir, demo_store: Store) -> None:
    demo_store.write(
        lambda db: db.execute(
            "UPDATE attendees SET first_name = '<script>alert(1)</script>' WHERE id = 2"
        )
    )
    ticket = ticket_of(demo_dir, demo_store, 2)
    async with in_process(demo_dir, demo_store) as (_, client):
        page = await client.get(f"/t/{ticket}")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_replaced_and_wrong_links_get_a_polite_page(
    demo_dir: DataDir, demo_store: Store
) -> None:
    old = ticket_of(demo_dir, demo_store, 3)
    desk = paired_token(demo_store, Role.DESK)
    async with in_process(demo_dir, demo_store) as (_, client):
        await client.post(
            "/api/attendees/3/ticket",
            json={"reissue": True},
            headers={"Authorization": f"Bearer {desk}"},
        )
        replaced = await client.get(f"/t/{old}")
        for garbage in ("nonsense", old[:-4] + "AAAA", "ZU1" + "A" * 132, "%3Cb%3E", "x" * 400):
            wrong = await client.get(f"/t/{garbage}")
            assert wrong.status_code == 404, garbage
            assert "registratiebalie" in wrong.text
        too_long = await client.get(f"/t/{'x' * 401}")
    assert replaced.status_code == 410
    assert "vervangen" in replaced.text
    assert too_long.status_code == 422


def test_language_choice() -> None:
    assert language("en", "nl") == "en"
    assert language(None, "en-GB,en;q=0.9") == "en"
    assert language(None, "de-DE,fr") == "nl"
    assert language("xx", None) == "nl"
