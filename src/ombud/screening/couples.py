"""Same-sex couples told by who writes (GDPR Art. 9(1): sex life or sexual orientation).

"Min fru" says nothing of anyone's orientation until one knows who writes it: signed
"Sara", it tells of a woman with a wife. A partner phrase (`lexicons/partners.tsv`:
"min sambo", "my husband") is reported when the writer's sex and the partner's sex are
both known and the same. The writer's first name comes from the signature after a closing
("Hälsningar, Anders", "/Anders", "Kind regards, Daniel", a last line that is just a name)
or from an introduction ("Jag heter Mira", "My name is Daniel", "det är Karin här", "Jag
(Sara) och min fru"); its sex from `names`. The partner's sex is in the word ("fru",
"husband") or, for "sambo" and "partner", in a first name just after it ("min sambo
Jonas") or in the first "han", "hon", "he" or "she" after it, unless another person ("en
dotter") is named first. An unknown writer, a name given to both sexes ("Kim", "Robin"),
a man's "min fru" and another person's partner ("hennes man", "his wife") say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from operator import methodcaller

from ombud.screening.lexicon import read_rows
from ombud.screening.model import Finding, Kind
from ombud.screening.names import Sex, sex_of

CONFIDENCE = 0.75
"""How sure a partner phrase read against its writer's name makes us."""

# How far from a partner phrase its writer's signature or introduction may stand, so that
# in a long text another message's signature is not taken for this one's.
_REACH = 400
# How far after "min sambo" a "han" or "hon" is taken to be the partner.
_PRONOUN_REACH = 80

_NAME = r"(?P<name>[^\W\d_][\w-]*)"
# The name after a closing ends its line or the text: "Hälsningar, Anna och Erik" and
# "Tack Anna för sist" name no single writer, or not the writer.
# Both patterns open with their words, not with the `(?<!\w)` they need, so the regex engine
# can skip ahead to a word's first letter; `_at_word_starts` checks the boundary by hand.
_SIGNED = re.compile(
    r"(?:hälsningar|hälsning|hälsar|mvh|m\.v\.h|vh|kram|kramar|tack|regards|wishes|best|"
    r"cheers|thanks|thank you|sincerely|yours|love|br|/|//|--|-|—|–)[\s,.!:]*(?:från |from )?"
    + _NAME
    + r"(?:[ \t]+[^\W\d_][\w-]*){0,2}[ \t]*(?:\n|$)",
)
# Several patterns, not one alternation: each opens with words the engine can skip to.
_INTRODUCED = (
    re.compile(
        r"(?:jag heter|mitt namn är|my name is|this is|i'm|i am)[ \t]+" + _NAME + r"(?!['’])"
    ),
    re.compile(r"det är[ \t]+" + _NAME + r"[ \t]+här"),
    # The writer named in brackets after "jag" or "I": "Jag (Sara) och min fru".
    re.compile(r"(?:jag|i)[ \t]*\([ \t]*" + _NAME + r"[ \t]*\)"),
    # "Hi, Sarah here".
    re.compile(
        r"(?:hi|hello|hey|hej|hejsan|hallå)[ \t]*[,!]?[ \t]+" + _NAME + r"[ \t]+(?:here|här)\b"
    ),
)
# "Sarah here!" opening a line: found from the line break, a literal the engine skips to
# (a pattern opening with `^` is tried at every position), and at the text's start.
_HERE = _NAME + r"[ \t]+(?:here|här)\b"
_HERE_ON_A_LINE = re.compile(r"\n[ \t]*" + _HERE)
_HERE_FIRST = re.compile(r"[ \t]*" + _HERE)
_LAST_LINE = re.compile(_NAME + r"(?:[ \t]+[^\W\d_][\w-]*){0,2}[ \t]*$")
_PARTNER_NAMED = re.compile(r"[ \t]*,?[ \t]*(?:som heter |heter |named |called )?" + _NAME)
# The first "han" or "hon" after "min sambo" is the partner, unless another person is
# named first: in "min sambo och jag har en dotter, hon ..." it is the daughter.
_PRONOUN = re.compile(
    r"\b(?:han|hon|hen|he|she|they|dottern?|döttrar|sonen|söner|barnet|barnen|mamma|pappa|"
    r"systern?|brodern?|bror|kollegan?|vännen|kompisen|chefen|daughter|son|child|children|"
    r"kids|mother|mum|mom|father|dad|sister|brother|friend|colleague|boss)\b"
)
_start = methodcaller("start")
_PRONOUN_SEX = {"han": Sex.MALE, "he": Sex.MALE, "hon": Sex.FEMALE, "she": Sex.FEMALE}


