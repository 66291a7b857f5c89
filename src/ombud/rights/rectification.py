"""Carry out a rectification or completion (GDPR Art. 16) and list whom to tell (Art. 19).

A corrected value replaces the old one in place: re-encrypted under the subject's
key, with a new value hash, and a new blind index where it is an identifier. The
previous value stays in the audit trail only as ciphertext under the subject's own
key (`audit.Rectified`), readable while the key lives, gone with it at erasure.
A category not held yet is completed by collecting it for the request's purpose.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from ombud.errors import RequestError
from ombud.protect import IdentifierKind, blind_index, normalise, pseudonym, record_aad
from ombud.protect.model import Ciphertext
from ombud.register import audit
from ombud.register.rules import identifier_kind
from ombud.register.service import Context, SubjectRef, collect, value_hash
from ombud.rights import queries
from ombud.rights.holdings import cipher_for
from ombud.rights.model import Outcome, RecordHolding, Request
from ombud.rights.recipients import recipients_to_notify
from ombud.rights.wording import NOTHING_HELD, RECTIFIED, text
from ombud.store.tables import records, subject_identifiers


def carry_out(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef | None,
    values: Mapping[str, str],
    actor: str,
) -> Outcome:
    """Correct each category held; complete each category not held, for the request's purpose."""
    if subject is None:
        return Outcome(summary=text(NOTHING_HELD, request.lang))
    holdings = queries.holdings(session, subject.id)
    corrected, completed = 0, 0
    purposes: set[str] = set()
    for category, raw in values.items():
        held = [r for r in holdings if r.category == category]
        if held:
            for record in held:
                _correct(session, ctx, request, subject, record, raw, actor)
                purposes.update(b.purpose for b in record.bases)
            corrected += len(held)
        else:
            _complete(session, ctx, request, subject, category, raw, actor)
            purposes.add(request.purpose or "")
            completed += 1
    return Outcome(
        summary=text(RECTIFIED, request.lang, corrected=corrected, completed=completed),
        done={"corrected": corrected, "completed": completed, "categories": sorted(values)},
        notify=recipients_to_notify(ctx.declaration, sorted(purposes)),
    )


def _correct(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    record: RecordHolding,
    raw: str,
    actor: str,
) -> None:
    cipher = cipher_for(session, ctx, subject)
    if cipher is None:
        raise RequestError("rectification: the subject's data key was destroyed")
    kind = identifier_kind(record.category)
    now = ctx.clock.now()
    value = normalise(kind, raw, today=now.date()) if kind else raw
    aad = record_aad(subject.public_id, record.category)
    if kind is not None:
        _replace_identifier(
            session, ctx, subject, kind, cipher.decrypt(Ciphertext(record.value), aad=aad), value
        )
    session.execute(
        update(records)
        .where(records.c.id == record.id)
        .values(
            value=cipher.encrypt(value, aad=aad),
            value_hash=value_hash(ctx.keyring, subject.public_id, record.category, value),
        )
    )
    audit.append(
        session,
        audit.Rectified(
            request=request.id,
            category=record.category,
            previous=base64.b64encode(record.value).decode("ascii"),
        ),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
    )


def _replace_identifier(
    session: Session, ctx: Context, subject: SubjectRef, kind: IdentifierKind, old: str, new: str
) -> None:
    session.execute(
        delete(subject_identifiers).where(
            subject_identifiers.c.subject_id == subject.id,
            subject_identifiers.c.kind == kind.value,
            subject_identifiers.c.blind_index == blind_index(ctx.keyring, kind, old),
        )
    )
    session.execute(
        subject_identifiers.insert().values(
            subject_id=subject.id, kind=kind.value, blind_index=blind_index(ctx.keyring, kind, new)
        )
    )


def _complete(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    category: str,
    raw: str,
    actor: str,
) -> None:
    if request.purpose is None:
        raise RequestError(
            f"completion of {category!r}: nothing held in it; name the purpose to complete "
            "it for (--purpose)"
        )
    collect(
        session, ctx, subject=subject, purpose=request.purpose, values={category: raw}, actor=actor
    )
    audit.append(
        session,
        audit.Rectified(request=request.id, category=category, previous=""),
        at=ctx.clock.now(),
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
        purpose=request.purpose,
    )
