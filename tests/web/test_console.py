"""The console: staff see the queue, find people, and only what their purposes need."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import sessionmaker

from ombud.protect import IdentifierKind
from ombud.register.service import collect, record_event, register_subject
from ombud.retention.purge import purge
from ombud.rights.model import RequestType
from ombud.rights.self_service import file_request
from ombud.rights.service import show_request
from tests.web.conftest import csrf_of
from tests.web.people import member

ANNA = "anna@example.se"


def test_the_queue_lists_open_requests_by_deadline(store, ctx, staff_member):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    filed = file_request(
        store.session, ctx, subject=subject, email=ANNA, type=RequestType.erasure, lang="sv"
    )
    dpo = staff_member("dpo", "*", requests=True, admin=True)
    queue = dpo.get("/console/")
    assert filed.id[:8] in queue.text and str(filed.deadline) in queue.text


def test_a_staff_member_carries_out_an_erasure(store, ctx, staff_member, mailer):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    filed = file_request(
        store.session, ctx, subject=subject, email=ANNA, type=RequestType.erasure, lang="sv"
    )
    dpo = staff_member("dpo", "*", requests=True)
    page = dpo.get(f"/console/requests/{filed.id}")
    answer = dpo.post(f"/console/requests/{filed.id}/run", data={"csrf": csrf_of(page.text)})
    assert answer.status_code == 200
    assert show_request(store.session, filed.id).status.value == "completed"
    assert mailer.messages()[0].mail.to == ANNA


def test_a_role_without_a_purpose_cannot_read_its_data(store, ctx, staff_member):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    booker = staff_member("booker", "bookings")
    view = booker.get(f"/console/subjects/{subject.public_id}")
    assert view.status_code == 200 and "Anna Svensson" not in view.text
    refused = booker.get(f"/console/subjects/{subject.public_id}/purposes/membership")
    assert refused.status_code == 403 and "Anna Svensson" not in refused.text
    registrar = staff_member("registrar", "membership")
    allowed = registrar.get(f"/console/subjects/{subject.public_id}/purposes/membership")
    assert allowed.status_code == 200 and "Anna Svensson" in allowed.text


def test_a_role_without_requests_cannot_handle_them(store, ctx, staff_member):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    filed = file_request(
        store.session, ctx, subject=subject, email=ANNA, type=RequestType.erasure, lang="sv"
    )
    booker = staff_member("booker", "bookings")
    assert booker.get(f"/console/requests/{filed.id}").status_code == 403
    csrf = csrf_of(booker.get("/console/").text)
    assert booker.post(f"/console/requests/{filed.id}/run", data={"csrf": csrf}).status_code == 403
    assert booker.get("/console/purge").status_code == 403


def test_staff_find_a_person_by_email(store, ctx, staff_member):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    dpo = staff_member("dpo", "membership")
    found = dpo.get(
        "/console/subjects", params={"kind": "email", "q": ANNA}, follow_redirects=False
    )
    assert found.headers["location"] == f"/console/subjects/{subject.public_id}"
    view = dpo.get(found.headers["location"])
    assert "Anna Svensson" in view.text and "read" in view.text  # the read is in the trail


def test_a_wrong_password_signs_no_one_in(app, client, staff_member):
    staff_member("dpo", "*")
    page = client.get("/console/sign-in")
    answer = client.post(
        "/console/sign-in", data={"name": "dpo", "password": "nope", "csrf": csrf_of(page.text)}
    )
    assert answer.status_code == 401
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_the_admin_sees_the_purge_and_exports_the_register(store, ctx, staff_member):
    admin = staff_member("admin", "*", admin=True)
    purge = admin.get("/console/purge")
    assert purge.status_code == 200 and "<svg" in purge.text
    register = admin.get("/console/register.csv")
    assert register.headers["content-type"].startswith("text/csv")
    assert "Medlemskap" in register.text
    declaration = admin.get("/console/declaration")
    assert declaration.status_code == 200


def booked(store, ctx, email, at):
    """A customer whose booking was made `at`: their booking data expires 24 months on."""
    ref = register_subject(
        store.session, ctx, kind="customer", identifiers={IdentifierKind.EMAIL: email}, actor="t"
    )
    values = {"user.name": email.split("@")[0], "user.contact.email": email}
    collect(store.session, ctx, subject=ref, purpose="bookings", values=values, actor="t")
    record_event(store.session, ctx, subject=ref, name="booking_made", at=at, actor="t")


def test_the_purge_page_shows_the_dry_run_the_months_ahead_and_the_erasure_log(
    store, ctx, staff_member
):
    now = ctx.clock.now()  # 2026-03-01
    booked(store, ctx, "old@example.se", now - timedelta(days=800))  # expired
    booked(store, ctx, "may@example.se", datetime(2024, 5, 10, tzinfo=UTC))  # due 2026-05
    booked(store, ctx, "may2@example.se", datetime(2024, 5, 20, tzinfo=UTC))
    admin = staff_member("admin", "*", admin=True)
    page = admin.get("/console/purge?lang=en").text
    dry_run = page[page.index("What the next purge removes") : page.index("What expires per")]
    assert re.search(r"<td>bookings</td><td>user\.name</td><td class=\"num\">1</td>", dry_run)
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "2026-05: 4" in chart  # two people, name and address each
    assert "<script" not in page and "http" not in chart
    assert "The purge has not run yet." in page
    sessions = sessionmaker(bind=store.connection, join_transaction_mode="create_savepoint")
    purge(sessions, ctx)
    after = admin.get("/console/purge?lang=en").text
    log = after[after.index("Erasure log") :]
    assert "finished" in log and re.search(r"user\.name: 1", log)
    assert "Nothing has expired." in after


def test_the_declaration_page_shows_each_lint_finding_where_it_is(staff_member):
    reader = staff_member("reader", "bookings")
    page = reader.get("/console/declaration")
    assert page.status_code == 200
    finding = re.search(r'<li class="warning">(.*?)</li>', page.text, re.S).group(1)
    assert "[retention-without-limit]" in finding
    assert "<code>purposes.coaching.retention" in finding and "Art. 5(1)(e)" in finding
