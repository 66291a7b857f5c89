"""The SQL of requests: one request, open ones by deadline, a subject's holdings.

Every per-subject read leads with an index on `subject_id`, so its cost follows the
subject's rows, not the store's size (DESIGN.md, invariant 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from ombud.errors import NotFound
from ombud.register.model import SubjectId
from ombud.rights.model import (
    BasisHolding,
    RecordHolding,
    Request,
    RequestId,
    RequestStatus,
    RequestType,
)
from ombud.store.tables import bases, held_records, records, requests


def request_row(session: Session, request_id: str, *, lock: bool = False) -> Row[Any]:
    """The request's row, or NotFound (which says nothing about any subject)."""
    query = select(requests).where(requests.c.public_id == request_id)
    if lock:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no request with id {request_id!r}")
    return row


def as_request(row: Row[Any]) -> Request:
    return Request(
        id=RequestId(row.public_id),
        type=RequestType(row.type),
        status=RequestStatus(row.status),
        lang=row.lang,
        received_at=row.received_at,
        due_on=row.due_on,
        purpose=row.purpose,
        verified_at=row.verified_at,
        extended_to=row.extended_to,
        extension_reason=row.extension_reason,
        extension_noticed_at=row.extension_noticed_at,
        subject_known=row.subject_id is not None,
        outcome=row.outcome,
    )


def open_requests(session: Session, *, due_by: date | None = None) -> list[Request]:
    """Requests not yet completed or refused, soonest deadline first; `due_by`: due by then."""
    deadline = func.coalesce(requests.c.extended_to, requests.c.due_on)
    query = select(requests).where(requests.c.status.in_(("received", "verified", "in_progress")))
    if due_by is not None:
        query = query.where(deadline <= due_by)
    rows = session.execute(query.order_by(deadline, requests.c.id))
    return [as_request(row) for row in rows]


def all_requests(session: Session, *, limit: int = 200) -> list[Request]:
    rows = session.execute(select(requests).order_by(requests.c.id.desc()).limit(limit))
    return [as_request(row) for row in rows]


def requests_page(
    session: Session, *, status: RequestStatus | None, after: str | None, limit: int
) -> list[Request]:
    """Requests in the order received, `limit` of them after the request `after` (keyset)."""
    query = select(requests).order_by(requests.c.id).limit(limit)
    if status is not None:
        query = query.where(requests.c.status == status.value)
    if after is not None:
        query = query.where(requests.c.id > request_row(session, after).id)
    return [as_request(row) for row in session.execute(query)]


def holdings(session: Session, subject: SubjectId) -> list[RecordHolding]:
    """Every record of the subject with its bases, in two indexed reads."""
    record_rows = session.execute(
        select(records).where(records.c.subject_id == subject).order_by(records.c.id)
    ).all()
    basis_rows = session.execute(
        select(
            bases.c.id,
            bases.c.record_id,
            bases.c.purpose,
            bases.c.legal_basis,
            bases.c.status,
            bases.c.expires_at,
        ).where(bases.c.subject_id == subject)
    ).all()
    by_record: dict[int, list[BasisHolding]] = {}
    for b in basis_rows:
        by_record.setdefault(b.record_id, []).append(
            BasisHolding(b.id, b.purpose, b.legal_basis, b.status, b.expires_at)
        )
    return [
        RecordHolding(
            r.id,
            r.category,
            r.value,
            r.source,
            r.source_name,
            bool(r.provided_by_subject),
            r.collected_at,
            r.entry_id,
            tuple(sorted(by_record.get(r.id, []), key=lambda b: b.purpose)),
        )
        for r in record_rows
    ]


def held(session: Session, subject: SubjectId) -> Sequence[Row[Any]]:
    """The subject's records in the segregated legal hold."""
    return session.execute(
        select(held_records).where(held_records.c.subject_id == subject).order_by(held_records.c.id)
    ).all()


def access_reports_since(session: Session, subject: SubjectId, since: datetime) -> int:
    """How many access requests of the subject were completed since `since`."""
    return int(
        session.execute(
            select(func.count())
            .select_from(requests)
            .where(
                requests.c.subject_id == subject,
                requests.c.type == RequestType.access.value,
                requests.c.status == RequestStatus.completed.value,
                or_(requests.c.received_at >= since),
            )
        ).scalar_one()
    )
