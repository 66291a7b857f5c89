"""Filling the register in bulk: `ombud import` (a CSV file) and `ombud demo-data`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ombud.cli.app import EXIT_FINDINGS, EXIT_USAGE, app, runtime
from ombud.cli.declaration import example_names
from ombud.declaration import load_declaration
from ombud.register.demo import fill
from ombud.register.importing import count_rows, import_people, write_rejects
from ombud.register.mapping import ImportRejected, load_mapping
from ombud.register.service import Context

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.command("import")
def import_command(
    ctx: typer.Context,
    people: Annotated[Path, typer.Argument(help="The CSV file, one person per row.")],
    mapping: Annotated[
        Path, typer.Option("--mapping", "-m", help="YAML: which column holds what.")
    ],
    purpose: Annotated[str, typer.Option("--purpose", "-p", help="A purpose of the declaration.")],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Import the good rows; write the bad to --rejects.")
    ] = False,
    rejects: Annotated[
        Path | None, typer.Option(help="Where --skip-bad writes refused rows, with a reason.")
    ] = None,
    actor: Annotated[str, typer.Option(help="Who acts, for the audit trail.")] = "cli",
) -> None:
    """Import people for a purpose, all or nothing: any bad row and nothing is written.

    Example: ombud import members.csv --mapping members.yaml -p membership
    """
    if rejects is not None and not skip_bad:
        err.print("error: --rejects needs --skip-bad")
        raise typer.Exit(EXIT_USAGE)
    try:
        plan = load_mapping(mapping)
        total = count_rows(people, plan)
    except ImportRejected as exc:
        for issue in exc.issues:
            err.print(f"error: {issue}", markup=False)
        raise typer.Exit(EXIT_USAGE) from exc
    rt = runtime(ctx)
    columns = (TextColumn("rows"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=err, transient=True) as bar, rt.transaction() as session:
            task = bar.add_task("import", total=total)
            summary = import_people(
                session,
                rt.context,
                path=people,
                mapping=plan,
                purpose=purpose,
                actor=actor,
                skip_bad=skip_bad,
                progress=lambda n: bar.advance(task, n),
            )
    except ImportRejected as exc:
        for issue in exc.issues:
            err.print(f"error: {issue}", markup=False)
        raise typer.Exit(EXIT_FINDINGS) from exc
    out.print(
        f"{purpose}: {summary.rows} row(s); {summary.subjects_created} subject(s) created, "
        f"{summary.subjects_found} found; {summary.new_records} record(s) written, "
        f"{summary.reused_records} reused; {len(summary.rejected)} row(s) rejected"
    )
    if summary.rejected:
        if rejects is not None:
            written = write_rejects(rejects, people, plan, summary.rejected)
            out.print(f"wrote {written} rejected row(s) to {rejects}")
        else:
            for issue in summary.rejected:
                err.print(f"rejected: {issue}", markup=False)


def _example_declaration(name: str) -> Path:
    """The example organisation's declaration, or a usage error naming the known ones."""
    try:
        names = example_names()
    except FileNotFoundError:
        names = []
    if name not in names:
        err.print(f"error: --example: got {name!r}; expected one of: {', '.join(names) or 'none'}")
        raise typer.Exit(EXIT_USAGE)
    return Path(str(resources.files("ombud").joinpath("examples", name, "ombud.yaml")))


@app.command("demo-data")
def demo_data_command(
    ctx: typer.Context,
    example: Annotated[
        str | None, typer.Option(help="Fill for an example declaration instead of yours.")
    ] = None,
    people: Annotated[int, typer.Option(min=1, help="How many synthetic people.")] = 1_000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same people.")] = 1,
    actor: Annotated[str, typer.Option(help="Who acts, for the audit trail.")] = "demo-data",
) -> None:
    """Fill the store with synthetic people spread over the declaration's purposes.

    Example: ombud demo-data --example lean-forum --people 500 --seed 7
    """
    rt = runtime(ctx)
    context = rt.context
    if example is not None:
        declaration = load_declaration(_example_declaration(example)).declaration
        context = Context(declaration=declaration, keyring=rt.keyring, clock=rt.clock)
    with err.status(f"generating {people} people"), rt.transaction() as session:
        summary = fill(session, context, count=people, seed=seed, actor=actor)
    for purpose, count in summary.by_purpose.items():
        out.print(f"{purpose}: {count} people")
    out.print(f"{summary.withdrawn} consent(s) withdrawn, {summary.blocked} marketing block(s)")
