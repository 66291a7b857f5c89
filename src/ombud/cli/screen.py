"""`ombud screen`: find identifiers and special-category data in a text or a batch of texts."""

from __future__ import annotations

import json
import sys
from bisect import bisect_right
from contextlib import AbstractContextManager, nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ombud.cli.app import EXIT_FINDINGS, EXIT_OK, app
from ombud.screening import IDENTIFIER_KINDS, Finding, Kind, screen

_EXCERPT_MARGIN = 24


class OutputFormat(StrEnum):
    """How `ombud screen` prints its findings."""

    TEXT = "text"
    JSON = "json"


@app.command("screen")
def screen_command(
    source: Annotated[
        str, typer.Argument(metavar="FILE|-", help="The text to screen; - reads standard input.")
    ],
    output: Annotated[
        OutputFormat,
        typer.Option("--format", help="text: a table to read; json: one object per finding."),
    ] = OutputFormat.TEXT,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='FILE holds one {"id", "text"} document per line; '
            'writes one {"id", "findings"} line for each.',
        ),
    ] = False,
    kind: Annotated[
        list[Kind] | None,
        typer.Option("--kind", help="Only look for this kind (repeat for more)."),
    ] = None,
) -> None:
    """Find personnummer, card numbers, health, religion and other sensitive data in free text.

    Exits 0 when nothing is found, 1 when something is, 2 when the input is unusable.
    Offsets count characters from 0; end is exclusive. The table masks identifiers.

    Example: ombud screen message.txt --format json
    """
    try:
        with _open(source) as stream:
            if jsonl:
                found = _screen_documents(stream, kind)
            else:
                text = stream.read()
                findings = screen(text, kinds=kind)
                _print_findings(text, findings, output)
                found = bool(findings)
    except UnicodeDecodeError as exc:
        raise typer.BadParameter(
            f"got bytes that are not UTF-8 at offset {exc.start}; expected UTF-8 text",
            param_hint="FILE",
        ) from exc
    raise typer.Exit(EXIT_FINDINGS if found else EXIT_OK)


def _open(source: str) -> AbstractContextManager[TextIO]:
    if source == "-":
        return nullcontext(sys.stdin)
    path = Path(source)
    if not path.is_file():
        raise typer.BadParameter(
            f"got {source!r}; expected a readable file or -", param_hint="FILE"
        )
    return path.open(encoding="utf-8")


def _finding_json(finding: Finding) -> dict[str, object]:
    return {
        "start": finding.start,
        "end": finding.end,
        "kind": finding.kind.value,
        "confidence": finding.confidence,
    }


def _screen_documents(stream: TextIO, kinds: list[Kind] | None) -> bool:
    """Screen one JSON document per line; print one result line each. Whether any had findings."""
    found = False
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            document = json.loads(line)
            doc_id, text = document["id"], document["text"]
            if not isinstance(text, str):
                raise TypeError("text")
        except (ValueError, KeyError, TypeError) as exc:
            raise typer.BadParameter(
                f"line {number}: expected a JSON object with an id and a string text",
                param_hint="FILE",
            ) from exc
        findings = screen(text, kinds=kinds)
        found = found or bool(findings)
        result = {"id": doc_id, "findings": [_finding_json(f) for f in findings]}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    return found


def _print_findings(text: str, findings: list[Finding], output: OutputFormat) -> None:
    if output is OutputFormat.JSON:
        for finding in findings:
            sys.stdout.write(json.dumps(_finding_json(finding)) + "\n")
        return
    console = Console(highlight=False, soft_wrap=True)
    if not findings:
        console.print("No findings.")
        return
    masked = _masked(text, findings)
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    table = Table("line:col", "kind", "confidence", "excerpt")
    for finding in findings:
        line = bisect_right(line_starts, finding.start)
        column = finding.start - line_starts[line - 1] + 1
        table.add_row(
            f"{line}:{column}",
            finding.kind.value,
            f"{finding.confidence:.2f}",
            Text(_excerpt(masked, finding)),
        )
    console.print(table)
    console.print(f"{len(findings)} finding(s).")


def _masked(text: str, findings: list[Finding]) -> str:
    """`text` with each identifier's letters and digits blotted out; an e-mail keeps its domain."""
    chars = list(text)
    for finding in findings:
        if finding.kind not in IDENTIFIER_KINDS:
            continue
        end = finding.end
        if finding.kind is Kind.EMAIL:
            end = text.index("@", finding.start, finding.end)
        for i in range(finding.start, end):
            if chars[i].isalnum():
                chars[i] = "•"
    return "".join(chars)


def _excerpt(masked: str, finding: Finding) -> str:
    """The finding in brackets, with a little of the masked text around it on one line."""
    before = masked[max(0, finding.start - _EXCERPT_MARGIN) : finding.start]
    after = masked[finding.end : finding.end + _EXCERPT_MARGIN]
    middle = masked[finding.start : finding.end]
    return " ".join(f"…{before}[{middle}]{after}…".split())
