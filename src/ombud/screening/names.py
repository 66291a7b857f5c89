"""First names and the sex they are given to, read from `lexicons/first_names.tsv`.

A name given to both sexes is not listed, so it says nothing; so does a name not listed.
Only a name written with its capital counts: "Liv" is a name, "liv" is life.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources

from ombud.screening.lexicon import read_rows


class Sex(StrEnum):
    """The sex a first name is given to, as the name statistics count it."""

    FEMALE = "f"
    MALE = "m"


def parse_names(content: str) -> dict[str, Sex]:
    """The names of a `name<TAB>f|m` file, each to its sex."""

    def name(fields: list[str]) -> tuple[str, Sex]:
        given, sex = fields
        return given, Sex(sex)

    return dict(read_rows("first_names.tsv", content, "name<TAB>f|m", name))


@cache
def first_names() -> dict[str, Sex]:
    """The shipped list of first names, read on first use."""
    folder = resources.files("ombud.screening").joinpath("lexicons")
    return parse_names(folder.joinpath("first_names.tsv").read_text(encoding="utf-8"))


def sex_of(name: str) -> Sex | None:
    """The sex `name` is given to, or None when it is unlisted or given to both."""
    return first_names().get(name)
