"""Restriction, objection and consent withdrawal: what the purpose gate lets through.

- Restriction (Art. 18): the bases become `restricted`; the gate then lets only
  storage, legal claims, protecting others and consented uses through (18(2)).
  Lifting it tells the person first (18(3)).
- Objection to direct marketing (Art. 21(2)-(3)): absolute and at once. The subject
  is blocked (direktreklamspärr), a keyed hash of each identifier is kept so the
  block survives erasure, and the direct-marketing bases become `objected`.
- Objection to legitimate interest or public task (Art. 21(1)): the bases are
  restricted (18(1)(d)) until an admin records the balancing; upheld, they become
  `objected`; not upheld, active again, with the reason kept.
- Consent withdrawal (Art. 7(3)): the register's `withdraw_consent` for the purpose,
  or for every consent purpose when none is named.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, insert, update
from sqlalchemy.orm import Session

from ombud.declaration.model import LegalBasis
from ombud.errors import Conflict, RequestError
from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.consents import withdraw_consent
from ombud.register.expiries import recompute_expiries
from ombud.register.model import BasisStatus
from ombud.register.service import Context, SubjectRef
from ombud.retention.hold import write_marketing_blocks
from ombud.rights import queries
from ombud.rights.model import Outcome, Request
from ombud.rights.recipients import recipients_to_notify
from ombud.rights.wording import (
    AWAITING_BALANCING,
    MARKETING_STOPPED,
    NOTHING_HELD,
    OBJECTION_NOT_UPHELD,
    OBJECTION_UPHELD,
    RESTRICTED,
    WITHDRAWN,
    plural,
    text,
)
from ombud.store.tables import bases, events, records, subjects

OBJECTION = "objection"  # the event rules may end on (`until: objection`)
OBJECTABLE = frozenset({LegalBasis.legitimate_interest, LegalBasis.public_task})


def _set_status(
    session: Session,
    subject: SubjectRef,
    purposes: list[str] | None,
    to: BasisStatus,
    from_: tuple[BasisStatus, ...],
    now: Any,
) -> int:
    query = update(bases).where(
        bases.c.subject_id == subject.id, bases.c.status.in_([s.value for s in from_])
    )
    if purposes is not None:
        query = query.where(bases.c.purpose.in_(purposes))
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        query.values(status=to.value, updated_at=now)
    )
    return int(result.rowcount)


def _ref(ctx: Context, subject: SubjectRef) -> str:
    return pseudonym(ctx.keyring, subject.public_id)


def restrict(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None, actor: str
) -> Outcome:
    """Restrict processing of every basis of the subject, or of one purpose (Art. 18(1))."""
    if subject is None:
        return Outcome(summary=text(NOTHING_HELD, request.lang))
    purposes = [request.purpose] if request.purpose else None
    count = _set_status(
        session, subject, purposes, BasisStatus.restricted, (BasisStatus.active,), ctx.clock.now()
    )
    audit.append(
        session,
        audit.Restricted(request=request.id, bases=count),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=_ref(ctx, subject),
        purpose=request.purpose,
    )
    affected = purposes or sorted({h.purpose for h in _bases_of(session, subject)})
    return Outcome(
        summary=text(RESTRICTED, request.lang),
        done={"restricted": count},
        notify=recipients_to_notify(ctx.declaration, affected),
    )


def _bases_of(session: Session, subject: SubjectRef) -> list[Any]:
    return [b for r in queries.holdings(session, subject.id) for b in r.bases]


def lift(
    session: Session, ctx: Context, request: Request, subject: SubjectRef, reason: str, actor: str
) -> int:
    """Lift the request's restriction; the caller has told the person first (Art. 18(3))."""
    if not reason.strip():
        raise RequestError("lift reason: got nothing; the person is told why")
    purposes = [request.purpose] if request.purpose else None
    count = _set_status(
        session, subject, purposes, BasisStatus.active, (BasisStatus.restricted,), ctx.clock.now()
    )
    audit.append(
        session,
        audit.RestrictionLifted(request=request.id, bases=count, reason=reason),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=_ref(ctx, subject),
        purpose=request.purpose,
    )
    return count


