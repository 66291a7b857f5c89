"""The console's register pages: finding a subject and seeing them as the role allows,
the purge's dry run and erasure log, the declaration's findings, the Art. 30 register."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from ombud.access.staff import StaffScope
from ombud.declaration import lint
from ombud.errors import InvalidValue
from ombud.protect import IdentifierKind
from ombud.register.overview import subject_overview
from ombud.register.service import find_subject, read, subject_ref
from ombud.render import render_register
from ombud.retention.forecast import expiring_by_month
from ombud.retention.purge import plan, runs
from ombud.web.deps import ContextDep, SessionDep, StaffDep
from ombud.web.pages import chosen_lang, page, see_other
from ombud.web.security import require_csrf

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(require_csrf)])
KINDS = {"email": IdentifierKind.EMAIL, "phone": IdentifierKind.PHONE}


def is_admin(scope: StaffDep) -> StaffScope:
    """The staff member, if their role is `admin`; else 403."""
    if not scope.admin:
        raise HTTPException(403, f"role {scope.role!r} is not an admin role")
    return scope


AdminDep = Annotated[StaffScope, Depends(is_admin)]


@router.get("/subjects")
def search(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    scope: StaffDep,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: str = "email",
) -> Response:
    """Find a subject by e-mail, phone or personnummer, through the blind index only."""
    if not q:
        return page(request, "console/search.html.j2", title="", scope=scope, q=q, kind=kind)
    identifier = KINDS.get(kind, IdentifierKind.PERSONNUMMER)
    try:
        found = find_subject(session, ctx, kind=identifier, value=q)
    except InvalidValue as exc:
        return page(
            request,
            "console/search.html.j2",
            422,
            title="",
            scope=scope,
            q=q,
            kind=kind,
            error=str(exc),
        )
    if found is None:
        return page(
            request, "console/search.html.j2", 404, title="", scope=scope, q=q, kind=kind, none=True
        )
    return see_other(f"/console/subjects/{found.public_id}")


@router.get("/subjects/{public_id}")
def subject_page(
    request: Request, session: SessionDep, ctx: ContextDep, scope: StaffDep, public_id: str
) -> Response:
    """One subject: values, bases, expiries, consents and audit trail for the role's purposes."""
    overview = subject_overview(
        session,
        ctx,
        subject=subject_ref(session, public_id),
        purposes=scope.visible(ctx.declaration),
        actor=f"staff:{scope.name}",
    )
    return page(
        request,
        "console/subject.html.j2",
        title="",
        scope=scope,
        o=overview,
        purposes=ctx.declaration.purposes,
    )


@router.get("/subjects/{public_id}/purposes/{purpose}")
def subject_purpose(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    scope: StaffDep,
    public_id: str,
    purpose: str,
) -> Response:
    """What one purpose holds of the subject; refused unless the role covers the purpose."""
    scope.require(purpose)
    subject = subject_ref(session, public_id)
    reading = read(session, ctx, subject=subject, purpose=purpose, actor=f"staff:{scope.name}")
    return page(
        request,
        "console/purpose.html.j2",
        title="",
        scope=scope,
        subject=subject,
        purpose=ctx.declaration.purposes[purpose],
        key=purpose,
        reading=reading,
    )


@router.get("/purge")
def purge_page(request: Request, session: SessionDep, ctx: ContextDep, scope: AdminDep) -> Response:
    """The next purge's dry run, what expires per month, and the erasure log."""
    now = ctx.clock.now()
    months = expiring_by_month(session, now=now)
    return page(
        request,
        "console/purge.html.j2",
        title="",
        scope=scope,
        plan=plan(session, ctx, as_of=now),
        months=months,
        peak=max([m.bases for m in months] + [1]),
        runs=runs(session)[:20],
    )


@router.get("/declaration")
def declaration_page(request: Request, ctx: ContextDep, scope: StaffDep) -> Response:
    """The declaration's lint findings and links to the policy and the register."""
    return page(
        request,
        "console/declaration.html.j2",
        title="",
        scope=scope,
        findings=lint(ctx.declaration),
        d=ctx.declaration,
    )


@router.get("/register.csv")
def register_export(request: Request, ctx: ContextDep, scope: AdminDep) -> Response:
    """The Art. 30 register of processing activities as CSV, for the admin."""
    body = render_register(ctx.declaration, lang=chosen_lang(request), fmt="csv")
    disposition = 'attachment; filename="art30-register.csv"'
    return Response(body, media_type="text/csv", headers={"Content-Disposition": disposition})
