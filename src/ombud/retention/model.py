"""Retention rules as data: how long a purpose keeps a record, counted from which events.

A declaration writes a rule as, for example::

    retention: {keep: P36M, after: membership_ended}
    retention: {keep: P1Y, after: [contract_ended, final_payment]}
    retention: {keep: P7Y, after: fiscal_year_end, counted_from: end_of_year}
    retention: {until: consent_withdrawn}
    retention: {session: true}

The arithmetic that turns a rule and the events that happened into an expiry lives in
`ombud.retention.rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

COLLECTED = "collected"
"""Built-in event: the record was collected (its `collected_at`)."""

SESSION_ENDED = "session_ended"
"""Built-in event: the session the record belongs to ended."""

ERASURE_REQUESTED = "erasure_requested"
"""Recorded by Ombud when the person asks for erasure (Art. 17)."""

OBJECTION = "objection"
"""Recorded by Ombud when the person objects (Art. 21)."""

CONSENT_WITHDRAWN = "consent_withdrawn"
"""Recorded by Ombud when the person withdraws a consent (Art. 7(3))."""

DURATION_PATTERN = (
    r"^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?"
    r"(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)
EVENT_NAME_PATTERN = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"

_DURATION = re.compile(DURATION_PATTERN, re.ASCII)
_EVENT_NAME = re.compile(EVENT_NAME_PATTERN)
_DATE_UNITS = (("years", "Y"), ("months", "M"), ("weeks", "W"), ("days", "D"))
_TIME_UNITS = (("hours", "H"), ("minutes", "M"), ("seconds", "S"))


@dataclass(frozen=True)
class Duration:
    """A non-negative ISO 8601 duration (`P36M`, `P1Y6M`, `P2W`, `PT2H`), kept unit by unit.

    Units are not normalised: `P12M` and `P1Y` are different values, because a rule
    says what its author wrote and calendar arithmetic treats each unit on its own.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{field.name}: got {value!r}; expected a whole number, 0 or more")

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read an ISO 8601 duration such as `P36M`, `P1Y6M`, `P2W` or `PT2H`."""
        match = _DURATION.fullmatch(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"got {text!r}; expected an ISO 8601 duration such as P36M or P3Y")
        names = [name for name, _ in _DATE_UNITS + _TIME_UNITS]
        amounts = [int(group or 0) for group in match.groups()]
        return cls(**dict(zip(names, amounts, strict=True)))

    @property
    def is_zero(self) -> bool:
        """True when every unit is zero (`P0D`): the period ends the moment it starts."""
        return not any(getattr(self, field.name) for field in fields(self))

    def __str__(self) -> str:
        date_part = "".join(f"{getattr(self, n)}{u}" for n, u in _DATE_UNITS if getattr(self, n))
        time_part = "".join(f"{getattr(self, n)}{u}" for n, u in _TIME_UNITS if getattr(self, n))
        if not date_part and not time_part:
            return "P0D"
        return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def _to_duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    return Duration.parse(value)


def _one_or_many(value: Any) -> Any:
    return (value,) if isinstance(value, str) else value


def _event_name(value: str) -> str:
    if not _EVENT_NAME.fullmatch(value):
        raise ValueError(
            f"got {value!r}; expected a snake_case event name such as membership_ended"
        )
    return value


def _distinct(names: tuple[str, ...]) -> tuple[str, ...]:
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"got {list(names)!r}; expected each event once, {repeated} repeats")
    return names


_EVENT_NAME_SCHEMA = {"type": "string", "pattern": EVENT_NAME_PATTERN}

DurationField = Annotated[
    Duration,
    # A plain validator, not a before-validator: pydantic must not also accept the
    # dataclass's own shape ({"months": 36}); the declaration only speaks ISO 8601.
    PlainValidator(_to_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "examples": ["P36M", "P1Y"]}),
]
EventName = Annotated[str, AfterValidator(_event_name), WithJsonSchema(_EVENT_NAME_SCHEMA)]
EventNames = Annotated[
    tuple[EventName, ...],
    BeforeValidator(_one_or_many),
    AfterValidator(_distinct),
    WithJsonSchema(
        {
            "anyOf": [
                _EVENT_NAME_SCHEMA,
                {"type": "array", "items": _EVENT_NAME_SCHEMA, "minItems": 1, "uniqueItems": True},
            ]
        }
    ),
]


class RetentionRule(BaseModel):
    """How long one purpose keeps a record: a period after events, until an event, or a session.

    When both a period and `until` are given, whichever ends first ends retention.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    keep: DurationField | None = Field(
        default=None,
        description=(
            "How long to keep the record once the clock has started, as an ISO 8601 "
            "duration: P36M (36 months), P1Y, P2W, P30D. Requires `after`."
        ),
    )
    after: EventNames = Field(
        default=(),
        description=(
            "The event, or list of events, that starts the clock (snake_case, e.g. "
            "membership_ended). With several, the clock starts when all have happened and "
            "counts from the latest. `collected` is the record's collection time. "
            "Requires `keep`."
        ),
    )
    counted_from: Literal["event", "end_of_year"] = Field(
        default="event",
        description=(
            "`event`: count from the event itself. `end_of_year`: count from the end of "
            "the calendar year (Europe/Stockholm) in which the event happened, as "
            "Bokföringslagen 7 kap. 2 § does. `end_of_year` requires `keep`."
        ),
    )
    until: EventName | None = Field(
        default=None,
        description=(
            "An event that ends retention when it happens (snake_case, e.g. "
            "consent_withdrawn, erasure_requested, objection)."
        ),
    )
    session: bool = Field(
        default=False,
        description=(
            "Keep the record only while the session lasts: retention ends at the built-in "
            "event `session_ended`. Excludes `keep` and `after`."
        ),
    )

    @model_validator(mode="after")
    def _check_combination(self) -> RetentionRule:
        if self.session and (self.keep is not None or self.after):
            raise ValueError(
                f"session: got true together with keep={_shown(self.keep)} "
                f"after={list(self.after)}; expected either session: true or keep with after"
            )
        if self.keep is not None and not self.after:
            raise ValueError(
                f"keep: got {str(self.keep)!r} without after; expected after: the event(s) "
                "the clock counts from, e.g. after: membership_ended"
            )
        if self.after and self.keep is None:
            raise ValueError(
                f"after: got {list(self.after)!r} without keep; expected keep: an ISO 8601 "
                "duration such as P36M"
            )
        if self.counted_from == "end_of_year" and self.keep is None:
            raise ValueError(
                "counted_from: got 'end_of_year' without keep; expected keep and after, "
                "e.g. keep: P7Y, after: fiscal_year_end"
            )
        if self.keep is None and self.until is None and not self.session:
            raise ValueError(
                "retention: got no end; expected keep with after, until, or session: true"
            )
        return self

    @property
    def events(self) -> frozenset[str]:
        """Every event this rule counts from or ends on: recording one changes the expiry."""
        ends = {self.until} if self.until is not None else set()
        if self.session:
            ends.add(SESSION_ENDED)
        return frozenset(self.after) | ends


