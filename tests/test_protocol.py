"""The wire types: a reply the hub writes from plain rows is byte for byte the model's JSON."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from shared import protocol
from shared.protocol import ActionResult, Fate, ResultRow, SyncResponse

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
