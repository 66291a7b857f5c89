"""The real app, its sessions bound to the test's rolled-back store, API tokens, mail,
and browsers' sessions for the portal and the console."""

import base64
import re

import pytest
from fastapi.testclient import TestClient

from ombud.access import create_token
from ombud.access.staff import add_staff, save_role
from ombud.runtime import Runtime
from ombud.settings import Settings
from ombud.web import create_app
from ombud.web.deps import get_context, get_session
from ombud.web.outbox import OutboxMailer
from tests.register.conftest import DECLARATION, clock, ctx, declaration  # noqa: F401

SESSION_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def mailer():
    return OutboxMailer()


@pytest.fixture
def app(store, ctx, mailer, tmp_path):  # noqa: F811
    settings = Settings(declaration=DECLARATION, session_key=SESSION_KEY, data_dir=tmp_path)
    app = create_app(Runtime(settings), mailer=mailer)

    def session():
        yield store.session
        store.session.flush()

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_context] = lambda: ctx
    return app


@pytest.fixture
def client(app):
    with TestClient(app, base_url="https://testserver") as client:
        yield client


@pytest.fixture
def token(store, ctx):  # noqa: F811
    """Make a token for the given purposes; returns the Authorization header."""

    def make(*purposes: str, name: str = "booking", requests: bool = False) -> dict[str, str]:
        value = create_token(
            store.session,
            ctx.declaration,
            name=name,
            purposes=list(purposes),
            at=ctx.clock.now(),
            requests=requests,
        )
        return {"Authorization": f"Bearer {value}"}

    return make


def csrf_of(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def last_code(mailer: OutboxMailer) -> str:
    """The code in the latest mail."""
    found = re.search(r"\b(\d{8})\b", mailer.messages()[0].mail.body)
    assert found
    return found.group(1)


@pytest.fixture
def sign_in_person(app, mailer):
    """A new browser signed in to the portal as `email`."""

    def sign_in(email: str) -> TestClient:
        browser = TestClient(app, base_url="https://testserver")
        page = browser.get("/portal/sign-in")
        browser.post("/portal/sign-in", data={"email": email, "csrf": csrf_of(page.text)})
        page = browser.get("/portal/code")
        answer = browser.post(
            "/portal/code", data={"code": last_code(mailer), "csrf": csrf_of(page.text)}
        )
        assert answer.status_code == 200, answer.text
        return browser

    return sign_in


@pytest.fixture
def staff_member(app, store, ctx):  # noqa: F811
    """A new browser signed in to the console with a role of these purposes and flags."""

    def sign_in(name: str, *purposes: str, requests: bool = False, admin: bool = False):
        at = ctx.clock.now()
        save_role(
            store.session,
            ctx.declaration,
            name=f"role-{name}",
            purposes=list(purposes),
            requests=requests,
            admin=admin,
            at=at,
        )
        account = add_staff(store.session, name=name, role=f"role-{name}", at=at)
        browser = TestClient(app, base_url="https://testserver")
        page = browser.get("/console/sign-in")
        answer = browser.post(
            "/console/sign-in",
            data={"name": name, "password": account.password, "csrf": csrf_of(page.text)},
        )
        assert answer.status_code == 200, answer.text
        return browser

    return sign_in
