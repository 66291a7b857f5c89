"""Commands that render the declaration for people: the privacy policy and the Art. 30 register."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, cast

import typer

from ombud.cli.app import EXIT_USAGE, app
from ombud.declaration import load_declaration
from ombud.render import (
    LANGUAGES,
    POLICY_FORMATS,
    REGISTER_FORMATS,
    Lang,
    PolicyFormat,
    RegisterFormat,
    render_policy,
    render_register,
)

render_app = typer.Typer(
    name="render",
    help="Render the privacy policy or the Art. 30 register from the declaration.",
    no_args_is_help=True,
)
app.add_typer(render_app, name="render")

DeclarationPath = Annotated[Path, typer.Argument(help="The declaration file.", show_default=True)]
Language = Annotated[str, typer.Option("--lang", help="Language: sv or en.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
]


def _accepted(option: str, value: str, accepted: tuple[str, ...]) -> None:
    """Refuse a value outside `accepted` (exit 2), naming the option, the value and the choices."""
    if value not in accepted:
        typer.echo(
            f"error: {option}: got {value!r}; expected one of: {', '.join(accepted)}", err=True
        )
        raise typer.Exit(EXIT_USAGE)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@render_app.command()
def policy(
    path: DeclarationPath = Path("ombud.yaml"),
    lang: Language = "sv",
    fmt: Annotated[
        str, typer.Option("--format", help="Output format: markdown or html.")
    ] = "markdown",
    output: Output = None,
) -> None:
    """Render the public privacy policy (GDPR Art. 13–14) in Swedish or English.

    HTML is a complete, printable page with no external assets.

    Example: ombud render policy ombud.yaml --lang en --format html -o policy.html
    """
    _accepted("--lang", lang, LANGUAGES)
    _accepted("--format", fmt, POLICY_FORMATS)
    declaration = load_declaration(path).declaration
    text = render_policy(declaration, lang=cast(Lang, lang), fmt=cast(PolicyFormat, fmt))
    _write(text, output)


@render_app.command()
def register(
    path: DeclarationPath = Path("ombud.yaml"),
    lang: Language = "sv",
    fmt: Annotated[str, typer.Option("--format", help="Output format: markdown or csv.")] = "csv",
    output: Output = None,
) -> None:
    """Render the record of processing activities (GDPR Art. 30(1)), one row per purpose.

    Example: ombud render register ombud.yaml --lang sv --format csv -o register.csv
    """
    _accepted("--lang", lang, LANGUAGES)
    _accepted("--format", fmt, REGISTER_FORMATS)
    declaration = load_declaration(path).declaration
    text = render_register(declaration, lang=cast(Lang, lang), fmt=cast(RegisterFormat, fmt))
    _write(text, output)
