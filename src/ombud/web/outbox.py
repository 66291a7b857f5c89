"""Demo mode's mailer: messages are kept in memory and shown at /dev/outbox, not sent."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime

from ombud.rights.mail import Mail

KEPT = 100


@dataclass(frozen=True)
class Kept:
    """One message as the outbox shows it."""

    at: datetime
    mail: Mail


class OutboxMailer:
    """Keeps the latest messages instead of sending them."""

    def __init__(self) -> None:
        self._kept: deque[Kept] = deque(maxlen=KEPT)
        self._lock = threading.Lock()

    def send(self, mail: Mail) -> None:
        with self._lock:
            self._kept.appendleft(Kept(datetime.now(UTC), mail))

    def messages(self) -> list[Kept]:
        """The kept messages, newest first."""
        with self._lock:
            return list(self._kept)
