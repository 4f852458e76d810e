"""Lookups over character spans (mentions, expressions) that do not rescan them all.

Stages ask "is this span inside a mention?" and "which actors are mentioned between these
offsets?" once per candidate; answering by scanning every mention made long articles
quadratic. Here each question is a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class SpanIndex(Generic[T]):
    """Spans ``(start, end, item)``, sorted by start once."""

    def __init__(self, spans: Iterable[tuple[int, int, T]]):
        self.spans = sorted(spans, key=lambda s: (s[0], s[1]))
        self.starts = [s[0] for s in self.spans]
        # the furthest end among spans starting at or before each one
        self.reach = list(accumulate((s[1] for s in self.spans), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether one span holds all of ``start``–``end``."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def starting_in(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """Spans that start at or after ``start`` and before ``end``, by start."""
        return self.spans[bisect_left(self.starts, start):bisect_left(self.starts, end)]
