"""The records and bases of a bulk collection, with the expiries `collect` would give them.

The same value already held for a subject is reused (one record, several bases);
a basis already held for the purpose is renewed, not duplicated; each expiry is
`retention.expiry` over the subject's events, as `record_expiry` computes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from ombud.declaration.model import Purpose, SourceKind
from ombud.protect import IdentifierKind, record_aad
from ombud.register.expiries import events_for
from ombud.register.rules import identifier_kind
from ombud.register.service import Context, value_hash
from ombud.retention import expiry
from ombud.store.bulk import insert_rows, insert_with_ids
from ombud.store.tables import bases, records
from ombud.store.tables import events as events_table

if TYPE_CHECKING:
    from ombud.register.bulk import BulkPlan, Incoming, Target

IN_CHUNK = 2_000
RecordKey = tuple[int, str, bytes, int | None]  # subject, category, value hash, entry
Latest = dict[tuple[str, int | None], datetime]


@dataclass(frozen=True)
class _Held:
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
        self, session: Session, ctx: Context, declared: Purpose, plan: BulkPlan, now: datetime
    ) -> None:
        self.session, self.ctx, self.declared, self.plan, self.now = (
            session,
            ctx,
            declared,
            plan,
            now,
        )

    def identifying(self, row: Incoming) -> list[tuple[IdentifierKind, str]]:
        """The row's values that are identifiers too: `collect` indexes them for lookup."""
        return [
            (kind, value)
            for category, value in row.values.items()
            if (kind := identifier_kind(category)) is not None
        ]

    def write(
        self,
        accepted: Sequence[tuple[Incoming, Target]],
        entry_ids: Sequence[int | None],
        *,
        refresh: dict[int, set[str]],
    ) -> tuple[int, int]:
        """Store the rows' values and bases; return (new records, reused records)."""
        stored = self._stored_records(accepted)
        held: dict[RecordKey, _Held] = {}
        pending: dict[RecordKey, dict[str, Any]] = {}
        reused = 0
        for (row, target), entry in zip(accepted, entry_ids, strict=True):
            assert target.id is not None
            for category, value in row.values.items():
                digest = value_hash(self.ctx.keyring, target.public_id, category, value)
                key = (target.id, category, digest, entry)
                if key in stored:
                    reused += key not in held
                    held[key] = stored[key]
                elif key not in pending:
                    aad = record_aad(target.public_id, category)
                    pending[key] = self._record_row(key, target.cipher.encrypt(value, aad=aad))
        ids = insert_with_ids(self.session.connection(), records, list(pending.values()))
        for key, record_id in zip(pending, ids, strict=True):
            held[key] = _Held(record_id, key[0], key[1], key[3], self.now, stored=False)
        self._write_bases(list({h.id: h for h in held.values()}.values()))
        self._refresh(refresh)
        return len(pending), reused

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
            rows = self.session.execute(
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

    def _record_row(self, key: RecordKey, ciphertext: bytes) -> dict[str, Any]:
        subject_id, category, digest, entry = key
        return {
            "subject_id": subject_id,
            "category": category,
            "value": ciphertext,
            "value_hash": digest,
            "source": self.plan.source.value,
            "source_name": self.plan.source_name,
            "provided_by_subject": self.plan.source is SourceKind.subject,
            "collected_at": self.now,
            "entry_id": entry,
        }

    def _stored_records(
        self, accepted: Sequence[tuple[Incoming, Target]]
    ) -> dict[RecordKey, _Held]:
        """Records stored subjects already hold outside any entry (a new entry holds none)."""
        if self.plan.entry_kind is not None:
            return {}
        ids = sorted({t.id for _, t in accepted if t.wrapped is None and t.id is not None})
        found: dict[RecordKey, _Held] = {}
        for start in range(0, len(ids), IN_CHUNK):
            rows = self.session.execute(
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
                found[key] = _Held(
                    r.id, r.subject_id, r.category, None, r.collected_at, stored=True
                )
        return found

    def _write_bases(self, held: list[_Held]) -> None:
        rule = self.declared.retention
        names = sorted(rule.events) if rule is not None else []
        latest = self._latest_events(sorted({h.subject_id for h in held}), names)
        renewed = self._stored_bases([h.id for h in held if h.stored])
        new_rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        # A subject's records collected together share their events: one expiry for all.
        expiries: dict[tuple[int, int | None, datetime], datetime | None] = {}
        for h in held:
            clock = (h.subject_id, h.entry_id, h.collected_at)
            if clock not in expiries:
                expiries[clock] = self._expiry(latest.get(h.subject_id, {}), h)
            expires_at = expiries[clock]
            if h.id in renewed:
                updates.append({"basis_id": renewed[h.id], "expires_at": expires_at})
                continue
            new_rows.append(
                {
                    "record_id": h.id,
                    "subject_id": h.subject_id,
                    "purpose": self.plan.purpose,
                    "category": h.category,
                    "legal_basis": self.declared.legal_basis.value,
                    "status": "active",
                    "expires_at": expires_at,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
        conn = self.session.connection()
        if new_rows:
            insert_rows(conn, bases, new_rows)
        if updates:
            # Collected again for the same purpose: the basis is renewed, not duplicated.
            statement = (
                update(bases)
                .where(bases.c.id == bindparam("basis_id"))
                .values(status="active", expires_at=bindparam("expires_at"), updated_at=self.now)
            )
            conn.execute(statement, updates)

    def _update_expiries(self, changes: list[dict[str, Any]]) -> None:
        if changes:
            statement = (
                update(bases)
                .where(bases.c.id == bindparam("basis_id"))
                .values(expires_at=bindparam("expires_at"), updated_at=self.now)
            )
            self.session.connection().execute(statement, changes)

    def _expiry(self, latest: Latest, held: _Held) -> datetime | None:
        rule = self.declared.retention
        if rule is None:
            return None
        return expiry(rule, events_for(latest, held.entry_id, held.collected_at))

    def _stored_bases(self, record_ids: list[int]) -> dict[int, int]:
        found: dict[int, int] = {}
        for start in range(0, len(record_ids), IN_CHUNK):
            rows = self.session.execute(
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
            rows = self.session.execute(
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
