"""Cross-references inside a declaration: every key a purpose names must exist.

A purpose that names a system, recipient, subject kind or legal hold the
declaration does not define cannot be enforced, so it is an error (not a lint).
A category key must be declared or be a key of the taxonomy; a taxonomy key used
without being declared is left to the lints (Art. 30(1)(c) wants it listed).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from ombud.declaration.model import Declaration
from ombud.declaration.taxonomy import resolve_category, taxonomy

PathKey = tuple[str | int, ...]


def _unknown(kind: str, value: str, known: Iterable[str]) -> str:
    choices = sorted(known)
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listing = ", ".join(choices) if choices else f"none is declared under '{kind}'"
    return f"got {value!r}, which is not declared; {hint}expected one of: {listing}"


def check_references(declaration: Declaration) -> list[tuple[PathKey, str]]:
    """Every reference that points nowhere, as (path, message)."""
    return [
        *_purpose_references(declaration),
        *_other_references(declaration),
        *_intake_references(declaration),
    ]


def _purpose_references(d: Declaration) -> Iterator[tuple[PathKey, str]]:
    parties = {**d.processors, **d.recipients}
    for key, purpose in d.purposes.items():
        where: PathKey = ("purposes", key)
        for i, kind in enumerate(purpose.subject_kinds):
            if kind not in d.subject_kinds:
                yield (*where, "subject_kinds", i), _unknown("subject_kinds", kind, d.subject_kinds)
        for i, system in enumerate(purpose.systems):
            if system not in d.systems:
                yield (*where, "systems", i), _unknown("systems", system, d.systems)
        for i, recipient in enumerate(purpose.recipients):
            if recipient not in parties:
                message = _unknown("processors or recipients", recipient, parties)
                yield (*where, "recipients", i), message
        for i, hold in enumerate(purpose.legal_holds):
            if hold not in d.legal_holds:
                yield (*where, "legal_holds", i), _unknown("legal_holds", hold, d.legal_holds)
        for i, category in enumerate(purpose.categories):
            if resolve_category(d, category) is None:
                yield (*where, "categories", i), _unknown_category(d, category)


def _unknown_category(d: Declaration, key: str) -> str:
    known = set(d.categories) | set(taxonomy())
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.7)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"got {key!r}, which is neither declared under 'categories' nor a taxonomy key; "
        f"{hint}declare it (with a parent, name and sensitivity) or use a fideslang key"
    )


def _other_references(d: Declaration) -> Iterator[tuple[PathKey, str]]:
    parties = {**d.processors, **d.recipients}
    for key, system in d.systems.items():
        if system.operated_by != "internal" and system.operated_by not in d.processors:
            message = _unknown("processors", system.operated_by, d.processors)
            yield ("systems", key, "operated_by"), message
    for i, transfer in enumerate(d.transfers):
        if transfer.to not in parties:
            yield ("transfers", i, "to"), _unknown("processors or recipients", transfer.to, parties)
    for key, category in d.categories.items():
        if category.parent is None and key not in taxonomy():
            yield (
                ("categories", key),
                (
                    f"got the custom key {key!r} without a parent; "
                    "expected 'parent:' naming the taxonomy key it refines, "
                    "e.g. user.content.private"
                ),
            )
        elif category.parent is not None and category.parent not in taxonomy():
            yield ("categories", key, "parent"), _unknown_category(d, category.parent)
    for hold_key, hold in d.legal_holds.items():
        for i, held in enumerate(hold.categories):
            if resolve_category(d, held) is None:
                yield ("legal_holds", hold_key, "categories", i), _unknown_category(d, held)


def _intake_references(d: Declaration) -> Iterator[tuple[PathKey, str]]:
    for key, channel in d.intake.items():
        where: PathKey = ("intake", key)
        if channel.purpose not in d.purposes:
            yield (*where, "purpose"), _unknown("purposes", channel.purpose, d.purposes)
        if channel.subject_kind not in d.subject_kinds:
            message = _unknown("subject_kinds", channel.subject_kind, d.subject_kinds)
            yield (*where, "subject_kind"), message
        if resolve_category(d, channel.category) is None:
            yield (*where, "category"), _unknown_category(d, channel.category)
        if channel.images is not None and resolve_category(d, channel.images) is None:
            yield (*where, "images"), _unknown_category(d, channel.images)
