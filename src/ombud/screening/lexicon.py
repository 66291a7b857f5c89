"""The word lists that name special categories, read from `lexicons/` and compiled once.

Each `lexicons/<kind>.tsv` line is `term<TAB>match<TAB>confidence`:

- `match` says where the term may stand in a word, so Swedish compounds are found:
  `word` (the whole word, give or take an inflection ending: "astma", "astman"),
  `prefix` (first part of a compound: "diabetes" in "diabetesmedicin"),
  `suffix` (last part: "allergi" in "nötallergi", with its endings) and
  `infix` (anywhere: "diabetes" in "graviditetsdiabetesen").
- a term written with capitals (`LO`, `MS`) only matches with those capitals.
- `confidence` is how sure the bare term makes us; context moves it (see `special`).

Each single-word, lower-case term also stands for the inflected forms that its
spelling predicts and that the general endings do not reach (see `inflections`):
"sjukskriven" for "sjukskrivna" and "sjukskrivet", "utbränd" for "utbränt", "skada"
for "skador", "injury" for "injuries". So a lexicon names a word once, in its
dictionary form.

`lexicons/compounds.tsv` builds compounds from two lists, a modifier and a head:
every body part with every word for an injury or an ailment ("knäskada",
"ryggsmärtor", "back surgery"), so that a lexicon need not list each pair. A set's item
may be several words joined by `_` ("ont_i" for "ont i ryggen").

`compounds.tsv` also names, per kind, the heads that a whole-word term may carry as the
first part of a compound ("stroke" in "strokepatient", "rattfylleri" in
"rattfylleridom"), so a term need not be listed as a prefix to be found there.

`lexicons/cues.tsv` names, per kind, the few words that, just before an ambiguous
term, say that it is meant in that sense: "med i Vision", "medlem i Kommunal".

`lexicons/false_friends.txt` lists words that contain a term and mean something
else ("hälsning", "partiell", "fackmässig"); a trailing `*` covers the word's compounds,
and an entry with a space is a phrase that starts where the word does ("brott mot") or
ends where it ends ("no offence").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TypeVar

from ombud.screening.model import CATEGORY_KINDS, Kind


class Match(StrEnum):
    """Where in a word a lexicon term may stand."""

    WORD = "word"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    INFIX = "infix"

    @property
    def starts_word(self) -> bool:
        """Whether a term matched so must stand where a word begins."""
        return self in (Match.WORD, Match.PREFIX)


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
    """Every term by its lower-case spelling, the false friends, cues and compound heads.

    `scan` finds the terms in a text; `verdicts` remembers what each word containing a
    term means (see `special`).
    """

    terms: dict[str, tuple[Term, ...]]
    false_friends: frozenset[str]
    false_friend_prefixes: dict[str, tuple[str, ...]]  # by their first two letters
    # False-friend phrases ("hälsa på"), by their first and by their last two letters: a
    # hit is checked against the few that could start or end where its word does.
    phrases_from: dict[str, tuple[str, ...]]
    phrases_to: dict[str, tuple[str, ...]]
    cues: dict[Kind, Cues] = field(default_factory=dict)
    heads: dict[Kind, tuple[str, ...]] = field(default_factory=dict)
    verdicts: dict[tuple[str, int, str], tuple[tuple[Kind, float, bool], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )


@dataclass(frozen=True, slots=True)
class Cues:
    """The cues of one kind: one pattern that finds any of them, and each one's shift."""

    pattern: re.Pattern[str]
    shifts: dict[str, float]


class LexiconError(ValueError):
    """A lexicon file has a line that cannot be read; the message names file and line."""


Row = TypeVar("Row")


def read_rows(
    name: str, content: str, expected: str, read: Callable[[list[str]], Row]
) -> list[Row]:
    """Each line of the data file `name` read by `read` from its tab-separated fields.

    Blank lines and `#` comments are skipped; a line `read` cannot take (a missing or
    extra field, a value outside its set) raises LexiconError naming the file, the line and
    what is `expected`.
    """
    rows = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            rows.append(read(line.split("\t")))
        except (IndexError, ValueError) as exc:
            raise LexiconError(f"{name}:{number}: got {raw!r}; expected {expected}") from exc
    return rows


def _parse_terms(name: str, kind: Kind, content: str) -> list[Term]:
    def term(fields: list[str]) -> Term:
        text, match, confidence = fields[0].strip(), Match(fields[1]), float(fields[2])
        return Term(text, kind, match, confidence, text != text.lower())

    expected = "term<TAB>word|prefix|suffix|infix<TAB>confidence"
    return read_rows(name, content, expected, term)


