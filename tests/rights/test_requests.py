"""Each request type on four example declarations, through the real store."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from ombud.errors import Conflict, RequestError
from ombud.protect import IdentifierKind
from ombud.register.model import Use
from ombud.register.service import decide, find_subject, read
from ombud.rights.deadlines import extended_due_date
from ombud.rights.model import RequestStatus, RequestType
from ombud.rights.service import (
    extend_request,
    lift_restriction,
    new_request,
    refuse_request,
    run_request,
    show_request,
    verify_request,
)
from ombud.store.tables import audit_events, held_records, subjects
from tests.rights.conftest import hold_person, verified


def test_access_report_lists_every_art_15_element(store, ctx, profile, mailer):
    s = store.session
    hold_person(s, ctx, profile)
    request = verified(s, ctx, mailer, RequestType.access, lang="en")
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    report = outcome.report
    assert report is not None and report.holds_data
    assert {"user.name", "user.contact.email"} <= {d.category for d in report.data}
    assert "Anna Berg" in next(d for d in report.data if d.category == "user.name").values
    assert {profile.purpose, profile.bookkeeping} <= {p.key for p in report.purposes}
    assert all(p.legal_basis and p.retention for p in report.purposes)
    assert report.complaint["authority"]
    assert len(report.rights) == 7
    html = outcome.artifact.decode()
    assert "Anna Berg" in html and report.complaint["authority"] in html
    assert "<script" not in html and "http" not in html.split("<body>")[0].replace(
        report.complaint["website"] or "", ""
    )
    assert mailer.sent[-1].attachment == outcome.artifact
    stored = (
        s.execute(select(audit_events.c.detail).where(audit_events.c.name == "request_completed"))
        .scalars()
        .all()
    )
    assert "Anna" not in json.dumps(stored)


def test_access_report_is_in_swedish_by_default(store, ctx, profile, mailer):
    s = store.session
    hold_person(s, ctx, profile)
    request = verified(s, ctx, mailer, RequestType.access)
    html = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test").artifact.decode()
    assert "Registerutdrag" in html and "Dina rättigheter" in html


def test_erasure_holds_invoice_data_and_explains_why(store, ctx, profile, mailer):
    s = store.session
    ref = hold_person(s, ctx, profile)
    request = verified(s, ctx, mailer, RequestType.erasure, lang="en")
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    held = s.execute(select(held_records).where(held_records.c.subject_id == ref.id)).all()
    law = ctx.declaration.legal_holds["bookkeeping"].law
    assert {h.category for h in held} == set(profile.booked)
    assert all(h.law == law for h in held)
    assert law in outcome.summary and "segregated hold" in outcome.summary
    assert outcome.done["held"] == len(profile.booked)
    # Nothing else of hers is reachable: no identifier finds her, nothing is readable.
    assert find_subject(s, ctx, kind=IdentifierKind.EMAIL, value="anna@example.se") is None
    assert not read(s, ctx, subject=ref, purpose=profile.purpose, actor="t").values
    # Her key stays while the hold does: the held ciphertext must still open.
    assert s.execute(select(subjects.c.wrapped_key).where(subjects.c.id == ref.id)).scalar_one()
    assert outcome.notify


def test_erasure_without_a_hold_destroys_the_key(store, ctx, profile, mailer):
    s = store.session
    ref = hold_person(s, ctx, profile, booked=False)
    request = verified(s, ctx, mailer, RequestType.erasure)
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    assert outcome.done["key_destroyed"] is True
    assert s.execute(select(subjects.c.id).where(subjects.c.id == ref.id)).first() is None
    again = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    assert again.summary == outcome.summary


def test_rectification_replaces_the_value_and_keeps_the_old_one_sealed(store, ctx, profile, mailer):
    s = store.session
    ref = hold_person(s, ctx, profile, booked=False)
    request = verified(s, ctx, mailer, RequestType.rectification, detail={"user.name": "Anna Lind"})
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    assert outcome.done["corrected"] == 1
    assert read(s, ctx, subject=ref, purpose=profile.purpose, actor="t").values["user.name"] == [
        "Anna Lind"
    ]
    detail = s.execute(
        select(audit_events.c.detail).where(audit_events.c.name == "rectified")
    ).scalar_one()
    assert detail["previous"] and "Anna" not in json.dumps(detail)
    assert {n.key for n in outcome.notify} == set(
        ctx.declaration.purposes[profile.purpose].recipients
    )


def test_restriction_lets_only_storage_through_and_lifting_tells_first(store, ctx, profile, mailer):
    s = store.session
    ref = hold_person(s, ctx, profile, booked=False)
    request = verified(s, ctx, mailer, RequestType.restriction)
    run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    assert not decide(s, ctx, subject=ref, purpose=profile.purpose).allowed
    assert decide(s, ctx, subject=ref, purpose=profile.purpose, use=Use.storage).allowed
    # The person is told while the restriction still holds (Art. 18(3)).
    allowed_when_told = []

    class Witness:
        def send(self, mail):
            allowed_when_told.append(decide(s, ctx, subject=ref, purpose=profile.purpose).allowed)
            mailer.send(mail)

    lift_restriction(
        s,
        ctx,
        request_id=request.id,
        reason="Uppgifterna är kontrollerade.",
        mailer=Witness(),
        actor="dpo",
    )
    assert allowed_when_told == [False]
    assert mailer.sent[-1].subject == "Begränsningen av dina uppgifter upphör"
    assert (
        "Uppgifterna är kontrollerade." in mailer.sent[-1].body and "18.3" in mailer.sent[-1].body
    )
    assert decide(s, ctx, subject=ref, purpose=profile.purpose).allowed


def test_portability_exports_what_she_provided_on_contract_or_consent(store, ctx, profile, mailer):
    s = store.session
    hold_person(s, ctx, profile)
    request = verified(s, ctx, mailer, RequestType.portability)
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="test")
    archive = zipfile.ZipFile(io.BytesIO(outcome.artifact))
    assert sorted(archive.namelist()) == ["data.csv", "data.json", "manifest.json"]
    rows = json.loads(archive.read("data.json"))
    assert {r["category"] for r in rows} == set(profile.values)  # not the invoice
    manifest = json.loads(archive.read("manifest.json"))
    import hashlib

    assert manifest["files"]["data.csv"] == hashlib.sha256(archive.read("data.csv")).hexdigest()
    assert manifest["controller"] == ctx.declaration.controller.name


def test_an_unknown_address_gets_the_same_answer_and_an_empty_report(store, ctx, mailer):
    s = store.session
    request = new_request(
        s, ctx, type=RequestType.access, email="nobody@example.se", mailer=mailer, actor="web"
    )
    assert request.status is RequestStatus.received and not request.subject_known
    assert mailer.sent[-1].to == "nobody@example.se"
    answer = verify_request(s, ctx, request_id=request.id, code=mailer.last_code(), actor="web")
    outcome = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="web")
    assert answer.refused is None and outcome.report is not None
    assert not outcome.report.holds_data


def test_an_expired_code_is_refused_and_the_attempt_counts(store, ctx, mailer, clock):
    s = store.session
    request = new_request(
        s, ctx, type=RequestType.access, email="anna@example.se", mailer=mailer, actor="web"
    )
    clock.advance(timedelta(minutes=16))
    answer = verify_request(s, ctx, request_id=request.id, code=mailer.last_code(), actor="web")
    assert answer.refused and "expired" in answer.refused
    assert answer.request.status is RequestStatus.received


def test_five_wrong_codes_spend_the_code(store, ctx, mailer):
    s = store.session
    request = new_request(
        s, ctx, type=RequestType.access, email="anna@example.se", mailer=mailer, actor="web"
    )
    code = mailer.last_code()
    for _ in range(5):
        wrong = verify_request(s, ctx, request_id=request.id, code="00000000", actor="web")
        assert wrong.refused and "match" in wrong.refused
    answer = verify_request(s, ctx, request_id=request.id, code=code, actor="web")
    assert answer.refused and "attempts" in answer.refused


def test_an_unverified_request_is_not_carried_out(store, ctx, mailer):
    s = store.session
    request = new_request(
        s, ctx, type=RequestType.erasure, email="anna@example.se", mailer=mailer, actor="web"
    )
    with pytest.raises(Conflict):
        run_request(s, ctx, request_id=request.id, mailer=mailer, actor="web")


def test_extension_notifies_the_person_within_the_first_month(store, ctx, mailer, clock):
    s = store.session
    request = verified(s, ctx, mailer, RequestType.access)
    extended = extend_request(
        s,
        ctx,
        request_id=request.id,
        months=2,
        reason="Många förfrågningar.",
        mailer=mailer,
        actor="dpo",
    )
    assert extended.extended_to == extended_due_date(request.received_at, 2)
    assert extended.deadline == extended.extended_to > extended.due_on
    assert extended.extension_reason == "Många förfrågningar." and extended.extension_noticed_at
    notice = mailer.sent[-1]
    assert notice.to == "anna@example.se" and notice.subject == "Vi behöver mer tid för din begäran"
    assert "Många förfrågningar." in notice.body and extended.extended_to.isoformat() in notice.body
    assert (
        "12.3" in notice.body
        and ctx.declaration.controller.supervisory_authority.name in notice.body
    )
    clock.advance(timedelta(days=40))
    with pytest.raises(Conflict):
        extend_request(
            s, ctx, request_id=request.id, months=1, reason="x", mailer=mailer, actor="dpo"
        )


@pytest.mark.parametrize(("months", "reason"), [(3, "Komplex."), (0, "Komplex."), (1, " ")])
def test_an_extension_beyond_two_months_or_without_reason_is_refused(
    store, ctx, mailer, months, reason
):
    s = store.session
    request = verified(s, ctx, mailer, RequestType.access)
    sent = len(mailer.sent)
    with pytest.raises(RequestError, match=r"extension (months|reason)"):
        extend_request(
            s, ctx, request_id=request.id, months=months, reason=reason, mailer=mailer, actor="dpo"
        )
    assert show_request(s, request.id).extended_to is None and len(mailer.sent) == sent


def test_a_refusal_needs_reasons_and_names_the_authority(store, ctx, mailer):
    s = store.session
    request = verified(s, ctx, mailer, RequestType.erasure)
    with pytest.raises(RequestError):
        refuse_request(s, ctx, request_id=request.id, reason=" ", mailer=mailer, actor="dpo")
    refused = refuse_request(
        s, ctx, request_id=request.id, reason="Uppenbart ogrundad.", mailer=mailer, actor="dpo"
    )
    assert refused.status is RequestStatus.refused
    assert refused.outcome == {"summary": "Uppenbart ogrundad.", "refused": True}
    authority = ctx.declaration.controller.supervisory_authority
    letter = mailer.sent[-1]
    assert letter.subject == "Vi kan inte tillmötesgå din begäran"
    assert "Skäl: Uppenbart ogrundad." in letter.body
    assert f"klaga till {authority.name} ({authority.website})" in letter.body
    sent = len(mailer.sent)  # a refused request is final: running it does nothing more
    again = run_request(s, ctx, request_id=request.id, mailer=mailer, actor="dpo")
    assert again.summary == "Uppenbart ogrundad." and len(mailer.sent) == sent
    assert show_request(s, request.id).status is RequestStatus.refused
