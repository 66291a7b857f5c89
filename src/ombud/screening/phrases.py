"""Special categories told by a phrase rather than a word: a health measurement with its
value ("BMI 34", "blodtryck 150/90"), fasting through a holy season, prayer at its times.

Each pattern holds one of a few anchor words ("bmi", "blod", "gud", "gånger"); `scan`
reports where those are, in the same pass that finds the lexicon's terms, and a pattern
is only tried around them: a pattern's own scan tries every position of a long text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ombud.screening.model import Finding, Kind

# A health measurement given with its value ("BMI 34", "blodtryck 150/90", "HbA1c 58"):
# the value makes it someone's; the name alone ("BMI" in general talk) says nothing.
_MEASURED = re.compile(
    r"(?:bmi|blodtrycket|blodtryck|hba1c|p-glukos|blodsockret|blodsocker|"
    r"kolesterolet|kolesterol|blood pressure|cholesterol|blood sugar)"
    r"(?:[ \t]*(?:på|är|var|låg på|ligger på|is|was|of|at|=|:))?[ \t]*:?[ \t]*"
    r"\d+(?:[.,/]\d+)?(?!\w)"
)
MEASURED_CONFIDENCE = 0.8
"""How sure a health measurement with its value makes us."""

# Religious practice told by what it is done for: fasting through a holy season ("fastar
# under ramadan"), prayer to a god or at the five daily times ("be igen, fem gånger om
# dagen"). The verb alone is too common ("fasta tider", "be om hjälp"); the verb is reported.
_FASTING = re.compile(
    r"(fastar|fastade|fastat|fasta|fasting|fasts|fasted)[ \t]+(?:under|i|på|during|for|in)"
    r"[ \t]+(?:hela[ \t]+)?(?:ramadan|ramadhan|fastan|fastemånaden|jom kippur|yom kippur|lent)"
    r"(?!\w)"
)
_PRAYER = re.compile(
    r"(be|ber|bad|bett|pray|prays|prayed|praying)(?:[ \t]+(?:igen|again))?,?[ \t]+"
    r"(?:till[ \t]+(?:gud|allah|herren|jesus)|to[ \t]+(?:god|allah|jesus)|"
    r"(?:fem|5|five)[ \t]+(?:gånger|times)[ \t]+(?:om|per|a)[ \t]+(?:dagen|dag|day))(?!\w)"
)
OBSERVED_CONFIDENCE = 0.8
"""How sure fasting through a holy season or prayer at its times makes us."""

# The words each match of a pattern holds, and how far its matches reach before and
# after one.
_MEASURED_WORDS = frozenset(
    {"bmi", "blod", "blood", "hba1c", "p-glukos", "kolesterol", "cholesterol"}
)
_PRAYER_WORDS = frozenset({"gud", "allah", "herren", "jesus", "god", "gånger", "times"})
_REACH = 40

ANCHORS = _MEASURED_WORDS | _PRAYER_WORDS
"""The words `scan` reports wherever they stand, inside words too."""


def _near(
    size: int, anchors: Iterable[tuple[int, str]], words: frozenset[str], before: int, after: int
) -> list[tuple[int, int]]:
    """The stretches within `before`/`after` characters of the anchors that are `words`, merged."""
    spots = sorted(
        (max(0, at - before), min(size, at + len(word) + after))
        for at, word in anchors
        if word in words
    )
    merged: list[tuple[int, int]] = []
    for start, end in spots:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _anchored(
    pattern: re.Pattern[str], low: str, stretches: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches inside the stretches; a match needs one of the words it holds,
    and each stretch reaches past any match around its word, so none is cut."""
    for start, end in stretches:
        yield from pattern.finditer(low, start, end)


def _opens_word(low: str, at: int) -> bool:
    # Checked here, not by a look-behind, so the search can skip ahead to a literal.
    return not at or not (low[at - 1].isalnum() or low[at - 1] in "-_")


def find_phrases(low: str, anchors: list[tuple[int, str]]) -> list[Finding]:
    """Health measurements with a value, and fasting and prayer told by their season or
    times, in `low` (a text lowered by `special.lowered`); `anchors` are where `scan`
    found the `ANCHORS` in it, as (start, word)."""
    found: list[Finding] = []
    observed: list[re.Match[str]] = []
    if "fast" in low:  # what every fasting verb begins with
        observed += _FASTING.finditer(low)
    if anchors:
        measured = _near(len(low), anchors, _MEASURED_WORDS, 0, _REACH)
        found += [
            Finding(hit.start(), hit.end(), Kind.HEALTH, MEASURED_CONFIDENCE)
            for hit in _anchored(_MEASURED, low, measured)
            if _opens_word(low, hit.start())
        ]
        observed += _anchored(_PRAYER, low, _near(len(low), anchors, _PRAYER_WORDS, _REACH, _REACH))
    found += [
        Finding(hit.start(1), hit.end(1), Kind.RELIGION, OBSERVED_CONFIDENCE)
        for hit in observed
        if _opens_word(low, hit.start())
    ]
    return found