def _shown(keep: Duration | None) -> str:
    return "null" if keep is None else repr(str(keep))


@dataclass(frozen=True)
class ErasureCount:
    """How many values one rule removed in one category; never which ones (the erasure log).

    `rule` is `purpose:<key>` (the purpose whose basis expired last deleted the record),
    `moved:<hold>` (moved into the legal hold), `hold:<hold>` (a held value whose hold ran
    out) or `subject` (a subject removed with their data key; `category` is their kind).
    """

    rule: str
    category: str
    count: int


@dataclass(frozen=True)
class DueBases:
    """How many bases of one purpose and category expire by the purge date."""

    purpose: str
    category: str
    count: int


@dataclass(frozen=True)
class PurgePlan:
    """What a purge as of `as_of` would do, without doing it (`ombud purge --dry-run`)."""

    as_of: datetime
    bases: tuple[DueBases, ...]
    removed: tuple[ErasureCount, ...]
    next_due: tuple[tuple[str, datetime], ...]  # (purpose, next expiry within 90 days)

    @property
    def records(self) -> int:
        """Records and held values that would leave the register (subjects not counted)."""
        return sum(c.count for c in self.removed if c.rule != "subject")


@dataclass(frozen=True)
class PurgeRun:
    """One purge as the erasure log records it: when, as of when, what it removed, how fast."""

    id: int
    as_of: datetime
    started_at: datetime
    finished_at: datetime | None
    status: str
    records_per_second: float | None
    removed: tuple[ErasureCount, ...]
