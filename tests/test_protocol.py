"""The wire types: a reply the hub writes from plain rows is byte for byte the model's JSON."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared import protocol
from shared.protocol import ActionResult, Fate, ResultRow, SyncResponse
from tests.helpers.wire import model_strategy, wire_models

ROWS: list[ResultRow] = [
    {"index": 0, "id": uuid.uuid4(), "fate": Fate.APPLIED, "reason": None},
    {"index": 1, "id": uuid.uuid4(), "fate": Fate.DUPLICATE, "reason": None},
    {"index": 2, "id": None, "fate": Fate.REJECTED, "reason": 'invalid id: "<b>\u0000\u2028'},
    {"index": 499, "id": uuid.uuid4(), "fate": Fate.REJECTED, "reason": "ticket: revoked"},
]


@pytest.mark.parametrize(
    "received_at",
    [
        datetime(2026, 3, 12, 9, 30, 0, 123456, tzinfo=UTC),
        datetime(2026, 3, 12, 10, 30, tzinfo=timezone(timedelta(hours=1))),
    ],
)
@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []])
def test_sync_reply_is_the_models_json(received_at: datetime, rows: list[ResultRow]) -> None:
    model = SyncResponse(
        received_at=received_at, results=[ActionResult.model_validate(r) for r in rows]
    )
    written = protocol.sync_reply(received_at, rows)
    assert written == model.model_dump_json().encode()
    assert SyncResponse.model_validate_json(written) == model


@pytest.mark.parametrize("model", wire_models(), ids=lambda m: m.__name__)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_every_wire_model_reads_back_as_sent(
    model: type[protocol.Wire], data: st.DataObject
) -> None:
    instance = data.draw(model_strategy(model))
    assert model.model_validate_json(instance.model_dump_json()) == instance


def test_a_device_name_keeps_no_control_characters() -> None:
    request = protocol.PairRequest(code="ABCD-EFGH", name="zuil\x00 VAST\x1b")
    assert request.name == "zuil VAST"


def test_a_question_stands_in_one_list_only_and_never_among_the_hardest_when_all_got_it() -> None:
    def question(n: int, answered: int, right: int) -> protocol.QuestionResult:
        return protocol.QuestionResult(
            workshop="VAST", text=f"vraag {n}", right_answer="ja", answered=answered, right=right
        )

    questions = [question(1, 4, 4), question(2, 4, 2), question(3, 4, 0), question(4, 0, 0)]
    report = protocol.Report(
        event={},
        made_at=datetime(2026, 12, 2, tzinfo=UTC),
        headline=protocol.Headline(
            attendees=4,
            scanned=4,
            answered=4,
            gave_feedback=0,
            scans=4,
            answers=12,
            tops=0,
            tips=0,
            photos=0,
            hidden=0,
        ),
        workshops=[],
        top=[],
        questions=questions,
    )
    right = [q.text for q in report.most_right]
    wrong = [q.text for q in report.most_wrong]
    assert right == ["vraag 1", "vraag 2"]
    assert wrong == ["vraag 3"]
    workshop = protocol.WorkshopResult.model_validate(
        {
            "code": "VAST",
            "title": "Vastgoed",
            "room": "",
            "starts": "",
            "registered": 4,
            "scanned": 4,
            "answered": 4,
            "gave_feedback": 0,
            "questions": questions,
            "tops": [],
            "tips": [],
            "photos": [],
            "hidden": 0,
        }
    )
    assert [q.text for q in workshop.hardest] == ["vraag 3", "vraag 2"]  # not vraag 1
