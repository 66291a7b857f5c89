"""The portal: sign in with a code, see one's data, act on it; never anyone else's."""

import io
import json
import zipfile

from fastapi.testclient import TestClient

from ombud.rights.self_service import own_requests
from ombud.web import create_app
from tests.web.conftest import csrf_of, last_code
from tests.web.people import member

ANNA = "anna@example.se"
BERTIL = "bertil@example.se"


def test_a_person_signs_in_with_the_mailed_code_and_sees_their_data(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    page = browser.get("/portal/")
    assert page.status_code == 200
    assert "Anna Svensson" in page.text and "Mina sidor" in page.text
    assert "Medlemskap" in page.text and "Nyhetsbrev" in page.text


def test_an_unknown_address_gets_the_same_answer_and_then_learns_nothing_is_held(
    client, mailer, sign_in_person, store, ctx
):
    member(store, ctx, ANNA, "Anna Svensson")
    answers = []
    for email in (ANNA, "nobody@example.se"):
        page = client.get("/portal/sign-in")
        answer = client.post(
            "/portal/sign-in",
            data={"email": email, "csrf": csrf_of(page.text)},
            follow_redirects=False,
        )
        answers.append((answer.status_code, answer.headers["location"], len(answer.content)))
    assert answers[0] == answers[1]
    assert [m.mail.to for m in mailer.messages()] == ["nobody@example.se", ANNA]
    browser = sign_in_person("nobody@example.se")
    assert "Vi har inga personuppgifter om dig" in browser.get("/portal/").text


def test_codes_to_one_address_are_limited(client, mailer):
    statuses = []
    for _ in range(4):
        page = client.get("/portal/sign-in")
        answer = client.post(
            "/portal/sign-in",
            data={"email": ANNA, "csrf": csrf_of(page.text)},
            follow_redirects=False,
        )
        statuses.append(answer.status_code)
    assert statuses == [303, 303, 303, 429]
    assert len(mailer.messages()) == 3


def test_a_wrong_code_is_refused_and_signs_no_one_in(client, mailer):
    page = client.get("/portal/sign-in")
    client.post("/portal/sign-in", data={"email": ANNA, "csrf": csrf_of(page.text)})
    wrong = "00000000" if last_code(mailer) != "00000000" else "11111111"
    page = client.get("/portal/code")
    answer = client.post("/portal/code", data={"code": wrong, "csrf": csrf_of(page.text)})
    assert answer.status_code == 422
    assert client.get("/portal/", follow_redirects=False).headers["location"] == "/portal/sign-in"


def test_a_form_without_the_csrf_token_is_refused(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    answer = browser.post("/portal/consents/withdraw", data={"purpose": "newsletter"})
    assert answer.status_code == 403
    wrong = browser.post("/portal/consents/withdraw", data={"purpose": "newsletter", "csrf": "x"})
    assert wrong.status_code == 403
    assert "Återkalla samtycke" in browser.get("/portal/").text  # still given


def test_the_download_holds_the_data_the_person_gave(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    download = browser.get("/portal/export")
    assert download.headers["content-type"] == "application/zip"
    rows = json.loads(zipfile.ZipFile(io.BytesIO(download.content)).read("data.json"))
    assert {r["value"] for r in rows} == {"Anna Svensson", ANNA}


def test_withdrawing_a_consent_takes_effect_at_once(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    page = browser.get("/portal/")
    answer = browser.post(
        "/portal/consents/withdraw", data={"purpose": "newsletter", "csrf": csrf_of(page.text)}
    )
    assert "Ditt samtycke är återkallat" in answer.text
    assert "Du har inga samtycken att återkalla" in answer.text


def test_an_erasure_request_is_filed_verified_and_shown_with_its_deadline(
    store, ctx, sign_in_person
):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    form = browser.get("/portal/requests/new/erasure")
    answer = browser.post("/portal/requests", data={"kind": "erasure", "csrf": csrf_of(form.text)})
    assert answer.status_code == 200
    (filed,) = own_requests(store.session, subject=subject)
    assert filed.status.value == "verified" and filed.type.value == "erasure"
    assert str(filed.deadline) in answer.text


def test_stopping_marketing_objects_at_once(store, ctx, sign_in_person, mailer):
    subject = member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    page = browser.get("/portal/")
    answer = browser.post("/portal/marketing/stop", data={"csrf": csrf_of(page.text)})
    assert "Vi skickar ingen mer marknadsföring" in answer.text
    (done,) = own_requests(store.session, subject=subject)
    assert done.type.value == "objection" and done.status.value == "completed"


def test_a_person_never_sees_another_persons_data(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    bertil = member(store, ctx, BERTIL, "Bertil Berg")
    as_bertil = sign_in_person(BERTIL)
    form = as_bertil.get("/portal/requests/new/erasure")
    as_bertil.post("/portal/requests", data={"kind": "erasure", "csrf": csrf_of(form.text)})
    (bertils,) = own_requests(store.session, subject=bertil)

    as_anna = sign_in_person(ANNA)
    pages = [
        as_anna.get("/portal/"),
        as_anna.get("/portal/export"),
        as_anna.get(f"/portal/requests/{bertils.id}"),
        as_anna.get(f"/portal/requests/{bertils.id}?subject={bertil.public_id}"),
        as_anna.get(f"/portal/?subject={bertil.public_id}"),
    ]
    assert pages[2].status_code == 404 and pages[3].status_code == 404
    for page in pages:
        assert b"Bertil" not in page.content and BERTIL.encode() not in page.content
    # A form naming Bertil's ids still acts on Anna alone.
    csrf = csrf_of(as_anna.get("/portal/").text)
    as_anna.post(
        "/portal/consents/withdraw",
        data={"purpose": "newsletter", "csrf": csrf, "subject": bertil.public_id},
    )
    assert "Återkalla samtycke" in as_bertil.get("/portal/").text


def test_the_language_switch_is_kept_in_a_cookie(store, ctx, sign_in_person):
    member(store, ctx, ANNA, "Anna Svensson")
    browser = sign_in_person(ANNA)
    assert "My pages" in browser.get("/portal/?lang=en").text
    assert "Membership" in browser.get("/portal/").text
    assert "Mina sidor" in browser.get("/portal/?lang=sv").text


def test_the_session_cookie_is_secure_httponly_and_lax(client):
    answer = client.get("/portal/sign-in")
    cookie = answer.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_with_two_workers_each_keeps_half_of_a_clients_code_limit(app, mailer):
    # Each worker process counts alone, so with two of them a client reaching both
    # could ask twice as often; each takes half the limit to keep the total.
    shared = create_app(app.state.runtime, mailer=mailer, workers=2)
    shared.dependency_overrides = app.dependency_overrides
    statuses = []
    with TestClient(shared, base_url="https://testserver") as client:
        for n in range(6):
            page = client.get("/portal/sign-in")
            answer = client.post(
                "/portal/sign-in",
                data={"email": f"person{n}@example.se", "csrf": csrf_of(page.text)},
                follow_redirects=False,
            )
            statuses.append(answer.status_code)
    assert statuses == [303] * 5 + [429]
