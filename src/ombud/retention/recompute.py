"""Bring every stored expiry in line with the declaration, after its retention rules change.

When a new declaration shortens (or lengthens) a period, each affected basis's
`expires_at` is recomputed with `retention.rules.expiry`, the one definition of the
arithmetic. This runs as batched Python over (basis, events) pairs with one bulk UPDATE
per batch, not as a single SQL statement: SQL month arithmetic differs between the two
backends and from the law (SQLite's `+1 months` takes 31 Jan to 3 Mar; Reg. 1182/71
and `expiry` end the period on 28/29 Feb), and Stockholm summer time would have to be
rebuilt in SQL as well. Batches are keyed on the basis id, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ombud.declaration.model import Declaration
from ombud.register.expiries import events_for
from ombud.retention import queries
from ombud.retention.model import RetentionRule
from ombud.retention.rules import expiry
from ombud.store.tables import bases, records

BATCH = 5_000


@dataclass(frozen=True)
class Recomputed:
    """How many bases were examined, and how many expiries moved earlier or later."""

    examined: int = 0
    earlier: int = 0
    later: int = 0

    @property
    def changed(self) -> int:
        return self.earlier + self.later

    def __add__(self, other: Recomputed) -> Recomputed:
        return Recomputed(
            self.examined + other.examined, self.earlier + other.earlier, self.later + other.later
        )


def recompute_expiries(
    session: Session,
    declaration: Declaration,
    *,
    at: datetime,
    purposes: Collection[str] | None = None,
    batch: int = BATCH,
) -> Recomputed:
    """Recompute `expires_at` of every basis of the declared purposes (or of `purposes`).

    A purpose without a retention rule keeps its records until a rule is declared: its
    bases get no expiry. Bases of purposes the declaration no longer names are left as
    they are: the declaration cannot say how long they may be kept.
    """
    rules = {
        key: purpose.retention
        for key, purpose in declaration.purposes.items()
        if purposes is None or key in purposes
    }
    names = {name for rule in rules.values() if rule is not None for name in rule.events}
    total, last_id = Recomputed(), 0
    while True:
        rows = session.execute(
            select(
                bases.c.id,
                bases.c.subject_id,
                bases.c.purpose,
                bases.c.expires_at,
                records.c.entry_id,
                records.c.collected_at,
            )
            .join(records, records.c.id == bases.c.record_id)
            .where(bases.c.id > last_id, bases.c.purpose.in_(rules))
            .order_by(bases.c.id)
            .limit(batch)
        ).all()
        if not rows:
            return total
        total += _apply(session, rows, rules, names, at)
        last_id = rows[-1].id


def _apply(
    session: Session,
    rows: Any,
    rules: dict[str, RetentionRule | None],
    names: set[str],
    at: datetime,
) -> Recomputed:
    latest = queries.latest_events(session, {row.subject_id for row in rows}, names)
    changes, earlier, later = [], 0, 0
    for row in rows:
        rule = rules[row.purpose]
        events = events_for(latest.get(row.subject_id, {}), row.entry_id, row.collected_at)
        new = None if rule is None else expiry(rule, events)
        if new == row.expires_at:
            continue
        if row.expires_at is None or (new is not None and new < row.expires_at):
            earlier += 1
        else:
            later += 1
        changes.append({"basis_id": row.id, "new_expiry": new})
    if changes:
        session.execute(
            update(bases)
            .where(bases.c.id == bindparam("basis_id"))
            .values(expires_at=bindparam("new_expiry"), updated_at=at),
            changes,
        )
    return Recomputed(len(rows), earlier, later)
