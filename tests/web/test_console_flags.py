"""The console's flagged items: staff see the flags of their purposes and mark them reviewed."""

import re

import pytest
from sqlalchemy import select

from ombud.intake.queries import add_flag
from ombud.intake.service import list_flags, receive
from ombud.register.service import Context, subject_ref
from ombud.store.tables import audit_events
from tests.web.conftest import csrf_of
from tests.web.intake_declaration import intake_declaration

CARD = "Please charge my card 4111 1111 1111 1111 for the course"


@pytest.fixture
def ctx(ctx):
    return Context(declaration=intake_declaration(), keyring=ctx.keyring, clock=ctx.clock)


@pytest.fixture
def flagged(store, ctx, mailer):
    """A text sent through the contact form and flagged (a payment card number)."""
    outcome = receive(
        store.session,
        ctx,
        channel="contact_form",
        sender="eva@example.se",
        text=CARD,
        lang="en",
        mailer=mailer,
        actor="test",
    )
    assert outcome.flagged
    return outcome


def test_staff_see_the_flag_with_its_kind_channel_purpose_and_person(flagged, staff_member):
    officer = staff_member("officer", "contact")
    page = officer.get("/console/flags")
    assert page.status_code == 200
    row = re.search(r"<tbody>(.*)</tbody>", page.text, re.S).group(1)
    assert "betalkort" in row and "contact_form" in row and "Kontaktformulär" in row
    assert "2026-03-01 10:00" in row
    assert f'href="/console/subjects/{flagged.subject}"' in row
    assert CARD not in page.text and "4111" not in page.text  # the text is read on the person


def test_marking_a_flag_reviewed_is_audited_and_moves_it(store, flagged, staff_member):
    officer = staff_member("officer", "contact")
    page = officer.get("/console/flags")
    [flag_id] = re.findall(r'action="/console/flags/(\d+)/reviewed"', page.text)
    answer = officer.post(f"/console/flags/{flag_id}/reviewed", data={"csrf": csrf_of(page.text)})
    assert (
        answer.status_code == 200
        and "Nothing is waiting" in officer.get("/console/flags?lang=en").text
    )
    reviewed = officer.get("/console/flags?reviewed=true&lang=en")
    assert "staff:officer" in reviewed.text and "payment card" in reviewed.text
    [flag] = list_flags(store.session)
    assert flag.reviewed_by == "staff:officer" and flag.reviewed_at is not None
    events = store.session.execute(
        select(audit_events.c.name, audit_events.c.actor, audit_events.c.purpose)
    ).all()
    assert ("intake_flag_reviewed", "staff:officer", "contact") in events


def test_staff_without_the_purpose_neither_see_nor_review_the_flag(store, flagged, staff_member):
    booker = staff_member("booker", "bookings")
    page = booker.get("/console/flags")
    assert page.status_code == 200 and "payment_card" not in page.text
    flag_id = list_flags(store.session)[0].id
    answer = booker.post(f"/console/flags/{flag_id}/reviewed", data={"csrf": csrf_of(page.text)})
    assert answer.status_code == 404
    assert list_flags(store.session)[0].reviewed_at is None


def test_marking_reviewed_without_the_csrf_token_is_refused(store, flagged, staff_member):
    officer = staff_member("officer", "contact")
    flag_id = list_flags(store.session)[0].id
    answer = officer.post(f"/console/flags/{flag_id}/reviewed", data={})
    assert answer.status_code == 403
    assert list_flags(store.session)[0].reviewed_at is None


def test_the_flags_come_in_pages(store, ctx, flagged, staff_member):
    subject = subject_ref(store.session, flagged.subject)
    for _ in range(60):
        add_flag(
            store.session,
            subject_id=subject.id,
            channel="contact_form",
            purpose="contact",
            kinds=["payment_card"],
            at=ctx.clock.now(),
        )
    officer = staff_member("officer", "contact")
    first = officer.get("/console/flags")
    assert first.text.count('/reviewed"') == 50
    after = re.search(r'href="/console/flags\?after=(\d+)"', first.text).group(1)
    second = officer.get(f"/console/flags?after={after}")
    assert second.text.count('/reviewed"') == 11 and "after=" not in second.text
