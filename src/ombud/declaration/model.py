"""The declaration: what an organisation says about its processing, as validated data.

One YAML file (`ombud.yaml`) holds it. Code knows the *kinds* of things (a legal
basis, a retention rule, a transfer mechanism); the declaration names the instances.
Every text a person reads is given in Swedish and English (`Text`).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from stdnum.se import orgnr

from ombud.retention.model import Duration, DurationField, RetentionRule
from ombud.screening.model import IDENTIFIER_KINDS, SPECIAL_KINDS, Kind

SCHEMA_VERSION = 1

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_CATEGORY_KEY = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class _Model(BaseModel):
    """Strict, immutable model: unknown keys are errors (the loader suggests the right one)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


def _key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(
            f"got {value!r}; expected a snake_case key such as 'member_register' "
            "(lower-case letters, digits and underscores, starting with a letter)"
        )
    return value


def _category_key(value: str) -> str:
    if not _CATEGORY_KEY.match(value):
        raise ValueError(
            f"got {value!r}; expected a dotted category key such as 'user.contact.email'"
        )
    return value


def _country(value: str) -> str:
    if not _COUNTRY.match(value):
        raise ValueError(f"got {value!r}; expected an ISO 3166-1 alpha-2 country code such as SE")
    return value


Key = Annotated[str, AfterValidator(_key)]
CategoryKey = Annotated[str, AfterValidator(_category_key)]
Country = Annotated[
    str,
    BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v),
    AfterValidator(_country),
    Field(description="ISO 3166-1 alpha-2 country code, e.g. SE, DE, US."),
]


class Text(_Model):
    """A text people read, in Swedish and English (every text exists in both)."""

    sv: str = Field(min_length=1, description="Swedish text.")
    en: str = Field(min_length=1, description="English text.")

    def __getitem__(self, lang: str) -> str:
        return self.sv if lang == "sv" else self.en


class LegalBasis(StrEnum):
    """GDPR Art. 6(1) bases."""

    consent = "consent"  # 6(1)(a)
    contract = "contract"  # 6(1)(b)
    legal_obligation = "legal_obligation"  # 6(1)(c)
    vital_interest = "vital_interest"  # 6(1)(d)
    public_task = "public_task"  # 6(1)(e)
    legitimate_interest = "legitimate_interest"  # 6(1)(f)


class SpecialCondition(StrEnum):
    """GDPR Art. 9(2) conditions, (a) to (j)."""

    explicit_consent = "explicit_consent"  # (a)
    employment = "employment"  # (b)
    vital_interest = "vital_interest"  # (c)
    not_for_profit = "not_for_profit"  # (d)
    made_public = "made_public"  # (e)
    legal_claims = "legal_claims"  # (f)
    public_interest = "public_interest"  # (g)
    health_care = "health_care"  # (h)
    public_health = "public_health"  # (i)
    archiving = "archiving"  # (j)


class Sensitivity(StrEnum):
    """How much protection a category needs."""

    ordinary = "ordinary"
    privacy_sensitive = "privacy_sensitive"  # integritetskänslig (IMY's term)
    special = "special"  # Art. 9
    criminal = "criminal"  # Art. 10
    national_id = "national_id"  # personnummer, samordningsnummer (DSL 3 kap. 10 §)


class SpecialKind(StrEnum):
    """The Art. 9(1) kinds, so each can be named (and screened for)."""

    ethnic_origin = "ethnic_origin"
    political = "political"
    religion = "religion"  # religious or philosophical beliefs
    trade_union = "trade_union"
    genetic = "genetic"
    biometric = "biometric"
    health = "health"
    sex_life = "sex_life"  # sex life or sexual orientation


class Address(_Model):
    street: str = Field(description="Street address, with c/o if any.")
    postal_code: str = Field(description="Postal code, e.g. '417 64'.")
    city: str
    country: Country = "SE"


class Contact(_Model):
    """How a person reaches someone: at least an e-mail address or a phone number."""

    name: str | None = Field(default=None, description="A person's or function's name.")
    email: str | None = None
    phone: str | None = None
    address: Address | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.email or self.phone or self.address):
            raise ValueError("expected at least one of email, phone or address")
        return self


class SupervisoryAuthority(_Model):
    name: str = Field(
        default="Integritetsskyddsmyndigheten (IMY)",
        description="The supervisory authority people may complain to (Art. 77).",
    )
    website: str = "https://www.imy.se"
    email: str | None = "imy@imy.se"
    address: str | None = "Box 8114, 104 20 Stockholm"


