"""The site's search index, sharded so a query reads a few small files whatever the site's size.

The page (static/search.js) matches a query the way it always did: each folded query word
must occur *anywhere* in an entry's folded text («اميركي» finds «والاميركيه»: Arabic glues
conjunctions, prepositions and the article onto words, so a word search would miss them);
when no entry holds every word, the words' skeletons are matched against the entries' word
skeletons instead («امريكا» finds «أميركا», «ترمب» finds «ترامب»). A query word never holds
a space, so it occurs in a text exactly when it begins one of the suffixes of one of the
text's words. The index is therefore a tree of word suffixes:

- every suffix (its first :data:`MAX_SUFFIX` letters) of every distinct word, with the
  entries holding a word that ends that way, sorted and cut by the letters they begin with
  into leaves of at most about :data:`LEAF_BYTES` bytes; a prefix too big for one leaf is
  an inner node that lists its next letters, and keeps apart the union of its entries (the
  answer for a query word that is exactly that prefix);
- one tree for the folded words (``search/w/``), one for their skeletons (``search/k/``);
- one small file per briefing (``search/d/``: title, address, date and sentences) and
  one per 32 actors (``search/a/``), fetched only for the results shown.

A query word thus reads a few inner nodes of a few hundred bytes and one leaf (or one
union), and a query the files of at most :data:`RESULTS` entries.

Entry numbers are written as text in an alphabet of 64 letters, either as gaps (5 bits a
letter, a letter ≥ 32 carrying more bits) or, when denser, as a bitmap after ``~`` (6
entries a letter). :class:`SearchIndex` reads the files as the page does; the tests and
``make bench`` use it.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .arabic import search_key
from .arabic import search_skeleton as skeleton

LEAF_BYTES = 16_000
MAX_DEPTH = 16  # letters in a file name; a node that deep is a leaf whatever its size
MAX_SUFFIX = 40  # letters of a suffix kept: a longer query word matches on its first 40
RESULTS = 50  # entries the page shows (and fetches)
DOCS_PER_FOLDER = 1000
ACTORS_PER_FILE = 32  # an actor's entry is a name and an address: small
ENCODE_CHUNK = 1 << 20  # entry numbers encoded at once
SCHEMA = 1

# JavaScript's \s, which the page splits on (Python's differs: no U+FEFF, but U+001C–U+001F)
_JS_SPACE = re.compile("[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f"
                       "\u3000\ufeff]+")
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


def words(folded: str) -> list[str]:
    """The words of a folded text, split where the page splits them."""
    return [w for w in _JS_SPACE.split(folded) if w]


def node_name(prefix: str) -> str:
    """A file name for a prefix: its code points in hex («اب» → ``627-628``)."""
    return "-".join(f"{ord(ch):x}" for ch in prefix)


def doc_path(number: int) -> str:
    """The file of briefing ``number``."""
    return f"d/{number // DOCS_PER_FOLDER}/{number}.json"


def actor_path(number: int) -> str:
    """The file holding actor ``number`` (counted from the first actor)."""
    return f"a/{number // ACTORS_PER_FILE}.json"


def encode_all(flat: np.ndarray, offsets: np.ndarray) -> list[str]:
    """Each run ``flat[offsets[i]:offsets[i + 1]]`` of sorted entry numbers as text: gaps or
    a bitmap, whichever is shorter. Runs are many and mostly short: encoded together, a
    million numbers at a time (a few times that in bytes of memory)."""
    codes: list[str] = []
    first = 0
    while first < len(offsets) - 1:
        last = max(first + 1, int(np.searchsorted(offsets, offsets[first] + ENCODE_CHUNK)) - 1)
        last = min(last, len(offsets) - 1)
        codes += _encode_runs(flat[offsets[first]:offsets[last]],
                              offsets[first:last + 1] - offsets[first])
        first = last
    return codes


def _encode_runs(flat: np.ndarray, offsets: np.ndarray) -> list[str]:
    gaps = np.empty(len(flat), dtype=np.int64)
    gaps[1:] = flat[1:]
    gaps[1:] -= flat[:-1]
    gaps[offsets[:-1]] = flat[offsets[:-1]] + 1  # a run's first number: its gap from -1
    gaps -= 1
    digits = np.ones(len(flat), dtype=np.int64)
    for k in range(1, 7):
        digits += gaps >= 32 ** k
    ends = np.cumsum(digits)
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    for k in range(int(digits.max())):  # k-th 5-bit digit from the end; only the last is < 32
        has = digits > k
        out[ends[has] - 1 - k] = _ALPHABET_BYTES[((gaps[has] >> (5 * k)) & 31) + (32 if k else 0)]
    text = out.tobytes().decode("ascii")
    bounds = np.concatenate([[0], ends])[offsets].tolist()
    codes = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    lengths = np.diff(bounds)
    largest = flat[offsets[1:] - 1]
    for i in np.flatnonzero(lengths * 6 > largest + 1).tolist():
        codes[i] = _bitmap(flat[offsets[i]:offsets[i + 1]])
    return codes


def _bitmap(ids: np.ndarray) -> str:
    bits = np.zeros((int(ids[-1]) // 6 + 1) * 6, dtype=np.uint8)
    bits[ids] = 1
    values = bits.reshape(-1, 6) @ (1 << np.arange(6, dtype=np.uint8))
    return "~" + _ALPHABET_BYTES[values].tobytes().decode("ascii")


def encode(ids: np.ndarray) -> str:
    """Sorted entry numbers as text (see :func:`encode_all`)."""
    return encode_all(np.asarray(ids, dtype=np.int64), np.array([0, len(ids)]))[0]


def decode(text: str) -> list[int]:
    """The entry numbers :func:`encode` wrote."""
    out: list[int] = []
    if text.startswith("~"):
        for k, ch in enumerate(text[1:]):
            value = _VALUE[ch]
            out.extend(6 * k + b for b in range(6) if value >> b & 1)
        return out
    previous, value = -1, 0
    for ch in text:
        x = _VALUE[ch]
        if x >= 32:
            value = value * 32 + x - 32
        else:
            previous += value * 32 + x + 1
            out.append(previous)
            value = 0
    return out


def write_index(briefings: Iterable[tuple[str, dict[str, Any]]],
                actors: Iterable[tuple[str, dict[str, Any]]], folder: Path) -> int:
    """Write the index of the entries (folded text, what a result shows) into ``folder``,
    which is in the staging folder the build swaps in whole: a file per briefing, a file per
    :data:`ACTORS_PER_FILE` actors (a title and an address each). Returns the number of
    entries.

    Entries stream through: only each distinct word's entry numbers are kept."""
    postings: dict[str, array] = {}
    count = 0

    def index(folded: str) -> int:
        nonlocal count
        for word in set(words(folded)):
            held = postings.get(word)
            if held is None:
                postings[word] = held = array("i")
            held.append(count)
        count += 1
        return count - 1

    for folded, shown in briefings:
        _write_json(folder / doc_path(index(folded)), shown)
    first_actor = count
    pack: list[dict[str, Any]] = []
    for folded, shown in actors:
        index(folded)
        pack.append(shown)
        if len(pack) == ACTORS_PER_FILE:
            _write_json(folder / actor_path(count - 1 - first_actor), pack)
            pack = []
    if pack:
        _write_json(folder / actor_path(count - 1 - first_actor), pack)
    skeletons: dict[str, list[array]] = {}
    for word, held in postings.items():
        skeletons.setdefault(skeleton(word), []).append(held)
    roots = {}
    for tree, grouped in (("w", {w: [h] for w, h in postings.items()}), ("k", skeletons)):
        roots[tree] = _Tree(folder / tree, *_suffix_postings(grouped)).write_root()
    _write_json(folder / "meta.json", {"schema": SCHEMA, "entries": count,
                                       "briefings": first_actor, "max_suffix": MAX_SUFFIX,
                                       "results": RESULTS, "docs_per_folder": DOCS_PER_FOLDER,
                                       "actors_per_file": ACTORS_PER_FILE, **roots})
    return count