@dataclass(frozen=True, slots=True)
class _Partners:
    """The partner words by their lower-case spelling, and one pattern that finds them."""

    sexes: dict[str, Sex | None]
    pattern: re.Pattern[str]


def parse_partners(content: str) -> dict[str, Sex | None]:
    """The words of a `word<TAB>f|m|-` file, each to the sex of the partner it names."""

    def partner(fields: list[str]) -> tuple[str, Sex | None]:
        word, sex = fields
        return word, None if sex == "-" else Sex(sex)

    return dict(read_rows("partners.tsv", content, "word<TAB>f|m|-", partner))


@cache
def _partners() -> _Partners:
    folder = resources.files("ombud.screening").joinpath("lexicons")
    sexes = parse_partners(folder.joinpath("partners.tsv").read_text(encoding="utf-8"))
    words = "|".join(sorted(map(re.escape, sexes), key=len, reverse=True))
    # The pattern opens with the possessive, a literal the regex engine can skip ahead to;
    # the word boundary before it is checked by hand.
    pattern = re.compile(rf"(?:min|mitt|my)\s+(?P<word>{words})s?(?![\w-])")
    return _Partners(sexes, pattern)


def find_couples(text: str, low: str) -> Iterator[Finding]:
    """Partner phrases that show a same-sex couple, given who writes `text`.

    `low` is `text` lowered with its offsets kept (`special.lowered`).
    """
    partners = _partners()
    for hit in partners.pattern.finditer(low):
        start, end = hit.span()
        if start and low[start - 1].isalnum():
            continue
        named_end, partner = _partner_sex(text, low, end, partners.sexes[hit["word"]])
        if partner is not None and _writer_sex(text, low, start, end) is partner:
            yield Finding(start, named_end, Kind.SEX_LIFE, CONFIDENCE)


def _partner_sex(text: str, low: str, end: int, sex: Sex | None) -> tuple[int, Sex | None]:
    """Where the partner phrase ends, and the partner's sex: from the word, a name, a pronoun."""
    named = _PARTNER_NAMED.match(text, end)
    if named is not None and named["name"][0].isupper():
        name_sex = sex_of(named["name"])
        if name_sex is not None and (sex is None or sex is name_sex):
            return named.end(), name_sex
    if sex is not None:
        return end, sex
    pronoun = _PRONOUN.search(low, end, end + _PRONOUN_REACH)
    return end, None if pronoun is None else _PRONOUN_SEX.get(pronoun.group())


def _writer_sex(text: str, low: str, start: int, end: int) -> Sex | None:
    """The sex of who writes the phrase at `start:end`, by the first name they give."""
    for name in _writer_names(text, low, start, end):
        if name[0].isupper() and (sex := sex_of(name)) is not None:
            return sex
    return None


def _writer_names(text: str, low: str, start: int, end: int) -> Iterator[str]:
    """The writer's first name as the text gives it: signed after the phrase, introduced
    near it, or alone on the last line."""
    stop = min(len(text), end + _REACH)
    # Closings and introductions are looked for in the lowered text, which is faster than
    # ignoring case; the name is then read, with its capital, at the same place in `text`.
    for signed in _at_word_starts(_SIGNED, low, end, stop):
        if _all_capitalised(text[signed.start("name") : signed.end()]):
            yield text[signed.start("name") : signed.end("name")]
    near = max(0, start - _REACH), stop
    introductions = [hit for form in _INTRODUCED for hit in _at_word_starts(form, low, *near)]
    introductions += _HERE_ON_A_LINE.finditer(low, *near)
    if near[0] == 0 and (first := _HERE_FIRST.match(low)) is not None:
        introductions.append(first)
    for introduced in sorted(introductions, key=_start):
        yield text[introduced.start("name") : introduced.end("name")]
    if stop == len(text):
        last = _LAST_LINE.match(text, text.rstrip().rfind("\n") + 1)
        if last is not None and _all_capitalised(last.group()):
            yield last["name"]


def _at_word_starts(
    pattern: re.Pattern[str], low: str, start: int, stop: int
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches in `low[start:stop]` that do not begin inside a word, as
    `finditer` would give them with a look-behind for a word character in front."""
    hit = pattern.search(low, start, stop)
    while hit is not None:
        at = hit.start()
        if at and (low[at - 1].isalnum() or low[at - 1] == "_"):
            hit = pattern.search(low, at + 1, stop)
        else:
            yield hit
            hit = pattern.search(low, hit.end(), stop)


def _all_capitalised(signature: str) -> bool:
    """Whether every word of a signature is a name: "Anna Berg", not "Anna och Erik"."""
    return all(word[0].isupper() for word in signature.split())