class Controller(_Model):
    """The organisation responsible (personuppgiftsansvarig), Art. 13(1)(a)."""

    name: str
    organisation_number: str = Field(
        description="Swedish organisationsnummer, e.g. 556016-0680 (checked with its Luhn digit)."
    )
    address: Address
    email: str
    phone: str | None = None
    website: str | None = None
    dpo: Contact | None = Field(default=None, description="Data protection officer, if appointed.")
    supervisory_authority: SupervisoryAuthority = SupervisoryAuthority()

    @field_validator("organisation_number")
    @classmethod
    def _valid_orgnr(cls, value: str) -> str:
        if not orgnr.is_valid(value):
            raise ValueError(
                f"got {value!r}; expected a valid Swedish organisationsnummer such as "
                "556016-0680 (ten digits, the last a Luhn check digit)"
            )
        return str(orgnr.format(value))


class SubjectKind(_Model):
    """A kind of person the organisation holds data about (member, customer, student …)."""

    name: Text


class Category(_Model):
    """A kind of personal data. Keys come from fideslang's taxonomy or extend it."""

    name: Text | None = Field(
        default=None, description="Display name; defaults to the taxonomy's name."
    )
    sensitivity: Sensitivity | None = Field(
        default=None, description="Defaults to the taxonomy's class for the key."
    )
    special_kind: SpecialKind | None = Field(
        default=None, description="For special categories: which Art. 9(1) kind."
    )
    parent: CategoryKey | None = Field(
        default=None, description="For custom keys: the taxonomy key this one refines."
    )
    description: Text | None = None


class System(_Model):
    """A register or store where data lives."""

    name: Text
    location: Country = "SE"
    operated_by: Literal["internal"] | Key = Field(
        default="internal",
        description="'internal', or the key of the processor that runs it (external).",
    )

    @property
    def external(self) -> bool:
        return self.operated_by != "internal"


class SourceKind(StrEnum):
    subject = "subject"  # the person themselves
    third_party = "third_party"  # a named third party (Art. 14)
    observed = "observed"  # observed from the person's use of a service
    public = "public"  # a publicly accessible source (Art. 14(2)(f))


