"""Questions of opinion and dot voting on a phone: their wording, a form's answer, a refusal.

The phone asks what a pillar asks (:mod:`shared.hub.phonequeries` says which
questions are open where): a workshop's rating and its other questions on the
workshop's page, the event-wide ones on the home page, and the dots of a work
session in its vote phase on the session's page. Its answers travel as
:class:`~shared.protocol.PhoneAction` items of kind ``response`` and ``dots``;
the hub judges them as it judges a pillar's, and a refusal comes back sorted
into what the page can say plainly (:func:`refusal`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shared.hub.phonetexts import TEXTS
from shared.protocol import PhoneRefusal

MAX_PROPOSAL_CHARS = 60  # a name for something: it has to fit on the wall's podium, as at a pillar

# the hub's reasons (shared.polls.judge, shared.hub.polls, shared.hub.cafe) by what they mean
_ANSWERED = ("already answered", "already made a proposal", "already spent its dots")
_CLOSED = (
    " is closed",
    " is not open yet",
    "dot voting is not open",
    "takes proposals now",
    "a vote names one proposal",  # a proposal sent just after the vote moved on to voting
    "is not among the approved ones",  # a proposal hidden since the page was drawn
    "unknown question",
    "unknown work-session question",
)
_NOT_THERE = ("was not scanned",)


def refusal(reason: str | None) -> PhoneRefusal:
    """What a refused response or ballot is, as the phone tells it."""
    text = reason or ""
    if any(part in text for part in _ANSWERED):
        return "answered"
    if any(part in text for part in _NOT_THERE):
        return "not_there"
    if any(part in text for part in _CLOSED):
        return "closed"
    return "invalid"


def wording(poll: Mapping[str, Any], lang: str, event_name: str) -> str:
    """The question as the phone asks it, in ``lang`` (the standard wordings where set).

    The recommend question's wording is never changed but for its subject, or its
    results could not be compared with other events'; a rating without a text of
    its own asks about its workshop, or about its subject.
    """
    kind = poll["kind"]
    if kind == "recommend":
        subject = poll["subject"] or event_name or TEXTS["recommend_event"](lang)
        return TEXTS["recommend"](lang).format(subject=subject)
    if poll["text"]:
        return str(poll["text"])
    if kind == "rating":
        if poll.get("workshop_id") is not None:
            return TEXTS["rating_workshop"](lang)
        subject = poll["subject"] or event_name or TEXTS["recommend_event"](lang)
        return TEXTS["rating_subject"](lang).format(subject=subject)
    return str(poll["subject"])


def form_item(fields: Mapping[str, Sequence[str]], now: str) -> dict[str, Any]:
    """A form posted without the script, as the item the script would have sent.

    Args:
        fields: the form's fields, every value of each name (``choices`` and
            ``ideas`` are lists; a number input ``dots-ID`` spends that many dots
            on idea ID).
        now: the moment it was posted (ISO 8601).

    Returns:
        The :class:`~shared.protocol.PhoneAction` fields (validated by the caller).
    """

    def first(name: str) -> str:
        values = fields.get(name) or [""]
        return values[0]

    kind = first("kind")
    item: dict[str, Any] = {"id": first("id"), "at": now, "kind": kind}
    if first("workshop"):
        item["workshop"] = first("workshop")
    if kind == "response":
        item["poll_id"] = first("poll_id")
        item["choices"] = [c for c in fields.get("choices", []) if c]
        item["text"] = first("text")
    elif kind == "dots":
        item["question_id"] = first("question_id")
        ideas: list[str] = [i for i in fields.get("ideas", []) if i]
        for name, values in fields.items():
            if name.startswith("dots-") and values and values[0].isdigit():
                ideas += [name[5:]] * min(int(values[0]), 20)
        item["ideas"] = ideas
    else:
        for name in ("question_id", "choice", "wall", "text"):
            if first(name):
                item[name] = first(name)
    return item
