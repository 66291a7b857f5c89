"""Carry out an erasure request for one subject, in one transaction (GDPR Art. 17, 19).

The steps, in order, each named to `on_step` (a test seam for crashes):

1. `event`: record `erasure_requested`, so rules that keep data "until the person
   asks" end now, and recompute expiries;
2. `plan`: decide per record (`rights.plan.erasure_plan`), the legal hold by the
   purge's own decision;
3. `records`: the purge's `remove_records`: move what a legal hold keeps to the
   segregated hold (ciphertext as is; its AAD binds it to the subject and category),
   keep a direct-marketing block as keyed hashes of the identifiers, delete the
   erased and held records and every basis not keeping a record in place;
4. `subject`: when nothing is kept in place, drop identifiers, events, consents and
   entries (`forget_subject`); when nothing is held either, the purge's
   `remove_empty_subjects` deletes the subject row and with it the wrapped data key,
   so no backup restored later can decrypt what it held;
5. `log`: counts per rule and category in the erasure log, the audit event.

All in the caller's transaction: a crash at any step leaves the subject as it was,
and running the request again completes it. Running it after completion finds
nothing left to do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ombud.declaration.model import Declaration
from ombud.declaration.taxonomy import resolve_category
from ombud.protect import pseudonym
from ombud.register import audit
from ombud.register.expiries import events_for, recompute_expiries
from ombud.register.service import Context, SubjectRef
from ombud.retention.hold import (
    Counts,
    HoldMove,
    forget_subject,
    hold_events,
    log_counts,
    remove_empty_subjects,
    remove_records,
)
from ombud.retention.plan import REQUEST_RULE, moved_rule
from ombud.rights import queries
from ombud.rights.model import ErasurePlan, Outcome, PlanAction, PlanItem, RecordHolding, Request
from ombud.rights.plan import LEGAL_CLAIMS, erasure_plan
from ombud.rights.recipients import recipients_to_notify
from ombud.rights.wording import (
    ERASED,
    KEPT_FOR_CLAIMS,
    KEPT_FOR_PURPOSE,
    KEPT_IN_HOLD,
    NOTHING_HELD,
    plural,
    text,
)
from ombud.store.tables import events

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
        return Outcome(summary=text(NOTHING_HELD, request.lang))
    now = ctx.clock.now()
    session.execute(insert(events).values(subject_id=subject.id, name=ERASURE_REQUESTED, at=now))
    recompute_expiries(session, ctx.declaration, subject.id, ERASURE_REQUESTED, now)
    on_step("event")
    holdings = queries.holdings(session, subject.id)
    latest = hold_events(session, ctx, [subject.id]).get(subject.id, {})
    clocks = {r.id: events_for(latest, r.entry_id, r.collected_at) for r in holdings}
    plan = erasure_plan(holdings, ctx.declaration, events=clocks, now=now)
    on_step("plan")
    _remove(session, ctx, holdings, plan)
    on_step("records")
    removed = Counter[tuple[str, str]]()
    if not plan.of(PlanAction.keep):
        forget_subject(session, subject.id)
        removed = remove_empty_subjects(session, [subject.id])
    on_step("subject")
    _log(session, ctx, request, subject, plan, removed, actor)
    on_step("log")
    return _outcome(ctx, request.lang, holdings, plan, key_destroyed=bool(removed))


def _remove(
    session: Session, ctx: Context, holdings: Sequence[RecordHolding], plan: ErasurePlan
) -> None:
    """Hold and delete as planned; a record kept in place loses only its other bases."""
    by_id = {r.id: r for r in holdings}
    other_bases = [
        b.id
        for item in plan.of(PlanAction.keep)
        for b in by_id[item.record_id].bases
        if b.purpose not in item.keeping_purposes
    ]
    moves = [
        HoldMove(item.record_id, item.hold, item.until)
        for item in plan.of(PlanAction.hold)
        if item.hold is not None and item.until is not None
    ]
    gone = [item.record_id for item in plan.items if item.action is not PlanAction.keep]
    remove_records(
        session, ctx, record_ids=gone, basis_ids=other_bases, moves=moves, at=ctx.clock.now()
    )


def _log(
    session: Session,
    ctx: Context,
    request: Request,
    subject: SubjectRef,
    plan: ErasurePlan,
    removed: Counts,
    actor: str,
) -> None:
    """The erasure log, in the purge's words: erased on request, moved to a hold, subject."""
    now = ctx.clock.now()
    counts: Counts = Counter((REQUEST_RULE, i.category) for i in plan.of(PlanAction.erase))
    counts.update((moved_rule(i.hold or ""), i.category) for i in plan.of(PlanAction.hold))
    counts.update(removed)
    log_counts(session, "erasure", None, counts, now)
    audit.append(
        session,
        audit.Erased(
            request=request.id,
            erased=len(plan.of(PlanAction.erase)),
            held=len(plan.of(PlanAction.hold)),
            kept=len(plan.of(PlanAction.keep)),
            key_destroyed=bool(removed),
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


def explain(plan: ErasurePlan, declaration: Declaration, lang: str) -> str:
    """What was erased and what was kept, under which rule, until when, in plain words."""
    lines = [plural(ERASED, len(plan.of(PlanAction.erase)), lang)]
    for item in plan.items:
        if item.action is PlanAction.erase:
            continue
        resolved = resolve_category(declaration, item.category)
        fields = {
            "category": resolved.name[lang] if resolved else item.category,
            "until": item.until.date().isoformat() if item.until else "",
        }
        if item.action is PlanAction.hold:
            lines.append(text(KEPT_IN_HOLD, lang, law=item.law, **fields))
        elif item.rule == LEGAL_CLAIMS:
            lines.append(text(KEPT_FOR_CLAIMS[item.until is not None], lang, **fields))
        else:
            purpose = declaration.purposes[item.keeping_purposes[0]].name[lang]
            kept = KEPT_FOR_PURPOSE[item.until is not None]
            lines.append(text(kept, lang, purpose=purpose, **fields))
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
        summary=explain(plan, ctx.declaration, lang),
        done={
            "erased": len(plan.of(PlanAction.erase)),
            "held": len(plan.of(PlanAction.hold)),
            "kept": len(plan.of(PlanAction.keep)),
            "key_destroyed": key_destroyed,
        },
        kept=kept,
        notify=recipients_to_notify(ctx.declaration, purposes),
    )
