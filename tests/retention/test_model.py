import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import ombud.retention
from ombud.retention import SESSION_ENDED, Duration, RetentionRule


def test_the_public_names_are_pinned():
    assert sorted(ombud.retention.__all__) == [
        "COLLECTED",
        "Duration",
        "RetentionRule",
        "SESSION_ENDED",
        "STOCKHOLM",
        "add_duration",
        "end_of_year",
        "expiry",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P36M", Duration(months=36)),
        ("P1Y", Duration(years=1)),
        ("P7Y", Duration(years=7)),
        ("P3M", Duration(months=3)),
        ("P1D", Duration(days=1)),
        ("P2W", Duration(weeks=2)),
        ("PT2H", Duration(hours=2)),
        ("P1Y6M", Duration(years=1, months=6)),
        ("P0D", Duration()),
        ("P1DT12H30M5S", Duration(days=1, hours=12, minutes=30, seconds=5)),
    ],
)
def test_duration_reads_iso_8601(text, expected):
    assert Duration.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "P36",
        "P",
        "PT",
        "P1YT",
        "-P1D",
        "P-1D",
        "36M",
        "p36m",
        "P1.5Y",
        "P1M1Y",
        " P1D",
        "P1D\n",
        "",
    ],
)
def test_duration_rejects_anything_but_a_non_negative_iso_8601_duration(text):
    with pytest.raises(ValueError, match="expected an ISO 8601 duration such as P36M or P3Y"):
        Duration.parse(text)


def test_duration_error_names_the_value_received():
    with pytest.raises(ValueError) as caught:
        Duration.parse("P36")
    assert str(caught.value) == "got 'P36'; expected an ISO 8601 duration such as P36M or P3Y"


def test_duration_rejects_negative_units():
    with pytest.raises(ValueError, match="months: got -1"):
        Duration(months=-1)


@pytest.mark.parametrize("text", ["P36M", "P1Y6M", "P2W", "PT2H", "P1DT12H30M5S", "P0D"])
def test_duration_prints_its_iso_form(text):
    assert str(Duration.parse(text)) == text


def test_zero_duration_is_zero_and_prints_as_p0d():
    assert Duration.parse("PT0S").is_zero
    assert str(Duration.parse("PT0S")) == "P0D"
    assert not Duration(seconds=1).is_zero


units = st.integers(min_value=0, max_value=10_000)


@given(st.builds(Duration, units, units, units, units, units, units, units))
def test_duration_survives_printing_and_reading(duration):
    assert Duration.parse(str(duration)) == duration


def test_rule_reads_a_period_after_one_event():
    rule = RetentionRule.model_validate({"keep": "P36M", "after": "membership_ended"})
    assert rule.keep == Duration(months=36)
    assert rule.after == ("membership_ended",)
    assert rule.counted_from == "event"


def test_rule_reads_a_period_after_several_events():
    rule = RetentionRule.model_validate(
        {"keep": "P1Y", "after": ["contract_ended", "final_payment"]}
    )
    assert rule.after == ("contract_ended", "final_payment")


def test_rule_serialises_durations_back_to_iso_strings():
    rule = RetentionRule.model_validate(
        {"keep": "P5Y", "after": "contract_ended", "counted_from": "end_of_year"}
    )
    dumped = rule.model_dump(mode="json")
    assert dumped["keep"] == "P5Y"
    assert RetentionRule.model_validate(dumped) == rule


def test_rule_json_schema_shows_keep_as_a_patterned_string_and_describes_every_field():
    schema = RetentionRule.model_json_schema()
    keep = next(s for s in schema["properties"]["keep"]["anyOf"] if s.get("type") == "string")
    assert keep["pattern"].startswith("^P")
    assert all(field.get("description") for field in schema["properties"].values())


def test_rule_rejects_a_malformed_duration_naming_field_and_value():
    with pytest.raises(ValidationError) as caught:
        RetentionRule.model_validate({"keep": "P36", "after": "membership_ended"})
    (error,) = caught.value.errors()
    assert error["loc"] == ("keep",)
    assert "got 'P36'; expected an ISO 8601 duration such as P36M or P3Y" in error["msg"]


def test_rule_rejects_a_duration_given_as_a_number():
    with pytest.raises(ValidationError, match="got 36; expected an ISO 8601 duration"):
        RetentionRule.model_validate({"keep": 36, "after": "membership_ended"})


@pytest.mark.parametrize("name", ["MembershipEnded", "membership ended", "1st_payment", "a__b", ""])
def test_rule_rejects_event_names_that_are_not_snake_case(name):
    with pytest.raises(ValidationError, match="expected a snake_case event name"):
        RetentionRule.model_validate({"keep": "P1Y", "after": name})


def test_rule_rejects_a_repeated_event():
    with pytest.raises(ValidationError, match="expected each event once"):
        RetentionRule.model_validate({"keep": "P1Y", "after": ["last_contact", "last_contact"]})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"keep": "P1Y"}, "keep: got 'P1Y' without after"),
        ({"after": "contract_ended"}, "after: got ['contract_ended'] without keep"),
        ({"after": []}, "retention: got no end"),
        ({}, "retention: got no end; expected keep with after, until, or session: true"),
        ({"until": "objection", "counted_from": "end_of_year"}, "counted_from: got 'end_of_year'"),
        ({"session": True, "keep": "P1D", "after": "collected"}, "session: got true together"),
    ],
)
def test_rule_rejects_incomplete_or_contradictory_combinations(fields, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        RetentionRule.model_validate(fields)


def test_rule_rejects_unknown_fields():
    with pytest.raises(ValidationError, match="keep_for"):
        RetentionRule.model_validate({"keep_for": "P1Y", "until": "objection"})


def test_rule_is_frozen():
    rule = RetentionRule(until="consent_withdrawn")
    with pytest.raises(ValidationError):
        rule.until = "objection"  # type: ignore[misc]


def test_rule_events_name_every_event_that_starts_or_ends_it():
    rule = RetentionRule.model_validate(
        {"keep": "P1Y", "after": ["contract_ended", "final_payment"], "until": "objection"}
    )
    assert rule.events == {"contract_ended", "final_payment", "objection"}


def test_session_rule_ends_on_the_built_in_session_ended_event():
    assert RetentionRule(session=True).events == {SESSION_ENDED}
