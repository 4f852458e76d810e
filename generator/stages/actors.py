"""Stage 3, actors: adds ``doc.actors`` from the recognized entity spans.

Mentions of one entity are merged (full name, surname alone, clitics and spelling variants);
titles before a name and appositions after it become roles; organizations and places named in
a role, «بقيادة», «التابع ل» become affiliations. Generic groups and nationality adjectives
are not actors.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..arabic import (
    letters_offset,
    name_key,
    normalize,
    strip_conjunction_and_preposition,
    strip_known_clitic,
)
from ..lexicon import lexicon, read_table
from ..model import Actor, Document, Mention, Sentence, Token
from ..ner.tagger import spans
from ..spans import SpanIndex

TYPES = {"PERS": "person", "ORG": "organization", "LOC": "location"}
_PUNCT = re.compile(r"^[^\w]+$")
_ROLE_WINDOW = 9
# Words that end a title phrase when read backwards from a name (verbs and conjunctions).
_ROLE_STOP = {"ان", "إن", "أن", "قال", "وقال", "قالت", "وقالت", "اعلن", "واعلن", "كان", "وكان",
              "الذي", "التي", "مع", "عن", "على", "الى", "إلى", "من", "و", "او", "أو"}


def _nationalities() -> dict[str, list[str]]:
    return {normalize(row[0]): [name_key(n) for n in row[1].split("|")]
            for row in read_table("nationalities.tsv")}


def _surface(doc: Document, tokens: list[Token], known: KnownWords) -> tuple[int, str]:
    """Start offset and text of a mention without a leading conjunction or preposition.

    «للحرس الثوري» is named «الحرس الثوري» (the article's alef is dropped after ل).
    """
    first = tokens[0]
    raw = doc.text[first.start:tokens[-1].end]
    word = normalize(first.text)
    stripped = _strip(word, known)
    if stripped == word:
        return first.start, raw
    if stripped.startswith("ال") and not word.endswith(stripped):
        skip = letters_offset(first.text, len(word) - len(stripped) + 2)
        return first.start + skip, "ال" + raw[skip:]
    skip = letters_offset(first.text, len(word) - len(stripped))
    return first.start + skip, raw[skip:]


class KnownWords:
    """Words known on their own: the document's words and the gazetteer's names (looked up
    in both, not copied into one set: the gazetteer is large)."""

    def __init__(self, doc: Document):
        self.words = {normalize(t.text) for s in doc.sentences for t in s.tokens}
        self.names = lexicon().gazetteer

    def __contains__(self, word: object) -> bool:
        return word in self.words or word in self.names


def document_words(doc: Document) -> KnownWords:
    return KnownWords(doc)


def _strip(word: str, known: KnownWords) -> str:
    return strip_known_clitic(word, known, lexicon().gazetteer)


def _is_generic(key: str, lex) -> bool:
    if key in lex.generic_actors:
        return True
    words = key.split()
    # A head noun followed only by nationality adjectives: «القوات الاميركيه», «الحكومه العراقيه».
    if words and words[0] in lex.generic_heads and all(
            w.startswith("ال") and w.endswith(("ي", "يه", "يون", "يين")) for w in words[1:]):
        return True
    if len(words) != 1 or not words[0].startswith("ال"):
        return False
    word = words[0]
    # A title alone, or two or more of them: «الوزير», «الوزيران», «المسؤولون».
    for ending in ("", "ان", "ين", "ون", "ات"):
        if word.endswith(ending) and word[:len(word) - len(ending)] in lex.person_titles:
            return True
    # A nationality adjective alone: «الأميركي», «الإيرانيون».
    return word.endswith(("ي", "يه", "يون", "يين")) and not lex.gazetteer.get(word[2:])


def _strip_titles(tokens: list[Token], lex) -> list[Token]:
    """Drop leading title words that the recognizer put inside a person span."""
    while len(tokens) > 1 and strip_conjunction_and_preposition(
            normalize(tokens[0].text)) in lex.person_titles:
        tokens = tokens[1:]
    return tokens


def _org_rule_spans(sentence: Sentence, lex) -> list[tuple[int, int, str]]:
    """«وزارة الخارجية المصرية», «حركة حماس»: an organization head noun and the definite
    words or recognized names that follow it (the recognizer misses many of these)."""
    out = []
    tokens = sentence.tokens
    i = 0
    while i < len(tokens):
        word = strip_conjunction_and_preposition(normalize(tokens[i].text))
        if word not in lex.org_heads:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i <= 4:
            nxt = normalize(tokens[j].text)
            if nxt in lex.time_words:
                break
            named = tokens[j].tag.endswith(("ORG", "LOC"))  # not a person after it
            if nxt.startswith("ال") and nxt not in _RELATIVES or named:
                j += 1
                continue
            break
        if j > i + 1:
            out.append((i, j, "ORG"))
            i = j
        else:
            i += 1
    return out


def _institution_spans(sentence: Sentence, lex) -> list[tuple[int, int, str]]:
    """«البيت الأبيض», «الكرملين»: a seat that stands for the body, an organization."""
    words = [strip_conjunction_and_preposition(normalize(t.text)) for t in sentence.tokens]
    out = []
    for phrase in lex.institutions:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                out.append((i, i + n, "ORG"))
    return out


_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "الي", "الان", "اليوم"}


def collect_mentions(doc: Document, known: KnownWords) -> list[Mention]:
    lex = lexicon()
    mentions = []
    for sentence in doc.sentences:
        tags = [t.tag for t in sentence.tokens]
        found = [s for s in spans(tags) if s[2] in TYPES]
        for start, end, label in _org_rule_spans(sentence, lex) + _institution_spans(
                sentence, lex):
            # the rule's span wins over recognized spans it covers («حركة» + «حماس»)
            found = [s for s in found if s[1] <= start or s[0] >= end]
            found.append((start, end, label))
        for start, end, label in sorted(found):
            tokens = sentence.tokens[start:end]
            if label == "PERS":
                tokens = _strip_titles(tokens, lex)
            while tokens and (_PUNCT.match(tokens[-1].text)
                              or normalize(tokens[-1].text) in lex.time_words):
                tokens = tokens[:-1]
            if not tokens:
                continue
            offset, text = _surface(doc, tokens, known)
            key = name_key(text)
            if len(key) < 2 or _is_generic(key, lex):
                continue
            mentions.append(Mention(offset, tokens[-1].end, text, TYPES[label], sentence.id))
    return mentions


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
    for m in mentions:
        by_key[name_key(m.text)].append(m)
    # one type per key: the majority (ties: first seen)
    key_type = {}
    for key, group in by_key.items():
        counts: dict[str, int] = defaultdict(int)
        for m in group:
            counts[m.type] += 1
        key_type[key] = max(counts, key=lambda t: (counts[t], -[m.type for m in group].index(t)))
    keys = sorted(by_key, key=lambda k: (-len(k.split()), min(m.start for m in by_key[k])))
    owner: dict[str, str] = {}
    for key in keys:
        for head in keys:
            if head == key or head in owner or key_type[head] != key_type[key]:
                continue
            if len(head.split()) > len(key.split()) and _same_entity(key, head, key_type[key]):
                owner[key] = head
                break
    groups: dict[str, list[Mention]] = defaultdict(list)
    for key in keys:
        root = key
        while root in owner:
            root = owner[root]
        for m in by_key[key]:
            m.type = key_type[root]
            groups[root].append(m)
    return [sorted(g, key=lambda m: m.start) for g in groups.values()]


def _find_more_mentions(doc: Document, groups: list[list[Mention]], known: KnownWords) -> None:
    """A name recognized once is recognized everywhere: add untagged occurrences of every
    form, then of a person's surname alone («المالكي» for «نوري المالكي») when no other
    person shares it."""
    # characters already inside a mention: an overlap test reads the candidate's own span
    # (a list of taken spans, scanned for every candidate, made long articles cubic)
    taken = bytearray(len(doc.text) + 1)
    for m in (m for g in groups for m in g):
        taken[m.start:m.end] = b"\x01" * (m.end - m.start)
    positions: dict[str, list[tuple[Sentence, int]]] = defaultdict(list)
    words_of: dict[str, list[str]] = {}
    for sentence in doc.sentences:
        words = [name_key(_strip(normalize(t.text), known)) for t in sentence.tokens]
        words_of[sentence.id] = words
        for i, word in enumerate(words):
            positions[word].append((sentence, i))
            if i + 1 < len(words):  # a name of two words or more is looked up by both
                positions[f"{word} {words[i + 1]}"].append((sentence, i))
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
    for g, form in searches:
        group = groups[g]
        parts = form.split()
        n = len(parts)
        for sentence, i in positions.get(" ".join(parts[:2]), []):
            if words_of[sentence.id][i:i + n] != parts:
                continue
            tokens = sentence.tokens[i:i + n]
            if taken.find(1, tokens[0].start, tokens[-1].end) >= 0:
                continue
            offset, text = _surface(doc, tokens, known)
            group.append(Mention(offset, tokens[-1].end, text, group[0].type, sentence.id))
            taken[offset:tokens[-1].end] = b"\x01" * (tokens[-1].end - offset)
    for group in groups:
        group.sort(key=lambda m: m.start)


def _token_index(sentence: Sentence, offset: int) -> int | None:
    for i, t in enumerate(sentence.tokens):
        if t.start <= offset < t.end:
            return i
    return None


def _role_before(doc: Document, sentence: Sentence, index: int, lex) -> list[tuple[int, int]]:
    """Title phrases that end right before the token at ``index``: (start, end) offsets."""
    found = []
    lo = max(0, index - _ROLE_WINDOW)
    for j in range(index - 1, lo - 1, -1):
        tok = sentence.tokens[j]
        if _PUNCT.match(tok.text) or normalize(tok.text) in _ROLE_STOP:
            break
        word = strip_conjunction_and_preposition(normalize(tok.text))
        two = word + " " + strip_conjunction_and_preposition(
            normalize(sentence.tokens[j + 1].text)) if j + 1 < index else word
        if word in lex.person_titles or two in lex.person_titles:
            start = tok.start + (len(tok.text) - len(_clitic_free(tok.text)))
            found.append((start, sentence.tokens[index - 1].end))
    return found


def _clitic_free(word: str) -> str:
    """The word's surface without a leading و/ف (keeps the original letters)."""
    if len(word) > 3 and word[0] in "وف" and normalize(word[1:3]) in ("ال", "رئ", "وز", "نا"):
        return word[1:]
    return word


def _role_after(doc: Document, sentence: Sentence, index: int, lex) -> tuple[int, int] | None:
    """An apposition «X، رئيس …» after the mention ending at token ``index - 1``."""
    tokens = sentence.tokens
    if index + 1 >= len(tokens) or tokens[index].text not in ("،", ","):
        return None
    head = strip_conjunction_and_preposition(normalize(tokens[index + 1].text))
    if head not in lex.person_titles:
        return None
    end = index + 1
    while end + 1 < len(tokens) and end - index < _ROLE_WINDOW and not _PUNCT.match(
            tokens[end + 1].text) and normalize(tokens[end + 1].text) not in _ROLE_STOP:
        end += 1
    return tokens[index + 1].start, tokens[end].end


def build_actors(doc: Document) -> Document:
    """Adds ``doc.actors``: one per entity, most salient first, ids a1, a2, …"""
    if doc.dir != "rtl":
        return doc
    lex = lexicon()
    known = document_words(doc)
    # names seen alone are evidence too: «لروسيا» is «روسيا» when the recognizer tagged it
    groups = merge_mentions(collect_mentions(doc, known))
    _find_more_mentions(doc, groups, known)
    actors: list[Actor] = []
    first_sentence = {s.id: i for i, s in enumerate(doc.sentences)}
    n_sentences = max(len(doc.sentences), 1)
    for group in groups:
        forms: dict[str, str] = {}
        for m in group:
            forms.setdefault(name_key(m.text), m.text)
        name = max(forms.values(), key=lambda f: (len(f.split()), -list(forms.values()).index(f)))
        aliases = [f for f in forms.values() if f != name]
        kind = group[0].type
        position = min(first_sentence[m.sentence] for m in group) / n_sentences
        salience = len(group) + (1.0 - position) + (1.0 if kind == "person" else 0.0)
        actors.append(Actor(id="", name=name, type=kind, key=f"{kind}:{name_key(name)}",
                            aliases=aliases, mentions=group, salience=round(salience, 3)))
    actors.sort(key=lambda a: (-a.salience, a.mentions[0].start))
    for i, actor in enumerate(actors, start=1):
        actor.id = f"a{i}"
    doc.actors = actors
    _add_roles_and_affiliations(doc, lex)
    return doc


def _actor_at(mentions: SpanIndex, start: int, end: int) -> list[Actor]:
    """Actors mentioned inside ``start``–``end``, in actor order."""
    inside = [item for _, e, item in mentions.starting_in(start, end) if e <= end]
    return [a for _, a in sorted(inside, key=lambda item: item[0])]


def _add_roles_and_affiliations(doc: Document, lex) -> None:
    nationalities = _nationalities()
    keys = {name_key(f): a for a in doc.actors for f in [a.name, *a.aliases]}
    sentences = {s.id: s for s in doc.sentences}
    mentions = SpanIndex((m.start, m.end, (i, a)) for i, a in enumerate(doc.actors)
                         for m in a.mentions)
    for actor in doc.actors:
        if actor.type != "person":
            continue
        roles: list[str] = []
        affiliations: list[str] = []
        for m in actor.mentions:
            sentence = sentences[m.sentence]
            index = _token_index(sentence, m.start)
            if index is None:
                continue
            after_index = _token_index(sentence, m.end - 1)
            spans_ = _role_before(doc, sentence, index, lex)
            after = _role_after(doc, sentence, (after_index or index) + 1, lex)
            if after:
                spans_.append(after)
            for start, end in spans_:
                role = doc.text[start:end].strip(" ،,")
                if role and role not in roles:
                    roles.append(role)
                for other in _actor_at(mentions, start, end):
                    if other is not actor and other.id not in affiliations:
                        affiliations.append(other.id)
                for word in normalize(role).split():
                    for country in nationalities.get(strip_conjunction_and_preposition(word), []):
                        linked = keys.get(country)
                        if linked and linked is not actor and linked.id not in affiliations:
                            affiliations.append(linked.id)
                            break
        actor.roles = roles
        actor.affiliations = affiliations
    _add_stated_links(doc)


def _add_stated_links(doc: Document) -> None:
    """«X بقيادة Y» (Y is affiliated with X) and «X التابع ل Y» (X with Y)."""
    for sentence in doc.sentences:
        words = [normalize(t.text) for t in sentence.tokens]
        for i, word in enumerate(words):
            if word == "بقياده" and i > 0 and i + 1 < len(words):
                left = _actor_ending_at(doc, sentence.tokens[i - 1].end)
                right = _actor_starting_at(doc, sentence.tokens[i + 1].start)
                if left and right and left is not right:
                    _link(right, left)
            if word in ("التابع", "التابعه", "التابعين") and i > 0 and i + 1 < len(words):
                left = _actor_ending_at(doc, sentence.tokens[i - 1].end)
                right = _actor_starting_at(doc, sentence.tokens[i + 1].start, fuzzy=True)
                if left and right and left is not right:
                    _link(left, right)


def _link(actor: Actor, to: Actor) -> None:
    if to.id not in actor.affiliations:
        actor.affiliations.append(to.id)


def _actor_ending_at(doc: Document, end: int) -> Actor | None:
    return next((a for a in doc.actors for m in a.mentions if m.end == end), None)


def _actor_starting_at(doc: Document, start: int, fuzzy: bool = False) -> Actor | None:
    slack = 2 if fuzzy else 0  # «للحرس» starts two letters before the name's «ال»
    return next((a for a in doc.actors for m in a.mentions
                 if start <= m.start <= start + slack), None)
