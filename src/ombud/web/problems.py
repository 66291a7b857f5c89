"""Errors as RFC 9457 problem details, mapped from Ombud's error tree in this one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from ombud.errors import Conflict, InvalidValue, NotFound, OmbudError, Refused, RequestError

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:ombud:problem:"


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    request: Request,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """One problem details response (RFC 9457 §3)."""
    body = {
        "type": TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _ombud_error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, Refused):
        status = 403 if exc.rule == "token_scope" else 422
        return problem(status, "refused", "Refused", exc.reason, request, rule=exc.rule)
    if isinstance(exc, InvalidValue):
        return problem(422, "invalid-value", "Invalid value", str(exc), request)
    if isinstance(exc, NotFound):
        return problem(404, "not-found", "Not found", str(exc), request)
    if isinstance(exc, Conflict):
        return problem(409, "conflict", "Conflict", str(exc), request)
    if isinstance(exc, RequestError):
        return problem(400, "request", "Request cannot proceed", str(exc), request)
    return problem(500, "error", "Ombud could not do this", str(exc), request)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "field": ".".join(str(p) for p in error["loc"][1:]) or str(error["loc"][0]),
            "message": error["msg"],
        }
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, "validation", "Invalid request", detail, request, errors=errors)


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    slug = {401: "unauthenticated", 403: "forbidden", 404: "not-found"}.get(exc.status_code, "http")
    return problem(
        exc.status_code,
        slug,
        str(exc.detail) if exc.status_code != 404 else "Not found",
        str(exc.detail),
        request,
        headers=dict(exc.headers) if exc.headers else None,
    )


def install(app: FastAPI) -> None:
    """Route every error through problem details."""
    app.add_exception_handler(OmbudError, _ombud_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
