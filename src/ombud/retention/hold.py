"""The primitives that take records out of the register: hold, delete, block, crypto-shred.

The purge and an erasure request both use them, so the two cannot drift apart. Each
works on a bounded set of ids inside the caller's transaction: the purge runs them per
batch, an erasure for one subject's rows. Together they keep invariant 4: a value under
a legal hold is moved to the segregated hold (the hold and its end decided by
`retention.plan.hold_decision`), never silently kept; an identifier of a person who
blocked direct marketing leaves a keyed hash behind; and a subject with nothing left
loses their data key with their row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from ombud.protect import ValueCipher, marketing_block_hash, record_aad, unwrap
from ombud.register.expiries import events_for
from ombud.register.rules import identifier_kind
from ombud.register.service import Context
from ombud.retention import queries
from ombud.retention.plan import (
    SUBJECT_RULE,
    HoldDecision,
    HoldIndex,
    hold_decision,
    hold_rule,
    moved_rule,
    purpose_rule,
)
from ombud.store.tables import held_records, records

Counts = Counter[tuple[str, str]]  # (rule, category) -> how many


@dataclass(frozen=True)
class HoldMove:
    """One record to move into a legal hold until `expires_at`."""

    record_id: int
    hold: str
    expires_at: datetime


def remove_records(
    session: Session,
    ctx: Context,
    *,
    record_ids: Collection[int],
    basis_ids: Collection[int],
    moves: Sequence[HoldMove],
    at: datetime,
) -> tuple[int, list[int]]:
    """Move `moves` into the hold, then delete `basis_ids` and `record_ids` with their bases.

    Each move's record must be among `record_ids`. Identifiers of subjects who blocked
    direct marketing leave a keyed hash first. Returns the number of bases deleted and
    the subjects whose records went, for `remove_empty_subjects`.
    """
    move_into_hold(session, ctx, moves, at)
    write_marketing_blocks(session, ctx, records, record_ids, at)
    owners = queries.subjects_of(session, records, record_ids) if record_ids else []
    removed_bases = queries.delete_bases(session, basis_ids, record_ids)
    if record_ids:
        queries.delete_records(session, record_ids)
    return removed_bases, owners


def move_into_hold(session: Session, ctx: Context, moves: Sequence[HoldMove], at: datetime) -> None:
    """Copy the records' ciphertexts into their holds, each with the law that names it."""
    queries.move_to_held(
        session,
        [
            {
                "record_id": move.record_id,
                "hold": move.hold,
                "law": ctx.declaration.legal_holds[move.hold].law,
                "expires_at": move.expires_at,
                "moved_at": at,
            }
            for move in moves
        ],
    )


def settle_records(
    session: Session,
    ctx: Context,
    *,
    record_ids: Collection[int],
    basis_ids: Collection[int],
    index: HoldIndex,
    as_of: datetime,
) -> tuple[Counts, int]:
    """Delete `basis_ids`, and move or delete `record_ids` (records no basis justifies).

    Returns the erasure counts and the number of bases deleted. Subjects left with
    nothing are removed with their data key; marketing blocks are kept as hashes.
    """
    counts: Counts = Counter()
    for purpose, category, count in queries.plain_removal_counts(
        session, as_of, index, within=record_ids
    ):
        counts[(purpose_rule(purpose), category)] += count
    fates = hold_fates(session, ctx, index, as_of, within=record_ids)
    counts.update(Counter((fate.rule, fate.category) for fate in fates))
    moves = [move for fate in fates if (move := fate.move) is not None]
    removed_bases, owners = remove_records(
        session, ctx, record_ids=record_ids, basis_ids=basis_ids, moves=moves, at=as_of
    )
    counts.update(remove_empty_subjects(session, owners))
    return counts, removed_bases


@dataclass(frozen=True)
class Fate:
    """What becomes of one due record a legal hold may keep: moved (`hold` set) or deleted."""

    record_id: int
    category: str
    purpose: str  # the purpose that let the record go
    hold: HoldDecision

    @property
    def rule(self) -> str:
        """The erasure log's rule for this record."""
        if self.hold.hold is None:
            return purpose_rule(self.purpose)
        return moved_rule(self.hold.hold)

    @property
    def move(self) -> HoldMove | None:
        """The move into the hold, if a hold keeps the record."""
        if self.hold.hold is None or self.hold.expires_at is None:
            return None
        return HoldMove(self.record_id, self.hold.hold, self.hold.expires_at)


