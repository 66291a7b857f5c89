"""Commands on the register: subjects, collecting, events, consents, the gate, the audit trail."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from ombud.cli.app import EXIT_FINDINGS, EXIT_USAGE, app, runtime
from ombud.declaration.model import SourceKind
from ombud.errors import NotFound
from ombud.protect import IdentifierKind, generate_key_file
from ombud.register import Use
from ombud.register import audit as audit_trail
from ombud.register.consents import give_consent, withdraw_consent
from ombud.register.service import (
    Context,
    SubjectRef,
    audience,
    collect,
    decide,
    find_subject,
    record_event,
    register_subject,
    subject_ref,
)

out = Console(highlight=False, soft_wrap=True)
Actor = Annotated[str, typer.Option("--actor", help="Who acts, for the audit trail.")]
Purpose = Annotated[str, typer.Option("--purpose", "-p", help="A purpose of the declaration.")]
SubjectArg = Annotated[
    str, typer.Argument(help="The subject: public id, e-mail, phone or personnummer.")
]

keys_app = typer.Typer(name="keys", help="The keys that protect the store.", no_args_is_help=True)
consent_app = typer.Typer(name="consent", help="The consent ledger.", no_args_is_help=True)
audit_app = typer.Typer(name="audit", help="The hash-chained audit trail.", no_args_is_help=True)
for sub in (keys_app, consent_app, audit_app):
    app.add_typer(sub)


def _identifier_kind(text: str) -> IdentifierKind | None:
    if "@" in text:
        return IdentifierKind.EMAIL
    digits = text.replace("-", "").replace("+", "").replace(" ", "")
    # A public id may start with 0 too (1 in 64): a phone number is digits throughout.
    if (text.startswith("+") or text.startswith("0")) and digits.isdigit():
        return IdentifierKind.PHONE
    if digits.isdigit() and len(digits) in (10, 12):
        return IdentifierKind.PERSONNUMMER
    return None


def resolve_subject(session: Session, ctx: Context, text: str) -> SubjectRef:
    """The subject named by a public id or one of their identifiers."""
    kind = _identifier_kind(text)
    if kind is None:
        return subject_ref(session, text)
    found = find_subject(session, ctx, kind=kind, value=text)
    if found is None:
        raise NotFound(f"no subject with that {kind.value}")
    return found


@keys_app.command("init")
def keys_init(ctx: typer.Context) -> None:
    """Create the key file (master key and blind-index key), readable by its owner only.

    Example: ombud keys init
    """
    settings = runtime(ctx).settings
    path = settings.resolved_key_file
    if path.exists():
        typer.echo(f"error: {path} exists; Ombud never overwrites a key file", err=True)
        raise typer.Exit(EXIT_USAGE)
    path.parent.mkdir(parents=True, exist_ok=True)
    generate_key_file(path)
    out.print(f"wrote {path} (mode 0600); keep a copy apart from the database backups")


@app.command("subject")
def subject_command(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option(help="A subject kind of the declaration.")],
    email: Annotated[str | None, typer.Option(help="E-mail address.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number.")] = None,
    personnummer: Annotated[str | None, typer.Option(help="Personnummer.")] = None,
    actor: Actor = "cli",
) -> None:
    """Find a subject by their identifiers, or register them; prints the public id.

    Example: ombud subject --kind member --email anna@example.se
    """
    given = {IdentifierKind.EMAIL: email, IdentifierKind.PHONE: phone}
    given[IdentifierKind.PERSONNUMMER] = personnummer
    identifiers = {k: v for k, v in given.items() if v}
    if not identifiers:
        typer.echo("error: give at least one of --email, --phone, --personnummer", err=True)
        raise typer.Exit(EXIT_USAGE)
    rt = runtime(ctx)
    with rt.transaction() as session:
        ref = register_subject(session, rt.context, kind=kind, identifiers=identifiers, actor=actor)
    out.print(ref.public_id)


@app.command("collect")
def collect_command(
    ctx: typer.Context,
    subject: SubjectArg,
    values: Annotated[list[str], typer.Argument(help="category=value pairs.")],
    purpose: Purpose,
    source: Annotated[SourceKind, typer.Option(help="Where the data comes from.")] = (
        SourceKind.subject
    ),
    source_name: Annotated[str | None, typer.Option(help="The third party's name.")] = None,
    actor: Actor = "cli",
) -> None:
    """Store values for a purpose; refused unless the declaration allows it.

    Example: ombud collect anna@example.se user.name="Anna Svensson" -p membership
    """
    pairs: dict[str, str] = {}
    for item in values:
        category, sep, value = item.partition("=")
        if not sep:
            typer.echo(f"error: VALUES: got {item!r}; expected category=value", err=True)
            raise typer.Exit(EXIT_USAGE)
        pairs[category] = value
    rt = runtime(ctx)
    with rt.transaction() as session:
        ref = resolve_subject(session, rt.context, subject)
        result = collect(
            session,
            rt.context,
            subject=ref,
            purpose=purpose,
            values=pairs,
            actor=actor,
            source=source,
            source_name=source_name,
        )
    out.print(f"{purpose}: {result.new_records} new record(s), {result.reused_records} reused")


@app.command("event")
def event_command(
    ctx: typer.Context,
    subject: SubjectArg,
    name: Annotated[str, typer.Argument(help="The event, e.g. membership_ended.")],
    at: Annotated[
        datetime | None, typer.Option(help="When it happened (ISO 8601); default now.")
    ] = None,
    actor: Actor = "cli",
) -> None:
    """Record an event; the expiries that count from it are recomputed.

    Example: ombud event anna@example.se membership_ended --at 2026-06-30T12:00:00+02:00
    """
    rt = runtime(ctx)
    when = at or rt.clock.now()
    if when.tzinfo is None:
        typer.echo(
            f"error: --at: got {when.isoformat()}; expected a time zone, e.g. +01:00", err=True
        )
        raise typer.Exit(EXIT_USAGE)
    with rt.transaction() as session:
        ref = resolve_subject(session, rt.context, subject)
        changed = record_event(session, rt.context, subject=ref, name=name, at=when, actor=actor)
    out.print(f"{name}: {changed} expiry(ies) recomputed")


@consent_app.command("give")
def consent_give(
    ctx: typer.Context,
    subject: SubjectArg,
    purpose: Purpose,
    method: Annotated[str, typer.Option(help="How it was given: web_form, paper, email …")],
    lang: Annotated[str, typer.Option(help="Language of the text consented to.")] = "sv",
    evidence: Annotated[str | None, typer.Option(help="Where the proof is kept.")] = None,
    actor: Actor = "cli",
) -> None:
    """Record a consent to the purpose's declared text (proof: when, how, which text).

    Example: ombud consent give anna@example.se -p newsletter --method paper
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        ref = resolve_subject(session, rt.context, subject)
        receipt = give_consent(
            session,
            rt.context,
            subject=ref,
            purpose=purpose,
            lang=lang,
            method=method,
            actor=actor,
            evidence=evidence,
        )
    out.print(f"{purpose}: consent recorded to text {receipt.text_hash[:12]}")


