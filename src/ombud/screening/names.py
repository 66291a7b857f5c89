"""First names and the sex they are given to, read from `lexicons/first_names.tsv`.

A name given to both sexes is not listed, so it says nothing; so does a name not listed.
Only a name written with its capital counts: "Liv" is a name, "liv" is life.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources

from ombud.screening.lexicon import LexiconError


class Sex(StrEnum):
    """The sex a first name is given to, as the name statistics count it."""

    FEMALE = "f"
    MALE = "m"


def parse_names(content: str) -> dict[str, Sex]:
    """The names of a `name<TAB>f|m` file, each to its sex."""
    names: dict[str, Sex] = {}
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            name, sex = line.split("\t")
            names[name] = Sex(sex)
        except ValueError as exc:
            raise LexiconError(
                f"first_names.tsv:{number}: got {raw!r}; expected name<TAB>f|m"
            ) from exc
    return names


@cache
def first_names() -> dict[str, Sex]:
    """The shipped list of first names, read on first use."""
    folder = resources.files("ombud.screening").joinpath("lexicons")
    return parse_names(folder.joinpath("first_names.tsv").read_text(encoding="utf-8"))


def sex_of(name: str) -> Sex | None:
    """The sex `name` is given to, or None when it is unlisted or given to both."""
    return first_names().get(name)
