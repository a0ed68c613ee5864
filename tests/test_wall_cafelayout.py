"""wall/cafelayout.py: counts while private, clusters once revealed, the top ideas at harvest."""

from __future__ import annotations

from shared import protocol
from tests.helpers.cafeview import TIED, view, with_dots
from wall.cafelayout import SMALLEST, TOP_IDEAS, CafeState, banner, layout, shown


def test_a_private_question_shows_counts_per_table_and_no_idea() -> None:
    # even were a text of an unrevealed question to reach the wall, it has no place on it
    leaky = view("gather", set(), organiser=True)
    columns = layout(CafeState(leaky))
    assert [c.mode for c in columns] == ["counts"] * 4
    assert all(not c.spots and not c.headings for c in columns)
    first = columns[0]
    assert [c.name for c in first.counts] == ["Tafel Noord", "Tafel Oost", "Tafel Zuid"]
    expected = {
        c.table_id: c.ideas for c in leaky.status.counts if c.question_id == first.question.id
    }
    assert {c.table_id: c.ideas for c in first.counts} == expected
    assert first.total == sum(expected.values())


def test_revealed_ideas_stand_in_their_clusters_the_unsorted_last() -> None:
    state = CafeState(view("sort", {1, 3}))
    columns = {c.question.id: c for c in layout(state)}
    one = columns[1]
    assert one.mode == "ideas"
    assert [h.label for h in one.headings] == ["Verbinding", "Zichtbaarheid", ""]
    standing = [i for i in state.ideas.values() if i.question_id == 1 and shown(i)]
    assert set(one.spots) == {i.id for i in standing}
    # the merged duplicate is not a post-it of its own: its twin says "+1"
    assert one.merged == {103: 1}
    assert 106 not in one.spots
    # each cluster's post-its lie under its label, above the next label
    labels = {c.label: c.id for c in state.clusters.values() if c.question_id == 1}
    tops = [h.rect.y for h in one.headings] + [one.rect.y + one.rect.h]
    for n, heading in enumerate(one.headings):
        cluster = labels.get(heading.label)
        members = [i.id for i in standing if i.cluster_id == cluster]
        assert members
        for idea_id in members:
            assert tops[n] < one.spots[idea_id].cy < tops[n + 1]
    assert columns[2].mode == "counts"


def test_post_its_never_overlap_and_shrink_to_fit_many() -> None:
    base = view("sort", {1})
    many = [
        protocol.IdeaInfo(
            id=1000 + n,
            question_id=1,
            table_id=n % 3 + 1,
            text=f"idee {n}",
            minute="2026-12-02T10:00",
        )
        for n in range(80)
    ]
    state = CafeState(base.model_copy(update={"ideas": many, "clusters": []}))
    column = layout(state)[0]
    spots = list(column.spots.values())
    assert len(spots) + column.more == 80
    assert all(s.w >= SMALLEST for s in spots)
    for a in spots:
        assert column.rect.x <= a.cx - a.w / 2
        assert a.cx + a.w / 2 <= column.rect.x + column.rect.w
        assert a.cy + a.h / 2 <= column.rect.y + column.rect.h
        for b in spots:
            if a is not b:
                assert not a.rect().intersects(b.rect())


def test_harvest_shows_the_top_ideas_by_dots() -> None:
    state = CafeState(view("harvest", {1, 2, 3, 4}))
    for column in layout(state):
        assert column.mode == "harvest"
        standing = [i for i in state.ideas.values() if i.question_id == column.question.id]
        standing = [i for i in standing if shown(i)]
        voted = [i for i in standing if i.dots]
        best = sorted(voted, key=lambda i: (-(i.dots or 0), i.minute, i.id))[:TOP_IDEAS]
        by_rank = sorted(column.spots.items(), key=lambda kv: kv[1].rank)
        assert [idea_id for idea_id, _ in by_rank] == [i.id for i in best]
        assert column.dots == sum(i.dots or 0 for i in standing)
        assert [s.cy for _, s in by_rank] == sorted(s.cy for _, s in by_rank)


