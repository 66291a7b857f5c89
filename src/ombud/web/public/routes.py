"""Pages anyone may open: the privacy policy, one-click unsubscribe, and demo mode's outbox."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ombud.register.service import subject_ref
from ombud.render import render_policy
from ombud.rights.self_service import unsubscribe
from ombud.web.deps import CodecDep, ContextDep, MailerDep, SessionDep
from ombud.web.outbox import OutboxMailer
from ombud.web.pages import chosen_lang, page

router = APIRouter(include_in_schema=False)
demo_router = APIRouter(include_in_schema=False)


@router.get("/")
def start() -> RedirectResponse:
    return RedirectResponse("/portal/", status_code=303)


@router.get("/policy")
def policy(request: Request, ctx: ContextDep) -> HTMLResponse:
    """The privacy policy rendered from the declaration, in the page's language."""
    html = render_policy(ctx.declaration, lang=chosen_lang(request), fmt="html")
    body = html[html.index("<main>") + len("<main>") : html.index("</main>")]
    return page(request, "policy.html.j2", title="", body=body)


def _unsubscribe_target(codec: CodecDep, ctx: ContextDep, token: str) -> tuple[str, str]:
    found = codec.read_unsubscribe_token(token)
    if found is None or found[1] not in ctx.declaration.purposes:
        raise HTTPException(404, "this unsubscribe link is not valid")
    return found


@router.get("/unsubscribe/{token}")
def unsubscribe_page(
    request: Request, token: str, codec: CodecDep, ctx: ContextDep
) -> HTMLResponse:
    """Ask before unsubscribing: mail scanners follow links, so a GET changes nothing."""
    _, purpose = _unsubscribe_target(codec, ctx, token)
    name = ctx.declaration.purposes[purpose].name[chosen_lang(request)]
    return page(request, "unsubscribe.html.j2", title="", purpose=name, done=False)


@router.post("/unsubscribe/{token}")
def unsubscribe_now(
    request: Request,
    token: str,
    codec: CodecDep,
    ctx: ContextDep,
    session: SessionDep,
    mailer: MailerDep,
    one_click: Annotated[str, Form(alias="List-Unsubscribe")] = "",
) -> HTMLResponse:
    """Unsubscribe at once (RFC 8058 one-click: the body is `List-Unsubscribe=One-Click`).

    The signed token is the authority, not a session, so no CSRF token is asked for.
    """
    if one_click != "One-Click":
        raise HTTPException(400, "expected List-Unsubscribe=One-Click")
    public_id, purpose = _unsubscribe_target(codec, ctx, token)
    unsubscribe(
        session, ctx, subject=subject_ref(session, public_id), purpose=purpose, mailer=mailer
    )
    name = ctx.declaration.purposes[purpose].name[chosen_lang(request)]
    return page(request, "unsubscribe.html.j2", title="", purpose=name, done=True)


@demo_router.get("/dev/outbox")
def outbox(request: Request, mailer: MailerDep) -> HTMLResponse:
    """Demo mode only: the mail that would have been sent."""
    kept = mailer.messages() if isinstance(mailer, OutboxMailer) else []
    return page(request, "outbox.html.j2", title="", kept=kept)


def unsubscribe_link(base_url: str, codec: CodecDep, subject: str, purpose: str) -> str:
    """The one-click link for mail sent for `purpose` to `subject` (public id)."""
    return f"{base_url.rstrip('/')}/unsubscribe/{codec.unsubscribe_token(subject, purpose)}"


def list_unsubscribe_headers(link: str) -> dict[str, str]:
    """The headers that make mail clients offer one-click unsubscribe (RFC 2369, RFC 8058)."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
