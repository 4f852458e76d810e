"""Cross-briefing identity: the same entity in two articles is one actor on the site.

Each actor carries a ``key`` (type and normalized full name) that does not depend on other
articles, so briefing ids stay stable as the archive grows. Keys are merged here, site-wide:
a person named by surname alone in one article («أوباما») joins the one person whose full
name ends with that surname elsewhere («باراك أوباما»); when two people share the surname
(«باراك أوباما», «ميشيل أوباما») the surname alone stays apart, since it could be either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .clitics import strip_article


def _surname(words: list[str]) -> str:
    return strip_article(words[-1])


def merge_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each actor key → the site-wide key it belongs to."""
    keys = sorted(set(keys))
    merged = {key: key for key in keys}
    full_by_surname: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        kind, _, name = key.partition(":")
        words = name.split()
        if kind == "person" and len(words) >= 2:
            full_by_surname[_surname(words)].add(key)
    for key in keys:
        kind, _, name = key.partition(":")
        words = name.split()
        if kind == "person" and len(words) == 1:
            owners = full_by_surname.get(_surname(words), set())
            if len(owners) == 1:
                merged[key] = next(iter(owners))
    return merged
