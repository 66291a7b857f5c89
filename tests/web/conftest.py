"""The real app, its sessions bound to the test's rolled-back store, and API tokens."""

import pytest
from fastapi.testclient import TestClient

from ombud.access import create_token
from ombud.runtime import Runtime
from ombud.settings import Settings
from ombud.web import create_app
from ombud.web.deps import get_context, get_session
from tests.register.conftest import clock, ctx, declaration  # noqa: F401  (shared fixtures)


@pytest.fixture
def app(store, ctx):  # noqa: F811
    app = create_app(Runtime(Settings()))

    def session():
        yield store.session
        store.session.flush()

    app.dependency_overrides[get_session] = session
    app.dependency_overrides[get_context] = lambda: ctx
    return app


@pytest.fixture
def client(app):
    with TestClient(app) as client:
        yield client


@pytest.fixture
def token(store, ctx):  # noqa: F811
    """Make a token for the given purposes; returns the Authorization header."""

    def make(*purposes: str, name: str = "booking") -> dict[str, str]:
        value = create_token(
            store.session, ctx.declaration, name=name, purposes=list(purposes), at=ctx.clock.now()
        )
        return {"Authorization": f"Bearer {value}"}

    return make
