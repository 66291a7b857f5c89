"""Access report and erasure latency for one subject, on stores of growing size.

    .venv/bin/python bench/rights_bench.py --subjects 100000 --subjects 1000000

Builds a SQLite store per size: filler subjects with 10 records and 10 bases each,
bulk-inserted (their values are random bytes: never read), then 50 real members of
Lean Forum through the services. Times `run_request` for an access request and for
an erasure of each real member; prints the medians and 95th percentiles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import IdentifierKind, generate_keyring
from ombud.register.service import Context, collect, register_subject
from ombud.rights.model import RequestType
from ombud.rights.service import new_request, run_request, verify_request
from ombud.store import create_engine_for, upgrade
from ombud.store.tables import bases, records, subjects

EXAMPLE = Path(__file__).parents[1] / "src/ombud/examples/lean-forum/ombud.yaml"
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
CATEGORIES = ("user.name", "user.contact.email", "user.contact.phone_number", "user.payment")
BATCH = 20_000


class NullMailer:
    def __init__(self) -> None:
        self.body = ""

    def send(self, mail: object) -> None:
        self.body = getattr(mail, "body", "")


def fill(engine: object, count: int) -> None:
    """`count` subjects with 10 records and 10 bases each, in bulk."""
    next_record = 1
    for start in range(0, count, BATCH):
        ids = range(start + 1, min(start + BATCH, count) + 1)
        with Session(engine) as s, s.begin():  # type: ignore[call-overload]
            s.execute(
                insert(subjects),
                [
                    {
                        "id": i,
                        "public_id": f"f{i}",
                        "kind": "member",
                        "wrapped_key": os.urandom(60),
                        "created_at": NOW,
                    }
                    for i in ids
                ],
            )
            recs, bs = [], []
            for i in ids:
                for n in range(10):
                    recs.append(
                        {
                            "id": next_record,
                            "subject_id": i,
                            "category": CATEGORIES[n % 4],
                            "value": os.urandom(40),
                            "value_hash": os.urandom(32),
                            "source": "subject",
                            "provided_by_subject": True,
                            "collected_at": NOW,
                        }
                    )
                    bs.append(
                        {
                            "record_id": next_record,
                            "subject_id": i,
                            "purpose": "membership",
                            "category": CATEGORIES[n % 4],
                            "legal_basis": "contract",
                            "status": "active",
                            "created_at": NOW,
                            "updated_at": NOW,
                        }
                    )
                    next_record += 1
            s.execute(insert(records), recs)
            s.execute(insert(bases), bs)


def measure(engine: object, ctx: Context, members: int) -> dict[str, list[float]]:
    mailer = NullMailer()
    timings: dict[str, list[float]] = {"access": [], "erasure": []}
    for m in range(members):
        address = f"member{m}@example.se"
        with Session(engine) as s, s.begin():  # type: ignore[call-overload]
            ref = register_subject(
                s, ctx, kind="member", identifiers={IdentifierKind.EMAIL: address}, actor="bench"
            )
            collect(
                s,
                ctx,
                subject=ref,
                purpose="membership",
                values={"user.name": f"Member {m}", "user.contact.email": address},
                actor="b",
            )
            collect(
                s,
                ctx,
                subject=ref,
                purpose="bookkeeping",
                values={"user.name": f"Member {m}", "user.payment": "Faktura"},
                actor="b",
            )
        for kind in ("access", "erasure"):
            with Session(engine) as s, s.begin():  # type: ignore[call-overload]
                r = new_request(
                    s, ctx, type=RequestType(kind), email=address, mailer=mailer, actor="bench"
                )
                code = (
                    mailer.body.split("code is: ")[-1][:8]
                    if "code is" in mailer.body
                    else mailer.body.split("engångskod är: ")[-1][:8]
                )
                verify_request(s, ctx, request_id=r.id, code=code, actor="bench")
            start = time.perf_counter()
            with Session(engine) as s, s.begin():  # type: ignore[call-overload]
                run_request(s, ctx, request_id=r.id, mailer=mailer, actor="bench")
            timings[kind].append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subjects", type=int, action="append", default=[])
    parser.add_argument("--members", type=int, default=50)
    args = parser.parse_args()
    declaration = load_declaration(EXAMPLE).declaration
    for size in args.subjects or [100_000]:
        with tempfile.TemporaryDirectory() as tmp:
            engine = create_engine_for(f"sqlite:///{tmp}/bench.db")
            upgrade(engine)
            started = time.perf_counter()
            fill(engine, size)
            built = time.perf_counter() - started
            ctx = Context(declaration, generate_keyring(), FixedClock(NOW))
            timings = measure(engine, ctx, args.members)
            for kind, values in timings.items():
                p95 = statistics.quantiles(values, n=20)[-1]
                print(
                    f"{size:>9} subjects ({size * 10} records, built in {built:.0f} s): "
                    f"{kind:<7} median {statistics.median(values):6.1f} ms, p95 {p95:6.1f} ms"
                )
            engine.dispose()


if __name__ == "__main__":
    main()