class Source(_Model):
    """Where data comes from (Art. 14(2)(f))."""

    kind: SourceKind
    name: Text | None = Field(default=None, description="Required for third_party sources.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: object) -> object:
        return {"kind": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _named_third_party(self) -> Source:
        if self.kind is SourceKind.third_party and self.name is None:
            raise ValueError("a third_party source needs a name (Art. 14(2)(f))")
        return self


class Requirement(StrEnum):
    """Art. 13(2)(e): is providing the data required, and by what."""

    statutory = "statutory"
    contractual = "contractual"
    necessary_for_contract = "necessary_for_contract"
    voluntary = "voluntary"


class ConsentRequest(_Model):
    """The text a person consents to; its hash versions the consent ledger (Art. 7(1))."""

    text: Text
    explicit: bool = Field(
        default=False, description="Explicit consent, Art. 9(2)(a): a separate affirmative act."
    )


class PersonnummerNeed(StrEnum):
    """DSL 3 kap. 10 §: why processing personnummer without consent is clearly justified."""

    purpose = "purpose"
    secure_identification = "secure_identification"
    other_considerable_reason = "other_considerable_reason"


class PersonnummerJustification(_Model):
    reason: PersonnummerNeed
    explanation: Text


class Purpose(_Model):
    """One processing activity: why data is used, on which basis, for how long (Art. 30(1)(b))."""

    name: Text
    description: Text
    legal_basis: LegalBasis
    special_condition: SpecialCondition | None = Field(
        default=None, description="Art. 9(2) condition, required where special categories are used."
    )
    special_condition_claimed: Text | None = Field(
        default=None,
        description="What the organisation's own text gives as the ground for special "
        "categories when it is not an Art. 9(2) condition (kept so the lint can name it).",
    )
    legitimate_interest: Text | None = Field(
        default=None,
        description="The legitimate interest assessment (purpose, necessity, balance), "
        "required where the legal basis is legitimate_interest.",
    )
    consent: ConsentRequest | None = Field(
        default=None, description="The consent text, where the basis or condition is consent."
    )
    personnummer_need: PersonnummerJustification | None = None
    categories: tuple[CategoryKey, ...] = Field(min_length=1)
    subject_kinds: tuple[Key, ...] = Field(min_length=1)
    systems: tuple[Key, ...] = ()
    sources: tuple[Source, ...] = (Source(kind=SourceKind.subject),)
    recipients: tuple[Key, ...] = Field(
        default=(), description="Keys of processors or recipients the data is disclosed to."
    )
    retention: RetentionRule | None = None
    retention_note: Text | None = Field(
        default=None, description="How the period is decided, in words, where a rule says less."
    )
    legal_holds: tuple[Key, ...] = Field(
        default=(), description="Legal holds that keep some of this purpose's data after expiry."
    )
    requirement: Requirement | None = None
    requirement_consequence: Text | None = Field(
        default=None, description="What happens if the person does not provide the data."
    )
    direct_marketing: bool = False
    profiling: bool = False
    aggregate_only: bool = Field(
        default=False, description="Analysed only in aggregate, never about one person."
    )
    automated_decisions: Text | None = Field(
        default=None,
        description="Art. 22 decisions: the logic involved and the consequences for the person.",
    )
    objection_route: Text | None = Field(
        default=None, description="How a person objects or opts out (required for marketing)."
    )


class DataProcessingAgreement(_Model):
    """Art. 28(3): the written contract with a processor (personuppgiftsbiträdesavtal)."""

    signed_on: date | None = None
    reference: str | None = None


class SubProcessor(_Model):
    name: str
    service: str | None = None
    location: Country


class Processor(_Model):
    """A company processing data on the controller's behalf (personuppgiftsbiträde)."""

    name: Text = Field(description="Who they are, or the kind of provider if unnamed.")
    service: Text = Field(description="What they do for the controller.")
    location: Country
    dpa: DataProcessingAgreement | None = Field(
        default=None, description="The data processing agreement; missing is a finding."
    )
    sub_processors: tuple[SubProcessor, ...] = ()


class RecipientKind(StrEnum):
    authority = "authority"
    controller = "controller"  # an independent controller (e.g. a municipality, a buyer)
    third_party = "third_party"


class Recipient(_Model):
    """Anyone other than a processor that data is disclosed to (Art. 13(1)(e))."""

    name: Text
    kind: RecipientKind
    location: Country = "SE"
    when: Text | None = Field(default=None, description="In which situation data is disclosed.")


class TransferMechanism(StrEnum):
    """The legal ground for a transfer outside the EU/EEA (Art. 45–49)."""

    adequacy = "adequacy"  # Art. 45
    data_privacy_framework = "data_privacy_framework"  # Art. 45, US DPF, certified only
    standard_contractual_clauses = "standard_contractual_clauses"  # Art. 46(2)(c), 2021/914
    binding_corporate_rules = "binding_corporate_rules"  # Art. 47
    derogation = "derogation"  # Art. 49
    privacy_shield = "privacy_shield"  # invalid since 16 July 2020 (C-311/18); kept to flag it


class Transfer(_Model):
    """A transfer of personal data outside the EU/EEA (Art. 13(1)(f), 30(1)(e))."""

    to: Key = Field(description="Key of the processor or recipient receiving the data.")
    country: Country
    mechanism: TransferMechanism | None = None
    certification: str | None = Field(
        default=None, description="For the Data Privacy Framework: the certified organisation."
    )
    safeguards: Text | None = Field(
        default=None, description="Where a copy of the safeguards can be had."
    )


class LegalHold(_Model):
    """A law that forbids erasure for a time; only the named categories are kept."""

    law: str = Field(description="The provision, e.g. 'Bokföringslagen (1999:1078) 7 kap. 2 §'.")
    name: Text
    retention: RetentionRule
    categories: tuple[CategoryKey, ...] = Field(min_length=1)


class CookiePurpose(StrEnum):
    necessary = "necessary"
    preferences = "preferences"
    statistics = "statistics"
    marketing = "marketing"


class Cookie(_Model):
    """A cookie or similar technology (LEK 2022:482, 9 kap. 28 §)."""

    name: str
    provider: str
    purpose: CookiePurpose
    duration: Literal["session"] | DurationField = Field(
        description="'session', or an ISO 8601 duration such as P1Y."
    )
    description: Text
    consent: bool = Field(
        default=False, description="Whether the visitor's consent is asked before it is set."
    )


class Rights(_Model):
    """How people use their rights here."""

    portal_url: str | None = Field(default=None, description="Self-service portal, if any.")
    free_access_reports_per_year: int | None = Field(
        default=None, ge=1, description="A promise of free access reports a year, if stated."
    )
    note: Text | None = None


class Security(_Model):
    """Art. 32 measures, described in general terms (Art. 30(1)(g))."""

    measures: tuple[Text, ...] = Field(min_length=1)


class PolicyInfo(_Model):
    """Facts about the published policy itself."""

    url: str | None = None
    valid_from: date | None = None
    changes: Text = Field(description="How changes to the policy are announced.")
    introduction: Text | None = None


class ChannelKind(StrEnum):
    """Where free text comes in."""

    email = "email"
    form = "form"
    booking_field = "booking_field"  # a field of a booking: its value belongs to the booking


class IntakeAction(StrEnum):
    """What the intake does with a text, given what screening found in it."""

    store = "store"  # stored under the channel's purpose
    reject = "reject"  # nothing stored; the sender gets a reply saying why
    store_in_entry_only = "store_in_entry_only"  # kept inside its entry, with its retention
    flag = "flag"  # stored, and listed for the data protection officer
    redact = "redact"  # the identifiers found are masked before storing


INTAKE_GROUPS: dict[str, frozenset[Kind]] = {
    "special": SPECIAL_KINDS,
    "criminal": frozenset({Kind.CRIMINAL}),
    "identifiers": IDENTIFIER_KINDS,
}
"""Rule keys naming a group of screening kinds; a rule for one kind overrides its group's."""


def _rule_key(value: str) -> str:
    known = sorted(INTAKE_GROUPS) + sorted(kind.value for kind in Kind)
    if value not in known:
        raise ValueError(f"got {value!r}; expected a screening kind or group: {', '.join(known)}")
    return value


RuleKey = Annotated[str, AfterValidator(_rule_key)]


class Channel(_Model):
    """One way free text reaches the organisation, and what screening decides about it."""

    kind: ChannelKind
    purpose: Key = Field(description="The purpose the text is collected for.")
    category: CategoryKey = Field(description="The category the free text is stored as.")
    subject_kind: Key = Field(description="The subject kind a new sender is registered as.")
    rules: dict[RuleKey, IntakeAction] = Field(
        default_factory=dict,
        description="Screening kind or group (special, criminal, identifiers) → action.",
    )
    default: IntakeAction = Field(
        default=IntakeAction.store,
        description="The action where no rule applies: store, reject, store_in_entry_only or flag.",
    )
    reply: Text | None = Field(
        default=None,
        description="The reply to a rejected sender ({controller} is filled in); "
        "defaults to Ombud's own text.",
    )
    images: CategoryKey | None = Field(
        default=None,
        description="The category uploaded images are stored as (their location and camera "
        "metadata removed first); without it the channel takes no images.",
    )

    @field_validator("default")
    @classmethod
    def _default_stores_or_rejects(cls, value: IntakeAction) -> IntakeAction:
        if value is IntakeAction.redact:
            raise ValueError(
                "got 'redact'; expected store, reject, store_in_entry_only or flag "
                "(redact masks what a rule found, so it needs a rule)"
            )
        return value


class Declaration(_Model):
    """The whole declaration: the single source of truth for one controller."""

    ombud: Literal[1] = Field(description="Declaration format version.")
    controller: Controller
    subject_kinds: dict[Key, SubjectKind] = Field(min_length=1)
    categories: dict[CategoryKey, Category] = Field(default_factory=dict)
    systems: dict[Key, System] = Field(default_factory=dict)
    purposes: dict[Key, Purpose] = Field(min_length=1)
    processors: dict[Key, Processor] = Field(default_factory=dict)
    recipients: dict[Key, Recipient] = Field(default_factory=dict)
    transfers: tuple[Transfer, ...] = ()
    legal_holds: dict[Key, LegalHold] = Field(default_factory=dict)
    cookies: tuple[Cookie, ...] = ()
    rights: Rights = Rights()
    security: Security
    policy: PolicyInfo
    intake: dict[Key, Channel] = Field(
        default_factory=dict, description="Channels free text comes in by, and their rules."
    )


__all__ = [
    "INTAKE_GROUPS",
    "SCHEMA_VERSION",
    "Address",
    "Category",
    "Channel",
    "ChannelKind",
    "ConsentRequest",
    "Contact",
    "Controller",
    "Cookie",
    "CookiePurpose",
    "DataProcessingAgreement",
    "Declaration",
    "Duration",
    "IntakeAction",
    "LegalBasis",
    "LegalHold",
    "PersonnummerJustification",
    "PersonnummerNeed",
    "PolicyInfo",
    "Processor",
    "Purpose",
    "Recipient",
    "RecipientKind",
    "Requirement",
    "RetentionRule",
    "Rights",
    "Security",
    "Sensitivity",
    "Source",
    "SourceKind",
    "SpecialCondition",
    "SpecialKind",
    "SubProcessor",
    "SubjectKind",
    "SupervisoryAuthority",
    "System",
    "Text",
    "Transfer",
    "TransferMechanism",
]
