"""Who must be told of a rectification, erasure or restriction (GDPR Art. 19).

Pure: the declaration and the purposes whose records changed in; each processor or
recipient those purposes disclose to, and each processor running their systems, out.
"""

from __future__ import annotations

from collections.abc import Iterable

from ombud.declaration.model import Declaration
from ombud.rights.model import Notice


def recipients_to_notify(declaration: Declaration, purposes: Iterable[str]) -> tuple[Notice, ...]:
    """One notice per processor or recipient that received data of these purposes."""
    by_key: dict[str, set[str]] = {}
    for key in purposes:
        purpose = declaration.purposes.get(key)
        if purpose is None:
            continue
        systems = (declaration.systems.get(s) for s in purpose.systems)
        operators = [s.operated_by for s in systems if s is not None and s.external]
        for recipient in (*purpose.recipients, *operators):
            by_key.setdefault(recipient, set()).add(key)
    notices = []
    for key, purposes_of in sorted(by_key.items()):
        if key in declaration.processors:
            name, kind = declaration.processors[key].name.en, "processor"
        elif key in declaration.recipients:
            name, kind = declaration.recipients[key].name.en, "recipient"
        else:
            continue
        notices.append(Notice(key, name, kind, tuple(sorted(purposes_of))))
    return tuple(notices)
