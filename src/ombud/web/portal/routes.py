"""The portal: a person signs in with a code by e-mail, sees and acts on their own data.

Every page after sign-in reads the signed-in subject only (`PortalUserDep`): no URL or
form field names a subject, and a request id is looked up among the person's own.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ombud.access.sign_in import check_code, send_code
from ombud.errors import InvalidValue
from ombud.register.consents import withdraw_consent
from ombud.render.catalog import N_
from ombud.rights.model import RequestType
from ombud.rights.self_service import (
    PORTAL_REQUEST_TYPES,
    file_request,
    live_consents,
    own_export,
    own_report,
    own_requests,
    stop_marketing,
)
from ombud.web.deps import ContextDep, MailerDep, PortalUser, PortalUserDep, SessionDep
from ombud.web.pages import chosen_lang, flash, page, see_other
from ombud.web.security import require_csrf, web_session

router = APIRouter(prefix="/portal", include_in_schema=False, dependencies=[Depends(require_csrf)])
FormStr = Annotated[str, Form()]


@router.get("/sign-in")
def sign_in_page(request: Request) -> HTMLResponse:
    return page(request, "portal/sign_in.html.j2", title="")


@router.post("/sign-in")
def sign_in(
    request: Request, session: SessionDep, ctx: ContextDep, mailer: MailerDep, email: FormStr
) -> Response:
    """Mail a code; the answer is the same whether or not the address is known."""
    client = request.client.host if request.client else "?"
    if not request.app.state.code_limit.allow(client):
        raise HTTPException(429, "too many codes asked for from here; wait ten minutes")
    try:
        sent = send_code(session, ctx, email=email, lang=chosen_lang(request), mailer=mailer)
    except InvalidValue as exc:
        return page(request, "portal/sign_in.html.j2", 422, title="", error=str(exc), email=email)
    if not sent:
        raise HTTPException(429, "three codes were sent to this address lately; wait 15 minutes")
    web_session(request)["pending"] = email
    return see_other("/portal/code")


@router.get("/code")
def code_page(request: Request) -> Response:
    if "pending" not in web_session(request):
        return see_other("/portal/sign-in")
    return page(request, "portal/code.html.j2", title="")


@router.post("/code")
def enter_code(request: Request, session: SessionDep, ctx: ContextDep, code: FormStr) -> Response:
    """Sign in with the code: the session starts afresh, holding only who signed in."""
    pending = web_session(request).get("pending")
    if not isinstance(pending, str):
        return see_other("/portal/sign-in")
    result = check_code(session, ctx, email=pending, code=code)
    if result.refused is not None:
        return page(request, "portal/code.html.j2", 422, title="", refused=result.refused)
    web_session(request).clear()
    web_session(request)["portal"] = {"subject": result.subject, "email": result.email}
    return see_other("/portal/")


@router.post("/sign-out")
def sign_out(request: Request) -> Response:
    web_session(request).clear()
    return see_other("/portal/sign-in")


@router.get("/")
def my_pages(
    request: Request, session: SessionDep, ctx: ContextDep, user: PortalUserDep
) -> Response:
    """Mina sidor: everything held and why, consents, marketing, requests."""
    report = own_report(session, ctx, subject=user.subject, lang=chosen_lang(request))
    subject = user.subject
    return page(
        request,
        "portal/home.html.j2",
        title="",
        r=report,
        email=user.email,
        consents=live_consents(session, subject=subject) if subject else [],
        requests=own_requests(session, subject=subject) if subject else [],
        purposes=ctx.declaration.purposes,
        marketing=any(p.direct_marketing for p in ctx.declaration.purposes.values()),
        known=subject is not None,
    )


@router.get("/export")
def export(session: SessionDep, ctx: ContextDep, user: PortalUserDep) -> Response:
    """The data the person provided, as a zip of JSON and CSV (Art. 20)."""
    body = own_export(session, ctx, subject=user.subject)
    disposition = 'attachment; filename="data.zip"'
    return Response(
        body, media_type="application/zip", headers={"Content-Disposition": disposition}
    )


def _known(user: PortalUser) -> PortalUser:
    if user.subject is None:
        raise HTTPException(404, "nothing is held about you under this address")
    return user


@router.post("/consents/withdraw")
def withdraw(
    request: Request, session: SessionDep, ctx: ContextDep, user: PortalUserDep, purpose: FormStr
) -> Response:
    """Withdraw the person's consent for one purpose, at once (Art. 7(3))."""
    subject = _known(user).subject
    assert subject is not None
    withdraw_consent(session, ctx, subject=subject, purpose=purpose, actor="portal")
    flash(request, N_("Your consent is withdrawn."))
    return see_other("/portal/#consents")


@router.post("/marketing/stop")
def marketing_stop(
    request: Request, session: SessionDep, ctx: ContextDep, user: PortalUserDep, mailer: MailerDep
) -> Response:
    """Stop all direct marketing to the person, at once and for good (Art. 21(2)-(3))."""
    subject = _known(user).subject
    assert subject is not None
    lang = chosen_lang(request)
    stop_marketing(session, ctx, subject=subject, email=user.email, lang=lang, mailer=mailer)
    flash(request, N_("We will send you no more marketing."))
    return see_other("/portal/#marketing")


def _request_type(name: str) -> RequestType:
    for kind in PORTAL_REQUEST_TYPES:
        if kind.value == name:
            return kind
    raise HTTPException(404, f"no request form {name!r}")


@router.get("/requests/new/{kind}")
def request_form(
    request: Request, session: SessionDep, ctx: ContextDep, user: PortalUserDep, kind: str
) -> Response:
    """The form for one kind of request, naming the person's own categories and purposes."""
    report = own_report(session, ctx, subject=_known(user).subject, lang=chosen_lang(request))
    return page(
        request, "portal/request_form.html.j2", title="", kind=_request_type(kind), r=report
    )


@router.post("/requests")
def new_request(
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    user: PortalUserDep,
    kind: FormStr,
    purpose: Annotated[str, Form()] = "",
    category: Annotated[str, Form()] = "",
    value: Annotated[str, Form()] = "",
) -> Response:
    """File a request; it is verified already, and waits in the queue for its deadline."""
    subject = _known(user).subject
    assert subject is not None
    type_ = _request_type(kind)
    detail = {category: value} if type_ is RequestType.rectification and category else None
    filed = file_request(
        session,
        ctx,
        subject=subject,
        email=user.email,
        type=type_,
        lang=chosen_lang(request),
        purpose=purpose or None,
        detail=detail,
    )
    flash(request, N_("Your request is received. We answer within a month."))
    return see_other(f"/portal/requests/{filed.id}")


@router.get("/requests/{request_id}")
def request_status(
    request: Request, session: SessionDep, user: PortalUserDep, request_id: str
) -> Response:
    """One of the person's requests; another person's id is simply not found."""
    mine = own_requests(session, subject=user.subject) if user.subject else []
    found = next((r for r in mine if r.id == request_id), None)
    if found is None:
        raise HTTPException(404, "no such request of yours")
    return page(request, "portal/request.html.j2", title="", req=found)
