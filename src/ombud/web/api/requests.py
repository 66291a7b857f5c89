"""/api/v1 for data subject requests: file one, verify the person, follow it, list them.

An integration (the website's "my data" form, a support tool) relays what the person
asks; the person proves they control the address with the code mailed to it (Art.
12(6)). Filing answers the same whether or not the address is in the register, so the
API reveals nothing about who is in it. Listing every request needs a token made
`requests` (or an admin token); following one by its id needs any live token.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from ombud.rights.model import RequestStatus
from ombud.rights.service import (
    new_request,
    page_of_requests,
    resend_code,
    show_request,
    verify_request,
)
from ombud.web import problems
from ombud.web.api.schemas import CodeIn, CodeSent, RequestIn, RequestOut, RequestPage
from ombud.web.deps import ContextDep, MailerDep, ScopeDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["requests"], responses=problems.RESPONSES)


def _actor(scope: ScopeDep) -> str:
    return f"token:{scope.name}"


@router.post("/requests", response_model=RequestOut, status_code=202)
async def post_request(
    body: RequestIn, session: SessionDep, ctx: ContextDep, scope: ScopeDep, mailer: MailerDep
) -> RequestOut:
    """File a request and mail the person a code; the same answer for anyone (no enumeration).

    The deadline runs from now: one month (Art. 12(3)).
    """
    request = new_request(
        session,
        ctx,
        type=body.type,
        email=body.email,
        mailer=mailer,
        actor=_actor(scope),
        lang=body.lang,
        purpose=body.purpose,
        detail=body.values,
    )
    return RequestOut.of(request, with_outcome=False)


@router.post(
    "/requests/{request_id}/verify",
    response_model=RequestOut,
    responses={422: problems.RESPONSES[422] | {"description": "The code was refused."}},
)
async def post_verification(
    request_id: str,
    body: CodeIn,
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    scope: ScopeDep,
) -> RequestOut | JSONResponse:
    """Verify the person with the mailed code: 15 minutes, 5 attempts, then a new code."""
    verified = verify_request(
        session, ctx, request_id=request_id, code=body.code, actor=_actor(scope)
    )
    if verified.refused is not None:
        # Answered, not raised: the attempt must be committed, or guessing is unlimited.
        return problems.problem(
            422,
            "code-refused",
            "The code was refused",
            verified.refused,
            request,
            field="code",
            value=None,
            accepted="the latest code mailed for this request, within 15 minutes",
        )
    return RequestOut.of(verified.request, with_outcome=scope.requests or scope.admin)


@router.post("/requests/{request_id}/code", response_model=CodeSent, status_code=202)
async def post_new_code(
    request_id: str, session: SessionDep, ctx: ContextDep, scope: ScopeDep, mailer: MailerDep
) -> CodeSent:
    """Mail a new code for a request not yet verified; the earlier code stops working."""
    resend_code(session, ctx, request_id=request_id, mailer=mailer)
    return CodeSent(request=request_id, sent=True)


@router.get("/requests/{request_id}", response_model=RequestOut)
async def get_request(request_id: str, session: SessionDep, scope: ScopeDep) -> RequestOut:
    """Where the request stands and its deadline; what was done, for request-handling tokens."""
    return RequestOut.of(
        show_request(session, request_id), with_outcome=scope.requests or scope.admin
    )


@router.get("/requests", response_model=RequestPage)
async def list_requests(
    session: SessionDep,
    scope: ScopeDep,
    status: RequestStatus | None = None,
    after: Annotated[
        str | None, Query(max_length=32, description="Last id of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> RequestPage:
    """Every request in the order received, a page at a time; needs a `requests` token."""
    scope.require_requests()
    found = page_of_requests(session, status=status, after=after, limit=limit + 1)
    items = [RequestOut.of(r, with_outcome=True) for r in found[:limit]]
    return RequestPage(items=items, next=items[-1].id if len(found) > limit else None)
