"""Filling a store with synthetic people for a declaration: the demo and the benchmarks.

Nothing here names a purpose. Each synthetic person is given one of the
declaration's subject kinds and joins the purposes open to that kind in shares set
by the purpose's legal basis; each purpose is filled with the categories it
declares that a synthetic `Person` can supply (`CATEGORY_FIELDS`), and the events
its retention rule counts from are recorded for part of its people, some long
enough ago that their data has expired. Purposes holding per-occasion categories
(a dietary wish) are collected in entries, one to three per person. Consent
purposes get a consent per person and a few withdrawals; a few people carry a
marketing block. Everything goes through the bulk path (`bulk.py`).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from ombud.declaration.model import LegalBasis, Purpose
from ombud.memory import gc_paused
from ombud.protect import IdentifierKind
from ombud.register import audit
from ombud.register.bulk import BulkCollector, BulkPlan, Incoming
from ombud.register.consents import withdraw_consent
from ombud.register.service import Context, find_subject
from ombud.retention import COLLECTED
from ombud.store.tables import subjects
from ombud.synthetic import Person, people

CATEGORY_FIELDS: dict[str, Callable[[Person], str | None]] = {
    "user.name": lambda p: p.full_name,
    "user.contact.email": lambda p: p.email,
    "user.contact.phone_number": lambda p: p.phone,
    "user.contact.address": lambda p: p.postal_address,
    "user.government_id.national_identification_number": lambda p: p.personnummer,
    "user.job_title": lambda p: p.job_title,
    "user.workplace.organisation_type": lambda p: p.organisation_type,
    "user.content.private.dietary_wish": lambda p: p.diet,
}
"""The categories a synthetic person can fill, and from which of their fields."""

PER_OCCASION = frozenset({"user.content.private.dietary_wish"})
"""Categories given anew at each occasion (a booking): their purposes collect in entries."""

SHARE_BY_BASIS = {
    LegalBasis.contract: 0.6,
    LegalBasis.legal_obligation: 0.4,
    LegalBasis.legitimate_interest: 0.3,
    LegalBasis.consent: 0.3,
}
EVENT_SHARE = 0.3  # of a purpose's people, those whose retention clock has started
WITHDRAWN_SHARE = 0.05  # of a consent purpose's people, those who withdrew
BLOCKED_SHARE = 0.02  # people with a direct-marketing block (direktreklamspärr)
CHUNK = 5_000


@dataclass
class DemoSummary:
    """How many people went into each purpose, and the marketing blocks and withdrawals."""

    people: int
    by_purpose: dict[str, int] = field(default_factory=dict)
    withdrawn: int = 0
    blocked: int = 0


def fillable(purpose: Purpose) -> list[str]:
    """The purpose's categories a synthetic person can supply."""
    return [c for c in purpose.categories if c in CATEGORY_FIELDS]


def fill(session: Session, ctx: Context, *, count: int, seed: int, actor: str) -> DemoSummary:
    """Fill the store with `count` synthetic people spread over the declaration's purposes."""
    rng = random.Random(seed)
    crowd = list(people(seed, count))
    kinds = sorted(ctx.declaration.subject_kinds)
    kind_of = [rng.choice(kinds) for _ in crowd]
    summary = DemoSummary(count)
    for key, purpose in ctx.declaration.purposes.items():
        if not fillable(purpose) or purpose.special_condition is not None:
            continue
        share = SHARE_BY_BASIS.get(purpose.legal_basis, 0.2)
        for kind in purpose.subject_kinds:
            chosen = [p for p, k in zip(crowd, kind_of, strict=True) if k == kind]
            chosen = [p for p in chosen if rng.random() < share]
            with gc_paused(), _collector(session, ctx, key, purpose, kind) as collector:
                for chunk in _chunks(list(_rows(rng, ctx, purpose, chosen)), CHUNK):
                    collector.add(chunk, skip_bad=False)
            _audit(session, ctx, key, collector, actor)
            summary.by_purpose[key] = summary.by_purpose.get(key, 0) + len(chosen)
            if purpose.legal_basis is LegalBasis.consent:
                summary.withdrawn += _withdraw(session, ctx, key, chosen, rng, actor)
    summary.blocked = _block(session, ctx, crowd, rng)
    return summary


def _collector(
    session: Session, ctx: Context, key: str, purpose: Purpose, kind: str
) -> BulkCollector:
    per_occasion = any(c in PER_OCCASION for c in purpose.categories)
    plan = BulkPlan(
        purpose=key,
        subject_kind=kind,
        consent_method="web_form" if purpose.consent is not None else None,
        consent_evidence="demo-data",
        entry_kind=key if per_occasion else None,
    )
    return BulkCollector(session, ctx, plan, source=f"demo-data:{key}")


def _rows(
    rng: random.Random, ctx: Context, purpose: Purpose, chosen: list[Person]
) -> Iterator[Incoming]:
    """One row per person, or one per occasion (one to three) for per-occasion purposes."""
    categories = fillable(purpose)
    occasions = 3 if any(c in PER_OCCASION for c in categories) else 1
    now = ctx.clock.now()
    after = [e for e in (purpose.retention.after if purpose.retention else ()) if e != COLLECTED]
    for line, person in enumerate(chosen, start=1):
        values = {c: v for c in categories if (v := CATEGORY_FIELDS[c](person))}
        for _ in range(rng.randint(1, occasions)):
            happened = occasions > 1 or rng.random() < EVENT_SHARE
            at = now - timedelta(days=rng.randint(1, 5 * 365))
            events = dict.fromkeys(after, at) if happened else {}
            yield Incoming(line, {IdentifierKind.EMAIL: person.email}, values, events)


def _audit(session: Session, ctx: Context, key: str, collector: BulkCollector, actor: str) -> None:
    result = collector.result
    if result.rejected:
        raise AssertionError(f"demo-data refused rows for {key}: {result.rejected[0]}")
    audit.append(
        session,
        audit.Imported(
            subjects=result.subjects_created + result.subjects_found, records=result.new_records
        ),
        at=ctx.clock.now(),
        actor=actor,
        purpose=key,
    )


def _withdraw(
    session: Session, ctx: Context, key: str, chosen: list[Person], rng: random.Random, actor: str
) -> int:
    """A few people withdraw their consent again, through the consent ledger."""
    withdrawn = 0
    for person in chosen:
        if rng.random() >= WITHDRAWN_SHARE:
            continue
        ref = find_subject(session, ctx, kind=IdentifierKind.EMAIL, value=person.email)
        if ref is not None:
            withdrawn += withdraw_consent(session, ctx, subject=ref, purpose=key, actor=actor) > 0
    return withdrawn


def _block(session: Session, ctx: Context, crowd: list[Person], rng: random.Random) -> int:
    """A few people carry a direct-marketing block (direktreklamspärr), set in one statement."""
    ids = []
    for person in crowd:
        if rng.random() < BLOCKED_SHARE:
            ref = find_subject(session, ctx, kind=IdentifierKind.EMAIL, value=person.email)
            if ref is not None:
                ids.append(ref.id)
    if ids:
        session.execute(update(subjects).where(subjects.c.id.in_(ids)).values(marketing_block=True))
    return len(ids)


def _chunks(rows: list[Incoming], size: int) -> Iterator[list[Incoming]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
