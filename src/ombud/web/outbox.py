"""Demo mode's mailer: messages are kept and shown at /dev/outbox, not sent.

`ombud serve --workers N` runs N processes, and the worker that sends a code is seldom
the one that shows the outbox: there the messages are kept as files in a folder all
workers share (one JSON file each, written whole and renamed into place). Without a
folder (tests, one process) they are kept in memory.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import uuid
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ombud.rights.mail import Mail

KEPT = 100


@dataclass(frozen=True)
class Kept:
    """One message as the outbox shows it."""

    at: datetime
    mail: Mail


class OutboxMailer:
    """Keeps the latest `KEPT` messages instead of sending them, in `folder` if given."""

    def __init__(self, folder: Path | None = None) -> None:
        self._kept: deque[Kept] = deque(maxlen=KEPT)
        self._lock = threading.Lock()
        self._folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def send(self, mail: Mail) -> None:
        if self._folder is None:
            with self._lock:
                self._kept.appendleft(Kept(datetime.now(UTC), mail))
            return
        # The name sorts by time; the pid and uuid keep two workers' names apart.
        name = f"{time.time_ns():020d}-{os.getpid()}-{uuid.uuid4().hex}.json"
        partial = self._folder / f".{name}.partial"
        partial.write_text(json.dumps(_to_json(mail)))
        os.replace(partial, self._folder / name)  # readers never see half a message
        for old in self._names()[KEPT:]:
            old.unlink(missing_ok=True)  # another worker may have removed it first

    def messages(self) -> list[Kept]:
        """The kept messages, newest first."""
        if self._folder is None:
            with self._lock:
                return list(self._kept)
        kept = []
        for path in self._names()[:KEPT]:
            try:
                body = json.loads(path.read_text())
            except FileNotFoundError:  # pruned by another worker meanwhile
                continue
            at = datetime.fromtimestamp(int(path.name.split("-")[0]) / 1e9, UTC)
            kept.append(Kept(at, _from_json(body)))
        return kept

    def _names(self) -> list[Path]:
        assert self._folder is not None
        return sorted(self._folder.glob("[0-9]*.json"), reverse=True)


def _to_json(mail: Mail) -> dict[str, Any]:
    body = asdict(mail)
    if mail.attachment is not None:
        body["attachment"] = base64.b64encode(mail.attachment).decode()
    return body


def _from_json(body: dict[str, Any]) -> Mail:
    if body.get("attachment") is not None:
        body["attachment"] = base64.b64decode(body["attachment"])
    return Mail(**body)
