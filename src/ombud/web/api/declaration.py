"""/api/v1 for the declaration itself: what the organisation has declared."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ombud.web.deps import ContextDep, ScopeDep

router = APIRouter(prefix="/api/v1", tags=["declaration"])


@router.get("/declaration")
async def get_declaration(ctx: ContextDep, scope: ScopeDep) -> dict[str, Any]:
    """The declaration as JSON: purposes, categories, retention rules, recipients …"""
    return ctx.declaration.model_dump(mode="json")
