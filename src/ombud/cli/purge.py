"""Commands of the purge (gallring): preview, run, report, and recompute after a new declaration."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from ombud.cli.app import EXIT_USAGE, app, runtime
from ombud.declaration import load_declaration
from ombud.register.service import Context
from ombud.retention import STOCKHOLM
from ombud.retention.model import PurgePlan, PurgeRun
from ombud.retention.purge import (
    DEFAULT_BATCH_SIZE,
    MAX_BATCH_SIZE,
    BatchDone,
    due_count,
    plan,
    preview_declaration,
    purge,
    runs,
)
from ombud.retention.recompute import Recomputed, recompute_expiries

out = Console(highlight=False, soft_wrap=True)
purge_app = typer.Typer(
    name="purge",
    help="The purge (gallring): remove what no purpose justifies any longer.",
    invoke_without_command=True,
)
app.add_typer(purge_app)

Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def _moment(text: str, option: str) -> datetime:
    """A date (midnight, Stockholm) or an ISO 8601 instant, as an aware UTC datetime."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM).astimezone(UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"error: {option}: got {text!r}; expected a date such as 2027-01-31", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=STOCKHOLM)).astimezone(UTC)


@purge_app.callback()
def purge_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would go; change nothing.")
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="With --dry-run: purge as of this date.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=MAX_BATCH_SIZE, help="Bases per transaction.")
    ] = DEFAULT_BATCH_SIZE,
    declaration: Annotated[
        Path | None,
        typer.Option("--declaration", help="With --dry-run: preview this new declaration."),
    ] = None,
    json_out: Json = False,
) -> None:
    """Purge everything no purpose justifies any longer; --dry-run shows it first.

    Records whose last basis expired are deleted, or moved into the legal hold where a
    law names their category; subjects left with nothing are removed with their key.

    Example: ombud purge --dry-run --as-of 2027-01-31
    """
    if ctx.invoked_subcommand is not None:
        return
    if (as_of or declaration) and not dry_run:
        typer.echo("error: --as-of and --declaration only preview: add --dry-run", err=True)
        raise typer.Exit(EXIT_USAGE)
    rt = runtime(ctx)
    moment = _moment(as_of, "--as-of") if as_of else rt.clock.now()
    if dry_run:
        _dry_run(rt.context, rt, moment, declaration, json_out)
        return
    with rt.sessions() as session:
        total = due_count(session, as_of=moment)
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        disable=json_out or total < 10 * batch_size,
    ) as bar:
        task = bar.add_task("purging", total=total)

        def advance(done: BatchDone) -> None:
            bar.advance(task, done.bases or done.records)

        run = purge(rt.sessions, rt.context, as_of=moment, batch_size=batch_size, progress=advance)
    _print_runs([run], json_out)


def _dry_run(
    context: Context, rt: Any, moment: datetime, declaration: Path | None, json_out: bool
) -> None:
    with rt.sessions() as session:
        if declaration is None:
            preview, changed = plan(session, context, as_of=moment), None
        else:
            new = load_declaration(declaration).declaration
            new_ctx = Context(declaration=new, keyring=context.keyring, clock=context.clock)
            changed, preview = preview_declaration(session, new_ctx, as_of=moment)
        session.rollback()
    if json_out:
        payload: dict[str, Any] = _plan_json(preview)
        if changed is not None:
            payload["recomputed"] = asdict(changed)
        out.print(json.dumps(payload, ensure_ascii=False), markup=False)
        return
    if changed is not None:
        _print_recomputed(changed, declaration)
    _print_plan(preview)


def _plan_json(preview: PurgePlan) -> dict[str, Any]:
    return {
        "as_of": preview.as_of.isoformat(),
        "bases": [asdict(b) for b in preview.bases],
        "removed": [asdict(c) for c in preview.removed],
        "next_due": {purpose: at.isoformat() for purpose, at in preview.next_due},
    }


def _print_plan(preview: PurgePlan) -> None:
    out.print(f"A purge as of {preview.as_of.astimezone(STOCKHOLM):%Y-%m-%d %H:%M} would:")
    table = Table("rule", "category", "records", "bases", box=None)
    bases = {(f"purpose:{b.purpose}", b.category): b.count for b in preview.bases}
    for count in preview.removed:
        shown = bases.pop((count.rule, count.category), 0)
        table.add_row(count.rule, count.category, str(count.count), str(shown))
    for (rule, category), n in sorted(bases.items()):
        table.add_row(rule, category, "0", str(n))
    out.print(table if table.rows else "  remove nothing")
    for purpose, at in preview.next_due:
        out.print(
            f"next due (90 days ahead): {purpose} at {at.astimezone(STOCKHOLM):%Y-%m-%d %H:%M}"
        )


def _print_recomputed(changed: Recomputed, declaration: Path | None) -> None:
    out.print(
        f"{declaration}: of {changed.examined} bases, {changed.earlier} would expire earlier "
        f"and {changed.later} later (apply with `ombud purge recompute`)."
    )


def _run_json(run: PurgeRun) -> dict[str, Any]:
    row = asdict(run)
    for key in ("as_of", "started_at", "finished_at"):
        row[key] = row[key].isoformat() if row[key] else None
    return row


def _print_runs(found: list[PurgeRun], json_out: bool) -> None:
    if json_out:
        out.print(json.dumps([_run_json(r) for r in found], ensure_ascii=False), markup=False)
        return
    for run in found:
        rate = f"{run.records_per_second:,.0f} records/s" if run.records_per_second else "-"
        out.print(
            f"purge {run.id} as of {run.as_of:%Y-%m-%d %H:%M} UTC: {run.status}, "
            f"{run.started_at:%Y-%m-%d %H:%M:%S} to "
            f"{run.finished_at:%H:%M:%S} UTC, {rate}"
            if run.finished_at
            else f"purge {run.id}: {run.status}, started {run.started_at:%Y-%m-%d %H:%M:%S} UTC"
        )
        table = Table("rule", "category", "count", box=None)
        for count in run.removed:
            table.add_row(count.rule, count.category, str(count.count))
        out.print(table if table.rows else "  removed nothing")


@purge_app.command("report")
def report_command(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option("--since", help="Runs started on or after.")] = None,
    json_out: Json = False,
) -> None:
    """Print the erasure log: per run, what each rule removed, per category, and how fast.

    Example: ombud purge report --since 2026-01-01
    """
    rt = runtime(ctx)
    with rt.sessions() as session:
        found = runs(session, since=_moment(since, "--since") if since else None)
    _print_runs(found, json_out)


@purge_app.command("recompute")
def recompute_command(ctx: typer.Context, json_out: Json = False) -> None:
    """Recompute every stored expiry under the current declaration (after a change).

    Preview first: ombud purge --dry-run --declaration NEW.yaml

    Example: ombud purge recompute
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        changed = recompute_expiries(session, rt.declaration, at=rt.clock.now())
    if json_out:
        out.print(json.dumps(asdict(changed)), markup=False)
        return
    out.print(
        f"recomputed {changed.examined} bases: {changed.earlier} expire earlier, "
        f"{changed.later} later"
    )