@consent_app.command("withdraw")
def consent_withdraw(
    ctx: typer.Context, subject: SubjectArg, purpose: Purpose, actor: Actor = "cli"
) -> None:
    """Withdraw the subject's consent for a purpose; use for it stops at once.

    Example: ombud consent withdraw anna@example.se -p newsletter
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        ref = resolve_subject(session, rt.context, subject)
        count = withdraw_consent(session, rt.context, subject=ref, purpose=purpose, actor=actor)
    out.print(f"{purpose}: {count} consent(s) withdrawn")


@app.command("decide")
def decide_command(
    ctx: typer.Context,
    subject: SubjectArg,
    purpose: Purpose,
    use: Annotated[Use, typer.Option(help="What the data would be used for.")] = Use.processing,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """May this subject's data be used for this purpose now? Exit 0 allowed, 1 denied.

    Example: ombud decide anna@example.se -p newsletter
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        ref = resolve_subject(session, rt.context, subject)
        decision = decide(session, rt.context, subject=ref, purpose=purpose, use=use)
    if as_json:
        body = {"purpose": purpose, "allowed": decision.allowed, "reason": decision.reason.value}
        out.print(json.dumps(body), markup=False)
    else:
        out.print(f"{purpose}: {'allowed' if decision.allowed else 'denied'} ({decision.reason})")
    if not decision.allowed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("audience")
def audience_command(
    ctx: typer.Context,
    purpose: Purpose,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Every subject whose data may be used for the purpose now (public ids), in one query.

    Example: ombud audience -p newsletter --json
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        ids = audience(session, rt.context, purpose=purpose)
    if as_json:
        out.print(json.dumps(ids), markup=False)
    else:
        for public_id in ids:
            out.print(public_id)


@audit_app.command("verify")
def audit_verify(ctx: typer.Context) -> None:
    """Walk the audit trail's hash chain; exit 1 naming each edited or deleted event.

    Example: ombud audit verify
    """
    rt = runtime(ctx)
    with rt.transaction() as session:
        result = audit_trail.verify(session)
    for problem in result.breaks:
        out.print(f"event {problem.id}: {problem.problem}")
    state = "intact" if result.intact else f"{len(result.breaks)} break(s)"
    out.print(f"{result.events} event(s), {state}; head {result.head}")
    if not result.intact:
        raise typer.Exit(EXIT_FINDINGS)
