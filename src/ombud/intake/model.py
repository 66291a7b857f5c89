"""Plain data of the intake: what screening decided about one text, and what was done."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from ombud.declaration.model import IntakeAction
from ombud.screening.model import Finding


@dataclass(frozen=True)
class IntakeDecision:
    """The action for one text, the findings behind it, and the text to store.

    `text` is what may be stored: the original with every span a `redact` rule
    covers masked, or empty when the text is rejected. `flagged` says a `flag`
    rule matched, whatever the action: a wish kept in its booking can be flagged too.
    """

    action: IntakeAction
    findings: tuple[Finding, ...]
    text: str
    flagged: bool = False

    def counts(self) -> dict[str, int]:
        """How many findings of each kind, by the kind's wire name (no content)."""
        return dict(sorted(Counter(f.kind.value for f in self.findings).items()))


@dataclass(frozen=True)
class IntakeOutcome:
    """What the intake did with one text: stored (for whom, where) or rejected and answered."""

    channel: str
    action: IntakeAction
    counts: dict[str, int]
    subject: str | None = None  # public id of the sender; None when nothing was stored
    entry: int | None = None
    new_records: int = 0
    flagged: bool = False
    replied: bool = False
    reply: tuple[str, str] | None = None  # a rejection's (subject, body), in the sender's language


@dataclass(frozen=True)
class IntakeFlag:
    """A stored text a rule asked the data protection officer to look at (no content)."""

    id: int
    at: datetime
    channel: str
    purpose: str
    subject: str
    kinds: tuple[str, ...]
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None


@dataclass(frozen=True)
class StoredImage:
    """An uploaded image stored under a channel's purpose, its metadata removed."""

    channel: str
    subject: str  # public id of the sender
    category: str
    format: str
    size: int
    new_records: int
