"""The web application: wires the routers, the problem handler and security headers.

`create_app(runtime)` holds no rules; it connects HTTP to the domain services. The
JSON API lives under /api/v1 (bearer tokens); the portal, the console and the public
pages are HTML forms that work without JavaScript (session cookie + CSRF token).
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ombud import __version__
from ombud.rights.mail import Mailer, SmtpMailer
from ombud.runtime import Runtime
from ombud.web import errors, problems
from ombud.web.api import declaration as declaration_api
from ombud.web.api import intake as intake_api
from ombud.web.api import register as register_api
from ombud.web.api import requests as requests_api
from ombud.web.console import flags as console_flags
from ombud.web.console import registry as console_registry
from ombud.web.console import routes as console_routes
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


def create_app(runtime: Runtime, *, mailer: Mailer | None = None) -> FastAPI:
    """The Ombud web application over one runtime (store, keys, declaration, clock).

    Mail goes to `mailer`; by default through SMTP, or to the outbox in demo mode.
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
    app.state.mailer = mailer or (OutboxMailer() if settings.demo else SmtpMailer(settings))
    app.state.codec = SessionCodec(session_key(settings))
    app.state.code_limit = RateLimit(limit=10, seconds=600)  # portal codes per client address
    app.state.staff_limit = RateLimit(limit=10, seconds=300)  # console sign-ins per client
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
