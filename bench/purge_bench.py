"""The purge at scale, side by side with its floor and a naive loop, on SQLite or PostgreSQL.

    .venv/bin/python bench/purge_bench.py --backend sqlite --records 1000000 10000000
    .venv/bin/python bench/purge_bench.py --backend postgresql --records 1000000 10000000

For each size it builds (once, cached under bench/out/) a store of synthetic rows: ten
records per subject (random bytes as ciphertext: the purge never decrypts), one basis
each under Lean Forum's `participant_bookings`, 1.1% of the records expired (one in a
hundred spread over all subjects, plus every record of one subject in a thousand, whose
subjects are then removed). On fresh copies of it, it measures:

- floor: the bare SQL, one statement each: note the expired record ids, DELETE the
  expired bases, DELETE those records (no batching, no log, no holds, no subjects);
- purge: `ombud.retention.purge.purge` in a child process (wall time, peak RSS);
- dry run: `ombud.retention.purge.plan` on the untouched store;
- naive: a per-record ORM loop (load each record and its bases, decide in Python, delete,
  commit) over a 100,000-record store, extrapolated linearly to the size measured
  (`--naive-sample 0` skips it).

Beside wall time each figure has the CPU time it took: this process's (or the child's)
plus, on PostgreSQL, that of the server backends that did the work (read from /proc,
the server runs on this host), and the load average when it ended: other jobs share
the machine. Figures go to bench/out/purge-<backend>.json and stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session, registry, relationship

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import generate_keyring
from ombud.register.service import Context
from ombud.retention.purge import plan, purge
from ombud.store import (
    create_engine_for,
    current_revision,
    head_revision,
    session_factory,
    upgrade,
)
from ombud.store.tables import bases, records

OUT = Path(__file__).with_name("out")
ROOT = Path(__file__).resolve().parents[1]
DECLARATION = ROOT / "src/ombud/examples/lean-forum/ombud.yaml"
PG_SERVER = os.environ.get("OMBUD_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
AS_OF = datetime(2026, 3, 1, tzinfo=UTC)
PER_SUBJECT = 10
NAIVE_SAMPLE = 100_000
CATEGORIES = (
    "user.name",
    "user.contact.address",
    "user.contact.email",
    "user.contact.phone_number",
    "user.payment",
    "user.content.private.dietary_wish",
)


def _expired(i: str, s: str) -> str:
    """SQL: record `i` of subject `s` is expired (1% spread, plus whole subjects 1 in 1000)."""
    return f"({i} % 100 = 7 OR {s} % 1000 = 1)"


def _fill_sql(n: int, backend: str) -> list[str]:
    """Set-based inserts of `n` records (and subjects, identifiers, bases) in the database."""
    subjects_n = n // PER_SUBJECT
    cat = (
        "CASE i % 6 " + " ".join(f"WHEN {k} THEN '{c}'" for k, c in enumerate(CATEGORIES)) + " END"
    )
    if backend == "sqlite":
        series = "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n})"
        rand, hexid = "randomblob({})", "hex(i)"
        ts = "strftime('%Y-%m-%d %H:%M:%f000', '2025-01-01', '+' || ({d}) || ' days')"
        src = "FROM g"
    else:
        series = ""
        rand = (
            "decode(md5(random()::text) || md5(random()::text), 'hex')::bytea || '\\x{pad}'::bytea"
        )
        hexid = "to_hex(i)"
        ts = "(timestamptz '2025-01-01 00:00+00' + make_interval(days => ({d})::int))"
        src = "FROM generate_series(1, {n}) AS g(i)"

    def blob(size: int) -> str:
        return (
            rand.format(size) if backend == "sqlite" else rand.format(pad="00" * max(size - 32, 0))
        )

    s = f"((i - 1) / {PER_SUBJECT} + 1)"
    expires = (
        f"CASE WHEN {_expired('i', s)} THEN {ts.format(d='i % 400')} "
        f"WHEN i % 10 = 0 THEN NULL ELSE {ts.format(d='430 + i % 3000')} END"
    )
    created = ts.format(d="0")
    return [
        f"{series.format(n=subjects_n)} INSERT INTO subjects (id, public_id, kind, wrapped_key, "
        f"protected_identity, marketing_block, created_at) SELECT i, {hexid}, 'participant', "
        f"{blob(60)}, false, false, {created} {src.format(n=subjects_n)}",
        f"{series.format(n=subjects_n)} INSERT INTO subject_identifiers (id, subject_id, kind, "
        f"blind_index) SELECT i, i, 'email', {blob(16)} {src.format(n=subjects_n)}",
        f"{series.format(n=n)} INSERT INTO records (id, subject_id, category, value, value_hash, "
        f"source, provided_by_subject, collected_at) SELECT i, {s}, {cat}, {blob(48)}, "
        f"{blob(32)}, 'subject', true, {created} {src.format(n=n)}",
        f"{series.format(n=n)} INSERT INTO bases (id, record_id, subject_id, purpose, category, "
        f"legal_basis, status, expires_at, created_at, updated_at) SELECT i, i, {s}, "
        f"'participant_bookings', {cat}, 'contract', 'active', {expires}, {created}, {created} "
        f"{src.format(n=n)}",
    ]


def _url(backend: str, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{OUT / name}.db"
    return PG_SERVER + name


def _admin(statement: str) -> None:
    engine = create_engine_for(PG_SERVER + "postgres").execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _exists(backend: str, name: str) -> bool:
    if backend == "sqlite":
        return (OUT / f"{name}.db").exists()
    engine = create_engine_for(PG_SERVER + "postgres")
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
    engine.dispose()
    return found is not None


def _current(backend: str, name: str) -> bool:
    """The cached store exists and has the schema of this version of Ombud."""
    if not _exists(backend, name):
        return False
    engine = create_engine_for(_url(backend, name))
    revision = current_revision(engine)
    engine.dispose()
    return revision == head_revision()


def build(backend: str, n: int) -> str:
    """The cached base store of `n` records; built with set-based SQL on first use.

    A store cached under an older schema is built again. On PostgreSQL it is vacuumed
    as autovacuum would after the load, so index-only scans see an up-to-date
    visibility map.
    """
    name = f"purge_base_{n}"
    if _current(backend, name):
        return name
    drop(backend, name)
    tmp = f"{name}_building"
    if backend == "postgresql":
        _admin(f"DROP DATABASE IF EXISTS {tmp}")
        _admin(f"CREATE DATABASE {tmp}")
    else:
        (OUT / f"{tmp}.db").unlink(missing_ok=True)
    engine = create_engine_for(_url(backend, tmp))
    upgrade(engine)
    began = time.monotonic()
    with engine.begin() as connection:
        if backend == "postgresql":
            connection.execute(text("SET LOCAL synchronous_commit = off"))
        for statement in _fill_sql(n, backend):
            connection.execute(text(statement))
    with engine.connect() as connection:
        if backend == "postgresql":  # VACUUM runs outside a transaction
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
    if backend == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    print(f"built {n:,} records on {backend} in {time.monotonic() - began:.0f} s", flush=True)
    if backend == "postgresql":
        _admin(f"ALTER DATABASE {tmp} RENAME TO {name}")
    else:
        (OUT / f"{tmp}.db").rename(OUT / f"{name}.db")
    return name


def copy(backend: str, base: str, name: str) -> str:
    """A fresh copy of the base store to purge (the base stays untouched)."""
    if backend == "postgresql":
        _admin(f"DROP DATABASE IF EXISTS {name}")
        _admin(f"CREATE DATABASE {name} TEMPLATE {base}")
    else:
        for suffix in ("-wal", "-shm"):
            (OUT / f"{name}.db{suffix}").unlink(missing_ok=True)
        shutil.copyfile(OUT / f"{base}.db", OUT / f"{name}.db")
    return _url(backend, name)


def drop(backend: str, name: str) -> None:
    if backend == "postgresql":
        _admin(f"DROP DATABASE IF EXISTS {name}")
    else:
        for suffix in ("", "-wal", "-shm"):
            (OUT / f"{name}.db{suffix}").unlink(missing_ok=True)


def _backend_cpu(engine: Engine) -> float:
    """CPU seconds used so far by the server processes of this engine's open connections."""
    if engine.dialect.name != "postgresql":
        return 0.0
    with engine.connect() as connection:
        pids = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def floor(url: str) -> tuple[float, float]:
    """The bare SQL: note the expired records, delete the expired bases, delete the records.

    Returns wall and CPU seconds (this process and, on PostgreSQL, its server backend).
    """
    engine = create_engine_for(url)
    cpu_before = time.process_time() + _backend_cpu(engine)
    began = time.monotonic()
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TEMPORARY TABLE gone AS SELECT record_id FROM bases WHERE expires_at < :now"
            ),
            {"now": _bound(engine, AS_OF)},
        )
        connection.execute(
            text("DELETE FROM bases WHERE expires_at < :now"), {"now": _bound(engine, AS_OF)}
        )
        connection.execute(text("DELETE FROM records WHERE id IN (SELECT record_id FROM gone)"))
    seconds = time.monotonic() - began
    cpu = time.process_time() + _backend_cpu(engine) - cpu_before
    engine.dispose()
    return seconds, cpu


