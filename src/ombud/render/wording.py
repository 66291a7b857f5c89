"""Human wording of the declaration's terms, in Swedish and English.

Retention rules become the sentence a reader expects ("36 månader efter att
medlemskapet avslutats", "7 år från utgången av det kalenderår då räkenskapsåret
avslutades"), durations get their plurals (1 månad, 36 månader), legal bases cite
their article ("Avtal (artikel 6.1 b)"), and dates are written as in Sweden
("28 juli 2021"). Pure: a value and a language in, a string out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal, TypeVar

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list

from ombud.declaration.model import (
    CookiePurpose,
    LegalBasis,
    PersonnummerNeed,
    RecipientKind,
    Requirement,
    Source,
    SourceKind,
    SpecialCondition,
    TransferMechanism,
)
from ombud.render.catalog import BABEL_LOCALE, N_, NN_, Lang, translations
from ombud.render.events import event_clause, event_noun
from ombud.retention.model import Duration, RetentionRule

E = TypeVar("E")

# Each unit's singular and plural, largest first, as a rule's author would say them.
_UNITS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("years", NN_("%(num)d year", "%(num)d years")),
    ("months", NN_("%(num)d month", "%(num)d months")),
    ("weeks", NN_("%(num)d week", "%(num)d weeks")),
    ("days", NN_("%(num)d day", "%(num)d days")),
    ("hours", NN_("%(num)d hour", "%(num)d hours")),
    ("minutes", NN_("%(num)d minute", "%(num)d minutes")),
    ("seconds", NN_("%(num)d second", "%(num)d seconds")),
)

LEGAL_BASES: dict[LegalBasis, str] = {
    LegalBasis.consent: N_("Consent (Article 6(1)(a))"),
    LegalBasis.contract: N_("Contract (Article 6(1)(b))"),
    LegalBasis.legal_obligation: N_("Legal obligation (Article 6(1)(c))"),
    LegalBasis.vital_interest: N_("Vital interests (Article 6(1)(d))"),
    LegalBasis.public_task: N_(
        "Task in the public interest or official authority (Article 6(1)(e))"
    ),
    LegalBasis.legitimate_interest: N_("Legitimate interest (Article 6(1)(f))"),
}

SPECIAL_CONDITIONS: dict[SpecialCondition, str] = {
    SpecialCondition.explicit_consent: N_("Explicit consent (Article 9(2)(a))"),
    SpecialCondition.employment: N_(
        "Obligations in employment, social security and social protection law (Article 9(2)(b))"
    ),
    SpecialCondition.vital_interest: N_(
        "Vital interests when you cannot give consent (Article 9(2)(c))"
    ),
    SpecialCondition.not_for_profit: N_(
        "A not-for-profit body's activities for its members and regular contacts (Article 9(2)(d))"
    ),
    SpecialCondition.made_public: N_("Data you have manifestly made public (Article 9(2)(e))"),
    SpecialCondition.legal_claims: N_("Legal claims (Article 9(2)(f))"),
    SpecialCondition.public_interest: N_("Substantial public interest (Article 9(2)(g))"),
    SpecialCondition.health_care: N_(
        "Health or social care under professional secrecy (Article 9(2)(h))"
    ),
    SpecialCondition.public_health: N_("Public health (Article 9(2)(i))"),
    SpecialCondition.archiving: N_("Archiving, research and statistics (Article 9(2)(j))"),
}

SOURCES: dict[SourceKind, str] = {
    SourceKind.subject: N_("From you"),
    SourceKind.observed: N_("From your use of our services"),
    SourceKind.third_party: N_("From %(name)s"),
    SourceKind.public: N_("From publicly accessible sources"),
}

RECIPIENT_KINDS: dict[RecipientKind, str] = {
    RecipientKind.authority: N_("Authority"),
    RecipientKind.controller: N_("Independent controller"),
    RecipientKind.third_party: N_("Third party"),
}

COOKIE_PURPOSES: dict[CookiePurpose, str] = {
    CookiePurpose.necessary: N_("Necessary"),
    CookiePurpose.preferences: N_("Preferences"),
    CookiePurpose.statistics: N_("Statistics"),
    CookiePurpose.marketing: N_("Marketing"),
}

REQUIREMENTS: dict[Requirement, str] = {
    Requirement.statutory: N_("You must provide the data: the law requires it."),
    Requirement.contractual: N_("You must provide the data: our contract with you requires it."),
    Requirement.necessary_for_contract: N_("We need the data to enter into a contract with you."),
    Requirement.voluntary: N_("Providing the data is voluntary."),
}

TRANSFER_MECHANISMS: dict[TransferMechanism, str] = {
    TransferMechanism.adequacy: N_("Adequacy decision of the European Commission (Article 45)"),
    TransferMechanism.data_privacy_framework: N_(
        "EU–US Data Privacy Framework (adequacy decision, Article 45)"
    ),
    TransferMechanism.standard_contractual_clauses: N_(
        "The European Commission's standard contractual clauses (Article 46(2)(c))"
    ),
    TransferMechanism.binding_corporate_rules: N_("Binding corporate rules (Article 47)"),
    TransferMechanism.derogation: N_("Derogation for a specific situation (Article 49)"),
    TransferMechanism.privacy_shield: N_("EU–US Privacy Shield"),
}

PERSONNUMMER_NEEDS: dict[PersonnummerNeed, str] = {
    PersonnummerNeed.purpose: N_("it is clearly justified by the purpose"),
    PersonnummerNeed.secure_identification: N_("secure identification is important"),
    PersonnummerNeed.other_considerable_reason: N_("there is another considerable reason"),
}


def term(table: Mapping[E, str], key: E, lang: Lang) -> str:
    """`key` said in `lang`, from one of this module's tables (LEGAL_BASES, SOURCES …)."""
    return translations(lang).gettext(table[key])


