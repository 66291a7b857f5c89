"""`ombud db`: create and upgrade the store's schema."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import OperationalError

from ombud.cli.app import EXIT_FINDINGS, app
from ombud.settings import Settings
from ombud.store import create_engine_for, current_revision, upgrade

db_app = typer.Typer(
    name="db",
    help="The store's database: create its schema or bring it up to date.",
    no_args_is_help=True,
)
app.add_typer(db_app)


@db_app.command("upgrade")
def upgrade_command(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="SQLite (sqlite:///path/to/ombud.db) or PostgreSQL (postgresql://…). "
            "Default: $OMBUD_DATABASE_URL, else var/ombud.db under the working directory.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Create the schema, or migrate it to this version of Ombud. Safe to run again.

    Example:

        ombud db upgrade --database-url postgresql://ombud@db.example.org/ombud
    """
    url = database_url or Settings().resolved_database_url
    try:
        engine = create_engine_for(url)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--database-url") from exc
    shown = engine.url.render_as_string(hide_password=True)
    try:
        upgrade(engine)
        revision = current_revision(engine)
    except OperationalError as exc:
        Console(stderr=True, highlight=False, soft_wrap=True).print(
            f"error: cannot reach {shown}: {exc.orig}", markup=False
        )
        raise typer.Exit(EXIT_FINDINGS) from exc
    finally:
        engine.dispose()
    Console(highlight=False, soft_wrap=True).print(
        f"{shown}: schema at revision {revision}", markup=False
    )