def _bound(engine: Engine, at: datetime) -> Any:
    """A timestamp as the column type stores it (naive text on SQLite)."""
    if engine.dialect.name == "sqlite":
        return at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    return at


def context() -> Context:
    declaration = load_declaration(DECLARATION).declaration
    return Context(declaration=declaration, keyring=generate_keyring(), clock=FixedClock(AS_OF))


def purge_child(url: str, batch_size: int) -> None:
    """Run in a child process: purge, then print seconds, peak RSS and what was removed."""
    engine, ctx = create_engine_for(url), context()
    cpu_before = time.process_time()
    began = time.monotonic()
    run = purge(session_factory(engine), ctx, as_of=AS_OF, batch_size=batch_size)
    seconds = time.monotonic() - began
    # The pool keeps the purge's connections open: their backends' CPU is the purge's.
    cpu = time.process_time() - cpu_before + _backend_cpu(engine)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    removed = sum(c.count for c in run.removed if c.rule != "subject")
    subjects = sum(c.count for c in run.removed if c.rule == "subject")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_s": cpu,
                "rss_kb": rss_kb,
                "records": removed,
                "subjects": subjects,
            }
        )
    )


def measure_purge(url: str, batch_size: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", url, "--batch-size", str(batch_size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def dry_run(url: str) -> tuple[float, int]:
    engine, ctx = create_engine_for(url), context()
    with session_factory(engine)() as session:
        began = time.monotonic()
        preview = plan(session, ctx, as_of=AS_OF)
        seconds = time.monotonic() - began
    engine.dispose()
    return seconds, preview.records


class Record:
    bases: list[Basis]


class Basis:
    expires_at: datetime | None


def naive(url: str) -> tuple[float, int]:
    """A per-record ORM loop: each record, its bases, decide in Python, delete, commit."""
    mapper = registry()
    mapper.map_imperatively(Basis, bases)
    mapper.map_imperatively(Record, records, properties={"bases": relationship(Basis)})
    engine = create_engine_for(url)
    removed = 0
    began = time.monotonic()
    with Session(engine) as session:
        ids = session.execute(select(records.c.id).order_by(records.c.id)).scalars().all()
        for record_id in ids:
            record = session.get(Record, record_id)
            assert record is not None
            ends = [b.expires_at for b in record.bases]
            if ends and all(end is not None and end <= AS_OF for end in ends):
                for basis in record.bases:
                    session.delete(basis)
                session.flush()
                session.execute(delete(records).where(records.c.id == record_id))
                session.commit()
                removed += 1
            session.expunge_all()
    seconds = time.monotonic() - began
    engine.dispose()
    return seconds, removed


def bench(backend: str, n: int, batch_size: int) -> dict[str, Any]:
    base = build(backend, n)
    figures: dict[str, Any] = {"records": n, "backend": backend, "batch_size": batch_size}
    figures["dry_run_s"], figures["due_records"] = dry_run(_url(backend, base))
    print(f"{backend} {n:,}: dry run {figures['dry_run_s']:.2f} s", flush=True)
    figures["floor_s"], figures["floor_cpu_s"] = floor(copy(backend, base, "purge_floor"))
    figures["floor_load"] = os.getloadavg()
    drop(backend, "purge_floor")
    print(f"{backend} {n:,}: floor {figures['floor_s']:.2f} s", flush=True)
    figures["purge"] = measure_purge(copy(backend, base, "purge_run"), batch_size)
    figures["purge_load"] = os.getloadavg()
    drop(backend, "purge_run")
    print(f"{backend} {n:,}: purge {figures['purge']}", flush=True)
    figures["purge_over_floor"] = figures["purge"]["seconds"] / figures["floor_s"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--records", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--batch-size", type=int, default=5_000)
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        purge_child(args.child, args.batch_size)
        return
    OUT.mkdir(exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "sizes": []}
    sample_n = args.naive_sample
    if sample_n:
        sample = build(args.backend, sample_n)
        seconds, removed = naive(copy(args.backend, sample, "purge_naive"))
        drop(args.backend, "purge_naive")
        results["naive"] = {"records": sample_n, "seconds": seconds, "removed": removed}
        print(f"{args.backend}: naive loop over {sample_n:,} records {seconds:.1f} s", flush=True)
    for n in args.records:
        figures = bench(args.backend, n, args.batch_size)
        if sample_n:
            figures["naive_extrapolated_s"] = seconds * n / sample_n
            figures["naive_over_purge"] = (
                figures["naive_extrapolated_s"] / figures["purge"]["seconds"]
            )
        results["sizes"].append(figures)
        name = f"purge-{args.backend}-{'-'.join(str(n) for n in args.records)}.json"
        (OUT / name).write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(mem_kb / 1024 / 1024, 1)}


if __name__ == "__main__":
    main()
