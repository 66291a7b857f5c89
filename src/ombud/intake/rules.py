"""Decide what the intake does with a text: the channel's rules applied to screening's findings.

Pure: a channel and a text in, an `IntakeDecision` out. The API, the CLI and the
e-mail intake all decide through `decide_intake`, over the one screening engine.
"""

from __future__ import annotations

from ombud.declaration.model import INTAKE_GROUPS, Channel, IntakeAction
from ombud.intake.model import IntakeDecision
from ombud.screening import Finding, Kind, screen

# Which storage action wins when rules disagree: the most protective one.
_PRECEDENCE = (
    IntakeAction.store,
    IntakeAction.flag,
    IntakeAction.store_in_entry_only,
    IntakeAction.reject,
)


def rule_for(channel: Channel, kind: Kind) -> IntakeAction | None:
    """The channel's action for one kind: its own rule, else its group's, else none."""
    if kind.value in channel.rules:
        return channel.rules[kind.value]
    for group, kinds in INTAKE_GROUPS.items():
        if kind in kinds and group in channel.rules:
            return channel.rules[group]
    return None


def decide_intake(channel: Channel, text: str) -> IntakeDecision:
    """Screen `text` and decide: reject, keep in its entry, flag, redact or store.

    Rules other than `redact` decide where the text goes; the most protective one
    wins, and the channel's `default` applies where none matched. `redact` rules
    mask their spans in whatever is stored (data minimisation, GDPR Art. 5(1)(c)).
    """
    findings = tuple(screen(text))
    matched = {f: rule_for(channel, f.kind) for f in findings}
    storing = {a for a in matched.values() if a is not None and a is not IntakeAction.redact}
    action = max(storing, key=_PRECEDENCE.index) if storing else channel.default
    if action is IntakeAction.reject:
        return IntakeDecision(action, findings, "")
    masked = [f for f, a in matched.items() if a is IntakeAction.redact]
    if masked and action is IntakeAction.store:
        action = IntakeAction.redact
    return IntakeDecision(
        action, findings, redact(text, masked), flagged=IntakeAction.flag in storing
    )


def redact(text: str, findings: list[Finding]) -> str:
    """`text` with each finding's span replaced by its kind in brackets, e.g. `[personnummer]`.

    Overlapping findings are masked as one span, labelled by the one that starts
    first. The label keeps the text readable ("my number is [personnummer]")
    without the value.
    """
    parts: list[str] = []
    cursor = 0
    for finding in sorted(findings):
        if finding.start < cursor:
            cursor = max(cursor, finding.end)
            continue
        parts.append(text[cursor : finding.start])
        parts.append(f"[{finding.kind.value}]")
        cursor = finding.end
    parts.append(text[cursor:])
    return "".join(parts)
