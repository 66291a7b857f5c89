"""Importing a CSV file of people for one purpose, all or nothing.

Each row is read through the mapping (`mapping.py`), its identifiers normalised, its
events dated and its hashes and ciphertexts computed (`sealing.py`), in a process beside
the one writing; then the rows are collected set-based (`bulk.py`) under the same
rules as `collect`. A bad row is reported with its line number and why. By default
nothing is written if any row is bad (the caller's transaction is rolled back, since
this raises); `skip_bad` writes the good rows and hands back the bad ones, to be
written to a rejects file. One `imported` audit event records the counts.
"""

from __future__ import annotations

import csv
import gc
import multiprocessing
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.process import BaseProcess
from pathlib import Path
from queue import Empty
from typing import Any

from sqlalchemy.orm import Session

from ombud.errors import Issue, OmbudError
from ombud.memory import gc_paused
from ombud.protect import IdentifierKind, Keyring, normalise
from ombud.register import audit
from ombud.register.bulk import BulkCollector, BulkPlan, Incoming
from ombud.register.mapping import ImportMapping, ImportRejected, parse_moment
from ombud.register.rules import identifier_kind
from ombud.register.sealing import Sealer
from ombud.register.service import Context

CHUNK_ROWS = 5_000
FIRST_CHUNK_ROWS = 1_000  # small, so that the writing starts soon
SHOWN_ISSUES = 20
REASON_COLUMN = "reason"
Parsed = Incoming | tuple[int, str]  # a person, or the line of a bad row and why


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: subjects created and found, records written, rows refused."""

    purpose: str
    rows: int
    subjects_created: int
    subjects_found: int
    new_records: int
    reused_records: int
    rejected: tuple[Issue, ...]


@dataclass(frozen=True)
class _Row:
    line: int
    cells: dict[str, str]


def import_people(
    session: Session,
    ctx: Context,
    *,
    path: Path,
    mapping: ImportMapping,
    purpose: str,
    actor: str,
    skip_bad: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Collect every row of `path` for `purpose`; raise ImportRejected if a row is bad.

    With `skip_bad` the good rows are written and the bad ones returned in `rejected`.
    """
    plan = BulkPlan(
        purpose=purpose,
        subject_kind=mapping.subject_kind,
        consent_method=mapping.consent.method if mapping.consent else None,
        consent_evidence=mapping.consent.evidence if mapping.consent else None,
        consent_lang=mapping.consent.lang if mapping.consent else "sv",
        entry_kind=mapping.entry,
    )
    today = ctx.clock.now().date()
    rows = 0
    with gc_paused(), BulkCollector(session, ctx, plan, source=str(path)) as collector:
        for size, parsed in _parsed_chunks(path, mapping, today, ctx.keyring):
            incoming = []
            for person in parsed:
                if isinstance(person, Incoming):
                    incoming.append(person)
                else:
                    collector.refuse(*person)
            collector.add(incoming, skip_bad=skip_bad)
            rows += size
            if progress is not None:
                progress(size)
    result = collector.result
    rejected = sorted(result.rejected, key=lambda issue: issue.line or 0)
    if rejected and not skip_bad:
        raise ImportRejected(_shown(rejected))
    audit.append(
        session,
        audit.Imported(
            subjects=result.subjects_created + result.subjects_found,
            records=result.new_records,
            rejected=len(rejected),
        ),
        at=ctx.clock.now(),
        actor=actor,
        purpose=purpose,
    )
    return ImportSummary(
        purpose,
        rows,
        result.subjects_created,
        result.subjects_found,
        result.new_records,
        result.reused_records,
        tuple(rejected),
    )


def _shown(rejected: list[Issue]) -> list[Issue]:
    shown = rejected[:SHOWN_ISSUES]
    if len(rejected) > SHOWN_ISSUES:
        more = len(rejected) - SHOWN_ISSUES
        shown.append(Issue("", f"… and {more} more bad row(s); nothing was imported"))
    else:
        shown.append(Issue("", "nothing was imported; fix the rows or use --skip-bad"))
    return shown


