"""The register: collecting personal data under the declaration, and the purpose gate."""

from ombud.register.gate import decide, purpose_rules
from ombud.register.model import (
    BasisState,
    BasisStatus,
    ConsentState,
    Decision,
    PurposeRules,
    Reason,
    SubjectId,
    SubjectState,
    Use,
)

__all__ = [
    "BasisState",
    "BasisStatus",
    "ConsentState",
    "Decision",
    "PurposeRules",
    "Reason",
    "SubjectId",
    "SubjectState",
    "Use",
    "decide",
    "purpose_rules",
]
