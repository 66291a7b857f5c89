"""Ombud's command line: thin commands over the domain services.

Exit codes follow convention: 0 ok, 1 findings or a refusal, 2 unusable input or usage.
Each command module registers itself on `app` when imported here.
"""

from ombud.cli import db as _db  # noqa: F401
from ombud.cli import declaration as _declaration  # noqa: F401
from ombud.cli import importing as _importing  # noqa: F401
from ombud.cli import intake as _intake  # noqa: F401
from ombud.cli import purge as _purge  # noqa: F401
from ombud.cli import register as _register  # noqa: F401
from ombud.cli import render as _render  # noqa: F401
from ombud.cli import request as _request  # noqa: F401
from ombud.cli import screen as _screen  # noqa: F401
from ombud.cli import staff as _staff  # noqa: F401
from ombud.cli import web as _web  # noqa: F401
from ombud.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `ombud` command."""
    app()
