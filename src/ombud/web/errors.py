"""Errors on HTML pages: a page in the person's language; the API keeps problem details.

Installed after `problems.install`, whose handlers it calls for /api/ paths.
"""

from __future__ import annotations

import inspect
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from ombud.errors import Conflict, InvalidValue, NotFound, OmbudError, Refused, RequestError
from ombud.render.catalog import N_
from ombud.web.deps import SignInRequired
from ombud.web.pages import page, see_other

TITLES = {
    400: N_("This cannot be done as asked"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("This clashes with how things stand"),
    422: N_("Please check what you entered"),
    429: N_("Too many attempts; please wait a while"),
    500: N_("Something went wrong"),
}


def _status(exc: Exception) -> int:
    if isinstance(exc, HTTPException):
        return exc.status_code
    if isinstance(exc, Refused):
        return 403 if exc.rule in ("token_scope", "staff_role") else 422
    if isinstance(exc, InvalidValue | RequestValidationError):
        return 422
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    if isinstance(exc, RequestError):
        return 400
    return 500


def _detail(exc: Exception) -> str:
    if isinstance(exc, HTTPException):
        return str(exc.detail)
    if isinstance(exc, RequestValidationError):
        return "; ".join(str(e["msg"]) for e in exc.errors())
    return str(exc)


def install(app: FastAPI) -> None:
    """Answer HTML routes' errors with an error page; /api/ routes keep problem details."""
    api_handlers = dict(app.exception_handlers)

    async def handle(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            for kind in (HTTPException, RequestValidationError, OmbudError):
                if isinstance(exc, kind):
                    response: Response = await _call(api_handlers[kind], request, exc)
                    return response
        status = _status(exc)
        title = TITLES.get(status, TITLES[500])
        return page(request, "error.html.j2", status, title=title, detail=_detail(exc))

    async def sign_in(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SignInRequired)
        return see_other(exc.url)

    for kind in (OmbudError, RequestValidationError, HTTPException):
        app.add_exception_handler(kind, handle)
    app.add_exception_handler(SignInRequired, sign_in)


async def _call(handler: Any, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    if inspect.isawaitable(result):
        result = await result
    response: Response = result
    return response
