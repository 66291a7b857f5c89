"""The erasure plan: for each record, erase it or keep it with the rule that keeps it.

Pure: records, their bases, the declaration and the time in; a plan out. GDPR Art. 17
lets a controller keep data only where 17(3) says so. Here that is:

- a legal obligation or public task still running (17(3)(b)). Where the purpose names
  legal holds, only the categories a hold names are kept, moved to the segregated
  hold (`hold:<name>`), e.g. invoice data under Bokföringslagen 7 kap. 2 §; without a
  hold the record stays in place (`purpose:<key>`);
- legal claims (17(3)(e)), where the purpose's Art. 9(2) condition is legal claims.

Contract, consent, legitimate interest and vital interest bases do not survive an
erasure request: the request ends the relationship as far as the data goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ombud.declaration.model import Declaration, LegalBasis, LegalHold, SpecialCondition
from ombud.retention import COLLECTED, expiry
from ombud.rights.model import (
    BasisHolding,
    ErasurePlan,
    PlanAction,
    PlanItem,
    RecordHolding,
)

KEEPING_BASES = frozenset({LegalBasis.legal_obligation.value, LegalBasis.public_task.value})


def erasure_plan(
    holdings: Sequence[RecordHolding], declaration: Declaration, *, now: datetime
) -> ErasurePlan:
    """One item per record: erase, hold (with law and end) or keep (with purpose)."""
    return ErasurePlan(tuple(_item(record, declaration, now) for record in holdings))


def _item(record: RecordHolding, declaration: Declaration, now: datetime) -> PlanItem:
    live = [b for b in record.bases if b.expires_at is None or b.expires_at > now]
    holds = [h for b in live for h in _holds(record, b, declaration, now)]
    if holds:
        return max(holds, key=lambda item: item.until or datetime.max.replace(tzinfo=now.tzinfo))
    keeps = [k for b in live if (k := _keep(record, b, declaration)) is not None]
    if keeps:
        return keeps[0]
    return PlanItem(record.id, record.category, PlanAction.erase)


def _holds(
    record: RecordHolding, basis: BasisHolding, declaration: Declaration, now: datetime
) -> list[PlanItem]:
    purpose = declaration.purposes.get(basis.purpose)
    if purpose is None or basis.legal_basis not in KEEPING_BASES:
        return []
    items = []
    for name in purpose.legal_holds:
        hold = declaration.legal_holds.get(name)
        if hold is None or not _covers(hold, record.category):
            continue
        until = basis.expires_at or _hold_end(hold, record.collected_at, now)
        items.append(
            PlanItem(
                record.id,
                record.category,
                PlanAction.hold,
                rule=f"hold:{name}",
                law=hold.law,
                until=until,
                keeping_purposes=(basis.purpose,),
            )
        )
    return items


def _keep(record: RecordHolding, basis: BasisHolding, declaration: Declaration) -> PlanItem | None:
    purpose = declaration.purposes.get(basis.purpose)
    if purpose is None:
        return None
    if basis.legal_basis in KEEPING_BASES and not purpose.legal_holds:
        rule = f"purpose:{basis.purpose}"
    elif purpose.special_condition is SpecialCondition.legal_claims:
        rule = "legal_claims"
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


def _covers(hold: LegalHold, category: str) -> bool:
    return any(category == c or category.startswith(c + ".") for c in hold.categories)


def _hold_end(hold: LegalHold, collected_at: datetime, now: datetime) -> datetime:
    # The hold's clock has not started (e.g. the fiscal year has not ended): count as if
    # its events happened now, which for a calendar fiscal year is the latest they can.
    events = {name: now for name in hold.retention.after} | {COLLECTED: collected_at}
    end = expiry(hold.retention, events)
    return end if end is not None else now
