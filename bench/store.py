"""The benchmark store: N customers of Leep with about ten records each, SQLite or PostgreSQL.

    .venv/bin/python bench/store.py --backend sqlite --subjects 100000 --out /work/bench-store
    .venv/bin/python bench/store.py --backend postgresql --subjects 1000000 --out /work/bench-store

One builder for the register, rights and API benchmarks. The declaration is Leep's
(`src/ombud/examples/leep/ombud.yaml`): its customers carry a personnummer, a consent-based
newsletter that is direct marketing (`marketing_consent`), and invoice data kept under
Bokföringslagen (`accounting`), so the purpose gate, the audience, look-ups by e-mail and
personnummer, access reports and erasure with a legal hold all have real work to do.

Each customer holds 10 records: under `course_orders` the personnummer, name, address,
phone, e-mail, invoice address, gender, user name and purchase history; under `accounting`
the personnummer, name, address, invoice address (same records, second basis) and a
payment record; 40 % also consented to `marketing_consent` (name, address, phone, e-mail:
third bases), one in twenty of them withdrew again; 1 % carry a direct-marketing block.

The schema comes from Ombud's own Alembic migrations. Nearly all of the store (the
"filler") is then written with set-based SQL in that shape: random bytes of the length of
real ciphertexts and wrapped keys, random 16-byte blind indexes, consents and
`fiscal_year_end` events; those subjects cannot be decrypted or found by a real
identifier. The last `SAMPLE` customers are synthetic people (`ombud.synthetic.people`,
seed 7) collected through the register's bulk path with the keyring in `keys.json`: real
ciphertexts, real blind indexes. Benchmarks measure those. Then ANALYZE.

Files under the output directory (default bench/out/):

- keys.json: the keyring of every store there (Ombud's key-file format, mode 0600);
- <backend>-<size>.json: the store's URL, schema revision, counts and its sample subjects
  (public id, e-mail, personnummer, name);
- sqlite-<size>.db: the SQLite store; on PostgreSQL the database bench_store_<size>.

A store is rebuilt when it is missing or was filled by another version of this builder,
and brought to the current schema head with Alembic when only the migrations changed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

from ombud.clock import FixedClock
from ombud.declaration import load_declaration
from ombud.protect import IdentifierKind, generate_keyring, load_key_file, wrap
from ombud.protect.envelope import new_data_key
from ombud.register.bulk import BulkCollector, BulkPlan, Incoming
from ombud.register.consents import text_hash
from ombud.register.service import Context, find_subject
from ombud.store import (
    create_engine_for,
    current_revision,
    head_revision,
    session_factory,
    upgrade,
)
from ombud.store.tables import records, subjects
from ombud.synthetic import Person, people

ROOT = Path(__file__).resolve().parents[1]
DECLARATION = ROOT / "src/ombud/examples/leep/ombud.yaml"
DEFAULT_OUT = ROOT / "bench" / "out"
PG_SERVER = os.environ.get("OMBUD_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/")
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
SAMPLE = 1_000
SEED = 7
FILL_VERSION = 1  # bump when the filler's shape changes: cached stores are rebuilt
AUDIENCE_PURPOSE = "marketing_consent"
KIND = "customer"

# The ten records of a customer: category, typical plaintext bytes (ciphertext adds 29).
RECORDS = (
    ("user.government_id.national_identification_number", 12),
    ("user.name", 14),
    ("user.contact.address", 30),
    ("user.contact.phone_number", 12),
    ("user.contact.email", 28),
    ("user.financial.delivery_invoice", 30),
    ("user.demographic.gender", 5),
    ("user.account.username", 10),
    ("user.behavior.purchase_history", 40),
    ("user.payment", 20),
)
CIPHERTEXT_OVERHEAD = 29  # format byte, nonce, GCM tag
# Which records (by position above) each purpose holds, and on what legal basis.
COURSE_ORDERS = tuple(range(9))
ACCOUNTING = (0, 1, 2, 5, 9)
MARKETING = (1, 2, 3, 4)


def consents(s: str) -> str:
    """SQL: subject `s` consented to the newsletter (40 %)."""
    return f"({s} % 5 < 2)"


def withdrawn(s: str) -> str:
    """SQL: subject `s` withdrew that consent again (one in twenty who gave it)."""
    return f"({s} % 50 = 0)"


@dataclass(frozen=True)
class Store:
    """A built benchmark store and what a benchmark needs to open it."""

    backend: str
    subjects: int
    url: str
    keys: Path
    meta: dict[str, Any]

    def engine(self) -> Engine:
        return create_engine_for(self.url)

    def context(self, now: datetime = NOW) -> Context:
        declaration = load_declaration(DECLARATION).declaration
        return Context(declaration, load_key_file(self.keys), FixedClock(now))

    @property
    def sample(self) -> list[dict[str, str]]:
        """The subjects collected through the services: public_id, email, personnummer, name."""
        return list(self.meta["sample"])


def cpu_clock(engine: Engine) -> Callable[[], float]:
    """CPU seconds so far of this process and, on PostgreSQL, of the server's backend.

    SQLite runs inside this process, so `time.process_time` holds its work; a PostgreSQL
    backend is another process on the same host, read from /proc (10 ms ticks: sum over
    many operations). Benchmarks use one connection at a time, which the pool reuses;
    `same_backend` checks that afterwards.
    """
    if engine.dialect.name != "postgresql":
        return time.process_time
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return time.process_time() + (int(fields[11]) + int(fields[12])) / ticks

    clock.pid = pid  # type: ignore[attr-defined]
    return clock


def same_backend(engine: Engine, clock: Callable[[], float]) -> None:
    """Raise if the benchmark's connection changed, so the server's CPU time missed some work."""
    pid = getattr(clock, "pid", None)
    if pid is not None:
        with engine.connect() as connection:
            now = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        if now != pid:
            raise AssertionError(f"server backend changed from {pid} to {now}")


def label(count: int) -> str:
    """100000 → 100k, 1000000 → 1m."""
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    if count % 1_000 == 0:
        return f"{count // 1_000}k"
    return str(count)


def keyring(out: Path) -> Path:
    """The keyring file of the stores in `out`, created once."""
    path = out / "keys.json"
    if not path.exists():
        ring = generate_keyring()
        doc = {
            "master_keys": {k: base64.b64encode(v).decode() for k, v in ring.master_keys.items()},
            "active": ring.active,
            "index_key": base64.b64encode(ring.index_key).decode(),
        }
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(doc, handle)
    return path


def _url(backend: str, out: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{out / name}.db"
    return PG_SERVER + name.replace("-", "_")


def _admin(statement: str) -> None:
    engine = create_engine_for(PG_SERVER + "postgres").execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _drop(backend: str, out: Path, name: str) -> None:
    if backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (out / f"{name}.db{suffix}").unlink(missing_ok=True)
    else:
        _admin(f"DROP DATABASE IF EXISTS {name.replace('-', '_')} WITH (FORCE)")


def _fill_sql(backend: str, count: int, wrapped_len: int, consent_hash: str) -> list[str]:
    """Set-based inserts of `count` filler customers with ids 1..count, in Leep's shape."""
    n = count * len(RECORDS)
    if backend == "sqlite":

        def series(limit: int) -> tuple[str, str]:
            return (
                "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g "
                f"WHERE i < {limit})",
                "FROM g",
            )

        def blob(size: str) -> str:
            return f"randomblob({size})"

        def day(days: str) -> str:
            return f"strftime('%Y-%m-%d %H:%M:%f000', '2021-01-01', '+' || ({days}) || ' days')"

        def year_end(year: str) -> str:
            return f"(({year}) || '-12-31 00:00:00.000000')"

        public = "lower(hex(randomblob(11)))"
        true, false = "1", "0"
    else:

        def series(limit: int) -> tuple[str, str]:
            return "", f"FROM generate_series(1, {limit}) AS g(i)"

        def blob(size: str) -> str:
            return f"gen_random_bytes({size})"

        def day(days: str) -> str:
            return f"(timestamptz '2021-01-01 00:00+00' + make_interval(days => ({days})::int))"

        def year_end(year: str) -> str:
            return f"make_timestamptz(({year})::int, 12, 31, 0, 0, 0, 'UTC')"

        public = "encode(gen_random_bytes(11), 'hex')"
        true, false = "true", "false"

    s = f"((i - 1) / {len(RECORDS)} + 1)"  # the subject of record i
    k = f"((i - 1) % {len(RECORDS)})"  # its position in RECORDS
    created = day(f"{s} % 1800")
    category = (
        "CASE "
        + k
        + " "
        + " ".join(f"WHEN {p} THEN '{c}'" for p, (c, _) in enumerate(RECORDS))
        + " END"
    )
    size = (
        "CASE "
        + k
        + " "
        + " ".join(f"WHEN {p} THEN {b + CIPHERTEXT_OVERHEAD}" for p, (_, b) in enumerate(RECORDS))
        + " END"
    )
    fiscal = f"(2019 + {s} % 7)"  # the last fiscal year with an invoice: 2019–2025
    subj_with, subj_from = series(count)
    rec_with, rec_from = series(n)

    def positions(held: tuple[int, ...]) -> str:
        return f"{k} IN ({', '.join(map(str, held))})"

    def bases(
        purpose: str, basis: str, held: tuple[int, ...], status: str, expires: str, where: str = ""
    ) -> str:
        return (
            f"{rec_with} INSERT INTO bases (record_id, subject_id, purpose, category, legal_basis, "
            f"status, expires_at, created_at, updated_at) SELECT i, {s}, '{purpose}', {category}, "
            f"'{basis}', {status}, {expires}, {created}, {created} {rec_from} "
            f"WHERE {positions(held)}{where}"
        )

    marketing_status = f"CASE WHEN {withdrawn(s)} THEN 'withdrawn' ELSE 'active' END"
    marketing_expiry = f"CASE WHEN {withdrawn(s)} THEN {day(f'{s} % 1800 + 30')} END"
    return [
        f"{subj_with} INSERT INTO subjects (id, public_id, kind, wrapped_key, protected_identity, "
        f"marketing_block, created_at) SELECT i, {public}, '{KIND}', {blob(str(wrapped_len))}, "
        f"{false}, CASE WHEN i % 100 = 37 THEN {true} ELSE {false} END, {day('i % 1800')} "
        f"{subj_from}",
        f"{subj_with} INSERT INTO subject_identifiers (subject_id, kind, blind_index) "
        f"SELECT i, 'email', {blob('16')} {subj_from}",
        f"{subj_with} INSERT INTO subject_identifiers (subject_id, kind, blind_index) "
        f"SELECT i, 'personnummer', {blob('16')} {subj_from}",
        f"{rec_with} INSERT INTO records (id, subject_id, category, value, value_hash, source, "
        f"provided_by_subject, collected_at) SELECT i, {s}, {category}, {blob(size)}, "
        f"{blob('32')}, "
        f"'subject', {true}, {created} {rec_from}",
        bases("course_orders", "contract", COURSE_ORDERS, "'active'", "NULL"),
        bases("accounting", "legal_obligation", ACCOUNTING, "'active'", year_end(f"{fiscal} + 7")),
        bases(
            AUDIENCE_PURPOSE,
            "consent",
            MARKETING,
            marketing_status,
            marketing_expiry,
            f" AND {consents(s)}",
        ),
        f"{subj_with} INSERT INTO consents (subject_id, purpose, text_hash, given_at, method, "
        f"evidence, explicit, withdrawn_at) SELECT i, '{AUDIENCE_PURPOSE}', '{consent_hash}', "
        f"{day('i % 1800')}, 'web_form', 'bench filler', {false}, "
        f"CASE WHEN {withdrawn('i')} THEN {day('i % 1800 + 30')} END {subj_from} "
        f"WHERE {consents('i')}",
        f"{subj_with} INSERT INTO events (subject_id, name, at) SELECT i, 'fiscal_year_end', "
        f"{year_end(fiscal.replace(s, 'i'))} {subj_from}",
    ]


