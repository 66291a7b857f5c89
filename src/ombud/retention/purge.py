"""The purge (gallring): remove what no purpose justifies any longer, in batches, with proof.

`plan` says what a purge as of a date would do (`ombud purge --dry-run`); `purge` does
it; `runs` reads the erasure log back (`ombud purge report`). A purge takes expired
bases in batches (oldest expiry first), each batch one transaction: a crash or a kill
loses nothing that should stay, and the next run simply continues (invariant 4). One
purge runs at a time (`lease`). The erasure log and the audit trail get counts per
rule and category, never personal data.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from ombud.register import audit
from ombud.register.service import Context
from ombud.retention import queries
from ombud.retention.hold import Counts, hold_fates, log_counts, settle_held, settle_records
from ombud.retention.lease import new_holder, purge_lease, renew
from ombud.retention.model import DueBases, ErasureCount, PurgePlan, PurgeRun
from ombud.retention.plan import SUBJECT_RULE, hold_index, hold_rule, purpose_rule
from ombud.retention.recompute import Recomputed, recompute_expiries
from ombud.store.tables import bases, erasure_log, held_records, purge_runs

DEFAULT_BATCH_SIZE = 2_000
MAX_BATCH_SIZE = 10_000  # ids of a batch are bound parameters; SQLite allows 32,766
ACTOR = "purge"
NEXT_DUE_HORIZON = timedelta(days=90)  # how far ahead the dry run looks for next expiries


@dataclass(frozen=True)
class BatchDone:
    """Progress of a running purge: what the batch just committed removed."""

    bases: int
    records: int


Progress = Callable[[BatchDone], None]


def plan(session: Session, ctx: Context, *, as_of: datetime) -> PurgePlan:
    """What a purge as of `as_of` would delete, move and remove, without writing anything.

    Counts come from the purge's own predicates, so the plan equals what the purge
    then does, subjects aside (which of them end up empty is only known by doing it).
    """
    index = hold_index(ctx.declaration)
    removed: Counts = Counter()
    for purpose, category, count in queries.plain_removal_counts(session, as_of, index):
        removed[(purpose_rule(purpose), category)] += count
    removed.update(Counter((f.rule, f.category) for f in hold_fates(session, ctx, index, as_of)))
    for hold, category, count in queries.due_held_counts(session, as_of):
        removed[(hold_rule(hold), category)] += count
    return PurgePlan(
        as_of=as_of,
        bases=tuple(
            DueBases(p, c, n) for p, c, n in sorted(queries.due_bases_counts(session, as_of, index))
        ),
        removed=_erasure_counts(removed),
        next_due=tuple(queries.next_due(session, as_of, as_of + NEXT_DUE_HORIZON)),
    )


def _erasure_counts(counts: Counts) -> tuple[ErasureCount, ...]:
    return tuple(ErasureCount(rule, category, n) for (rule, category), n in sorted(counts.items()))


def due_count(session: Session, *, as_of: datetime) -> int:
    """How many expired bases and held values a purge as of `as_of` works through."""
    expired = select(func.count()).select_from(bases).where(bases.c.expires_at <= as_of)
    held = select(func.count()).select_from(held_records).where(held_records.c.expires_at <= as_of)
    return int(session.execute(expired).scalar_one()) + int(session.execute(held).scalar_one())


def purge(
    sessions: sessionmaker[Session],
    ctx: Context,
    *,
    as_of: datetime | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> PurgeRun:
    """Purge everything due by `as_of` (default: now), batch by batch; log and audit the run.

    Conflict at once if another purge holds the lease. Every batch commits on its own;
    a run that fails is marked failed and what it committed stays done.
    """
    if not 1 <= batch_size <= MAX_BATCH_SIZE:
        raise ValueError(f"batch_size: got {batch_size}; expected 1 to {MAX_BATCH_SIZE}")
    as_of = as_of or ctx.clock.now()
    holder = new_holder()
    with purge_lease(sessions, ctx.clock, holder):
        run_id = _start_run(sessions, ctx, as_of)
        began = time.monotonic()
        try:
            settled, bases_removed = _run_batches(
                sessions, ctx, run_id, holder, as_of, batch_size, progress or (lambda _: None)
            )
        except BaseException:
            with sessions.begin() as session:
                _finish_run(session, ctx, run_id, "failed", None)
            raise
        with sessions.begin() as session:
            rate = settled / max(time.monotonic() - began, 1e-6)
            _finish_run(session, ctx, run_id, "finished", rate)
            result = _read_run(session, run_id)
            _audit(session, ctx, result, bases_removed)
    return result


def _start_run(sessions: sessionmaker[Session], ctx: Context, as_of: datetime) -> int:
    """Open the run's log row; runs still marked running died without finishing."""
    with sessions.begin() as session:
        now = ctx.clock.now()
        session.execute(
            update(purge_runs)
            .where(purge_runs.c.status == "running")
            .values(status="failed", finished_at=now)
        )
        return int(
            session.execute(
                insert(purge_runs)
                .values(started_at=now, status="running", as_of=as_of)
                .returning(purge_runs.c.id)
            ).scalar_one()
        )


