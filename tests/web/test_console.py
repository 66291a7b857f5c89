"""The console: staff see the queue, find people, and only what their purposes need."""

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
