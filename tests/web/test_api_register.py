"""/api/v1 over the register: the booking system's view, through the real app."""

import re

EMAIL = "anna.svensson@example.com"


def new_member(client, headers) -> str:
    response = client.post(
        "/api/v1/subjects", json={"kind": "member", "email": EMAIL}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()["id"]


def test_a_booking_system_collects_and_asks_the_gate(client, token):
    headers = token("bookings", "membership")
    subject = new_member(client, headers)
    collected = client.post(
        f"/api/v1/subjects/{subject}/records",
        headers=headers,
        json={"purpose": "bookings", "values": {"user.name": "Anna", "user.contact.email": EMAIL}},
    )
    assert collected.json() == {"purpose": "bookings", "new_records": 2, "reused_records": 0}
    decision = client.get(f"/api/v1/subjects/{subject}/decisions/bookings", headers=headers)
    assert decision.json()["allowed"] is True
    denied = client.get(f"/api/v1/subjects/{subject}/decisions/membership", headers=headers)
    assert denied.json() | {} == denied.json() and denied.json()["reason"] == "no_basis"


def test_an_undeclared_category_is_a_problem_naming_the_rule(client, token):
    headers = token("bookings")
    subject = new_member(client, headers)
    response = client.post(
        f"/api/v1/subjects/{subject}/records",
        headers=headers,
        json={"purpose": "bookings", "values": {"user.health_and_medical": "astma"}},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:ombud:problem:refused" and body["rule"] == "data_minimisation"
    assert "user.health_and_medical" in body["detail"]
    assert body["instance"] == f"/api/v1/subjects/{subject}/records"


def test_a_token_acts_only_for_its_purposes(client, token):
    headers = token("bookings")
    subject = new_member(client, headers)
    response = client.get(f"/api/v1/subjects/{subject}/decisions/newsletter", headers=headers)
    assert response.status_code == 403
    assert response.json()["rule"] == "token_scope"


def test_every_endpoint_denies_without_a_token(app, client):
    checked = 0
    for path, operations in app.openapi()["paths"].items():
        assert path.startswith("/api/v1/")
        for method in operations:
            url = re.sub(r"\{[a-z_]+\}", "bookings", path)
            response = client.request(method, url, json={})
            assert response.status_code == 401, (method, url)
            assert response.headers["www-authenticate"] == "Bearer"
            checked += 1
    assert checked >= 16  # every operation of the API was tried


def test_a_wrong_token_is_refused(client):
    response = client.get("/api/v1/declaration", headers={"Authorization": "Bearer omb_nope"})
    assert response.status_code == 401
    assert response.json()["type"] == "urn:ombud:problem:unauthenticated"


def test_consent_and_withdrawal_move_a_subject_in_and_out_of_the_audience(client, token):
    headers = token("newsletter")
    subject = new_member(client, headers)
    consent = client.post(
        f"/api/v1/subjects/{subject}/consents",
        headers=headers,
        json={"purpose": "newsletter", "method": "web_form"},
    )
    assert consent.status_code == 200 and len(consent.json()["text_hash"]) == 64
    client.post(
        f"/api/v1/subjects/{subject}/records",
        headers=headers,
        json={"purpose": "newsletter", "values": {"user.contact.email": EMAIL}},
    )
    page = client.get("/api/v1/purposes/newsletter/audience", headers=headers).json()
    assert page == {"purpose": "newsletter", "items": [subject], "next": None}
    withdrawn = client.delete(f"/api/v1/subjects/{subject}/consents/newsletter", headers=headers)
    assert withdrawn.json() == {"purpose": "newsletter", "withdrawn": 1}
    assert client.get("/api/v1/purposes/newsletter/audience", headers=headers).json()["items"] == []


def test_the_audience_pages_with_a_cursor(client, token):
    headers = token("membership")
    ids = []
    for n in range(5):
        subject = client.post(
            "/api/v1/subjects",
            headers=headers,
            json={"kind": "member", "email": f"m{n}@example.com"},
        ).json()["id"]
        client.post(
            f"/api/v1/subjects/{subject}/records",
            headers=headers,
            json={"purpose": "membership", "values": {"user.name": f"M {n}"}},
        )
        ids.append(subject)
    seen, after = [], None
    while True:
        params = {"limit": 2} | ({"after": after} if after else {})
        page = client.get(
            "/api/v1/purposes/membership/audience", headers=headers, params=params
        ).json()
        seen += page["items"]
        if page["next"] is None:
            break
        after = page["next"]
    assert seen == sorted(ids)


def test_an_event_recomputes_expiries(client, token):
    headers = token("membership")
    subject = new_member(client, headers)
    client.post(
        f"/api/v1/subjects/{subject}/records",
        headers=headers,
        json={"purpose": "membership", "values": {"user.name": "Anna"}},
    )
    response = client.post(
        f"/api/v1/subjects/{subject}/events",
        headers=headers,
        json={"name": "membership_ended", "at": "2026-06-30T12:00:00+02:00"},
    )
    assert response.json() == {"name": "membership_ended", "bases_recomputed": 1}


def test_request_validation_errors_are_problems_naming_the_field(client, token):
    headers = token("membership")
    response = client.post("/api/v1/subjects", headers=headers, json={"kind": "member", "x": 1})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "x"


def test_responses_carry_a_strict_content_security_policy(client):
    response = client.get("/api/v1/openapi.json")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert response.json()["info"]["title"] == "Ombud"
