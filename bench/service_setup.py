"""What the service benches share: a store to serve, `ombud serve` started on it, a token,
mail caught by a real SMTP server, and the CPU time the server's processes used.

A store is described by a small JSON file (see `StoreSpec`): the 1M-subject stores are
described by hand from their README; `small_store` builds a small one and writes its file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import httpx2 as httpx
from sqlalchemy import func, select

from ombud.access import create_token, revoke_token
from ombud.runtime import Runtime
from ombud.settings import Settings
from ombud.store.tables import subjects

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"
OMBUD = str(Path(sys.executable).parent / "ombud")


@dataclass(frozen=True)
class StoreSpec:
    """A store to serve: where it is, its declaration and keys, and who to ask about."""

    label: str  # e.g. "sqlite 20,000 subjects"
    database_url: str
    declaration: str
    master_key: str  # OMBUD_MASTER_KEY form: id:base64
    index_key: str  # base64
    purpose: str  # the purpose the decide bench asks about
    email: str  # a person with records, who signs in to the portal

    @classmethod
    def load(cls, path: Path) -> StoreSpec:
        return cls(**json.loads(path.read_text()))

    @classmethod
    def from_bench_store(cls, path: Path, purpose: str) -> StoreSpec:
        """A shared bench store, from the JSON file beside it (/work/bench-store/*.json)."""
        from ombud.protect import load_key_file

        doc = json.loads(path.read_text())
        ring = load_key_file(Path(doc["keys"]))
        others = [k for k in ring.master_keys if k != ring.active]
        master = ",".join(
            f"{k}:{b64encode(ring.master_keys[k]).decode()}" for k in [ring.active, *others]
        )
        return cls(
            label=f"{doc['backend']} {doc['subjects']:,} subjects / {doc['records']:,} records",
            database_url=doc["url"],
            declaration=str(ROOT.parent / doc["declaration"]),
            master_key=master,
            index_key=b64encode(ring.index_key).decode(),
            purpose=purpose,
            email=doc["sample"][0]["email"],
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2))

    def settings(self, data_dir: Path, **extra: Any) -> Settings:
        return Settings(
            declaration=Path(self.declaration),
            database_url=self.database_url,
            data_dir=data_dir,
            master_key=self.master_key,
            index_key=self.index_key,
            **extra,
        )


def small_store(backend: str, count: int) -> StoreSpec:
    """A store of `count` synthetic subjects (about ten records each), built once through
    the register's bulk path (`register_bench.build`) and cached under bench/out/."""
    from ombud.clock import FixedClock
    from ombud.declaration import load_declaration
    from ombud.register.service import Context
    from ombud.synthetic import people
    from register_bench import DECLARATION, NOW, build, engine_for, keyring

    OUT.mkdir(exist_ok=True)
    ring = keyring(OUT / "service-keys.json")
    ctx = Context(load_declaration(DECLARATION).declaration, ring, FixedClock(NOW))
    engine = engine_for(backend, f"bench_service_{count}")
    build(engine, ctx, count)
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    return StoreSpec(
        label=f"{backend} {count:,} subjects (built by the bench)",
        database_url=url,
        declaration=str(DECLARATION),
        master_key=f"{ring.active}:{b64encode(ring.active_key).decode()}",
        index_key=b64encode(ring.index_key).decode(),
        purpose="bookings",
        email=next(people(1, 1)).email,
    )


def sample_subjects(rt: Runtime, count: int, seed: int = 7) -> list[str]:
    """`count` public ids spread over the whole store (random row ids, looked up)."""
    with rt.transaction() as session:
        low, high = session.execute(select(func.min(subjects.c.id), func.max(subjects.c.id))).one()
        rng = random.Random(seed)
        picked = sorted({rng.randint(low, high) for _ in range(count * 2)})
        found = session.execute(
            select(subjects.c.public_id).where(subjects.c.id.in_(picked))
        ).scalars()
        ids = list(found)
    rng.shuffle(ids)
    return ids[:count]


def warm(spec: StoreSpec) -> float:
    """Read the store's files once, so the run measures the service and not the disk.

    A server that has been up a while holds its hot pages in memory; a bench store just
    built, on a machine whose other jobs churn the page cache, does not. Returns GiB read.
    """
    from sqlalchemy import text

    from ombud.store import create_engine_for

    engine = create_engine_for(spec.database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            main = Path(str(engine.url.database))
            files = [main, main.with_name(main.name + "-wal")]
        else:
            base = Path(conn.execute(text("SHOW data_directory")).scalar_one())
            relations = conn.execute(
                text(
                    "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i', 't')"
                )
            ).scalars()
            files = []
            for relation in relations:
                first = base / relation
                files += [first, *sorted(first.parent.glob(first.name + ".[0-9]*"))]
    engine.dispose()
    read = 0
    for path in files:
        if path.exists():
            with path.open("rb", buffering=0) as handle:
                while chunk := handle.read(1 << 24):
                    read += len(chunk)
    return read / (1 << 30)


@contextmanager
def api_token(rt: Runtime, purpose: str) -> Iterator[str]:
    """A token scoped to `purpose` for the run, revoked afterwards."""
    name = f"bench-{os.getpid()}-{int(time.time())}"
    with rt.transaction() as session:
        token = create_token(
            session, rt.declaration, name=name, purposes=[purpose], at=rt.clock.now()
        )
    try:
        yield token
    finally:
        with rt.transaction() as session:
            revoke_token(session, name=name, at=rt.clock.now())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """User + system CPU of the supervisor and its live workers so far."""
        ticks = os.sysconf("SC_CLK_TCK")
        pids = [self.process.pid, *_children(self.process.pid)]
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def workers(self) -> int:
        return sum(1 for pid in _children(self.process.pid) if _is_worker(pid))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _is_worker(pid: int) -> bool:
    try:
        return "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
    except FileNotFoundError:
        return False


@contextmanager
def serve(spec: StoreSpec, workers: int, *, smtp_port: int | None = None) -> Iterator[Server]:
    """`ombud serve --workers N` on the store, the daily purge off; stopped afterwards."""
    data_dir = OUT / "serve-data"
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMBUD_")}
    env |= {
        "OMBUD_DATABASE_URL": spec.database_url,
        "OMBUD_DECLARATION": spec.declaration,
        "OMBUD_MASTER_KEY": spec.master_key,
        "OMBUD_INDEX_KEY": spec.index_key,
        "OMBUD_DATA_DIR": str(data_dir),
    }
    if smtp_port is not None:
        env |= {"OMBUD_SMTP_HOST": "127.0.0.1", "OMBUD_SMTP_PORT": str(smtp_port)}
    port = free_port()
    log = (OUT / "serve.log").open("wb")
    command = [OMBUD, "serve", "--workers", str(workers), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--no-purge-daily"], env=env, stdout=log, stderr=log, start_new_session=True
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"ombud serve stopped: see {OUT / 'serve.log'}")
            try:
                answered = httpx.get(f"{server.base}/policy", timeout=5).status_code == 200
            except httpx.TransportError:
                answered = False
            if answered and server.workers() >= (workers if workers > 1 else 0):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("ombud serve did not answer within 300 s")
            time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        with suppress(subprocess.TimeoutExpired):
            process.wait(30)
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # no worker outlives the bench
        process.wait()
        log.close()


class Inbox:
    """Mail the server sent, caught by a real SMTP server (aiosmtpd) in this process."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.arrived:
            self.messages.append(message_from_bytes(envelope.content))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 30) -> Message:
        with self.arrived:
            if not self.arrived.wait_for(lambda: len(self.messages) >= count, timeout):
                raise RuntimeError("no mail arrived")
            return self.messages[count - 1]


@contextmanager
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class LoadAverage:
    """Samples the 1-minute load average every few seconds while a run lasts."""

    def __init__(self, every: float = 5) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadAverage:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def describe(self) -> str:
        return f"{min(self.samples):.1f}–{max(self.samples):.1f}"
