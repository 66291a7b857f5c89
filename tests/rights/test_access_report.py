"""The access report carries every element GDPR Art. 15 lists, as HTML and JSON, sv and en.

A Learnster learner whose data came from herself, from her employer and from her use
of the platform, with statistics sent to a US analytics service: purposes, categories,
recipients and the transfer's safeguards, retention, rights, complaint, sources, and
what is said about automated decisions.
"""

from __future__ import annotations

import json

import pytest

from ombud.declaration.model import SourceKind
from ombud.protect import IdentifierKind
from ombud.register.service import collect, register_subject
from ombud.rights.model import RequestType
from ombud.rights.report import report_json
from ombud.rights.service import run_request
from tests.rights.conftest import example_context, verified

EMAIL = "li@example.se"

HEADINGS = {
    "sv": [
        "Registerutdrag",
        "Personuppgiftsansvarig",
        "Dina uppgifter",
        "Ändamål",
        "Rättslig grund",
        "Lagringstid",
        "Mottagare",
        "Överföring utanför EU/EES",
        "Automatiserade beslut",
        "Dina rättigheter",
        "Rätt att klaga",
        "Källa",
    ],
    "en": [
        "Access report",
        "Controller",
        "Your data",
        "Purposes",
        "Legal basis",
        "Retention",
        "Recipients",
        "Transfer outside the EU/EEA",
        "Automated decisions",
        "Your rights",
        "The right to complain",
        "Source",
    ],
}
NO_AUTOMATED = {
    "sv": "Vi fattar inga beslut om dig som enbart grundas på automatiserad behandling.",
    "en": "We make no decisions about you based solely on automated processing.",
}
OBSERVED = {"sv": "observerat när du använt tjänsten", "en": "observed from your use"}


@pytest.fixture
def learner(store, clock):
    ctx = example_context("learnster", clock)
    s = store.session
    ref = register_subject(
        s, ctx, kind="learner", identifiers={IdentifierKind.EMAIL: EMAIL}, actor="t"
    )
    collect(
        s,
        ctx,
        subject=ref,
        purpose="user_accounts",
        values={"user.name": "Li Wu", "user.contact.email": EMAIL},
        actor="t",
    )
    collect(
        s,
        ctx,
        subject=ref,
        purpose="provide_service",
        values={"user.job_title": "Lärare"},
        source=SourceKind.third_party,
        source_name="Skolbolaget AB",
        actor="t",
    )
    collect(
        s,
        ctx,
        subject=ref,
        purpose="statistics",
        values={"user.behavior.browsing_history": "/kurser/excel"},
        source=SourceKind.observed,
        actor="t",
    )
    return ctx


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_report_has_every_art_15_element_in_html_and_json(store, learner, mailer, lang):
    ctx, s = learner, store.session
    request = verified(s, ctx, mailer, RequestType.access, email=EMAIL, lang=lang)
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    report = json.loads(report_json(outcome.report))
    html = outcome.artifact.decode()
    assert report["lang"] == lang and report["holds_data"] is True  # 15(1): confirmation
    assert f'<html lang="{lang}">' in html
    for heading in HEADINGS[lang]:
        assert heading in html, heading
    # (a), (c), (d): every purpose with its basis, retention and recipients
    purposes = {p["key"]: p for p in report["purposes"]}
    assert set(purposes) == {"user_accounts", "provide_service", "statistics"}
    for key, purpose in purposes.items():
        declared = ctx.declaration.purposes[key]
        assert purpose["name"] == declared.name[lang] and purpose["name"] in html
        assert purpose["legal_basis"] and purpose["legal_basis"] in html
        assert purpose["retention"] and purpose["retention"] in html
    # (b) and the copy: every category by name, with its value
    data = {d["category"]: d for d in report["data"]}
    assert data["user.name"]["values"] == ["Li Wu"] and "Li Wu" in html
    assert data["user.job_title"]["values"] == ["Lärare"]
    # (g): where data did not come from her, where it did come from
    assert data["user.job_title"]["sources"] == ["Skolbolaget AB"]
    assert data["user.behavior.browsing_history"]["sources"] == [OBSERVED[lang]]
    # (c) and 15(2): the recipient in a third country, with its safeguards
    analytics = next(r for r in report["recipients"] if r["key"] == "analytics_service")
    (transfer,) = [t for t in ctx.declaration.transfers if t.to == "analytics_service"]
    assert analytics["transfer"].startswith(f"{transfer.country}: ")
    assert transfer.safeguards[lang] in analytics["transfer"] and analytics["transfer"] in html
    # (e), (f): the rights, and the complaint to the authority
    assert len(report["rights"]) == 7 and all(right in html for right in report["rights"])
    cited = " ".join(report["rights"])
    for article in ("15", "16", "17", "18", "20", "21"):
        assert article in cited
    authority = ctx.declaration.controller.supervisory_authority
    assert report["complaint"]["authority"] == authority.name and authority.name in html
    # (h): no automated decisions are declared, and the report says so
    assert all(p["automated_decisions"] is None for p in report["purposes"])
    assert NO_AUTOMATED[lang] in html
