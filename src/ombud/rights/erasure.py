"""Carry out an erasure request for one subject, in one transaction (GDPR Art. 17, 19).

The steps, in order, each named to `on_step` (a test seam for crashes):

1. `event`: record `erasure_requested`, so rules that keep data "until the person
   asks" end now, and recompute expiries;
2. `plan`: decide per record (`rights.plan.erasure_plan`);
3. `blocks`: a direct-marketing block survives as keyed hashes of the identifiers;
4. `hold`: move the categories a legal hold names to the segregated hold, ciphertext
   as is (its AAD binds it to the subject's public id and category);
5. `records`: delete erased and held records and every basis not keeping one;
6. `subject`: when nothing is kept in place, delete events, consents, entries and
   identifiers; when nothing is held either, delete the subject row and with it the
   wrapped data key, so no backup restored later can decrypt what it held;
7. `log`: counts per rule and category in the erasure log, the audit event.

All in the caller's transaction: a crash at any step leaves the subject as it was,
and running the request again completes it. Running it after completion finds
nothing left to do. These per-subject primitives should later be unified with the
purge's set-based ones (`retention/hold.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ombud.protect import marketing_block_hash, pseudonym
from ombud.register import audit
from ombud.register.expiries import recompute_expiries
from ombud.register.rules import identifier_kind
from ombud.register.service import Context, SubjectRef
from ombud.rights import queries
from ombud.rights.holdings import cipher_for, decrypt, identifiers_of
from ombud.rights.model import ErasurePlan, Outcome, PlanAction, PlanItem, RecordHolding, Request
from ombud.rights.plan import erasure_plan
from ombud.rights.recipients import recipients_to_notify
from ombud.rights.wording import ERASED, KEPT_IN_HOLD, KEPT_IN_PLACE, UNTIL_FURTHER_NOTICE, text
from ombud.store.tables import (
    bases,
    consents,
    entries,
    erasure_log,
    events,
    held_records,
    intake_flags,
    marketing_blocks,
    records,
    requests,
    subject_identifiers,
    subjects,
)

ERASURE_REQUESTED = "erasure_requested"  # the event rules may end on (`until:`)


def carry_out(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef | None,
    actor: str,
    on_step: Callable[[str], None],
) -> Outcome:
    """Erase what no Art. 17(3) ground keeps; hold or keep the rest and say why."""
    if subject is None:
        return Outcome(summary="nothing held under this address; nothing to erase")
    now = ctx.clock.now()
    session.execute(insert(events).values(subject_id=subject.id, name=ERASURE_REQUESTED, at=now))
    recompute_expiries(session, ctx.declaration, subject.id, ERASURE_REQUESTED, now)
    on_step("event")
    holdings = queries.holdings(session, subject.id)
    plan = erasure_plan(holdings, ctx.declaration, now=now)
    on_step("plan")
    _keep_marketing_block(session, ctx, subject, holdings)
    on_step("blocks")
    _move_to_hold(session, subject, holdings, plan, now)
    on_step("hold")
    _delete_records(session, subject, plan)
    on_step("records")
    key_destroyed = _delete_subject_if_empty(session, subject, plan)
    on_step("subject")
    _log(session, ctx, request, subject, plan, key_destroyed, actor)
    on_step("log")
    return _outcome(ctx, request.lang, holdings, plan, key_destroyed)


def _keep_marketing_block(
    session: Session, ctx: Context, subject: SubjectRef, holdings: Sequence[RecordHolding]
) -> None:
    blocked = session.execute(
        select(subjects.c.marketing_block).where(subjects.c.id == subject.id)
    ).scalar_one()
    if blocked:
        block_identifiers(session, ctx, subject, holdings)


def block_identifiers(
    session: Session, ctx: Context, subject: SubjectRef, holdings: Sequence[RecordHolding]
) -> int:
    """Store a marketing-block hash for each of the subject's identifiers (Art. 21(3))."""
    cipher = cipher_for(session, ctx, subject)
    if cipher is None:
        return 0
    identifying = [r for r in holdings if identifier_kind(r.category) is not None]
    values = decrypt(cipher, subject, identifying)
    now, added = ctx.clock.now(), 0
    for kind, value in identifiers_of(identifying, values):
        digest = marketing_block_hash(ctx.keyring, kind, value)
        known = session.execute(
            select(marketing_blocks.c.hash).where(marketing_blocks.c.hash == digest)
        ).first()
        if known is None:
            session.execute(insert(marketing_blocks).values(hash=digest, created_at=now))
            added += 1
    return added