def read_rows(path: Path, mapping: ImportMapping) -> Generator[_Row]:
    """The file's data rows with their first line numbers; refuses a header missing a column."""
    dialect = mapping.csv
    try:
        with path.open(encoding=dialect.encoding, newline="") as handle:
            reader = csv.DictReader(handle, delimiter=dialect.delimiter)
            missing = sorted(mapping.columns() - set(reader.fieldnames or ()))
            if missing:
                header = ", ".join(reader.fieldnames or ()) or "nothing"
                raise ImportRejected(
                    [
                        Issue(
                            "csv",
                            f"column(s) {', '.join(missing)} named in the mapping are not in "
                            f"the header; got {header} (delimiter {dialect.delimiter!r})",
                            str(path),
                            1,
                        )
                    ]
                )
            line = reader.line_num + 1
            for cells in reader:
                yield _Row(line, {k: v or "" for k, v in cells.items() if k is not None})
                line = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [
                Issue(
                    "csv.encoding",
                    f"got bytes that are not {dialect.encoding} ({exc.reason}); expected one "
                    "of utf-8, utf-8-sig, cp1252 as the file was saved",
                    str(path),
                )
            ]
        ) from exc
    except OSError as exc:
        raise ImportRejected([Issue("", f"cannot be read: {exc.strerror}", str(path))]) from exc


def _parsed_chunks(
    path: Path, mapping: ImportMapping, today: date, keyring: Keyring
) -> Iterator[tuple[int, list[Parsed]]]:
    """The rows parsed and sealed chunk by chunk; past the first, in a process beside this one.

    Reading the file, normalising identifiers, keyed hashes and encryption need no
    store and are most of a row's cost, so on a longer file they run beside the
    writing (two cores), a couple of chunks ahead of it. The first chunk is small and
    parsed here, while that process starts.
    """
    # What sealing needs, and no more: the active master key wraps, the index key hashes.
    keys = (keyring.active, keyring.active_key, keyring.index_key)
    size = CHUNK_ROWS
    rows = read_rows(path, mapping)
    first = list(islice(rows, min(FIRST_CHUNK_ROWS, size)))
    more = next(rows, None) is not None
    rows.close()
    if not more:
        if first:
            yield len(first), parse_chunk(mapping, first, today, keys)
        return
    context = multiprocessing.get_context()
    queue: multiprocessing.Queue[tuple[str, Any]] = context.Queue(maxsize=2)
    beside = context.Process(
        target=_parse_rest,
        args=(path, mapping, today, keys, len(first), size, queue),
        name="ombud-import-parse",
        daemon=True,
    )
    beside.start()
    try:
        yield len(first), parse_chunk(mapping, first, today, keys)
        while (item := _next_chunk(queue, beside))[0] == "chunk":
            yield len(item[1]), item[1]
        if item[0] == "rejected":
            raise ImportRejected(item[1])
    finally:
        if beside.is_alive():
            beside.terminate()  # the writing stopped early: nothing more to parse
        beside.join()


def _next_chunk(
    queue: multiprocessing.Queue[tuple[str, Any]], beside: BaseProcess
) -> tuple[str, Any]:
    """The parsing process's next message, or an error should it stop without one."""
    while True:
        try:
            return queue.get(timeout=1)
        except Empty:
            if not beside.is_alive():
                raise OmbudError(
                    f"the process parsing the file stopped (exit code {beside.exitcode}) "
                    "before the end of the file; nothing was imported"
                ) from None


def _parse_rest(
    path: Path,
    mapping: ImportMapping,
    today: date,
    keys: tuple[str, bytes, bytes],
    skip: int,
    size: int,
    queue: multiprocessing.Queue[tuple[str, Any]],
) -> None:
    """In the process beside: the rows after the first `skip`, parsed, put on `queue`."""
    gc.disable()  # this process only parses: see `ombud.memory`
    try:
        rows = read_rows(path, mapping)
        for _ in islice(rows, skip):
            pass
        for chunk in _chunks(rows, size, min(2 * skip, size)):
            queue.put(("chunk", parse_chunk(mapping, chunk, today, keys)))
        queue.put(("done", None))
    except ImportRejected as exc:
        queue.put(("rejected", exc.issues))


