"""The lists synthetic people are drawn from, read once from the package's `data/` folder.

Each file is plain UTF-8 text, one entry a line; `#` starts a comment line, blank lines are
skipped, and tab-separated columns carry a weight (and, for towns, postal code prefixes).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from ombud.synthetic.model import Town, Vocabulary, Weighted

_DATA = "ombud.synthetic"


@cache
def vocabulary() -> Vocabulary:
    """The lists in `ombud/synthetic/data/`, read on first use and shared afterwards."""
    return Vocabulary(
        women_first_names=_entries("first_names_women.txt"),
        men_first_names=_entries("first_names_men.txt"),
        last_names=_entries("last_names.txt"),
        street_stems=_entries("street_stems.txt"),
        street_suffixes=_weighted("street_suffixes.txt"),
        towns=tuple(
            Town(name, _postal_prefixes(prefixes), int(weight))
            for name, prefixes, weight in _columns("towns.txt", 3)
        ),
        email_domains=_weighted("email_domains.txt"),
        job_titles=_entries("job_titles.txt"),
        organisation_types=_entries("organisation_types.txt"),
        diets=_weighted("diets.txt"),
        comments=_entries("comments.txt"),
        sensitive_comments=_entries("comments_sensitive.txt"),
    )


def _lines(name: str) -> list[str]:
    text = files(_DATA).joinpath("data", name).read_text(encoding="utf-8")
    stripped = (line.strip() for line in text.splitlines())
    return [line for line in stripped if line and not line.startswith("#")]


def _entries(name: str) -> tuple[str, ...]:
    return tuple(_lines(name))


def _weighted(name: str) -> tuple[Weighted, ...]:
    return tuple(Weighted(value, int(weight)) for value, weight in _columns(name, 2))


def _columns(name: str, count: int) -> list[list[str]]:
    rows = [line.split("\t") for line in _lines(name)]
    for row in rows:
        if len(row) != count:
            raise ValueError(f"data/{name}: expected {count} tab-separated columns in {row!r}")
    return rows


def _postal_prefixes(spec: str) -> tuple[str, ...]:
    """`"111-113 117"` → `("111", "112", "113", "117")`."""
    prefixes: list[str] = []
    for part in spec.split():
        first, _, last = part.partition("-")
        prefixes.extend(str(n) for n in range(int(first), int(last or first) + 1))
    return tuple(prefixes)
