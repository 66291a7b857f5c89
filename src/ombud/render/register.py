"""The record of processing activities (GDPR Art. 30(1)), decided from the declaration alone.

One row per purpose, each carrying every field Art. 30(1) lists, so the register
reads row by row in a spreadsheet: the controller and its contact details and DPO
(a), the purpose (b), the categories of subjects and of data (c), the recipients,
including those in third countries (d), transfers and their safeguards (e), the
time limits for erasure (f) and the security measures in general terms (g). An
empty field says so in words ("Inga"), never by a blank.
"""

from __future__ import annotations

import csv
import io

from ombud.declaration.countries import in_eu_eea
from ombud.declaration.model import Declaration, LegalBasis, Purpose, Sensitivity
from ombud.render.catalog import N_, Lang, translations
from ombud.render.model import RegisterRow, RegisterView
from ombud.render.naming import (
    address_line,
    categories_of,
    category_names,
    party_country,
    party_name,
    purpose_parties,
    purpose_retention,
    subject_names,
)
from ombud.render.wording import (
    LEGAL_BASES,
    SPECIAL_CONDITIONS,
    TRANSFER_MECHANISMS,
    country_name,
    retention_phrase,
    term,
)

FIELDS: tuple[tuple[str, str], ...] = (
    ("key", N_("Id")),
    ("controller", N_("Controller and contact details")),
    ("dpo", N_("Data protection officer")),
    ("purpose", N_("Purpose of the processing")),
    ("legal_basis", N_("Legal basis")),
    ("special_condition", N_("Condition for special categories (Article 9(2))")),
    ("subjects", N_("Categories of data subjects")),
    ("categories", N_("Categories of personal data")),
    ("recipients", N_("Categories of recipients, including in third countries")),
    ("transfers", N_("Transfers to third countries and safeguards")),
    ("retention", N_("Time limits for erasure")),
    ("security", N_("General description of security measures")),
    ("systems", N_("Systems")),
)
"""Each column: the `RegisterRow` attribute and its heading (Art. 30(1)(a)–(g) and more)."""

_SEPARATOR = "; "


def build_register(declaration: Declaration, lang: Lang) -> RegisterView:
    """The Art. 30(1) record of `declaration`, one row per purpose, worded in `lang`."""
    controller = _controller(declaration, lang)
    dpo = _dpo(declaration, lang)
    rows = tuple(
        _row(declaration, key, purpose, controller, dpo, lang)
        for key, purpose in declaration.purposes.items()
    )
    return RegisterView(
        lang=lang,
        controller_name=declaration.controller.name,
        controller=controller,
        dpo=dpo,
        rows=rows,
    )


def headings(lang: Lang) -> tuple[str, ...]:
    """The column headings in `lang`, in the order of FIELDS."""
    t = translations(lang)
    return tuple(t.gettext(msgid) for _, msgid in FIELDS)


def purpose_fields(lang: Lang) -> list[tuple[str, str]]:
    """(heading, attribute) of the fields shown under each purpose in the Markdown register;
    the controller and its DPO are the same for every purpose, so they are shown once above."""
    once = {"key", "controller", "dpo"}
    return [
        (h, name) for h, (name, _) in zip(headings(lang), FIELDS, strict=True) if name not in once
    ]


