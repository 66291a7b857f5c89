"""The register's use cases: find or register a subject, collect, record events, read.

Each function works inside the caller's transaction (the CLI and the web layer open
it), checks everything before writing anything, and leaves an audit event. Nothing
is stored that the declaration does not allow for the stated purpose (invariant 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, insert, select, update
from sqlalchemy.orm import Session

from ombud.clock import Clock
from ombud.declaration.model import Declaration, Purpose, SourceKind
from ombud.errors import NotFound, Refused
from ombud.protect import (
    IdentifierKind,
    Keyring,
    ValueCipher,
    blind_index,
    marketing_block_hash,
    new_data_key,
    normalise,
    pseudonym,
    record_aad,
    unwrap,
    wrap,
)
from ombud.protect.keyed import keyed_hash
from ombud.register import audit
from ombud.register.expiries import recompute_expiries, record_expiry
from ombud.register.gate import decide as gate_decide
from ombud.register.gate import purpose_rules
from ombud.register.model import Decision, SubjectId, Use
from ombud.register.queries import audience_query, purpose_state, subject_state
from ombud.register.rules import check_collection, identifier_kind
from ombud.store.tables import (
    bases,
    marketing_blocks,
    records,
    subject_identifiers,
    subjects,
)
from ombud.store.tables import (
    events as events_table,
)


@dataclass(frozen=True)
class Context:
    """What every register use case needs besides the session."""

    declaration: Declaration
    keyring: Keyring
    clock: Clock


@dataclass(frozen=True)
class SubjectRef:
    """A subject as services pass it around: internal id, public id, pseudonym."""

    id: SubjectId
    public_id: str
    created: bool = False


@dataclass(frozen=True)
class Collected:
    """What a collection stored: records created or reused, bases created or renewed."""

    subject: SubjectRef
    purpose: str
    new_records: int
    reused_records: int


@dataclass(frozen=True)
class Reading:
    """The gate's decision and, where allowed, the values by category."""

    decision: Decision
    values: dict[str, list[str]]


def purpose_of(declaration: Declaration, key: str) -> Purpose:
    """The declared purpose `key`, or Refused naming the declared ones."""
    try:
        return declaration.purposes[key]
    except KeyError:
        declared = ", ".join(sorted(declaration.purposes))
        raise Refused(
            "purpose_limitation", f"purpose {key!r} is not declared; declared: {declared}"
        ) from None


_BY_PUBLIC_ID = select(subjects.c.id, subjects.c.public_id).where(
    subjects.c.public_id == bindparam("public_id")
)  # built once: every API call on a subject runs it


def subject_ref(session: Session, public_id: str) -> SubjectRef:
    """The subject with this public id, or NotFound."""
    row = session.execute(_BY_PUBLIC_ID, {"public_id": public_id}).first()
    if row is None:
        raise NotFound(f"no subject with id {public_id!r}")
    return SubjectRef(SubjectId(row.id), row.public_id)


def find_subject(
    session: Session, ctx: Context, *, kind: IdentifierKind, value: str
) -> SubjectRef | None:
    """The subject holding this identifier, found through its blind index only."""
    normalised = normalise(kind, value, today=ctx.clock.now().date())
    row = session.execute(
        select(subjects.c.id, subjects.c.public_id)
        .join(subject_identifiers, subject_identifiers.c.subject_id == subjects.c.id)
        .where(
            subject_identifiers.c.kind == kind.value,
            subject_identifiers.c.blind_index == blind_index(ctx.keyring, kind, normalised),
        )
    ).first()
    return SubjectRef(SubjectId(row.id), row.public_id) if row else None


def register_subject(
    session: Session,
    ctx: Context,
    *,
    kind: str,
    identifiers: Mapping[IdentifierKind, str],
    actor: str,
    protected_identity: bool = False,
) -> SubjectRef:
    """Find the subject by any of its identifiers, or create them with a new data key.

    A person who once blocked direct marketing and was erased is blocked again when
    they return: the block survives as a keyed hash of their identifier (Art. 21(3)).
    """
    if kind not in ctx.declaration.subject_kinds:
        declared = ", ".join(sorted(ctx.declaration.subject_kinds))
        raise Refused(
            "subject_kind", f"subject kind {kind!r} is not declared; declared: {declared}"
        )
    today = ctx.clock.now().date()
    normalised = {k: normalise(k, v, today=today) for k, v in identifiers.items()}
    found = {
        ref.id: ref
        for k, v in normalised.items()
        if (ref := find_subject(session, ctx, kind=k, value=v)) is not None
    }
    if len(found) > 1:
        raise Refused("identity", "the identifiers given belong to different subjects")
    if found:
        ref = next(iter(found.values()))
        _add_identifiers(session, ctx, ref.id, normalised)
        return ref
    return _create_subject(session, ctx, kind, normalised, actor, protected_identity)


