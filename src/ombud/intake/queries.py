"""The intake's SQL: flags on stored texts, and the entry a booking field belongs to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import insert, select
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


def flags(session: Session, *, since: datetime | None = None) -> list[IntakeFlag]:
    """Every flag, oldest first, with the public id of its subject."""
    query = (
        select(
            intake_flags.c.id,
            intake_flags.c.at,
            intake_flags.c.channel,
            intake_flags.c.purpose,
            intake_flags.c.kinds,
            subjects.c.public_id,
        )
        .join(subjects, subjects.c.id == intake_flags.c.subject_id)
        .order_by(intake_flags.c.at, intake_flags.c.id)
    )
    if since is not None:
        query = query.where(intake_flags.c.at >= since)
    return [
        IntakeFlag(
            row.id,
            row.at,
            row.channel,
            row.purpose,
            row.public_id,
            tuple(row.kinds.split(",")) if row.kinds else (),
        )
        for row in session.execute(query)
    ]
