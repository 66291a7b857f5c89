"""Commands on the declaration itself: check, schema, init."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ombud.cli.app import EXIT_FINDINGS, EXIT_USAGE, app
from ombud.declaration import Declaration, lint, load_declaration

DeclarationPath = Annotated[Path, typer.Argument(help="The declaration file.", show_default=True)]


def example_names() -> list[str]:
    """The example organisations shipped with Ombud."""
    root = resources.files("ombud").joinpath("examples")
    return sorted(p.name for p in root.iterdir() if p.joinpath("ombud.yaml").is_file())


@app.command()
def check(
    path: DeclarationPath = Path("ombud.yaml"),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per finding.")] = False,
) -> None:
    """Check a declaration: errors make it unusable (exit 2), lints are findings (exit 1).

    Every message names file:line:column, the value and what would be accepted,
    and each lint cites the GDPR article or Swedish law behind it.

    Example: ombud check examples/lean-forum/ombud.yaml
    """
    loaded = load_declaration(path)
    findings = lint(loaded.declaration)
    out = Console(highlight=False, soft_wrap=True)
    for finding in findings:
        line, column = loaded.source.locate(finding.path)
        issue = loaded.source.issue(finding.path, finding.message)
        if as_json:
            record = {
                "file": str(path),
                "line": line,
                "column": column,
                "path": issue.path,
                "severity": finding.severity.value,
                "code": finding.code,
                "message": finding.message,
                "reference": finding.reference,
            }
            out.print(json.dumps(record, ensure_ascii=False), markup=False)
        else:
            out.print(
                f"{issue.location} {finding.severity.value} [{finding.code}] "
                f"{issue.path}: {finding.message} ({finding.reference})",
                markup=False,
            )
    if not as_json:
        name = loaded.declaration.controller.name
        summary = f"{len(findings)} finding(s)" if findings else "no findings"
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"{path}: {name}: {summary}", markup=False
        )
    if findings:
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead.")
    ] = None,
) -> None:
    """Print the declaration's JSON Schema, for editors that check ombud.yaml as you type.

    With the YAML language server, put `# yaml-language-server: $schema=ombud.schema.json`
    on the first line of ombud.yaml.

    Example: ombud schema -o ombud.schema.json
    """
    document = Declaration.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "Ombud declaration (ombud.yaml)"
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def init(
    example: Annotated[
        str, typer.Option("--example", "-e", help="The example organisation to start from.")
    ] = "lean-forum",
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write it.")] = Path(
        "ombud.yaml"
    ),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Start a new declaration from one of the example organisations.

    Example: ombud init --example lasting-group -o ombud.yaml
    """
    names = example_names()
    if example not in names:
        typer.echo(
            f"error: --example: got {example!r}; expected one of: {', '.join(names)}", err=True
        )
        raise typer.Exit(EXIT_USAGE)
    if output.exists() and not force:
        typer.echo(f"error: {output} exists; pass --force to overwrite it", err=True)
        raise typer.Exit(EXIT_USAGE)
    source = resources.files("ombud").joinpath("examples", example, "ombud.yaml")
    output.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    typer.echo(f"wrote {output} from the {example} example; next: ombud check {output}")