def _sample_rows(crowd: list[Person]) -> dict[str, list[Incoming]]:
    """The sample customers as bulk rows per purpose, in the filler's shape."""
    rows: dict[str, list[Incoming]] = {"course_orders": [], "accounting": [], AUDIENCE_PURPOSE: []}
    for line, p in enumerate(crowd, start=1):
        ident = {IdentifierKind.EMAIL: p.email, IdentifierKind.PERSONNUMMER: p.personnummer}
        address = f"{p.street}, {p.postal_code} {p.city}"
        invoice = f"{p.full_name}, {address}"
        base = {
            "user.government_id.national_identification_number": p.personnummer,
            "user.name": p.full_name,
            "user.contact.address": address,
        }
        rows["course_orders"].append(
            Incoming(
                line,
                ident,
                {
                    **base,
                    "user.contact.phone_number": p.phone,
                    "user.contact.email": p.email,
                    "user.financial.delivery_invoice": invoice,
                    "user.demographic.gender": p.gender.value,
                    "user.account.username": p.email.split("@")[0][:16],
                    "user.behavior.purchase_history": (
                        f"Kurs {line % 40 + 1}, 2025; Kurs {line % 7 + 1}, 2024"
                    ),
                },
            )
        )
        year = 2019 + line % 7
        rows["accounting"].append(
            Incoming(
                line,
                ident,
                {
                    **base,
                    "user.financial.delivery_invoice": invoice,
                    "user.payment": f"Bankgiro 5050-{line:04d}",
                },
                {"fiscal_year_end": datetime(year, 12, 31, tzinfo=UTC)},
            )
        )
        if line % 5 < 2:
            rows[AUDIENCE_PURPOSE].append(
                Incoming(
                    line,
                    ident,
                    {
                        "user.name": p.full_name,
                        "user.contact.address": address,
                        "user.contact.phone_number": p.phone,
                        "user.contact.email": p.email,
                    },
                )
            )
    return rows