def list_phrase(items: Iterable[str], lang: Lang) -> str:
    """Items joined as a sentence does: "a, b och c" / "a, b and c"."""
    return format_list(list(items), locale=BABEL_LOCALE[lang])


def duration_phrase(duration: Duration, lang: Lang) -> str:
    """A duration in words with the right plural: "1 månad", "36 månader", "1 år och 6 månader"."""
    t = translations(lang)
    parts = [
        t.ngettext(*forms, getattr(duration, unit)) % {"num": getattr(duration, unit)}
        for unit, forms in _UNITS
        if getattr(duration, unit)
    ]
    if not parts:
        return t.ngettext("%(num)d day", "%(num)d days", 0) % {"num": 0}
    return list_phrase(parts, lang)


def _period(rule: RetentionRule, keep: Duration, lang: Lang) -> str:
    """The `keep … after …` part; with several events the clock runs from the last of them."""
    t = translations(lang)
    duration = duration_phrase(keep, lang)
    if rule.counted_from == "end_of_year":
        clauses = list_phrase((event_clause(e, "year", lang) for e in rule.after), lang)
        text = t.gettext("%(duration)s from the end of the calendar year in which %(clauses)s")
        return text % {"duration": duration, "clauses": clauses}
    nouns = [event_noun(e, lang) for e in rule.after]
    if all(nouns):
        text = t.gettext("%(duration)s after %(nouns)s")
        return text % {"duration": duration, "nouns": list_phrase(map(str, nouns), lang)}
    clauses = list_phrase((event_clause(e, "after", lang) for e in rule.after), lang)
    return t.gettext("%(duration)s after %(clauses)s") % {"duration": duration, "clauses": clauses}


def retention_phrase(rule: RetentionRule, lang: Lang) -> str:
    """How long a rule keeps data, as a reader expects it ("tills samtycket återkallas")."""
    t = translations(lang)
    if rule.session:
        return t.gettext("as long as the web session lasts")
    until = (
        t.gettext("until %(clause)s") % {"clause": event_clause(rule.until, "until", lang)}
        if rule.until
        else None
    )
    if rule.keep is None:
        assert until is not None  # the model requires keep, until or session
        return until
    period = _period(rule, rule.keep, lang)
    if until is None:
        return period
    return t.gettext("%(period)s, or %(until)s if that comes first") % {
        "period": period,
        "until": until,
    }


def cookie_duration_phrase(duration: Literal["session"] | Duration, lang: Lang) -> str:
    """How long a cookie lives: "sessionen" or a duration in words ("1 år")."""
    if duration == "session":
        return translations(lang).gettext("the session")
    assert isinstance(duration, Duration)
    return duration_phrase(duration, lang)


def source_phrase(source: Source, lang: Lang) -> str:
    """Where data comes from (Art. 14(2)(f)): "Från dig", or the named third party."""
    text = term(SOURCES, source.kind, lang)
    if source.kind is SourceKind.public and source.name is not None:
        return f"{text} ({source.name[lang]})"
    name = source.name[lang] if source.name is not None else ""
    return text % {"name": name}


def country_name(code: str, lang: Lang) -> str:
    """A country's name in `lang` ("Tyskland"), or its code if Babel does not know it."""
    territories: Mapping[str, str] = Locale.parse(BABEL_LOCALE[lang]).territories
    return territories.get(code, code)


def date_phrase(day: date, lang: Lang) -> str:
    """A date as written in running text: "28 juli 2021" / "28 July 2021"."""
    return format_date(day, format="long", locale=BABEL_LOCALE[lang])


def yes_no(value: bool, lang: Lang) -> str:
    """ "Ja"/"Nej", "Yes"/"No"."""
    t = translations(lang)
    return t.gettext("Yes") if value else t.gettext("No")
