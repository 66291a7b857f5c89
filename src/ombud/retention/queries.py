"""The purge's SQL: set-based statements over the store, the same on SQLite and PostgreSQL.

Each statement touches the rows of one batch (ids passed in, at most a batch size of
them) or walks the `expires_at` indexes, so its cost follows the rows purged, not the
size of the store (DESIGN.md, invariant 5). `subject` restricts a statement to one
subject, for an erasure that reuses the same primitives.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Row,
    String,
    and_,
    any_,
    bindparam,
    delete,
    false,
    func,
    insert,
    literal_column,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from ombud.retention.plan import HoldIndex
from ombud.store.tables import (
    bases,
    consents,
    entries,
    erasure_log,
    events,
    held_records,
    intake_flags,
    marketing_blocks,
    records,
    subject_identifiers,
    subjects,
)
from ombud.store.types import UTCDateTime

_sibling = bases.alias("sibling")


def _among(session: Session, column: ColumnElement[int], ids: Collection[int]) -> Any:
    """`column IN ids`, for a batch's ids: one array parameter on PostgreSQL.

    A list of thousands of bound parameters costs PostgreSQL a parse and a plan of that
    list in every statement, and SQLAlchemy its rendering; an array is one value.
    SQLite has no arrays, and its IN list is cheap.
    """
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(ids), type_=ARRAY(BigInteger())))
    return column.in_(ids)


def _any(table: Any, *conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """EXISTS (SELECT 1 FROM table WHERE conditions).

    Not `SELECT *`: given that, SQLite plans each probe on the index and the table
    row behind it; given `SELECT 1`, on the index alone where it covers the conditions.
    """
    return select(literal_column("1")).select_from(table).where(*conditions).exists()


def _live_basis(record_id: ColumnElement[int], as_of: datetime) -> ColumnElement[bool]:
    """The record has a basis that still justifies it at `as_of` (or has no clock yet)."""
    return _any(
        _sibling,
        _sibling.c.record_id == record_id,
        or_(_sibling.c.expires_at.is_(None), _sibling.c.expires_at > as_of),
    )


def _held_pair(
    index: HoldIndex, purpose: ColumnElement[str], category: ColumnElement[str]
) -> ColumnElement[bool]:
    """The basis's purpose names a legal hold over the record's category."""
    pairs = [
        and_(purpose == key, category.in_(sorted(kept))) for key, kept in sorted(index.items())
    ]
    return or_(*pairs) if pairs else false()


def _waiting(index: HoldIndex, as_of: datetime) -> ColumnElement[bool]:
    """An expired basis that must stay for now, or deleting it would forget a legal hold.

    Its purpose holds its category under a legal hold, and another basis still
    justifies the record.
    """
    return and_(
        _held_pair(index, bases.c.purpose, bases.c.category),
        _live_basis(bases.c.record_id, as_of),
    )


def _last_to_expire() -> ColumnElement[bool]:
    """No other basis of the record expires after this one (ties: the greater purpose)."""
    later = or_(
        _sibling.c.expires_at.is_(None),
        _sibling.c.expires_at > bases.c.expires_at,
        and_(_sibling.c.expires_at == bases.c.expires_at, _sibling.c.purpose > bases.c.purpose),
    )
    return not_(_any(_sibling, _sibling.c.record_id == bases.c.record_id, later))


def _scoped(query: Select[Any], column: Any, subject: int | None) -> Select[Any]:
    return query if subject is None else query.where(column == subject)


def expired_bases(
    session: Session,
    as_of: datetime,
    index: HoldIndex,
    limit: int,
    subject: int | None = None,
    after: tuple[datetime, int] | None = None,
) -> Sequence[Row[Any]]:
    """The next batch of expired bases, oldest expiry first: (id, record_id, expires_at, due).

    `due` says that no basis justifies the record any longer at `as_of`. A basis whose
    purpose holds the record's category under a legal hold waits while another basis
    still justifies the record: deleting it would forget the hold. `after` is the
    (expires_at, id) of the previous batch's last basis: the walk resumes there instead
    of stepping again over the index entries of the bases already deleted.
    """
    query = select(
        bases.c.id,
        bases.c.record_id,
        bases.c.expires_at,
        not_(_live_basis(bases.c.record_id, as_of)).label("due"),
    ).where(bases.c.expires_at <= as_of, not_(_waiting(index, as_of)))
    if after is not None:
        at, last = after
        query = query.where(
            bases.c.expires_at >= at, or_(bases.c.expires_at > at, bases.c.id > last)
        )
    query = query.order_by(bases.c.expires_at, bases.c.id).limit(limit)
    return session.execute(_scoped(query, bases.c.subject_id, subject)).all()


def due_records_query(
    as_of: datetime, index: HoldIndex, *, held: bool, within: ColumnElement[bool] | None = None
) -> Select[Any]:
    """Records whose every basis has expired by `as_of`, with the purpose that let them go.

    Read from bases alone: a record is due when its last basis to expire has expired,
    and that basis names the purpose that finally let it go. `held` picks the records a
    legal hold may keep (their fate needs the hold's arithmetic) or the rest (plainly
    deleted). `within` restricts to a batch's records (a condition on `bases.record_id`).
    """
    # A basis of the record names a hold over its category. The category is tested
    # first: a record no hold could keep costs no probe for the holding basis.
    holding = [
        and_(
            bases.c.category.in_(sorted(kept)),
            _any(_sibling, _sibling.c.record_id == bases.c.record_id, _sibling.c.purpose == key),
        )
        for key, kept in sorted(index.items())
    ]
    may_hold = or_(*holding) if holding else false()
    query = select(
        bases.c.record_id.label("id"),
        bases.c.subject_id,
        bases.c.category,
        bases.c.purpose,
    ).where(bases.c.expires_at <= as_of, may_hold if held else not_(may_hold), _last_to_expire())
    return query if within is None else query.where(within)


def plain_removal_counts(
    session: Session, as_of: datetime, index: HoldIndex, within: Collection[int] | None = None
) -> list[tuple[str, str, int]]:
    """(purpose, category, count) of due records no hold could keep, in one statement."""
    batch = None if within is None else _among(session, bases.c.record_id, within)
    due = due_records_query(as_of, index, held=False, within=batch).subquery()
    # Grouped category first, as below.
    query = select(due.c.purpose, due.c.category, func.count()).group_by(
        due.c.category, due.c.purpose
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def hold_candidates(
    session: Session, as_of: datetime, index: HoldIndex, within: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    """Due records a legal hold may keep, with what deciding and moving them needs.

    Unordered: ordered by record, SQLite walks the whole record_id index for the order.
    """
    batch = None if within is None else _among(session, bases.c.record_id, within)
    due = due_records_query(as_of, index, held=True, within=batch).subquery()
    query: Select[Any] = (
        select(
            due.c.id,
            due.c.subject_id,
            due.c.category,
            due.c.purpose,
            records.c.entry_id,
            records.c.collected_at,
            bases.c.purpose.label("held_by"),
        )
        .join(records, records.c.id == due.c.id)
        .join(bases, bases.c.record_id == due.c.id)
    )
    return session.execute(query).all()


def latest_events(
    session: Session, subject_ids: Collection[int], names: Collection[str]
) -> dict[int, dict[tuple[str, int | None], datetime]]:
    """Per subject, the latest time of each named event, per entry (None: the subject)."""
    if not subject_ids or not names:
        return {}
    query = (
        select(events.c.subject_id, events.c.name, events.c.entry_id, func.max(events.c.at))
        .where(_among(session, events.c.subject_id, subject_ids), events.c.name.in_(names))
        .group_by(events.c.subject_id, events.c.name, events.c.entry_id)
    )
    latest: dict[int, dict[tuple[str, int | None], datetime]] = {}
    for subject_id, name, entry_id, at in session.execute(query):
        latest.setdefault(subject_id, {})[(name, entry_id)] = at
    return latest


def move_to_held(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Copy ciphertexts into the hold as they are, in the database (never through Python).

    Each row names `record_id`, `hold`, `law`, `expires_at` and `moved_at`. The values stay
    decryptable: their associated data names the subject and category, not the record.
    """
    if not rows:
        return
    source = select(
        records.c.subject_id,
        bindparam("hold", type_=String()),
        records.c.category,
        records.c.value,
        bindparam("expires_at", type_=UTCDateTime()),
        bindparam("moved_at", type_=UTCDateTime()),
        bindparam("law", type_=String()),
    ).where(records.c.id == bindparam("record_id"))
    columns = ["subject_id", "hold", "category", "value", "expires_at", "moved_at", "law"]
    session.execute(insert(held_records).from_select(columns, source), list(rows))


