"""Which mentions name one entity: the same name key, a country's other names, a foreign
name's two spellings, a first name or a shorter form of one full name; and a name found
once is found everywhere in the article."""

from __future__ import annotations

from collections import defaultdict

from ..arabic import name_key, normalize
from ..lexicon import lexicon
from ..model import Document, Mention, Sentence
from .mentions import KnownWords, country_names, strip_clitic, surface


def _contains(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


def _same_entity(short: str, long: str, kind: str) -> bool:
    """Whether the shorter key names the entity of the longer one."""
    s, lg = short.split(), long.split()
    if s == lg:
        return True
    if len(s) >= len(lg):
        return False
    if kind == "person":
        # a surname alone (with or without the article) or first + last name
        bare = [w[2:] if w.startswith("ال") else w for w in lg]
        return (s[-1] in (lg[-1], bare[-1]) or s == [lg[0], lg[-1]]) and len(s) <= 2
    return _contains(lg, s) and not all(w in lexicon().org_heads for w in s)


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Groups of mentions that name one entity; a type is decided by majority."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    countries = country_names(lexicon())
    for m in mentions:
        key = name_key(m.text)
        if m.type == "location" and key in countries:
            key = countries[key]
        by_key[key].append(m)
    key_type = _majority_types(by_key)
    keys = sorted(by_key, key=lambda k: (-len(k.split()), min(m.start for m in by_key[k])))
    owner = _owners(keys, key_type)
    groups: dict[str, list[Mention]] = defaultdict(list)
    for key in keys:
        root = key
        while root in owner:
            root = owner[root]
        for m in by_key[key]:
            m.type = key_type[root]
            groups[root].append(m)
    return [sorted(g, key=lambda m: m.start) for g in groups.values()]


def _majority_types(by_key: dict[str, list[Mention]]) -> dict[str, str]:
    """One type per name key: the majority of its mentions' (ties: the first seen)."""
    key_type = {}
    for key, group in by_key.items():
        counts: dict[str, int] = defaultdict(int)
        for m in group:
            counts[m.type] += 1
        key_type[key] = max(counts, key=lambda t: (counts[t], -[m.type for m in group].index(t)))
    return key_type


def _owners(keys: list[str], key_type: dict[str, str]) -> dict[str, str]:
    """The key each shorter or variant key belongs to (longest keys first in ``keys``)."""
    owner: dict[str, str] = {}
    # spellings of one foreign name: «يونغ» and «يونج» (غ and ج both write a g)
    spelled: dict[str, str] = {}
    for key in keys:
        loose = key.replace("غ", "ج")
        if loose in spelled and key_type[spelled[loose]] == key_type[key]:
            owner[key] = spelled[loose]
        spelled.setdefault(loose, key)
    # a first name alone is the person whose full name starts with it, if only one does
    first_names: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        if key_type[key] == "person" and len(key.split()) > 1 and key not in owner:
            first_names[key.split()[0]].append(key)
    for key in keys:
        if key_type[key] == "person" and len(first_names.get(key, ())) == 1:
            owner.setdefault(key, first_names[key][0])
    for key in keys:
        if key not in owner and (head := _containing(key, keys, owner, key_type)):
            owner[key] = head
    return owner


def _containing(key: str, keys: list[str], owner: dict[str, str],
                key_type: dict[str, str]) -> str | None:
    """The first longer key of the same type that names the same entity as ``key``."""
    for head in keys:
        if head == key or head in owner or key_type[head] != key_type[key]:
            continue
        if len(head.split()) > len(key.split()) and _same_entity(key, head, key_type[key]):
            return head
    return None


def find_more_mentions(doc: Document, groups: list[list[Mention]], known: KnownWords) -> None:
    """A name recognized once is recognized everywhere: add untagged occurrences of every
    form, then of a person's surname alone («المالكي» for «نوري المالكي») when no other
    person shares it."""
    # characters already inside a mention: an overlap test reads the candidate's own span
    # (a list of taken spans, scanned for every candidate, made long articles cubic)
    taken = bytearray(len(doc.text) + 1)
    for m in (m for g in groups for m in g):
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    positions, words_of = _word_positions(doc, known)
    for g, form in _searches(groups):
        group = groups[g]
        parts = form.split()
        n = len(parts)
        for sentence, i in positions.get(" ".join(parts[:2]), []):
            if words_of[sentence.id][i:i + n] != parts:
                continue
            tokens = sentence.tokens[i:i + n]
            if taken.find(1, tokens[0].start, tokens[-1].end) >= 0:
                continue
            offset, text = surface(doc, tokens, known)
            group.append(Mention(offset, tokens[-1].end, text, group[0].type, sentence.id))
            taken[offset:tokens[-1].end] = b"\x01" * (tokens[-1].end - offset)
    for group in groups:
        group.sort(key=lambda m: m.start)


def _word_positions(doc: Document, known: KnownWords) -> tuple[
        dict[str, list[tuple[Sentence, int]]], dict[str, list[str]]]:
    """(where each name key and each two-key pair starts, the keys of each sentence)."""
    positions: dict[str, list[tuple[Sentence, int]]] = defaultdict(list)
    words_of: dict[str, list[str]] = {}
    for sentence in doc.sentences:
        words = [name_key(strip_clitic(normalize(t.text), known)) for t in sentence.tokens]
        words_of[sentence.id] = words
        for i, word in enumerate(words):
            positions[word].append((sentence, i))
            if i + 1 < len(words):  # a name of two words or more is looked up by both
                positions[f"{word} {words[i + 1]}"].append((sentence, i))
    return positions, words_of


def _searches(groups: list[list[Mention]]) -> list[tuple[int, str]]:
    """(group, form) to look for: every form of every group, longest first, then the
    surname of a person no other person shares."""
    surnames: dict[str, list[int]] = defaultdict(list)
    for g, group in enumerate(groups):
        if group[0].type == "person":
            for m in group:
                parts = name_key(m.text).split()
                if len(parts) >= 2:
                    surnames[parts[-1]].append(g)
    # each form once: searching it again for every mention of it finds nothing new
    searches = list(dict.fromkeys((g, name_key(m.text)) for g, group in enumerate(groups)
                                  for m in group))
    searches.sort(key=lambda x: -len(x[1].split()))
    searches += [(owners[0], surname) for surname, owners in surnames.items()
                 if len(set(owners)) == 1 and len(surname) > 2]
    return searches
