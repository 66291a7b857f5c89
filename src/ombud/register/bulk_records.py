"""The records and bases of a bulk collection, with the expiries `collect` would give them.

The same value already held for a subject is reused (one record, several bases);
a basis already held for the purpose is renewed, not duplicated; each expiry is
`retention.expiry` over the subject's events, as `record_expiry` computes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Connection, bindparam, select, update

from ombud.declaration.model import Purpose, SourceKind
from ombud.register.expiries import events_for
from ombud.register.sealing import SealedValue
from ombud.register.service import Context
from ombud.retention import expiry
from ombud.store.bulk import BulkWriter
from ombud.store.tables import bases, records
from ombud.store.tables import events as events_table

if TYPE_CHECKING:
    from ombud.register.bulk import BulkPlan, Incoming, Target

IN_CHUNK = 2_000
RecordKey = tuple[int, str, bytes, int | None]  # subject, category, value hash, entry
Latest = dict[tuple[str, int | None], datetime]
RECORD_COLUMNS = ("id", "subject_id", "category", "value", "value_hash", "entry_id")


class _Held(NamedTuple):
    """A record this collection gives a basis: its id and what its expiry counts from."""

    id: int
    subject_id: int
    category: str
    entry_id: int | None
    collected_at: datetime
    stored: bool  # it existed before this collection


class RecordWriter:
    """Writes the records and bases of accepted rows, chunk by chunk."""

    def __init__(
        self,
        writer: Callable[[], BulkWriter],
        ctx: Context,
        declared: Purpose,
        plan: BulkPlan,
        now: datetime,
    ) -> None:
        self.writer, self.ctx, self.declared, self.plan, self.now = (
            writer,
            ctx,
            declared,
            plan,
            now,
        )

    def _read(self) -> Connection:
        """The connection, for reading: once every batch handed over is written."""
        return self.writer().flushed()

    def write(
        self,
        accepted: Sequence[tuple[Incoming, Target, tuple[SealedValue, ...]]],
        entry_ids: Sequence[int | None],
        *,
        refresh: dict[int, set[str]],
    ) -> tuple[int, int]:
        """Store the rows' sealed values and bases; return (new records, reused records)."""
        stored = self._stored_records([t for _, t, _ in accepted])
        held: dict[RecordKey, _Held] = {}
        pending: dict[RecordKey, bytes] = {}
        reused = 0
        for (_, target, values), entry in zip(accepted, entry_ids, strict=True):
            assert target.id is not None
            for category, digest, ciphertext in values:
                key = (target.id, category, digest, entry)
                if key in stored:
                    reused += key not in held
                    held[key] = stored[key]
                elif key not in pending:
                    pending[key] = ciphertext
        ids = self.writer().ids(records, len(pending))
        plan = self.plan
        shared = {
            "source": plan.source.value,
            "source_name": plan.source_name,
            "provided_by_subject": plan.source is SourceKind.subject,
            "collected_at": self.now,
        }
        rows = [
            (record_id, subject_id, category, ciphertext, digest, entry)
            for record_id, ((subject_id, category, digest, entry), ciphertext) in zip(
                ids, pending.items(), strict=True
            )
        ]
        self.writer().insert(records, RECORD_COLUMNS, rows, shared)
        for key, record_id in zip(pending, ids, strict=True):
            held[key] = _Held(record_id, key[0], key[1], key[3], self.now, False)
        self._write_bases(
            list({h.id: h for h in held.values()}.values()), self._fresh(accepted, entry_ids)
        )
        self._refresh(refresh)
        return len(pending), reused

    def _fresh(
        self,
        accepted: Sequence[tuple[Incoming, Target, tuple[SealedValue, ...]]],
        entry_ids: Sequence[int | None],
    ) -> dict[int, Latest]:
        """The latest events of subjects created by this chunk: those of its rows, no more.

        Such a subject has no events but the ones just written for it, so they need not
        be read back.
        """
        rule = self.declared.retention
        names = rule.events if rule is not None else frozenset()
        fresh: dict[int, Latest] = {}
        for (row, target, _), entry in zip(accepted, entry_ids, strict=True):
            if target.wrapped is None or target.id is None:
                continue
            mine = fresh.setdefault(target.id, {})
            for name, at in row.events.items():
                if name in names and ((name, entry) not in mine or at > mine[(name, entry)]):
                    mine[(name, entry)] = at.astimezone(UTC)  # as the store gives it back
        return fresh

    def _refresh(self, refresh: dict[int, set[str]]) -> None:
        """Recompute, set-based, the other bases of stored subjects whose events came in.

        What `record_event` does per subject: every basis whose rule counts from one of
        the new events gets its expiry again, over all of the subject's events.
        """
        names = set().union(*refresh.values()) if refresh else set()
        rules = {
            key: p.retention
            for key, p in self.ctx.declaration.purposes.items()
            if p.retention is not None and p.retention.events & names
        }
        if not rules:
            return
        ids = sorted(refresh)
        wanted = sorted(set().union(*(r.events for r in rules.values())))
        latest = self._latest_events(ids, wanted)
        changes: list[dict[str, Any]] = []
        for start in range(0, len(ids), IN_CHUNK):
            rows = self._read().execute(
                select(
                    bases.c.id,
                    bases.c.subject_id,
                    bases.c.purpose,
                    bases.c.expires_at,
                    records.c.entry_id,
                    records.c.collected_at,
                )
                .join(records, records.c.id == bases.c.record_id)
                .where(
                    bases.c.subject_id.in_(ids[start : start + IN_CHUNK]),
                    bases.c.purpose.in_(sorted(rules)),
                )
            )
            for r in rows:
                happened = events_for(latest.get(r.subject_id, {}), r.entry_id, r.collected_at)
                new = expiry(rules[r.purpose], happened)
                if new != r.expires_at:
                    changes.append({"basis_id": r.id, "expires_at": new})
        self._update_expiries(changes)

    def _stored_records(self, targets: Sequence[Target]) -> dict[RecordKey, _Held]:
        """Records stored subjects already hold outside any entry (a new entry holds none)."""
        if self.plan.entry_kind is not None:
            return {}
        ids = sorted({t.id for t in targets if t.wrapped is None and t.id is not None})
        found: dict[RecordKey, _Held] = {}
        for start in range(0, len(ids), IN_CHUNK):
            rows = self._read().execute(
                select(
                    records.c.id,
                    records.c.subject_id,
                    records.c.category,
                    records.c.value_hash,
                    records.c.collected_at,
                ).where(
                    records.c.subject_id.in_(ids[start : start + IN_CHUNK]),
                    records.c.entry_id.is_(None),
                )
            )
            for r in rows:
                key = (r.subject_id, r.category, bytes(r.value_hash), None)
                found[key] = _Held(r.id, r.subject_id, r.category, None, r.collected_at, True)
        return found

    def _write_bases(self, held: list[_Held], fresh: dict[int, Latest]) -> None:
        rule = self.declared.retention
        names = sorted(rule.events) if rule is not None else []
        known = sorted({h.subject_id for h in held} - fresh.keys())
        latest = {**self._latest_events(known, names), **fresh}
        renewed = self._stored_bases([h.id for h in held if h.stored])
        new_rows: list[tuple[Any, ...]] = []
        updates: list[dict[str, Any]] = []
        # A subject's records collected together share their events: one expiry for all.
        expiries: dict[tuple[int, int | None, datetime], datetime | None] = {}
        # And subjects with the same event times share it: most rows of an import do.
        by_events: dict[frozenset[tuple[str, datetime]], datetime | None] = {}
        for h in held:
            clock = (h.subject_id, h.entry_id, h.collected_at)
            if clock not in expiries:
                expiries[clock] = self._expiry(latest.get(h.subject_id, {}), h, by_events)
            expires_at = expiries[clock]
            if h.id in renewed:
                updates.append({"basis_id": renewed[h.id], "expires_at": expires_at})
                continue
            new_rows.append((h.id, h.subject_id, h.category, expires_at))
        shared = {
            "purpose": self.plan.purpose,
            "legal_basis": self.declared.legal_basis.value,
            "status": "active",
            "created_at": self.now,
            "updated_at": self.now,
        }
        self.writer().insert(
            bases, ("record_id", "subject_id", "category", "expires_at"), new_rows, shared
        )
        if updates:
            # Collected again for the same purpose: the basis is renewed, not duplicated.
            statement = (
                update(bases)
                .where(bases.c.id == bindparam("basis_id"))
                .values(status="active", expires_at=bindparam("expires_at"), updated_at=self.now)
            )
            self._read().execute(statement, updates)

    def _update_expiries(self, changes: list[dict[str, Any]]) -> None:
        if changes:
            statement = (
                update(bases)
                .where(bases.c.id == bindparam("basis_id"))
                .values(expires_at=bindparam("expires_at"), updated_at=self.now)
            )
            self._read().execute(statement, changes)

    def _expiry(
        self,
        latest: Latest,
        held: _Held,
        known: dict[frozenset[tuple[str, datetime]], datetime | None],
    ) -> datetime | None:
        rule = self.declared.retention
        if rule is None:
            return None
        happened = events_for(latest, held.entry_id, held.collected_at)
        key = frozenset(happened.items())
        if key not in known:
            known[key] = expiry(rule, happened)
        return known[key]

    def _stored_bases(self, record_ids: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(record_ids), IN_CHUNK):
            rows = self._read().execute(
                select(bases.c.record_id, bases.c.id).where(
                    bases.c.record_id.in_(record_ids[start : start + IN_CHUNK]),
                    bases.c.purpose == self.plan.purpose,
                )
            )
            found.update({r.record_id: r.id for r in rows})
        return found

    def _latest_events(self, subject_ids: list[int], names: list[str]) -> dict[int, Latest]:
        """Each subject's latest time of each of the named events, per entry."""
        latest: dict[int, Latest] = {}
        if not names:
            return latest
        for start in range(0, len(subject_ids), IN_CHUNK):
            rows = self._read().execute(
                select(
                    events_table.c.subject_id,
                    events_table.c.name,
                    events_table.c.entry_id,
                    events_table.c.at,
                ).where(
                    events_table.c.subject_id.in_(subject_ids[start : start + IN_CHUNK]),
                    events_table.c.name.in_(names),
                )
            )
            for r in rows:
                mine = latest.setdefault(r.subject_id, {})
                key = (r.name, r.entry_id)
                if key not in mine or r.at > mine[key]:
                    mine[key] = r.at
        return latest
