"""Roles and affiliations: the title phrase before or after a person's name («وزير
الخارجية الروسي سيرغي لافروف»), the actors and countries it names, and the links the text
states («X بقيادة Y», «X التابع ل Y»)."""

from __future__ import annotations

from ..arabic import letters_offset, name_key, normalize
from ..clitics import (
    TITLE_PREFIXES,
    strip_clitic_before,
    strip_conjunction_and_preposition,
)
from ..lexicon import word_set
from ..model import Actor, Document, Mention, Sentence, Token
from ..spans import SpanIndex
from .mentions import PUNCT, country_of

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
    return bool(PUNCT.match(tokens[j].text)) or word in _ROLE_STOP


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
    while end + 1 < len(tokens) and end + 1 - index < _ROLE_WINDOW and not PUNCT.match(
            tokens[end + 1].text) and normalize(tokens[end + 1].text) not in _ROLE_STOP:
        if tokens[end + 1].start in taken:
            return None
        if not comma and end > index and country_of(tokens[end].text, lex):
            break  # no comma to close it: «وزيرة الخارجية الهندية» ends at the nationality
        end += 1
    return tokens[index].start + _clitic_length(tokens[index].text, lex), tokens[end].end


def _actor_at(mentions: SpanIndex, start: int, end: int) -> list[Actor]:
    """Actors mentioned inside ``start``–``end``, in actor order."""
    inside = [item for _, e, item in mentions.starting_in(start, end) if e <= end]
    return [a for _, a in sorted(inside, key=lambda item: item[0])]


def add_roles_and_affiliations(doc: Document, lex) -> None:
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
