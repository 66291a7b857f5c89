"""What a purpose's keys are called in one language: its categories, subjects and parties.

Shared by the policy and the Art. 30 register, so both name things the same way.
"""

from __future__ import annotations

from ombud.declaration.model import Address, Declaration, Purpose, Sensitivity
from ombud.declaration.taxonomy import resolve_category
from ombud.render.catalog import Lang
from ombud.render.wording import country_name, retention_phrase


def unique(items: list[str]) -> tuple[str, ...]:
    """The items in their first order, each once."""
    return tuple(dict.fromkeys(items))


def category_name(declaration: Declaration, key: str, lang: Lang) -> str:
    """A category's display name: the declaration's own, else the taxonomy's, else its key."""
    resolved = resolve_category(declaration, key)
    return resolved.name[lang] if resolved is not None else key


def category_names(declaration: Declaration, keys: tuple[str, ...], lang: Lang) -> tuple[str, ...]:
    """The display names of `keys`, in declared order, each once."""
    return unique([category_name(declaration, key, lang) for key in keys])


def categories_of(
    declaration: Declaration, purpose: Purpose, sensitivity: Sensitivity
) -> list[str]:
    """The keys of the purpose's categories in the given sensitivity class."""
    found = []
    for key in purpose.categories:
        resolved = resolve_category(declaration, key)
        if resolved is not None and resolved.sensitivity is sensitivity:
            found.append(key)
    return found


def subject_names(declaration: Declaration, purpose: Purpose, lang: Lang) -> tuple[str, ...]:
    """Whom the purpose's data is about ("medlemmar", "kunder")."""
    kinds = declaration.subject_kinds
    return unique([kinds[k].name[lang] if k in kinds else k for k in purpose.subject_kinds])


def purpose_parties(declaration: Declaration, purpose: Purpose) -> tuple[str, ...]:
    """Keys of everyone who receives the purpose's data: its recipients and the processors
    that run its systems (a processor operating a system holds what the system holds)."""
    running = [
        declaration.systems[s].operated_by
        for s in purpose.systems
        if s in declaration.systems and declaration.systems[s].external
    ]
    return unique([*purpose.recipients, *running])


def party_name(declaration: Declaration, key: str, lang: Lang) -> str:
    """A processor's or recipient's name."""
    if key in declaration.processors:
        return declaration.processors[key].name[lang]
    if key in declaration.recipients:
        return declaration.recipients[key].name[lang]
    return key


def party_country(declaration: Declaration, key: str) -> str | None:
    """Where a processor or recipient is, as an ISO country code."""
    if key in declaration.processors:
        return declaration.processors[key].location
    if key in declaration.recipients:
        return declaration.recipients[key].location
    return None


def purpose_retention(purpose: Purpose, lang: Lang) -> str | None:
    """The purpose's storage period in words, or None where the declaration gives no rule."""
    return retention_phrase(purpose.retention, lang) if purpose.retention is not None else None


def address_line(address: Address, lang: Lang) -> str:
    """An address on one line, with the country named only when it is not Sweden."""
    line = f"{address.street}, {address.postal_code} {address.city}"
    return line if address.country == "SE" else f"{line}, {country_name(address.country, lang)}"
