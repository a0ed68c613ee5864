"""shared/worksessions.py: work sessions in the store, ids kept by code across re-imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared import eventfile
from shared.datadir import assets_dir
from shared.db import StoreError
from shared.hub import cafequeries, queries
from shared.protocol import Role
from shared.store import Store

CAFE = assets_dir() / "demo" / "world-cafe.toml"


def _ids(store: Store) -> dict[str, int]:
    rows = store.db.query(
        "SELECT 'q:' || code AS k, id FROM cafe_questions UNION ALL"
        " SELECT 't:' || code, id FROM cafe_tables UNION ALL"
        " SELECT 'r:' || position, id FROM cafe_rounds UNION ALL"
        " SELECT 's:' || code, id FROM work_sessions"
    )
    return {r["k"]: r["id"] for r in rows}


def test_a_session_reads_back_as_imported(tmp_path: Path) -> None:
    original = eventfile.load(CAFE)
    with Store(tmp_path / "zuil.db") as store:
        store.import_event(original, {})
        assert store.export_event({}).sessions == original.sessions
        [info] = store.read(cafequeries.sessions)
        assert info.phase == "ready"
        assert [q.code for q in info.questions] == ["SUCCES", "LEREN", "KLANT", "BEWUST"]
        tables = {t.code: t.id for t in info.tables}
        questions = {q.code: q.id for q in info.questions}
        assert info.rounds[0].plan == {
            tables["T1"]: questions["SUCCES"],
            tables["T2"]: questions["LEREN"],
            tables["T3"]: questions["KLANT"],
        }
        assert info.rounds[-1].plan is None


def test_a_reimport_keeps_ids_and_state_and_only_changed_sessions_are_pulled(
    tmp_path: Path,
) -> None:
    original = eventfile.load(CAFE)
    with Store(tmp_path / "zuil.db") as store:
        store.import_event(original, {})
        before = _ids(store)
        store.db.execute("UPDATE work_sessions SET phase = 'sort'")
        store.db.conn.commit()
        cursor = store.read(queries.content_since, 0, Role.KIOSK).cursor
        store.import_event(original, {})  # unchanged: nothing to pull
        assert store.read(queries.content_since, cursor, Role.KIOSK).sessions == []
        [session] = original.sessions
        edited = session.model_copy(
            update={
                "questions": list(reversed(session.questions)),
                "tables": session.tables[:2],
                "rounds": session.rounds[-1:],  # the rounds with a plan named T3
            }
        )
        store.import_event(original.model_copy(update={"sessions": [edited]}), {})
        after = _ids(store)
        assert {k: v for k, v in after.items() if k in before} == {
            k: v for k, v in before.items() if k in after
        }
        assert "t:T3" not in after
        assert "r:1" not in after
        [pulled] = store.read(queries.content_since, cursor, Role.KIOSK).sessions
        assert pulled.phase == "sort"  # what the session is doing is no content
        assert [q.code for q in pulled.questions] == ["BEWUST", "KLANT", "LEREN", "SUCCES"]


def test_leaving_out_what_ideas_refer_to_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    original = eventfile.load(CAFE)
    with Store(tmp_path / "zuil.db") as store:
        store.import_event(original, {})
        ids = _ids(store)
        store.db.execute(
            "INSERT INTO ideas (id, question_id, table_id, round_id, text, state, created_minute)"
            " VALUES (7, ?, ?, ?, 'een idee', 'visible', '2026-11-26T10:00')",
            [ids["q:KLANT"], ids["t:T3"], ids["r:1"]],
        )
        store.db.conn.commit()
        [session] = original.sessions
        without_t3 = session.model_copy(
            update={"tables": session.tables[:2], "rounds": session.rounds[-1:]}
        )
        without_klant = session.model_copy(
            update={"questions": [q for q in session.questions if q.code != "KLANT"]}
        )
        for sessions, said in (
            ([], "work session 'CAFE': question 'KLANT' has ideas"),
            ([without_t3], "work session 'CAFE': table 'T3' has ideas"),
            ([without_klant], "work session 'CAFE': question 'KLANT' has ideas"),
            ([session.model_copy(update={"rounds": []})], "work session 'CAFE': round 2 has"),
        ):
            with pytest.raises(StoreError, match=said):
                store.import_event(original.model_copy(update={"sessions": sessions}), {})
            assert _ids(store) == ids
            assert store.export_event({}).sessions == original.sessions
        # what nothing refers to still goes
        unplanned = [r.model_copy(update={"plan": None}) for r in session.rounds]
        fewer = session.model_copy(
            update={"questions": session.questions[1:], "rounds": unplanned[:2]}
        )
        store.import_event(original.model_copy(update={"sessions": [fewer]}), {})
        left = _ids(store)
        assert "q:SUCCES" not in left
        assert "r:2" not in left
        assert left["r:1"] == ids["r:1"]


def test_a_removed_session_goes_with_a_tombstone(tmp_path: Path) -> None:
    original = eventfile.load(CAFE)
    with Store(tmp_path / "zuil.db") as store:
        store.import_event(original, {})
        cursor = store.read(queries.content_since, 0, Role.WALL).cursor
        [session_id] = [v for k, v in _ids(store).items() if k.startswith("s:")]
        store.import_event(original.model_copy(update={"sessions": []}), {})
        pulled = store.read(queries.content_since, cursor, Role.WALL)
        assert [(d.kind, d.key) for d in pulled.deleted] == [("work_sessions", session_id)]
        assert store.export_event({}).sessions == []