_VOWELS = frozenset("aeiouyåäöé")


def inflections(text: str) -> tuple[str, ...]:
    """Inflected spellings of a dictionary form that its stem changes for.

    Swedish participles and adjectives in -en, -d and -ad, nouns in -a, and English
    nouns in consonant + y; endings simply appended ("astman", "allergies") are left
    to the matcher. Forms that are not words cost nothing but a bigger automaton.
    """
    if " " in text or "-" in text or len(text) < 4 or not text.isalpha():
        return ()
    forms: list[str] = []
    stem, last, before = text[:-1], text[-1], text[-2]
    if text.endswith("en") and text[-3] not in _VOWELS:  # sjukskriven: sjukskrivna, -et
        forms += [text[:-2] + "na", text[:-2] + "et"]
    elif last == "d" and (before not in _VOWELS or before == "a"):
        forms.append(stem + "t")  # utbränd: utbränt; dömd: dömt; deprimerad: deprimerat
    elif last == "a" and before not in _VOWELS:  # skada: skador, skadorna
        forms.append(stem + "or")
    elif last == "y" and before not in _VOWELS:  # injury: injuries, dizzy: dizzier
        forms += [stem + "ies", stem + "ied"]
    return tuple(forms)


# A misspelt form counts a little less than the term it stands for.
_TYPO_PENALTY = 0.1
_TYPO_MIN_LENGTH = 7
_TYPO_VOWELS = "aeiouy"


def misspellings(text: str) -> tuple[str, ...]:
    """The one-slip spellings of a long lower-case word: "depresion", "diabetis", "anxeity".

    One letter left out (not the last: "ramadan" without it is "ramada"), two neighbours
    swapped, a vowel written as another or a letter doubled, none of them in the first
    two letters, which writers rarely miss and which keep the word recognisable. Short
    words are left alone: one slip in "muslim" makes "muslin", a fabric. `misspelt.txt`
    names the words this is done for; a form that is a false friend ("mediation" from
    "medication") is dropped when the lexicon is built.
    """
    if len(text) < _TYPO_MIN_LENGTH or not text.isalpha() or not text.islower():
        return ()
    forms: set[str] = set()
    for i in range(2, len(text)):
        forms.add(text[: i + 1] + text[i:])
        if i + 1 < len(text):
            forms.add(text[:i] + text[i + 1 :])
            forms.add(text[:i] + text[i + 1] + text[i] + text[i + 2 :])
        if text[i] in _TYPO_VOWELS:
            forms.update(text[:i] + vowel + text[i + 1 :] for vowel in _TYPO_VOWELS)
    forms.discard(text)
    return tuple(sorted(forms))


def _parse_compounds(content: str) -> list[Term]:
    """Terms built from `compounds.tsv`: every modifier of a set with every head of a set."""
    sets: dict[str, list[str]] = {}
    terms: list[Term] = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        try:
            if fields[0] == "head" and len(fields) == 3:
                Kind(fields[1])
                continue
            if fields[0] == "set" and len(fields) == 3:
                # "ont_i" is the two words "ont i", kept one item by its underscore.
                sets[fields[1]] = [w.replace("_", " ") for w in fields[2].split()]
                continue
            if fields[0] != "compound" or len(fields) != 6:
                raise ValueError(fields[0])
            _, kind, modifiers, joiner, heads, confidence = fields
            glue = {"+": "", "_": " "}[joiner]
            for modifier in sets[modifiers]:
                for head in sets[heads]:
                    text = modifier + glue + head
                    terms.append(Term(text, Kind(kind), Match.WORD, float(confidence), False))
        except (KeyError, ValueError) as exc:
            raise LexiconError(
                f"compounds.tsv:{number}: got {raw!r}; expected set<TAB>name<TAB>words, "
                "compound<TAB>kind<TAB>set<TAB>+|_<TAB>set<TAB>confidence, sets named above, "
                "or head<TAB>kind<TAB>words"
            ) from exc
    return terms


def _parse_heads(content: str) -> dict[Kind, tuple[str, ...]]:
    """The heads of `compounds.tsv` by kind, longest first ("patient", "dom")."""
    heads: dict[Kind, list[str]] = {}
    for raw in content.splitlines():
        fields = [f.strip() for f in raw.split("\t")]
        if fields[0] == "head" and len(fields) == 3:
            heads.setdefault(Kind(fields[1]), []).extend(fields[2].split())
    return {kind: tuple(sorted(words, key=len, reverse=True)) for kind, words in heads.items()}


