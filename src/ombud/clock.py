"""The one source of "now" for services: injected, so tests move time by passing a value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until moved: for tests, the demo and `--as-of` runs."""

    at: datetime

    def __post_init__(self) -> None:
        if self.at.tzinfo is None:
            raise ValueError(f"got the naive datetime {self.at!r}; expected a timezone-aware one")

    def now(self) -> datetime:
        return self.at.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self.at = self.at + delta
