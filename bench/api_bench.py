"""The gate-decision endpoint under load: GET /api/v1/subjects/{subject}/decisions/{purpose}.

    python bench/api_bench.py --backend sqlite --subjects 20000      # a store it builds
    python bench/api_bench.py --bench-store /work/bench-store/sqlite-1m.json  # a shared one

Starts `ombud serve --workers N` on the store, creates an API token scoped to the
purpose (revoked afterwards), and drives the endpoint with wrk (Debian's `wrk`, a bench
tool only) on loopback for `--duration` seconds. Each request names a subject drawn at
random from a sample spread over the whole store. wrk is closed-loop: with `--rate`,
each connection waits `connections / rate` between its requests, which paces the load
to about that rate; `--rate 0` runs flat out. Reports the rate reached, latency
percentiles (wrk --latency), every status that was not 200, socket errors, the server's
CPU time per request and the load average, and prints a Markdown row.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ombud.runtime import Runtime
from service_setup import (
    OUT,
    LoadAverage,
    StoreSpec,
    api_token,
    sample_subjects,
    serve,
    small_store,
    warm,
)

SCRIPT = """
local ids = {IDS}
local token = {TOKEN}
local purpose = {PURPOSE}
local pause = {PAUSE}
local threads = {{}}
local headers = {{["Authorization"] = "Bearer " .. token}}
statuses = {{}}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(number * 7919 + os.time())
end

function request()
  local path = "/api/v1/subjects/" .. ids[math.random(#ids)] .. "/decisions/" .. purpose
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

if pause > 0 then
  function delay()
    return pause
  end
end

function done(summary, latency, requests)
  local total = {{}}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\\n", status, count))
  end
end
"""

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string of ASCII is a valid Lua string


def write_script(ids: list[str], token: str, purpose: str, pause_ms: int) -> Path:
    path = OUT / "decide.lua"
    body = "{" + ",".join(lua_string(i) for i in ids) + "}"
    path.write_text(
        SCRIPT.format(
            IDS=body, TOKEN=lua_string(token), PURPOSE=lua_string(purpose), PAUSE=pause_ms
        )
    )
    return path


def milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def parse(output: str) -> dict[str, object]:
    """The figures in wrk's report (with --latency and the script's status lines)."""
    found: dict[str, object] = {}
    for pct in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{pct}%\s+(\S+)\s*$", output, re.M)
        if match:
            found[f"p{pct}"] = milliseconds(match[1])
    requests = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output)
    assert requests, output
    found["requests"] = int(requests[1])
    found["seconds"] = milliseconds(requests[2] + requests[3]) / 1000
    found["max"] = milliseconds(re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", output)[1])  # type: ignore[index]
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found["socket_errors"] = sum(int(n) for n in socket.groups()) if socket else 0
    found["statuses"] = {
        int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", output, re.M)
    }
    return found


def run_wrk(
    base: str, script: Path, *, threads: int, connections: int, seconds: int
) -> tuple[str, float]:
    """wrk's report and the CPU time wrk itself used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return done.stdout + done.stderr, cpu


def store_spec(args: argparse.Namespace) -> StoreSpec:
    if args.bench_store:
        return StoreSpec.from_bench_store(args.bench_store, args.purpose)
    if args.store:
        return StoreSpec.load(args.store)
    return small_store(args.backend, args.subjects)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="A store description (JSON, StoreSpec).")
    parser.add_argument("--bench-store", type=Path, help="A shared store's JSON file.")
    parser.add_argument("--purpose", default="course_orders", help="With --bench-store.")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--subjects", type=int, default=20_000, help="Size of a built store.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=int, default=1100, help="Paced target; 0: flat out.")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--sample", type=int, default=10_000, help="Subjects to draw from.")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    OUT.mkdir(exist_ok=True)
    spec = store_spec(args)
    rt = Runtime(spec.settings(OUT / "bench-data"))
    ids = sample_subjects(rt, args.sample)
    print(f"warmed the store: read {warm(spec):.1f} GiB", file=sys.stderr)
    pause = round(args.connections * 1000 / args.rate) if args.rate else 0
    with api_token(rt, spec.purpose) as token, serve(spec, args.workers) as server:
        script = write_script(ids, token, spec.purpose, pause)
        wrk = {"threads": args.threads, "connections": args.connections}
        run_wrk(server.base, script, seconds=5, **wrk)  # warm: connections, caches, pages
        cpu_before, started = server.cpu_seconds(), time.monotonic()
        with LoadAverage() as load:
            output, wrk_cpu = run_wrk(server.base, script, seconds=args.duration, **wrk)
        server_cpu = server.cpu_seconds() - cpu_before
        workers = server.workers()
    print(output, file=sys.stderr)
    figures = parse(output)
    requests = int(figures["requests"])  # type: ignore[call-overload]
    seconds = float(figures["seconds"])  # type: ignore[arg-type]
    rate = requests / seconds
    statuses: dict[int, int] = figures["statuses"]  # type: ignore[assignment]
    failed = sum(n for s, n in statuses.items() if not 200 <= s < 300)
    errors = failed + int(figures["socket_errors"])  # type: ignore[call-overload]
    p50, p99 = float(figures["p50"]), float(figures["p99"])  # type: ignore[arg-type]
    verdict = "met" if rate >= 1000 and p99 < 50 and errors == 0 else "**missed**"
    paced = f"paced to ~{args.rate}/s ({pause} ms pause)" if args.rate else "flat out"
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"python {platform.python_version()}; wall {time.monotonic() - started:.0f} s"
    )
    print(
        "| store | workers | wrk | rate | p50 / p99 / max | errors | server CPU per request "
        "| wrk CPU | load avg | target 1,000/s, p99 < 50 ms, 0 errors |"
    )
    print(
        f"| {spec.label} | {workers} | -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, {paced} | {rate:,.0f}/s ({requests:,} in {seconds:.0f} s) "
        f"| {p50:.2f} / {p99:.2f} / {float(figures['max']):.0f} ms "  # type: ignore[arg-type]
        f"| {errors} ({', '.join(f'{s}: {n}' for s, n in sorted(statuses.items()))}) "
        f"| {server_cpu / requests * 1000:.2f} ms | {wrk_cpu / seconds:.2f} cores "
        f"| {load.describe()} | {verdict}: ×{rate / 1000:.2f} rate, ×{50 / p99:.1f} p99 margin |"
    )


if __name__ == "__main__":
    main()
