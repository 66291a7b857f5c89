"""Special categories (GDPR Art. 9(1)) and criminal-offence data (Art. 10) in free text.

Two compiled trie patterns scan a lower-cased copy of the text once each; only
their hits are looked at in Python. A hit is kept when its term may stand where
it stands in its word (Swedish compounds: "diabetesmedicin", "nötallergi"), when
the word is not a false friend ("hälsning", "fackmässig"), and when its
confidence, moved by the words around it, reaches `REPORT_THRESHOLD`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ombud.screening.lexicon import Lexicon, Match, Term, default_lexicon
from ombud.screening.model import Finding, Kind

REPORT_THRESHOLD = 0.5
"""Findings below this confidence are not reported."""

# Swedish and English inflection endings a `word` or `suffix` term may carry.
_ENDINGS = frozenset(
    "e en n et t er ar or r na erna arna orna ens ets ers s es a ad ade at are "
    "iga igt ig ers ade ats ed ing ings ic ics isk iska iskt iker ikern ikerna ly ".split()
) | {""}

_CONTEXT_WINDOW = 60
# Words that tie a term to a person: "jag har diabetes", "my son is autistic".
_PERSONAL = re.compile(
    r"\b(?:jag|mig|min|mitt|mina|du|din|ditt|dina|han|hon|hen|honom|henne|hans|hennes|hens|"
    r"deras|sin|sitt|sina|har|hade|lider|son|dotter|sonen|dottern|barnet|sambo|make|maka|fru|"
    r"mamma|pappa|klienten|eleven|deltagaren|"
    r"i'm|i've|i have|i had|i was|me|my|he|she|him|his|her|has|have|had|suffers?|son|"
    r"daughter|child|wife|husband|partner|client|participant)\b"
)
# Words that speak of a category in general, as a privacy notice or a form label does.
_GENERIC = re.compile(
    r"uppgifter om|personuppgift|känsliga|kategori|såsom|t\.ex\.|exempelvis|frågar (?:aldrig|inte)|"
    r"behandlar (?:inte|aldrig)|data (?:about|concerning|revealing)|information about|"
    r"special categor|such as|e\.g\.|we never ask|do not ask|policy"
)


def _segment(low: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the run of letters and digits around `low[start:end]`."""
    left = start
    while left > 0 and low[left - 1].isalnum():
        left -= 1
    right = end
    while right < len(low) and low[right].isalnum():
        right += 1
    return left, right


def _span(low: str, left: int, right: int) -> tuple[int, int]:
    """Widen a segment over hyphens to the whole written word ("typ 1-diabetes", "KBT-terapeut")."""
    while left > 1 and low[left - 1] == "-" and low[left - 2].isalnum():
        left, _ = _segment(low, left - 1, left - 1)
    while right + 1 < len(low) and low[right] == "-" and low[right + 1].isalnum():
        _, right = _segment(low, right + 1, right + 1)
    return left, right


def _fits(term: Term, before: str, after: str) -> bool:
    """Whether a term may stand between `before` and `after` inside one word."""
    if term.match is Match.WORD:
        return not before and after in _ENDINGS
    if term.match is Match.PREFIX:
        return not before
    if term.match is Match.SUFFIX:
        return after in _ENDINGS
    return True


def _is_false_friend(lexicon: Lexicon, low: str, left: int, right: int) -> bool:
    word = low[left:right]
    if word in lexicon.false_friends or word.startswith(lexicon.false_friend_prefixes):
        return True
    return any(low.startswith(phrase, left) for phrase in lexicon.false_friend_phrases)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether `start` begins a sentence, where any word is written with a capital."""
    before = text[max(0, start - 3) : start].rstrip(" \"'(")
    return not before or before[-1] in ".!?:\n"


def _confidence(term: Term, low: str, start: int, end: int) -> float:
    """The term's own confidence, raised by a person nearby and lowered by generic talk."""
    sentence_start = max(
        low.rfind(".", 0, start), low.rfind("\n", 0, start), start - _CONTEXT_WINDOW
    )
    window = low[max(0, sentence_start) : min(len(low), end + _CONTEXT_WINDOW // 2)]
    confidence = term.confidence
    if _PERSONAL.search(window):
        confidence += 0.15
    if _GENERIC.search(window):
        confidence -= 0.3
    return round(min(max(confidence, 0.01), 0.99), 2)


def _judge(lexicon: Lexicon, text: str, low: str, start: int, end: int) -> Iterator[Finding]:
    """Findings for one pattern hit `low[start:end]`, after its place, friends and context."""
    left, right = _segment(low, start, end)
    span_start, span_end = _span(low, left, right)
    if _is_false_friend(lexicon, low, left, right) or _is_false_friend(
        lexicon, low, span_start, span_end
    ):
        return
    before, after = low[left:start], low[end:right]
    best: dict[Kind, float] = {}
    for term in lexicon.terms[low[start:end]]:
        if term.case_sensitive and text[start:end] != term.text:
            continue
        if _fits(term, before, after):
            confidence = _confidence(term, low, start, end)
            if term.case_sensitive and term.text.istitle() and _opens_sentence(text, start):
                # "Ledarna ska veta": a union's name, or just "the leaders" opening a sentence.
                confidence -= 0.3
            best[term.kind] = max(best.get(term.kind, 0.0), confidence)
    for kind, confidence in best.items():
        if confidence >= REPORT_THRESHOLD:
            yield Finding(span_start, span_end, kind, confidence)


def lowered(text: str) -> str:
    """`text` in lower case with every offset kept (a few letters grow when lowered)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def find_categories(text: str, low: str | None = None) -> Iterator[Finding]:
    """Art. 9 special-category and Art. 10 criminal-offence words in `text`.

    `low` may pass the text already lowered by `lowered`, to save doing it twice.
    """
    lexicon = default_lexicon()
    low = lowered(text) if low is None else low
    hit = lexicon.at_word_start.search(low)
    while hit is not None:
        yield from _judge(lexicon, text, low, hit.start(), hit.end())
        # Search again from the next character, not past the hit: "the union rep" holds
        # "the union" and "union rep", and the second must not be swallowed by the first.
        hit = lexicon.at_word_start.search(low, hit.start() + 1)
    for term in lexicon.inside_words:
        start = low.find(term)
        while start >= 0:
            yield from _judge(lexicon, text, low, start, start + len(term))
            start = low.find(term, start + len(term))
