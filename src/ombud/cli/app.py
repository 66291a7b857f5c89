"""The Typer application every command module registers on, and the one error handler."""

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from typer.core import TyperGroup

from ombud.errors import DeclarationError, OmbudError
from ombud.runtime import Runtime
from ombud.settings import Settings

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


@app.callback()
def _settings(
    ctx: typer.Context,
    declaration: Annotated[
        Path | None,
        typer.Option(
            "--declaration",
            "-d",
            help="The declaration file [env OMBUD_DECLARATION].",
            show_default=False,
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Folder of the SQLite store and key file [env OMBUD_DATA_DIR].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build the settings once, from the environment and these options."""
    overrides: dict[str, Any] = {}
    if declaration is not None:
        overrides["declaration"] = declaration
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    ctx.obj = Settings(**overrides)


def runtime(ctx: typer.Context) -> Runtime:
    """The process's runtime, built on first use from the settings of the callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Runtime):
        settings = root.obj if isinstance(root.obj, Settings) else Settings()
        root.obj = Runtime(settings)
    return root.obj
