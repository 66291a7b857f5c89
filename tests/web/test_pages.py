"""Public pages, one-click unsubscribe, and deny by default across every route."""

import re

from ombud.rights.self_service import live_consents
from ombud.web.app import SECURITY_HEADERS
from ombud.web.console import flags as console_flags
from ombud.web.console import registry as console_registry
from ombud.web.console import routes as console_routes
from ombud.web.portal import routes as portal_routes
from ombud.web.public import routes as public_routes
from tests.web.people import member

PUBLIC = {
    "/",
    "/policy",
    "/portal/sign-in",
    "/portal/code",
    "/console/sign-in",
    "/unsubscribe/{token}",
}
EXEMPT_FROM_CSRF = {"/unsubscribe/{token}"}  # RFC 8058: the signed token is the authority
ROUTERS = (
    public_routes.router,
    portal_routes.router,
    console_routes.router,
    console_registry.router,
    console_flags.router,
)


def _routes():
    for router in ROUTERS:
        for route in router.routes:
            for method in route.methods - {"HEAD"}:
                yield method, route


def test_every_page_denies_by_default(client):
    for method, route in _routes():
        if route.path in PUBLIC:
            continue
        url = re.sub(r"\{[^}]+\}", "x", route.path)
        answer = client.request(method, url, follow_redirects=False)
        assert answer.status_code in (303, 401, 403), (method, url, answer.status_code)
        if answer.status_code == 303:
            assert answer.headers["location"] in ("/portal/sign-in", "/console/sign-in")


def test_every_form_post_checks_its_csrf_token(client):
    for method, route in _routes():
        if method != "POST" or route.path in EXEMPT_FROM_CSRF:
            continue
        url = re.sub(r"\{[^}]+\}", "x", route.path)
        client.get("/portal/sign-in")  # a session with a CSRF token
        answer = client.post(url, data={"email": "a@example.se"}, follow_redirects=False)
        assert answer.status_code == 403, (url, answer.status_code)


def test_the_policy_is_public_in_swedish_and_english(client):
    swedish = client.get("/policy")
    assert swedish.status_code == 200 and "Testföreningen" in swedish.text
    assert 'lang="sv"' in swedish.text and "<style>" not in swedish.text
    english = client.get("/policy?lang=en")
    assert 'lang="en"' in english.text and "Membership" in english.text
    for name, value in SECURITY_HEADERS.items():
        assert english.headers[name] == value


def test_one_click_unsubscribe_asks_on_get_and_acts_on_post(app, client, store, ctx):
    subject = member(store, ctx, "anna@example.se", "Anna Svensson")
    link = public_routes.unsubscribe_link(
        "https://ombud.example", app.state.codec, subject.public_id, "newsletter"
    )
    path = link.removeprefix("https://ombud.example")
    assert client.get(path).status_code == 200
    assert len(live_consents(store.session, subject=subject)) == 1  # a GET changes nothing
    answer = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert live_consents(store.session, subject=subject) == []
    headers = public_routes.list_unsubscribe_headers(link)
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_forged_unsubscribe_token_is_refused(app, client, store, ctx):
    subject = member(store, ctx, "anna@example.se", "Anna Svensson")
    token = app.state.codec.unsubscribe_token(subject.public_id, "newsletter")
    body, _, signature = token.partition(".")
    forged = f"{body}.{signature[:-2]}xx"
    answer = client.post(f"/unsubscribe/{forged}", data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 404
    assert len(live_consents(store.session, subject=subject)) == 1


def test_the_outbox_exists_only_in_demo_mode(client):
    assert client.get("/dev/outbox").status_code == 404
