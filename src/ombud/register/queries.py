"""The register's SQL: per-subject reads and the set-based audience query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from ombud.register.model import (
    BasisState,
    BasisStatus,
    ConsentState,
    PurposeRules,
    SubjectId,
    SubjectState,
)
from ombud.store.tables import bases, consents, events, subjects

# The gate's reads for one subject and purpose, built once: `decide` runs them for every
# API call, and building a statement costs more CPU than the indexed read itself.
_BLOCK = select(subjects.c.marketing_block).where(subjects.c.id == bindparam("subject"))
_BASES = select(bases.c.purpose, bases.c.status, bases.c.expires_at).where(
    bases.c.subject_id == bindparam("subject")
)
_CONSENTS = select(
    consents.c.purpose, consents.c.given_at, consents.c.withdrawn_at, consents.c.explicit
).where(consents.c.subject_id == bindparam("subject"))
_PURPOSE_BASES = _BASES.where(bases.c.purpose == bindparam("purpose"))
_PURPOSE_CONSENTS = _CONSENTS.where(consents.c.purpose == bindparam("purpose"))


# One read for the API's gate decision: the subject by public id, with its bases for the
# purpose (none: a row of NULLs from the outer join).
_PURPOSE_STATE = (
    select(
        subjects.c.id,
        subjects.c.marketing_block,
        bases.c.purpose,
        bases.c.status,
        bases.c.expires_at,
    )
    .select_from(
        subjects.outerjoin(
            bases,
            and_(bases.c.subject_id == subjects.c.id, bases.c.purpose == bindparam("purpose")),
        )
    )
    .where(subjects.c.public_id == bindparam("public_id"))
)


def purpose_state(session: Session, public_id: str, purpose: PurposeRules) -> SubjectState | None:
    """`subject_state` for one purpose, the subject named by public id; None if none.

    One indexed read instead of three (subject, block, bases), and consents only where
    the purpose rests on one: the gate-decision endpoint's whole database work.
    """
    rows = session.execute(_PURPOSE_STATE, {"public_id": public_id, "purpose": purpose.key}).all()
    if not rows:
        return None
    consent_rows = (
        session.execute(_PURPOSE_CONSENTS, {"subject": rows[0].id, "purpose": purpose.key}).all()
        if purpose.needs_consent or purpose.needs_explicit_consent
        else []
    )
    return SubjectState(
        marketing_block=bool(rows[0].marketing_block),
        bases=tuple(
            BasisState(r.purpose, BasisStatus(r.status), r.expires_at)
            for r in rows
            if r.purpose is not None
        ),
        consents=tuple(
            ConsentState(r.purpose, r.given_at, r.withdrawn_at, bool(r.explicit))
            for r in consent_rows
        ),
    )


def subject_state(
    session: Session, subject: SubjectId, purpose: PurposeRules | None = None
) -> SubjectState:
    """What the purpose gate needs about one subject, from indexed reads.

    Given a purpose, only its bases are read, and consents only if it rests on one:
    the gate looks at nothing else, and the (subject_id, purpose) index serves it.
    """
    block = session.execute(_BLOCK, {"subject": subject}).scalar_one()
    if purpose is None:
        basis_rows = session.execute(_BASES, {"subject": subject}).all()
        consent_rows = session.execute(_CONSENTS, {"subject": subject}).all()
    else:
        params = {"subject": subject, "purpose": purpose.key}
        basis_rows = session.execute(_PURPOSE_BASES, params).all()
        consent_rows = (
            session.execute(_PURPOSE_CONSENTS, params).all()
            if purpose.needs_consent or purpose.needs_explicit_consent
            else []
        )
    return SubjectState(
        marketing_block=bool(block),
        bases=tuple(BasisState(r.purpose, BasisStatus(r.status), r.expires_at) for r in basis_rows),
        consents=tuple(
            ConsentState(r.purpose, r.given_at, r.withdrawn_at, bool(r.explicit))
            for r in consent_rows
        ),
    )


def audience_query(purpose: PurposeRules, at: datetime) -> Select[Any]:
    """Every subject the gate would allow for `purpose` at `at`, as one statement.

    The same rules as `gate.decide` for ordinary processing: a live active basis, no
    marketing block for direct marketing, a live (explicit) consent where the
    purpose rests on one. A test holds the two to each other.
    """
    live_basis = and_(
        bases.c.subject_id == subjects.c.id,
        bases.c.purpose == purpose.key,
        bases.c.status == BasisStatus.active.value,
        or_(bases.c.expires_at.is_(None), bases.c.expires_at > at),
    )
    query = select(subjects.c.public_id).where(exists().where(live_basis))
    if purpose.direct_marketing:
        query = query.where(subjects.c.marketing_block.is_(False))
    if purpose.needs_consent or purpose.needs_explicit_consent:
        live_consent = and_(
            consents.c.subject_id == subjects.c.id,
            consents.c.purpose == purpose.key,
            consents.c.given_at <= at,
            or_(consents.c.withdrawn_at.is_(None), consents.c.withdrawn_at > at),
        )
        if purpose.needs_explicit_consent:
            live_consent = and_(live_consent, consents.c.explicit.is_(True))
        query = query.where(exists().where(live_consent))
    return query.order_by(subjects.c.public_id)


def latest_events(
    session: Session, subject: SubjectId, names: Sequence[str]
) -> dict[tuple[str, int | None], datetime]:
    """The latest time of each named event, per entry (None: the subject as a whole)."""
    rows = session.execute(
        select(events.c.name, events.c.entry_id, events.c.at).where(
            events.c.subject_id == subject, events.c.name.in_(names)
        )
    )
    latest: dict[tuple[str, int | None], datetime] = {}
    for row in rows:
        key = (row.name, row.entry_id)
        if key not in latest or row.at > latest[key]:
            latest[key] = row.at
    return latest
