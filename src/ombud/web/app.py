"""The web application: wires the routers, the problem handler and security headers.

`create_app(runtime)` holds no rules; it connects HTTP to the domain services.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ombud import __version__
from ombud.runtime import Runtime
from ombud.web import problems
from ombud.web.api import declaration as declaration_api
from ombud.web.api import register as register_api

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


def create_app(runtime: Runtime) -> FastAPI:
    """The Ombud web application over one runtime (store, keys, declaration, clock)."""
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
    app.state.runtime = runtime
    problems.install(app)
    app.include_router(register_api.router)
    app.include_router(declaration_api.router)

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