def parse_chunk(
    mapping: ImportMapping,
    rows: list[_Row],
    today: date,
    keys: tuple[str, bytes, bytes] | None = None,
) -> list[Parsed]:
    """Each row as an Incoming person, or as (line, why it is bad).

    Given `keys` (active master key id, its key, the index key) each person comes sealed.
    """
    sealer = None
    if keys is not None:
        active, master, index = keys
        sealer = Sealer(Keyring({active: master}, active, index))
    parsed: list[Parsed] = []
    for row in rows:
        try:
            person = parse_row(mapping, row.line, row.cells, today)
        except (OmbudError, ValueError) as exc:
            parsed.append((row.line, str(exc)))
            continue
        if sealer is not None:
            sealed = sealer.seal(person.identifiers, person.values)
            person = Incoming(person.line, person.identifiers, person.values, person.events, sealed)
        parsed.append(person)
    return parsed


def parse_row(mapping: ImportMapping, line: int, cells: dict[str, str], today: date) -> Incoming:
    """One row read through the mapping: identifiers normalised, events dated (Stockholm)."""
    normalised: dict[tuple[IdentifierKind, str], str] = {}

    def identifier(kind: IdentifierKind, column: str) -> str:
        raw = cells[column].strip()
        if (kind, raw) not in normalised:
            try:
                normalised[(kind, raw)] = normalise(kind, raw, today=today)
            except OmbudError as exc:
                raise OmbudError(f"column {column!r}: {exc}") from None
        return normalised[(kind, raw)]

    identifiers = {k: identifier(k, c) for k, c in mapping.identifiers.items() if cells[c].strip()}
    if not identifiers:
        columns = ", ".join(repr(c) for c in mapping.identifiers.values())
        raise OmbudError(f"no identifier: {columns} empty; expected at least one")
    values: dict[str, str] = {}
    for category, column in mapping.categories.items():
        raw = cells[column.column].strip()
        if not raw:
            if column.required:
                raise OmbudError(f"column {column.column!r} ({category}) is empty; it is required")
            continue
        kind = identifier_kind(category)
        values[category] = identifier(kind, column.column) if kind else raw
    events = {}
    for name, event in mapping.events.items():
        raw = cells[event.column].strip()
        if raw:
            try:
                events[name] = parse_moment(raw, event.format)
            except ValueError as exc:
                raise OmbudError(f"column {event.column!r} ({name}): {exc}") from None
    return Incoming(line, identifiers, values, events)


def write_rejects(
    path: Path, source: Path, mapping: ImportMapping, rejected: tuple[Issue, ...]
) -> int:
    """Write the refused rows as they were, with a `reason` column; return how many."""
    reasons = {issue.line: issue.message for issue in rejected if issue.line is not None}
    with path.open("w", encoding=mapping.csv.encoding, newline="") as out:
        writer: csv.DictWriter[str] | None = None
        written = 0
        for row in read_rows(source, mapping):
            if row.line not in reasons:
                continue
            if writer is None:
                writer = csv.DictWriter(
                    out, [*row.cells, REASON_COLUMN], delimiter=mapping.csv.delimiter
                )
                writer.writeheader()
            writer.writerow({**row.cells, REASON_COLUMN: reasons[row.line]})
            written += 1
    return written


def count_rows(path: Path, mapping: ImportMapping) -> int:
    """How many data rows the file holds (for a progress bar)."""
    return sum(1 for _ in read_rows(path, mapping))


def _chunks(rows: Iterator[_Row], size: int, first: int) -> Iterator[list[_Row]]:
    chunk: list[_Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == first:
            yield chunk
            chunk, first = [], size
    if chunk:
        yield chunk