def delete_bases(session: Session, basis_ids: Collection[int], record_ids: Collection[int]) -> int:
    """Delete every basis of the records that go, and the batch's other expired bases.

    Two statements: given `id IN … OR record_id IN …`, PostgreSQL scans the whole table.
    """
    removed = 0
    for column, ids in ((bases.c.record_id, record_ids), (bases.c.id, basis_ids)):
        if ids:
            result = session.execute(delete(bases).where(_among(session, column, ids)))
            removed += int(result.rowcount)  # type: ignore[attr-defined]
    return removed


def delete_records(session: Session, record_ids: Collection[int]) -> int:
    """Delete records (their bases must be gone)."""
    result = session.execute(delete(records).where(_among(session, records.c.id, record_ids)))
    return int(result.rowcount)  # type: ignore[attr-defined]


def blocked_values(session: Session, table: Any, ids: Collection[int]) -> Sequence[Row[Any]]:
    """Values (ciphertext) of `table` rows whose subject blocked direct marketing."""
    query = (
        select(
            table.c.category,
            table.c.value,
            subjects.c.public_id,
            subjects.c.wrapped_key,
        )
        .join(subjects, subjects.c.id == table.c.subject_id)
        # The bare column, not `IS true`: the partial index on blocked subjects
        # answers only the predicate it was declared with.
        .where(_among(session, table.c.id, ids), subjects.c.marketing_block)
        .order_by(subjects.c.id)
    )
    return session.execute(query).all()


