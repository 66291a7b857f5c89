"""What may be collected: the declaration's rules applied to one collection (pure).

Data minimisation and purpose limitation (Art. 5(1)(b)–(c)), the Art. 9 conditions
for special categories, and consent where the purpose rests on it. Every refusal
names the rule and says why; nothing is written before all of them pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from ombud.declaration.model import Declaration, LegalBasis, Purpose, SourceKind, SpecialCondition
from ombud.declaration.taxonomy import resolve_category
from ombud.errors import Refused
from ombud.protect import IdentifierKind
from ombud.register.model import SubjectState

# Categories whose values are identifiers: normalised, and indexed for lookup.
IDENTIFYING_CATEGORIES: dict[str, IdentifierKind] = {
    "user.contact.email": IdentifierKind.EMAIL,
    "user.contact.phone_number": IdentifierKind.PHONE,
    "user.government_id.national_identification_number": IdentifierKind.PERSONNUMMER,
}


def identifier_kind(category: str) -> IdentifierKind | None:
    """The identifier kind of a category or of its taxonomy ancestor, if it is one."""
    for key, kind in IDENTIFYING_CATEGORIES.items():
        if category == key or category.startswith(key + "."):
            return kind
    return None


def _has_live_consent(state: SubjectState, purpose: str, at: datetime, explicit: bool) -> bool:
    return any(
        c.purpose == purpose and c.live(at) and (c.explicit or not explicit) for c in state.consents
    )


def check_collection(
    declaration: Declaration,
    key: str,
    purpose: Purpose,
    values: Mapping[str, str],
    state: SubjectState,
    at: datetime,
    source: SourceKind,
    source_name: str | None,
) -> None:
    """Raise Refused unless every value may be collected for the purpose now."""
    if not values:
        raise Refused("data_minimisation", "nothing to collect: no values were given")
    for category, value in values.items():
        if category not in purpose.categories:
            allowed = ", ".join(purpose.categories)
            raise Refused(
                "data_minimisation",
                f"purpose {key!r} may not use category {category!r}: not declared for it "
                f"(declared: {allowed})",
                category=category,
            )
        if not value.strip():
            raise Refused("data_minimisation", f"category {category!r}: got an empty value")
        _check_special(declaration, key, purpose, category, state, at)
    if purpose.legal_basis is LegalBasis.consent and not _has_live_consent(
        state, key, at, explicit=False
    ):
        raise Refused(
            "consent", f"purpose {key!r} rests on consent and the subject has no live consent"
        )
    if source is SourceKind.third_party and not source_name:
        raise Refused("source", "data from a third party must name its source (Art. 14(2)(f))")


def _check_special(
    declaration: Declaration,
    key: str,
    purpose: Purpose,
    category: str,
    state: SubjectState,
    at: datetime,
) -> None:
    resolved = resolve_category(declaration, category)
    if resolved is None or not resolved.is_special:
        return
    if purpose.special_condition is None:
        raise Refused(
            "special_category",
            f"category {category!r} is special (Art. 9) and purpose {key!r} declares "
            "no Art. 9(2) condition",
            category=category,
        )
    explicit = purpose.special_condition is SpecialCondition.explicit_consent
    if explicit and not _has_live_consent(state, key, at, explicit=True):
        raise Refused(
            "explicit_consent",
            f"category {category!r} needs the subject's live explicit consent for {key!r} "
            "(Art. 9(2)(a)); none is recorded",
            category=category,
        )
