"""Stage 3, actors: adds ``doc.actors`` from the recognized entity spans.

Mentions of one entity are merged (full name, surname alone, clitics and spelling variants,
a country's other names); titles before a name and appositions after it become roles;
organizations and places named in a role, a nationality adjective in a title or a body's
name, «بقيادة», «التابع ل», «المنضوية تحت» become affiliations. Generic and pejorative
groups, event nouns and nationality adjectives are not actors.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from ..arabic import letters_offset, name_key, normalize
from ..clitics import (
    TITLE_PREFIXES,
    strip_clitic_before,
    strip_conjunction_and_preposition,
    strip_known_clitic,
)
from ..lexicon import lexicon, word_set, word_tuple
from ..model import Actor, Document, Mention, Sentence, Token
from ..ner.tagger import is_common_word, spans
from ..spans import SpanIndex

TYPES = {"PERS": "person", "ORG": "organization", "LOC": "location"}
# An entity none of whose names the recognizer was this sure of is left out: a wrong actor
# costs an analyst more than a missed one (on the train gold, 0.6 scored best of 0, 0.6, 0.8).
MIN_CONFIDENCE = 0.6
_PUNCT = re.compile(r"^[^\w]+$")
_ROLE_WINDOW = 9
# Words that end a title phrase when read backwards from a name (verbs and conjunctions).
_ROLE_STOP = word_set("role_stop")
_TO = normalize("إلى")


def _ends_title(tokens: list[Token], j: int) -> bool:
    """Whether token j ends a title read back from a name: punctuation, a verb or a
    preposition («وحصل الرئيس على دعم الوزير X»), except «إلى» before a place, which is part
    of an envoy's title («المبعوث الأممي إلى اليمن X»)."""
    word = normalize(tokens[j].text)
    if word == _TO and j + 1 < len(tokens) and tokens[j + 1].tag.endswith("LOC"):
        return False
    return bool(_PUNCT.match(tokens[j].text)) or word in _ROLE_STOP


_NISBA_ENDINGS = (("يتان", "ي"), ("يين", "ي"), ("يون", "ي"), ("يات", "ي"), ("يه", "ي"))


def country_of(word: str, lex) -> tuple[str, ...]:
    """Name keys of the country a nationality adjective points to, in any gender or number:
    «الأميركية», «والأميركيون» → الولايات المتحدة, أميركا, أمريكا."""
    w = strip_conjunction_and_preposition(normalize(word))
    for ending, repl in _NISBA_ENDINGS:
        if w.endswith(ending):
            w = w[:-len(ending)] + repl
            break
    return lex.nationalities.get(w, ())


def _country_names(lex) -> dict[str, str]:
    """Each country name key → the key of the country's first listed name (one actor for
    «أميركا» and «الولايات المتحدة»)."""
    return {name: names[0] for names in lex.nationalities.values() for name in names}


def _surface(doc: Document, tokens: list[Token], known: KnownWords) -> tuple[int, str]:
    """Start offset and text of a mention without a leading conjunction or preposition.

    «للحرس الثوري» is named «الحرس الثوري» (the article's alef is dropped after ل).
    """
    first = tokens[0]
    raw = doc.text[first.start:tokens[-1].end]
    word = normalize(first.text)
    stripped = _strip(word, known)
    if stripped == word and len(tokens) > 1 and word not in lexicon().org_heads:
        # «لمكتب التحقيقات الفيدرالي», «وقوات التحالف»: a clitic before the head noun of a
        # longer organization name, though the head noun never stands alone in the article
        stripped = strip_known_clitic(word, lexicon().org_heads, known.names)
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
    return strip_known_clitic(word, known.words, known.names)


def _is_generic(key: str, lex) -> bool:
    if key in lex.generic_actors:
        return True
    if key in _country_names(lex):  # «السعودية» looks like a nationality adjective
        return False
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


_ATTACHED = word_tuple("attached")


