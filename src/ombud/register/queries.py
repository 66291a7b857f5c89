"""The register's SQL: per-subject reads and the set-based audience query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_, select
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


def subject_state(
    session: Session, subject: SubjectId, purpose: PurposeRules | None = None
) -> SubjectState:
    """What the purpose gate needs about one subject, from indexed reads.

    Given a purpose, only its bases are read, and consents only if it rests on one:
    the gate looks at nothing else, and the (subject_id, purpose) index serves it.
    """
    block = session.execute(
        select(subjects.c.marketing_block).where(subjects.c.id == subject)
    ).scalar_one()
    basis_query = select(bases.c.purpose, bases.c.status, bases.c.expires_at).where(
        bases.c.subject_id == subject
    )
    consent_query = select(
        consents.c.purpose, consents.c.given_at, consents.c.withdrawn_at, consents.c.explicit
    ).where(consents.c.subject_id == subject)
    if purpose is not None:
        basis_query = basis_query.where(bases.c.purpose == purpose.key)
        consent_query = consent_query.where(consents.c.purpose == purpose.key)
    basis_rows = session.execute(basis_query).all()
    consent_rows = (
        session.execute(consent_query).all()
        if purpose is None or purpose.needs_consent or purpose.needs_explicit_consent
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


def audience_query(purpose: PurposeRules, at: datetime, *, paged: bool = False) -> Select[Any]:
    """Every subject the gate would allow for `purpose` at `at`, as one statement.

    The same rules as `gate.decide` for ordinary processing: a live active basis, no
    marketing block for direct marketing, a live (explicit) consent where the
    purpose rests on one. A test holds the two to each other, in both forms.

    The whole audience is driven from the purpose's bases (`id IN (…)`): the database
    reads the purpose's index range once and looks up each subject in it, so the cost
    follows the audience, not the register. Tested per subject instead (`EXISTS`), SQLite
    spent 7 µs of CPU on every subject of a 100k store, eligible or not.
    A page (`paged`) walks subjects in public-id order and tests each one, so it stops
    after the page instead of collecting and sorting the whole audience first.
    PostgreSQL plans both forms as the same semi-joins.
    """
    basis_live = and_(
        bases.c.purpose == purpose.key,
        bases.c.status == BasisStatus.active.value,
        or_(bases.c.expires_at.is_(None), bases.c.expires_at > at),
    )
    consent_live = and_(
        consents.c.purpose == purpose.key,
        consents.c.given_at <= at,
        or_(consents.c.withdrawn_at.is_(None), consents.c.withdrawn_at > at),
    )
    if purpose.needs_explicit_consent:
        consent_live = and_(consent_live, consents.c.explicit.is_(True))
    needs_consent = purpose.needs_consent or purpose.needs_explicit_consent
    if paged:
        query = select(subjects.c.public_id).where(
            exists().where(bases.c.subject_id == subjects.c.id, basis_live)
        )
        if needs_consent:
            query = query.where(
                exists().where(consents.c.subject_id == subjects.c.id, consent_live)
            )
    else:
        query = select(subjects.c.public_id).where(
            subjects.c.id.in_(select(bases.c.subject_id).where(basis_live))
        )
        if needs_consent:
            query = query.where(
                subjects.c.id.in_(select(consents.c.subject_id).where(consent_live))
            )
    if purpose.direct_marketing:
        query = query.where(subjects.c.marketing_block.is_(False))
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
