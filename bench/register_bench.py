"""The register's performance targets, on SQLite and PostgreSQL.

    python bench/register_bench.py --backend sqlite --subjects 100000
    python bench/register_bench.py --backend postgresql --subjects 100000

Builds (once; cached under bench/out/) a store of N synthetic subjects with about ten
records each through the register's bulk path, then measures: `decide` for one
subject (median), `audience` for a purpose against `decide` per subject (measured
on a sample and extrapolated to every subject), finding a subject by e-mail and by
personnummer (median), and bulk import of a CSV file with encryption on.
Prints one Markdown table row per figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import resource
import statistics
import time
from base64 import b64decode, b64encode
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.engine import make_url

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import IdentifierKind, Keyring, generate_keyring
from ombud.register.bulk import BulkCollector, BulkPlan, Incoming
from ombud.register.importing import import_people
from ombud.register.mapping import load_mapping
from ombud.register.service import Context, SubjectRef, audience, decide, find_subject
from ombud.store import create_engine_for, session_factory, upgrade
from ombud.store.tables import records, subjects
from ombud.synthetic import people

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
DECLARATION = ROOT.parent / "tests" / "register" / "declaration.yaml"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)
CHUNK = 20_000


def keyring(path: Path) -> Keyring:
    if path.exists():
        doc = json.loads(path.read_text())
        return Keyring({doc["id"]: b64decode(doc["master"])}, doc["id"], b64decode(doc["index"]))
    ring = generate_keyring()
    doc = {"id": ring.active, "master": b64encode(ring.active_key).decode()}
    path.write_text(json.dumps({**doc, "index": b64encode(ring.index_key).decode()}))
    return ring


def engine_for(backend: str, name: str, *, fresh: bool = False) -> Engine:
    """The bench database `name` (an SQLite file, or a PostgreSQL schema), emptied if `fresh`."""
    if backend == "sqlite":
        if fresh:
            (OUT / f"{name}.db").unlink(missing_ok=True)
        return create_engine_for(f"sqlite:///{OUT / name}.db")
    admin = create_engine_for(PG_URL)
    with admin.begin() as conn:
        if fresh:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {name}"))
    admin.dispose()
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={name}"})
    return create_engine_for(url.render_as_string(hide_password=False))


def plans() -> list[tuple[BulkPlan, str]]:
    """Purposes of the test declaration and how each fills a synthetic person (~10 records)."""
    return [
        (BulkPlan("membership", "member"), "membership"),
        (BulkPlan("invoicing", "member"), "invoicing"),
        (BulkPlan("bookings", "member", entry_kind="booking"), "bookings"),
        (BulkPlan("bookings", "member", entry_kind="booking"), "bookings"),
        (BulkPlan("newsletter", "member", consent_method="web_form"), "newsletter"),
    ]


def row(kind: str, line: int, p, rng: random.Random) -> Incoming | None:
    ident = {IdentifierKind.EMAIL: p.email, IdentifierKind.PERSONNUMMER: p.personnummer}
    at = NOW.replace(year=2021 + rng.randrange(5))
    if kind == "membership":
        values = {"user.name": p.full_name, "user.contact.email": p.email}
        values["user.contact.phone_number"] = p.phone
        events = {"membership_ended": at} if rng.random() < 0.3 else {}
        return Incoming(line, ident, values, events)
    if kind == "invoicing":
        values = {"user.name": p.full_name}
        values["user.government_id.national_identification_number"] = p.personnummer
        return Incoming(line, ident, values, {"fiscal_year_end": at})
    if kind == "bookings":
        values = {"user.name": p.full_name, "user.contact.email": p.email}
        values["user.content.private.dietary_wish"] = p.diet or "inga"
        return Incoming(line, ident, values, {"booking_made": at})
    if rng.random() < 0.4:
        return Incoming(line, ident, {"user.contact.email": p.email})
    return None


def build(engine: Engine, ctx: Context, count: int) -> None:
    """Fill an empty store with `count` subjects through the bulk path, in chunks."""
    upgrade(engine)
    if engine.dialect.name == "sqlite":
        # During the build only: a crash loses the cache, which is rebuilt.
        event.listen(engine, "connect", lambda c, _: c.execute("PRAGMA synchronous=OFF"))
        engine.dispose()
    with engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(subjects)).scalar_one() >= count:
            return
    rng = random.Random(1)
    started = time.perf_counter()
    crowd = people(1, count)
    done = 0
    while done < count:
        batch = [next(crowd) for _ in range(min(CHUNK, count - done))]
        with session_factory(engine).begin() as session:
            for plan, kind in plans():
                rows = [r for i, p in enumerate(batch) if (r := row(kind, i, p, rng))]
                BulkCollector(session, ctx, plan, source="bench").add(rows, skip_bad=False)
        done += len(batch)
        print(f"  built {done} subjects in {time.perf_counter() - started:.0f} s", flush=True)


def figure(backend: str, store: str, what: str, value: str, target: str) -> str:
    return f"| {backend} | {store} | {what} | {value} | {target} |"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def measure(engine: Engine, ctx: Context, backend: str, count: int) -> list[str]:
    figures = []
    with session_factory(engine)() as session:
        total = session.execute(select(func.count()).select_from(records)).scalar_one()
        ids = session.execute(select(subjects.c.id, subjects.c.public_id)).all()
        sample = random.Random(2).sample(ids, 1000)
        durations = []
        for sid, pid in sample:
            t = time.perf_counter()
            decide(session, ctx, subject=SubjectRef(sid, pid), purpose="newsletter")
            durations.append(time.perf_counter() - t)
        decide_ms = median_ms(durations)
        store = f"{count:,} / {total:,}"
        what = "decide, one subject (median of 1,000)"
        figures.append(figure(backend, store, what, f"{decide_ms:.2f} ms", "< 2 ms"))
        t = time.perf_counter()
        size = len(audience(session, ctx, purpose="newsletter"))
        audience_s = time.perf_counter() - t
        loop_s = statistics.mean(durations) * len(ids)
        what = f"audience newsletter ({size:,} subjects)"
        figures.append(figure(backend, store, what, f"{audience_s:.2f} s", "< 2 s"))
        what = "decide per subject, extrapolated from 1,000"
        ratio = f"{loop_s:.1f} s; audience is {loop_s / audience_s:.0f}× faster"
        figures.append(figure(backend, store, what, ratio, "≥ 50×"))
        crowd = random.Random(3).sample(range(count), 1000)
        persons = {i: p for i, p in enumerate(people(1, max(crowd) + 1)) if i in set(crowd)}
        for kind, attr in (
            (IdentifierKind.EMAIL, "email"),
            (IdentifierKind.PERSONNUMMER, "personnummer"),
        ):
            durations = []
            for p in persons.values():
                t = time.perf_counter()
                assert find_subject(session, ctx, kind=kind, value=getattr(p, attr)) is not None
                durations.append(time.perf_counter() - t)
            what = f"find by {kind.value} (median of 1,000)"
            figures.append(figure(backend, store, what, f"{median_ms(durations):.2f} ms", "< 2 ms"))
    return figures


def bench_import(backend: str, ctx: Context, rows: int) -> str:
    """Import a members file of `rows` people into an empty store; records per second."""
    engine = engine_for(backend, f"bench_import_{rows}", fresh=True)
    upgrade(engine)
    path, mapping = OUT / "members.csv", OUT / "members.yaml"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Namn", "E-post", "Telefon", "Personnummer", "Slutdatum"])
        for i, p in enumerate(people(11, rows)):
            writer.writerow(
                [
                    p.full_name,
                    p.email,
                    p.phone,
                    p.personnummer_display,
                    "2025-06-30" if i % 4 == 0 else "",
                ]
            )
    mapping.write_text(
        'subject_kind: member\ncsv: {delimiter: ";"}\n'
        "identifiers: {email: E-post, personnummer: Personnummer}\n"
        "categories:\n  user.name: {column: Namn, required: true}\n  user.contact.email: E-post\n"
        "  user.contact.phone_number: Telefon\nevents: {membership_ended: Slutdatum}\n"
    )
    with session_factory(engine).begin() as session:
        t, c = time.perf_counter(), time.process_time()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        summary = import_people(
            session,
            ctx,
            path=path,
            mapping=load_mapping(mapping),
            purpose="membership",
            actor="bench",
        )
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        done = resource.getrusage(resource.RUSAGE_CHILDREN)
        worker = (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    engine.dispose()
    rate = summary.new_records / wall
    what = f"import {rows:,} rows, {summary.new_records:,} records, encrypted"
    per_record = (cpu + worker) / summary.new_records * 1e6
    value = (
        f"{rate:,.0f} records/s ({wall:.1f} s wall; CPU {cpu:.1f} s writing + {worker:.1f} s "
        f"parsing beside it = {per_record:.0f} µs per record)"
    )
    return figure(backend, "empty", what, value, "≥ 20,000/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, nargs="+", default=[100_000])
    parser.add_argument("--import-rows", type=int, default=20_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    declaration = load_declaration(DECLARATION).declaration
    ctx = Context(declaration, keyring(OUT / "keys.json"), FixedClock(NOW))
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    figures = [bench_import(args.backend, ctx, args.import_rows)]
    print(figures[0], flush=True)
    for count in args.subjects:
        engine = engine_for(args.backend, f"bench_register_{count}")
        build(engine, ctx, count)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))  # fresh planner statistics after the bulk build
        for line in measure(engine, ctx, args.backend, count):
            print(line, flush=True)
            figures.append(line)
        engine.dispose()


if __name__ == "__main__":
    main()