def _trim(tokens: list[Token], label: str, lex, known: KnownWords) -> list[Token]:
    """A recognized span without the words around the name that are not the name.

    In front: titles of a person («الرئيس»), event nouns («زيارة العطار» names the visit,
    not the man). At the end: punctuation and time words, titles («الحرس الثوري الجنرال»),
    «التابع» («لواء الفتح التابع»), after a person or place a word with a preposition
    attached («العطار لدمشق»: the name does not go on after ل or ب; an organization's does,
    «المرصد السوري لحقوق الإنسان»), and after a place a nationality adjective («حمص
    السورية» is حمص, in Syria)."""
    def word(token: Token) -> str:
        return strip_conjunction_and_preposition(normalize(token.text))

    while len(tokens) > 1 and (word(tokens[0]) in lex.event_nouns or (
            label == "PERS" and word(tokens[0]) in lex.person_titles)):
        tokens = tokens[1:]
    while tokens:
        last = normalize(tokens[-1].text)
        plain = word(tokens[-1])
        if _PUNCT.match(tokens[-1].text) or last in lex.time_words:
            tokens = tokens[:-1]
            continue
        if len(tokens) > 1 and (plain in lex.person_titles or plain in _ATTACHED
                                or (label != "ORG" and _preposition_attached(last, known))
                                or (label == "LOC" and country_of(last, lex)
                                    and name_key(" ".join(t.text for t in tokens))
                                    not in _country_names(lex)
                                    and not _names_a_state(tokens[:-1], lex))):
            tokens = tokens[:-1]
            continue
        break
    return tokens


def _names_a_state(tokens: list[Token], lex) -> bool:
    """«المملكة العربية», «شبه الجزيرة»: a state's or region's head noun, which the
    nationality adjective after it completes rather than locates."""
    for token in tokens:
        word = strip_conjunction_and_preposition(normalize(token.text))
        if (word[2:] if word.startswith("ال") else word) in lex.state_heads:
            return True
    return False


def _preposition_attached(word: str, known: KnownWords) -> bool:
    """«لبغداد», «للتسميم», «بالعراق», «لصحفيين»: ب/ل (or لل) before a word known on its
    own, in the article or as a common word of the news; not a name of its own («لافروف»)."""
    if word[:1] not in ("ب", "ل") or word in known.names or len(word) < 4:
        return False
    if word.startswith("لل") or word[1:3] == "ال":
        return True
    return word[1:] in known or is_common_word(word[1:])


@functools.cache
def _listed_names() -> dict[str, list[tuple[str, ...]]]:
    """Listed seats and outlets by their first word, longest first."""
    lex = lexicon()
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for phrase in sorted(lex.institutions | lex.media, key=len, reverse=True):
        by_first[phrase[0]].append(phrase)
    return by_first


def _preposition_and_noun(token: str, known: KnownWords) -> bool:
    """«بخلايا»: ب/ل and a common word, neither a name: no name alone (unlike «لبغداد»)."""
    word = normalize(token)
    return (word[:1] in ("ب", "ل") and len(word) > 3 and word not in known.names
            and word[1:] not in known.names and is_common_word(word[1:]))


def _institution_spans(sentence: Sentence) -> list[tuple[int, int, int]]:
    """«البيت الأبيض», «الكرملين»: a seat that stands for the body; «رويترز», «تويتر»: a
    news outlet or network. Organizations, the longest listed name first («روسيا اليوم»,
    not «روسيا»), as (start, end, letters of a clitic before the name: 1 for «لبي بي سي»)."""
    words = [strip_conjunction_and_preposition(normalize(t.text)) for t in sentence.tokens]
    listed = _listed_names()
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(words):
        first = words[i]
        bare = first[1:] if first[:1] in ("و", "ف", "ب", "ل") else ""
        match = next(((len(phrase), skip)
                      for skip, key in ((0, first), (1, bare)) if key
                      for phrase in listed.get(key, ())
                      if tuple(words[i + 1:i + len(phrase)]) == phrase[1:]), None)
        if match:
            out.append((i, i + match[0], match[1]))
            i += match[0]
        else:
            i += 1
    return out


