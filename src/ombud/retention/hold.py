"""The purge's primitives: move held values into the legal hold, delete, crypto-shred.

Each works on a bounded set of ids inside the caller's transaction, so the purge runs
them per batch and an erasure can run them for one subject's rows. Together they keep
invariant 4: a value under a legal hold is moved to the segregated hold, never silently
kept, and a subject with nothing left loses their data key with their row.
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
    decide_hold,
    hold_rule,
    holds_for,
    moved_rule,
    purpose_rule,
)
from ombud.store.tables import held_records, records

Counts = Counter[tuple[str, str]]  # (rule, category) -> how many


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
    counts.update(_move_held(session, ctx, record_ids, index, as_of))
    write_marketing_blocks(session, ctx, records, record_ids, as_of)
    owners = queries.subjects_of(session, records, record_ids) if record_ids else []
    removed_bases = queries.delete_bases(session, basis_ids, record_ids)
    if record_ids:
        queries.delete_records(session, record_ids)
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
    names = {n for hold in ctx.declaration.legal_holds.values() for n in hold.retention.events}
    subjects = {rows[0].subject_id for rows in candidates.values()}
    latest = queries.latest_events(session, subjects, names)
    fates = []
    for record_id, rows in candidates.items():
        first = rows[0]
        holds = holds_for(index, {row.held_by for row in rows}, first.category)
        events = events_for(latest.get(first.subject_id, {}), first.entry_id, first.collected_at)
        decision = decide_hold(ctx.declaration, holds, events, as_of)
        fates.append(Fate(record_id, first.category, first.purpose, decision))
    return fates


def _move_held(
    session: Session,
    ctx: Context,
    record_ids: Collection[int],
    index: HoldIndex,
    as_of: datetime,
) -> Counts:
    """Move the due records a legal hold keeps; count the rest under their purpose."""
    fates = hold_fates(session, ctx, index, as_of, within=record_ids)
    moves = [
        {
            "record_id": fate.record_id,
            "hold": fate.hold.hold,
            "law": ctx.declaration.legal_holds[fate.hold.hold].law,
            "expires_at": fate.hold.expires_at,
            "moved_at": as_of,
        }
        for fate in fates
        if fate.hold.hold is not None
    ]
    queries.move_to_held(session, moves)
    return Counter((fate.rule, fate.category) for fate in fates)


def _by_record(rows: Sequence[Row[Any]]) -> dict[int, list[Row[Any]]]:
    """The rows grouped by record, in record order (moves are written in that order)."""
    grouped: dict[int, list[Row[Any]]] = {}
    for row in rows:
        grouped.setdefault(row.id, []).append(row)
    return dict(sorted(grouped.items()))


def write_marketing_blocks(
    session: Session, ctx: Context, table: Any, ids: Collection[int], at: datetime
) -> None:
    """Keep a keyed hash of each identifier that leaves with a subject who blocked marketing.

    The hash cannot be derived from the blind index, so the identifier is decrypted
    with the subject's key while it still exists. Blocked subjects are few: this loops
    over their identifier values only, never over the batch (GDPR Art. 21(3)).
    """
    if not ids:
        return
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
    queries.add_marketing_blocks(session, hashes, at)


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
