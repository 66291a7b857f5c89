"""Errors as RFC 9457 problem details, mapped from Ombud's error tree in this one place."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from ombud.errors import Conflict, InvalidValue, NotFound, OmbudError, Refused, RequestError

MEDIA_TYPE = "application/problem+json"
JSON = "application/json"
TYPE_BASE = "urn:ombud:problem:"
_SHOWN = 200  # characters of a rejected value echoed back; the caller sent it


class FieldError(BaseModel):
    """One rejected field: where, what was sent, what would be accepted."""

    field: str = Field(examples=["lang"])
    message: str = Field(examples=["String should match pattern '^(sv|en)$'"])
    value: Any = Field(default=None, examples=["de"])
    accepted: str | None = Field(default=None, examples=["^(sv|en)$"])


class Problem(BaseModel):
    """An RFC 9457 problem; extension members say more where there is more to say."""

    type: str = Field(examples=["urn:ombud:problem:refused"])
    title: str = Field(examples=["Refused"])
    status: int = Field(examples=[403])
    detail: str = Field(
        examples=["token 'booking' may not act for purpose 'newsletter'; its purposes: bookings"]
    )
    instance: str = Field(examples=["/api/v1/subjects/k3X9-2mQ_Yb0aD1c4tRzvg/consents"])
    rule: str | None = Field(default=None, description="The rule that refused, if one did.")
    field: str | None = Field(default=None, description="The field whose value is wrong.")
    value: Any = Field(default=None, description="The value received, as far as it may be shown.")
    accepted: str | None = Field(default=None, description="What would be accepted.")
    errors: list[FieldError] | None = Field(default=None, description="Every rejected field.")


def _described(description: str) -> dict[str, Any]:
    return {"description": description, "model": Problem, "content": {MEDIA_TYPE: {}}}


# The answers every /api/v1 operation may give besides its own, for the OpenAPI document.
RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _described("The request cannot proceed as sent (e.g. a body that is not JSON)."),
    401: _described("No live API token."),
    403: _described("The token may not do this (its purposes or capabilities)."),
    404: _described("No such thing, or not one this caller may know of."),
    409: _described("It clashes with how things stand."),
    422: _described(
        "A value was refused: the problem names the field, value and what is accepted."
    ),
}


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
        return problem(
            422,
            "invalid-value",
            "Invalid value",
            str(exc),
            request,
            field=exc.field,
            value=exc.value,
            accepted=exc.expected,
        )
    if isinstance(exc, NotFound):
        return problem(404, "not-found", "Not found", str(exc), request)
    if isinstance(exc, Conflict):
        return problem(409, "conflict", "Conflict", str(exc), request)
    if isinstance(exc, RequestError):
        return problem(400, "request", "Request cannot proceed", str(exc), request)
    return problem(500, "error", "Ombud could not do this", str(exc), request)


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(error) for error in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    first = errors[0] if errors else {}
    return problem(
        422,
        "validation",
        "Invalid request",
        detail,
        request,
        field=first.get("field"),
        value=first.get("value"),
        accepted=first.get("accepted"),
        errors=errors,
    )


def _field_error(error: Any) -> dict[str, Any]:
    """One pydantic error as field, message, the value sent and what is accepted."""
    context = error.get("ctx") or {}
    accepted = next(
        (
            str(context[k])
            for k in ("expected", "pattern", "ge", "le", "max_length")
            if k in context
        ),
        None,
    )
    if error["type"] == "missing":
        accepted, value = accepted or "a value (the field is required)", None
    else:
        value = _shown(error.get("input"))
    return {
        "field": ".".join(str(p) for p in error["loc"][1:]) or str(error["loc"][0]),
        "message": error["msg"],
        "value": value,
        "accepted": accepted,
    }


def _shown(value: Any) -> Any:
    """A JSON-safe, bounded echo of a rejected value (bytes and objects are described)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return type(value).__name__


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
    """Route every error through problem details, and describe them so in the OpenAPI."""
    app.add_exception_handler(OmbudError, _ombud_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        # FastAPI files a response model under application/json; ours go out as problems.
        spec = generate()
        for operations in spec.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if status[0] in "45" and MEDIA_TYPE in content and JSON in content:
                        content[MEDIA_TYPE] = content.pop(JSON)
        return spec

    app.openapi = openapi  # type: ignore[method-assign]
