"""Pausing Python's cyclic garbage collector around work that makes many small objects.

Bulk work (an import, a long text screened at once) keeps tens of thousands of rows,
hits and findings alive until it ends, and every automatic pass of the collector walks
all of them again: in an import that was about half of the writing process's CPU time.
Such work makes no reference cycles that need freeing before it ends, and reference
counting frees everything else as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector paused for the length of the block, and resumed after it if it ran
    before. A thread that finds it paused by another leaves it to that one to resume."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
