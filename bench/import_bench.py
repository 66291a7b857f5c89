"""Bulk import throughput (target: at least 20,000 records per second, encrypted).

    python bench/import_bench.py --backend sqlite postgresql --rows 20000

Writes a members file of N synthetic people (name, e-mail, phone, personnummer, an end
date for one in four: three records per row) and imports it as `ombud import` does,
through `import_people` in one transaction, commit included: first into an empty store,
then a second file into the same store (`merge`), half of whose people are already there
(found by their identifiers; their values reused, their bases renewed) and half new.

Prints per run: wall time, records/s, the load average before and after, and CPU time
per record: the writing process, the process parsing beside it, and for PostgreSQL the
server backend of the importing connection (read from /proc; same host). On a shared
machine wall time swings with the load; CPU per record holds steadier.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import time
from base64 import b64decode, b64encode
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import Keyring, generate_keyring
from ombud.register.importing import import_people
from ombud.register.mapping import load_mapping
from ombud.register.service import Context
from ombud.store import create_engine_for, session_factory, upgrade
from ombud.store.tables import records, subjects
from ombud.synthetic import people

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
DECLARATION = ROOT.parent / "tests" / "register" / "declaration.yaml"
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "importfast_bench"
NOW = datetime(2026, 3, 1, 10, tzinfo=UTC)
TARGET = 20_000
MAPPING = (
    'subject_kind: member\ncsv: {delimiter: ";"}\n'
    "identifiers: {email: E-post, personnummer: Personnummer}\n"
    "categories:\n  user.name: {column: Namn, required: true}\n  user.contact.email: E-post\n"
    "  user.contact.phone_number: Telefon\nevents: {membership_ended: Slutdatum}\n"
)


@dataclass(frozen=True)
class Run:
    backend: str
    store: str
    rows: int
    new_records: int
    reused_records: int
    wall: float
    writer_cpu: float
    parser_cpu: float
    server_cpu: float | None
    load_before: float
    load_after: float

    def line(self) -> str:
        handled = self.new_records + self.reused_records
        client = (self.writer_cpu + self.parser_cpu) / handled * 1e6
        server = "" if self.server_cpu is None else f" + server {self.server_cpu:.2f} s"
        server_us = "" if self.server_cpu is None else f" + {self.server_cpu / handled * 1e6:.0f}"
        return (
            f"{self.backend:10} {self.store:6} {self.rows:,} rows, {self.new_records:,} new + "
            f"{self.reused_records:,} reused records: {handled / self.wall:,.0f} records/s "
            f"(×{handled / self.wall / TARGET:.2f} of {TARGET:,}/s), {self.wall:.2f} s wall; "
            f"CPU writer {self.writer_cpu:.2f} s + parser {self.parser_cpu:.2f} s{server} = "
            f"{client:.0f}{server_us} µs per record; load {self.load_before:.2f} → "
            f"{self.load_after:.2f}"
        )


def keyring(path: Path) -> Keyring:
    if path.exists():
        doc = json.loads(path.read_text())
        return Keyring({doc["id"]: b64decode(doc["master"])}, doc["id"], b64decode(doc["index"]))
    ring = generate_keyring()
    doc = {"id": ring.active, "master": b64encode(ring.active_key).decode()}
    path.write_text(json.dumps({**doc, "index": b64encode(ring.index_key).decode()}))
    return ring


def fresh_engine(backend: str) -> Engine:
    """An empty store: a new SQLite file, or a PostgreSQL database dropped and created anew."""
    if backend == "sqlite":
        path = OUT / f"{PG_DATABASE}.db"
        path.unlink(missing_ok=True)
        engine = create_engine_for(f"sqlite:///{path}")
    else:
        admin = create_engine_for(PG_ADMIN).execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
            conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
        admin.dispose()
        url = make_url(PG_ADMIN).set(database=PG_DATABASE)
        engine = create_engine_for(url.render_as_string(hide_password=False))
    upgrade(engine)
    return engine


def drop(backend: str, engine: Engine) -> None:
    engine.dispose()
    if backend == "sqlite":
        (OUT / f"{PG_DATABASE}.db").unlink(missing_ok=True)
        return
    admin = create_engine_for(PG_ADMIN).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE}"))
    admin.dispose()


def write_file(path: Path, start: int, count: int) -> None:
    """People `start` … `start + count` of seed 11, one row each."""
    crowd = list(people(11, start + count))[start:]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Namn", "E-post", "Telefon", "Personnummer", "Slutdatum"])
        for i, p in enumerate(crowd, start):
            end = "2025-06-30" if i % 4 == 0 else ""
            writer.writerow([p.full_name, p.email, p.phone, p.personnummer_display, end])


def _server_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a PostgreSQL backend process on this host."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_once(backend: str, engine: Engine, ctx: Context, path: Path, store: str) -> Run:
    mapping = load_mapping(OUT / "import_bench.yaml")
    rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
    load_before = os.getloadavg()[0]
    session = session_factory(engine)()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, cpu = time.perf_counter(), time.process_time()
    with session.begin():
        # The backend of this transaction's own connection (the pool holds more than one).
        pid = None
        if backend == "postgresql":
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        server = _server_cpu(pid)
        summary = import_people(
            session, ctx, path=path, mapping=mapping, purpose="membership", actor="bench"
        )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    server = _server_cpu(pid) - server
    session.close()
    parser = (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    assert not summary.rejected, summary.rejected[:3]
    return Run(
        backend,
        store,
        rows,
        summary.new_records,
        summary.reused_records,
        wall,
        cpu,
        parser,
        server if pid is not None else None,
        load_before,
        os.getloadavg()[0],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", nargs="+", choices=("sqlite", "postgresql"))
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, one store each")
    parser.add_argument("--no-merge", action="store_true", help="only the empty-store import")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    (OUT / "import_bench.yaml").write_text(MAPPING)
    first, second = OUT / "import_bench_1.csv", OUT / "import_bench_2.csv"
    write_file(first, 0, args.rows)
    write_file(second, args.rows // 2, args.rows)  # half already imported, half new
    declaration = load_declaration(DECLARATION).declaration
    ctx = Context(declaration, keyring(OUT / "keys.json"), FixedClock(NOW))
    import ombud

    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, python "
        f"{platform.python_version()}; ombud from {Path(ombud.__file__).parent}",
        flush=True,
    )
    for _ in range(args.repeat):
        for backend in args.backend or ("sqlite", "postgresql"):
            engine = fresh_engine(backend)
            print(import_once(backend, engine, ctx, first, "empty").line(), flush=True)
            if not args.no_merge:
                print(import_once(backend, engine, ctx, second, "merge").line(), flush=True)
            with engine.connect() as conn:
                held = conn.execute(select(func.count()).select_from(subjects)).scalar_one()
                values = conn.execute(select(func.count()).select_from(records)).scalar_one()
            print(f"{'':10} store now holds {held:,} subjects, {values:,} records", flush=True)
            drop(backend, engine)


if __name__ == "__main__":
    main()
