"""Indirect quotes: the reported content of a cue, after «أن»/«إن» or a colon, before
«بحسب», or after a claim's subject, up to the next statement or the journalist's words."""

from __future__ import annotations

import functools

from ..arabic import normalize
from ..clitics import strip_conjunction
from ..lexicon import lexicon, read_lines, word_set
from ..model import Document, Sentence
from .cues import THAT, Cue, cue_of, cues

# «إنه», «أنها», «بأنهم»: the complementizer with a pronoun
_THAT_PRONOUNS = word_set("that_pronouns")
# «حذر وزير الخارجية الإيراني فلان، السبت، من أن …»: the subject and its titles can take
# a dozen words before the content
_CONTENT_WINDOW = 16
# a pronoun pointing back to a noun: the verb is inside a relative clause
RESUMPTIVE = word_set("resumptive")
# «بعد أن», «قبل أن», «دون أن» open a time or manner clause, not what was said
_NOT_SAID = word_set("not_said")


def inside_spans(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def indirect_content(doc: Document, sentence: Sentence, i: int, cue: Cue,
                      spans: list[tuple[int, int]], subject_end: int) -> tuple[int, int] | None:
    """The reported content of the cue at token i: the clause before a source («…، بحسب
    X»), the clause after «أن»/«إن» or a colon, or a claim's clause after its subject."""
    end = sentence.end
    while end > sentence.start and doc.text[end - 1] in ".،,؛":
        end -= 1
    if cue.kind == "source":
        return _content_before(sentence, i, spans)
    decided, content = _content_after_that(doc, sentence, i, spans, end)
    if decided:
        return content
    if cue.kind == "claim":
        return _claim_content(doc, sentence, subject_end, spans, end)
    return None


def _content_before(sentence: Sentence, i: int,
                    spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """«…، بحسب X»: the content is the clause before the cue."""
    tokens = sentence.tokens
    if i < 4:
        return None
    start = sentence.tokens[0].start
    stop = tokens[i - 1].end if tokens[i - 1].text not in ("،", ",") else tokens[i - 2].end
    if inside_spans(start, spans) or stop - start < 10:
        return None
    return start, stop


def _content_after_that(doc: Document, sentence: Sentence, i: int, spans: list[tuple[int, int]],
                        end: int) -> tuple[bool, tuple[int, int] | None]:
    """(whether a complementizer or a colon after the cue decides, the content after it)."""
    tokens = sentence.tokens
    for j in range(i + 1, min(len(tokens), i + 1 + _CONTENT_WINDOW)):
        word = normalize(tokens[j].text)
        if tokens[j].text in (".", "؟", "!") or j > i + 1 and cue_of(tokens[j].text):
            break
        if inside_spans(tokens[j].start, spans):
            continue  # «أن» inside a direct quote is the speaker's, not the reporting one
        that = word in THAT or word[:2] == "ان" and word[2:] in _THAT_PRONOUNS \
            or word[:3] == "بان" and word[3:] in _THAT_PRONOUNS
        if that and normalize(tokens[j - 1].text) not in _NOT_SAID:
            if j + 1 < len(tokens) and tokens[j + 1].text in ('"', "«", "“", "'"):
                return True, None  # a direct quote follows: it is listed as direct
            start = tokens[j].start
            stop = _clause_end(doc, sentence, j, spans, end)
            return True, (None if stop - start < 8 else (start, stop))
        if tokens[j].text == ":":
            if j + 1 < len(tokens) and tokens[j + 1].text in ('"', "«", "“", "'"):
                return True, None
            start = tokens[j + 1].start if j + 1 < len(tokens) else end
            return True, ((start, end) if end - start >= 8 else None)
    return False, None


def _claim_content(doc: Document, sentence: Sentence, subject_end: int,
                   spans: list[tuple[int, int]], end: int) -> tuple[int, int] | None:
    """«اتهم المتحدث وفد بومبيو بالإصرار …», «دعت الدول إلى …»: after the subject."""
    tokens = sentence.tokens
    j = subject_end
    while j < len(tokens) and (tokens[j].text in ("،", ",") or normalize(
            tokens[j].text) in lexicon().time_words):
        j += 1
    if j >= len(tokens) or inside_spans(tokens[j].start, spans) or \
            tokens[j].text in ('"', "«", "“", "'") or normalize(tokens[j].text) in RESUMPTIVE:
        return None  # «برسالة يدعو فيها …»: a relative clause describes, it reports nothing
    stop = _clause_end(doc, sentence, j, spans, end)
    if len(doc.text[tokens[j].start:stop].split()) < 3:
        return None
    return tokens[j].start, stop


def _new_statement(tokens, k: int) -> bool:
    """A cue at k starts a new statement («…، وأضاف», «…، مشيرا», «…، بحسب»); a bare verb
    inside the content is the reported clause's own («إن الوزير عبّر عن …», «الذي قال …»)."""
    cue = cue_of(tokens[k].text)
    if cue is None:
        return False
    word = normalize(tokens[k].text)
    joined = strip_conjunction(word, 1) != word and word[1:] in cues()
    after_comma = tokens[k - 1].text in ("،", ",", "؛")
    return joined or after_comma or cue.kind in ("participle", "source")


@functools.cache
def content_ends() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(line).split()) for line in read_lines("content_ends.txt"))


def _clause_end(doc: Document, sentence: Sentence, j: int, spans, end: int) -> int:
    """The reported content stops before a following cue (a new statement), before the
    journalist's own words («… في إعلان يبدو موجها …», «… بينما …»), or at the end."""
    tokens = sentence.tokens
    words = [normalize(t.text) for t in tokens]
    for k in range(j + 1, len(tokens)):
        tok = tokens[k]
        if tok.start >= end:
            break
        if k <= j + 3 or inside_spans(tok.start, spans):
            continue
        if _new_statement(tokens, k) or any(tuple(words[k:k + len(p)]) == p
                                            for p in content_ends()):
            prev = tokens[k - 1]
            return prev.start if prev.text in ("،", ",") else prev.end
    return end
