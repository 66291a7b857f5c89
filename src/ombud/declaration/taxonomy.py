"""The data category taxonomy: fideslang's default keys plus Ombud's sensitivity classes.

fideslang gives the keys and English names (`user.contact.email`, "User Contact
Email"), for interoperability with Fides. `taxonomy.yaml` beside this module adds
Swedish names, the sensitivity class of each key and the Art. 9(1) kind of special
ones, and the keys fideslang lacks (trade-union membership, philosophical belief,
sex life). A declaration may refine any key with its own categories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from ruamel.yaml import YAML

from ombud.declaration.model import Category, Declaration, Sensitivity, SpecialKind, Text


@dataclass(frozen=True)
class TaxonomyEntry:
    """One key of the taxonomy, resolved: names, parent, sensitivity, Art. 9 kind."""

    key: str
    name: Text
    parent: str | None
    sensitivity: Sensitivity
    special_kind: SpecialKind | None


def _parent_of(key: str) -> str | None:
    return key.rsplit(".", 1)[0] if "." in key else None


@cache
def taxonomy() -> Mapping[str, TaxonomyEntry]:
    """Every known category key, fideslang's and Ombud's additions, resolved."""
    text = resources.files("ombud.declaration").joinpath("taxonomy.yaml").read_text("utf-8")
    layer = YAML(typ="safe").load(text)
    ours: dict[str, dict[str, str]] = layer["categories"]
    added: dict[str, dict[str, str]] = layer["added"]
    english = {c.fides_key: c.name for c in DEFAULT_TAXONOMY.data_category if c.name}
    english.update({key: spec["en"] for key, spec in {**ours, **added}.items() if "en" in spec})
    raw = {**ours, **added}

    entries: dict[str, TaxonomyEntry] = {}
    # Parents sort before children, so each key inherits from an already resolved parent.
    for key in sorted(english, key=lambda k: k.count(".")):
        spec = raw.get(key, {})
        parent = _parent_of(key)
        inherited = entries.get(parent) if parent else None
        sensitivity = spec.get("sensitivity")
        special_kind = spec.get("special_kind")
        entries[key] = TaxonomyEntry(
            key=key,
            name=Text(sv=spec.get("sv", english[key]), en=english[key]),
            parent=parent,
            sensitivity=Sensitivity(sensitivity)
            if sensitivity
            else (inherited.sensitivity if inherited else Sensitivity.ordinary),
            special_kind=SpecialKind(special_kind)
            if special_kind
            else (inherited.special_kind if inherited else None),
        )
    return entries


def nearest_known(key: str) -> TaxonomyEntry | None:
    """The taxonomy entry for `key`, or for its nearest ancestor that the taxonomy knows."""
    known = taxonomy()
    probe: str | None = key
    while probe is not None:
        if probe in known:
            return known[probe]
        probe = _parent_of(probe)
    return None


@dataclass(frozen=True)
class ResolvedCategory:
    """A category as the declaration uses it: its name, sensitivity and Art. 9 kind."""

    key: str
    name: Text
    sensitivity: Sensitivity
    special_kind: SpecialKind | None
    declared: bool

    @property
    def is_special(self) -> bool:
        return self.sensitivity is Sensitivity.special


def resolve_category(declaration: Declaration, key: str) -> ResolvedCategory | None:
    """What `key` means in this declaration: its own entry first, then the taxonomy."""
    declared: Category | None = declaration.categories.get(key)
    base_key = declared.parent if declared and declared.parent else key
    base = nearest_known(base_key)
    if declared is None and (base is None or base.key != key):
        return None  # neither declared nor a taxonomy key
    name = (declared.name if declared else None) or (base.name if base else None)
    sensitivity = (declared.sensitivity if declared else None) or (
        base.sensitivity if base else None
    )
    if name is None or sensitivity is None:
        return None
    special_kind = (declared.special_kind if declared else None) or (
        base.special_kind if base else None
    )
    return ResolvedCategory(key, name, sensitivity, special_kind, declared is not None)
