"""The portal's use cases: a person signed in with a code sees and acts on their own data.

The portal's sign-in proved control of the address (Art. 12(6)), so a request filed
here starts verified and goes straight to the queue. Viewing one's data is remote
access as Recital 63 asks for; it is audited, but it is not an access request and is
not counted against the free reports. Every function takes the signed-in subject and
reads that subject only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.consents import withdraw_consent
from ombud.register.service import Context, SubjectRef, purpose_of
from ombud.rights import queries
from ombud.rights.access import HeldInput, access_report
from ombud.rights.access_request import YEAR
from ombud.rights.deadlines import due_date
from ombud.rights.holdings import cipher_for, decrypt
from ombud.rights.mail import Mailer
from ombud.rights.model import AccessReport, Outcome, Request, RequestStatus, RequestType
from ombud.rights.portability import export_zip, portable
from ombud.rights.sealing import seal
from ombud.rights.service import run_request, show_request
from ombud.store.tables import consents, new_public_id, requests

PORTAL_REQUEST_TYPES = (
    RequestType.rectification,
    RequestType.erasure,
    RequestType.restriction,
    RequestType.objection,
)


@dataclass(frozen=True)
class LiveConsent:
    """A consent the person has given and not withdrawn."""

    purpose: str
    given_at: datetime


def _audit_read(
    session: Session, ctx: Context, subject: SubjectRef, view: str, categories: tuple[str, ...]
) -> None:
    audit.append(
        session,
        audit.SelfServiceRead(view=view, categories=categories),
        at=ctx.clock.now(),
        actor="portal",
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
        purpose="self_service",
    )


def own_report(
    session: Session, ctx: Context, *, subject: SubjectRef | None, lang: str
) -> AccessReport:
    """Everything held about the person and why, as the Art. 15 report; audited as one read."""
    now = ctx.clock.now()
    if subject is None:
        return access_report(
            ctx.declaration, [], {}, [], lang=lang, now=now, reports_in_last_year=0
        )
    holdings = queries.holdings(session, subject.id)
    cipher = cipher_for(session, ctx, subject)
    values = decrypt(cipher, subject, holdings) if cipher is not None else {}
    held = [HeldInput(h.category, h.law, h.expires_at) for h in queries.held(session, subject.id)]
    report = access_report(
        ctx.declaration,
        holdings if cipher is not None else [],
        values,
        held,
        lang=lang,
        now=now,
        reports_in_last_year=queries.access_reports_since(session, subject.id, now - YEAR),
    )
    _audit_read(session, ctx, subject, "report", tuple(item.category for item in report.data))
    return report


def own_export(session: Session, ctx: Context, *, subject: SubjectRef | None) -> bytes:
    """The data the person provided, as the portability zip (Art. 20); audited."""
    now = ctx.clock.now()
    if subject is None:
        return export_zip(ctx.declaration, [], {}, now)
    cipher = cipher_for(session, ctx, subject)
    chosen = portable(queries.holdings(session, subject.id)) if cipher is not None else []
    values = decrypt(cipher, subject, chosen) if cipher is not None else {}
    _audit_read(session, ctx, subject, "export", tuple(sorted({r.category for r in chosen})))
    return export_zip(ctx.declaration, chosen, values, now)


def live_consents(session: Session, *, subject: SubjectRef) -> list[LiveConsent]:
    """The person's consents not withdrawn, by purpose."""
    rows = session.execute(
        select(consents.c.purpose, consents.c.given_at)
        .where(consents.c.subject_id == subject.id, consents.c.withdrawn_at.is_(None))
        .order_by(consents.c.purpose, consents.c.given_at)
    )
    latest = {row.purpose: row.given_at for row in rows}
    return [LiveConsent(purpose, at) for purpose, at in latest.items()]


def own_requests(session: Session, *, subject: SubjectRef) -> list[Request]:
    """The person's requests, newest first."""
    rows = session.execute(
        select(requests).where(requests.c.subject_id == subject.id).order_by(requests.c.id.desc())
    )
    return [queries.as_request(row) for row in rows]


def file_request(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    email: str | None,
    type: RequestType,
    lang: str,
    purpose: str | None = None,
    detail: Mapping[str, str] | None = None,
) -> Request:
    """Record a verified request of the signed-in person; it waits in the queue (Art. 12(3))."""
    if purpose is not None:
        purpose_of(ctx.declaration, purpose)
    now = ctx.clock.now()
    public_id = new_public_id()
    due = due_date(now)
    session.execute(
        requests.insert().values(
            public_id=public_id,
            type=type.value,
            subject_id=subject.id,
            contact_value=seal(ctx.keyring, public_id, "contact", email) if email else None,
            lang=lang,
            received_at=now,
            verified_at=now,
            due_on=due,
            status=RequestStatus.verified.value,
            purpose=purpose,
            detail=seal(ctx.keyring, public_id, "detail", json.dumps(dict(detail)))
            if detail
            else None,
            updated_at=now,
        )
    )
    ref = pseudonym(ctx.keyring, subject.public_id)
    received = audit.RequestReceived(request=public_id, type=type.value, due_on=due.isoformat())
    audit.append(session, received, at=now, actor="portal", subject_ref=ref, purpose=purpose)
    verified = audit.RequestVerified(request=public_id, subject_found=True)
    audit.append(session, verified, at=now, actor="portal", subject_ref=ref)
    return show_request(session, public_id)


def stop_marketing(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    email: str | None,
    lang: str,
    mailer: Mailer,
    actor: str = "portal",
) -> Outcome:
    """Object to direct marketing: absolute, so carried out at once (Art. 21(2)-(3)).

    Without an address (a one-click unsubscribe) the person is not mailed the outcome.
    """
    request = file_request(
        session, ctx, subject=subject, email=email, type=RequestType.objection, lang=lang
    )
    return run_request(session, ctx, request_id=request.id, mailer=mailer, actor=actor)


def unsubscribe(
    session: Session, ctx: Context, *, subject: SubjectRef, purpose: str, mailer: Mailer
) -> None:
    """One-click unsubscribe from `purpose`'s mail (RFC 8058): withdraw its consent, or
    object to direct marketing when the purpose rests on legitimate interest."""
    declared = purpose_of(ctx.declaration, purpose)
    if declared.consent is not None:
        withdraw_consent(session, ctx, subject=subject, purpose=purpose, actor="unsubscribe")
    else:
        stop_marketing(
            session, ctx, subject=subject, email=None, lang="sv", mailer=mailer, actor="unsubscribe"
        )
