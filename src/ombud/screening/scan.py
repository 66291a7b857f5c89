"""One pass over a lowered text for every listed word: terms, origin words, phrase anchors.

An Aho-Corasick automaton (pyahocorasick) reports each listed word where it ends, at C
speed whatever their number; a long text is read once for all of them, and Python only
sees the places where a word was found. Each word carries the roles it plays:

- a `word` or `prefix` term of a lexicon (see `lexicon`) counts where a word begins, and
  of the terms that begin at one place only the longest ("diabetesmedicin" over
  "diabetes");
- a `suffix` or `infix` term counts anywhere, inside compounds too ("nötallergi");
- a country or nationality word (see `origins`) counts where a word begins;
- an anchor word of a phrase pattern (see `phrases`) counts anywhere.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import ahocorasick

from ombud.screening.lexicon import Lexicon, default_lexicon
from ombud.screening.origins import origin_words
from ombud.screening.phrases import ANCHORS

# The roles a listed word may play, as bits: one word may play several.
_STARTING = 1
_INSIDE = 2
_ORIGIN = 4
_ANCHOR = 8


class Scanned(NamedTuple):
    """Where the listed words are in one text."""

    terms: list[tuple[int, int]]
    """Lexicon terms as (start, end): the longest at each word start, then those inside words."""
    origins: list[tuple[int, str]]
    """Origin words at word starts as (start, word)."""
    anchors: list[tuple[int, str]]
    """Anchor words of the phrase patterns as (start, word)."""


def automaton_of(
    lexicon: Lexicon, origins: frozenset[str], anchors: frozenset[str] = frozenset()
) -> ahocorasick.Automaton:
    """An automaton that reports each word as (its length, its roles)."""
    roles: dict[str, int] = {}
    for text, terms in lexicon.terms.items():
        for term in terms:
            roles[text] = roles.get(text, 0) | (_STARTING if term.match.starts_word else _INSIDE)
    for word in origins:
        roles[word] = roles.get(word, 0) | _ORIGIN
    for word in anchors:
        roles[word] = roles.get(word, 0) | _ANCHOR
    automaton = ahocorasick.Automaton()
    for word, role in roles.items():
        automaton.add_word(word, (len(word), role))
    if roles:
        automaton.make_automaton()
    return automaton


@cache
def _default_automaton() -> ahocorasick.Automaton:
    return automaton_of(default_lexicon(), origin_words(), ANCHORS)


def scan(low: str, automaton: ahocorasick.Automaton | None = None) -> Scanned:
    """Every listed word in `low` (a text lowered by `special.lowered`), by its roles."""
    automaton = _default_automaton() if automaton is None else automaton
    if not len(automaton):
        return Scanned([], [], [])
    longest: dict[int, int] = {}
    inside: list[tuple[int, int]] = []
    origins: list[tuple[int, str]] = []
    anchors: list[tuple[int, str]] = []
    for last, (length, role) in automaton.iter(low):
        end = last + 1
        start = end - length
        if role == _STARTING:  # most hits: a term that counts only where a word begins
            if not start or not low[start - 1].isalnum():
                longest[start] = end
            continue
        if role & _INSIDE:
            inside.append((start, end))
        if role & _ANCHOR:
            anchors.append((start, low[start:end]))
        if start and low[start - 1].isalnum():
            continue  # inside a word, where only inside terms count
        if role & _STARTING:
            longest[start] = end  # reported by its end: a longer term at one start comes later
        if role & _ORIGIN:
            origins.append((start, low[start:end]))
    return Scanned([*longest.items(), *inside], origins, anchors)
