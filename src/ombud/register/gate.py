"""The purpose gate: may this subject's data be used for this purpose, now? (Art. 5(1)(b))

A pure function of the subject's state, the purpose's rules and the time. The
set-based audience query in `queries.py` computes the same answer for every
subject at once; a test holds the two to each other.
"""

from __future__ import annotations

from datetime import datetime

from ombud.declaration.model import LegalBasis, Purpose, SpecialCondition
from ombud.register.model import (
    RESTRICTED_USES,
    BasisStatus,
    Decision,
    PurposeRules,
    Reason,
    SubjectState,
    Use,
)


def decide(
    state: SubjectState, purpose: PurposeRules, *, at: datetime, use: Use = Use.processing
) -> Decision:
    """Allow or deny `use` of the subject's data for `purpose` at `at`, naming the reason.

    Order matters: a marketing block is absolute (Art. 21(3)); consent-based purposes
    need a live consent (Art. 7(3)); a basis must exist and not have expired
    (Art. 5(1)(e)); an objection stops processing (Art. 21(1)); a restriction lets
    only storage and the Art. 18(2) uses through.
    """

    def deny(reason: Reason) -> Decision:
        return Decision(purpose.key, False, reason)

    if purpose.direct_marketing and state.marketing_block:
        return deny(Reason.marketing_block)
    bases = [b for b in state.bases if b.purpose == purpose.key]
    if not bases:
        return deny(Reason.no_basis)
    if purpose.needs_consent or purpose.needs_explicit_consent:
        consents = [c for c in state.consents if c.purpose == purpose.key]
        if purpose.needs_explicit_consent:
            consents = [c for c in consents if c.explicit]
        if not any(c.live(at) for c in consents):
            return deny(Reason.consent_withdrawn if consents else Reason.no_consent)
    live = [b for b in bases if b.expires_at is None or b.expires_at > at]
    if not live:
        return deny(Reason.expired)
    statuses = {b.status for b in live}
    if BasisStatus.active in statuses:
        return Decision(purpose.key, True, Reason.allowed)
    if BasisStatus.restricted in statuses:
        if use in RESTRICTED_USES:
            return Decision(purpose.key, True, Reason.allowed)
        return deny(Reason.restricted)
    if BasisStatus.objected in statuses:
        # Art. 21(1): after an objection, only legal claims may still use the data.
        if use is Use.legal_claims:
            return Decision(purpose.key, True, Reason.allowed)
        return deny(Reason.objected)
    return deny(Reason.consent_withdrawn)


def purpose_rules(key: str, purpose: Purpose) -> PurposeRules:
    """The part of a declared purpose the gate needs."""
    return PurposeRules(
        key=key,
        needs_consent=purpose.legal_basis is LegalBasis.consent,
        needs_explicit_consent=purpose.special_condition is SpecialCondition.explicit_consent,
        direct_marketing=purpose.direct_marketing,
    )
