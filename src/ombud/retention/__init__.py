"""Retention: how long each purpose keeps a record, and when that time runs out.

`model` holds the rules as data (`RetentionRule`, `Duration`); `rules` their pure
arithmetic (`expiry`), done on the Stockholm calendar and returned in UTC.
"""

from ombud.retention.model import COLLECTED, SESSION_ENDED, Duration, RetentionRule
from ombud.retention.rules import STOCKHOLM, add_duration, end_of_year, expiry

__all__ = [
    "COLLECTED",
    "SESSION_ENDED",
    "STOCKHOLM",
    "Duration",
    "RetentionRule",
    "add_duration",
    "end_of_year",
    "expiry",
]
