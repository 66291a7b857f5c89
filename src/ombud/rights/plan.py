"""The erasure plan: for each record, erase it or keep it with the rule that keeps it.

Pure: records, their bases, the events their clocks count from, the declaration and
the time in; a plan out. GDPR Art. 17 lets a controller keep data only where 17(3)
says so. Here that is:

- a legal hold (17(3)(b)): where a purpose holding the record names a legal hold over
  its category, the record moves to the segregated hold (`hold:<name>`), e.g. invoice
  data under Bokföringslagen 7 kap. 2 §. Which hold and until when is the purge's own
  decision (`retention.plan.hold_decision`), so a value leaves the register for the
  same hold whether the purge or the person's request takes it out;
- a legal obligation or public task still running whose purpose names no hold: the
  record stays in place (`purpose:<key>`);
- legal claims (17(3)(e)), where the purpose's Art. 9(2) condition is legal claims.

Contract, consent, legitimate interest and vital interest bases do not survive an
erasure request: the request ends the relationship as far as the data goes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from ombud.declaration.model import Declaration, LegalBasis, SpecialCondition
from ombud.retention.plan import HoldIndex, hold_decision, hold_index
from ombud.rights.model import (
    BasisHolding,
    ErasurePlan,
    PlanAction,
    PlanItem,
    RecordHolding,
)

KEEPING_BASES = frozenset({LegalBasis.legal_obligation.value, LegalBasis.public_task.value})
LEGAL_CLAIMS = "legal_claims"  # the rule of a record kept for legal claims (Art. 17(3)(e))

RecordEvents = Mapping[int, Mapping[str, datetime]]
"""Per record id, the events its clocks count from (`register.expiries.events_for`)."""


def erasure_plan(
    holdings: Sequence[RecordHolding],
    declaration: Declaration,
    *,
    events: RecordEvents,
    now: datetime,
) -> ErasurePlan:
    """One item per record: erase, hold (with law and end) or keep (with purpose)."""
    index = hold_index(declaration)
    return ErasurePlan(tuple(_item(record, declaration, index, events, now) for record in holdings))


def _item(
    record: RecordHolding,
    declaration: Declaration,
    index: HoldIndex,
    events: RecordEvents,
    now: datetime,
) -> PlanItem:
    held = _hold(record, declaration, index, events.get(record.id, {}), now)
    if held is not None:
        return held
    live = [b for b in record.bases if b.expires_at is None or b.expires_at > now]
    keeps = [k for b in live if (k := _keep(record, b, declaration)) is not None]
    if keeps:
        return keeps[0]
    return PlanItem(record.id, record.category, PlanAction.erase)


def _hold(
    record: RecordHolding,
    declaration: Declaration,
    index: HoldIndex,
    events: Mapping[str, datetime],
    now: datetime,
) -> PlanItem | None:
    # Every basis counts, expired ones too: the purge keeps an expired basis whose
    # purpose names a hold for just this reason (`retention.queries._waiting`).
    purposes = sorted({b.purpose for b in record.bases})
    decision = hold_decision(declaration, index, purposes, record.category, events, now)
    if decision.hold is None:
        return None
    return PlanItem(
        record.id,
        record.category,
        PlanAction.hold,
        rule=f"hold:{decision.hold}",
        hold=decision.hold,
        law=declaration.legal_holds[decision.hold].law,
        until=decision.expires_at,
    )


def _keep(record: RecordHolding, basis: BasisHolding, declaration: Declaration) -> PlanItem | None:
    purpose = declaration.purposes.get(basis.purpose)
    if purpose is None:
        return None
    if basis.legal_basis in KEEPING_BASES and not purpose.legal_holds:
        rule = f"purpose:{basis.purpose}"
    elif purpose.special_condition is SpecialCondition.legal_claims:
        rule = LEGAL_CLAIMS
    else:
        return None
    return PlanItem(
        record.id,
        record.category,
        PlanAction.keep,
        rule=rule,
        until=basis.expires_at,
        keeping_purposes=(basis.purpose,),
    )