def _create_subject(
    session: Session,
    ctx: Context,
    kind: str,
    normalised: Mapping[IdentifierKind, str],
    actor: str,
    protected_identity: bool,
) -> SubjectRef:
    from ombud.store.tables import new_public_id

    public_id = new_public_id()
    blocked = _is_blocked(session, ctx, normalised)
    subject_id = session.execute(
        insert(subjects)
        .values(
            public_id=public_id,
            kind=kind,
            wrapped_key=wrap(ctx.keyring, new_data_key(), public_id),
            protected_identity=protected_identity,
            marketing_block=blocked,
            created_at=ctx.clock.now(),
        )
        .returning(subjects.c.id)
    ).scalar_one()
    ref = SubjectRef(SubjectId(subject_id), public_id, created=True)
    _add_identifiers(session, ctx, ref.id, normalised)
    audit.append(
        session,
        audit.SubjectRegistered(kind=kind),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, public_id),
    )
    return ref


def _is_blocked(session: Session, ctx: Context, normalised: Mapping[IdentifierKind, str]) -> bool:
    hashes = [marketing_block_hash(ctx.keyring, k, v) for k, v in normalised.items()]
    if not hashes:
        return False
    found = session.execute(
        select(marketing_blocks.c.hash).where(marketing_blocks.c.hash.in_(hashes))
    ).first()
    return found is not None


def _add_identifiers(
    session: Session, ctx: Context, subject: SubjectId, normalised: Mapping[IdentifierKind, str]
) -> None:
    """Index the subject's identifiers. One already indexed for someone else is left alone:
    a household shares a phone, and the first holder stays the one it finds."""
    for kind, value in normalised.items():
        index = blind_index(ctx.keyring, kind, value)
        holder = session.execute(
            select(subject_identifiers.c.subject_id).where(
                subject_identifiers.c.kind == kind.value,
                subject_identifiers.c.blind_index == index,
            )
        ).first()
        if holder is None:
            session.execute(
                insert(subject_identifiers).values(
                    subject_id=subject, kind=kind.value, blind_index=index
                )
            )


def value_hash(keyring: Keyring, public_id: str, category: str, normalised: str) -> bytes:
    """Keyed hash of one value of one subject: equal values are one record."""
    return keyed_hash(keyring.index_key, "record-value", public_id, category, normalised)


def collect(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    purpose: str,
    values: Mapping[str, str],
    actor: str,
    source: SourceKind = SourceKind.subject,
    source_name: str | None = None,
    entry: int | None = None,
) -> Collected:
    """Store `values` (category → value) for `purpose`, each with a basis and its expiry.

    Refuses, before writing anything, an undeclared purpose, a category the purpose
    does not declare, special categories without their Art. 9(2) condition (a live
    explicit consent where that is the condition) and consent purposes without a
    live consent. The same value already held is reused: one record, two bases.
    """
    declared = purpose_of(ctx.declaration, purpose)
    now = ctx.clock.now()
    state = subject_state(session, subject.id)
    check_collection(ctx.declaration, purpose, declared, values, state, now, source, source_name)
    wrapped = session.execute(
        select(subjects.c.wrapped_key).where(subjects.c.id == subject.id)
    ).scalar_one()
    if wrapped is None:
        raise Refused("erased", "the subject's data key was destroyed; register them anew")
    cipher = ValueCipher(unwrap(ctx.keyring, wrapped, subject.public_id))
    identifiers: dict[IdentifierKind, str] = {}
    new = reused = 0
    for category, raw in values.items():
        kind = identifier_kind(category)
        value = normalise(kind, raw, today=now.date()) if kind else raw
        if kind:
            identifiers[kind] = value
        record_id, created = _record(
            session, ctx, subject, category, value, cipher, now, source, source_name, entry
        )
        new, reused = new + created, reused + (not created)
        _basis(session, ctx, subject, record_id, category, purpose, declared, now)
    _add_identifiers(session, ctx, subject.id, identifiers)
    audit.append(
        session,
        audit.Collected(categories=tuple(values), source=source.value, new_records=new),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
        purpose=purpose,
    )
    return Collected(subject, purpose, new, reused)