def object_to(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None, actor: str
) -> tuple[Outcome, bool]:
    """Carry out an objection; returns the outcome and whether the request is final."""
    if subject is None:
        return Outcome(summary=text(NOTHING_HELD, request.lang)), True
    declared = ctx.declaration.purposes
    key = request.purpose
    if key is None or declared[key].direct_marketing:
        return _object_to_marketing(session, ctx, request, subject, actor), True
    if declared[key].legal_basis not in OBJECTABLE:
        raise RequestError(
            f"objection: purpose {key!r} rests on {declared[key].legal_basis.value}; Art. 21 "
            "applies to legitimate interest, public task and direct marketing (refuse it "
            "with this reason, or treat it as a restriction or erasure request)"
        )
    count = _set_status(
        session, subject, [key], BasisStatus.restricted, (BasisStatus.active,), ctx.clock.now()
    )
    _audit_objection(session, ctx, request, subject, actor, marketing=False, count=count)
    summary = text(AWAITING_BALANCING, request.lang, purpose=declared[key].name[request.lang])
    return Outcome(summary=summary, done={"restricted": count, "awaiting": "balancing"}), False


def _object_to_marketing(
    session: Session, ctx: Context, request: Request, subject: SubjectRef, actor: str
) -> Outcome:
    now = ctx.clock.now()
    session.execute(
        update(subjects).where(subjects.c.id == subject.id).values(marketing_block=True)
    )
    # The block outlives the person's records as keyed hashes of their identifiers.
    ids = [r.id for r in queries.holdings(session, subject.id)]
    hashes = write_marketing_blocks(session, ctx, records, ids, now)
    marketing = [k for k, p in ctx.declaration.purposes.items() if p.direct_marketing]
    count = _set_status(
        session,
        subject,
        marketing,
        BasisStatus.objected,
        (BasisStatus.active, BasisStatus.restricted),
        now,
    )
    session.execute(insert(events).values(subject_id=subject.id, name=OBJECTION, at=now))
    recompute_expiries(session, ctx.declaration, subject.id, OBJECTION, now)
    _audit_objection(session, ctx, request, subject, actor, marketing=True, count=count)
    return Outcome(
        summary=text(MARKETING_STOPPED, request.lang),
        done={"objected": count, "block_hashes": hashes},
    )


def _audit_objection(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    actor: str,
    *,
    marketing: bool,
    count: int,
) -> None:
    audit.append(
        session,
        audit.Objected(request=request.id, marketing=marketing, bases=count),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=_ref(ctx, subject),
        purpose=request.purpose,
    )


def balance(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    *,
    upheld: bool,
    reason: str,
    actor: str,
) -> Outcome:
    """Record the balancing of an Art. 21(1) objection: upheld stops, else resumes."""
    if request.purpose is None or not reason.strip():
        raise RequestError("balancing: expected the objection's purpose and the reason")
    now = ctx.clock.now()
    to = BasisStatus.objected if upheld else BasisStatus.active
    count = _set_status(session, subject, [request.purpose], to, (BasisStatus.restricted,), now)
    if upheld:
        session.execute(insert(events).values(subject_id=subject.id, name=OBJECTION, at=now))
        recompute_expiries(session, ctx.declaration, subject.id, OBJECTION, now)
    audit.append(
        session,
        audit.BalancingRecorded(request=request.id, upheld=upheld, reason=reason),
        at=now,
        actor=actor,
        subject_ref=_ref(ctx, subject),
        purpose=request.purpose,
    )
    verdict = OBJECTION_UPHELD if upheld else OBJECTION_NOT_UPHELD
    return Outcome(
        summary=text(verdict, request.lang, reason=reason), done={"bases": count, "upheld": upheld}
    )


def withdraw(
    session: Session, ctx: Context, request: Request, subject: SubjectRef | None, actor: str
) -> Outcome:
    """Withdraw consent for the purpose, or for every purpose resting on consent."""
    if subject is None:
        return Outcome(summary=text(NOTHING_HELD, request.lang))
    if request.purpose is not None:
        purposes = [request.purpose]
    else:
        purposes = [k for k, p in ctx.declaration.purposes.items() if p.consent is not None]
    withdrawn = sum(
        withdraw_consent(session, ctx, subject=subject, purpose=p, actor=actor) for p in purposes
    )
    if not withdrawn and request.purpose is not None:
        raise Conflict(f"no live consent for {request.purpose!r} to withdraw")
    return Outcome(
        summary=plural(WITHDRAWN, withdrawn, request.lang), done={"withdrawn": withdrawn}
    )