def _run_batches(
    sessions: sessionmaker[Session],
    ctx: Context,
    run_id: int,
    holder: str,
    as_of: datetime,
    batch_size: int,
    progress: Progress,
) -> tuple[int, int]:
    """Work through expired bases, then expired held values; return (values, bases) removed."""
    index = hold_index(ctx.declaration)
    settled = bases_removed = 0
    after: tuple[datetime, int] | None = None
    while True:
        with sessions.begin() as session:
            renew(session, holder, ctx.clock.now())
            batch = queries.expired_bases(session, as_of, index, batch_size, after=after)
            if not batch:
                break
            after = (batch[-1].expires_at, batch[-1].id)
            due = sorted({row.record_id for row in batch if row.due})
            counts, removed = settle_records(
                session,
                ctx,
                record_ids=due,
                # The bases of due records go with them; looking those up again by id
                # would only find rows this transaction already deleted.
                basis_ids=[row.id for row in batch if not row.due],
                index=index,
                as_of=as_of,
            )
            _log(session, ctx, run_id, counts)
        settled, bases_removed = settled + len(due), bases_removed + removed
        progress(BatchDone(bases=len(batch), records=len(due)))
    while True:
        with sessions.begin() as session:
            renew(session, holder, ctx.clock.now())
            held = queries.expired_held(session, as_of, batch_size)
            if not held:
                break
            _log(session, ctx, run_id, settle_held(session, ctx, held, as_of))
        settled += len(held)
        progress(BatchDone(bases=0, records=len(held)))
    return settled, bases_removed


def _log(session: Session, ctx: Context, run_id: int, counts: Counts) -> None:
    log_counts(session, "purge", run_id, counts, ctx.clock.now())


def _finish_run(
    session: Session, ctx: Context, run_id: int, status: str, rate: float | None
) -> None:
    session.execute(
        update(purge_runs)
        .where(purge_runs.c.id == run_id)
        .values(status=status, finished_at=ctx.clock.now(), records_per_second=rate)
    )


def _audit(session: Session, ctx: Context, run: PurgeRun, bases_removed: int) -> None:
    def total(prefix: str) -> int:
        return sum(c.count for c in run.removed if c.rule.split(":")[0] == prefix)

    audit.append(
        session,
        audit.PurgeRan(
            run_id=run.id,
            as_of=run.as_of.isoformat(),
            records_removed=total("purpose"),
            records_moved_to_hold=total("moved"),
            held_removed=total("hold"),
            subjects_removed=total(SUBJECT_RULE),
            bases_removed=bases_removed,
        ),
        at=ctx.clock.now(),
        actor=ACTOR,
    )


def _read_run(session: Session, run_id: int) -> PurgeRun:
    row = session.execute(select(purge_runs).where(purge_runs.c.id == run_id)).one()
    counts = session.execute(
        select(erasure_log.c.rule, erasure_log.c.category, erasure_log.c.count)
        .where(erasure_log.c.run_id == run_id)
        .order_by(erasure_log.c.rule, erasure_log.c.category)
    )
    return PurgeRun(
        id=row.id,
        as_of=row.as_of,
        started_at=row.started_at,
        finished_at=row.finished_at,
        status=row.status,
        records_per_second=row.records_per_second,
        removed=tuple(ErasureCount(*c) for c in counts),
    )


def runs(session: Session, *, since: datetime | None = None) -> list[PurgeRun]:
    """The purge runs started at or after `since`, oldest first, with their erasure counts."""
    query = select(purge_runs.c.id).order_by(purge_runs.c.id)
    if since is not None:
        query = query.where(purge_runs.c.started_at >= since)
    return [_read_run(session, run_id) for run_id in session.execute(query).scalars()]


def preview_declaration(
    session: Session, ctx: Context, *, as_of: datetime
) -> tuple[Recomputed, PurgePlan]:
    """What `ctx.declaration` (a new one) would change: its expiries, then the purge's plan.

    Both run inside a savepoint that is rolled back: nothing is applied
    (`ombud purge --dry-run --declaration NEW.yaml`; `ombud purge recompute` applies it).
    """
    savepoint = session.begin_nested()
    try:
        changed = recompute_expiries(session, ctx.declaration, at=ctx.clock.now())
        return changed, plan(session, ctx, as_of=as_of)
    finally:
        savepoint.rollback()
