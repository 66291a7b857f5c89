"""What a staff member sees of one subject: only what their role's purposes need.

Values are read through the purpose gate (`service.read`), one audited read per
purpose; bases, expiries and consents are shown for those purposes only. The audit
trail shows event names, times, actors and purposes: it never holds values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ombud.protect import pseudonym
from ombud.register.service import Context, Reading, SubjectRef, read
from ombud.store.tables import audit_events, bases, consents, records

AUDIT_SHOWN = 50


@dataclass(frozen=True)
class BasisLine:
    """One basis: which record category, for which purpose, on what basis, until when."""

    category: str
    purpose: str
    legal_basis: str
    status: str
    expires_at: datetime | None


@dataclass(frozen=True)
class ConsentLine:
    purpose: str
    given_at: datetime
    withdrawn_at: datetime | None


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    name: str
    actor: str
    purpose: str | None


@dataclass(frozen=True)
class SubjectOverview:
    """The subject as one staff member may see them."""

    subject: SubjectRef
    readings: dict[str, Reading]
    bases: tuple[BasisLine, ...]
    consents: tuple[ConsentLine, ...]
    audit: tuple[AuditLine, ...]


def subject_overview(
    session: Session, ctx: Context, *, subject: SubjectRef, purposes: Sequence[str], actor: str
) -> SubjectOverview:
    """The subject's data, bases, consents and audit trail, limited to `purposes`."""
    readings = {p: read(session, ctx, subject=subject, purpose=p, actor=actor) for p in purposes}
    basis_rows = session.execute(
        select(bases.c.purpose, bases.c.legal_basis, bases.c.status, bases.c.expires_at)
        .add_columns(records.c.category)
        .join(records, records.c.id == bases.c.record_id)
        .where(bases.c.subject_id == subject.id, bases.c.purpose.in_(list(purposes)))
        .order_by(bases.c.purpose, records.c.category)
    )
    consent_rows = session.execute(
        select(consents.c.purpose, consents.c.given_at, consents.c.withdrawn_at)
        .where(consents.c.subject_id == subject.id, consents.c.purpose.in_(list(purposes)))
        .order_by(consents.c.given_at)
    )
    audit_rows = session.execute(
        select(audit_events.c.at, audit_events.c.name, audit_events.c.actor, audit_events.c.purpose)
        .where(audit_events.c.subject_ref == pseudonym(ctx.keyring, subject.public_id))
        .order_by(audit_events.c.id.desc())
        .limit(AUDIT_SHOWN)
    )
    return SubjectOverview(
        subject=subject,
        readings=readings,
        bases=tuple(
            BasisLine(r.category, r.purpose, r.legal_basis, r.status, r.expires_at)
            for r in basis_rows
        ),
        consents=tuple(ConsentLine(r.purpose, r.given_at, r.withdrawn_at) for r in consent_rows),
        audit=tuple(AuditLine(r.at, r.name, r.actor, r.purpose) for r in audit_rows),
    )
