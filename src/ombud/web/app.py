"""The web application: wires the routers, the problem handler and security headers.

`create_app(runtime)` holds no rules; it connects HTTP to the domain services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

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

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