def collect_sample(engine: Engine, ctx: Context, crowd: list[Person]) -> None:
    """Collect `crowd` through the register's bulk path, as an organisation's import would."""
    plans = {
        "course_orders": BulkPlan("course_orders", KIND),
        "accounting": BulkPlan("accounting", KIND),
        AUDIENCE_PURPOSE: BulkPlan(AUDIENCE_PURPOSE, KIND, consent_method="web_form"),
    }
    with session_factory(engine).begin() as session:
        for purpose, rows in _sample_rows(crowd).items():
            with BulkCollector(session, ctx, plans[purpose], source="bench") as collector:
                collector.add(rows, skip_bad=False)
            if collector.result.rejected:
                raise AssertionError(f"{purpose}: {collector.result.rejected[0]}")


def _analyze(engine: Engine) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":  # VACUUM runs outside a transaction
            connection.execution_options(isolation_level="AUTOCOMMIT")
            connection.execute(text("VACUUM ANALYZE"))
        else:
            connection.execute(text("ANALYZE"))
            connection.commit()
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def build(backend: str, count: int, out: Path) -> Store:
    """Build the store of `count` customers into `out` (and PostgreSQL); return it."""
    name = f"{backend}-{label(count)}" if backend == "sqlite" else f"bench_store_{label(count)}"
    tmp = f"{name}_building"
    _drop(backend, out, tmp)
    if backend == "postgresql":
        _admin(f"CREATE DATABASE {tmp}")
    url = _url(backend, out, tmp)
    engine = create_engine_for(url)
    upgrade(engine)
    keys = keyring(out)
    ring = load_key_file(keys)
    declaration = load_declaration(DECLARATION).declaration
    words = declaration.purposes[AUDIENCE_PURPOSE].consent
    assert words is not None
    consent_hash = text_hash(words.text["sv"])
    wrapped_len = len(wrap(ring, new_data_key(), "x" * 22))
    fill = count - SAMPLE
    began = time.monotonic()
    with engine.begin() as connection:
        if backend == "postgresql":
            connection.execute(text("SET LOCAL synchronous_commit = off"))
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pgcrypto"))
        else:
            connection.exec_driver_sql("PRAGMA cache_size=-1000000")  # 1 GB while building
        connection.execute(
            text(
                "INSERT INTO consent_texts (hash, purpose, lang, text, created_at) "
                "VALUES (:h, :p, 'sv', :t, :at)"
            ),
            {
                "h": consent_hash,
                "p": AUDIENCE_PURPOSE,
                "t": words.text["sv"],
                "at": NOW - timedelta(days=2000),
            },
        )
        for statement in _fill_sql(backend, fill, wrapped_len, consent_hash):
            started = time.monotonic()
            connection.execute(text(statement))
            print(f"  {statement[:60]!r}… {time.monotonic() - started:.0f} s", flush=True)
        if backend == "postgresql":  # explicit ids: move the sequences past them
            for table, last in (("subjects", fill), ("records", fill * len(RECORDS))):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
                )
    filled = time.monotonic() - began
    crowd = list(people(SEED, SAMPLE))
    ctx = Context(declaration, ring, FixedClock(NOW))
    collect_sample(engine, ctx, crowd)
    _analyze(engine)
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(records)).scalar_one()
        found = connection.execute(select(func.count()).select_from(subjects)).scalar_one()
        ids = dict(
            connection.execute(
                select(subjects.c.id, subjects.c.public_id).where(subjects.c.id > fill)
            ).all()
        )
    sample = _sample_meta(ctx, engine, crowd)
    engine.dispose()
    if backend == "postgresql":
        _drop(backend, out, name)
        _admin(f"ALTER DATABASE {tmp} RENAME TO {name}")
    else:
        _drop(backend, out, name)
        (out / f"{tmp}.db").rename(out / f"{name}.db")
    meta = {
        "backend": backend,
        "url": _url(backend, out, name),
        "keys": str(keys),
        "declaration": str(DECLARATION.relative_to(ROOT)),
        "audience_purpose": AUDIENCE_PURPOSE,
        "fill_version": FILL_VERSION,
        "revision": head_revision(),
        "subjects": found,
        "records": total,
        "filler_subjects": fill,
        "sample_subject_ids": [min(ids), max(ids)],
        "built_seconds": round(time.monotonic() - began),
        "filled_seconds": round(filled),
        "now": NOW.isoformat(),
        "sample": sample,
    }
    _meta_path(backend, count, out).write_text(json.dumps(meta, indent=1, ensure_ascii=False))
    print(f"built {name}: {found:,} subjects, {total:,} records in {meta['built_seconds']} s")
    return Store(backend, count, meta["url"], keys, meta)