def register_csv(register: RegisterView) -> str:
    """The register as CSV (RFC 4180 quoting, one header row, `\\n` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headings(register.lang))
    for row in register.rows:
        writer.writerow(getattr(row, name) for name, _ in FIELDS)
    return out.getvalue()


def _controller(d: Declaration, lang: Lang) -> str:
    c = d.controller
    parts = [f"{c.name} ({c.organisation_number})", address_line(c.address, lang), c.email]
    return _SEPARATOR.join(p for p in (*parts, c.phone, c.website) if p)


def _dpo(d: Declaration, lang: Lang) -> str:
    dpo = d.controller.dpo
    if dpo is None:
        return translations(lang).gettext("No data protection officer appointed")
    address = address_line(dpo.address, lang) if dpo.address else None
    return _SEPARATOR.join(p for p in (dpo.name, dpo.email, dpo.phone, address) if p)


def _joined(items: tuple[str, ...] | list[str], lang: Lang) -> str:
    return _SEPARATOR.join(items) if items else translations(lang).gettext("None")


def _legal_basis(purpose: Purpose, lang: Lang) -> str:
    """The Art. 6(1) basis, with the legitimate interest assessment where 6(1)(f) is used."""
    basis = term(LEGAL_BASES, purpose.legal_basis, lang)
    if (
        purpose.legitimate_interest is None
        or purpose.legal_basis is not LegalBasis.legitimate_interest
    ):
        return basis
    return f"{basis}: {purpose.legitimate_interest[lang]}"


def _special_condition(d: Declaration, purpose: Purpose, lang: Lang) -> str:
    t = translations(lang)
    if not categories_of(d, purpose, Sensitivity.special):
        return t.gettext("No special categories of personal data")
    if purpose.special_condition is not None:
        return term(SPECIAL_CONDITIONS, purpose.special_condition, lang)
    if purpose.special_condition_claimed is not None:
        return purpose.special_condition_claimed[lang]
    return t.gettext("Not stated")


def _recipients(d: Declaration, purpose: Purpose, lang: Lang) -> str:
    named = []
    for key in purpose_parties(d, purpose):
        country = party_country(d, key)
        where = f" ({country_name(country, lang)})" if country else ""
        named.append(party_name(d, key, lang) + where)
    return _joined(named, lang)


def _transfers(d: Declaration, purpose: Purpose, lang: Lang) -> str:
    """Transfers outside the EU/EEA of this purpose's data, each with its declared safeguard."""
    t = translations(lang)
    parties = purpose_parties(d, purpose)
    described = []
    for transfer in d.transfers:
        if transfer.to not in parties or in_eu_eea(transfer.country):
            continue
        mechanism = (
            term(TRANSFER_MECHANISMS, transfer.mechanism, lang)
            if transfer.mechanism
            else t.gettext("no transfer mechanism stated")
        )
        details = [
            mechanism,
            transfer.certification,
            transfer.safeguards[lang] if transfer.safeguards else None,
        ]
        where = f"{party_name(d, transfer.to, lang)}, {country_name(transfer.country, lang)}"
        described.append(f"{where}: " + ", ".join(p for p in details if p))
    return _SEPARATOR.join(described) or t.gettext("No transfers outside the EU/EEA")


def _retention(d: Declaration, purpose: Purpose, lang: Lang) -> str:
    """The purpose's period, then each legal hold that keeps part of its data longer."""
    parts = [
        purpose_retention(purpose, lang),
        purpose.retention_note[lang] if purpose.retention_note else None,
    ]
    for key in purpose.legal_holds:
        hold = d.legal_holds[key]
        held = ", ".join(category_names(d, hold.categories, lang))
        kept = f"{retention_phrase(hold.retention, lang)} ({hold.law})"
        parts.append(f"{hold.name[lang]} ({held}): {kept}")
    present = [p for p in parts if p]
    return _SEPARATOR.join(present) if present else translations(lang).gettext("Not stated")


def _row(
    d: Declaration, key: str, purpose: Purpose, controller: str, dpo: str, lang: Lang
) -> RegisterRow:
    systems = [d.systems[s].name[lang] for s in purpose.systems if s in d.systems]
    return RegisterRow(
        key=key,
        name=purpose.name[lang],
        controller=controller,
        dpo=dpo,
        purpose=f"{purpose.name[lang]}: {purpose.description[lang]}",
        legal_basis=_legal_basis(purpose, lang),
        special_condition=_special_condition(d, purpose, lang),
        subjects=_joined(subject_names(d, purpose, lang), lang),
        categories=_joined(category_names(d, purpose.categories, lang), lang),
        recipients=_recipients(d, purpose, lang),
        transfers=_transfers(d, purpose, lang),
        retention=_retention(d, purpose, lang),
        security=" ".join(m[lang] for m in d.security.measures),
        systems=_joined(systems, lang),
    )
