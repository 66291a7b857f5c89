"""/api/v1/requests: a website relays what the person asks; the mailed code proves who asks."""

import re

from tests.web.conftest import last_code
from tests.web.people import member

ANNA = "anna@example.se"
STRANGER = "nobody@example.se"


def file(client, headers, email=ANNA, **extra):
    body = {"type": "access", "email": email, "lang": "sv"} | extra
    return client.post("/api/v1/requests", json=body, headers=headers)


def test_a_request_is_filed_verified_and_followed(store, ctx, client, token, mailer):
    member(store, ctx, ANNA, "Anna Svensson")
    headers = token("bookings")
    filed = file(client, headers)
    assert filed.status_code == 202, filed.text
    body = filed.json()
    assert body["status"] == "received" and body["due_on"] == "2026-04-01"
    assert mailer.messages()[0].mail.to == ANNA
    verified = client.post(
        f"/api/v1/requests/{body['id']}/verify", json={"code": last_code(mailer)}, headers=headers
    )
    assert verified.status_code == 200, verified.text
    assert verified.json()["status"] == "verified" and verified.json()["verified_at"]
    status = client.get(f"/api/v1/requests/{body['id']}", headers=headers)
    assert status.json()["status"] == "verified" and status.json()["deadline"] == "2026-04-01"


def test_an_unknown_address_gets_exactly_the_answer_a_known_one_gets(
    store, ctx, client, token, mailer
):
    member(store, ctx, ANNA, "Anna Svensson")
    headers = token("bookings")
    known, unknown = file(client, headers, ANNA), file(client, headers, STRANGER)
    assert known.status_code == unknown.status_code == 202
    assert known.headers["content-type"] == unknown.headers["content-type"]
    mails = {kept.mail.to: kept.mail for kept in mailer.messages()}
    assert set(mails) == {ANNA, STRANGER}  # both are sent a code, worded alike
    assert re.sub(r"\d{8}", "#", mails[ANNA].body) == re.sub(r"\d{8}", "#", mails[STRANGER].body)

    def without_id(response):
        return {k: v for k, v in response.json().items() if k != "id"}

    assert without_id(known) == without_id(unknown)


def test_a_wrong_code_is_refused_and_counted(client, token, mailer):
    headers = token("bookings")
    filed = file(client, headers, STRANGER).json()
    for _ in range(5):
        wrong = client.post(
            f"/api/v1/requests/{filed['id']}/verify", json={"code": "00000000"}, headers=headers
        )
        assert wrong.status_code == 422
        assert wrong.headers["content-type"] == "application/problem+json"
        assert wrong.json()["field"] == "code" and "does not match" in wrong.json()["detail"]
    # Five attempts are used: even the right code is refused now, so guessing stays bounded.
    right = client.post(
        f"/api/v1/requests/{filed['id']}/verify",
        json={"code": last_code(mailer)},
        headers=headers,
    )
    assert right.status_code == 422 and "attempts" in right.json()["detail"]
    again = client.post(f"/api/v1/requests/{filed['id']}/code", headers=headers)
    assert again.status_code == 202
    fresh = client.post(
        f"/api/v1/requests/{filed['id']}/verify",
        json={"code": last_code(mailer)},
        headers=headers,
    )
    assert fresh.status_code == 200 and fresh.json()["status"] == "verified"


def test_bad_input_is_a_problem_naming_field_value_and_what_is_accepted(client, token):
    headers = token("bookings")
    response = file(client, headers, lang="de")
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:ombud:problem:validation"
    assert (problem["field"], problem["value"]) == ("lang", "de")
    assert "'sv'" in problem["accepted"] and "'en'" in problem["accepted"]
    wrong_type = file(client, headers, type="deletion").json()
    assert wrong_type["field"] == "type" and "erasure" in wrong_type["accepted"]
    bad_address = file(client, headers, email="not-an-address").json()
    assert bad_address["type"] == "urn:ombud:problem:invalid-value"
    assert bad_address["field"] and bad_address["accepted"]


def test_listing_requests_needs_a_requests_token_and_comes_in_pages(client, token):
    booking = token("bookings")
    ids = [file(client, booking, f"p{i}@example.se").json()["id"] for i in range(5)]
    refused = client.get("/api/v1/requests", headers=booking)
    assert refused.status_code == 403 and refused.json()["rule"] == "token_scope"
    desk = token(name="helpdesk", requests=True)
    seen, after = [], None
    while True:
        params = {"limit": 2} | ({"after": after} if after else {})
        page = client.get("/api/v1/requests", params=params, headers=desk).json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        after = page["next"]
        if after is None:
            break
    assert seen == ids
    received = client.get("/api/v1/requests", params={"status": "verified"}, headers=desk)
    assert received.json() == {"items": [], "next": None}


def test_an_unknown_request_is_not_found(client, token):
    response = client.get("/api/v1/requests/nosuchrequest", headers=token("bookings"))
    assert response.status_code == 404
    assert response.json()["type"] == "urn:ombud:problem:not-found"


def test_the_policy_renders_in_both_languages_and_formats(client, token):
    headers = token("bookings")
    markdown = client.get("/api/v1/policy", params={"lang": "en"}, headers=headers)
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "Testföreningen" in markdown.text and re.search(r"^# ", markdown.text, re.M)
    html = client.get("/api/v1/policy", params={"lang": "sv", "format": "html"}, headers=headers)
    assert html.headers["content-type"].startswith("text/html")
    assert '<html lang="sv"' in html.text
    wrong = client.get("/api/v1/policy", params={"format": "pdf"}, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["field"] == "format"


def test_the_art30_register_is_for_admin_tokens(client, token):
    refused = client.get("/api/v1/register", headers=token("bookings"))
    assert refused.status_code == 403
    admin = token("*", name="admin")
    markdown = client.get("/api/v1/register", params={"lang": "sv"}, headers=admin)
    assert markdown.status_code == 200 and "Medlemskap" in markdown.text
    csv = client.get("/api/v1/register", params={"format": "csv"}, headers=admin)
    assert csv.headers["content-type"].startswith("text/csv") and "Medlemskap" in csv.text