def add_marketing_blocks(session: Session, hashes: Collection[bytes], at: datetime) -> int:
    """Insert the block hashes not yet listed (marknadsföringslagen; GDPR Art. 21(3)).

    Returns how many were new.
    """
    if not hashes:
        return 0
    known = set(
        session.execute(
            select(marketing_blocks.c.hash).where(marketing_blocks.c.hash.in_(hashes))
        ).scalars()
    )
    new = [{"hash": h, "created_at": at} for h in sorted(set(hashes) - known)]
    if new:
        session.execute(insert(marketing_blocks), new)
    return len(new)


def subjects_of(session: Session, table: Any, ids: Collection[int]) -> list[int]:
    """The distinct subjects owning these rows of `table` (records or held_records)."""
    query = select(table.c.subject_id).where(_among(session, table.c.id, ids)).distinct()
    return list(session.execute(query).scalars())


def empty_subjects(session: Session, subject_ids: Collection[int]) -> Sequence[Row[Any]]:
    """(id, kind) of the given subjects with no record and no held value left."""
    query: Select[Any] = select(subjects.c.id, subjects.c.kind).where(
        _among(session, subjects.c.id, subject_ids),
        not_(_any(records, records.c.subject_id == subjects.c.id)),
        not_(_any(held_records, held_records.c.subject_id == subjects.c.id)),
    )
    return session.execute(query).all()


