"""The console's list of texts the intake screening flagged for review.

A flag says which kinds screening found in a stored text, when, through which channel
and for which purpose; the text itself is read on the person's page, through the
purpose gate. Staff see only flags of their role's purposes, and marking one
reviewed is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ombud.intake.service import list_flags, review_flag
from ombud.render.catalog import N_
from ombud.web.deps import ContextDep, SessionDep, StaffDep
from ombud.web.pages import flash, page, see_other
from ombud.web.security import require_csrf

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(require_csrf)])
PAGE = 50


@router.get("/flags")
def flags_page(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    scope: StaffDep,
    reviewed: bool = False,
    after: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    """Flagged texts of the role's purposes, oldest first, a page at a time."""
    found = list_flags(
        session,
        purposes=scope.visible(ctx.declaration),
        reviewed=reviewed,
        after=after,
        limit=PAGE + 1,
    )
    shown = found[:PAGE]
    return page(
        request,
        "console/flags.html.j2",
        title="",
        scope=scope,
        flags=shown,
        reviewed=reviewed,
        next=shown[-1].id if len(found) > PAGE else None,
        purposes=ctx.declaration.purposes,
    )


@router.post("/flags/{flag_id}/reviewed")
def mark_reviewed(
    request: Request, session: SessionDep, ctx: ContextDep, scope: StaffDep, flag_id: int
) -> Response:
    """Mark one flag reviewed; a flag outside the role's purposes is not found."""
    review_flag(session, ctx, flag_id=flag_id, may_read=scope.allows, actor=f"staff:{scope.name}")
    flash(request, N_("The flag is marked reviewed."))
    return see_other("/console/flags")