def collect_mentions(doc: Document, known: KnownWords) -> list[Mention]:
    lex = lexicon()
    mentions = []
    for sentence in doc.sentences:
        tags = [t.tag for t in sentence.tokens]
        found = [(*s, None) for s in spans(tags) if s[2] in TYPES]
        for start, end, skip in _institution_spans(sentence):
            # the listed name wins over recognized spans it overlaps, and is whole
            found = [s for s in found if s[1] <= start or s[0] >= end]
            found.append((start, end, "ORG", skip))
        for start, end, label, skip in sorted(found):
            tokens = sentence.tokens[start:end]
            if skip is None:
                tokens = _trim(tokens, label, lex, known)
            if not tokens or (len(tokens) == 1 and _preposition_and_noun(tokens[0].text, known)):
                continue
            if skip:  # «لبي بي سي»: the clitic goes, whether or not «بي» is a word
                offset = tokens[0].start + letters_offset(tokens[0].text, skip)
                text = doc.text[offset:tokens[-1].end]
            else:
                offset, text = _surface(doc, tokens, known)
            key = name_key(text)
            if len(key) < 2 or _is_generic(key, lex):
                continue
            mentions.append(Mention(offset, tokens[-1].end, text, TYPES[label], sentence.id,
                                    min(t.confidence for t in tokens)))
    return mentions


def split_joined_names(mentions: list[Mention]) -> list[Mention]:
    """«والتقى سامي الخطيب نبيل حداد»: Arabic puts the object right after the subject with
    nothing between, so two people's names can be read as one. A person's name is cut in two
    where both halves (two words or more each) are names the article also uses alone."""
    alone = {name_key(m.text) for m in mentions if m.type == "person"}
    out = []
    for m in mentions:
        words = list(re.finditer(r"\S+", m.text))
        cut = next((k for k in range(2, len(words) - 1) if m.type == "person"
                    and name_key(m.text[:words[k - 1].end()]) in alone
                    and name_key(m.text[words[k].start():]) in alone), None)
        if cut is None:
            out.append(m)
            continue
        head_end, tail_start = words[cut - 1].end(), words[cut].start()
        out.append(Mention(m.start, m.start + head_end, m.text[:head_end], m.type, m.sentence,
                           m.confidence))
        out.append(Mention(m.start + tail_start, m.end, m.text[tail_start:], m.type,
                           m.sentence, m.confidence))
    return out


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
    countries = _country_names(lexicon())
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


def _find_more_mentions(doc: Document, groups: list[list[Mention]], known: KnownWords) -> None:
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
            offset, text = _surface(doc, tokens, known)
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
        words = [name_key(_strip(normalize(t.text), known)) for t in sentence.tokens]
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


def _token_index(sentence: Sentence, offset: int) -> int | None:
    for i, t in enumerate(sentence.tokens):
        if t.start <= offset < t.end:
            return i
    return None


def _role_before(sentence: Sentence, index: int, lex,
                 taken: set[int]) -> list[tuple[int, int]]:
    """Title phrases that end right before the token at ``index``: (start, end) offsets.
    A title never reaches back over another person's name (``taken``: their tokens'
    offsets): in «رئيس الوزراء X ووزير الخارجية Y», Y's title starts at «وزير»."""
    found = []
    lo = max(0, index - _ROLE_WINDOW)
    if index > 1 and sentence.tokens[index - 1].text in ("،", ","):
        index -= 1  # «رئيس الوزراء الإيطالي، جوزيبي كونتي»
        lo = max(0, index - _ROLE_WINDOW)
    for j in range(index - 1, lo - 1, -1):
        tok = sentence.tokens[j]
        if _ends_title(sentence.tokens, j) or tok.start in taken:
            break
        word = _title_form(normalize(tok.text), lex)
        two = word + " " + strip_conjunction_and_preposition(
            normalize(sentence.tokens[j + 1].text)) if j + 1 < index else word
        if word in lex.person_titles or two in lex.person_titles:
            end = sentence.tokens[index - 1].end
            if found and j < index - 1 and found[0][0] == sentence.tokens[index - 1].start:
                # «قائد لواء الفتح … العميد X»: the rank right before the name is a title
                # of its own, not the end of the longer one
                end = sentence.tokens[index - 2].end
            found.append((tok.start + _clitic_length(tok.text, lex), end))
    return found


