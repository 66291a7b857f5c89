"""The register's read targets on the shared benchmark store, on SQLite and PostgreSQL.

    flock /tmp/ombud-bench.lock .venv/bin/python bench/register_bench.py \
        --backend sqlite --subjects 100000 1000000 --out /work/bench-store

Opens (building it first if needed) the store of `bench/store.py` and measures: `decide`
for one subject (median of 1,000 subjects drawn from the whole store), `audience` for
Leep's consent-based newsletter (`marketing_consent`) against `decide` per subject
(measured on those 1,000 and extrapolated to every subject), and finding a subject by
e-mail and by personnummer (median over the 1,000 sample subjects whose identifiers are
real). Wall time per operation, and CPU time: this process's, plus on PostgreSQL its
server backend's (`store.cpu_clock`); the load average before and after.
Prints one Markdown table row per figure and writes bench/out/register-<backend>.json.
The import benchmark is bench/import_bench.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ombud.protect import IdentifierKind
from ombud.register.service import SubjectRef, audience, decide, find_subject
from ombud.store import session_factory
from ombud.store.tables import subjects

sys.path.insert(0, str(Path(__file__).parent))
from store import AUDIENCE_PURPOSE, DEFAULT_OUT, Store, cpu_clock, open_store, same_backend

OUT = Path(__file__).resolve().parent / "out"
DRAWS = 1_000
AUDIENCE_RUNS = 3


def timed(clock: Callable[[], float], call: Any) -> tuple[Any, float, float]:
    """The call's result, its wall time and CPU time (see `cpu_clock`), in seconds."""
    wall, cpu = time.perf_counter(), clock()
    result = call()
    return result, time.perf_counter() - wall, clock() - cpu


def measure(store: Store) -> dict[str, Any]:
    """Every figure of one store, as a dict (times in seconds)."""
    engine = store.engine()
    ctx = store.context()
    clock = cpu_clock(engine)
    figures: dict[str, Any] = {"load_before": os.getloadavg()}
    with session_factory(engine)() as session:
        ids = session.execute(select(subjects.c.id, subjects.c.public_id)).all()
        draw = random.Random(2).sample(ids, DRAWS)
        walls, cpus, allowed = [], [], 0
        for sid, pid in draw:
            ref = SubjectRef(sid, pid)
            result, wall, cpu = timed(
                clock, lambda r=ref: decide(session, ctx, subject=r, purpose=AUDIENCE_PURPOSE)
            )
            walls.append(wall)
            cpus.append(cpu)
            allowed += result.allowed
        figures["decide"] = {
            "median": statistics.median(walls),
            "p95": statistics.quantiles(walls, n=20)[-1],
            "mean": statistics.mean(walls),
            "cpu_mean": statistics.mean(cpus),
            "allowed": allowed,
        }
        runs = []
        for _ in range(AUDIENCE_RUNS):
            found, wall, cpu = timed(
                clock, lambda: audience(session, ctx, purpose=AUDIENCE_PURPOSE)
            )
            runs.append({"wall": wall, "cpu": cpu})
        loop = statistics.mean(walls) * len(ids)
        best = statistics.median(r["wall"] for r in runs)
        figures["audience"] = {
            "size": len(found),
            "runs": runs,
            "median": best,
            "decide_loop": loop,
            "ratio": loop / best,
        }
        for kind, field in (
            (IdentifierKind.EMAIL, "email"),
            (IdentifierKind.PERSONNUMMER, "personnummer"),
        ):
            walls, cpus = [], []
            for person in store.sample:
                ref, wall, cpu = timed(
                    clock,
                    lambda k=kind, v=person[field]: find_subject(session, ctx, kind=k, value=v),
                )
                if ref is None or ref.public_id != person["public_id"]:
                    raise AssertionError(f"{field} {person[field]} not found")
                walls.append(wall)
                cpus.append(cpu)
            figures[f"find_{field}"] = {
                "median": statistics.median(walls),
                "p95": statistics.quantiles(walls, n=20)[-1],
                "cpu_mean": statistics.mean(cpus),
            }
    same_backend(engine, clock)
    engine.dispose()
    figures["subjects"] = store.meta["subjects"]
    figures["records"] = store.meta["records"]
    figures["load_after"] = os.getloadavg()
    return figures


def rows(backend: str, f: dict[str, Any]) -> list[str]:
    """Markdown rows: backend, store, what, figure (wall; CPU), target and ratio to it."""
    store = f"{f['subjects']:,} / {f['records']:,}"
    load = f"{f['load_before'][0]:.1f}–{f['load_after'][0]:.1f}"

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.2f} ms"

    def row(what: str, value: str, target: str, ratio: float) -> str:
        mark = "" if ratio <= 1 else " — **missed**"
        versus = f"{target} ({ratio:.2f} of it){mark}"
        return f"| {backend} | {store} | {what} | {value} | {versus} | {load} |"

    d, a = f["decide"], f["audience"]
    walls = ", ".join(f"{r['wall']:.2f}" for r in a["runs"])
    cpu = statistics.median(r["cpu"] for r in a["runs"])
    out = [
        row(
            "decide, one subject (median of 1,000)",
            f"{ms(d['median'])} (p95 {ms(d['p95'])}; CPU mean {ms(d['cpu_mean'])})",
            "< 2 ms",
            d["median"] / 0.002,
        ),
        row(
            f"audience {AUDIENCE_PURPOSE} ({a['size']:,} subjects, median of {AUDIENCE_RUNS})",
            f"{a['median']:.2f} s (runs {walls} s; CPU {cpu:.2f} s)",
            "< 2 s",
            a["median"] / 2,
        ),
        row(
            "decide per subject, extrapolated from the mean of 1,000",
            f"{a['decide_loop']:.0f} s; audience is {a['ratio']:,.0f}× faster",
            "≥ 50×",
            50 / a["ratio"],
        ),
    ]
    for field in ("email", "personnummer"):
        x = f[f"find_{field}"]
        out.append(
            row(
                f"find by {field} (median of 1,000)",
                f"{ms(x['median'])} (p95 {ms(x['p95'])}; CPU mean {ms(x['cpu_mean'])})",
                "< 2 ms",
                x["median"] / 0.002,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, nargs="+", default=[100_000])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the stores are")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, python {platform.python_version()}"
    )
    results = {}
    for count in args.subjects:
        store = open_store(args.backend, count, args.out)
        figures = measure(store)
        results[str(count)] = figures
        for line in rows(args.backend, figures):
            print(line, flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / f"register-{args.backend}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