def _move_to_hold(
    session: Session,
    subject: SubjectRef,
    holdings: Sequence[RecordHolding],
    plan: ErasurePlan,
    now: object,
) -> None:
    by_id = {r.id: r for r in holdings}
    rows = [
        {
            "subject_id": subject.id,
            "hold": (item.rule or "").removeprefix("hold:"),
            "category": item.category,
            "value": by_id[item.record_id].value,
            "expires_at": item.until,
            "moved_at": now,
            "law": item.law,
        }
        for item in plan.of(PlanAction.hold)
    ]
    if rows:
        session.execute(insert(held_records), rows)


def _delete_records(session: Session, subject: SubjectRef, plan: ErasurePlan) -> None:
    gone = [i.record_id for i in plan.items if i.action is not PlanAction.keep]
    for item in plan.of(PlanAction.keep):
        session.execute(
            delete(bases).where(
                bases.c.record_id == item.record_id, bases.c.purpose.not_in(item.keeping_purposes)
            )
        )
    if gone:
        session.execute(
            delete(bases).where(bases.c.subject_id == subject.id, bases.c.record_id.in_(gone))
        )
        session.execute(delete(records).where(records.c.id.in_(gone)))


def _delete_subject_if_empty(session: Session, subject: SubjectRef, plan: ErasurePlan) -> bool:
    if plan.of(PlanAction.keep):
        return False
    for table in (events, consents, subject_identifiers, intake_flags):
        session.execute(delete(table).where(table.c.subject_id == subject.id))
    session.execute(delete(entries).where(entries.c.subject_id == subject.id))
    still_held = session.execute(
        select(held_records.c.id).where(held_records.c.subject_id == subject.id).limit(1)
    ).first()
    if still_held is not None:
        return False
    session.execute(
        update(requests).where(requests.c.subject_id == subject.id).values(subject_id=None)
    )
    session.execute(delete(subjects).where(subjects.c.id == subject.id))
    return True


def _log(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    plan: ErasurePlan,
    key_destroyed: bool,
    actor: str,
) -> None:
    now = ctx.clock.now()
    counts = Counter((item.rule or "request", item.category) for item in plan.of(PlanAction.erase))
    counts.update((item.rule or "", item.category) for item in plan.of(PlanAction.hold))
    rows = [
        {
            "run_id": None,
            "kind": "erasure",
            "rule": rule,
            "category": category,
            "count": n,
            "at": now,
        }
        for (rule, category), n in sorted(counts.items())
    ]
    if rows:
        session.execute(insert(erasure_log), rows)
    audit.append(
        session,
        audit.Erased(
            request=request.id,
            erased=len(plan.of(PlanAction.erase)),
            held=len(plan.of(PlanAction.hold)),
            kept=len(plan.of(PlanAction.keep)),
            key_destroyed=key_destroyed,
        ),
        at=now,
        actor=actor,
        subject_ref=pseudonym(ctx.keyring, subject.public_id),
    )


def _kept(item: PlanItem) -> dict[str, object]:
    return {
        "category": item.category,
        "action": item.action.value,
        "rule": item.rule,
        "law": item.law,
        "until": item.until.date().isoformat() if item.until else None,
    }


def explain(plan: ErasurePlan, lang: str) -> str:
    """What was erased and what was kept, under which rule, until when, in plain words."""
    lines = [text(ERASED, lang, num=len(plan.of(PlanAction.erase)))]
    for item in plan.items:
        if item.action is PlanAction.erase:
            continue
        kept = KEPT_IN_HOLD if item.action is PlanAction.hold else KEPT_IN_PLACE
        until = item.until.date().isoformat() if item.until else text(UNTIL_FURTHER_NOTICE, lang)
        rule = item.law or item.rule or ""
        lines.append(text(kept, lang, category=item.category, rule=rule, until=until))
    return " ".join(lines)


def _outcome(
    ctx: Context,
    lang: str,
    holdings: Sequence[RecordHolding],
    plan: ErasurePlan,
    key_destroyed: bool,
) -> Outcome:
    changed = {i.record_id for i in plan.items if i.action is not PlanAction.keep}
    purposes = {b.purpose for r in holdings if r.id in changed for b in r.bases}
    kept = tuple(_kept(i) for i in plan.items if i.action is not PlanAction.erase)
    return Outcome(
        summary=explain(plan, lang),
        done={
            "erased": len(plan.of(PlanAction.erase)),
            "held": len(plan.of(PlanAction.hold)),
            "kept": len(plan.of(PlanAction.keep)),
            "key_destroyed": key_destroyed,
        },
        kept=kept,
        notify=recipients_to_notify(ctx.declaration, purposes),
    )
