"""Micro benchmark of the synthetic people generator: how many fake people per second.

    .venv/bin/python bench/synthetic_bench.py

Generates 200,000 people from one seed, three times, and prints the best rate by the wall
clock and by the process's CPU time (the machine's other work only ever slows a run down, and
CPU time shows the generator's own cost on a busy machine). The benchmarks that fill a store
with a million people need the generator well above 100,000 people/s, so that it never
dominates their timing.
"""

from __future__ import annotations

import time

from ombud.synthetic import people, vocabulary

COUNT = 200_000
RUNS = 3
SEED = 2024


def one_run() -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in people(SEED, COUNT):
        pass
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    vocabulary()  # read the lists once, outside the timing
    next(people(SEED, 1))  # and lay out the drawing tables
    runs = [one_run() for _ in range(RUNS)]
    label = f"synthetic people, {COUNT:,} from one seed"
    print(f"{label + ' (wall clock)':<52} {COUNT / min(w for w, _ in runs):>12,.0f} people/s")
    print(f"{label + ' (CPU time)':<52} {COUNT / min(c for _, c in runs):>12,.0f} people/s")


if __name__ == "__main__":
    main()
