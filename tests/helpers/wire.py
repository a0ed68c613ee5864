"""Hypothesis strategies for every wire model, read off the models' own field types.

``st.from_type`` alone does not see pydantic's constraints (lengths, bounds, patterns),
nor what ``Any`` may hold on the wire; this reads both, so a generated instance is
one the hub could really send or store.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from enum import Enum
from typing import Any
from uuid import UUID

import annotated_types
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from shared import protocol

JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5, minutes=-30))]
)
DATETIMES = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=ZONES
)


def _bounded(metadata: list[Any]) -> dict[str, Any]:
    """Hypothesis keyword arguments from pydantic's constraint metadata."""
    bounds: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, annotated_types.MaxLen):
            bounds["max_size"] = item.max_length
        elif isinstance(item, annotated_types.MinLen):
            bounds["min_size"] = item.min_length
        elif isinstance(item, annotated_types.Ge):
            bounds["min_value"] = item.ge
        elif isinstance(item, annotated_types.Le):
            bounds["max_value"] = item.le
        elif getattr(item, "pattern", None):
            bounds["pattern"] = item.pattern
    return bounds


def strategy(annotation: Any, metadata: list[Any] | None = None) -> st.SearchStrategy[Any]:
    """A strategy for values of ``annotation`` that satisfy ``metadata``'s constraints."""
    metadata = list(metadata or [])
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        inner = list(args[1:])
        for extra in args[1:]:
            if isinstance(extra, FieldInfo):
                inner.extend(extra.metadata)
        return strategy(args[0], metadata + inner)
    # the protocol's after-validators take the value alone (no ValidationInfo)
    cleaners = [
        typing.cast(Callable[[Any], Any], m.func) for m in metadata if isinstance(m, AfterValidator)
    ]
    if cleaners:
        # values as the model holds them once cleaned, and still within its bounds
        drawn = strategy(annotation, [m for m in metadata if not isinstance(m, AfterValidator)])
        for clean in cleaners:
            drawn = drawn.map(clean)
        shortest = _bounded(metadata).get("min_size", 0)
        return drawn.filter(lambda value: not isinstance(value, str) or len(value) >= shortest)
    bounds = _bounded(metadata)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([strategy(arg, metadata) for arg in args])
    if annotation is type(None):
        return st.none()
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is list:
        size = {
            "min_size": bounds.get("min_size", 0),
            "max_size": min(bounds.get("max_size", 3), 3),
        }
        return st.lists(strategy(args[0]), **size)
    if origin is dict:
        return st.dictionaries(strategy(args[0]), strategy(args[1]), max_size=3)
    if annotation is Any:
        return JSON
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        low = bounds.get("min_value", -(2**63))
        return st.integers(low, bounds.get("max_value", 2**63 - 1))
    if annotation is float:
        return st.floats(allow_nan=False, allow_infinity=False)
    if annotation is str:
        if "pattern" in bounds:
            return st.from_regex(bounds["pattern"], fullmatch=True)
        size = {
            "min_size": bounds.get("min_size", 0),
            "max_size": min(bounds.get("max_size", 30), 30),
        }
        return st.text(**size)
    if annotation is datetime:
        return DATETIMES
    if annotation is date:
        return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
    if annotation is UUID:
        return st.uuids(version=4)
    raise TypeError(f"no strategy for {annotation!r}")


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[Any]:
    """Instances of a wire model, every field drawn within its constraints."""
    fields = {
        name: strategy(info.annotation, info.metadata) for name, info in model.model_fields.items()
    }
    return st.builds(model, **fields)


def wire_models() -> list[type[protocol.Wire]]:
    """Every public wire model the protocol module defines, found rather than listed."""
    found: list[type[protocol.Wire]] = []
    todo: list[type[protocol.Wire]] = [protocol.Wire]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__ == protocol.__name__ and not sub.__name__.startswith("_"):
                found.append(sub)
    return found
