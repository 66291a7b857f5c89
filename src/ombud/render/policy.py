"""What the public privacy policy says, decided from the declaration alone (GDPR Art. 12–14, 21).

`build_policy` turns a declaration into a `PolicyView`: which sections and rights
apply, and every fact already worded in the reader's language. The templates lay it
out in Markdown or HTML and add no rule of their own. Nothing is promised that the
declaration does not state.
"""

from __future__ import annotations

from ombud.declaration.countries import in_eu_eea
from ombud.declaration.model import (
    Cookie,
    CookiePurpose,
    Declaration,
    LegalBasis,
    Purpose,
    Sensitivity,
    SourceKind,
    SpecialCondition,
    Transfer,
)
from ombud.render.catalog import Lang, translations
from ombud.render.model import (
    AuthorityView,
    ContactView,
    ControllerView,
    CookieView,
    LegalHoldView,
    PolicyView,
    ProcessorView,
    PurposeView,
    RecipientView,
    RetentionRow,
    RightsView,
    SourceView,
    TransferView,
)
from ombud.render.naming import (
    address_line,
    categories_of,
    category_names,
    party_name,
    purpose_parties,
    purpose_retention,
    subject_names,
    unique,
)
from ombud.render.wording import (
    COOKIE_PURPOSES,
    LEGAL_BASES,
    PERSONNUMMER_NEEDS,
    RECIPIENT_KINDS,
    REQUIREMENTS,
    SPECIAL_CONDITIONS,
    TRANSFER_MECHANISMS,
    cookie_duration_phrase,
    country_name,
    date_phrase,
    retention_phrase,
    source_phrase,
    term,
    yes_no,
)

_CONSENT_BASES = (LegalBasis.consent,)
_PORTABLE_BASES = (LegalBasis.consent, LegalBasis.contract)  # Art. 20(1)(a)
_OBJECTABLE_BASES = (LegalBasis.legitimate_interest, LegalBasis.public_task)  # Art. 21(1)


def build_policy(declaration: Declaration, lang: Lang) -> PolicyView:
    """Everything the policy says, in `lang`, with each section's facts decided."""
    d = declaration
    return PolicyView(
        lang=lang,
        controller=_controller(d, lang),
        introduction=d.policy.introduction[lang] if d.policy.introduction else None,
        purposes=tuple(_purpose(d, p, lang) for p in d.purposes.values()),
        sources=_sources(d, lang),
        processors=tuple(_processor(d, key, lang) for key in d.processors),
        processors_under_agreement=bool(d.processors)
        and all(p.dpa is not None for p in d.processors.values()),
        recipients=tuple(_recipient(d, key, lang) for key in d.recipients),
        processing_countries=tuple(country_name(c, lang) for c in _processing_countries(d)),
        processed_in_eu_eea_only=all(in_eu_eea(c) for c in _processing_countries(d)),
        transfers=_transfers(d, lang),
        legal_holds=_legal_holds(d, lang),
        retention=tuple(_retention_row(p, lang) for p in d.purposes.values()),
        cookies=tuple(_cookie(c, lang) for c in d.cookies),
        cookies_consent_first=any(c.purpose is not CookiePurpose.necessary for c in d.cookies)
        and all(c.consent for c in d.cookies if c.purpose is not CookiePurpose.necessary),
        security=tuple(m[lang] for m in d.security.measures),
        rights=_rights(d, lang),
        authority=_authority(d),
        changes=d.policy.changes[lang],
        policy_url=d.policy.url,
        valid_from=date_phrase(d.policy.valid_from, lang) if d.policy.valid_from else None,
    )


def _standalone(phrase: str | None) -> str | None:
    """A phrase made to stand on its own: "tills du begär radering" → "Tills du begär radering"."""
    return phrase[:1].upper() + phrase[1:] if phrase else phrase


def _controller(d: Declaration, lang: Lang) -> ControllerView:
    c = d.controller
    dpo = (
        ContactView(
            name=c.dpo.name,
            email=c.dpo.email,
            phone=c.dpo.phone,
            address=address_line(c.dpo.address, lang) if c.dpo.address else None,
        )
        if c.dpo
        else None
    )
    return ControllerView(
        name=c.name,
        organisation_number=c.organisation_number,
        address=address_line(c.address, lang),
        email=c.email,
        phone=c.phone,
        website=c.website,
        dpo=dpo,
    )


