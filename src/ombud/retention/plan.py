"""Which legal hold keeps a record once its purposes let go, and until when (pure).

A record whose last basis expired is deleted, unless one of its purposes names a
legal hold that covers the record's category: then only that value is moved into the
segregated hold, until the hold's own rule runs out (Bokföringslagen 7 kap. 2 §;
GDPR Art. 17(3)(b)). Categories the hold does not name are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ombud.declaration.model import Declaration, LegalHold
from ombud.errors import DeclarationError, Issue
from ombud.retention.rules import expiry

SUBJECT_RULE = "subject"
REQUEST_RULE = "request"  # the erasure log's name for records erased on request (Art. 17)

# purpose key -> category -> the holds that keep that category after the purpose ends
HoldIndex = Mapping[str, Mapping[str, tuple[str, ...]]]


def purpose_rule(purpose: str) -> str:
    """The erasure log's name for records deleted because `purpose` let them go."""
    return f"purpose:{purpose}"


def moved_rule(hold: str) -> str:
    """The erasure log's name for values moved out of the register into `hold`."""
    return f"moved:{hold}"


def hold_rule(hold: str) -> str:
    """The erasure log's name for held values deleted when `hold` ran out."""
    return f"hold:{hold}"


def hold_index(declaration: Declaration) -> HoldIndex:
    """For each purpose, the categories its legal holds keep, and by which holds.

    Categories match exactly: a record's category is always one its purpose declares.
    """
    index: dict[str, dict[str, tuple[str, ...]]] = {}
    for key, purpose in declaration.purposes.items():
        for hold_key in purpose.legal_holds:
            hold = declaration.legal_holds.get(hold_key)
            if hold is None:  # an undeclared hold is a lint finding, not a hold
                continue
            for category in hold.categories:
                kept = index.setdefault(key, {})
                kept[category] = (*kept.get(category, ()), hold_key)
    return index


def holds_for(index: HoldIndex, purposes: Iterable[str], category: str) -> tuple[str, ...]:
    """Every hold that keeps a `category` record held for any of `purposes`, sorted."""
    found = {hold for purpose in purposes for hold in index.get(purpose, {}).get(category, ())}
    return tuple(sorted(found))


def hold_expiry(
    key: str, hold: LegalHold, events: Mapping[str, datetime], moved_at: datetime
) -> datetime:
    """When a value moved into `hold` may go: the hold's rule over the record's events.

    A clock the law counts from may not have started in the register (no
    `fiscal_year_end` recorded yet). The missing events are then taken to happen at the
    move itself: the financial year cannot have ended before the data left the
    register's use, so this is never earlier than the law requires, only possibly later.
    """
    completed = dict(events)
    for name in hold.retention.after:
        completed.setdefault(name, moved_at)
    end = expiry(hold.retention, completed)
    if end is None:
        raise DeclarationError(
            [
                Issue(
                    f"legal_holds.{key}.retention",
                    "got a rule with no period; expected keep with after, "
                    "e.g. keep: P7Y, after: fiscal_year_end",
                )
            ]
        )
    return end


@dataclass(frozen=True)
class HoldDecision:
    """Where one record goes: into `hold` until `expires_at`, or (hold None) deleted."""

    hold: str | None
    expires_at: datetime | None


def decide_hold(
    declaration: Declaration,
    holds: Iterable[str],
    events: Mapping[str, datetime],
    as_of: datetime,
) -> HoldDecision:
    """Move a record into the hold that keeps it longest, or delete it if none still binds.

    Two laws holding the same value keep it until the later lets go. A hold that
    has already run out by `as_of` keeps nothing: the record is deleted at once.
    """
    ends = {
        key: hold_expiry(key, declaration.legal_holds[key], events, as_of)
        for key in holds
        if key in declaration.legal_holds
    }
    if not ends:
        return HoldDecision(None, None)
    key = max(sorted(ends), key=lambda k: ends[k])
    if ends[key] <= as_of:
        return HoldDecision(None, None)
    return HoldDecision(key, ends[key])


def hold_decision(
    declaration: Declaration,
    index: HoldIndex,
    purposes: Iterable[str],
    category: str,
    events: Mapping[str, datetime],
    as_of: datetime,
) -> HoldDecision:
    """Where a record held for `purposes` goes when it leaves the register at `as_of`.

    The one decision the purge and an erasure request both take, so a value leaves for
    the same hold, until the same day, whichever of them removes it (GDPR Art. 17(3)(b)).
    """
    return decide_hold(declaration, holds_for(index, purposes, category), events, as_of)
