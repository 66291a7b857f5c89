"""Signing a person in to the portal with a one-time code sent to their e-mail address.

Every address gets the same answer and a code, whether or not it is in the register
(no enumeration): only after the person proves they control the mailbox does the
portal look them up, and only they see the result. Codes are 8 digits, kept as
argon2 hashes, valid 15 minutes for 5 attempts; at most 3 are sent to one address in
15 minutes (Art. 32: access must not be guessable, nor a mailbox flooded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ombud.protect import IdentifierKind, blind_index, normalise
from ombud.register.service import Context, find_subject
from ombud.render.catalog import N_, Lang, translations
from ombud.rights.mail import Mail, Mailer
from ombud.rights.verification import CODE_VALIDITY, MAX_ATTEMPTS, new_code
from ombud.store.tables import sign_in_codes

WINDOW = timedelta(minutes=15)
MAX_CODES_PER_WINDOW = 3
_hasher = PasswordHasher()

SUBJECT = N_("Your sign-in code for %(controller)s")
BODY = N_(
    "Your code to sign in to %(controller)s's privacy portal is %(code)s.\n\n"
    "It is valid for %(minutes)d minutes. If you did not ask for it, ignore this message."
)


@dataclass(frozen=True)
class SignIn:
    """The answer to a code: the subject's public id (None: nothing held), or why not."""

    subject: str | None = None
    email: str | None = None
    refused: str | None = None


def _index(ctx: Context, email: str) -> tuple[str, bytes]:
    address = normalise(IdentifierKind.EMAIL, email, today=ctx.clock.now().date())
    return address, blind_index(ctx.keyring, IdentifierKind.EMAIL, address)


def send_code(session: Session, ctx: Context, *, email: str, lang: Lang, mailer: Mailer) -> bool:
    """Mail a sign-in code to `email`; False (and no mail) when the address's limit is met."""
    address, index = _index(ctx, email)
    now = ctx.clock.now()
    sent = session.execute(
        select(func.count())
        .select_from(sign_in_codes)
        .where(sign_in_codes.c.contact_index == index, sign_in_codes.c.created_at > now - WINDOW)
    ).scalar_one()
    if sent >= MAX_CODES_PER_WINDOW:
        return False
    session.execute(
        update(sign_in_codes)
        .where(sign_in_codes.c.contact_index == index, sign_in_codes.c.used_at.is_(None))
        .values(used_at=now)
    )
    code = new_code()
    session.execute(
        insert(sign_in_codes).values(
            contact_index=index,
            code_hash=_hasher.hash(code),
            created_at=now,
            expires_at=now + CODE_VALIDITY,
        )
    )
    words = translations(lang)
    fields = {"controller": ctx.declaration.controller.name}
    minutes = int(CODE_VALIDITY.total_seconds() // 60)
    mailer.send(
        Mail(
            to=address,
            subject=words.gettext(SUBJECT) % fields,
            body=words.gettext(BODY) % {**fields, "code": code, "minutes": minutes},
        )
    )
    return True


def check_code(session: Session, ctx: Context, *, email: str, code: str) -> SignIn:
    """Accept the latest code for `email` once; then find the subject holding the address.

    Every attempt counts and is written before the answer, so the caller commits it.
    """
    address, index = _index(ctx, email)
    now = ctx.clock.now()
    row = session.execute(
        select(sign_in_codes)
        .where(sign_in_codes.c.contact_index == index, sign_in_codes.c.used_at.is_(None))
        .order_by(sign_in_codes.c.id.desc())
        .limit(1)
    ).first()
    if row is None or row.expires_at <= now:
        return SignIn(refused="expired")
    if row.attempts >= MAX_ATTEMPTS:
        return SignIn(refused="attempts")
    session.execute(
        update(sign_in_codes).where(sign_in_codes.c.id == row.id).values(attempts=row.attempts + 1)
    )
    if not _matches(row.code_hash, code.strip()):
        return SignIn(refused="wrong")
    session.execute(update(sign_in_codes).where(sign_in_codes.c.id == row.id).values(used_at=now))
    subject = find_subject(session, ctx, kind=IdentifierKind.EMAIL, value=address)
    return SignIn(subject=subject.public_id if subject else None, email=address)


def _matches(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False
