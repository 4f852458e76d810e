"""Mentions: the names the recognizer tagged, trimmed of titles, event nouns and attached
prepositions, with a clitic stripped only when the rest is a word the article knows; listed
institutions; nationality adjectives and the countries they name."""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from ..arabic import letters_offset, name_key, normalize
from ..clitics import (
    strip_conjunction_and_preposition,
    strip_known_clitic,
)
from ..lexicon import lexicon, word_tuple
from ..model import Document, Mention, Sentence, Token
from ..ner.tagger import is_common_word, spans

TYPES = {"PERS": "person", "ORG": "organization", "LOC": "location"}
# An entity none of whose names the recognizer was this sure of is left out: a wrong actor
# costs an analyst more than a missed one (on the train gold, 0.6 scored best of 0, 0.6, 0.8).
MIN_CONFIDENCE = 0.6
PUNCT = re.compile(r"^[^\w]+$")
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


def country_names(lex) -> dict[str, str]:
    """Each country name key → the key of the country's first listed name (one actor for
    «أميركا» and «الولايات المتحدة»)."""
    return {name: names[0] for names in lex.nationalities.values() for name in names}


def surface(doc: Document, tokens: list[Token], known: KnownWords) -> tuple[int, str]:
    """Start offset and text of a mention without a leading conjunction or preposition.

    «للحرس الثوري» is named «الحرس الثوري» (the article's alef is dropped after ل).
    """
    first = tokens[0]
    raw = doc.text[first.start:tokens[-1].end]
    word = normalize(first.text)
    stripped = strip_clitic(word, known)
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


def strip_clitic(word: str, known: KnownWords) -> str:
    return strip_known_clitic(word, known.words, known.names)


def _is_generic(key: str, lex) -> bool:
    if key in lex.generic_actors:
        return True
    if key in country_names(lex):  # «السعودية» looks like a nationality adjective
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
        if PUNCT.match(tokens[-1].text) or last in lex.time_words:
            tokens = tokens[:-1]
            continue
        if len(tokens) > 1 and (plain in lex.person_titles or plain in _ATTACHED
                                or (label != "ORG" and _preposition_attached(last, known))
                                or (label == "LOC" and country_of(last, lex)
                                    and name_key(" ".join(t.text for t in tokens))
                                    not in country_names(lex)
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
                offset, text = surface(doc, tokens, known)
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
