"""The plain data the templates render: every decision already taken, every text in one language.

`ombud.render.policy` and `ombud.render.register` build these from a declaration;
the templates only lay them out, so a template never holds a rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ombud.render.catalog import Lang


@dataclass(frozen=True)
class ContactView:
    """How to reach a person or function (the controller's DPO)."""

    name: str | None
    email: str | None
    phone: str | None
    address: str | None


@dataclass(frozen=True)
class ControllerView:
    """Who is responsible and how to reach them (Art. 13(1)(a)–(b))."""

    name: str
    organisation_number: str
    address: str
    email: str
    phone: str | None
    website: str | None
    dpo: ContactView | None


@dataclass(frozen=True)
class PurposeView:
    """One situation: what is collected, why, on which basis, for how long (Art. 13–14)."""

    name: str
    description: str
    subjects: tuple[str, ...]
    categories: tuple[str, ...]
    legal_basis: str
    legitimate_interest: str | None
    special_categories: tuple[str, ...]
    special_condition: str | None
    consent_text: str | None
    explicit_consent: bool
    personnummer_reason: str | None
    personnummer_explanation: str | None
    requirement: str | None
    requirement_consequence: str | None
    retention: str | None
    retention_note: str | None
    legal_holds: tuple[str, ...]
    sources: tuple[str, ...]
    recipients: tuple[str, ...]
    profiling: bool
    aggregate_only: bool
    automated_decisions: str | None
    direct_marketing: bool
    objection_route: str | None


@dataclass(frozen=True)
class SourceView:
    """One source of data and the purposes whose data come from it (Art. 14(2)(f))."""

    source: str
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class ProcessorView:
    """A processor: who, what they do for the controller, and where (Art. 13(1)(e))."""

    name: str
    service: str
    country: str
    sub_processors: tuple[str, ...]


@dataclass(frozen=True)
class RecipientView:
    """Someone other than a processor that data is disclosed to, and when."""

    name: str
    kind: str
    country: str
    when: str | None


@dataclass(frozen=True)
class TransferView:
    """A transfer outside the EU/EEA with its mechanism, as declared (Art. 13(1)(f))."""

    recipient: str
    country: str
    mechanism: str
    safeguards: str | None


@dataclass(frozen=True)
class LegalHoldView:
    """Data a law requires to be kept, so erasure cannot remove it (Art. 17(3)(b))."""

    name: str
    law: str
    retention: str
    categories: tuple[str, ...]
    purposes: tuple[str, ...]


@dataclass(frozen=True)
class RetentionRow:
    """One purpose's storage period, for the summary table (Art. 13(2)(a))."""

    purpose: str
    retention: str


@dataclass(frozen=True)
class CookieView:
    """A cookie as the visitor is told about it (LEK 9 kap. 28 §)."""

    name: str
    provider: str
    purpose: str
    duration: str
    description: str
    consent: str


@dataclass(frozen=True)
class RightsView:
    """Which rights apply here, and how to use them (Art. 13(2)(b)–(c), 15–22)."""

    objection_to_interest: bool
    direct_marketing: bool
    direct_marketing_routes: tuple[str, ...]
    portability: bool
    withdraw_consent: bool
    consent_purposes: tuple[str, ...]
    automated_decisions: bool
    legal_holds: bool
    free_reports_per_year: int | None
    portal_url: str | None
    note: str | None


@dataclass(frozen=True)
class AuthorityView:
    """The supervisory authority people may complain to (Art. 13(2)(d), 77)."""

    name: str
    website: str
    email: str | None
    address: str | None


@dataclass(frozen=True)
class PolicyView:
    """The whole public privacy policy, in one language."""

    lang: Lang
    controller: ControllerView
    introduction: str | None
    purposes: tuple[PurposeView, ...]
    sources: tuple[SourceView, ...]
    processors: tuple[ProcessorView, ...]
    processors_under_agreement: bool
    recipients: tuple[RecipientView, ...]
    processing_countries: tuple[str, ...]
    processed_in_eu_eea_only: bool
    transfers: tuple[TransferView, ...]
    legal_holds: tuple[LegalHoldView, ...]
    retention: tuple[RetentionRow, ...]
    cookies: tuple[CookieView, ...]
    cookies_consent_first: bool
    security: tuple[str, ...]
    rights: RightsView
    authority: AuthorityView
    changes: str
    policy_url: str | None
    valid_from: str | None


@dataclass(frozen=True)
class RegisterRow:
    """One processing activity in the record of processing activities (Art. 30(1)(a)–(g))."""

    key: str
    name: str
    controller: str
    dpo: str
    purpose: str
    legal_basis: str
    special_condition: str
    subjects: str
    categories: str
    recipients: str
    transfers: str
    retention: str
    security: str
    systems: str


@dataclass(frozen=True)
class RegisterView:
    """The whole record of processing activities, in one language."""

    lang: Lang
    controller_name: str
    controller: str
    dpo: str
    rows: tuple[RegisterRow, ...]
