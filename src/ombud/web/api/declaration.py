"""/api/v1 for the declaration itself: what the organisation has declared, the privacy
policy rendered from it, and (for admin tokens) the Art. 30 register."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import Response

from ombud.render import render_policy, render_register
from ombud.web import problems
from ombud.web.deps import ContextDep, ScopeDep

router = APIRouter(prefix="/api/v1", tags=["declaration"], responses=problems.RESPONSES)

MEDIA = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _texts(description: str, **examples: str) -> dict[int | str, dict[str, Any]]:
    """The 200 answer of a text route: one media type per format, each with an example."""
    content = {
        MEDIA[fmt]: {"schema": {"type": "string"}, "example": example}
        for fmt, example in examples.items()
    }
    return {200: {"description": description, "content": content}}


@router.get("/declaration")
async def get_declaration(ctx: ContextDep, scope: ScopeDep) -> dict[str, Any]:
    """The declaration as JSON: purposes, categories, retention rules, recipients …"""
    return ctx.declaration.model_dump(mode="json")


@router.get(
    "/policy",
    response_class=Response,
    responses=_texts(
        "The policy.", markdown="# Integritetspolicy\n", html="<!DOCTYPE html><html lang=sv>"
    ),
)
async def get_policy(
    ctx: ContextDep,
    scope: ScopeDep,
    lang: Literal["sv", "en"] = "sv",
    format: Literal["markdown", "html"] = "markdown",
) -> Response:
    """The privacy policy (Art. 13–14) rendered from the declaration, as Markdown or HTML."""
    body = render_policy(ctx.declaration, lang=lang, fmt=format)
    return Response(body, media_type=MEDIA[format])


@router.get(
    "/register",
    response_class=Response,
    responses=_texts(
        "The register.", markdown="# Registerförteckning\n", csv="purpose,name,legal_basis\n"
    ),
)
async def get_register(
    ctx: ContextDep,
    scope: ScopeDep,
    lang: Literal["sv", "en"] = "sv",
    format: Literal["markdown", "csv"] = "markdown",
) -> Response:
    """The record of processing activities (Art. 30(1)); for admin tokens only."""
    scope.require_admin("the Art. 30 register")
    body = render_register(ctx.declaration, lang=lang, fmt=format)
    return Response(body, media_type=MEDIA[format])
