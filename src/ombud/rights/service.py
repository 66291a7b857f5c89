"""The request use cases: receive, verify, extend, refuse, carry out, list (GDPR Art. 12).

Each works inside the caller's transaction and leaves an audit event. Carrying out
a request dispatches to the use case of its type (`access_request`, `erasure`,
`restriction`, `rectification`, `portability`); the outcome is kept on the request.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from ombud.errors import Conflict, RequestError
from ombud.protect import IdentifierKind, blind_index, normalise, pseudonym
from ombud.register import audit
from ombud.register.model import SubjectId
from ombud.register.service import Context, SubjectRef, purpose_of
from ombud.rights import queries
from ombud.rights.deadlines import EXTRA_MONTHS, due_date, extended_due_date, is_overdue
from ombud.rights.lifecycle import FINAL, can_extend, check_transition
from ombud.rights.mail import Mail, Mailer
from ombud.rights.model import Outcome, Request, RequestStatus, RequestType
from ombud.rights.sealing import seal, unseal
from ombud.rights.verification import CODE_VALIDITY, check_code, issue_code
from ombud.rights.wording import mail_text, type_name
from ombud.store.tables import new_public_id, requests, subject_identifiers, subjects

Step = Callable[[str], None]
"""Called with each step's name as a use case passes it; a test seam for crashes."""


@dataclass(frozen=True)
class Verified:
    """The answer to a code: the request, and why the code was refused, if it was."""

    request: Request
    refused: str | None = None


def new_request(
    session: Session,
    ctx: Context,
    *,
    type: RequestType,
    email: str,
    mailer: Mailer,
    actor: str,
    lang: str = "sv",
    purpose: str | None = None,
    detail: Mapping[str, str] | None = None,
) -> Request:
    """Record a request, compute its deadline and mail a code to `email` (Art. 12(3), 12(6)).

    The same answer and the same mail whether or not the address is in the register.
    `detail` (rectification: category → new value) is sealed, never stored in the clear.
    """
    if lang not in ("sv", "en"):
        raise RequestError(f"lang: got {lang!r}; expected 'sv' or 'en'")
    if purpose is not None:
        purpose_of(ctx.declaration, purpose)
    if type is RequestType.rectification and not detail:
        raise RequestError("rectification: expected the corrected values, category=value")
    now = ctx.clock.now()
    address = normalise(IdentifierKind.EMAIL, email, today=now.date())
    public_id = new_public_id()
    due = due_date(now)
    row_id = session.execute(
        requests.insert()
        .values(
            public_id=public_id,
            type=type.value,
            contact_index=blind_index(ctx.keyring, IdentifierKind.EMAIL, address),
            contact_value=seal(ctx.keyring, public_id, "contact", address),
            lang=lang,
            received_at=now,
            due_on=due,
            status=RequestStatus.received.value,
            purpose=purpose,
            detail=seal(ctx.keyring, public_id, "detail", json.dumps(dict(detail)))
            if detail
            else None,
            updated_at=now,
        )
        .returning(requests.c.id)
    ).scalar_one()
    _send_code(session, ctx, mailer, row_id, public_id, address, type, lang)
    audit.append(
        session,
        audit.RequestReceived(request=public_id, type=type.value, due_on=due.isoformat()),
        at=now,
        actor=actor,
        purpose=purpose,
    )
    return show_request(session, public_id)


