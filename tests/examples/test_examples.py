"""The five seed organisations as declarations: each loads, and lints to exactly its real problems.

Every expected finding below is a problem of the seed's own policy, not of how it was
modelled; the comment on each says why it is real. A new lint, or a change to an
example, that adds or removes a finding must update this list deliberately.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

import ombud
from ombud.cli import app
from ombud.declaration import Text, lint, load_declaration
from ombud.declaration.loading import dotted

EXAMPLES = Path(ombud.__file__).parent / "examples"

EXPECTED: dict[str, set[tuple[str, str]]] = {
    "lean-forum": {
        # The policy states no storage period for photos and films, only removal on request.
        ("purpose-without-retention", "purposes.event_photos"),
        # It sends complaints to Datainspektionen, renamed IMY on 1 January 2021.
        ("outdated-supervisory-authority", "controller.supervisory_authority.name"),
    },
    "lasting-group": {
        # The billing software gets client data, and the policy mentions no agreement with it.
        ("processor-without-dpa", "processors.billing_software"),
    },
    "learnster": {
        # Transfers to the US rest on the Privacy Shield, invalid since 16 July 2020.
        ("transfer-without-valid-mechanism", "transfers[0]"),
        # Storage, CRM, analytics and payment providers: no agreement is mentioned.
        ("processor-without-dpa", "processors.storage_service"),
        ("processor-without-dpa", "processors.crm_service"),
        ("processor-without-dpa", "processors.analytics_service"),
        ("processor-without-dpa", "processors.payment_service"),
        # Complaints go to Datainspektionen, renamed IMY on 1 January 2021.
        ("outdated-supervisory-authority", "controller.supervisory_authority.name"),
        # Persistent settings cookies are set without consent ("adjust your browser").
        ("cookie-without-consent", "cookies[1]"),
        # Persistent statistics cookies are set without consent.
        ("cookie-without-consent", "cookies[2]"),
    },
    "leep": {
        # Photos published on social media: no storage period is stated.
        ("purpose-without-retention", "purposes.photos_social_media"),
        # Comments and their metadata are kept "utan tidsgräns".
        ("purpose-without-retention", "purposes.website_comments"),
        # Google Analytics and ads run in the US; the policy claims EU/EEA only.
        ("processing-outside-eea-without-transfer", "processors.google.location"),
        # Gravatar (Automattic, US) gets a hash of the e-mail with no transfer mechanism.
        ("processing-outside-eea-without-transfer", "recipients.gravatar.location"),
        # Personnummer in the salon's booking schedule, with no need for it.
        ("personnummer-without-justification", "purposes.salon_scheduling"),
        # Complaints go to Datainspektionen, renamed IMY on 1 January 2021.
        ("outdated-supervisory-authority", "controller.supervisory_authority.name"),
        # A one-year layout cookie set without consent or an explicit "remember" choice.
        ("cookie-without-consent", "cookies[4]"),
        # Google Analytics cookies are set without consent.
        ("cookie-without-consent", "cookies[6]"),
        ("cookie-without-consent", "cookies[7]"),
    },
    "coaching-firm": {
        # Health data on "en nödvändig förutsättning för ett bra samarbete": no Art. 9(2) condition.
        ("special-category-without-condition", "purposes.coaching_health"),
        # Personnummer collected for agreements with no stated need.
        ("personnummer-without-justification", "purposes.contracts"),
        # Cookies with unique identifiers are set without consent (browser settings only).
        ("cookie-without-consent", "cookies[0]"),
    },
}


def _path(name: str) -> Path:
    return EXAMPLES / name / "ombud.yaml"


def test_every_example_is_listed():
    shipped = {p.name for p in EXAMPLES.iterdir() if (p / "ombud.yaml").is_file()}
    assert shipped == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_loads_and_lints_to_its_real_problems(name: str):
    loaded = load_declaration(_path(name))
    found = {(f.code, dotted(f.path)) for f in lint(loaded.declaration)}
    assert found == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_purpose_has_a_retention_rule_or_note(name: str):
    declaration = load_declaration(_path(name)).declaration
    for key, purpose in declaration.purposes.items():
        assert purpose.retention is not None or purpose.retention_note is not None, key


def _texts(node: object) -> list[Text]:
    if isinstance(node, Text):
        return [node]
    if isinstance(node, BaseModel):
        return [t for field in type(node).model_fields for t in _texts(getattr(node, field))]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    if isinstance(node, tuple | list):
        return [t for item in node for t in _texts(item)]
    return []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_text_is_in_swedish_and_english(name: str):
    texts = _texts(load_declaration(_path(name)).declaration)
    assert texts
    assert all(t.sv.strip() and t.en.strip() for t in texts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_exits_with_findings_not_errors(name: str):
    result = CliRunner().invoke(app, ["check", str(_path(name))])
    assert result.exit_code == (1 if EXPECTED[name] else 0), result.output