def _suffix_postings(grouped: dict[str, list[array]]) -> tuple[list[str], np.ndarray,
                                                                   np.ndarray]:
    """Every suffix of every word (cut to MAX_SUFFIX letters), sorted, with the sorted numbers
    of the entries holding a word that ends so: all in one array, suffix i's from
    ``offsets[i]`` to ``offsets[i + 1]``."""
    lists: dict[str, list[array]] = {}
    for word, helds in grouped.items():
        for i in range(len(word)):
            lists.setdefault(word[i:i + MAX_SUFFIX], []).extend(helds)
    suffixes = sorted(lists)
    flat = array("i")  # grown in place: no second copy of every number
    offsets = [0]
    for suffix in suffixes:
        helds = lists.pop(suffix)
        if len(helds) == 1:
            flat.extend(helds[0])
        elif sum(map(len, helds)) < 256:
            flat.extend(sorted(set().union(*helds)))
        else:
            flat.frombytes(np.unique(np.concatenate(
                [np.frombuffer(h, dtype=np.int32) for h in helds])).astype(np.int32).tobytes())
        offsets.append(len(flat))
    return suffixes, np.frombuffer(flat, dtype=np.int32), np.array(offsets, dtype=np.int64)


class _Tree:
    """Writes the sorted suffixes as nodes: a leaf when small enough, else one node per next
    letter."""

    def __init__(self, folder: Path, suffixes: list[str], flat: np.ndarray, offsets: np.ndarray):
        self.folder = folder
        self.suffixes = suffixes
        self.flat, self.offsets = flat, offsets
        self.codes = encode_all(flat, offsets) if suffixes else []
        # bytes of an entry in a leaf, without its prefix: ["rest","code"], in JSON
        sizes = [len(s.encode()) + len(c) + 6 for s, c in zip(suffixes, self.codes, strict=True)]
        self.cumulative = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])

    def write_root(self) -> dict[str, int | str]:
        return self._children(0, len(self.suffixes), 0)[0] if self.suffixes else {}

    def _ids(self, lo: int, hi: int) -> np.ndarray:
        """Entry numbers of suffixes lo..hi, merged."""
        return np.unique(self.flat[self.offsets[lo]:self.offsets[hi]])

    def _size(self, lo: int, hi: int, depth: int) -> int:
        """Bytes of suffixes lo..hi in a leaf, without their first ``depth`` letters."""
        cut = len(self.suffixes[lo][:depth].encode())
        return int(self.cumulative[hi] - self.cumulative[lo]) - (hi - lo) * cut

    def _children(self, lo: int, hi: int, depth: int) -> tuple[dict[str, int | str],
                                                               list[np.ndarray]]:
        """Write the nodes one letter deeper than ``depth`` over suffixes lo..hi (which share
        their first ``depth`` letters); return their letters and their entry numbers. A
        letter maps to 1 (an inner node) or to the letter naming the leaf that holds it:
        small neighbouring leaves share one file of at most LEAF_BYTES."""
        children: dict[str, int | str] = {}
        unions = []
        i = lo
        while i < hi and len(self.suffixes[i]) == depth:  # the prefix itself: in the union
            unions.append(self._ids(i, i + 1))
            i += 1
        leaf: list[str] = []  # letters of the leaf being filled, from suffix `start` on
        start = i

        def close_leaf(end: int) -> None:
            if leaf:
                name = node_name(self.suffixes[start][:depth + 1])
                _write_json(self.folder / f"{name}.json", {"e": [
                    [self.suffixes[k][depth:], self.codes[k]] for k in range(start, end)]})
                children.update((letter, leaf[0]) for letter in leaf)
                unions.append(self._ids(start, end))
                leaf.clear()

        while i < hi:
            letter = self.suffixes[i][depth]
            j = i + 1
            while j < hi and self.suffixes[j][depth] == letter:
                j += 1
            if (self._size(i, j, depth + 1) <= LEAF_BYTES or depth + 1 >= MAX_DEPTH
                    or j - i == 1):
                if leaf and self._size(start, j, depth) > LEAF_BYTES:
                    close_leaf(i)
                if not leaf:
                    start = i
                leaf.append(letter)
            else:
                close_leaf(i)
                children[letter], ids = 1, self._inner(i, j, depth + 1)
                unions.append(ids)
            i = j
        close_leaf(hi)
        return children, unions

    def _inner(self, lo: int, hi: int, depth: int) -> np.ndarray:
        name = node_name(self.suffixes[lo][:depth])
        children, unions = self._children(lo, hi, depth)
        ids = np.unique(np.concatenate(unions))
        _write_json(self.folder / f"{name}.json", {"c": children})
        _write_json(self.folder / f"{name}.all.json", {"a": encode(ids)})
        return ids


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