def test_a_hidden_idea_leaves_and_a_question_taken_back_takes_its_texts() -> None:
    state = CafeState(view("sort", {1, 3}))
    idea = state.ideas[101]
    state.apply_idea(idea.model_copy(update={"state": "hidden"}))
    assert 101 not in layout(state)[0].spots
    closed = view("sort", {3}).status
    state.apply_status(closed)
    assert not any(i.question_id == 1 for i in state.ideas.values())
    assert layout(state)[0].mode == "counts"


def test_harvest_ideas_with_equal_dots_share_their_place() -> None:
    state = CafeState(with_dots(view("harvest", {1, 2, 3, 4}), {**TIED, 107: 3, 108: 3}))
    column = layout(state)[0]
    by_height = sorted(column.spots.items(), key=lambda kv: kv[1].cy)
    # 8, 8, 6, 6 dots, then three ideas of 3 for the fifth place: one row is left for them
    assert [(idea_id, spot.rank) for idea_id, spot in by_height] == [
        (104, 1),
        (109, 1),
        (101, 3),
        (105, 3),
        (102, 5),
    ]
    assert column.more == 2  # the two others tied for the fifth place: "+2 more"


def test_before_the_first_round_each_question_names_the_tables_that_start_there() -> None:
    opening = CafeState(view("ready", set()))
    assert opening.opening()
    columns = layout(opening)
    assert [c.mode for c in columns] == ["opening"] * 4
    # the first round's plan: table n starts at question n, the fourth waits for later
    assert [[s.name for s in c.starting] for c in columns] == [
        ["Tafel Noord"],
        ["Tafel Oost"],
        ["Tafel Zuid"],
        [],
    ]
    assert columns[0].starting[0].host == "Anouk"
    # nothing of the session's figures yet; the columns stop above the banner
    assert all(not c.counts and not c.spots and c.total == 0 for c in columns)
    assert all(c.rect.y + c.rect.h < banner().y for c in columns)
    # a first round without a plan: every table at every question, none named per question
    first = opening.session.rounds[0]
    opening.session.rounds[0] = first.model_copy(update={"plan": None})
    assert all(not c.starting for c in layout(opening))


def test_the_opening_ends_when_the_first_round_starts() -> None:
    gathering = view("gather", set())
    assert not CafeState(gathering).opening()
    assert {c.mode for c in layout(CafeState(gathering))} == {"counts"}
    # moved to gather by hand, no round started and nothing posted: still the opening
    session = gathering.status.session
    waiting = [r.model_copy(update={"state": "waiting", "ends_at": None}) for r in session.rounds]
    early = gathering.status.model_copy(
        update={"session": session.model_copy(update={"rounds": waiting}), "counts": []}
    )
    state = CafeState(gathering.model_copy(update={"status": early, "ideas": []}))
    assert state.opening()
    # once an idea came in, its count is what the column shows
    state.apply_status(early.model_copy(update={"counts": gathering.status.counts}))
    assert not state.opening()


def test_many_tables_at_one_question_say_how_many_more() -> None:
    base = view("ready", set())
    session = base.status.session
    tables = [
        protocol.CafeTableInfo(id=n, position=n, code=f"T{n}", name=f"Tafel {n}")
        for n in range(1, 21)
    ]
    rounds = [session.rounds[0].model_copy(update={"plan": {t.id: 1 for t in tables}})]
    state = CafeState(
        base.model_copy(
            update={
                "status": base.status.model_copy(
                    update={
                        "session": session.model_copy(update={"tables": tables, "rounds": rounds})
                    }
                )
            }
        )
    )
    first = layout(state)[0]
    assert first.starting
    assert first.more
    assert len(first.starting) + first.more == 20
    bottom = first.rect.y + first.rect.h
    assert all(s.rect.y + s.rect.h <= bottom for s in first.starting)