def _record(
    session: Session,
    ctx: Context,
    subject: SubjectRef,
    category: str,
    value: str,
    cipher: ValueCipher,
    now: datetime,
    source: SourceKind,
    source_name: str | None,
    entry: int | None,
) -> tuple[int, bool]:
    digest = value_hash(ctx.keyring, subject.public_id, category, value)
    same_entry = records.c.entry_id.is_(None) if entry is None else records.c.entry_id == entry
    existing = session.execute(
        select(records.c.id).where(
            records.c.subject_id == subject.id,
            records.c.category == category,
            records.c.value_hash == digest,
            same_entry,
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing, False
    record_id = session.execute(
        insert(records)
        .values(
            subject_id=subject.id,
            category=category,
            value=cipher.encrypt(value, aad=record_aad(subject.public_id, category)),
            value_hash=digest,
            source=source.value,
            source_name=source_name,
            provided_by_subject=source is SourceKind.subject,
            collected_at=now,
            entry_id=entry,
        )
        .returning(records.c.id)
    ).scalar_one()
    return record_id, True


def _basis(
    session: Session,
    ctx: Context,
    subject: SubjectRef,
    record_id: int,
    category: str,
    purpose: str,
    declared: Purpose,
    now: datetime,
) -> None:
    expires_at = record_expiry(session, subject.id, record_id, declared)
    existing = session.execute(
        select(bases.c.id).where(bases.c.record_id == record_id, bases.c.purpose == purpose)
    ).scalar_one_or_none()
    if existing is None:
        session.execute(
            insert(bases).values(
                record_id=record_id,
                subject_id=subject.id,
                purpose=purpose,
                category=category,
                legal_basis=declared.legal_basis.value,
                status="active",
                expires_at=expires_at,
                created_at=now,
                updated_at=now,
            )
        )
    else:
        # Collected again for the same purpose: the basis is renewed, not duplicated.
        session.execute(
            update(bases)
            .where(bases.c.id == existing)
            .values(status="active", expires_at=expires_at, updated_at=now)
        )


def record_event(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    name: str,
    at: datetime,
    actor: str,
    entry: int | None = None,
) -> int:
    """Record a retention event and recompute every expiry that counts from it."""
    session.execute(
        insert(events_table).values(subject_id=subject.id, name=name, at=at, entry_id=entry)
    )
    recomputed = recompute_expiries(session, ctx.declaration, subject.id, name, ctx.clock.now())
    audit.append(
        session,
        audit.EventRecorded(event=name, bases_recomputed=recomputed),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
    )
    return recomputed


def decide(
    session: Session, ctx: Context, *, subject: SubjectRef, purpose: str, use: Use = Use.processing
) -> Decision:
    """May this subject's data be used for `purpose` now? (the purpose gate)"""
    rules = purpose_rules(purpose, purpose_of(ctx.declaration, purpose))
    state = subject_state(session, subject.id, rules)
    return gate_decide(state, rules, at=ctx.clock.now(), use=use)


def decide_for(
    session: Session, ctx: Context, *, public_id: str, purpose: str, use: Use = Use.processing
) -> Decision:
    """`decide` for the subject with this public id, or NotFound: one read for most purposes.

    The API's gate decision, which every other system calls before each use of the data.
    """
    rules = purpose_rules(purpose, purpose_of(ctx.declaration, purpose))
    state = purpose_state(session, public_id, rules)
    if state is None:
        raise NotFound(f"no subject with id {public_id!r}")
    return gate_decide(state, rules, at=ctx.clock.now(), use=use)


def audience(
    session: Session,
    ctx: Context,
    *,
    purpose: str,
    after: str | None = None,
    limit: int | None = None,
) -> list[str]:
    """Public ids of every subject whose data may be used for `purpose` now, in one query.

    Ordered by public id; `after` and `limit` page through it (keyset pagination).
    """
    rules = purpose_rules(purpose, purpose_of(ctx.declaration, purpose))
    paged = after is not None or limit is not None
    query = audience_query(rules, ctx.clock.now(), paged=paged)
    if after is not None:
        query = query.where(subjects.c.public_id > after)
    if limit is not None:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def read(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    purpose: str,
    actor: str,
    use: Use = Use.processing,
) -> Reading:
    """The subject's values held for `purpose`, through the gate, leaving an audit event."""
    decision = decide(session, ctx, subject=subject, purpose=purpose, use=use)
    ref = pseudonym(ctx.keyring, subject.public_id)
    now = ctx.clock.now()
    if not decision.allowed:
        audit.append(
            session,
            audit.ReadDenied(reason=decision.reason.value),
            at=now,
            actor=actor,
            subject_ref=ref,
            purpose=purpose,
        )
        return Reading(decision, {})
    values = _values_for(session, ctx, subject, purpose, now, use)
    audit.append(
        session,
        audit.Read(categories=tuple(sorted(values)), use=use.value),
        at=now,
        actor=actor,
        subject_ref=ref,
        purpose=purpose,
    )
    return Reading(decision, values)


def _readable_statuses(use: Use) -> tuple[str, ...]:
    """Which bases a use may read through: restricted ones only for the Art. 18(2) uses."""
    if use is Use.processing:
        return ("active",)
    if use is Use.legal_claims:
        return ("active", "restricted", "objected")
    return ("active", "restricted")


def _values_for(
    session: Session, ctx: Context, subject: SubjectRef, purpose: str, now: datetime, use: Use
) -> dict[str, list[str]]:
    wrapped = session.execute(
        select(subjects.c.wrapped_key).where(subjects.c.id == subject.id)
    ).scalar_one()
    cipher = ValueCipher(unwrap(ctx.keyring, wrapped, subject.public_id))
    rows = session.execute(
        select(records.c.category, records.c.value)
        .join(bases, and_(bases.c.record_id == records.c.id, bases.c.purpose == purpose))
        .where(
            records.c.subject_id == subject.id,
            bases.c.status.in_(_readable_statuses(use)),
            (bases.c.expires_at.is_(None)) | (bases.c.expires_at > now),
        )
        .order_by(records.c.id)
    )
    values: dict[str, list[str]] = {}
    for row in rows:
        aad = record_aad(subject.public_id, row.category)
        values.setdefault(row.category, []).append(cipher.decrypt(row.value, aad=aad))
    return values
