"""Importing a CSV file of people for one purpose, all or nothing.

Each row is read through the mapping (`mapping.py`), its identifiers normalised and
its events dated, then the rows are collected set-based (`bulk.py`) under the same
rules as `collect`. A bad row is reported with its line number and why. By default
nothing is written if any row is bad (the caller's transaction is rolled back, since
this raises); `skip_bad` writes the good rows and hands back the bad ones, to be
written to a rejects file. One `imported` audit event records the counts.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from ombud.errors import Issue, OmbudError
from ombud.protect import IdentifierKind, normalise
from ombud.register import audit
from ombud.register.bulk import BulkCollector, BulkPlan, Incoming
from ombud.register.mapping import ImportMapping, ImportRejected, parse_moment
from ombud.register.rules import identifier_kind
from ombud.register.service import Context

CHUNK_ROWS = 5_000
SHOWN_ISSUES = 20
REASON_COLUMN = "reason"


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
    collector = BulkCollector(session, ctx, plan, source=str(path))
    today = ctx.clock.now().date()
    rows = 0
    for size, parsed in _parsed_chunks(read_rows(path, mapping), mapping, today):
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


def read_rows(path: Path, mapping: ImportMapping) -> Iterator[_Row]:
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
    rows: Iterator[_Row], mapping: ImportMapping, today: date
) -> Iterator[tuple[int, list[Incoming | tuple[int, str]]]]:
    """The rows parsed chunk by chunk; a second process parses the next while this one writes.

    Normalising identifiers is the costliest part of a row and needs no store, so on
    a file of several chunks it runs beside the writing (two cores, twice the rows).
    """
    chunks = _chunks(rows, CHUNK_ROWS)
    first, second = next(chunks, None), next(chunks, None)
    if first is None:
        return
    if second is None:
        yield len(first), parse_chunk(mapping, first, today)
        return
    with ProcessPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(parse_chunk, mapping, second, today)
        yield len(first), parse_chunk(mapping, first, today)
        size = len(second)
        for chunk in chunks:
            done = pending.result()
            pending = pool.submit(parse_chunk, mapping, chunk, today)
            yield size, done
            size = len(chunk)
        yield size, pending.result()


def parse_chunk(
    mapping: ImportMapping, rows: list[_Row], today: date
) -> list[Incoming | tuple[int, str]]:
    """Each row as an Incoming person, or as (line, why it is bad)."""
    parsed: list[Incoming | tuple[int, str]] = []
    for row in rows:
        try:
            parsed.append(parse_row(mapping, row.line, row.cells, today))
        except (OmbudError, ValueError) as exc:
            parsed.append((row.line, str(exc)))
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


def _chunks(rows: Iterator[_Row], size: int) -> Iterator[list[_Row]]:
    chunk: list[_Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
