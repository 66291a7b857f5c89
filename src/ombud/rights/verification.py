"""One-time codes that verify who is asking (GDPR Art. 12(6)).

A code is 8 digits from `secrets`, stored only as an argon2 hash, valid for 15
minutes and for at most 5 attempts; a new code replaces the old one.

What a careful DPO decides about unknown addresses: every request gets the same
answer and a code, whether or not the address is in the register. Only after the
person proves they control the mailbox does the request look for them, and only
they learn the result (an access report that says "we hold nothing under this
address" is the Art. 15(1) confirmation). So neither the response nor the mail
reveals to a third party whether someone is in the register.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ombud.store.tables import verification_codes

CODE_DIGITS = 8
CODE_VALIDITY = timedelta(minutes=15)
MAX_ATTEMPTS = 5
PURPOSE = "request_verification"

_hasher = PasswordHasher()


def new_code() -> str:
    """A fresh code of `CODE_DIGITS` decimal digits, leading zeros kept."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def issue_code(session: Session, *, request_row: int, now: datetime) -> str:
    """Store a new code for the request (its hash only) and retire earlier ones."""
    session.execute(
        update(verification_codes)
        .where(
            verification_codes.c.request_id == request_row, verification_codes.c.used_at.is_(None)
        )
        .values(used_at=now)
    )
    code = new_code()
    session.execute(
        verification_codes.insert().values(
            request_id=request_row,
            purpose=PURPOSE,
            code_hash=_hasher.hash(code),
            expires_at=now + CODE_VALIDITY,
            attempts=0,
        )
    )
    return code


def check_code(session: Session, *, request_row: int, code: str, now: datetime) -> str | None:
    """Accept the code once (None), or say why not: expired, attempts used up, wrong.

    Every attempt counts, the right one included, and the count is written before the
    answer: the caller commits it even when it refuses, so guessing stays limited.
    """
    row = session.execute(
        select(verification_codes)
        .where(
            verification_codes.c.request_id == request_row, verification_codes.c.used_at.is_(None)
        )
        .order_by(verification_codes.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return "no valid code for this request; ask for a new one"
    if row.expires_at <= now:
        return "the code has expired (valid for 15 minutes); ask for a new one"
    if row.attempts >= MAX_ATTEMPTS:
        return f"all {MAX_ATTEMPTS} attempts are used; ask for a new code"
    session.execute(
        update(verification_codes)
        .where(verification_codes.c.id == row.id)
        .values(attempts=row.attempts + 1)
    )
    if not _matches(row.code_hash, code.strip()):
        return "the code does not match; check the code in the latest message"
    session.execute(
        update(verification_codes).where(verification_codes.c.id == row.id).values(used_at=now)
    )
    return None


def _matches(code_hash: str, code: str) -> bool:
    try:
        return _hasher.verify(code_hash, code)
    except (VerificationError, InvalidHashError):
        return False
