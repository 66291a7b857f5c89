"""Where identifiers may be: runs of digits, the words before a number, shorter readings.

Shared by the identifier detectors in `identifiers` and `contacts`; pure functions of
the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

NOT_DIGIT = re.compile(r"\D")
# The groups of ASCII digits. Every number-shaped identifier starts one, so one scan for
# them tells every detector where to look. `[0-9]` is a table look-up where `\d` asks
# Unicode of every character, twice as slow over a long text, and no identifier is
# written in other digits. Spelt `[0-9][0-9]*`, not `[0-9]+`: the engine skips ahead to a
# pattern's first character only when the pattern opens with a character class.
_DIGITS = re.compile(r"[0-9][0-9]*")
# What may stand between the groups of one run ("070-123 45 67", "+46 (0)8"), two at most.
_RUN_SEPARATORS = frozenset(" -+().:/")
# How many digits a run holds at least: a phone number, a personnummer …
_RUN_DIGITS = 7
# How far before a number the words that say what it is may stand.
_CONTEXT_WINDOW = 40

Groups = Sequence[tuple[int, int]]
"""Where the groups of digits are: (start, end)."""
Runs = Sequence[tuple[int, int]]
"""Where the runs of digits are: (start, end) with a character of margin each side."""


def digit_groups(text: str) -> list[tuple[int, int]]:
    """Where each group of digits in `text` starts and ends."""
    return [m.span() for m in _DIGITS.finditer(text)]


def numeric_runs(text: str, groups: Groups) -> list[tuple[int, int]]:
    """The runs of digits and separators that could hold a number-shaped identifier: groups
    of digits joined by one or two separators, seven digits or more in all.

    The margin lets a leading "+" or "(" and the look-arounds see their neighbours.
    """
    runs = []
    i, count = 0, len(groups)
    while i < count:
        start, end = groups[i]
        digits = end - start
        i += 1
        while i < count:
            next_start, next_end = groups[i]
            if next_start - end > 2 or not _RUN_SEPARATORS.issuperset(text[end:next_start]):
                break
            digits += next_end - next_start
            end = next_end
            i += 1
        if digits >= _RUN_DIGITS:
            runs.append((max(0, start - 1), end + 1))
    return runs


def before_groups(groups: Groups, reach: int) -> list[tuple[int, int]]:
    """The stretches from `reach` characters before each group of digits to just past its
    first digit, merged where they meet: where the word that names a number may stand."""
    stretches: list[tuple[int, int]] = []
    for start, _ in groups:
        begin = max(0, start - reach)
        if stretches and begin <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], start + 1)
        else:
            stretches.append((begin, start + 1))
    return stretches


def in_runs(pattern: re.Pattern[str], text: str, runs: Runs) -> Iterator[re.Match[str]]:
    """Matches of `pattern` inside the runs only."""
    for start, end in runs:
        yield from pattern.finditer(text, start, end)


def named_before(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    """Whether `pattern` occurs in the few words before `start` ("pnr", "bankgiro", "tel")."""
    return pattern.search(text[max(0, start - _CONTEXT_WINDOW) : start].lower()) is not None


def group_ends(candidate: str) -> list[int]:
    """Ends of the candidate and of each shorter prefix that stops before a separator."""
    ends = [len(candidate)]
    ends += [i for i in range(len(candidate) - 1, 0, -1) if candidate[i] in " -"]
    return ends