def _clitic_letters(norm: str, lex) -> int:
    """Letters of a normalized word before its title: «وزير» in «ووزير», «السفير» in
    «بالسفير»; «للمرشد» is cut to «مرشد» (the role gets its article back)."""
    plain = strip_conjunction_and_preposition(norm)
    if plain != norm:
        if not norm.endswith(plain):  # «للمرشد»: the article's alef is dropped
            return len(norm) - len(plain) + 2
        return len(norm) - len(plain)
    if norm in lex.person_titles:
        return 0
    clitic, _ = strip_clitic_before(norm, lex.person_titles, TITLE_PREFIXES) or ("", "")
    return len(clitic)


def _title_form(norm: str, lex) -> str:
    """A normalized word as looked up among titles: without its clitics, article kept."""
    plain = strip_conjunction_and_preposition(norm)
    return plain if plain != norm else norm[_clitic_letters(norm, lex):]


def _clitic_length(word: str, lex) -> int:
    """:func:`_clitic_letters` as an index into the word as written (marks skipped)."""
    return letters_offset(word, _clitic_letters(normalize(word), lex))


# Title words that after a name start something else: «X كبير …» is rarely a title.
_NOT_AFTER = word_set("not_after")


def _role_after(sentence: Sentence, index: int, lex,
                taken: set[int]) -> tuple[int, int] | None:
    """An apposition after the mention ending at token ``index - 1``: «X، رئيس …» or
    «X وزيرة الخارجية …». It ends at punctuation or a verb or particle that ends a title;
    a title that runs into another person's name is theirs («التقى X الرئيس الروسي Y»)."""
    tokens = sentence.tokens
    comma = index < len(tokens) and tokens[index].text in ("،", ",")
    index += comma
    if index >= len(tokens):
        return None
    head = _title_form(normalize(tokens[index].text), lex)
    two = head + " " + normalize(tokens[index + 1].text) if index + 1 < len(tokens) else head
    if (head not in lex.person_titles and two not in lex.person_titles) or head in _NOT_AFTER:
        return None
    end = index
    while end + 1 < len(tokens) and end + 1 - index < _ROLE_WINDOW and not _PUNCT.match(
            tokens[end + 1].text) and normalize(tokens[end + 1].text) not in _ROLE_STOP:
        if tokens[end + 1].start in taken:
            return None
        if not comma and end > index and country_of(tokens[end].text, lex):
            break  # no comma to close it: «وزيرة الخارجية الهندية» ends at the nationality
        end += 1
    return tokens[index].start + _clitic_length(tokens[index].text, lex), tokens[end].end


def build_actors(doc: Document) -> Document:
    """Adds ``doc.actors``: one per entity, most salient first, ids a1, a2, …"""
    lex = lexicon()
    known = document_words(doc)
    # names seen alone are evidence too: «لروسيا» is «روسيا» when the recognizer tagged it
    mentions = split_joined_names(collect_mentions(doc, known))
    groups = [g for g in merge_mentions(mentions)
              if max(m.confidence for m in g) >= MIN_CONFIDENCE]
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
    """Each person's roles (title phrases next to a mention) and affiliations (actors named
    in those phrases, countries their nationality adjectives name); places' and bodies'
    countries («حمص السورية», «وزارة الخارجية الروسية»); links the text states."""
    keys = {name_key(f): a for a in doc.actors for f in [a.name, *a.aliases]}
    sentences = {s.id: s for s in doc.sentences}
    mentions = SpanIndex((m.start, m.end, (i, a)) for i, a in enumerate(doc.actors)
                         for m in a.mentions)
    people = SpanIndex((m.start, m.end, a) for a in doc.actors if a.type == "person"
                       for m in a.mentions)
    for actor in doc.actors:
        if actor.type != "person":
            continue
        roles: list[str] = []
        affiliations: list[str] = []
        for m in actor.mentions:
            for start, end in _role_spans(doc, sentences[m.sentence], m, actor, people, lex):
                role = doc.text[start:end].strip(" ،,")
                if normalize(doc.text[max(0, start - 2):start]) == "لل":
                    role = "ال" + role  # «للمرشد الأعلى» → «المرشد الأعلى», as names
                if role and role not in roles:
                    roles.append(role)
                for other in _actor_at(mentions, start, end):
                    if other is not actor and other.id not in affiliations:
                        affiliations.append(other.id)
                _link_countries(actor, role.split(), keys, lex, affiliations)
        actor.roles = roles
        actor.affiliations = affiliations
    for actor in doc.actors:
        _link_own_country(actor, sentences, keys, lex)
    _add_stated_links(doc, lex)