@dataclass
class Answer:
    """What a query gives: how many entries match, the shown ones' files, and every file read
    (with the bytes it took)."""
    total: int
    shown: list[dict[str, Any]]
    read: dict[str, int] = field(default_factory=dict)

    @property
    def bytes_read(self) -> int:
        return sum(self.read.values())


class SearchIndex:
    """Answers a query from the files, reading only what static/search.js fetches."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.read: dict[str, int] = {}
        self.meta = self._load("meta.json")

    def _load(self, name: str) -> Any:
        data = (self.folder / name).read_bytes()
        self.read[name] = len(data)
        return json.loads(data)

    def entries_having(self, tree: str, word: str) -> set[int]:
        """Numbers of the entries with ``word`` in a word of theirs (tree "w") or in a word
        skeleton (tree "k")."""
        letters = word[:self.meta["max_suffix"]]
        children = self.meta[tree]
        for depth in range(1, len(letters) + 1):
            kind = children.get(letters[depth - 1])
            if kind is None:
                return set()
            if kind != 1:  # a leaf, in the file named by its first letter
                rest = letters[depth - 1:]
                name = f"{tree}/{node_name(letters[:depth - 1] + kind)}"
                return {i for r, code in self._load(f"{name}.json")["e"]
                        if r.startswith(rest) for i in decode(code)}
            name = f"{tree}/{node_name(letters[:depth])}"
            if depth == len(letters):
                return set(decode(self._load(f"{name}.all.json")["a"]))
            children = self._load(f"{name}.json")["c"]
        return set()

    def query(self, text: str) -> Answer:
        self.read = {}
        self.read["meta.json"] = (self.folder / "meta.json").stat().st_size
        folded = words(search_key(text))
        if not folded:
            return Answer(0, [], dict(self.read))
        hits = self._matching("w", folded) or self._matching("k", [skeleton(w) for w in folded])
        ordered = sorted(hits)
        shown = [self._shown(i) for i in ordered[:self.meta["results"]]]
        return Answer(len(ordered), shown, dict(self.read))

    def _shown(self, number: int) -> dict[str, Any]:
        actor = number - self.meta["briefings"]
        if actor < 0:
            return self._load(doc_path(number))
        return self._load(actor_path(actor))[actor % self.meta["actors_per_file"]]

    def _matching(self, tree: str, query: list[str]) -> set[int]:
        hits: set[int] | None = None
        for word in query:
            found = self.entries_having(tree, word)
            hits = found if hits is None else hits & found
            if not hits:
                return set()
        return hits or set()
