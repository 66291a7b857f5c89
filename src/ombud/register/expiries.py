"""Materialised expiries: each basis stores when its purpose's rule lets the record go.

The arithmetic is `retention.rules.expiry`; this module gathers the events it
counts from. An event recorded for an entry (one booking) counts only for that
entry's records; an event without an entry counts for all of the subject's records.
The built-in `collected` event is the record's own collection time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ombud.declaration.model import Declaration, Purpose
from ombud.register.model import SubjectId
from ombud.register.queries import latest_events
from ombud.retention import COLLECTED, RetentionRule, expiry
from ombud.store.tables import bases, records


def events_for(
    latest: Mapping[tuple[str, int | None], datetime], entry: int | None, collected_at: datetime
) -> dict[str, datetime]:
    """The events one record's clocks count from: the subject's, its entry's, its collection."""
    events = {name: at for (name, scope), at in latest.items() if scope is None}
    if entry is not None:
        for (name, scope), at in latest.items():
            if scope == entry and (name not in events or at > events[name]):
                events[name] = at
    events[COLLECTED] = collected_at
    return events


def record_expiry(
    session: Session, subject: SubjectId, record_id: int, purpose: Purpose
) -> datetime | None:
    """When `purpose` stops justifying this record; None while its clock has not started."""
    if purpose.retention is None:
        return None
    row = session.execute(
        select(records.c.entry_id, records.c.collected_at).where(records.c.id == record_id)
    ).one()
    latest = latest_events(session, subject, sorted(purpose.retention.events))
    return expiry(purpose.retention, events_for(latest, row.entry_id, row.collected_at))


def recompute_expiries(
    session: Session, declaration: Declaration, subject: SubjectId, event: str, now: datetime
) -> int:
    """Recompute the expiry of every basis of `subject` whose rule counts from `event`."""
    affected: dict[str, RetentionRule] = {
        key: purpose.retention
        for key, purpose in declaration.purposes.items()
        if purpose.retention is not None and event in purpose.retention.events
    }
    if not affected:
        return 0
    names = sorted({name for rule in affected.values() for name in rule.events})
    latest = latest_events(session, subject, names)
    rows = session.execute(
        select(
            bases.c.id,
            bases.c.purpose,
            bases.c.expires_at,
            records.c.entry_id,
            records.c.collected_at,
        )
        .join(records, records.c.id == bases.c.record_id)
        # A withdrawn basis already expired with its consent; no later event revives it.
        .where(
            bases.c.subject_id == subject,
            bases.c.purpose.in_(affected),
            bases.c.status != "withdrawn",
        )
    ).all()
    changed = 0
    for row in rows:
        new = expiry(affected[row.purpose], events_for(latest, row.entry_id, row.collected_at))
        if new != row.expires_at:
            session.execute(
                update(bases).where(bases.c.id == row.id).values(expires_at=new, updated_at=now)
            )
            changed += 1
    return changed