def forget_subjects(session: Session, subject_ids: Collection[int]) -> None:
    """Delete what hangs on the subjects: identifiers, events, consents, flags, entries.

    Consents go too: proof of consent is needed while data is processed on it
    (Art. 7(1)), and nothing is processed once no record of the subject is left.
    """
    if not subject_ids:
        return
    for table in (subject_identifiers, events, consents, intake_flags, entries):
        session.execute(delete(table).where(_among(session, table.c.subject_id, subject_ids)))


def remove_subjects(session: Session, subject_ids: Collection[int]) -> None:
    """Delete the subjects and everything hung on them; their wrapped data key goes too.

    Their requests stay, no longer linked to them (the foreign key sets it null).
    """
    if not subject_ids:
        return
    forget_subjects(session, subject_ids)
    session.execute(delete(subjects).where(_among(session, subjects.c.id, subject_ids)))


def expired_held(
    session: Session, as_of: datetime, limit: int, subject: int | None = None
) -> Sequence[Row[Any]]:
    """The next batch of held values whose hold ran out: (id, subject_id, hold, category)."""
    query = (
        select(
            held_records.c.id,
            held_records.c.subject_id,
            held_records.c.hold,
            held_records.c.category,
        )
        .where(held_records.c.expires_at <= as_of)
        .order_by(held_records.c.expires_at, held_records.c.id)
        .limit(limit)
    )
    return session.execute(_scoped(query, held_records.c.subject_id, subject)).all()


def delete_held(session: Session, ids: Collection[int]) -> None:
    session.execute(delete(held_records).where(_among(session, held_records.c.id, ids)))


def add_to_log(
    session: Session,
    run_id: int | None,
    kind: str,
    counts: Collection[tuple[str, str, int]],
    at: datetime,
) -> None:
    """Add counts to the run's erasure log rows (rule, category), creating missing rows.

    Without a run (an erasure on request) every call writes rows of its own.
    """
    for rule, category, count in counts:
        if run_id is not None:
            same = and_(
                erasure_log.c.run_id == run_id,
                erasure_log.c.kind == kind,
                erasure_log.c.rule == rule,
                erasure_log.c.category == category,
            )
            result = session.execute(
                update(erasure_log).where(same).values(count=erasure_log.c.count + count, at=at)
            )
            if result.rowcount:  # type: ignore[attr-defined]
                continue
        session.execute(
            insert(erasure_log).values(
                run_id=run_id, kind=kind, rule=rule, category=category, count=count, at=at
            )
        )


def due_bases_counts(
    session: Session, as_of: datetime, index: HoldIndex
) -> list[tuple[str, str, int]]:
    """(purpose, category, count) of the bases a purge as of `as_of` deletes."""
    query = (
        select(bases.c.purpose, bases.c.category, func.count())
        .where(bases.c.expires_at <= as_of, not_(_waiting(index, as_of)))
        # Category first: grouped by purpose first, SQLite walks the whole (purpose,
        # subject_id) index for its order instead of the expiry range.
        .group_by(bases.c.category, bases.c.purpose)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def due_held_counts(session: Session, as_of: datetime) -> list[tuple[str, str, int]]:
    """(hold, category, count) of held values whose hold runs out by `as_of`."""
    query = (
        select(held_records.c.hold, held_records.c.category, func.count())
        .where(held_records.c.expires_at <= as_of)
        .group_by(held_records.c.hold, held_records.c.category)
    )
    return [(row[0], row[1], row[2]) for row in session.execute(query)]


def next_due(session: Session, as_of: datetime, horizon: datetime) -> list[tuple[str, datetime]]:
    """Per purpose, the first expiry after `as_of` and up to `horizon`: one bounded index walk.

    Bounded because a purpose with no expiry ahead would otherwise walk the whole index.
    """
    query = (
        select(bases.c.purpose, func.min(bases.c.expires_at))
        .where(bases.c.expires_at > as_of, bases.c.expires_at <= horizon)
        .group_by(bases.c.purpose)
        .order_by(bases.c.purpose)
    )
    return [(purpose, at) for purpose, at in session.execute(query)]
