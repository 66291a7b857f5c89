"""The Typer application every command module registers on, and the one error handler."""

from typing import Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from ombud.errors import DeclarationError, OmbudError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _OmbudGroup(TyperGroup):
    """Maps Ombud's error tree to exit codes, in this one place: usage 2, refusals 1."""

    # typer vendors its own click; its Context type is private, hence Any.
    def invoke(self, ctx: Any) -> Any:
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        try:
            return super().invoke(ctx)
        except DeclarationError as exc:
            for issue in exc.issues:
                err.print(f"error: {issue}", markup=False)
            raise typer.Exit(EXIT_USAGE) from exc
        except OmbudError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(EXIT_FINDINGS) from exc


app = typer.Typer(
    name="ombud",
    cls=_OmbudGroup,
    help="Ombud: declare your processing once; Ombud stores, enforces, answers and renders it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
