"""Receive one text through a declared channel: screen it, then store, flag or reject it.

Works inside the caller's transaction. A rejected text leaves nothing but an audit
event with the kinds found and their counts (no content, no sender) and a reply to
the sender; an accepted one is collected through the register, under the channel's
purpose, so invariant 1 and the purpose's retention hold for it as for any record.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

from sqlalchemy.orm import Session

from ombud.declaration.model import Channel, Declaration, IntakeAction
from ombud.errors import InvalidValue, NotFound, OmbudError, Refused
from ombud.intake import queries
from ombud.intake.catalog import rejection
from ombud.intake.images import as_data_uri, stripped
from ombud.intake.model import IntakeDecision, IntakeFlag, IntakeOutcome, StoredImage
from ombud.intake.rules import decide_intake
from ombud.protect import IdentifierKind, pseudonym
from ombud.register import audit
from ombud.register.service import Context, SubjectRef, collect, purpose_of, register_subject
from ombud.rights.mail import Mail, Mailer

_EMAIL_CATEGORY = "user.contact.email"
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # what a browser shows; others are refused


def channel_of(declaration: Declaration, key: str) -> Channel:
    """The declared intake channel `key`, or NotFound naming the declared ones."""
    try:
        return declaration.intake[key]
    except KeyError:
        declared = ", ".join(sorted(declaration.intake)) or "none"
        raise NotFound(f"intake channel {key!r} is not declared; declared: {declared}") from None


def receive(
    session: Session,
    ctx: Context,
    *,
    channel: str,
    sender: str,
    text: str,
    lang: str,
    mailer: Mailer,
    actor: str,
    entry: int | None = None,
) -> IntakeOutcome:
    """Screen `text` from `sender` (an e-mail address) and apply the channel's rules.

    `entry` is the booking (or other entry) a booking field belongs to; a text kept
    `store_in_entry_only` needs it, and is then collected as a record of that entry,
    so its retention is the entry's and the purge takes it with the entry.
    """
    declared = channel_of(ctx.declaration, channel)
    if not text.strip():
        raise Refused("intake", f"channel {channel!r}: the text is empty; nothing to receive")
    decision = decide_intake(declared, text)
    if decision.action is IntakeAction.reject:
        return _reject(session, ctx, channel, declared, decision, sender, lang, mailer, actor)
    return _store(session, ctx, channel, declared, decision, sender, entry, actor)


def _reject(
    session: Session,
    ctx: Context,
    channel: str,
    declared: Channel,
    decision: IntakeDecision,
    sender: str,
    lang: str,
    mailer: Mailer,
    actor: str,
) -> IntakeOutcome:
    subject, body = rejection(declared.reply, lang, controller=ctx.declaration.controller.name)
    try:
        mailer.send(Mail(to=sender, subject=subject, body=body))
        replied = True
    except OmbudError:
        # The text goes whether or not the reply gets through: keeping it to retry
        # the reply would keep exactly what the policy says is deleted at once.
        replied = False
    counts = decision.counts()
    audit.append(
        session,
        audit.IntakeRejected(channel=channel, kinds=tuple(counts), counts=counts, replied=replied),
        at=ctx.clock.now(),
        actor=actor,
        purpose=declared.purpose,
    )
    return IntakeOutcome(channel, decision.action, counts, replied=replied, reply=(subject, body))


def _store(
    session: Session,
    ctx: Context,
    channel: str,
    declared: Channel,
    decision: IntakeDecision,
    sender: str,
    entry: int | None,
    actor: str,
) -> IntakeOutcome:
    in_entry = decision.action is IntakeAction.store_in_entry_only
    if in_entry and entry is None:
        raise Refused(
            "store_in_entry_only",
            f"channel {channel!r} keeps this text only inside its entry (a booking); "
            "name the entry it belongs to",
        )
    ref = _sender(session, ctx, declared, sender=sender, entry=entry, actor=actor)
    values = {declared.category: decision.text}
    if not in_entry and _EMAIL_CATEGORY in purpose_of(ctx.declaration, declared.purpose).categories:
        values[_EMAIL_CATEGORY] = sender
    collected = collect(
        session,
        ctx,
        subject=ref,
        purpose=declared.purpose,
        values=values,
        actor=actor,
        entry=entry,
    )
    flagged = decision.flagged or decision.action is IntakeAction.flag
    if flagged:
        _flag(session, ctx, channel, declared, decision, ref.id, ref.public_id, actor)
    return IntakeOutcome(
        channel,
        decision.action,
        decision.counts(),
        subject=ref.public_id,
        entry=entry,
        new_records=collected.new_records,
        flagged=flagged,
    )


def _flag(
    session: Session,
    ctx: Context,
    channel: str,
    declared: Channel,
    decision: IntakeDecision,
    subject_id: int,
    public_id: str,
    actor: str,
) -> None:
    kinds = tuple(decision.counts())
    now = ctx.clock.now()
    queries.add_flag(
        session,
        subject_id=subject_id,
        channel=channel,
        purpose=declared.purpose,
        kinds=kinds,
        at=now,
    )
    audit.append(
        session,
        audit.IntakeFlagged(channel=channel, kinds=kinds),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, public_id),
        purpose=declared.purpose,
    )


def list_flags(
    session: Session,
    *,
    since: datetime | None = None,
    purposes: Collection[str] | None = None,
    reviewed: bool | None = None,
    after: int | None = None,
    limit: int | None = None,
) -> list[IntakeFlag]:
    """The texts flagged at intake, oldest first, for the data protection officer.

    `purposes` limits them to a staff role's purposes (None: every purpose).
    """
    return queries.flags(
        session, since=since, purposes=purposes, reviewed=reviewed, after=after, limit=limit
    )


def review_flag(
    session: Session,
    ctx: Context,
    *,
    flag_id: int,
    may_read: Callable[[str], bool],
    actor: str,
) -> IntakeFlag:
    """Mark a flag reviewed (audited); NotFound unless it exists and `may_read` its purpose.

    A flag of a purpose the reviewer may not read is answered as one that does not
    exist: its existence says something about a person.
    """
    found = queries.flag(session, flag_id)
    if found is None or not may_read(found.purpose):
        raise NotFound(f"no flag with id {flag_id}")
    if found.reviewed_at is not None:
        return found
    now = ctx.clock.now()
    queries.mark_reviewed(session, flag_id, by=actor, at=now)
    audit.append(
        session,
        audit.IntakeFlagReviewed(flag=flag_id, channel=found.channel),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, found.subject),
        purpose=found.purpose,
    )
    reviewed = queries.flag(session, flag_id)
    assert reviewed is not None
    return reviewed


def receive_image(
    session: Session,
    ctx: Context,
    *,
    channel: str,
    sender: str,
    image: bytes,
    actor: str,
    entry: int | None = None,
) -> StoredImage:
    """Store an image uploaded through `channel` by `sender`, its metadata removed first.

    The channel must declare `images:`, the category it is stored as; the image is
    re-encoded from its pixels (no GPS, camera or time) and collected through the
    register under the channel's purpose, so its retention and the purge apply.
    """
    declared = channel_of(ctx.declaration, channel)
    if declared.images is None:
        raise Refused(
            "intake",
            f"channel {channel!r} takes no images; declare `images:` (a category) to allow them",
        )
    clean, image_format = stripped(image)
    if image_format not in IMAGE_FORMATS:
        raise InvalidValue("image", image_format, ", ".join(IMAGE_FORMATS))
    if declared.default is IntakeAction.store_in_entry_only and entry is None:
        raise Refused(
            "store_in_entry_only",
            f"channel {channel!r} keeps what it receives only inside its entry; name the entry",
        )
    ref = _sender(session, ctx, declared, sender=sender, entry=entry, actor=actor)
    collected = collect(
        session,
        ctx,
        subject=ref,
        purpose=declared.purpose,
        values={declared.images: as_data_uri(clean, image_format)},
        actor=actor,
        entry=entry,
    )
    return StoredImage(
        channel, ref.public_id, declared.images, image_format, len(clean), collected.new_records
    )


def _sender(
    session: Session, ctx: Context, declared: Channel, *, sender: str, entry: int | None, actor: str
) -> SubjectRef:
    """The sender as a subject of the channel's kind; the entry, if named, must be theirs."""
    owner = queries.entry_subject(session, entry) if entry is not None else None
    if entry is not None and owner is None:
        raise NotFound(f"no entry with id {entry}")
    ref = register_subject(
        session,
        ctx,
        kind=declared.subject_kind,
        identifiers={IdentifierKind.EMAIL: sender},
        actor=actor,
    )
    if owner is not None and owner != ref.id:
        raise Refused("entry", f"entry {entry} belongs to someone other than the sender")
    return ref
