"""The web application: wires the routers, the problem handler and security headers.

`create_app(runtime)` holds no rules; it connects HTTP to the domain services. The
JSON API lives under /api/v1 (bearer tokens); the portal, the console and the public
pages are HTML forms that work without JavaScript (session cookie + CSRF token).
"""

from __future__ import annotations

import os
from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ombud import __version__
from ombud.rights.mail import Mailer, SmtpMailer
from ombud.runtime import Runtime
from ombud.settings import Settings
from ombud.web import errors, problems
from ombud.web.api import declaration as declaration_api
from ombud.web.api import intake as intake_api
from ombud.web.api import register as register_api
from ombud.web.api import requests as requests_api
from ombud.web.console import flags as console_flags
from ombud.web.console import registry as console_registry
from ombud.web.console import routes as console_routes
from ombud.web.deps import CheckedTokens
from ombud.web.outbox import OutboxMailer
from ombud.web.portal import routes as portal_routes
from ombud.web.public import routes as public_routes
from ombud.web.security import RateLimit, SessionCodec, Sessions, session_key

# Strict by default: no third-party scripts, fonts or frames; forms post to us only.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


CODES_PER_CLIENT = 10  # portal sign-in codes one client address may ask for in 10 minutes
SIGN_INS_PER_CLIENT = 10  # console sign-in attempts from one client address in 5 minutes
WORKERS_VARIABLE = "OMBUD_SERVE_WORKERS"  # set by `ombud serve --workers N` for its workers


def create_app(runtime: Runtime, *, mailer: Mailer | None = None, workers: int = 1) -> FastAPI:
    """The Ombud web application over one runtime (store, keys, declaration, clock).

    Mail goes to `mailer`; by default through SMTP, or to the outbox in demo mode.
    `workers` is the number of processes serving beside this one: the per-client rate
    limits live in each process, so each gets its share and together they keep the limit.
    """
    app = FastAPI(
        title="Ombud",
        version=__version__,
        description=(
            "A privacy engine: personal data is stored only for declared purposes, every "
            "use passes the purpose gate, and data subjects' rights are answered in time. "
            "Authenticate with `Authorization: Bearer <token>` (`ombud token create`); each "
            "token acts only for its purposes. Errors are RFC 9457 problem details."
        ),
        docs_url=None,  # Swagger UI loads third-party scripts; the spec is served instead
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    settings = runtime.settings
    app.state.runtime = runtime
    app.state.mailer = mailer or (
        OutboxMailer(settings.data_dir / "outbox") if settings.demo else SmtpMailer(settings)
    )
    app.state.codec = SessionCodec(session_key(settings))
    share = max(1, workers)
    # Portal codes and console sign-ins per client address, over all worker processes.
    app.state.code_limit = RateLimit(limit=max(1, CODES_PER_CLIENT // share), seconds=600)
    app.state.staff_limit = RateLimit(limit=max(1, SIGN_INS_PER_CLIENT // share), seconds=300)
    app.state.checked_tokens = CheckedTokens()  # a revoked token stops within seconds
    problems.install(app)
    errors.install(app)
    for api in (register_api, requests_api, intake_api, declaration_api):
        app.include_router(api.router)
    for router in (
        public_routes.router,
        portal_routes.router,
        console_routes.router,
        console_registry.router,
        console_flags.router,
    ):
        app.include_router(router)
    if settings.demo:
        app.include_router(public_routes.demo_router)
    static = resources.files("ombud.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    app.add_middleware(Sessions, codec=app.state.codec)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_environment() -> FastAPI:
    """The app of one worker of `ombud serve --workers N` (uvicorn's factory, by import string).

    Each worker process builds its own runtime from the OMBUD_ environment, which
    `ombud serve` filled from its settings after preparing the store, keys and demo data
    once; the daily purge runs in the supervising process, never here.
    """
    runtime = Runtime(Settings())
    runtime.context  # noqa: B018  (load the declaration and keys now, not on the first request)
    return create_app(runtime, workers=int(os.environ.get(WORKERS_VARIABLE, "1")))


class SecurityHeaders:
    """Adds the security headers to every HTTP response (plain ASGI: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
