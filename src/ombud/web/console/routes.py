"""The console for staff: sign in, the request queue, and carrying requests out.

Every page needs a signed-in staff member (`StaffDep`): handling requests needs a role
with `requests`; reading a subject's data is limited to the role's purposes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ombud.access.staff import StaffScope, sign_in
from ombud.render.catalog import N_
from ombud.rights.service import (
    all_requests,
    extend_request,
    list_requests,
    refuse_request,
    run_request,
    show_request,
)
from ombud.web.deps import ContextDep, MailerDep, SessionDep, StaffDep
from ombud.web.pages import flash, page, see_other
from ombud.web.security import require_csrf, web_session

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(require_csrf)])
FormStr = Annotated[str, Form()]


def handles_requests(scope: StaffDep) -> StaffScope:
    """The staff member, if their role may handle data subject requests; else 403."""
    if not scope.requests:
        raise HTTPException(403, f"role {scope.role!r} may not handle requests")
    return scope


RequestsDep = Annotated[StaffScope, Depends(handles_requests)]


@router.get("/sign-in")
def sign_in_page(request: Request) -> HTMLResponse:
    return page(request, "console/sign_in.html.j2", title="")


@router.post("/sign-in")
def sign_in_now(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    name: FormStr,
    password: FormStr,
    code: Annotated[str, Form()] = "",
) -> Response:
    """Sign in with password and, where set up, a TOTP code; the session starts afresh."""
    client = request.client.host if request.client else "?"
    if not request.app.state.staff_limit.allow(client):
        raise HTTPException(429, "too many sign-in attempts from here; wait five minutes")
    scope = sign_in(session, name=name, password=password, code=code, at=ctx.clock.now())
    if scope is None:
        return page(request, "console/sign_in.html.j2", 401, title="", failed=True, name=name)
    web_session(request).clear()
    web_session(request)["staff"] = scope.name
    return see_other("/console/")


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    web_session(request).clear()
    return see_other("/console/sign-in")


@router.get("/")
def queue(request: Request, session: SessionDep, ctx: ContextDep, scope: StaffDep) -> Response:
    """Open requests by deadline, overdue first; latest closed ones below."""
    today = ctx.clock.now().date()
    open_ = list_requests(session, today=today) if scope.requests else []
    closed = [r for r in all_requests(session) if r.status.value in ("completed", "refused")]
    return page(
        request,
        "console/queue.html.j2",
        title="",
        scope=scope,
        open_requests=open_,
        closed=closed[:20] if scope.requests else [],
        today=today,
    )


@router.get("/requests/{request_id}")
def request_page(
    request: Request, session: SessionDep, scope: RequestsDep, request_id: str
) -> Response:
    return page(
        request,
        "console/request.html.j2",
        title="",
        scope=scope,
        req=show_request(session, request_id),
    )


@router.post("/requests/{request_id}/run")
def run(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    mailer: MailerDep,
    scope: RequestsDep,
    request_id: str,
) -> Response:
    """Carry the request out and tell the person (Art. 12(3))."""
    run_request(session, ctx, request_id=request_id, mailer=mailer, actor=f"staff:{scope.name}")
    flash(request, N_("The request is carried out."))
    return see_other(f"/console/requests/{request_id}")


@router.post("/requests/{request_id}/extend")
def extend(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    mailer: MailerDep,
    scope: RequestsDep,
    request_id: str,
    months: Annotated[int, Form(ge=1, le=2)],
    reason: FormStr,
) -> Response:
    """Extend the deadline by one or two months, telling the person why."""
    extend_request(
        session,
        ctx,
        request_id=request_id,
        months=months,
        reason=reason,
        mailer=mailer,
        actor=f"staff:{scope.name}",
    )
    flash(request, N_("The deadline is extended and the person told why."))
    return see_other(f"/console/requests/{request_id}")


@router.post("/requests/{request_id}/refuse")
def refuse(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    mailer: MailerDep,
    scope: RequestsDep,
    request_id: str,
    reason: FormStr,
) -> Response:
    """Refuse with reasons; the person is told of the right to complain (Art. 12(4))."""
    refuse_request(
        session,
        ctx,
        request_id=request_id,
        reason=reason,
        mailer=mailer,
        actor=f"staff:{scope.name}",
    )
    flash(request, N_("The request is refused and the person told why."))
    return see_other(f"/console/requests/{request_id}")