def _sample_meta(ctx: Context, engine: Engine, crowd: list[Person]) -> list[dict[str, str]]:
    sample = []
    with session_factory(engine)() as session:
        for p in crowd:
            ref = find_subject(session, ctx, kind=IdentifierKind.EMAIL, value=p.email)
            assert ref is not None, p.email
            sample.append(
                {
                    "public_id": ref.public_id,
                    "email": p.email,
                    "personnummer": p.personnummer,
                    "name": p.full_name,
                }
            )
    return sample


def _meta_path(backend: str, count: int, out: Path) -> Path:
    return out / f"{backend}-{label(count)}.json"


def open_store(backend: str, count: int, out: Path = DEFAULT_OUT) -> Store:
    """The cached store of `count` customers; built first if missing or filled differently."""
    out.mkdir(parents=True, exist_ok=True)
    path = _meta_path(backend, count, out)
    if path.exists():
        meta = json.loads(path.read_text())
        if meta["fill_version"] == FILL_VERSION and _reachable(meta["url"]):
            store = Store(backend, count, meta["url"], Path(meta["keys"]), meta)
            if meta["revision"] != head_revision():
                _migrate(store, path)
            return store
    return build(backend, count, out)


def _reachable(url: str) -> bool:
    if url.startswith("sqlite"):
        return Path(url.removeprefix("sqlite:///")).exists()
    engine = create_engine_for(PG_SERVER + "postgres")
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.rsplit("/", 1)[-1]}
        ).first()
    engine.dispose()
    return found is not None


def _migrate(store: Store, path: Path) -> None:
    """Bring a cached store to the schema head with Ombud's migrations, as a deployment would."""
    engine = store.engine()
    upgrade(engine)
    _analyze(engine)
    store.meta["revision"] = current_revision(engine)
    engine.dispose()
    path.write_text(json.dumps(store.meta, indent=1, ensure_ascii=False))
    print(f"migrated {store.url} to {store.meta['revision']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, nargs="+", default=[100_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rebuild", action="store_true", help="build even if cached")
    args = parser.parse_args()
    for count in args.subjects:
        if args.rebuild:
            build(args.backend, count, args.out)
        else:
            store = open_store(args.backend, count, args.out)
            print(
                f"{store.url}: {store.meta['subjects']:,} subjects, "
                f"{store.meta['records']:,} records"
            )


if __name__ == "__main__":
    main()
