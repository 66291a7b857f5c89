"""Lints: what is legally doubtful in a valid declaration, each with its legal reference.

A lint never refuses a declaration (that is what loading errors are for); it tells
the data protection officer what a supervisor would ask about. Each finding names
the place, what is wrong, and the GDPR article or Swedish provision behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from ombud.declaration.countries import ADEQUATE, DATA_PRIVACY_FRAMEWORK, in_eu_eea
from ombud.declaration.model import (
    CookiePurpose,
    Declaration,
    LegalBasis,
    Purpose,
    Sensitivity,
    SpecialCondition,
    Transfer,
    TransferMechanism,
)
from ombud.declaration.taxonomy import resolve_category
from ombud.retention.model import ERASURE_REQUESTED, OBJECTION

PathKey = tuple[str | int, ...]


class Severity(StrEnum):
    error = "error"  # a breach of a rule as the declaration stands
    warning = "warning"  # doubtful; needs a human look


@dataclass(frozen=True)
class Finding:
    """One lint finding: which rule, where, what, and the law behind it."""

    code: str
    severity: Severity
    path: PathKey
    message: str
    reference: str


Lint = Callable[[Declaration], Iterator[Finding]]


def lint(declaration: Declaration) -> list[Finding]:
    """Every finding of every lint, in declaration order per lint."""
    return [finding for rule in LINTS for finding in rule(declaration)]


def _categories_of(d: Declaration, purpose: Purpose, sensitivity: Sensitivity) -> list[str]:
    found = []
    for key in purpose.categories:
        resolved = resolve_category(d, key)
        if resolved is not None and resolved.sensitivity is sensitivity:
            found.append(key)
    return found


def special_category_without_condition(d: Declaration) -> Iterator[Finding]:
    """Art. 9: special categories need an Art. 9(2) condition besides the Art. 6 basis."""
    for key, purpose in d.purposes.items():
        special = _categories_of(d, purpose, Sensitivity.special)
        if not special or purpose.special_condition is not None:
            continue
        message = f"uses special categories ({', '.join(special)}) without an Art. 9(2) condition"
        if purpose.special_condition_claimed is not None:
            message += (
                f"; '{purpose.special_condition_claimed.sv}' is not an Art. 9(2) condition: "
                "in a private business the realistic condition is explicit consent, 9(2)(a), "
                "unless it is a healthcare provider under professional secrecy, 9(2)(h)"
            )
        yield Finding(
            "special-category-without-condition",
            Severity.error,
            ("purposes", key),
            message,
            "GDPR Art. 9(1)–(2)",
        )


def consent_without_text(d: Declaration) -> Iterator[Finding]:
    """Art. 7(1): a controller relying on consent must show what was consented to."""
    for key, purpose in d.purposes.items():
        needs_consent = purpose.legal_basis is LegalBasis.consent
        needs_explicit = purpose.special_condition is SpecialCondition.explicit_consent
        if (needs_consent or needs_explicit) and purpose.consent is None:
            yield Finding(
                "consent-without-text",
                Severity.error,
                ("purposes", key),
                "relies on consent but declares no consent text (consent.text) to version "
                "and prove it",
                "GDPR Art. 7(1)",
            )
        elif needs_explicit and purpose.consent is not None and not purpose.consent.explicit:
            yield Finding(
                "consent-not-explicit",
                Severity.error,
                ("purposes", key, "consent", "explicit"),
                "the Art. 9(2) condition is explicit consent, but the consent is not marked "
                "explicit: true (a separate affirmative statement)",
                "GDPR Art. 9(2)(a)",
            )


def legitimate_interest_without_assessment(d: Declaration) -> Iterator[Finding]:
    """Art. 6(1)(f): a legitimate interest needs a documented balancing test."""
    for key, purpose in d.purposes.items():
        if (
            purpose.legal_basis is LegalBasis.legitimate_interest
            and not purpose.legitimate_interest
        ):
            yield Finding(
                "legitimate-interest-without-assessment",
                Severity.error,
                ("purposes", key, "legal_basis"),
                "the legal basis is legitimate_interest but no assessment (purpose, necessity, "
                "balance) is given under legitimate_interest",
                "GDPR Art. 6(1)(f), 13(1)(d)",
            )


def purpose_without_retention(d: Declaration) -> Iterator[Finding]:
    """Art. 5(1)(e): storage limitation needs a period, or the criteria that set it."""
    for key, purpose in d.purposes.items():
        if purpose.retention is None:
            yield Finding(
                "purpose-without-retention",
                Severity.error,
                ("purposes", key),
                "declares no retention rule, so nothing can ever be purged for it",
                "GDPR Art. 5(1)(e), 13(2)(a)",
            )


def retention_without_limit(d: Declaration) -> Iterator[Finding]:
    """Art. 5(1)(e): data kept until the person acts has no storage limit of its own."""
    for key, purpose in d.purposes.items():
        rule = purpose.retention
        if rule is None or rule.keep is not None or rule.session:
            continue
        if rule.until in (ERASURE_REQUESTED, OBJECTION):
            yield Finding(
                "retention-without-limit",
                Severity.warning,
                ("purposes", key, "retention"),
                f"is kept until {rule.until} with no period of its own: without the person's "
                "action it is kept forever; add keep/after for when it is no longer needed",
                "GDPR Art. 5(1)(e), 13(2)(a)",
            )


def undeclared_category(d: Declaration) -> Iterator[Finding]:
    """Art. 30(1)(c): the register lists every category of personal data processed."""
    for key, purpose in d.purposes.items():
        for i, category in enumerate(purpose.categories):
            if category not in d.categories:
                yield Finding(
                    "undeclared-category",
                    Severity.error,
                    ("purposes", key, "categories", i),
                    f"uses category {category!r} but it is not declared under 'categories'",
                    "GDPR Art. 30(1)(c)",
                )


def _transfer_problem(transfer: Transfer) -> str | None:
    mechanism = transfer.mechanism
    if mechanism is None:
        return "declares no transfer mechanism"
    if mechanism is TransferMechanism.privacy_shield:
        return (
            "relies on the EU–US Privacy Shield, invalidated by the Court of Justice on "
            "16 July 2020 (Schrems II, C-311/18); re-document the transfer under the Data "
            "Privacy Framework (certified recipients) or standard contractual clauses"
        )
    if mechanism is TransferMechanism.adequacy and transfer.country not in ADEQUATE:
        return f"claims adequacy, but {transfer.country} has no adequacy decision in force"
    if mechanism is TransferMechanism.data_privacy_framework:
        if transfer.country != DATA_PRIVACY_FRAMEWORK:
            return f"the Data Privacy Framework covers only the US, not {transfer.country}"
        if not transfer.certification:
            return "the Data Privacy Framework covers only certified organisations; name it"
    return None


def transfer_without_valid_mechanism(d: Declaration) -> Iterator[Finding]:
    """Chapter V: a transfer outside the EU/EEA needs a valid mechanism."""
    for i, transfer in enumerate(d.transfers):
        if in_eu_eea(transfer.country):
            continue
        problem = _transfer_problem(transfer)
        if problem:
            yield Finding(
                "transfer-without-valid-mechanism",
                Severity.error,
                ("transfers", i),
                f"transfer to {transfer.to} in {transfer.country} {problem}",
                "GDPR Art. 44–46, 13(1)(f)",
            )


def processing_outside_eea_without_transfer(d: Declaration) -> Iterator[Finding]:
    """Art. 44: a processor or recipient outside the EU/EEA means a transfer to declare."""
    declared = {t.to for t in d.transfers}
    parties = [("processors", k, p.location) for k, p in d.processors.items()]
    parties += [("recipients", k, r.location) for k, r in d.recipients.items()]
    for section, key, location in parties:
        if not in_eu_eea(location) and key not in declared:
            yield Finding(
                "processing-outside-eea-without-transfer",
                Severity.error,
                (section, key, "location"),
                f"{key} is in {location}, outside the EU/EEA, but no transfer to it is declared",
                "GDPR Art. 44, 13(1)(f)",
            )


def processor_without_dpa(d: Declaration) -> Iterator[Finding]:
    """Art. 28(3): a processor works under a written agreement."""
    for key, processor in d.processors.items():
        if processor.dpa is None:
            yield Finding(
                "processor-without-dpa",
                Severity.error,
                ("processors", key),
                f"processor {key} has no data processing agreement (dpa)",
                "GDPR Art. 28(3)",
            )


def personnummer_without_justification(d: Declaration) -> Iterator[Finding]:
    """DSL 3 kap. 10 §: personnummer without consent only when clearly justified."""
    for key, purpose in d.purposes.items():
        if purpose.legal_basis is LegalBasis.consent or purpose.personnummer_need is not None:
            continue
        if _categories_of(d, purpose, Sensitivity.national_id):
            yield Finding(
                "personnummer-without-justification",
                Severity.error,
                ("purposes", key),
                "processes personnummer without consent and states no need (personnummer_need: "
                "purpose, secure_identification or other_considerable_reason)",
                "Dataskyddslagen (2018:218) 3 kap. 10 §",
            )


def criminal_data_without_authority(d: Declaration) -> Iterator[Finding]:
    """Art. 10: offence data only where law authorises it (DSL 3 kap. 8 §)."""
    for key, purpose in d.purposes.items():
        authorised = purpose.legal_basis is LegalBasis.legal_obligation or (
            purpose.special_condition is SpecialCondition.legal_claims
        )
        if _categories_of(d, purpose, Sensitivity.criminal) and not authorised:
            yield Finding(
                "criminal-data-without-authority",
                Severity.error,
                ("purposes", key),
                "processes data on criminal offences without a legal obligation or legal claims",
                "GDPR Art. 10; Dataskyddslagen 3 kap. 8 §",
            )


def direct_marketing_without_objection_route(d: Declaration) -> Iterator[Finding]:
    """Art. 21(2)–(4): people may object to direct marketing at any time, told so explicitly."""
    for key, purpose in d.purposes.items():
        if purpose.direct_marketing and purpose.objection_route is None:
            yield Finding(
                "direct-marketing-without-objection-route",
                Severity.error,
                ("purposes", key),
                "is direct marketing but states no way to object (objection_route)",
                "GDPR Art. 21(2)–(4); Marknadsföringslagen (2008:486) 21 §",
            )


def outdated_supervisory_authority(d: Declaration) -> Iterator[Finding]:
    """Art. 13(2)(d): people are told where to complain; the name must be right."""
    authority = d.controller.supervisory_authority
    if "datainspektionen" in authority.name.lower():
        yield Finding(
            "outdated-supervisory-authority",
            Severity.warning,
            ("controller", "supervisory_authority", "name"),
            "Datainspektionen became Integritetsskyddsmyndigheten (IMY) on 1 January 2021",
            "GDPR Art. 13(2)(d), 77",
        )


def cookie_without_consent(d: Declaration) -> Iterator[Finding]:
    """LEK 9 kap. 28 §: only strictly necessary cookies may be set without consent."""
    for i, cookie in enumerate(d.cookies):
        if cookie.purpose is not CookiePurpose.necessary and not cookie.consent:
            yield Finding(
                "cookie-without-consent",
                Severity.error,
                ("cookies", i),
                f"cookie {cookie.name!r} ({cookie.purpose.value}) is set without asking consent",
                "Lagen (2022:482) om elektronisk kommunikation 9 kap. 28 §",
            )


def intake_outside_its_purpose(d: Declaration) -> Iterator[Finding]:
    """A channel stores free text, or registers senders, that its purpose does not declare."""
    for key, channel in d.intake.items():
        purpose = d.purposes.get(channel.purpose)
        if purpose is None:
            continue
        if channel.category not in purpose.categories:
            yield Finding(
                "intake-outside-its-purpose",
                Severity.error,
                ("intake", key, "category"),
                f"channel {key!r} stores {channel.category!r} for purpose "
                f"{channel.purpose!r}, which does not declare that category",
                "GDPR Art. 5(1)(b) and (c)",
            )
        if channel.images is not None and channel.images not in purpose.categories:
            yield Finding(
                "intake-outside-its-purpose",
                Severity.error,
                ("intake", key, "images"),
                f"channel {key!r} stores images as {channel.images!r} for purpose "
                f"{channel.purpose!r}, which does not declare that category",
                "GDPR Art. 5(1)(b) and (c)",
            )
        if channel.subject_kind not in purpose.subject_kinds:
            yield Finding(
                "intake-outside-its-purpose",
                Severity.error,
                ("intake", key, "subject_kind"),
                f"channel {key!r} registers senders as {channel.subject_kind!r}, a subject "
                f"kind purpose {channel.purpose!r} does not cover",
                "GDPR Art. 5(1)(b), 30(1)(c)",
            )


LINTS: tuple[Lint, ...] = (
    special_category_without_condition,
    consent_without_text,
    legitimate_interest_without_assessment,
    purpose_without_retention,
    retention_without_limit,
    undeclared_category,
    transfer_without_valid_mechanism,
    processing_outside_eea_without_transfer,
    processor_without_dpa,
    personnummer_without_justification,
    criminal_data_without_authority,
    direct_marketing_without_objection_route,
    outdated_supervisory_authority,
    cookie_without_consent,
    intake_outside_its_purpose,
)
