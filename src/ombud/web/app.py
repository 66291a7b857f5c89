"""The web application: wires the routers, the problem handler and security headers.

`create_app(runtime)` holds no rules; it connects HTTP to the domain services. The
JSON API lives under /api/v1 (bearer tokens); the portal, the console and the public
pages are HTML forms that work without JavaScript (session cookie + CSRF token).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib import resources

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from ombud import __version__
from ombud.rights.mail import Mailer, SmtpMailer
from ombud.runtime import Runtime
from ombud.web import errors, problems
from ombud.web.api import declaration as declaration_api
from ombud.web.api import register as register_api
from ombud.web.console import registry as console_registry
from ombud.web.console import routes as console_routes
from ombud.web.outbox import OutboxMailer
from ombud.web.portal import routes as portal_routes
from ombud.web.public import routes as public_routes
from ombud.web.security import COOKIE, IDLE_SECONDS, RateLimit, SessionCodec, session_key

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
    app.include_router(register_api.router)
    app.include_router(declaration_api.router)
    app.include_router(public_routes.router)
    app.include_router(portal_routes.router)
    app.include_router(console_routes.router)
    app.include_router(console_registry.router)
    if settings.demo:
        app.include_router(public_routes.demo_router)
    static = resources.files("ombud.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _install_middleware(app)
    return app


def _install_middleware(app: FastAPI) -> None:
    codec: SessionCodec = app.state.codec

    @app.middleware("http")
    async def sessions(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cookie = request.cookies.get(COOKIE)
        request.state.session = codec.loads(cookie)
        response = await call_next(request)
        session = request.state.session
        if session:  # re-issued on every response: the 30 idle minutes start again
            response.set_cookie(
                COOKIE,
                codec.dumps(session),
                max_age=IDLE_SECONDS,
                secure=True,
                httponly=True,
                samesite="lax",
            )
        elif cookie:
            response.delete_cookie(COOKIE, secure=True, httponly=True, samesite="lax")
        return response

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
