"""The word lists that name special categories, read from `lexicons/` and compiled once.

Each `lexicons/<kind>.tsv` line is `term<TAB>match<TAB>confidence`:

- `match` says where the term may stand in a word, so Swedish compounds are found:
  `word` (the whole word, give or take an inflection ending: "astma", "astman"),
  `prefix` (first part of a compound: "diabetes" in "diabetesmedicin"),
  `suffix` (last part: "allergi" in "nötallergi", with its endings) and
  `infix` (anywhere: "diabetes" in "graviditetsdiabetesen").
- a term written with capitals (`LO`, `MS`) only matches with those capitals.
- `confidence` is how sure the bare term makes us; context moves it (see `special`).

`lexicons/false_friends.txt` lists words that contain a term and mean something
else ("hälsning", "partiell", "fackmässig"); a trailing `*` covers the word's compounds,
and an entry with a space is a phrase that starts where the word does ("brott mot") or
ends where it ends ("no offence").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources

from ombud.screening.model import CATEGORY_KINDS, Kind


class Match(StrEnum):
    """Where in a word a lexicon term may stand."""

    WORD = "word"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    INFIX = "infix"


@dataclass(frozen=True, slots=True)
class Term:
    """One lexicon entry: the words that signal `kind`, and how they may be embedded."""

    text: str
    kind: Kind
    match: Match
    confidence: float
    case_sensitive: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every term by its lower-case spelling, the two scanning patterns and the false friends.

    `at_word_start` finds `word` and `prefix` terms where a word begins; to scan a
    long text, `after_space` and `after_mark` find the same terms after a space or a
    punctuation mark (the term is group 1): a pattern that opens with a literal or a
    small character class lets the regex engine skip ahead, one that opens with `\b`
    makes it try every position;
    `inside_words` are the `suffix` and `infix` terms, looked for anywhere: in a long
    text with `str.find` each (a fast substring search beats a regex scan of every
    position), in a short one with the one pattern `anywhere` (fewer calls), where
    `inside_prefixes` gives for each match the inside terms it begins with.
    `verdicts` remembers what each word containing a term means (see `special`).
    """

    terms: dict[str, tuple[Term, ...]]
    at_word_start: re.Pattern[str]
    after_space: re.Pattern[str]
    after_mark: re.Pattern[str]
    inside_words: tuple[str, ...]
    anywhere: re.Pattern[str]
    inside_prefixes: dict[str, tuple[str, ...]]
    false_friends: frozenset[str]
    false_friend_prefixes: dict[str, tuple[str, ...]]  # by their first two letters
    false_friend_phrases: tuple[str, ...]
    verdicts: dict[tuple[str, int, str], tuple[tuple[Kind, float, bool], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be read; the message names file and line."""


def _parse_terms(name: str, kind: Kind, content: str) -> list[Term]:
    terms = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            text, match, confidence = fields[0].strip(), Match(fields[1]), float(fields[2])
        except (IndexError, ValueError) as exc:
            raise LexiconError(
                f"{name}:{number}: got {raw!r}; expected term<TAB>word|prefix|suffix|infix"
                "<TAB>confidence"
            ) from exc
        terms.append(Term(text, kind, match, confidence, text != text.lower()))
    return terms


def _trie_pattern(words: list[str]) -> str:
    """One regular expression alternation shaped as a trie, so matching costs O(length)."""
    trie: dict[str, dict[str, object]] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})  # type: ignore[assignment]
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict[str, object]]) -> str:
    optional = "" in node
    branches = [
        re.escape(char) + _node_pattern(child)  # type: ignore[arg-type]
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else f"{body}?"
    return body


def build(files: dict[str, str], false_friends: str) -> Lexicon:
    """Compile a lexicon from file contents: `{"health.tsv": "...", ...}` and the false friends."""
    by_text: dict[str, list[Term]] = {}
    for name, content in sorted(files.items()):
        kind = Kind(name.removesuffix(".tsv"))
        for term in _parse_terms(name, kind, content):
            by_text.setdefault(term.text.lower(), []).append(term)
    at_start = sorted(t for t, ts in by_text.items() if any(x.match in _STARTING for x in ts))
    inside = sorted(t for t, ts in by_text.items() if any(x.match not in _STARTING for x in ts))
    starting = _trie_pattern(at_start)
    friends = [w.strip().lower() for w in false_friends.splitlines()]
    friends = [w for w in friends if w and not w.startswith("#")]
    return Lexicon(
        terms={text: tuple(terms) for text, terms in by_text.items()},
        # `\b` first lets the engine skip to word starts; the trie then costs one pass per word.
        at_word_start=re.compile(r"\b" + starting),
        after_space=re.compile(f" ({starting})"),
        after_mark=re.compile(f"[{re.escape(_MARKS)}]({starting})"),
        inside_words=tuple(inside),
        anywhere=re.compile(_trie_pattern(inside)),
        inside_prefixes={word: tuple(w for w in inside if word.startswith(w)) for word in inside},
        false_friends=frozenset(w for w in friends if not w.endswith("*") and " " not in w),
        false_friend_prefixes=_by_first_two(
            [w[:-1] for w in friends if w.endswith("*") and " " not in w]
        ),
        false_friend_phrases=tuple(w for w in friends if " " in w),
    )


_STARTING = (Match.WORD, Match.PREFIX)
# What may stand just before a word besides a space: line breaks, punctuation, quotes,
# brackets, dashes, symbols and the typeset spaces.
_MARKS = (
    "\n\t\r\f\v\"'`´‘’“”„«»‹›()[]{}<>-‐‑–—―/\\|.,;:!?¡¿…·•*&+=~^#@%$€£§°¶\u00a0\u2007\u2009\u202f"
)


def _by_first_two(prefixes: list[str]) -> dict[str, tuple[str, ...]]:
    buckets: dict[str, list[str]] = {}
    for prefix in prefixes:
        buckets.setdefault(prefix[:2], []).append(prefix)
    return {key: tuple(values) for key, values in buckets.items()}


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped in `ombud/screening/lexicons/`, compiled on first use."""
    folder = resources.files("ombud.screening").joinpath("lexicons")
    files = {
        f"{kind.value}.tsv": folder.joinpath(f"{kind.value}.tsv").read_text(encoding="utf-8")
        for kind in sorted(CATEGORY_KINDS)
    }
    friends = folder.joinpath("false_friends.txt").read_text(encoding="utf-8")
    return build(files, friends)
