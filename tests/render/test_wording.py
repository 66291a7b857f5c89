"""Retention rules, durations and legal terms, worded as a Swedish (or English) reader expects."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ombud.declaration.model import LegalBasis, Source, SpecialCondition
from ombud.render.catalog import translations
from ombud.render.events import EVENTS, event_clause
from ombud.render.wording import (
    LEGAL_BASES,
    SPECIAL_CONDITIONS,
    cookie_duration_phrase,
    country_name,
    date_phrase,
    duration_phrase,
    retention_phrase,
    source_phrase,
    term,
)
from ombud.retention.model import Duration, RetentionRule

RULES = [
    # (rule, Swedish, English)
    (
        {"keep": "P36M", "after": "membership_ended"},
        "36 månader efter att medlemskapet avslutats",
        "36 months after the membership ended",
    ),
    (
        {"keep": "P24M", "after": "booking_made"},
        "24 månader efter bokningen",
        "24 months after the booking",
    ),
    (
        {"keep": "P1Y", "after": "last_contact"},
        "1 år efter senaste kontakt",
        "1 year after the last contact",
    ),
    (
        {"keep": "P36M", "after": "collected"},
        "36 månader efter insamlingen",
        "36 months after collection",
    ),
    (
        {"keep": "P1Y", "after": ["contract_ended", "final_payment"]},
        "1 år efter att avtalet avslutats och slutlig betalning erlagts",
        "1 year after the contract ended and the final payment was made",
    ),
    (
        {"keep": "P1Y", "after": ["contract_ended", "final_payment", "account_closed"]},
        "1 år efter att avtalet avslutats, slutlig betalning erlagts och kontot avslutats",
        "1 year after the contract ended, the final payment was made and the account was closed",
    ),
    (
        # A noun reads well alone; mixed with a clause, every event becomes a clause.
        {"keep": "P2Y", "after": ["booking_made", "contract_ended"]},
        "2 år efter att bokningen gjorts och avtalet avslutats",
        "2 years after the booking was made and the contract ended",
    ),
    (
        {"keep": "P5Y", "after": "contract_ended", "counted_from": "end_of_year"},
        "5 år från utgången av det kalenderår då avtalet upphörde",
        "5 years from the end of the calendar year in which the contract ended",
    ),
    (
        {"keep": "P7Y", "after": "fiscal_year_end", "counted_from": "end_of_year"},
        "7 år från utgången av det kalenderår då räkenskapsåret avslutades",
        "7 years from the end of the calendar year in which the financial year ended",
    ),
    (
        {"until": "consent_withdrawn"},
        "tills samtycket återkallas",
        "until the consent is withdrawn",
    ),
    (
        {"until": "erasure_requested"},
        "tills du begär radering",
        "until you ask for erasure",
    ),
    (
        {"until": "objection"},
        "tills du invänder",
        "until you object",
    ),
    (
        {"session": True},
        "så länge webbsessionen pågår",
        "as long as the web session lasts",
    ),
    (
        {"keep": "P3Y", "after": "customer_relationship_ended", "until": "objection"},
        "3 år efter att kundrelationen upphört, eller tills du invänder om det sker tidigare",
        "3 years after the customer relationship ended, or until you object if that comes first",
    ),
    (
        {"keep": "P1Y6M", "after": "education_ended"},
        "1 år och 6 månader efter att utbildningen avslutats",
        "1 year and 6 months after the education ended",
    ),
]

UNKNOWN_EVENTS = [
    (
        {"keep": "P3Y", "after": "course_finished"},
        "3 år efter händelsen ”course finished”",
        "3 years after the event “course finished”",
    ),
    (
        {"until": "course_finished"},
        "tills händelsen ”course finished” inträffar",
        "until the event “course finished” happens",
    ),
    (
        {"keep": "P1Y", "after": "course_finished", "counted_from": "end_of_year"},
        "1 år från utgången av det kalenderår då händelsen ”course finished” inträffade",
        "1 year from the end of the calendar year in which the event “course finished” happened",
    ),
]


@pytest.mark.parametrize(("rule", "sv", "en"), RULES + UNKNOWN_EVENTS)
def test_retention_rules_are_worded_as_a_reader_expects(rule, sv, en):
    parsed = RetentionRule.model_validate(rule)
    assert retention_phrase(parsed, "sv") == sv
    assert retention_phrase(parsed, "en") == en


DURATIONS = [
    ("P1M", "1 månad", "1 month"),
    ("P36M", "36 månader", "36 months"),
    ("P1Y", "1 år", "1 year"),
    ("P7Y", "7 år", "7 years"),
    ("P1D", "1 dag", "1 day"),
    ("P2D", "2 dagar", "2 days"),
    ("P1W", "1 vecka", "1 week"),
    ("P2W", "2 veckor", "2 weeks"),
    ("PT1H", "1 timme", "1 hour"),
    ("PT2H", "2 timmar", "2 hours"),
    ("PT30M", "30 minuter", "30 minutes"),
    ("P1Y6M", "1 år och 6 månader", "1 year and 6 months"),
    ("P1Y2M3D", "1 år, 2 månader och 3 dagar", "1 year, 2 months and 3 days"),
    ("P0D", "0 dagar", "0 days"),
]


@pytest.mark.parametrize(("text", "sv", "en"), DURATIONS)
def test_durations_are_worded_with_their_plurals(text, sv, en):
    duration = Duration.parse(text)
    assert duration_phrase(duration, "sv") == sv
    assert duration_phrase(duration, "en") == en


@pytest.mark.parametrize(
    ("basis", "sv", "en"),
    [
        (LegalBasis.consent, "Samtycke (artikel 6.1 a)", "Consent (Article 6(1)(a))"),
        (LegalBasis.contract, "Avtal (artikel 6.1 b)", "Contract (Article 6(1)(b))"),
        (
            LegalBasis.legal_obligation,
            "Rättslig förpliktelse (artikel 6.1 c)",
            "Legal obligation (Article 6(1)(c))",
        ),
        (
            LegalBasis.vital_interest,
            "Intresse av grundläggande betydelse (artikel 6.1 d)",
            "Vital interests (Article 6(1)(d))",
        ),
        (
            LegalBasis.public_task,
            "Uppgift av allmänt intresse eller myndighetsutövning (artikel 6.1 e)",
            "Task in the public interest or official authority (Article 6(1)(e))",
        ),
        (
            LegalBasis.legitimate_interest,
            "Berättigat intresse (artikel 6.1 f)",
            "Legitimate interest (Article 6(1)(f))",
        ),
    ],
)
def test_legal_bases_are_named_with_their_article(basis, sv, en):
    assert term(LEGAL_BASES, basis, "sv") == sv
    assert term(LEGAL_BASES, basis, "en") == en


def test_every_art_9_condition_is_worded_with_its_point():
    points = "abcdefghij"
    for condition, point in zip(SpecialCondition, points, strict=True):
        assert term(SPECIAL_CONDITIONS, condition, "sv").endswith(f"(artikel 9.2 {point})")
        assert term(SPECIAL_CONDITIONS, condition, "en").endswith(f"(Article 9(2)({point}))")


def test_cookie_durations_are_the_session_or_a_period():
    assert cookie_duration_phrase("session", "sv") == "sessionen"
    assert cookie_duration_phrase("session", "en") == "the session"
    assert cookie_duration_phrase(Duration.parse("P1Y"), "sv") == "1 år"
    assert cookie_duration_phrase(Duration.parse("P13M"), "en") == "13 months"


def test_sources_name_the_third_party():
    third = Source.model_validate(
        {"kind": "third_party", "name": {"sv": "Skatteverket", "en": "the Tax Agency"}}
    )
    assert source_phrase(third, "sv") == "Från Skatteverket"
    assert source_phrase(third, "en") == "From the Tax Agency"
    assert source_phrase(Source.model_validate("subject"), "sv") == "Från dig"
    assert source_phrase(Source.model_validate("observed"), "en") == (
        "From your use of our services"
    )


def test_dates_and_countries_are_written_as_in_sweden():
    assert date_phrase(date(2021, 7, 28), "sv") == "28 juli 2021"
    assert date_phrase(date(2021, 7, 28), "en") == "28 July 2021"
    assert country_name("DE", "sv") == "Tyskland"
    assert country_name("US", "en") == "United States"


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_every_known_event_is_translated_in_every_form(name):
    for form in ("after", "year", "until"):
        context, msgid = EVENTS[name].clause(form)
        swedish = event_clause(name, form, "sv")
        assert swedish and swedish != msgid, (name, form)
        assert translations("en").pgettext(context, msgid) == event_clause(name, form, "en")


EVENT_NAMES = st.from_regex(r"[a-z][a-z0-9]{0,8}(_[a-z0-9]{1,8}){0,3}", fullmatch=True)


@settings(deadline=None)  # the first example compiles the catalogs
@given(
    keep=st.builds(Duration, years=st.integers(0, 99), months=st.integers(0, 99)),
    after=st.lists(EVENT_NAMES, min_size=1, max_size=3, unique=True),
    until=st.none() | EVENT_NAMES,
    end_of_year=st.booleans(),
)
def test_any_rule_is_worded_without_leftover_placeholders(keep, after, until, end_of_year):
    rule = RetentionRule(
        keep=keep,
        after=tuple(after),
        until=until,
        counted_from="end_of_year" if end_of_year else "event",
    )
    for lang in ("sv", "en"):
        text = retention_phrase(rule, lang)
        assert "%(" not in text
        assert duration_phrase(keep, lang) in text
