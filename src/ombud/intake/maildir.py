"""The e-mail intake: screen every message in a Maildir's `new/` and empty the spool.

Each message is received in its own transaction. Once that commits, the message
file is deleted, whatever the decision: allowed content now lives in the register
under its purpose, and a rejected message must not be kept at all ("tas det
omedelbart bort och inget av det sparas"). Only a message that cannot be read, or
that a rule refuses, stays in `new/` for a person to handle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ombud.errors import NotFound, OmbudError
from ombud.intake.messages import parse_message
from ombud.intake.model import IntakeOutcome
from ombud.intake.service import channel_of, receive
from ombud.register.service import Context
from ombud.rights.mail import Mailer


@dataclass(frozen=True)
class MaildirRun:
    """What one pass over the spool did: outcomes, and the messages left for a person."""

    outcomes: tuple[IntakeOutcome, ...]
    left: tuple[tuple[str, str], ...]  # (file name, why it was left)


def read_maildir(
    sessions: sessionmaker[Session],
    ctx: Context,
    *,
    path: Path,
    channel: str,
    mailer: Mailer,
    actor: str,
) -> MaildirRun:
    """Receive each message of `path/new` through `channel`; delete each one received."""
    channel_of(ctx.declaration, channel)
    spool = path / "new"
    if not spool.is_dir():
        raise NotFound(f"{path}: not a Maildir (no new/ folder)")
    outcomes: list[IntakeOutcome] = []
    left: list[tuple[str, str]] = []
    for message in sorted(p for p in spool.iterdir() if p.is_file()):
        mail = parse_message(message.read_bytes())
        if mail is None:
            left.append((message.name, "no sender address or no text"))
            continue
        try:
            with sessions.begin() as session:
                outcome = receive(
                    session,
                    ctx,
                    channel=channel,
                    sender=mail.sender,
                    text=mail.text,
                    lang=mail.lang,
                    mailer=mailer,
                    actor=actor,
                )
        except OmbudError as exc:
            left.append((message.name, str(exc)))
            continue
        message.unlink()
        outcomes.append(outcome)
    return MaildirRun(tuple(outcomes), tuple(left))
