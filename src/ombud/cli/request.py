"""Commands on data subject requests: new, list, show, verify, run, extend."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ombud.cli.app import EXIT_FINDINGS, app, runtime
from ombud.rights.mail import SmtpMailer
from ombud.rights.model import Request, RequestType
from ombud.rights.report import report_json
from ombud.rights.service import (
    extend_request,
    list_requests,
    new_request,
    run_request,
    show_request,
    verify_request,
)

out = Console(highlight=False, soft_wrap=True)
request_app = typer.Typer(name="request", help="Data subject requests.", no_args_is_help=True)
app.add_typer(request_app)
Actor = Annotated[str, typer.Option("--actor", help="Who acts, for the audit trail.")]
RequestArg = Annotated[str, typer.Argument(help="The request's id.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _as_dict(request: Request) -> dict[str, object]:
    shown = asdict(request)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in shown.items()}


@request_app.command("new")
def new_command(
    ctx: typer.Context,
    type: Annotated[RequestType, typer.Option("--type", help="What the person asks for.")],
    email: Annotated[str, typer.Option(help="The person's e-mail address; the code goes there.")],
    purpose: Annotated[str | None, typer.Option(help="The purpose it is about.")] = None,
    lang: Annotated[str, typer.Option(help="sv or en.")] = "sv",
    value: Annotated[
        list[str] | None, typer.Option("--value", help="category=value (rectification).")
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Record a request, compute its deadline and mail the person a code.

    Example: ombud request new --type access --email anna@example.se
    """
    rt = runtime(ctx)
    detail = dict(v.split("=", 1) for v in value or [])
    with rt.transaction() as session:
        request = new_request(
            session,
            rt.context,
            type=type,
            email=email,
            mailer=SmtpMailer(rt.settings),
            actor=actor,
            lang=lang,
            purpose=purpose,
            detail=detail or None,
        )
    out.print(f"{request.id} received, due {request.due_on}; a code was mailed")


@request_app.command("list")
def list_command(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Only those due within a week.")] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past due.")] = False,
    as_json: AsJson = False,
) -> None:
    """List open requests, soonest deadline first.

    Example: ombud request list --overdue
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        found = list_requests(session, today=rt.clock.now().date(), due=due, overdue=overdue)
    if as_json:
        out.print_json(json.dumps([_as_dict(r) for r in found]))
        return
    table = Table("id", "type", "status", "received", "deadline")
    for r in found:
        table.add_row(r.id, r.type, r.status, r.received_at.date().isoformat(), str(r.deadline))
    out.print(table)


@request_app.command("show")
def show_command(ctx: typer.Context, request_id: RequestArg, as_json: AsJson = False) -> None:
    """Show one request: status, deadline, extension, outcome.

    Example: ombud request show 3q2mXy0Vb9cF4kR1sTn8uA
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        request = show_request(session, request_id)
    if as_json:
        out.print_json(json.dumps(_as_dict(request)))
        return
    for key, shown in _as_dict(request).items():
        out.print(f"{key}: {shown}")


@request_app.command("verify")
def verify_command(
    ctx: typer.Context,
    request_id: RequestArg,
    code: Annotated[str, typer.Option(help="The code from the e-mail.")],
    actor: Actor = "cli",
) -> None:
    """Verify the person with the code they were mailed.

    Example: ombud request verify 3q2mXy0Vb9cF4kR1sTn8uA --code 12345678
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        answer = verify_request(session, rt.context, request_id=request_id, code=code, actor=actor)
    if answer.refused:
        typer.echo(f"error: {answer.refused}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    out.print(f"{request_id} verified")


@request_app.command("run")
def run_command(
    ctx: typer.Context,
    request_id: RequestArg,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Folder for the report or export.")
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Carry out a verified request, mail the person, and print what was done.

    Example: ombud request run 3q2mXy0Vb9cF4kR1sTn8uA --out answers/
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        outcome = run_request(
            session, rt.context, request_id=request_id, mailer=SmtpMailer(rt.settings), actor=actor
        )
    out.print(outcome.summary)
    for notice in outcome.notify:
        out.print(f"notify (Art. 19): {notice.name} [{notice.kind}]")
    if out_dir is not None and outcome.artifact is not None and outcome.artifact_name:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / outcome.artifact_name).write_bytes(outcome.artifact)
        if outcome.report is not None:
            (out_dir / "access-report.json").write_text(report_json(outcome.report))
        out.print(f"wrote {out_dir / outcome.artifact_name}")


@request_app.command("extend")
def extend_command(
    ctx: typer.Context,
    request_id: RequestArg,
    months: Annotated[int, typer.Option(help="1 or 2 further months.")],
    reason: Annotated[str, typer.Option(help="Why; the person is told.")],
    actor: Actor = "cli",
) -> None:
    """Extend the deadline by one or two months and tell the person why (Art. 12(3)).

    Example: ombud request extend 3q2mXy0Vb9cF4kR1sTn8uA --months 2 --reason "Många begäranden"
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        request = extend_request(
            session,
            rt.context,
            request_id=request_id,
            months=months,
            reason=reason,
            mailer=SmtpMailer(rt.settings),
            actor=actor,
        )
    out.print(f"{request.id} now due {request.deadline}; the person was told")
