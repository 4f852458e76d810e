"""The analysis cache's format: the document model as JSON, rebuilt field by field.

Pickle would run whatever code a planted cache file names when it is loaded; JSON only ever
becomes the model's own dataclasses, lists, strings, numbers and dates, guided by their
type hints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import types
import typing
from collections.abc import Callable
from typing import Any


def dumps(value: Any) -> bytes:
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":")).encode()


def loads(data: bytes, kind: Any) -> Any:
    """``kind`` (e.g. ``tuple[Document, list[Problem]]``) from :func:`dumps` output; raises
    ValueError for data that does not fit it."""
    return _decoder(kind)(json.loads(data))


def plain(value: Any) -> Any:
    """A dataclass (or list, dict, date) as plain JSON values."""
    return _plain(value)


def build(kind: Any, value: Any) -> Any:
    """``kind`` from the plain values :func:`plain` gives; ValueError when they do not fit."""
    return _decoder(kind)(value)


_SCALARS = frozenset((str, int, float, bool, type(None)))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names in order (None for any other class)."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    # dispatch on the exact type first (a document has some 3,000 values), then the
    # general checks for subclasses
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    names = _field_names(kind)
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """A function that makes ``kind`` from plain values, made once per type: a cached
    document has some 3,000 values, and reading the type hints for each was most of the
    cost of a no-op rebuild."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = _decoder(next(a for a in args if a is not type(None)))
        if type(None) not in args:
            return inner
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _decoder(args[0])
        return lambda v: [item(x) for x in _expect(v, list)]
    if origin is tuple:
        parts = tuple(_decoder(a) for a in args)

        def row(v: Any) -> tuple:
            items = _expect(v, list)
            if len(items) != len(parts):
                raise ValueError("a cached tuple of the wrong length")
            return tuple(d(x) for d, x in zip(parts, items, strict=True))
        return row
    if origin is dict:
        item = _decoder(args[1])
        return lambda v: {k: item(x) for k, x in _expect(v, dict).items()}
    if dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if kind is dt.date:
        return lambda v: dt.date.fromisoformat(_expect(v, str))
    if kind is Any:
        return lambda v: v
    if kind is float:
        return lambda v: float(v) if isinstance(v, int) else _expect(v, float)
    return lambda v: v if type(v) is kind else _expect(v, kind)


def _dataclass_decoder(kind: type) -> Callable[[Any], Any]:
    fields: list[tuple[str, Callable[[Any], Any]]] = []

    def make(v: Any) -> Any:
        if not fields:  # resolved on first use: a dataclass may hold its own type
            hints = _hints(kind)
            fields.extend((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(kind))
        data = _expect(v, dict)
        return kind(**{name: decode(data[name]) for name, decode in fields if name in data})
    return make


def _expect(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"a cached {type(value).__name__} where a {kind.__name__} belongs")
    return value
