"""The pure intake decision: each action, rule precedence, and redaction."""

from __future__ import annotations

import pytest

from ombud.declaration.model import Channel, IntakeAction
from ombud.intake import decide_intake, redact, rule_for
from ombud.screening import Finding, Kind


def channel(rules, default="store") -> Channel:
    return Channel.model_validate(
        {
            "kind": "email",
            "purpose": "contact",
            "category": "user.content.private.correspondence",
            "subject_kind": "contact",
            "rules": rules,
            "default": default,
        }
    )


HEALTH = "Jag har diabetes och kan inte komma på torsdag."
PERSONNUMMER = "Mitt personnummer är 811218-9876, tack."


def test_special_category_in_an_email_is_rejected_and_nothing_is_kept(lean_forum):
    decision = decide_intake(lean_forum.intake["email"], HEALTH)
    assert decision.action is IntakeAction.reject
    assert decision.text == ""
    assert decision.counts() == {"health": 1}


def test_criminal_offence_data_in_an_email_is_rejected(lean_forum):
    decision = decide_intake(lean_forum.intake["email"], "Han dömdes för misshandel i fjol.")
    assert decision.action is IntakeAction.reject


def test_a_personnummer_in_an_email_is_masked_with_its_kind(lean_forum):
    decision = decide_intake(lean_forum.intake["email"], PERSONNUMMER)
    assert decision.action is IntakeAction.redact
    assert decision.text == "Mitt personnummer är [personnummer], tack."


def test_an_ordinary_email_is_stored_as_it_is(lean_forum):
    text = "Hej! Finns det platser kvar på kursen i maj?"
    decision = decide_intake(lean_forum.intake["email"], text)
    assert (decision.action, decision.text, decision.findings) == (IntakeAction.store, text, ())


@pytest.mark.parametrize("wish", ["Vegetarisk", "Glutenfri, jag har celiaki"])
def test_a_dietary_wish_stays_in_its_booking_even_when_it_reveals_health(lean_forum, wish):
    decision = decide_intake(lean_forum.intake["booking_wish"], wish)
    assert decision.action is IntakeAction.store_in_entry_only
    assert decision.text == wish


def test_redaction_keeps_the_wish_in_its_booking(lean_forum):
    decision = decide_intake(lean_forum.intake["booking_wish"], "Laktosfri. Ring 070-123 45 67")
    assert decision.action is IntakeAction.store_in_entry_only
    assert decision.text == "Laktosfri. Ring [phone]"


def test_flag_stores_and_marks_the_text():
    decision = decide_intake(channel({"health": "flag"}), HEALTH)
    assert decision.action is IntakeAction.flag and decision.flagged
    assert decision.text == HEALTH


def test_the_most_protective_rule_wins():
    rules = {"health": "flag", "identifiers": "redact", "religion": "reject"}
    text = HEALTH + " Jag är muslim. " + PERSONNUMMER
    assert decide_intake(channel(rules), text).action is IntakeAction.reject
    both = decide_intake(channel(rules), HEALTH + " " + PERSONNUMMER)
    assert both.action is IntakeAction.flag
    assert "811218" not in both.text and "diabetes" in both.text


def test_a_kind_rule_overrides_its_group():
    rules = {"special": "reject", "health": "flag"}
    assert rule_for(channel(rules), Kind.HEALTH) is IntakeAction.flag
    assert rule_for(channel(rules), Kind.RELIGION) is IntakeAction.reject
    assert rule_for(channel(rules), Kind.PHONE) is None


def test_the_default_applies_where_no_rule_matches():
    rejecting = channel({"personnummer": "redact"}, default="reject")
    assert decide_intake(rejecting, "Hej!").action is IntakeAction.reject
    assert decide_intake(channel({}), HEALTH).action is IntakeAction.store


def test_redact_masks_overlapping_findings_once():
    text = "abcdefghij"
    findings = [Finding(2, 6, Kind.PHONE, 0.9), Finding(4, 8, Kind.IBAN, 0.9)]
    assert redact(text, findings) == "ab[phone]ij"
