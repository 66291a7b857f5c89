"""The declaration's `intake:` section: validated, cross-referenced and linted."""

from __future__ import annotations

import pytest

from ombud.declaration import lint, parse_declaration
from ombud.errors import DeclarationError
from tests.intake.conftest import LEAN_FORUM


def lean_forum_with(old: str, new: str) -> str:
    text = LEAN_FORUM.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def messages(text: str) -> list[str]:
    with pytest.raises(DeclarationError) as caught:
        parse_declaration(text)
    return [str(issue) for issue in caught.value.issues]


def test_an_unknown_purpose_is_an_error_with_a_suggestion():
    (message,) = messages(lean_forum_with("purpose: email_intake", "purpose: email_intak"))
    assert "intake.email.purpose" in message and "did you mean 'email_intake'" in message


def test_an_unknown_category_is_an_error():
    text = lean_forum_with(
        "category: user.content.private.correspondence",
        "category: user.content.private.corespondence",
    )
    (message,) = messages(text)
    assert "intake.email.category" in message
    assert "did you mean 'user.content.private.correspondence'" in message


def test_an_unknown_rule_key_names_the_kinds_and_groups():
    (message,) = messages(lean_forum_with("      special: reject", "      specials: reject"))
    assert "specials" in message and "special" in message and "personnummer" in message


def test_redact_cannot_be_the_default():
    text = lean_forum_with("default: store_in_entry_only", "default: redact")
    (message,) = messages(text)
    assert "intake.booking_wish.default" in message


def test_a_channel_storing_a_category_its_purpose_does_not_declare_is_linted():
    text = lean_forum_with("purpose: participant_bookings", "purpose: membership")
    found = [(f.code, f.path) for f in lint(parse_declaration(text).declaration)]
    assert ("intake-outside-its-purpose", ("intake", "booking_wish", "category")) in found
    assert ("intake-outside-its-purpose", ("intake", "booking_wish", "subject_kind")) in found
