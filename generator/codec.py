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
from typing import Any


def dumps(value: Any) -> bytes:
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":")).encode()


def loads(data: bytes, kind: Any) -> Any:
    """``kind`` (e.g. ``tuple[Document, list[Problem]]``) from :func:`dumps` output; raises
    ValueError for data that does not fit it."""
    return _build(kind, json.loads(data))


def plain(value: Any) -> Any:
    """A dataclass (or list, dict, date) as plain JSON values."""
    return _plain(value)


def build(kind: Any, value: Any) -> Any:
    """``kind`` from the plain values :func:`plain` gives; ValueError when they do not fit."""
    return _build(kind, value)


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


def _build(kind: Any, value: Any) -> Any:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        return _build(next(a for a in args if a is not type(None)), value)
    if origin is list:
        return [_build(args[0], v) for v in _expect(value, list)]
    if origin is tuple:
        items = _expect(value, list)
        if len(items) != len(args):
            raise ValueError("a cached tuple of the wrong length")
        return tuple(_build(a, v) for a, v in zip(args, items, strict=True))
    if origin is dict:
        return {k: _build(args[1], v) for k, v in _expect(value, dict).items()}
    if dataclasses.is_dataclass(kind):
        data = _expect(value, dict)
        hints = _hints(kind)
        return kind(**{f.name: _build(hints[f.name], data[f.name])
                       for f in dataclasses.fields(kind) if f.name in data})
    if kind is dt.date:
        return dt.date.fromisoformat(_expect(value, str))
    if kind is Any:
        return value
    if kind is float and isinstance(value, int):
        return float(value)
    return _expect(value, kind)


def _expect(value: Any, kind: type) -> Any:
    if not isinstance(value, kind):
        raise ValueError(f"a cached {type(value).__name__} where a {kind.__name__} belongs")
    return value
