"""Commands for the console's staff accounts and their roles."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ombud.access.staff import add_staff, disable_staff, list_staff, save_role
from ombud.access.totp import provisioning_uri
from ombud.cli.app import app, runtime

out = Console(highlight=False, soft_wrap=True)
staff_app = typer.Typer(
    name="staff",
    help="Staff accounts for the console, with roles bound to purposes.",
    no_args_is_help=True,
)
app.add_typer(staff_app)


@staff_app.command("role")
def role_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The role's name.")],
    purpose: Annotated[
        list[str] | None,
        typer.Option("--purpose", "-p", help="A purpose whose data it may read; '*' for all."),
    ] = None,
    requests: Annotated[bool, typer.Option(help="May handle data subject requests.")] = False,
    admin: Annotated[
        bool, typer.Option(help="May see the purge and the Art. 30 register.")
    ] = False,
) -> None:
    """Create a role, or replace its purposes and flags.

    Example: ombud staff role bookings-desk -p member_bookings -p participant_bookings
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        save_role(
            session,
            rt.declaration,
            name=name,
            purposes=purpose or [],
            requests=requests,
            admin=admin,
            at=rt.clock.now(),
        )
    out.print(f"role {name}: {', '.join(purpose or []) or 'no purposes'}")


@staff_app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The staff member's sign-in name.")],
    role: Annotated[str, typer.Option("--role", "-r", help="The role (`ombud staff role`).")],
    totp: Annotated[bool, typer.Option(help="Require a TOTP code at sign-in.")] = False,
) -> None:
    """Create an account; its password (and TOTP set-up address) is printed once.

    Example: ombud staff add karin --role bookings-desk --totp
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        made = add_staff(session, name=name, role=role, at=rt.clock.now(), with_totp=totp)
    out.print(f"password: {made.password}")
    if made.totp_secret:
        issuer = rt.declaration.controller.name
        uri = provisioning_uri(made.totp_secret, account=name, issuer=issuer)
        out.print(f"totp: {uri}", markup=False)


@staff_app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List staff accounts: name, role, TOTP, when disabled.

    Example: ombud staff list --json
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        rows = list_staff(session)
    if as_json:
        body = [
            {"name": n, "role": r, "totp": t, "disabled_at": d.isoformat() if d else None}
            for n, r, t, d in rows
        ]
        out.print(json.dumps(body), markup=False)
        return
    table = Table("name", "role", "totp", "disabled")
    for name, role, totp, disabled in rows:
        table.add_row(name, role, "yes" if totp else "", f"{disabled:%Y-%m-%d}" if disabled else "")
    out.print(table)


@staff_app.command("disable")
def disable_command(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The account's name.")]
) -> None:
    """Disable an account; it is signed out at its next request.

    Example: ombud staff disable karin
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        disable_staff(session, name=name, at=rt.clock.now())
    out.print(f"disabled {name}")
