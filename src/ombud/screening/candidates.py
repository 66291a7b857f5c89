"""Where identifiers may be: runs of digits, the words before a number, shorter readings.

Shared by the identifier detectors in `identifiers` and `contacts`; pure functions of
the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

NOT_DIGIT = re.compile(r"\D")
# A run of digits and separators long enough to hold a phone number, a personnummer …
# (seven digits or more, at most two separators between any two of them). ASCII digits:
# `[0-9]` is a table look-up where `\d` asks Unicode of every character, twice as slow
# over a long text, and no identifier is written in other digits.
_NUMERIC_RUN = re.compile(r"[0-9](?:[ \-+().:/]{0,2}[0-9]){6,}")
# How far before a number the words that say what it is may stand.
_CONTEXT_WINDOW = 40

Runs = Sequence[tuple[int, int]]
"""Where the runs of digits are: (start, end) with a character of margin each side."""


def numeric_runs(text: str) -> list[tuple[int, int]]:
    """The runs of digits and separators that could hold a number-shaped identifier.

    The margin lets a leading "+" or "(" and the look-arounds see their neighbours.
    """
    return [(max(0, m.start() - 1), m.end() + 1) for m in _NUMERIC_RUN.finditer(text)]


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