def _special_condition(purpose: Purpose, lang: Lang) -> str | None:
    """The Art. 9(2) condition, or the organisation's own stated ground if it gives no valid one."""
    if purpose.special_condition is not None:
        return term(SPECIAL_CONDITIONS, purpose.special_condition, lang)
    return purpose.special_condition_claimed[lang] if purpose.special_condition_claimed else None


def _purpose(d: Declaration, purpose: Purpose, lang: Lang) -> PurposeView:
    personnummer = (
        purpose.personnummer_need if categories_of(d, purpose, Sensitivity.national_id) else None
    )
    special = categories_of(d, purpose, Sensitivity.special)
    return PurposeView(
        name=purpose.name[lang],
        description=purpose.description[lang],
        subjects=subject_names(d, purpose, lang),
        categories=category_names(d, purpose.categories, lang),
        legal_basis=term(LEGAL_BASES, purpose.legal_basis, lang),
        legitimate_interest=purpose.legitimate_interest[lang]
        if purpose.legitimate_interest and purpose.legal_basis is LegalBasis.legitimate_interest
        else None,
        special_categories=category_names(d, tuple(special), lang),
        special_condition=_special_condition(purpose, lang) if special else None,
        consent_text=purpose.consent.text[lang] if purpose.consent else None,
        explicit_consent=bool(purpose.consent and purpose.consent.explicit),
        personnummer_reason=term(PERSONNUMMER_NEEDS, personnummer.reason, lang)
        if personnummer
        else None,
        personnummer_explanation=personnummer.explanation[lang] if personnummer else None,
        requirement=term(REQUIREMENTS, purpose.requirement, lang) if purpose.requirement else None,
        requirement_consequence=purpose.requirement_consequence[lang]
        if purpose.requirement_consequence
        else None,
        retention=_standalone(purpose_retention(purpose, lang)),
        retention_note=purpose.retention_note[lang] if purpose.retention_note else None,
        legal_holds=tuple(d.legal_holds[h].name[lang] for h in purpose.legal_holds),
        sources=unique([source_phrase(s, lang) for s in purpose.sources]),
        recipients=tuple(party_name(d, key, lang) for key in purpose_parties(d, purpose)),
        profiling=purpose.profiling,
        aggregate_only=purpose.aggregate_only,
        automated_decisions=purpose.automated_decisions[lang]
        if purpose.automated_decisions
        else None,
        direct_marketing=purpose.direct_marketing,
        objection_route=purpose.objection_route[lang] if purpose.objection_route else None,
    )


def _sources(d: Declaration, lang: Lang) -> tuple[SourceView, ...]:
    """Each source once, with the purposes it feeds; the person themselves first."""
    fed: dict[str, list[str]] = {}
    ordered = sorted(
        ((s, p) for p in d.purposes.values() for s in p.sources),
        key=lambda pair: pair[0].kind is not SourceKind.subject,
    )
    for source, purpose in ordered:
        fed.setdefault(source_phrase(source, lang), []).append(purpose.name[lang])
    return tuple(SourceView(source, unique(names)) for source, names in fed.items())


def _processor(d: Declaration, key: str, lang: Lang) -> ProcessorView:
    p = d.processors[key]
    subs = [
        f"{s.name} ({s.service}, {country_name(s.location, lang)})"
        if s.service
        else f"{s.name} ({country_name(s.location, lang)})"
        for s in p.sub_processors
    ]
    return ProcessorView(p.name[lang], p.service[lang], country_name(p.location, lang), tuple(subs))


def _recipient(d: Declaration, key: str, lang: Lang) -> RecipientView:
    r = d.recipients[key]
    return RecipientView(
        name=r.name[lang],
        kind=term(RECIPIENT_KINDS, r.kind, lang),
        country=country_name(r.location, lang),
        when=r.when[lang] if r.when else None,
    )


