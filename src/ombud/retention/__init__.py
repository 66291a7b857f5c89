"""Retention: how long each purpose keeps a record, and when that time runs out.

`model` holds the rules as data (`RetentionRule`, `Duration`).
"""

from ombud.retention.model import COLLECTED, SESSION_ENDED, Duration, RetentionRule

__all__ = [
    "COLLECTED",
    "SESSION_ENDED",
    "Duration",
    "RetentionRule",
]