def _role_spans(doc: Document, sentence: Sentence, m: Mention, actor: Actor,
                people: SpanIndex, lex) -> list[tuple[int, int]]:
    """Offsets of the title phrases before and after one mention of a person."""
    index = _token_index(sentence, m.start)
    if index is None:
        return []
    after_index = (_token_index(sentence, m.end - 1) or index) + 1
    # tokens of other people's names near this one: a title never crosses them
    window = sentence.tokens[max(0, index - _ROLE_WINDOW):after_index + _ROLE_WINDOW + 1]
    others = {t.start for t in window
              if any(e > t.start and a is not actor
                     for _, e, a in people.starting_in(sentence.start, t.end))}
    spans = _role_before(sentence, index, lex, others)
    after = _role_after(sentence, after_index, lex, others)
    if after:
        spans.append(after)
    return spans


def _link_own_country(actor: Actor, sentences: dict[str, Sentence], keys: dict[str, Actor],
                      lex) -> None:
    """A body's country in its name («الجيش الليبي»), a place's right after it («حمص
    السورية»)."""
    if actor.type == "organization":
        _link_countries(actor, actor.name.split(), keys, lex, actor.affiliations)
    elif actor.type == "location":
        for m in actor.mentions:
            sentence = sentences[m.sentence]
            after = _token_index(sentence, m.end)
            if after is not None and sentence.tokens[after].start == m.end + 1:
                _link_countries(actor, [sentence.tokens[after].text], keys, lex,
                                actor.affiliations)


def _link_countries(actor: Actor, words: list[str], keys: dict[str, Actor], lex,
                    affiliations: list[str]) -> None:
    """Link the actor to the country a nationality adjective among ``words`` names, when
    that country is an actor of the article."""
    for word in words:
        for country in country_of(word, lex):
            linked = keys.get(country)
            if linked and linked is not actor and linked.type == "location":
                if linked.id not in affiliations:
                    affiliations.append(linked.id)
                break


_BELONGS = word_set("belongs")


_LED_BY = word_set("led_by")
_LINK_WORDS = _LED_BY | _BELONGS


def _add_stated_links(doc: Document, lex) -> None:
    """Links the text states between two actors side by side.

    «X بقيادة Y»: a person Y leads X (Y is affiliated with X); a country or body Y leads
    the coalition X (X is affiliated with Y). «X التابع ل Y», «X المنضوية تحت Y»: X is part
    of Y."""
    for sentence in doc.sentences:
        tokens = sentence.tokens
        words = [normalize(t.text) for t in tokens]
        for i, word in enumerate(words):
            if i == 0 or i + 1 >= len(words) or word not in _LINK_WORDS:
                continue  # the linking word first: looking actors up at every token is quadratic
            left = _actor_ending_at(doc, tokens[i - 1].end)
            if left is None:
                continue
            if word in _LED_BY:
                j = i + 1
                while j + 1 < len(words) and words[j] in lex.person_titles:
                    j += 1  # «بقيادة المشير خليفة حفتر»
                right = _actor_starting_at(doc, tokens[j].start)
                if right and right is not left:
                    if right.type == "person":
                        _link(right, left)
                    else:
                        _link(left, right)
            elif word in _BELONGS:
                j = i + 2 if words[i + 1] in ("تحت", "في", "ضمن") and i + 2 < len(words) else i + 1
                right = _actor_starting_at(doc, tokens[j].start, fuzzy=True)
                if right and right is not left:
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
