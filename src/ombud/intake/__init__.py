"""Intake: free text arriving by e-mail, form or booking field, screened and routed.

Each channel of the declaration's `intake:` section names a purpose, a category and
rules: `reject` (nothing stored, the sender is answered), `store_in_entry_only`
(kept inside its entry, with its retention), `flag` (stored and listed for the data
protection officer) and `redact` (identifiers masked before storing). The decision
is pure (`decide_intake`); `receive` applies it to the store. Uploaded images lose
their location and camera metadata first (`strip_metadata`).
"""

from ombud.intake.images import strip_metadata
from ombud.intake.model import IntakeDecision, IntakeFlag, IntakeOutcome
from ombud.intake.rules import decide_intake, redact, rule_for

__all__ = [
    "IntakeDecision",
    "IntakeFlag",
    "IntakeOutcome",
    "decide_intake",
    "redact",
    "rule_for",
    "strip_metadata",
]
