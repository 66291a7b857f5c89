"""What the purge will remove in the coming months: bases expiring, counted per month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ombud.retention.rules import STOCKHOLM
from ombud.store.tables import bases


@dataclass(frozen=True)
class MonthCount:
    """How many bases expire in one calendar month (Europe/Stockholm)."""

    month: date
    bases: int


def _month_start(year: int, month: int) -> datetime:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return datetime(year, month, 1, tzinfo=STOCKHOLM)


def expiring_by_month(session: Session, *, now: datetime, months: int = 12) -> list[MonthCount]:
    """Bases expiring in each of the next `months` months, this one first; one indexed
    range count per month on `bases.expires_at`."""
    local = now.astimezone(STOCKHOLM)
    counts = []
    for offset in range(months):
        start = _month_start(local.year, local.month + offset)
        end = _month_start(local.year, local.month + offset + 1)
        count = session.execute(
            select(func.count())
            .select_from(bases)
            .where(bases.c.expires_at >= max(start, now), bases.c.expires_at < end)
        ).scalar_one()
        counts.append(MonthCount(start.date(), int(count)))
    return counts
