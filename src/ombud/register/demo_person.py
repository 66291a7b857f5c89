"""One known person for trying the portal: a name and an address held for the
declaration's contract purposes, its consent purposes (consent given) and its
direct marketing, collected through the services like any booking system would."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ombud.declaration.model import LegalBasis, Purpose
from ombud.protect import IdentifierKind
from ombud.register.consents import give_consent
from ombud.register.service import Context, SubjectRef, collect, find_subject, register_subject

NAME, EMAIL = "user.name", "user.contact.email"
ACTOR = "demo"


def _wanted(purpose: Purpose, kind: str) -> bool:
    if kind not in purpose.subject_kinds or EMAIL not in purpose.categories:
        return False
    if purpose.special_condition is not None:
        return False
    return (
        purpose.legal_basis is LegalBasis.contract
        or purpose.consent is not None
        or purpose.direct_marketing
    )


def demo_person(session: Session, ctx: Context, *, email: str, name: str) -> SubjectRef:
    """The person with `email`, created with their data on first call."""
    found = find_subject(session, ctx, kind=IdentifierKind.EMAIL, value=email)
    if found is not None:
        return found
    kind = (
        "member"
        if "member" in ctx.declaration.subject_kinds
        else min(ctx.declaration.subject_kinds)
    )
    subject = register_subject(
        session, ctx, kind=kind, identifiers={IdentifierKind.EMAIL: email}, actor=ACTOR
    )
    for key, purpose in ctx.declaration.purposes.items():
        if not _wanted(purpose, kind):
            continue
        if purpose.consent is not None:
            give_consent(
                session,
                ctx,
                subject=subject,
                purpose=key,
                lang="sv",
                method="web_form",
                actor=ACTOR,
            )
        values = {EMAIL: email} | ({NAME: name} if NAME in purpose.categories else {})
        collect(session, ctx, subject=subject, purpose=key, values=values, actor=ACTOR)
    return subject
