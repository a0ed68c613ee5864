from kiosk.content import Content
from shared import protocol
from shared.hub import queries
from shared.protocol import Role
from shared.store import Store


def test_merge_round_trip_and_deletes(demo_store: Store) -> None:
    content = Content()
    with demo_store.snapshot() as db:
        assert content.merge(queries.content_since(db, 0, Role.KIOSK))
    assert len(content.workshops) == 5
    assert content.verifier() is not None
    again = Content.from_json(content.to_json())
    assert again.cursor == content.cursor
    assert again.workshops == content.workshops
    assert again.keys == content.keys
    demo_store.write(lambda db: db.execute("DELETE FROM agenda WHERE position = 0"))
    with demo_store.snapshot() as db:
        update = queries.content_since(db, content.cursor, Role.KIOSK)
    assert content.merge(update)
    assert len(content.agenda) == 9


def test_broken_cache_gives_empty_content() -> None:
    assert Content.from_json({"cursor": "x", "event": 5}).cursor == 0
    assert Content.from_json(None).event is None


def test_questions_of_opinion_are_kept_cached_and_deleted() -> None:
    content = Content()
    vote = protocol.PollInfo(
        id=3,
        code="NAAM",
        position=0,
        kind="vote",
        text="Hoe noemen we het nieuwe meldpunt?",
        phase="vote",
        results="after_close",
        proposals=[protocol.ProposalInfo(id=2**52 - 1, text="Het Loket")],
    )
    rating = protocol.PollInfo(id=4, code="R", position=1, kind="rating", workshop="VAST")
    assert content.merge(protocol.ContentResponse(cursor=5, polls=[vote, rating]))
    again = Content.from_json(content.to_json())
    assert again.polls == {3: vote, 4: rating}
    assert content.merge(
        protocol.ContentResponse(cursor=6, deleted=[protocol.Deleted(kind="polls", key=4)])
    )
    assert list(content.polls) == [3]
    # a cache written before pillars knew of polls reads as having none
    old = {k: v for k, v in again.to_json().items() if k != "polls"}
    assert Content.from_json(old).polls == {}


def test_what_is_happening_now_is_kept_with_the_content() -> None:
    content = Content()
    content.top = [protocol.Standing(rank=1, name="Ada", points=30)]
    content.notes = [
        protocol.WallItem(id="a" * 32, type="note", wall="tip", text="Meer koffie", minute="x")
    ]
    again = Content.from_json(content.to_json())
    assert (again.top, again.notes) == (content.top, content.notes)
    older = {k: v for k, v in content.to_json().items() if k != "notes"}  # a cache from before
    assert Content.from_json(older).notes == []
