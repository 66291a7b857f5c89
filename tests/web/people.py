"""People in the test register, collected through the services as a booking system would."""

from ombud.protect import IdentifierKind
from ombud.register.consents import give_consent
from ombud.register.service import SubjectRef, collect, register_subject


def member(store, ctx, email: str, name: str, *, newsletter: bool = True) -> SubjectRef:
    """A member with a name and address, and (by default) the newsletter's consent."""
    subject = register_subject(
        store.session, ctx, kind="member", identifiers={IdentifierKind.EMAIL: email}, actor="test"
    )
    values = {"user.name": name, "user.contact.email": email}
    collect(store.session, ctx, subject=subject, purpose="membership", values=values, actor="test")
    if newsletter:
        give_consent(
            store.session,
            ctx,
            subject=subject,
            purpose="newsletter",
            lang="sv",
            method="web_form",
            actor="test",
        )
        collect(
            store.session,
            ctx,
            subject=subject,
            purpose="newsletter",
            values={"user.contact.email": email},
            actor="test",
        )
    return subject
