"""The intake's SQL: flags on stored texts, and the entry a booking field belongs to."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, insert, select, update
from sqlalchemy.orm import Session

from ombud.intake.model import IntakeFlag
from ombud.store.tables import entries, intake_flags, subjects


def entry_subject(session: Session, entry: int) -> int | None:
    """The internal id of the subject whose entry this is, or None if there is no such entry."""
    found: int | None = session.execute(
        select(entries.c.subject_id).where(entries.c.id == entry)
    ).scalar_one_or_none()
    return found


def add_flag(
    session: Session,
    *,
    subject_id: int,
    channel: str,
    purpose: str,
    kinds: Iterable[str],
    at: datetime,
) -> int:
    """Insert one flag; its id."""
    flag_id: int = session.execute(
        insert(intake_flags)
        .values(
            subject_id=subject_id, channel=channel, purpose=purpose, kinds=",".join(kinds), at=at
        )
        .returning(intake_flags.c.id)
    ).scalar_one()
    return flag_id


def _flag_query() -> Select[Any]:
    return select(
        intake_flags.c.id,
        intake_flags.c.at,
        intake_flags.c.channel,
        intake_flags.c.purpose,
        intake_flags.c.kinds,
        intake_flags.c.reviewed_at,
        intake_flags.c.reviewed_by,
        subjects.c.public_id,
    ).join(subjects, subjects.c.id == intake_flags.c.subject_id)


def _as_flag(row: Row[Any]) -> IntakeFlag:
    kinds = tuple(row.kinds.split(",")) if row.kinds else ()
    return IntakeFlag(
        row.id,
        row.at,
        row.channel,
        row.purpose,
        row.public_id,
        kinds,
        row.reviewed_at,
        row.reviewed_by,
    )


def flags(
    session: Session,
    *,
    since: datetime | None = None,
    purposes: Collection[str] | None = None,
    reviewed: bool | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[IntakeFlag]:
    """Flags oldest first, with the public id of their subject.

    `purposes`: only those (None: all); `reviewed`: only reviewed or only unreviewed
    ones (None: both); `after`, `limit`: a page, after the flag with id `after`.
    """
    query = _flag_query().order_by(intake_flags.c.id)
    if since is not None:
        query = query.where(intake_flags.c.at >= since)
    if purposes is not None:
        query = query.where(intake_flags.c.purpose.in_(sorted(purposes)))
    if reviewed is not None:
        column = intake_flags.c.reviewed_at
        query = query.where(column.is_not(None) if reviewed else column.is_(None))
    if after is not None:
        query = query.where(intake_flags.c.id > after)
    if limit is not None:
        query = query.limit(limit)
    return [_as_flag(row) for row in session.execute(query)]


def flag(session: Session, flag_id: int) -> IntakeFlag | None:
    """One flag, or None."""
    row = session.execute(_flag_query().where(intake_flags.c.id == flag_id)).first()
    return _as_flag(row) if row is not None else None


def mark_reviewed(session: Session, flag_id: int, *, by: str, at: datetime) -> None:
    session.execute(
        update(intake_flags)
        .where(intake_flags.c.id == flag_id)
        .values(reviewed_at=at, reviewed_by=by)
    )
