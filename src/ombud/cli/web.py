"""Commands for the service: `ombud serve` and the API tokens other systems use."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ombud.access import create_token, list_tokens, revoke_token
from ombud.cli.app import app, runtime

out = Console(highlight=False, soft_wrap=True)
token_app = typer.Typer(
    name="token", help="API tokens for other systems, scoped to purposes.", no_args_is_help=True
)
app.add_typer(token_app)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="Demo mode: synthetic people, mail shown at /dev/outbox.")
    ] = False,
    purge_daily: Annotated[
        bool, typer.Option(help="Run the purge daily at OMBUD_PURGE_TIME in this process.")
    ] = True,
    workers: Annotated[
        int,
        typer.Option(min=1, help="Worker processes answering requests (about one per CPU core)."),
    ] = 1,
) -> None:
    """Start Ombud: the portal, the console, the policy page and the API.

    The schema is brought up to date first. In demo mode the first start fills the
    store with synthetic people and creates the admin `dpo`, printing its password.
    With --workers N, N processes share the port; the daily purge runs once, in the
    process that supervises them.

    Example: OMBUD_DECLARATION=examples/lean-forum/ombud.yaml ombud serve --workers 2
    """
    import os

    import uvicorn

    from ombud.cli.serving import DEMO_EMAIL, DEMO_STAFF, prepare_demo, start_purge_thread
    from ombud.web import create_app
    from ombud.web.app import WORKERS_VARIABLE
    from ombud.web.security import session_key

    rt = runtime(ctx)
    if demo:
        rt.settings = rt.settings.model_copy(update={"demo": True})
    rt.prepare(create_keys=True)
    rt.context  # noqa: B018  (fail now, not on the first request, if declaration or keys are bad)
    session_key(rt.settings)  # created here once, before workers could race to create it
    base = f"http://{host}:{port}"
    out.print(f"Ombud for {rt.declaration.controller.name} on {base}/")
    out.print(f"  portal:  {base}/portal/    policy: {base}/policy")
    out.print(f"  console: {base}/console/")
    if rt.settings.demo:
        password = prepare_demo(rt)
        out.print(f"  demo: sign in to the portal as {DEMO_EMAIL}; codes at {base}/dev/outbox")
        out.print(f"  demo: console user {DEMO_STAFF}, password {password}")
    stop = start_purge_thread(rt) if purge_daily else None
    try:
        if workers == 1:
            uvicorn.run(create_app(rt), host=host, port=port, log_level="warning", access_log=False)
        else:
            # uvicorn spawns fresh worker processes, which import the app by name and
            # build it from the environment: hand them these settings that way.
            os.environ.update(rt.settings.as_environment())
            os.environ[WORKERS_VARIABLE] = str(workers)
            uvicorn.run(
                "ombud.web.app:app_from_environment",
                factory=True,
                workers=workers,
                host=host,
                port=port,
                log_level="warning",
                access_log=False,
            )
    finally:
        if stop is not None:
            stop.set()


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name for the system using it.")],
    purpose: Annotated[
        list[str] | None,
        typer.Option("--purpose", "-p", help="A purpose it may act for; '*' for all."),
    ] = None,
    requests: Annotated[
        bool, typer.Option("--requests", help="It may also list data subject requests.")
    ] = False,
) -> None:
    """Create a token for a system; it is printed once and never shown again.

    Example: ombud token create booking -p member_bookings -p participant_bookings
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        token = create_token(
            session,
            rt.declaration,
            name=name,
            purposes=purpose or [],
            at=rt.clock.now(),
            requests=requests,
        )
    out.print(token)


@token_app.command("list")
def token_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List tokens: name, purposes, when created and revoked (never the token itself).

    Example: ombud token list
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        rows = list_tokens(session)
    if as_json:
        body = [
            {
                "name": n,
                "purposes": p,
                "created_at": c.isoformat(),
                "revoked_at": r.isoformat() if r else None,
                "requests": q,
            }
            for n, p, c, r, q in rows
        ]
        out.print(json.dumps(body), markup=False)
        return
    table = Table("name", "purposes", "created", "revoked")
    for name, purposes, created, revoked, requests in rows:
        table.add_row(
            name,
            ", ".join(purposes + (["requests"] if requests else [])),
            f"{created:%Y-%m-%d}",
            f"{revoked:%Y-%m-%d}" if revoked else "",
        )
    out.print(table)


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="The token's name.")]
) -> None:
    """Revoke a token; running servers refuse it within 5 seconds.

    Example: ombud token revoke booking
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        revoke_token(session, name=name, at=rt.clock.now())
    out.print(f"revoked {name}")