def _send_code(
    session: Session,
    ctx: Context,
    mailer: Mailer,
    row_id: int,
    public_id: str,
    address: str,
    type: RequestType,
    lang: str,
) -> None:
    code = issue_code(session, request_row=row_id, now=ctx.clock.now())
    subject, body = mail_text(
        "code",
        lang,
        {
            "controller": ctx.declaration.controller.name,
            "type": type_name(type, lang),
            "code": code,
            "minutes": int(CODE_VALIDITY.total_seconds() // 60),
        },
    )
    mailer.send(Mail(to=address, subject=subject, body=body))


def resend_code(session: Session, ctx: Context, *, request_id: str, mailer: Mailer) -> None:
    """Mail a fresh code for a request not yet verified; the old code stops working."""
    row = queries.request_row(session, request_id)
    if row.status != RequestStatus.received.value:
        raise Conflict(f"request {request_id}: status {row.status}; a code is only for received")
    address = unseal(ctx.keyring, row.public_id, "contact", row.contact_value)
    _send_code(
        session, ctx, mailer, row.id, row.public_id, address, RequestType(row.type), row.lang
    )


def verify_request(
    session: Session, ctx: Context, *, request_id: str, code: str, actor: str
) -> Verified:
    """Check the code; on success link the request to the subject with that address, if any.

    A refused code is an answer, not an error, so the caller commits the attempt count.
    """
    row = queries.request_row(session, request_id, lock=True)
    check_transition(RequestStatus(row.status), RequestStatus.verified)
    now = ctx.clock.now()
    refused = check_code(session, request_row=row.id, code=code, now=now)
    if refused is not None:
        audit.append(
            session,
            audit.VerificationFailed(request=request_id, reason=refused),
            at=now,
            actor=actor,
        )
        return Verified(show_request(session, request_id), refused)
    subject = session.execute(
        select(subjects.c.id, subjects.c.public_id)
        .join(subject_identifiers, subject_identifiers.c.subject_id == subjects.c.id)
        .where(
            subject_identifiers.c.kind == IdentifierKind.EMAIL.value,
            subject_identifiers.c.blind_index == row.contact_index,
        )
    ).first()
    session.execute(
        update(requests)
        .where(requests.c.id == row.id)
        .values(
            status=RequestStatus.verified.value,
            verified_at=now,
            subject_id=subject.id if subject else None,
            updated_at=now,
        )
    )
    audit.append(
        session,
        audit.RequestVerified(request=request_id, subject_found=subject is not None),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id) if subject else None,
    )
    return Verified(show_request(session, request_id))


def extend_request(
    session: Session,
    ctx: Context,
    *,
    request_id: str,
    months: int,
    reason: str,
    mailer: Mailer,
    actor: str,
) -> Request:
    """Extend the deadline by 1 or 2 months and tell the person why (Art. 12(3)).

    The notice must reach the person within the first month, so an extension after
    the first deadline is refused.
    """
    row = queries.request_row(session, request_id, lock=True)
    now = ctx.clock.now()
    if not can_extend(RequestStatus(row.status)):
        raise Conflict(
            f"request {request_id}: status {row.status}; a final request is not extended"
        )
    if months not in EXTRA_MONTHS:
        raise RequestError(
            f"extension months: got {months!r}; expected 1 or 2 (GDPR Art. 12(3) allows at "
            "most two further months)"
        )
    if not reason.strip():
        raise RequestError("extension reason: got nothing; the person must be told why")
    if is_overdue(row.due_on, now.date()):
        raise Conflict(
            f"request {request_id}: the first month ended on {row.due_on}; an extension must "
            "be notified within it (GDPR Art. 12(3))"
        )
    extended_to = extended_due_date(row.received_at, months)
    _mail(ctx, mailer, row, "extension", due=extended_to.isoformat(), reason=reason)
    session.execute(
        update(requests)
        .where(requests.c.id == row.id)
        .values(
            extended_to=extended_to,
            extension_reason=reason,
            extension_noticed_at=now,
            updated_at=now,
        )
    )
    audit.append(
        session,
        audit.RequestExtended(
            request=request_id, extended_to=extended_to.isoformat(), reason=reason
        ),
        at=now,
        actor=actor,
    )
    return show_request(session, request_id)


