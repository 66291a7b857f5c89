"""Objections and consent withdrawals on several example declarations, through the real store.

Direct marketing is stopped at once and for good; an objection to legitimate interest
restricts until the balancing is recorded, either way; a withdrawn consent stops its
purpose. Only Lasting Group and Leep declare consent purposes, so withdrawal runs on two.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from ombud.protect import IdentifierKind
from ombud.register.consents import give_consent
from ombud.register.service import audience, collect, decide, register_subject
from ombud.rights.model import RequestStatus, RequestType
from ombud.rights.service import record_balancing_outcome, run_request, show_request
from ombud.store.tables import bases, marketing_blocks
from tests.rights.conftest import example_context, verified

EMAIL = "kim@example.se"


@dataclass(frozen=True)
class Use:
    example: str
    kind: str
    purpose: str
    values: dict[str, str]


MARKETING = [
    Use(
        "lean-forum",
        "member",
        "member_newsletter",
        {"user.name": "Kim", "user.contact.email": EMAIL},
    ),
    Use("coaching-firm", "client", "marketing", {"user.name": "Kim", "user.contact.email": EMAIL}),
    Use(
        "learnster",
        "customer_contact",
        "marketing",
        {"user.name": "Kim", "user.contact.email": EMAIL},
    ),
    Use("leep", "customer", "direct_marketing", {"user.name": "Kim", "user.contact.email": EMAIL}),
]

LEGITIMATE_INTEREST = [
    Use(
        "lean-forum", "member", "member_service", {"user.name": "Kim", "user.contact.email": EMAIL}
    ),
    Use("learnster", "learner", "statistics", {"user.behavior.browsing_history": "/kurser/1"}),
    Use("leep", "student", "communication", {"user.name": "Kim", "user.contact.email": EMAIL}),
]

CONSENT = [
    Use(
        "lasting-group",
        "form_user",
        "contact_form",
        {"user.name": "Kim", "user.contact.email": EMAIL},
    ),
    Use("leep", "customer", "marketing_consent", {"user.name": "Kim", "user.contact.email": EMAIL}),
]


def _person(s, ctx, use: Use, *, consent: bool = False):
    ref = register_subject(
        s, ctx, kind=use.kind, identifiers={IdentifierKind.EMAIL: EMAIL}, actor="t"
    )
    if consent:
        give_consent(s, ctx, subject=ref, purpose=use.purpose, lang="sv", method="web", actor="t")
    collect(s, ctx, subject=ref, purpose=use.purpose, values=use.values, actor="t")
    return ref


def _statuses(s, ref) -> set[str]:
    return set(s.execute(select(bases.c.status).where(bases.c.subject_id == ref.id)).scalars())


@pytest.mark.parametrize("use", MARKETING, ids=lambda u: u.example)
def test_a_marketing_objection_stops_the_audience_at_once_and_survives_erasure(
    store, clock, mailer, use
):
    s, ctx = store.session, example_context(use.example, clock)
    ref = _person(s, ctx, use)
    assert ref.public_id in audience(s, ctx, purpose=use.purpose)
    objection = verified(s, ctx, mailer, RequestType.objection, email=EMAIL, purpose=use.purpose)
    outcome = run_request(s, ctx, request_id=objection.id, mailer=mailer, actor="t")
    assert show_request(s, objection.id).status is RequestStatus.completed
    assert ref.public_id not in audience(s, ctx, purpose=use.purpose)
    assert _statuses(s, ref) == {"objected"}
    assert outcome.done["block_hashes"] == 1  # the e-mail address, as a keyed hash
    erasure = verified(s, ctx, mailer, RequestType.erasure, email=EMAIL)
    run_request(s, ctx, request_id=erasure.id, mailer=mailer, actor="t")
    again = _person(s, ctx, use)  # the same address comes back as a new person
    assert again.public_id != ref.public_id
    assert again.public_id not in audience(s, ctx, purpose=use.purpose)
    assert s.execute(select(func.count()).select_from(marketing_blocks)).scalar_one() == 1


@pytest.mark.parametrize("upheld", [True, False], ids=["upheld", "not-upheld"])
@pytest.mark.parametrize("use", LEGITIMATE_INTEREST, ids=lambda u: u.example)
def test_a_legitimate_interest_objection_restricts_until_the_balancing_is_recorded(
    store, clock, mailer, use, upheld
):
    s, ctx = store.session, example_context(use.example, clock)
    ref = _person(s, ctx, use)
    objection = verified(s, ctx, mailer, RequestType.objection, email=EMAIL, purpose=use.purpose)
    run_request(s, ctx, request_id=objection.id, mailer=mailer, actor="t")
    waiting = show_request(s, objection.id)
    assert waiting.status is RequestStatus.in_progress
    assert waiting.outcome["done"]["awaiting"] == "balancing"
    assert _statuses(s, ref) == {"restricted"}
    assert not decide(s, ctx, subject=ref, purpose=use.purpose).allowed
    sent = len(mailer.sent)
    reason = "Skälen väger tyngre." if upheld else "Tvingande berättigade skäl väger tyngre."
    record_balancing_outcome(
        s, ctx, request_id=objection.id, upheld=upheld, reason=reason, mailer=mailer, actor="dpo"
    )
    closed = show_request(s, objection.id)
    assert closed.status is RequestStatus.completed and reason in closed.outcome["summary"]
    assert _statuses(s, ref) == ({"objected"} if upheld else {"active"})
    assert decide(s, ctx, subject=ref, purpose=use.purpose).allowed is not upheld
    assert len(mailer.sent) == sent + 1 and reason in mailer.sent[-1].body


@pytest.mark.parametrize("use", CONSENT, ids=lambda u: u.example)
def test_withdrawing_consent_stops_its_purpose(store, clock, mailer, use):
    s, ctx = store.session, example_context(use.example, clock)
    ref = _person(s, ctx, use, consent=True)
    assert decide(s, ctx, subject=ref, purpose=use.purpose).allowed
    request = verified(
        s, ctx, mailer, RequestType.consent_withdrawal, email=EMAIL, purpose=use.purpose
    )
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="t")
    assert outcome.done["withdrawn"] == 1
    assert not decide(s, ctx, subject=ref, purpose=use.purpose).allowed
    assert _statuses(s, ref) == {"withdrawn"}
