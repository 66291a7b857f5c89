"""Access report and erasure latency for one subject, on the shared benchmark store.

    flock /tmp/ombud-bench.lock .venv/bin/python bench/rights_bench.py \
        --backend sqlite --subjects 100000 1000000 --out /work/bench-store

Opens (building it first if needed) the store of `bench/store.py`: Leep's customers,
ten records each. Times `run_request` (the whole use case: reads, decryption, plan,
writes, audit append, commit) for:

- an access report for each of 100 sample subjects of the store (collected through the
  services, real ciphertexts), asked for by e-mail and verified by code first;
- an erasure of each of 100 customers collected for the run in the same shape (the
  store's sample is left intact for other benchmarks): five records erased, five kept
  in the segregated hold under Bokföringslagen (`accounting`), the data key kept.

Wall time per request, and CPU time: this process's, plus on PostgreSQL its server
backend's (`store.cpu_clock`), as a mean; the load average before and after. Writes
bench/out/rights-<backend>.json. Each run leaves its 100 held customers, requests and
audit events in the store.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from ombud.protect import IdentifierKind
from ombud.register.service import find_subject
from ombud.rights.model import RequestType
from ombud.rights.service import new_request, run_request, verify_request
from ombud.store import session_factory
from ombud.synthetic import people

sys.path.insert(0, str(Path(__file__).parent))
from store import DEFAULT_OUT, Store, collect_sample, cpu_clock, open_store, same_backend

OUT = Path(__file__).resolve().parent / "out"
REQUESTS = 100


class CodeMailer:
    """Keeps the last mail's one-time code, as the person would read it."""

    def __init__(self) -> None:
        self.code = ""

    def send(self, mail: object) -> None:
        body = str(getattr(mail, "body", ""))
        for marker in ("code is: ", "engångskod är: "):
            if marker in body:
                self.code = body.split(marker)[-1][:8]


def run(store: Store, kind: RequestType, emails: list[str]) -> dict[str, Any]:
    """Ask, verify and (timed) run one request of `kind` per address."""
    engine = store.engine()
    ctx = store.context()
    mailer = CodeMailer()
    clock = cpu_clock(engine)
    walls, cpus, summaries = [], [], []
    for email in emails:
        with session_factory(engine).begin() as session:
            request = new_request(
                session, ctx, type=kind, email=email, mailer=mailer, actor="bench"
            )
            verify_request(session, ctx, request_id=request.id, code=mailer.code, actor="bench")
        wall, cpu = time.perf_counter(), clock()
        with session_factory(engine).begin() as session:
            outcome = run_request(session, ctx, request_id=request.id, mailer=mailer, actor="b")
        walls.append(time.perf_counter() - wall)
        cpus.append(clock() - cpu)
        summaries.append(outcome.done)
    same_backend(engine, clock)
    engine.dispose()
    return {
        "median": statistics.median(walls),
        "p95": statistics.quantiles(walls, n=20)[-1],
        "cpu_mean": statistics.mean(cpus),
        "first_outcome": summaries[0],
    }


def fresh_customers(store: Store) -> list[str]:
    """Collect REQUESTS new customers in the store's shape; their e-mail addresses."""
    engine = store.engine()
    ctx = store.context()
    stamp = time.strftime("%Y%m%d%H%M%S")
    crowd = []
    with session_factory(engine)() as session:
        for n, p in enumerate(people(int(stamp) % 100_000 + 100, REQUESTS * 2)):
            taken = find_subject(
                session, ctx, kind=IdentifierKind.PERSONNUMMER, value=p.personnummer
            )
            if taken is None:
                crowd.append(dataclasses.replace(p, email=f"erase-{stamp}-{n}@example.se"))
            if len(crowd) == REQUESTS:
                break
    collect_sample(engine, ctx, crowd)
    engine.dispose()
    return [p.email for p in crowd]


def measure(store: Store) -> dict[str, Any]:
    figures: dict[str, Any] = {"load_before": os.getloadavg()}
    asked = random.Random(5).sample(store.sample, REQUESTS)
    figures["access"] = run(store, RequestType.access, [p["email"] for p in asked])
    figures["erasure"] = run(store, RequestType.erasure, fresh_customers(store))
    figures["load_after"] = os.getloadavg()
    figures["subjects"] = store.meta["subjects"]
    figures["records"] = store.meta["records"]
    return figures


def row(backend: str, f: dict[str, Any]) -> str:
    def cell(x: dict[str, Any], target: float) -> str:
        ratio = x["median"] / target
        mark = "" if ratio <= 1 else " **missed**"
        return (
            f"{x['median'] * 1000:.1f} ms | {x['p95'] * 1000:.1f} ms | "
            f"{x['cpu_mean'] * 1000:.1f} ms | {ratio:.2f}{mark}"
        )

    load = f"{f['load_before'][0]:.1f}–{f['load_after'][0]:.1f}"
    return (
        f"| {backend} | {f['subjects']:,} | {f['records']:,} | {cell(f['access'], 0.050)} | "
        f"{cell(f['erasure'], 0.100)} | {load} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, nargs="+", default=[100_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the stores are")
    args = parser.parse_args()
    results = {}
    for count in args.subjects:
        figures = measure(open_store(args.backend, count, args.out))
        results[str(count)] = figures
        print(row(args.backend, figures), flush=True)
        print(f"  access: {figures['access']['first_outcome']}")
        print(f"  erasure: {figures['erasure']['first_outcome']}", flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / f"rights-{args.backend}.json").write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
