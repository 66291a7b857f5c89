"""Collecting many people at once: the rules of `collect`, written set-based.

The same decisions as `register_subject` + `give_consent` + `collect` +
`record_event` one person at a time, and the same rows as a result (a test holds
the two to each other), but each step is one batched statement per chunk of rows:
subjects are found by blind index, one look-up per chunk through the driver, new
ones inserted with ids allocated ahead, records and bases inserted in batches. The
declaration is checked once per set of categories, not once per row (invariant 5:
cost follows the rows written). Keyed hashes and encryption need no store: they come
with the rows when computed ahead (`sealing.py`), and are computed here otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import MappingProxyType
from typing import NamedTuple, TypeVar

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from ombud.declaration.model import SourceKind
from ombud.errors import Issue, Refused
from ombud.protect import (
    DataKey,
    IdentifierKind,
    ValueCipher,
    WrappedKey,
    marketing_block_hash,
    new_data_key,
    unwrap,
)
from ombud.register.bulk_records import RecordWriter
from ombud.register.consents import text_hash
from ombud.register.model import ConsentState, SubjectState
from ombud.register.rules import check_collection
from ombud.register.sealing import IndexKey, Sealed, SealedValue, Sealer, seal_values
from ombud.register.service import Context, purpose_of
from ombud.store.bulk import BulkWriter, any_row, select_in
from ombud.store.tables import (
    consent_texts,
    consents,
    entries,
    events,
    marketing_blocks,
    subject_identifiers,
    subjects,
)

T = TypeVar("T")
IN_CHUNK = 2_000  # values per IN list: far below SQLite's and PostgreSQL's parameter limits


class Incoming(NamedTuple):
    """One person as a row of a bulk collection: identifiers and values normalised.

    A tuple, not a dataclass: an import's rows cross from the parsing process to the
    writing one, and a tuple unpickles in a third of a dataclass's time.
    """

    line: int
    identifiers: dict[IdentifierKind, str]
    values: dict[str, str]  # category → value; identifying categories in normal form
    events: Mapping[str, datetime] = MappingProxyType({})
    # Its hashes and ciphertexts, when computed ahead (an import does so while parsing).
    sealed: Sealed | None = None


@dataclass(frozen=True)
class BulkPlan:
    """What every row of one bulk collection shares."""

    purpose: str
    subject_kind: str
    consent_method: str | None = None  # every row consented (Art. 7(1) proof: how, where)
    consent_evidence: str | None = None
    consent_lang: str = "sv"
    entry_kind: str | None = None  # each row is one entry of this kind (one booking)
    source: SourceKind = SourceKind.subject
    source_name: str | None = None


@dataclass
class BulkResult:
    """Counts of what a bulk collection did, and the rows it refused."""

    subjects_created: int = 0
    subjects_found: int = 0
    new_records: int = 0
    reused_records: int = 0
    rejected: list[Issue] = field(default_factory=list)


@dataclass
class Target:
    """The subject a row belongs to: found in the store, or to be created."""

    public_id: str
    data_key: DataKey
    id: int | None = None
    wrapped: bytes | None = None  # set for subjects still to be inserted
    consents: tuple[ConsentState, ...] = ()
    sealed: Sealed | None = None  # for a new subject: the row it was made from
    identifiers: dict[IdentifierKind, str] = field(default_factory=dict)  # and its identifiers

    @cached_property
    def cipher(self) -> ValueCipher:
        """Built when a value is sealed here: most new subjects came with theirs sealed."""
        return ValueCipher(self.data_key)


class Accepted(NamedTuple):
    """A row the declaration allows, its subject, and its values sealed for that subject."""

    row: Incoming
    target: Target
    sealed: Sealed
    values: tuple[SealedValue, ...]


class BulkCollector:
    """Collects chunks of rows for one plan inside the caller's transaction.

    Used as a context manager: on PostgreSQL the last chunks may still be on their way
    to the server when `add` returns, and leaving the block waits for them.
    """

    def __init__(self, session: Session, ctx: Context, plan: BulkPlan, *, source: str) -> None:
        self.session, self.ctx, self.plan, self.source = session, ctx, plan, source
        self.declared = purpose_of(ctx.declaration, plan.purpose)
        self.now = ctx.clock.now()
        self.result = BulkResult()
        self.writing = True  # False once a row is refused in an all-or-nothing import
        self._checked: dict[tuple[frozenset[str], bool, bool], str | None] = {}
        self._consent_hash: str | None = None
        self._writer: BulkWriter | None = None
        self._records = RecordWriter(self.writer, ctx, self.declared, plan, self.now)
        self._sealer = Sealer(ctx.keyring)
        self._stored: dict[IndexKey, int] = {}
        if plan.subject_kind not in ctx.declaration.subject_kinds:
            declared = ", ".join(sorted(ctx.declaration.subject_kinds))
            raise Refused(
                "subject_kind",
                f"subject kind {plan.subject_kind!r} is not declared; declared: {declared}",
            )

    @property
    def conn(self) -> Connection:
        """The connection, for reading: once every batch handed over is written."""
        return self.writer().flushed()

    def writer(self) -> BulkWriter:
        if self._writer is None:
            self._writer = BulkWriter(self.session.connection())
        return self._writer

    def close(self) -> None:
        """Finish writing what was handed over (a thread may still be at it)."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.close()

    def __enter__(self) -> BulkCollector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refuse(self, line: int, reason: str) -> None:
        self.result.rejected.append(Issue("", reason, self.source, line))

    def add(self, rows: Sequence[Incoming], *, skip_bad: bool) -> None:
        """Resolve and check one chunk, then write its good rows unless a row was refused."""
        sealed = [row.sealed or self._sealer.seal(row.identifiers, row.values) for row in rows]
        accepted = self._resolve(rows, sealed)
        if self.result.rejected and not skip_bad:
            self.writing = False
        if self.writing and accepted:
            self._write(accepted)

    def _resolve(self, rows: Sequence[Incoming], sealed: list[Sealed]) -> list[Accepted]:
        # Every identifier the chunk holds, also those among its values, in one look-up:
        # it finds the rows' subjects and says which identifiers are still to be written.
        self._stored = self._stored_identifiers(
            {key for s in sealed for key in (*s.found_by, *s.identifying)}
        )
        targets = self._targets(
            {self._stored[k] for s in sealed for k in s.found_by if k in self._stored}
        )
        found = {k: targets[sid] for k, sid in self._stored.items() if sid in targets}
        slots: dict[IndexKey, Target] = {}
        accepted: list[Accepted] = []
        for row, seal in zip(rows, sealed, strict=True):
            hits = {id(t): t for key in seal.found_by if (t := found.get(key) or slots.get(key))}
            if len(hits) > 1:
                self.refuse(
                    row.line, "refused by identity: the identifiers belong to different subjects"
                )
                continue
            target = next(iter(hits.values()), None) or _new_target(row, seal)
            reason = self._check(row, target)
            if reason is not None:
                self.refuse(row.line, reason)
                continue
            for key in seal.found_by:
                slots.setdefault(key, target)
            values = seal.values
            if target.sealed is not seal:  # someone already known: sealed under their key
                values = seal_values(self.ctx.keyring, target.public_id, target.cipher, row.values)
            accepted.append(Accepted(row, target, seal, values))
        return accepted

    def _check(self, row: Incoming, target: Target) -> str | None:
        """Why the declaration refuses this row, or None; decided once per set of categories."""
        if target.wrapped is None and target.id is None:
            return "refused by erased: the subject's data key was destroyed; register them anew"
        declared = self.declared.consent
        given = self.plan.consent_method is not None and declared is not None
        consent_live = given or any(c.live(self.now) for c in target.consents)
        explicit_live = (given and declared is not None and declared.explicit) or any(
            c.explicit and c.live(self.now) for c in target.consents
        )
        cache_key = (frozenset(row.values), consent_live, explicit_live)
        if cache_key not in self._checked:
            self._checked[cache_key] = self._check_categories(cache_key)
        return self._checked[cache_key]

    def _check_categories(self, key: tuple[frozenset[str], bool, bool]) -> str | None:
        categories, consent_live, explicit_live = key
        states = [ConsentState(self.plan.purpose, self.now, None, False)] if consent_live else []
        if explicit_live:
            states.append(ConsentState(self.plan.purpose, self.now, None, True))
        state = SubjectState(False, (), tuple(states))
        try:
            check_collection(
                self.ctx.declaration,
                self.plan.purpose,
                self.declared,
                dict.fromkeys(sorted(categories), "-"),
                state,
                self.now,
                self.plan.source,
                self.plan.source_name,
            )
        except Refused as exc:
            return str(exc)
        return None

    def _stored_identifiers(self, keys: set[IndexKey]) -> dict[IndexKey, int]:
        """The subject holding each of these identifiers, for those the store holds."""
        by_kind: dict[str, list[bytes]] = {}
        for kind, blind in sorted(keys):
            by_kind.setdefault(kind, []).append(blind)
        stored: dict[IndexKey, int] = {}
        for kind, blinds in by_kind.items():
            columns = ("blind_index", "subject_id")
            rows = select_in(
                self.conn, subject_identifiers, columns, {"kind": kind}, "blind_index", blinds
            )
            stored.update({(kind, bytes(blind)): subject_id for blind, subject_id in rows})
        return stored

    def _targets(self, subject_ids: set[int]) -> dict[int, Target]:
        targets: dict[int, Target] = {}
        columns = ("id", "public_id", "wrapped_key")
        for subject_id, public_id, wrapped in select_in(
            self.conn, subjects, columns, {}, "id", sorted(subject_ids)
        ):
            key = new_data_key()  # never used: the subject was erased
            if wrapped is not None:
                key = unwrap(self.ctx.keyring, WrappedKey(wrapped), public_id)
            targets[subject_id] = Target(public_id, key, id=subject_id if wrapped else None)
        self._load_consents(targets)
        return targets

    def _load_consents(self, targets: dict[int, Target]) -> None:
        for chunk in _chunks(sorted(targets), IN_CHUNK):
            rows = self.conn.execute(
                select(consents).where(
                    consents.c.subject_id.in_(chunk), consents.c.purpose == self.plan.purpose
                )
            )
            for r in rows:
                state = ConsentState(r.purpose, r.given_at, r.withdrawn_at, bool(r.explicit))
                target = targets[r.subject_id]
                target.consents = (*target.consents, state)

    def _write(self, accepted: list[Accepted]) -> None:
        created = self._insert_subjects([a.target for a in accepted])
        self.result.subjects_created += len(created)
        self.result.subjects_found += len(
            {id(a.target) for a in accepted} - {id(t) for t in created}
        )
        self._insert_identifiers(accepted)
        if self.plan.consent_method is not None:
            self._insert_consents(accepted)
        entry_ids = self._insert_entries(accepted)
        self._insert_events(accepted, entry_ids)
        new, reused = self._records.write(
            [(a.row, a.target, a.values) for a in accepted],
            entry_ids,
            refresh=self._found(accepted),
        )
        self.result.new_records += new
        self.result.reused_records += reused

    def _found(self, accepted: list[Accepted]) -> dict[int, set[str]]:
        """Stored subjects that get events here: their other bases must be recomputed."""
        found: dict[int, set[str]] = {}
        for a in accepted:
            if a.row.events and a.target.id is not None and a.target.wrapped is None:
                found.setdefault(a.target.id, set()).update(a.row.events)
        return found

    def _insert_subjects(self, targets: Iterable[Target]) -> list[Target]:
        new = list({id(t): t for t in targets if t.id is None and t.wrapped is not None}.values())
        blocked = self._blocked(new)
        ids = self.writer().ids(subjects, len(new))
        rows = [
            (i, t.public_id, t.wrapped, t.public_id in blocked)
            for i, t in zip(ids, new, strict=True)
        ]
        columns = ("id", "public_id", "wrapped_key", "marketing_block")
        shared = {
            "kind": self.plan.subject_kind,
            "protected_identity": False,
            "created_at": self.now,
        }
        self.writer().insert(subjects, columns, rows, shared)
        for target, subject_id in zip(new, ids, strict=True):
            target.id = subject_id
        return new

    def _blocked(self, new: list[Target]) -> set[str]:
        """Public ids of new subjects whose identifier carries a marketing block (Art. 21(3))."""
        if not new or not any_row(self.conn, marketing_blocks):
            return set()  # no block at all: none to match
        keyring = self.ctx.keyring
        by_hash = {
            marketing_block_hash(keyring, kind, value): t.public_id
            for t in new
            for kind, value in t.identifiers.items()
        }
        hits = select_in(self.conn, marketing_blocks, ("hash",), {}, "hash", sorted(by_hash))
        return {by_hash[bytes(h)] for (h,) in hits}

    def _insert_identifiers(self, accepted: list[Accepted]) -> None:
        wanted: dict[IndexKey, int] = {}
        for a in accepted:
            assert a.target.id is not None
            for key in (*a.sealed.found_by, *a.sealed.identifying):
                wanted.setdefault(key, a.target.id)
        # `_stored` was read for this chunk, and only this method writes identifiers.
        rows = [(s, k, b) for (k, b), s in wanted.items() if (k, b) not in self._stored]
        columns = ("subject_id", "kind", "blind_index")
        self.writer().insert(subject_identifiers, columns, rows)

    def _insert_consents(self, accepted: list[Accepted]) -> None:
        declared = self.declared.consent
        if declared is None:
            raise Refused(
                "consent", f"purpose {self.plan.purpose!r} declares no consent text to consent to"
            )
        if self._consent_hash is None:
            words = declared.text[self.plan.consent_lang]
            self._consent_hash = text_hash(words)
            known = self.conn.execute(
                select(consent_texts.c.hash).where(consent_texts.c.hash == self._consent_hash)
            ).first()
            if known is None:
                self.conn.execute(
                    insert(consent_texts).values(
                        hash=self._consent_hash,
                        purpose=self.plan.purpose,
                        lang=self.plan.consent_lang,
                        text=words,
                        created_at=self.now,
                    )
                )
        shared = {
            "purpose": self.plan.purpose,
            "text_hash": self._consent_hash,
            "given_at": self.now,
            "method": self.plan.consent_method,
            "evidence": self.plan.consent_evidence,
            "explicit": declared.explicit,
        }
        rows = [(a.target.id,) for a in accepted]
        self.writer().insert(consents, ("subject_id",), rows, shared)

    def _insert_entries(self, accepted: list[Accepted]) -> Sequence[int | None]:
        if self.plan.entry_kind is None:
            return [None] * len(accepted)
        ids = self.writer().ids(entries, len(accepted))
        rows = [(i, a.target.id) for i, a in zip(ids, accepted, strict=True)]
        shared = {"kind": self.plan.entry_kind, "created_at": self.now}
        self.writer().insert(entries, ("id", "subject_id"), rows, shared)
        return ids

    def _insert_events(self, accepted: list[Accepted], entry_ids: Sequence[int | None]) -> None:
        rows = [
            (a.target.id, name, at, entry)
            for a, entry in zip(accepted, entry_ids, strict=True)
            for name, at in a.row.events.items()
        ]
        self.writer().insert(events, ("subject_id", "name", "at", "entry_id"), rows)


def _new_target(row: Incoming, sealed: Sealed) -> Target:
    """The subject a row creates, with the key and id its values were sealed for."""
    key = DataKey(sealed.data_key)
    return Target(
        sealed.public_id, key, wrapped=sealed.wrapped, sealed=sealed, identifiers=row.identifiers
    )


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
