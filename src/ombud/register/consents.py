"""The consent ledger (Art. 7): proof of each consent, withdrawal per purpose, history kept.

A consent points at the exact words consented to, versioned by their SHA-256. A
withdrawal sets `withdrawn_at` once and never deletes; consenting again adds a row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from ombud.errors import Refused
from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.expiries import recompute_expiries
from ombud.register.service import Context, SubjectRef, purpose_of
from ombud.store.tables import bases, consent_texts, consents, events

CONSENT_WITHDRAWN = "consent_withdrawn"  # the event rules may count from (`until:`)


@dataclass(frozen=True)
class ConsentReceipt:
    """Proof of a consent: which purpose, which exact text (by hash), when and how."""

    purpose: str
    text_hash: str
    explicit: bool


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def give_consent(
    session: Session,
    ctx: Context,
    *,
    subject: SubjectRef,
    purpose: str,
    lang: str,
    method: str,
    actor: str,
    evidence: str | None = None,
) -> ConsentReceipt:
    """Record that the subject consented to the purpose's declared text in `lang`."""
    declared = purpose_of(ctx.declaration, purpose)
    if declared.consent is None:
        raise Refused("consent", f"purpose {purpose!r} declares no consent text to consent to")
    if lang not in ("sv", "en"):
        raise Refused("consent", f"lang: got {lang!r}; expected 'sv' or 'en'")
    words = declared.consent.text[lang]
    digest = text_hash(words)
    now = ctx.clock.now()
    known = session.execute(
        select(consent_texts.c.hash).where(consent_texts.c.hash == digest)
    ).first()
    if known is None:
        session.execute(
            insert(consent_texts).values(
                hash=digest, purpose=purpose, lang=lang, text=words, created_at=now
            )
        )
    session.execute(
        insert(consents).values(
            subject_id=subject.id,
            purpose=purpose,
            text_hash=digest,
            given_at=now,
            method=method,
            evidence=evidence,
            explicit=declared.consent.explicit,
        )
    )
    audit.append(
        session,
        audit.ConsentGiven(text_hash=digest, method=method, explicit=declared.consent.explicit),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
        purpose=purpose,
    )
    return ConsentReceipt(purpose, digest, declared.consent.explicit)


def withdraw_consent(
    session: Session, ctx: Context, *, subject: SubjectRef, purpose: str, actor: str
) -> int:
    """Withdraw the subject's live consents for `purpose` (Art. 7(3)); return how many.

    The bases resting on consent for that purpose are marked withdrawn and expire at
    once; the `consent_withdrawn` event recomputes expiries of rules that end on it.
    """
    declared = purpose_of(ctx.declaration, purpose)
    now = ctx.clock.now()
    withdrawn: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(consents)
        .where(
            consents.c.subject_id == subject.id,
            consents.c.purpose == purpose,
            consents.c.withdrawn_at.is_(None),
        )
        .values(withdrawn_at=now)
    )
    bases_withdrawn = 0
    if declared.consent is not None:
        result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(bases)
            .where(
                bases.c.subject_id == subject.id,
                bases.c.purpose == purpose,
                bases.c.status == "active",
            )
            # Art. 17(1)(b): nothing else justifies keeping it for this purpose, so the
            # basis expires now and the next purge removes what no other basis holds.
            .values(status="withdrawn", expires_at=now, updated_at=now)
        )
        bases_withdrawn = result.rowcount
    session.execute(insert(events).values(subject_id=subject.id, name=CONSENT_WITHDRAWN, at=now))
    recompute_expiries(session, ctx.declaration, subject.id, CONSENT_WITHDRAWN, now)
    audit.append(
        session,
        audit.ConsentWithdrawn(bases_withdrawn=bases_withdrawn),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
        purpose=purpose,
    )
    return withdrawn.rowcount
