"""A subject's data as the rights use cases need it: the cipher, values, identifiers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ombud.protect import IdentifierKind, ValueCipher, record_aad, unwrap
from ombud.protect.model import Ciphertext, WrappedKey
from ombud.register.rules import identifier_kind
from ombud.register.service import Context, SubjectRef
from ombud.rights.model import RecordHolding
from ombud.store.tables import subjects


def cipher_for(session: Session, ctx: Context, subject: SubjectRef) -> ValueCipher | None:
    """The subject's value cipher; None once their data key is destroyed."""
    wrapped = session.execute(
        select(subjects.c.wrapped_key).where(subjects.c.id == subject.id)
    ).scalar_one_or_none()
    if wrapped is None:
        return None
    return ValueCipher(unwrap(ctx.keyring, WrappedKey(wrapped), subject.public_id))


def decrypt(
    cipher: ValueCipher, subject: SubjectRef, holdings: Sequence[RecordHolding]
) -> dict[int, str]:
    """Record id → plaintext for every record given."""
    return {
        r.id: cipher.decrypt(Ciphertext(r.value), aad=record_aad(subject.public_id, r.category))
        for r in holdings
    }


def identifiers_of(
    holdings: Sequence[RecordHolding], values: dict[int, str]
) -> list[tuple[IdentifierKind, str]]:
    """The subject's identifiers (e-mail, phone, personnummer) found among their records."""
    found = []
    for r in holdings:
        kind = identifier_kind(r.category)
        if kind is not None:
            found.append((kind, values[r.id]))
    return found