def _parse_cues(content: str) -> dict[Kind, Cues]:
    cues: dict[Kind, dict[str, float]] = {}
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            kind, cue, shift = Kind(fields[0]), fields[1].lower(), float(fields[2])
        except (IndexError, ValueError) as exc:
            raise LexiconError(
                f"cues.tsv:{number}: got {raw!r}; expected kind<TAB>words<TAB>shift"
            ) from exc
        cues.setdefault(kind, {})[cue] = shift
    longest_first = {kind: sorted(shifts, key=len, reverse=True) for kind, shifts in cues.items()}
    return {
        kind: Cues(re.compile("|".join(map(re.escape, longest_first[kind]))), shifts)
        for kind, shifts in cues.items()
    }


def build(
    files: dict[str, str],
    false_friends: str,
    compounds: str = "",
    cues: str = "",
    misspelt: str = "",
) -> Lexicon:
    """Compile a lexicon from file contents: `{"health.tsv": "...", ...}` and the false friends.

    `compounds`, `cues` and `misspelt` are the contents of `compounds.tsv`, `cues.tsv` and
    `misspelt.txt`.
    """
    listed: list[Term] = []
    for name, content in sorted(files.items()):
        listed += _parse_terms(name, Kind(name.removesuffix(".tsv")), content)
    listed += _parse_compounds(compounds)
    by_text: dict[str, list[Term]] = {}
    for term in listed:
        by_text.setdefault(term.text.lower(), []).append(term)
    for term in listed:
        if term.case_sensitive:
            continue
        forms = inflections(term.text)
        if not term.match.starts_word and not term.text.endswith(("ad", "en")):
            # An inside term is looked at wherever it occurs, inside any word: keep only the
            # participles ("opererad": "opererat"), which compounds end in; "-ectomies" is rare.
            forms = ()
        for form in forms:
            same = by_text.setdefault(form, [])
            if not any(t.kind is term.kind and t.match is term.match for t in same):
                same.append(Term(form, term.kind, term.match, term.confidence, False))
    friends = [w.strip().lower() for w in false_friends.splitlines()]
    friends = [w for w in friends if w and not w.startswith("#")]
    spelt = set(by_text) | set(friends)
    slips: dict[str, list[Term]] = {}
    for number, raw in enumerate(misspelt.splitlines(), start=1):
        word = raw.strip()
        if not word or word.startswith("#"):
            continue
        named = [t for t in by_text.get(word, ()) if not t.case_sensitive]
        if not named or not misspellings(word):
            raise LexiconError(
                f"misspelt.txt:{number}: got {word!r}; expected a lower-case word of at least "
                f"{_TYPO_MIN_LENGTH} letters that a lexicon lists"
            )
        for term in named:
            confidence = round(term.confidence - _TYPO_PENALTY, 2)
            for form in misspellings(word):
                if form not in spelt:  # a form that is a term or a false friend is itself
                    slips.setdefault(form, []).append(
                        Term(form, term.kind, term.match, confidence, False)
                    )
    for form, terms in slips.items():
        by_text[form] = terms
    return Lexicon(
        terms={text: tuple(terms) for text, terms in by_text.items()},
        false_friends=frozenset(w for w in friends if not w.endswith("*") and " " not in w),
        false_friend_prefixes=_by_first_two(
            [w[:-1] for w in friends if w.endswith("*") and " " not in w]
        ),
        phrases_from=_by_first_two([w for w in friends if " " in w]),
        phrases_to=_by_last_two([w for w in friends if " " in w]),
        cues=_parse_cues(cues),
        heads=_parse_heads(compounds),
    )


def _by_first_two(prefixes: list[str]) -> dict[str, tuple[str, ...]]:
    buckets: dict[str, list[str]] = {}
    for prefix in prefixes:
        buckets.setdefault(prefix[:2], []).append(prefix)
    return {key: tuple(values) for key, values in buckets.items()}


def _by_last_two(words: list[str]) -> dict[str, tuple[str, ...]]:
    buckets: dict[str, list[str]] = {}
    for word in words:
        buckets.setdefault(word[-2:], []).append(word)
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
    compounds = folder.joinpath("compounds.tsv").read_text(encoding="utf-8")
    cues = folder.joinpath("cues.tsv").read_text(encoding="utf-8")
    misspelt = folder.joinpath("misspelt.txt").read_text(encoding="utf-8")
    return build(files, friends, compounds, cues, misspelt)
