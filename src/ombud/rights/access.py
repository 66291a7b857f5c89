"""The access report's content: every element GDPR Art. 15 lists, for one person.

Pure: the person's records (already decrypted), their held records, the declaration,
the language and the time in; an `AccessReport` out. Third parties' data never gets
here: a record is one value about this subject (Art. 15(4)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ombud.declaration.model import Declaration, Purpose
from ombud.declaration.taxonomy import resolve_category
from ombud.render.wording import retention_phrase
from ombud.rights.model import (
    AccessReport,
    DataItem,
    HeldItem,
    PurposeItem,
    RecipientItem,
    RecordHolding,
)
from ombud.rights.wording import basis_status_name, legal_basis_name, rights, source_name

STOCKHOLM_DATE = "%Y-%m-%d"


@dataclass(frozen=True)
class HeldInput:
    """A record in the legal hold as the report needs it."""

    category: str
    law: str
    expires_at: datetime


def access_report(
    declaration: Declaration,
    holdings: Sequence[RecordHolding],
    values: Mapping[int, str],
    held: Sequence[HeldInput],
    *,
    lang: str,
    now: datetime,
    reports_in_last_year: int,
) -> AccessReport:
    """The registerutdrag: data by category, purposes, bases, recipients, retention, rights.

    `reports_in_last_year` counts this one; it is free when the declaration promises
    that many free reports a year (a promise, not law: Art. 12(5) and 15(3)).
    """
    purposes = sorted({b.purpose for r in holdings for b in r.bases})
    promised = declaration.rights.free_access_reports_per_year
    authority = declaration.controller.supervisory_authority
    return AccessReport(
        lang=lang,
        generated_at=now.isoformat(),
        controller=_controller(declaration),
        holds_data=bool(holdings or held),
        data=_data(declaration, holdings, values, lang),
        purposes=tuple(_purpose(declaration, key, holdings, lang) for key in purposes),
        recipients=_recipients(declaration, purposes, lang),
        held=tuple(
            HeldItem(
                h.category,
                _category_name(declaration, h.category, lang),
                h.law,
                h.expires_at.date().isoformat(),
            )
            for h in held
        ),
        rights=rights(lang),
        complaint={
            "authority": authority.name,
            "website": authority.website,
            "email": authority.email,
            "address": authority.address,
        },
        reports_in_last_year=reports_in_last_year,
        free=None if promised is None else reports_in_last_year <= promised,
    )


def _controller(declaration: Declaration) -> dict[str, str | None]:
    c = declaration.controller
    return {
        "name": c.name,
        "organisation_number": c.organisation_number,
        "email": c.email,
        "address": f"{c.address.street}, {c.address.postal_code} {c.address.city}",
        "dpo": (c.dpo.email or c.dpo.name) if c.dpo else None,
    }


def _category_name(declaration: Declaration, category: str, lang: str) -> str:
    resolved = resolve_category(declaration, category)
    return resolved.name[lang] if resolved is not None else category


def _source(record: RecordHolding, lang: str) -> str:
    if record.source in ("subject", "observed"):
        return source_name(record.source, lang)
    return record.source_name or record.source


def _data(
    declaration: Declaration,
    holdings: Sequence[RecordHolding],
    values: Mapping[int, str],
    lang: str,
) -> tuple[DataItem, ...]:
    by_category: dict[str, list[RecordHolding]] = {}
    for record in holdings:
        by_category.setdefault(record.category, []).append(record)
    return tuple(
        DataItem(
            category=category,
            name=_category_name(declaration, category, lang),
            values=tuple(values[r.id] for r in rows),
            purposes=tuple(sorted({b.purpose for r in rows for b in r.bases})),
            sources=tuple(sorted({_source(r, lang) for r in rows})),
        )
        for category, rows in sorted(by_category.items())
    )


def _purpose(
    declaration: Declaration, key: str, holdings: Sequence[RecordHolding], lang: str
) -> PurposeItem:
    bases = [b for r in holdings for b in r.bases if b.purpose == key]
    declared: Purpose | None = declaration.purposes.get(key)
    expires = sorted({b.expires_at.date().isoformat() for b in bases if b.expires_at})
    statuses = sorted({b.status for b in bases})
    status = ", ".join(basis_status_name(s, lang) for s in statuses)
    if declared is None:  # a purpose since removed from the declaration: say what is known
        return PurposeItem(
            key, key, "", bases[0].legal_basis, None, None, "", tuple(expires), (), None, status
        )
    return PurposeItem(
        key=key,
        name=declared.name[lang],
        description=declared.description[lang],
        legal_basis=legal_basis_name(declared.legal_basis, lang),
        special_condition=declared.special_condition.value if declared.special_condition else None,
        legitimate_interest=declared.legitimate_interest[lang]
        if declared.legitimate_interest
        else None,
        retention=_retention_words(declared, lang),
        expires_on=tuple(expires),
        recipients=tuple(_recipient_name(declaration, r, lang) for r in declared.recipients),
        automated_decisions=declared.automated_decisions[lang]
        if declared.automated_decisions
        else None,
        status=status,
    )


def _retention_words(purpose: Purpose, lang: str) -> str:
    """The purpose's rule in the policy's own words, with its note on how it is decided."""
    words = (
        retention_phrase(purpose.retention, "en" if lang == "en" else "sv")
        if (purpose.retention)
        else ""
    )
    note = purpose.retention_note[lang] if purpose.retention_note else ""
    return ". ".join(part for part in (words, note) if part)


def _recipient_name(declaration: Declaration, key: str, lang: str) -> str:
    if key in declaration.processors:
        return declaration.processors[key].name[lang]
    if key in declaration.recipients:
        return declaration.recipients[key].name[lang]
    return key


def _recipients(
    declaration: Declaration, purposes: Sequence[str], lang: str
) -> tuple[RecipientItem, ...]:
    keys = sorted(
        {
            r
            for p in purposes
            if p in declaration.purposes
            for r in declaration.purposes[p].recipients
        }
    )
    transfers = {t.to: t for t in declaration.transfers}
    items = []
    for key in keys:
        processor, recipient = declaration.processors.get(key), declaration.recipients.get(key)
        if processor is not None:
            kind, location = "processor", processor.location
        elif recipient is not None:
            kind, location = recipient.kind.value, recipient.location
        else:
            continue
        transfer = transfers.get(key)
        shown = None
        if transfer is not None:
            mechanism = transfer.mechanism.value if transfer.mechanism else "none"
            shown = f"{transfer.country}: {mechanism}"
            if transfer.safeguards is not None:
                shown += f" ({transfer.safeguards[lang]})"
        items.append(
            RecipientItem(key, _recipient_name(declaration, key, lang), kind, location, shown)
        )
    return tuple(items)
