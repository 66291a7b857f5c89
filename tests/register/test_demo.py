"""demo-data: a store filled from the declaration alone, whose gate and audience agree."""

import random

from sqlalchemy import func, select

from ombud.register.demo import CATEGORY_FIELDS, fill
from ombud.register.service import SubjectRef, audience, decide
from ombud.store.tables import consents, entries, events, records, subjects


def count(store, table, *where) -> int:
    return store.session.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def test_demo_data_fills_the_purposes_the_declaration_allows(store, ctx):
    summary = fill(store.session, ctx, count=300, seed=3, actor="t")
    assert 0 < count(store, subjects) <= 300
    assert set(summary.by_purpose) == {"membership", "bookings", "newsletter", "invoicing"}
    assert count(store, entries) > 0 and count(store, events) > 0
    assert count(store, consents, consents.c.withdrawn_at.is_not(None)) == summary.withdrawn
    assert count(store, subjects, subjects.c.marketing_block.is_(True)) == summary.blocked
    held = set(store.session.execute(select(records.c.category).distinct()).scalars())
    assert held <= set(CATEGORY_FIELDS)


def test_the_gate_and_the_audience_agree_on_200_demo_subjects(store, ctx):
    fill(store.session, ctx, count=400, seed=5, actor="t")
    rows = store.session.execute(select(subjects.c.id, subjects.c.public_id)).all()
    sample = random.Random(1).sample(rows, 200)
    for purpose in ctx.declaration.purposes:
        members = set(audience(store.session, ctx, purpose=purpose))
        for row in sample:
            ref = SubjectRef(row.id, row.public_id)
            allowed = decide(store.session, ctx, subject=ref, purpose=purpose).allowed
            assert allowed == (row.public_id in members), (purpose, row.public_id)


def test_the_same_seed_gives_the_same_spread(store, ctx):
    first = fill(store.session, ctx, count=100, seed=9, actor="t")
    store.session.rollback()
    assert fill(store.session, ctx, count=100, seed=9, actor="t") == first
