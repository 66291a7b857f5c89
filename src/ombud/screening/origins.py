"""Ethnic origin told by where a person comes from (GDPR Art. 9(1): racial or ethnic origin).

A country's name says nothing by itself ("jag ringer från Norge", "flyget från Turkiet");
said of where a person comes from, it tells their national origin, which Swedish law counts
as ethnic origin (Diskrimineringslagen 1 kap. 5 § 3): "min pappa kom hit från Eritrea",
"hon är född i Somalia", "my parents are from Nigeria". So a country counts only in the
shape of an origin statement: a person (a pronoun, a word for kin, a listed first name), an
origin verb and its preposition, a few words at most apart. A nationality word counts where
it qualifies origin or family ("eritreansk bakgrund", "somaliska föräldrar",
"Nigerian-born"), after "halv" or "half", or said of a person ("hon är eritreansk", "I'm
Polish"). Country names are Babel's (CLDR) in Swedish and English; the nationality words
and the decisions are in `lexicons/origins.tsv`.

The one pass of `scan` finds every country and nationality word; only those hits are looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from functools import cache
from importlib import resources

from babel import Locale

from ombud.screening.lexicon import read_rows
from ombud.screening.model import Finding, Kind
from ombud.screening.names import sex_of

CONFIDENCE = 0.7
"""How sure an origin statement or a nationality said of a person makes us."""


class Form(StrEnum):
    """What kind of word a listed origin word is, which says where it may count."""

    COUNTRY = "country"
    ADJECTIVE = "adjective"  # Swedish: "eritreansk", "somaliska", "finskt"
    NOUN = "noun"  # Swedish, or English in lower case: "somalier", "irakierna", "immigrant"
    DEMONYM = "demonym"  # English, with its capital: "Somali", "Nigerian"


_ENDINGS: dict[Form, frozenset[str]] = {
    Form.COUNTRY: frozenset({""}),
    Form.ADJECTIVE: frozenset({"", "a", "t"}),
    Form.NOUN: frozenset({"", "n", "na", "er", "erna", "ar", "arna", "en", "e", "s"}),
    Form.DEMONYM: frozenset({"", "s"}),
}
# Babel's territories that are no country anyone comes from; Sweden, the majority's
# origin, says nothing.
_NOT_ORIGINS = frozenset("SE EU EZ UN QO XA XB ZZ".split())
# The sentence around a hit is read this far back.
_WINDOW = 90

_PREPOSITIONS = frozenset("från i på from in".split())
_FROM = frozenset({"från", "from"})
_IN = frozenset({"i", "på", "in"})
# Each origin verb and the prepositions it takes: "är från", but not "är i" (where one is).
_VERBS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        "är var kommer kom kommit flydde flytt invandrade immigrerade härstammar adopterad "
        "adopterades adopterade adopterat is am are was were come comes came fled emigrated "
        "immigrated adopted hails i'm he's she's we're they're you're".split(),
        _FROM,
    ),
    **dict.fromkeys("född födda föddes uppvuxen uppvuxna uppväxt born raised upp up".split(), _IN),
    **dict.fromkeys("rötter roots".split(), _FROM | _IN),
    **dict.fromkeys("flyttade flyttat moved".split(), _FROM),
}
# "Flyttade från Norge" may be a return home; "flyttade hit från", "moved to Sweden from" is
# an arrival: these verbs count only with one of these words between them and "från".
_MOVED = frozenset("flyttade flyttat moved".split())
_HITHER = frozenset("hit sverige here sweden".split())
# "växte upp i", "grew up in": "upp" and "up" are origin verbs only after these.
_GROWN = frozenset("växte vuxit vuxen grew grown".split())
# Contractions that are a person and a verb at once: "I'm from Poland".
_SELF = frozenset("i'm he's she's we're they're you're".split())
# Words that may stand between an origin verb and its preposition.
_BETWEEN = frozenset(
    "hit hem till sverige som flykting flyktingar barn liten små tonåring ung unga år "
    "ursprungligen egentligen också själv båda en gång finns ligger "
    "here to sweden as a an refugee refugees child children kid kids baby teenager "
    "originally actually also both all lie".split()
)
# Words that may stand between a person and the verb: "min pappa har också rötter i".
_AUXILIARIES = frozenset(
    "är var blev har hade också båda själv själva alla ursprungligen egentligen faktiskt "
    "is am are was were has have had been got also both all originally actually really".split()
)
_PRONOUNS = frozenset("jag du han hon hen vi ni de dom i you he she we they".split())
_KIN = frozenset(
    "mamma pappa mor far mamman pappan modern fadern föräldrar föräldrarna förälder farmor "
    "farfar mormor morfar morföräldrar farföräldrar morföräldrarna farföräldrarna bror brodern "
    "syster systern son sonen dotter dottern barnet barnen fru frun hustru man mannen make "
    "maken maka makan sambo sambon partner partnern pojkvän flickvän familj familjen släkt "
    "släkten släktingar kusin moster faster morbror farbror svärmor svärfar klienten eleven "
    "deltagaren patienten mother father mum mom dad parents parent grandmother grandfather "
    "grandma grandpa grandparents gran nan brother sister son daughter child children kids "
    "wife husband partner boyfriend girlfriend family cousin aunt uncle client participant "
    "pupil".split()
)
# Words that a nationality word qualifies as origin: "eritreansk bakgrund", "Somali parents".
_ORIGIN_NOUNS = frozenset(
    "bakgrund bakgrunden ursprung ursprunget härkomst härstamning rötter påbrå föräldrar "
    "förälder föräldrarna mamma pappa mor far morföräldrar farföräldrar mormor morfar farmor "
    "farfar släkt släktingar familj familjen fru make maka sambo pojkvän flickvän son dotter "
    "adoptivbarn flykting flyktingar invandrare "
    "background heritage descent origin origins roots ancestry extraction parents parent "
    "mother father mum mom dad grandparents grandmother grandfather grandma grandpa family "
    "relatives husband wife partner boyfriend girlfriend son daughter refugee refugees "
    "immigrant immigrants".split()
)
_HALF = frozenset("halv halvt delvis half part".split())
# Words that may stand between a person's "är"/"is" and a nationality: "hon är halvt somalisk".
_BEFORE_NATIONALITY = frozenset(
    "en ett a an halv halvt half delvis partly också also ursprungligen originally".split()
)
_COPULAS = frozenset("är var blev is am are was were".split())

_TOKEN = re.compile(r"[\w'’]+")
_NEXT_WORD = re.compile(r"[ \t]+(\w+)")
_SENTENCE_END = ".!?;\n"
# "Kommer från Tyskland på måndag" is a trip, not an origin: a time or a vehicle after it.
_COMING = frozenset("kommer kom come comes came".split())
_TRIP = re.compile(
    r"[ \t,]+(?:imorgon|i morgon|idag|i dag|ikväll|i kväll|i helgen|nästa|med (?:tåg|flyg|"
    r"buss|bil|båt)|på (?:mån|tis|ons|tors|fre|lör|sön)dag|tomorrow|today|tonight|next|"
    r"this week|by (?:train|plane|air|bus|car)|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)
# "Jag är från Norge-kontoret", "I'm from the UK office": a workplace named after a country.
_WORKPLACE = re.compile(
    r"-\w|[ \t]+(?:office|team|branch|site|subsidiary|kontoret|teamet|avdelningen|filialen|"
    r"dotterbolaget)\b"
)


def parse_origins(content: str) -> dict[str, set[Form]]:
    """The words of a `term<TAB>form` file, each to the forms it is listed as."""

    def listed(fields: list[str]) -> tuple[str, Form]:
        term, form = fields
        return term, Form(form)

    expected = "term<TAB>adjective|noun|demonym|country"
    words: dict[str, set[Form]] = {}
    for term, form in read_rows("origins.tsv", content, expected, listed):
        words.setdefault(term, set()).add(form)
    return words


def babel_countries() -> set[str]:
    """Country names in Swedish and English from Babel, with the short forms of compound
    names ("Bosnien" of "Bosnien och Hercegovina", "Kongo" of "Kongo-Kinshasa")."""
    names: set[str] = set()
    for locale in ("sv", "en"):
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in _NOT_ORIGINS:
                names.add(name)
                parts = re.split(r" och | and | & | - |-| \(|\)", name)
                names.update(p for p in parts if len(p) >= 4 and p[0].isupper())
    return names - {"Sverige", "Sweden"}


@cache
def _forms() -> dict[str, tuple[Form, ...]]:
    """Every origin word by its lower-case spelling, with the forms it is listed as."""
    folder = resources.files("ombud.screening").joinpath("lexicons")
    listed = parse_origins(folder.joinpath("origins.tsv").read_text(encoding="utf-8"))
    for country in babel_countries():
        listed.setdefault(country, set()).add(Form.COUNTRY)
    forms: dict[str, set[Form]] = {}
    for term, its_forms in listed.items():
        forms.setdefault(term.lower(), set()).update(its_forms)
    return {word: tuple(sorted(f)) for word, f in forms.items()}


def origin_words() -> frozenset[str]:
    """The lower-case origin words that `scan` looks for."""
    return frozenset(_forms())


def find_origins(text: str, low: str, hits: Iterable[tuple[int, str]]) -> Iterator[Finding]:
    """Statements of a person's national or ethnic origin in `text`.

    `low` is `text` lowered with its offsets kept (`special.lowered`); `hits` are the
    origin words at word starts, as (start, word), that `scan` found in it.
    """
    forms = _forms()
    for start, word in hits:
        end = start + len(word)
        word_end = end
        while word_end < len(low) and low[word_end].isalnum():
            word_end += 1
        for form in forms[word]:
            if low[end:word_end] not in _ENDINGS[form]:
                continue
            # The name's own capital: "the UK" has it after its article.
            capital = start + 4 if word.startswith("the ") else start
            if form in (Form.COUNTRY, Form.DEMONYM) and not text[capital].isupper():
                continue
            span = _origin_span(text, low, form, start, word_end)
            if span is not None:
                yield Finding(span[0], span[1], Kind.ETHNIC_ORIGIN, CONFIDENCE)
                break


def _origin_span(text: str, low: str, form: Form, start: int, end: int) -> tuple[int, int] | None:
    """The span that states origin around the word at `start:end`, if its place makes one."""
    before = _words_before(low, start)
    if form is Form.COUNTRY:
        stated = _statement(text, before)
        if stated is None or _WORKPLACE.match(low, end):
            return None
        if stated[1] in _COMING and _TRIP.match(low, end):
            return None
        return stated[0], end
    if form is not Form.NOUN:
        if low.startswith("-born", end):
            return start, end + len("-born")
        after = _NEXT_WORD.match(low, end)
        if after is not None and after.group(1) in _ORIGIN_NOUNS:
            return start, after.end()
        if before and before[0][1] in _HALF:
            return before[0][0], end
    elif before and before[0][1] == "som" and text[before[0][0]] == "S":
        return start, end  # "Som irakier känner jag ..."
    return (start, end) if _said_of_person(text, before) else None


def _words_before(low: str, start: int) -> list[tuple[int, str]]:
    """The words of the sentence before `start`, nearest first, with where each starts."""
    reach = max(0, start - _WINDOW)
    begins = max(reach, *(low.rfind(mark, reach, start) + 1 for mark in _SENTENCE_END))
    words = [(m.start(), m.group().replace("’", "'")) for m in _TOKEN.finditer(low, begins, start)]
    words.reverse()
    return words


def _statement(text: str, words: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Where an origin statement's preposition starts and its verb, if the words before a
    country make one: person, verb, preposition ("min pappa kom hit från"), or verb,
    pronoun, preposition ("själv kommer jag från")."""
    i = 1 if words and words[0][1] == "the" else 0  # "from the United States"
    if i >= len(words) or words[i][1] not in _PREPOSITIONS:
        return None
    at, preposition = words[i]
    i += 1
    if i + 1 < len(words) and words[i][1] in _PRONOUNS:
        verb = words[i + 1][1]
        if preposition in _VERBS.get(verb, ()):
            return at, verb  # the subject after the verb: "själv kommer jag från", "föddes jag i"
    between = i
    i = _skip(words, i, _BETWEEN, 5)
    if i >= len(words):
        return None
    verb = words[i][1]
    if (
        verb not in _VERBS
        and i + 1 < len(words)
        and words[i + 1][1] in _COPULAS
        and (text[words[i][0]].isupper() or Form.NOUN in _forms().get(verb, ()))
    ):
        # A people or a name before "from": "I am Hazara from", "jag är kurd från".
        i += 1
        verb = words[i][1]
    if preposition not in _VERBS.get(verb, ()):
        return None
    if verb in _MOVED and _HITHER.isdisjoint(word for _, word in words[between:i]):
        return None
    if verb in _SELF:
        return at, verb
    i += 1
    if verb in ("upp", "up"):
        if i >= len(words) or words[i][1] not in _GROWN:
            return None
        i += 1
    i = _skip(words, i, _AUXILIARIES, 3)
    if i < len(words) and words[i][1] in ("och", "and"):
        # The same person's second verb: "jag är kurd och kom från Syrien".
        return (at, verb) if any(_is_person(text, word) for word in words[i + 1 : i + 4]) else None
    return (at, verb) if i < len(words) and _is_person(text, words[i]) else None


def _said_of_person(text: str, words: list[tuple[int, str]]) -> bool:
    """Whether the words before a nationality say it of a person: "hon är", "I'm", "my
    husband is"."""
    i = _skip(words, 0, _BEFORE_NATIONALITY, 2)
    if i >= len(words):
        return False
    if words[i][1] in _SELF:
        return True
    if words[i][1] not in _COPULAS:
        return False
    i = _skip(words, i + 1, _AUXILIARIES, 2)
    return i < len(words) and _is_person(text, words[i])


def _skip(words: list[tuple[int, str]], i: int, skippable: frozenset[str], most: int) -> int:
    """The index of the first word from `i` on that is not skippable, skipping `most` at most."""
    limit = i + most
    while i < len(words) and i < limit and (words[i][1] in skippable or words[i][1].isdigit()):
        i += 1
    return i


def _is_person(text: str, word: tuple[int, str]) -> bool:
    """Whether a word names a person: a pronoun, a word for kin, a listed first name."""
    at, lowered = word
    if lowered == "i":
        return text[at] == "I"  # the English pronoun, not the Swedish preposition
    if lowered in _PRONOUNS or lowered in _KIN:
        return True
    return text[at].isupper() and sex_of(text[at : at + len(lowered)]) is not None
