"""A new declaration's periods, recomputed into stored expiries; previewed before applied."""

from datetime import UTC, datetime

from sqlalchemy import select

from ombud.declaration import load_declaration
from ombud.protect import IdentifierKind
from ombud.register.service import Context, collect, record_event, register_subject
from ombud.retention import add_duration
from ombud.retention.model import Duration
from ombud.retention.purge import plan, preview_declaration
from ombud.retention.recompute import recompute_expiries
from ombud.store.tables import bases

from .conftest import DECLARATION, START


def shortened(tmp_path, keep: str):
    text = DECLARATION.read_text().replace(
        "{keep: P24M, after: booking_made}", f"{{keep: {keep}, after: booking_made}}"
    )
    path = tmp_path / "ombud.yaml"
    path.write_text(text)
    return load_declaration(path).declaration


def booked(store, ctx, email, at):
    ref = register_subject(
        store.session, ctx, kind="customer", identifiers={IdentifierKind.EMAIL: email}, actor="t"
    )
    values = {"user.name": "Kund", "user.contact.email": email}
    collect(store.session, ctx, subject=ref, purpose="bookings", values=values, actor="t")
    record_event(store.session, ctx, subject=ref, name="booking_made", at=at, actor="t")
    return ref


def expiries(store) -> set:
    return set(store.session.execute(select(bases.c.expires_at)).scalars())


def test_a_shortened_period_is_recomputed_with_the_law_s_month_end(store, ctx, tmp_path):
    # 31 Jan + P1M ends with February (28 Feb 2026 at its end), not on 3 March.
    end_of_january = datetime(2026, 1, 31, 12, tzinfo=UTC)
    booked(store, ctx, "jan@example.se", end_of_january)
    new = shortened(tmp_path, "P1M")
    changed = recompute_expiries(store.session, new, at=START)
    assert (changed.examined, changed.earlier, changed.later) == (2, 2, 0)
    assert expiries(store) == {add_duration(end_of_january, Duration(months=1))}
    assert expiries(store) == {datetime(2026, 2, 28, 23, tzinfo=UTC)}  # 1 March, Stockholm


def test_the_dry_run_of_a_new_declaration_shows_what_it_would_purge_and_applies_nothing(
    store, ctx, tmp_path
):
    booked(store, ctx, "kort@example.se", datetime(2025, 6, 1, tzinfo=UTC))
    before = expiries(store)
    assert plan(store.session, ctx, as_of=START).removed == ()
    new_ctx = Context(declaration=shortened(tmp_path, "P6M"), keyring=ctx.keyring, clock=ctx.clock)
    changed, preview = preview_declaration(store.session, new_ctx, as_of=START)
    assert changed.earlier == 2
    assert {c.rule for c in preview.removed} == {"purpose:bookings"} and preview.records == 2
    assert expiries(store) == before