def _processing_countries(d: Declaration) -> tuple[str, ...]:
    """Every country where the data is held or handled: systems, processors, recipients."""
    codes = [s.location for s in d.systems.values()]
    codes += [p.location for p in d.processors.values()]
    codes += [s.location for p in d.processors.values() for s in p.sub_processors]
    codes += [r.location for r in d.recipients.values()]
    codes += [t.country for t in d.transfers]
    return unique(sorted(codes, key=lambda c: (c != d.controller.address.country, c)))


def _transfers(d: Declaration, lang: Lang) -> tuple[TransferView, ...]:
    """The declared transfers outside the EU/EEA, mechanism as declared (even an invalid one)."""
    return tuple(
        TransferView(
            recipient=party_name(d, t.to, lang),
            country=country_name(t.country, lang),
            mechanism=_mechanism(t, lang),
            safeguards=t.safeguards[lang] if t.safeguards else None,
        )
        for t in d.transfers
        if not in_eu_eea(t.country)
    )


def _mechanism(transfer: Transfer, lang: Lang) -> str:
    t = translations(lang)
    if transfer.mechanism is None:
        return t.gettext("Not stated")
    mechanism = term(TRANSFER_MECHANISMS, transfer.mechanism, lang)
    if transfer.certification is None:
        return mechanism
    text = t.gettext("%(mechanism)s; certified organisation: %(organisation)s")
    return text % {"mechanism": mechanism, "organisation": transfer.certification}


def _legal_holds(d: Declaration, lang: Lang) -> tuple[LegalHoldView, ...]:
    return tuple(
        LegalHoldView(
            name=hold.name[lang],
            law=hold.law,
            retention=_standalone(retention_phrase(hold.retention, lang)) or "",
            categories=category_names(d, hold.categories, lang),
            purposes=tuple(p.name[lang] for p in d.purposes.values() if key in p.legal_holds),
        )
        for key, hold in d.legal_holds.items()
    )


def _retention_row(purpose: Purpose, lang: Lang) -> RetentionRow:
    note = purpose.retention_note[lang] if purpose.retention_note else None
    parts = [p for p in (purpose_retention(purpose, lang), note) if p]
    return RetentionRow(purpose.name[lang], _standalone(" – ".join(parts)) or "")


def _cookie(cookie: Cookie, lang: Lang) -> CookieView:
    return CookieView(
        name=cookie.name,
        provider=cookie.provider,
        purpose=term(COOKIE_PURPOSES, cookie.purpose, lang),
        duration=_standalone(cookie_duration_phrase(cookie.duration, lang)) or "",
        description=cookie.description[lang],
        consent=yes_no(cookie.consent, lang),
    )


def _uses_consent(purpose: Purpose) -> bool:
    return (
        purpose.legal_basis in _CONSENT_BASES
        or purpose.special_condition is SpecialCondition.explicit_consent
    )


def _rights(d: Declaration, lang: Lang) -> RightsView:
    """Which rights the policy explains: each only where a purpose gives rise to it."""
    purposes = list(d.purposes.values())
    marketing = [p for p in purposes if p.direct_marketing]
    consenting = [p for p in purposes if _uses_consent(p)]
    return RightsView(
        objection_to_interest=any(p.legal_basis in _OBJECTABLE_BASES for p in purposes),
        direct_marketing=bool(marketing),
        direct_marketing_routes=unique(
            [p.objection_route[lang] for p in marketing if p.objection_route]
        ),
        portability=any(p.legal_basis in _PORTABLE_BASES for p in purposes) or bool(consenting),
        withdraw_consent=bool(consenting),
        consent_purposes=tuple(p.name[lang] for p in consenting),
        automated_decisions=any(p.automated_decisions for p in purposes),
        legal_holds=any(p.legal_holds for p in purposes),
        free_reports_per_year=d.rights.free_access_reports_per_year,
        portal_url=d.rights.portal_url,
        note=d.rights.note[lang] if d.rights.note else None,
    )


def _authority(d: Declaration) -> AuthorityView:
    a = d.controller.supervisory_authority
    return AuthorityView(name=a.name, website=a.website, email=a.email, address=a.address)