def refuse_request(
    session: Session, ctx: Context, *, request_id: str, reason: str, mailer: Mailer, actor: str
) -> Request:
    """Refuse with reasons, telling the person of the right to complain (Art. 12(4))."""
    row = queries.request_row(session, request_id, lock=True)
    check_transition(RequestStatus(row.status), RequestStatus.refused, reason=reason)
    _mail(ctx, mailer, row, "refused", reason=reason)
    now = ctx.clock.now()
    outcome = {"summary": reason, "refused": True}
    _close(session, row.id, RequestStatus.refused, outcome, now, forget_contact=False)
    audit.append(
        session, audit.RequestRefused(request=request_id, reason=reason), at=now, actor=actor
    )
    return show_request(session, request_id)


def run_request(
    session: Session,
    ctx: Context,
    *,
    request_id: str,
    mailer: Mailer,
    actor: str,
    on_step: Step | None = None,
) -> Outcome:
    """Carry out a verified request and tell the person; again on a completed one: its outcome.

    Everything happens in the caller's one transaction: a crash leaves the request
    and the register as they were, and running again carries it out.
    """
    row = queries.request_row(session, request_id, lock=True)
    status = RequestStatus(row.status)
    if status in FINAL:
        return Outcome(**{k: v for k, v in (row.outcome or {}).items() if k in ("summary", "done")})
    check_transition(status, RequestStatus.in_progress)
    subject = _subject(session, row.subject_id)
    outcome, final = _carry_out(session, ctx, row, subject, actor, on_step or _no_step)
    now = ctx.clock.now()
    if final:
        _mail(ctx, mailer, row, "done", summary=outcome.summary, outcome=outcome)
    record = _outcome_json(outcome)
    forget = RequestType(row.type) is RequestType.erasure
    to = RequestStatus.completed if final else RequestStatus.in_progress
    _close(session, row.id, to, record, now, forget_contact=forget)
    audit.append(
        session,
        audit.RequestCompleted(request=request_id, type=row.type, summary=outcome.summary),
        at=now,
        actor=actor,
    )
    return outcome


def _no_step(name: str) -> None:
    return None


def _carry_out(
    session: Session,
    ctx: Context,
    row: Row[Any],
    subject: SubjectRef | None,
    actor: str,
    on_step: Step,
) -> tuple[Outcome, bool]:
    # Imported here: each use case module imports this one for `Step` and its helpers.
    from ombud.rights import access_request, erasure, portability, rectification, restriction

    request = queries.as_request(row)
    match request.type:
        case RequestType.access:
            return access_request.carry_out(session, ctx, request, subject, actor), True
        case RequestType.erasure:
            return erasure.carry_out(session, ctx, request, subject, actor, on_step), True
        case RequestType.portability:
            return portability.carry_out(session, ctx, request, subject, actor), True
        case RequestType.rectification:
            values = json.loads(unseal(ctx.keyring, row.public_id, "detail", row.detail))
            return rectification.carry_out(session, ctx, request, subject, values, actor), True
        case RequestType.restriction:
            return restriction.restrict(session, ctx, request, subject, actor), True
        case RequestType.objection:
            return restriction.object_to(session, ctx, request, subject, actor)
        case RequestType.consent_withdrawal:
            return restriction.withdraw(session, ctx, request, subject, actor), True


def _subject(session: Session, subject_id: int | None) -> SubjectRef | None:
    if subject_id is None:
        return None
    public_id = session.execute(
        select(subjects.c.public_id).where(subjects.c.id == subject_id)
    ).scalar_one()
    return SubjectRef(SubjectId(subject_id), public_id)


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "summary": outcome.summary,
        "done": outcome.done,
        "kept": list(outcome.kept),
        "notify": [asdict(n) for n in outcome.notify],
    }


def _close(
    session: Session,
    row_id: int,
    status: RequestStatus,
    outcome: dict[str, Any],
    now: Any,
    *,
    forget_contact: bool,
) -> None:
    values: dict[str, Any] = {"status": status.value, "outcome": outcome, "updated_at": now}
    if status in FINAL:
        values["detail"] = None  # what was asked is done: the sealed values go
    if forget_contact:
        values["contact_value"] = None
    session.execute(update(requests).where(requests.c.id == row_id).values(**values))


