"""`ombud intake`: screen incoming e-mail through a declared channel; list flagged texts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ombud.cli.app import EXIT_FINDINGS, app, runtime
from ombud.intake.maildir import read_maildir
from ombud.intake.service import list_flags
from ombud.rights.mail import SmtpMailer

out = Console(highlight=False, soft_wrap=True)
intake_app = typer.Typer(
    name="intake", help="Free text coming in: screened, routed or rejected.", no_args_is_help=True
)
app.add_typer(intake_app)

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@intake_app.command("maildir")
def maildir_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The Maildir; its new/ folder is read.")],
    channel: Annotated[
        str, typer.Option("--channel", "-c", help="The intake channel of the declaration.")
    ] = "email",
    actor: Annotated[str, typer.Option("--actor", help="Who acts, for the audit trail.")] = (
        "intake"
    ),
    as_json: AsJson = False,
) -> None:
    """Screen each message in PATH/new and apply the channel's rules; delete what was handled.

    Allowed content is stored under the channel's purpose; a rejected message is
    deleted at once, its sender answered, and only an audit line without content
    remains. Messages that cannot be read or are refused stay in new/ (exit 1).

    Example: ombud intake maildir /var/mail/dpo --channel email
    """
    rt = runtime(ctx)
    run = read_maildir(
        rt.sessions,
        rt.context,
        path=path,
        channel=channel,
        mailer=SmtpMailer(rt.settings),
        actor=actor,
    )
    if as_json:
        outcomes = [
            {
                "action": o.action.value,
                "counts": o.counts,
                "subject": o.subject,
                "flagged": o.flagged,
                "replied": o.replied,
            }
            for o in run.outcomes
        ]
        left = [{"file": name, "reason": why} for name, why in run.left]
        out.print_json(json.dumps({"received": outcomes, "left": left}))
    else:
        for outcome in run.outcomes:
            kinds = ", ".join(f"{k} ×{n}" for k, n in outcome.counts.items()) or "nothing found"
            out.print(f"{outcome.action.value}: {kinds}", markup=False)
        for name, why in run.left:
            out.print(f"left {name}: {why}", markup=False)
        out.print(f"{len(run.outcomes)} received, {len(run.left)} left in new/.")
    if run.left:
        raise typer.Exit(EXIT_FINDINGS)


@intake_app.command("flags")
def flags_command(
    ctx: typer.Context,
    since: Annotated[
        datetime | None, typer.Option("--since", help="Only flags from this time on.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """List the texts a `flag` rule stored for the data protection officer to look at.

    Example: ombud intake flags --json
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        found = list_flags(session, since=since)
    if as_json:
        rows = [
            {
                "id": f.id,
                "at": f.at.isoformat(),
                "channel": f.channel,
                "purpose": f.purpose,
                "subject": f.subject,
                "kinds": list(f.kinds),
            }
            for f in found
        ]
        out.print_json(json.dumps(rows))
        return
    table = Table("at", "channel", "purpose", "subject", "kinds")
    for f in found:
        table.add_row(f.at.isoformat(), f.channel, f.purpose, f.subject, ", ".join(f.kinds))
    out.print(table)
