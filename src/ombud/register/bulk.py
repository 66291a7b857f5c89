"""Collecting many people at once: the rules of `collect`, written set-based.

The same decisions as `register_subject` + `give_consent` + `collect` +
`record_event` one person at a time, and the same rows as a result (a test holds
the two to each other), but each step is one batched statement per chunk of rows:
subjects are found by blind index in IN lists, new ones inserted with RETURNING,
records and bases inserted in batches. The declaration is checked once per set of
categories, not once per row (invariant 5: cost follows the rows written).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from ombud.declaration.model import SourceKind
from ombud.errors import Issue, Refused
from ombud.protect import (
    IdentifierKind,
    ValueCipher,
    blind_index,
    marketing_block_hash,
    new_data_key,
    unwrap,
    wrap,
)
from ombud.register.bulk_records import RecordWriter
from ombud.register.consents import text_hash
from ombud.register.model import ConsentState, SubjectState
from ombud.register.rules import check_collection
from ombud.register.service import Context, purpose_of
from ombud.store.bulk import insert_rows, insert_with_ids
from ombud.store.tables import (
    consent_texts,
    consents,
    entries,
    events,
    marketing_blocks,
    new_public_id,
    subject_identifiers,
    subjects,
)

T = TypeVar("T")
IN_CHUNK = 2_000  # values per IN list: far below SQLite's and PostgreSQL's parameter limits
IndexKey = tuple[str, bytes]  # (identifier kind, blind index)


@dataclass(frozen=True)
class Incoming:
    """One person as a row of a bulk collection: identifiers and values normalised."""

    line: int
    identifiers: dict[IdentifierKind, str]
    values: dict[str, str]  # category → value; identifying categories in normal form
    events: dict[str, datetime] = field(default_factory=dict)


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
    cipher: ValueCipher
    id: int | None = None
    wrapped: bytes | None = None  # set for subjects still to be inserted
    consents: tuple[ConsentState, ...] = ()
    identifiers: dict[IdentifierKind, str] = field(default_factory=dict)


class BulkCollector:
    """Collects chunks of rows for one plan inside the caller's transaction."""

    def __init__(self, session: Session, ctx: Context, plan: BulkPlan, *, source: str) -> None:
        self.session, self.ctx, self.plan, self.source = session, ctx, plan, source
        self.declared = purpose_of(ctx.declaration, plan.purpose)
        self.now = ctx.clock.now()
        self.result = BulkResult()
        self.writing = True  # False once a row is refused in an all-or-nothing import
        self._checked: dict[tuple[frozenset[str], bool, bool], str | None] = {}
        self._consent_hash: str | None = None
        self._records = RecordWriter(session, ctx, self.declared, plan, self.now)
        if plan.subject_kind not in ctx.declaration.subject_kinds:
            declared = ", ".join(sorted(ctx.declaration.subject_kinds))
            raise Refused(
                "subject_kind",
                f"subject kind {plan.subject_kind!r} is not declared; declared: {declared}",
            )

    @property
    def conn(self) -> Connection:
        return self.session.connection()

    def refuse(self, line: int, reason: str) -> None:
        self.result.rejected.append(Issue("", reason, self.source, line))

    def _key(self, kind: IdentifierKind, value: str) -> IndexKey:
        """The identifier's blind index, computed once per chunk."""
        key = self._keys.get((kind, value))
        if key is None:
            key = self._keys[(kind, value)] = (
                kind.value,
                bytes(blind_index(self.ctx.keyring, kind, value)),
            )
        return key

    def add(self, rows: Sequence[Incoming], *, skip_bad: bool) -> None:
        """Resolve and check one chunk, then write its good rows unless a row was refused."""
        self._keys: dict[tuple[IdentifierKind, str], IndexKey] = {}
        accepted = self._resolve(rows)
        if self.result.rejected and not skip_bad:
            self.writing = False
        if self.writing and accepted:
            self._write(accepted)

    def _resolve(self, rows: Sequence[Incoming]) -> list[tuple[Incoming, Target]]:
        keys = {self._key(k, v) for row in rows for k, v in row.identifiers.items()}
        found = self._existing_subjects(keys)
        slots: dict[IndexKey, Target] = {}
        accepted: list[tuple[Incoming, Target]] = []
        for row in rows:
            row_keys = [self._key(k, v) for k, v in row.identifiers.items()]
            targets = {id(t): t for key in row_keys if (t := found.get(key) or slots.get(key))}
            if len(targets) > 1:
                self.refuse(
                    row.line, "refused by identity: the identifiers belong to different subjects"
                )
                continue
            target = next(iter(targets.values()), None) or self._new_target(row)
            reason = self._check(row, target)
            if reason is not None:
                self.refuse(row.line, reason)
                continue
            for key in row_keys:
                slots.setdefault(key, target)
            accepted.append((row, target))
        return accepted

    def _new_target(self, row: Incoming) -> Target:
        key = new_data_key()
        public_id = new_public_id()
        wrapped = wrap(self.ctx.keyring, key, public_id)
        return Target(public_id, ValueCipher(key), wrapped=wrapped, identifiers=row.identifiers)

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

    def _existing_subjects(self, keys: set[IndexKey]) -> dict[IndexKey, Target]:
        """The stored subjects holding any of these identifiers, by identifier."""
        ids: dict[IndexKey, int] = {}
        for chunk in _chunks(sorted(keys), IN_CHUNK):
            for index in {k for k, _ in chunk}:
                blinds = [b for k, b in chunk if k == index]
                rows = self.conn.execute(
                    select(subject_identifiers.c.blind_index, subject_identifiers.c.subject_id)
                    .where(subject_identifiers.c.kind == index)
                    .where(subject_identifiers.c.blind_index.in_(blinds))
                )
                ids.update({(index, bytes(r.blind_index)): r.subject_id for r in rows})
        targets = self._targets(set(ids.values()))
        return {key: targets[subject_id] for key, subject_id in ids.items()}

    def _targets(self, subject_ids: set[int]) -> dict[int, Target]:
        targets: dict[int, Target] = {}
        for chunk in _chunks(sorted(subject_ids), IN_CHUNK):
            rows = self.conn.execute(
                select(subjects.c.id, subjects.c.public_id, subjects.c.wrapped_key).where(
                    subjects.c.id.in_(chunk)
                )
            )
            for r in rows:
                cipher = ValueCipher(new_data_key())  # never used: the subject was erased
                if r.wrapped_key is not None:
                    cipher = ValueCipher(unwrap(self.ctx.keyring, r.wrapped_key, r.public_id))
                targets[r.id] = Target(r.public_id, cipher, id=r.id if r.wrapped_key else None)
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

    def _write(self, accepted: list[tuple[Incoming, Target]]) -> None:
        created = self._insert_subjects([t for _, t in accepted])
        self.result.subjects_created += len(created)
        self.result.subjects_found += len({id(t) for _, t in accepted} - {id(t) for t in created})
        self._insert_identifiers(accepted)
        if self.plan.consent_method is not None:
            self._insert_consents(accepted)
        entry_ids = self._insert_entries(accepted)
        self._insert_events(accepted, entry_ids)
        new, reused = self._records.write(accepted, entry_ids, refresh=self._found(accepted))
        self.result.new_records += new
        self.result.reused_records += reused

    def _found(self, accepted: list[tuple[Incoming, Target]]) -> dict[int, set[str]]:
        """Stored subjects that get events here: their other bases must be recomputed."""
        found: dict[int, set[str]] = {}
        for row, target in accepted:
            if row.events and target.id is not None and target.wrapped is None:
                found.setdefault(target.id, set()).update(row.events)
        return found

    def _insert_subjects(self, targets: Iterable[Target]) -> list[Target]:
        new = list({id(t): t for t in targets if t.id is None and t.wrapped is not None}.values())
        blocked = self._blocked(new)
        rows = [
            {
                "public_id": t.public_id,
                "kind": self.plan.subject_kind,
                "wrapped_key": t.wrapped,
                "protected_identity": False,
                "marketing_block": t.public_id in blocked,
                "created_at": self.now,
            }
            for t in new
        ]
        for target, subject_id in zip(new, insert_with_ids(self.conn, subjects, rows), strict=True):
            target.id = subject_id
        return new

    def _blocked(self, new: list[Target]) -> set[str]:
        """Public ids of new subjects whose identifier carries a marketing block (Art. 21(3))."""
        by_hash = {
            marketing_block_hash(self.ctx.keyring, kind, value): t.public_id
            for t in new
            for kind, value in t.identifiers.items()
        }
        blocked: set[str] = set()
        for chunk in _chunks(list(by_hash), IN_CHUNK):
            hits = self.conn.execute(
                select(marketing_blocks.c.hash).where(marketing_blocks.c.hash.in_(chunk))
            )
            blocked |= {by_hash[bytes(h)] for (h,) in hits}
        return blocked

    def _insert_identifiers(self, accepted: list[tuple[Incoming, Target]]) -> None:
        wanted: dict[IndexKey, int] = {}
        for row, target in accepted:
            assert target.id is not None
            for kind, value in [*row.identifiers.items(), *self._records.identifying(row)]:
                wanted.setdefault(self._key(kind, value), target.id)
        stored: set[IndexKey] = set()
        for chunk in _chunks(sorted(wanted), IN_CHUNK):
            rows = self.conn.execute(
                select(subject_identifiers.c.kind, subject_identifiers.c.blind_index).where(
                    subject_identifiers.c.blind_index.in_([b for _, b in chunk])
                )
            )
            stored |= {(r.kind, bytes(r.blind_index)) for r in rows}
        missing = [
            {"subject_id": s, "kind": k, "blind_index": b}
            for (k, b), s in wanted.items()
            if (k, b) not in stored
        ]
        if missing:
            insert_rows(self.conn, subject_identifiers, missing)

    def _insert_consents(self, accepted: list[tuple[Incoming, Target]]) -> None:
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
        rows = [
            {
                "subject_id": target.id,
                "purpose": self.plan.purpose,
                "text_hash": self._consent_hash,
                "given_at": self.now,
                "method": self.plan.consent_method,
                "evidence": self.plan.consent_evidence,
                "explicit": declared.explicit,
            }
            for _, target in accepted
        ]
        insert_rows(self.conn, consents, rows)

    def _insert_entries(self, accepted: list[tuple[Incoming, Target]]) -> Sequence[int | None]:
        if self.plan.entry_kind is None:
            return [None] * len(accepted)
        rows = [
            {"subject_id": t.id, "kind": self.plan.entry_kind, "created_at": self.now}
            for _, t in accepted
        ]
        return insert_with_ids(self.conn, entries, rows)

    def _insert_events(
        self, accepted: list[tuple[Incoming, Target]], entry_ids: Sequence[int | None]
    ) -> None:
        rows = [
            {"subject_id": target.id, "name": name, "at": at, "entry_id": entry}
            for (row, target), entry in zip(accepted, entry_ids, strict=True)
            for name, at in row.events.items()
        ]
        insert_rows(self.conn, events, rows)


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