def hold_fates(
    session: Session,
    ctx: Context,
    index: HoldIndex,
    as_of: datetime,
    within: Collection[int] | None = None,
) -> list[Fate]:
    """Decide, for each due record a hold may keep, which hold keeps it and until when.

    The hold arithmetic is `retention.rules.expiry`, so it runs in Python over these
    records only: the ones whose category a purpose's legal hold names.
    """
    if not index or (within is not None and not within):
        return []
    candidates = _by_record(queries.hold_candidates(session, as_of, index, within=within))
    latest = hold_events(session, ctx, {rows[0].subject_id for rows in candidates.values()})
    fates = []
    for record_id, rows in candidates.items():
        first = rows[0]
        events = events_for(latest.get(first.subject_id, {}), first.entry_id, first.collected_at)
        purposes = {row.held_by for row in rows}
        decision = hold_decision(ctx.declaration, index, purposes, first.category, events, as_of)
        fates.append(Fate(record_id, first.category, first.purpose, decision))
    return fates


def hold_events(
    session: Session, ctx: Context, subject_ids: Collection[int]
) -> dict[int, dict[tuple[str, int | None], datetime]]:
    """Per subject, the latest of each event a legal hold counts from, per entry."""
    names = {n for hold in ctx.declaration.legal_holds.values() for n in hold.retention.events}
    return queries.latest_events(session, subject_ids, names)


def _by_record(rows: Sequence[Row[Any]]) -> dict[int, list[Row[Any]]]:
    """The rows grouped by record, in record order (moves are written in that order)."""
    grouped: dict[int, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    return dict(sorted(grouped.items()))


def write_marketing_blocks(
    session: Session, ctx: Context, table: Any, ids: Collection[int], at: datetime
) -> int:
    """Keep a keyed hash of each identifier that leaves with a subject who blocked marketing.

    The hash cannot be derived from the blind index, so the identifier is decrypted
    with the subject's key while it still exists. Blocked subjects are few: this loops
    over their identifier values only, never over the batch (GDPR Art. 21(3)). Returns
    how many hashes were new.
    """
    if not ids:
        return 0
    hashes = []
    ciphers: dict[str, ValueCipher] = {}
    for row in queries.blocked_values(session, table, ids):
        kind = identifier_kind(row.category)
        if kind is None or row.wrapped_key is None:
            continue
        if row.public_id not in ciphers:
            ciphers[row.public_id] = ValueCipher(
                unwrap(ctx.keyring, row.wrapped_key, row.public_id)
            )
        value = ciphers[row.public_id].decrypt(
            row.value, aad=record_aad(row.public_id, row.category)
        )
        hashes.append(marketing_block_hash(ctx.keyring, kind, value))
    return queries.add_marketing_blocks(session, hashes, at)


def forget_subject(session: Session, subject_id: int) -> None:
    """Drop what hangs on a subject with no record left: identifiers, events, consents.

    Values still in a legal hold keep the subject row, and with it the key that opens
    them; nothing else of the person stays to find or use them by.
    """
    queries.forget_subjects(session, [subject_id])


def remove_empty_subjects(session: Session, subject_ids: Collection[int]) -> Counts:
    """Remove the subjects with nothing left, destroying their wrapped data key.

    With the key gone, any copy of their ciphertext (a backup) is unreadable:
    crypto-shredding. Counted per subject kind under the rule `subject`.
    """
    if not subject_ids:
        return Counter()
    empty = queries.empty_subjects(session, subject_ids)
    queries.remove_subjects(session, [row.id for row in empty])
    return Counter((SUBJECT_RULE, row.kind) for row in empty)


def settle_held(
    session: Session, ctx: Context, rows: Sequence[Row[Any]], as_of: datetime
) -> Counts:
    """Delete held values whose hold ran out (rows of `queries.expired_held`)."""
    ids = [row.id for row in rows]
    write_marketing_blocks(session, ctx, held_records, ids, as_of)
    counts: Counts = Counter((hold_rule(row.hold), row.category) for row in rows)
    queries.delete_held(session, ids)
    counts.update(remove_empty_subjects(session, {row.subject_id for row in rows}))
    return counts


def log_counts(
    session: Session, kind: str, run_id: int | None, counts: Counts, at: datetime
) -> None:
    """Add `counts` to the erasure log: a purge's under its run, an erasure's on their own.

    Counts per rule and category only, never personal data.
    """
    rows = [(rule, category, n) for (rule, category), n in sorted(counts.items())]
    queries.add_to_log(session, run_id, kind, rows, at)
