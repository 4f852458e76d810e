"""ASCII addresses for briefings and actors (ids stay ASCII, labels stay Arabic)."""

from __future__ import annotations

import functools
import hashlib

from camel_tools.utils.charmap import CharMapper

_TRANSLITERATE = CharMapper.builtin_mapper("ar2safebw")


def slugify(stem: str) -> str:
    """An ASCII address for a seed: Arabic transliterated, other characters dashed."""
    text = _TRANSLITERATE(stem).lower()
    out = [ch if ch.isascii() and (ch.isalnum() or ch == "_") else "-" for ch in text]
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:80] or "briefing"


@functools.lru_cache(maxsize=1 << 16)
def actor_slug(key: str) -> str:
    """A stable file name for an actor key: transliteration, plus a short hash so that names
    differing only in letter case after transliteration stay apart."""
    name = key.partition(":")[2]
    ascii_name = "".join(c if c.isascii() and c.isalnum() else "-"
                         for c in _TRANSLITERATE(name).lower())
    ascii_name = "-".join(p for p in ascii_name.split("-") if p)[:40] or "actor"
    return f"{ascii_name}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"
