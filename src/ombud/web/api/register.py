"""/api/v1 for the register: subjects, records, events, consents, gate decisions, audiences.

Every route names a purpose and checks the caller's token covers it, then calls the
same service the CLI calls. No rule lives here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ombud.errors import Refused
from ombud.protect import IdentifierKind
from ombud.register import Use
from ombud.register.consents import give_consent, withdraw_consent
from ombud.register.service import (
    audience,
    collect,
    decide,
    record_event,
    register_subject,
    subject_ref,
)
from ombud.web import problems
from ombud.web.api.schemas import (
    AudiencePage,
    CollectIn,
    CollectOut,
    ConsentIn,
    ConsentOut,
    DecisionOut,
    EventIn,
    EventOut,
    SubjectIn,
    SubjectOut,
    WithdrawalOut,
)
from ombud.web.deps import ContextDep, ScopeDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["register"], responses=problems.RESPONSES)


def _actor(scope_name: str) -> str:
    return f"token:{scope_name}"


@router.post("/subjects", response_model=SubjectOut, status_code=200)
async def post_subject(
    body: SubjectIn, session: SessionDep, ctx: ContextDep, scope: ScopeDep
) -> SubjectOut:
    """Find a subject by their identifiers, or register them."""
    given = {
        IdentifierKind.EMAIL: body.email,
        IdentifierKind.PHONE: body.phone,
        IdentifierKind.PERSONNUMMER: body.personnummer,
    }
    identifiers = {k: v for k, v in given.items() if v}
    if not identifiers:
        raise Refused("identity", "give at least one of email, phone or personnummer")
    ref = register_subject(
        session, ctx, kind=body.kind, identifiers=identifiers, actor=_actor(scope.name)
    )
    return SubjectOut(id=ref.public_id, created=ref.created)


@router.post("/subjects/{subject}/records", response_model=CollectOut)
async def post_records(
    subject: str, body: CollectIn, session: SessionDep, ctx: ContextDep, scope: ScopeDep
) -> CollectOut:
    """Collect values for a purpose; refused (422, with the rule) unless declared."""
    scope.require(body.purpose)
    result = collect(
        session,
        ctx,
        subject=subject_ref(session, subject),
        purpose=body.purpose,
        values=body.values,
        actor=_actor(scope.name),
        source=body.source,
        source_name=body.source_name,
        entry=body.entry,
    )
    return CollectOut(
        purpose=result.purpose, new_records=result.new_records, reused_records=result.reused_records
    )


@router.post("/subjects/{subject}/events", response_model=EventOut)
async def post_event(
    subject: str, body: EventIn, session: SessionDep, ctx: ContextDep, scope: ScopeDep
) -> EventOut:
    """Record an event (e.g. membership_ended); the expiries counting from it are recomputed."""
    at = body.at or ctx.clock.now()
    if at.tzinfo is None:
        raise Refused("event", f"at: got {at.isoformat()}; expected a time zone such as +01:00")
    changed = record_event(
        session,
        ctx,
        subject=subject_ref(session, subject),
        name=body.name,
        at=at,
        actor=_actor(scope.name),
        entry=body.entry,
    )
    return EventOut(name=body.name, bases_recomputed=changed)


@router.post("/subjects/{subject}/consents", response_model=ConsentOut)
async def post_consent(
    subject: str, body: ConsentIn, session: SessionDep, ctx: ContextDep, scope: ScopeDep
) -> ConsentOut:
    """Record a consent to the purpose's declared text (Art. 7(1))."""
    scope.require(body.purpose)
    receipt = give_consent(
        session,
        ctx,
        subject=subject_ref(session, subject),
        purpose=body.purpose,
        lang=body.lang,
        method=body.method,
        actor=_actor(scope.name),
        evidence=body.evidence,
    )
    return ConsentOut(
        purpose=receipt.purpose, text_hash=receipt.text_hash, explicit=receipt.explicit
    )


@router.delete("/subjects/{subject}/consents/{purpose}", response_model=WithdrawalOut)
async def delete_consent(
    subject: str, purpose: str, session: SessionDep, ctx: ContextDep, scope: ScopeDep
) -> WithdrawalOut:
    """Withdraw the subject's consent for a purpose (Art. 7(3)); use stops at once."""
    scope.require(purpose)
    count = withdraw_consent(
        session,
        ctx,
        subject=subject_ref(session, subject),
        purpose=purpose,
        actor=_actor(scope.name),
    )
    return WithdrawalOut(purpose=purpose, withdrawn=count)


@router.get("/subjects/{subject}/decisions/{purpose}", response_model=DecisionOut)
async def get_decision(
    subject: str,
    purpose: str,
    session: SessionDep,
    ctx: ContextDep,
    scope: ScopeDep,
    use: Use = Use.processing,
) -> DecisionOut:
    """May this subject's data be used for this purpose now, and if not, why."""
    scope.require(purpose)
    decision = decide(session, ctx, subject=subject_ref(session, subject), purpose=purpose, use=use)
    return DecisionOut(
        subject=subject, purpose=purpose, use=use, allowed=decision.allowed, reason=decision.reason
    )


@router.get("/purposes/{purpose}/audience", response_model=AudiencePage)
async def get_audience(
    purpose: str,
    session: SessionDep,
    ctx: ContextDep,
    scope: ScopeDep,
    after: Annotated[str | None, Query(description="Last id of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> AudiencePage:
    """Every subject whose data may be used for the purpose now, a page at a time."""
    scope.require(purpose)
    items = audience(session, ctx, purpose=purpose, after=after, limit=limit + 1)
    more = len(items) > limit
    items = items[:limit]
    return AudiencePage(purpose=purpose, items=items, next=items[-1] if more else None)