def _mail(
    ctx: Context,
    mailer: Mailer,
    row: Row[Any],
    kind: str,
    outcome: Outcome | None = None,
    **fields: Any,
) -> None:
    if row.contact_value is None:
        return
    address = unseal(ctx.keyring, row.public_id, "contact", row.contact_value)
    authority = ctx.declaration.controller.supervisory_authority
    common = {
        "controller": ctx.declaration.controller.name,
        "type": type_name(row.type, row.lang),
        "authority": authority.name,
        "website": authority.website,
    }
    subject, body = mail_text(kind, row.lang, {**common, **fields})
    mailer.send(
        Mail(
            to=address,
            subject=subject,
            body=body,
            attachment=outcome.artifact if outcome else None,
            attachment_name=outcome.artifact_name if outcome else None,
        )
    )


def show_request(session: Session, request_id: str) -> Request:
    """The request as it stands."""
    return queries.as_request(queries.request_row(session, request_id))


def list_requests(
    session: Session, *, today: date, due: bool = False, overdue: bool = False
) -> list[Request]:
    """Open requests by deadline; `due`: due within a week; `overdue`: past their deadline."""
    if overdue:
        return [r for r in queries.open_requests(session) if is_overdue(r.deadline, today)]
    if due:
        return queries.open_requests(session, due_by=today + timedelta(days=7))
    return queries.open_requests(session)


def page_of_requests(
    session: Session, *, status: RequestStatus | None = None, after: str | None = None, limit: int
) -> list[Request]:
    """A page of requests in the order received; `after`: the last id of the previous page."""
    return queries.requests_page(session, status=status, after=after, limit=limit)


def all_requests(session: Session) -> list[Request]:
    """The latest requests, open or closed."""
    return queries.all_requests(session)


def lift_restriction(
    session: Session, ctx: Context, *, request_id: str, reason: str, mailer: Mailer, actor: str
) -> int:
    """Tell the person, then lift the restriction their request set (Art. 18(3))."""
    from ombud.rights import restriction

    row = queries.request_row(session, request_id, lock=True)
    request = queries.as_request(row)
    if request.type is not RequestType.restriction or request.status is not RequestStatus.completed:
        raise Conflict(f"request {request_id}: not a carried-out restriction")
    subject = _subject(session, row.subject_id)
    if subject is None:
        return 0
    purpose = f" ({request.purpose})" if request.purpose else ""
    _mail(ctx, mailer, row, "lift", reason=reason, purpose=purpose)
    return restriction.lift(session, ctx, request, subject, reason, actor)


def record_balancing_outcome(
    session: Session,
    ctx: Context,
    *,
    request_id: str,
    upheld: bool,
    reason: str,
    mailer: Mailer,
    actor: str,
) -> Outcome:
    """Record the balancing of an objection to legitimate interest and close it (Art. 21(1))."""
    from ombud.rights import restriction

    row = queries.request_row(session, request_id, lock=True)
    request = queries.as_request(row)
    if request.type is not RequestType.objection or request.status is not RequestStatus.in_progress:
        raise Conflict(f"request {request_id}: not an objection awaiting its balancing")
    subject = _subject(session, row.subject_id)
    if subject is None:
        raise Conflict(f"request {request_id}: its subject is no longer in the register")
    outcome = restriction.balance(
        session, ctx, request, subject, upheld=upheld, reason=reason, actor=actor
    )
    _mail(ctx, mailer, row, "done", summary=outcome.summary)
    _close(
        session,
        row.id,
        RequestStatus.completed,
        _outcome_json(outcome),
        ctx.clock.now(),
        forget_contact=False,
    )
    return outcome
