"""Every table of the store, as SQLAlchemy Core `Table`s in one `MetaData`.

Core rather than ORM classes: the services write set-based SQL against these tables.
Grouped by the domain that writes them: `register` (subjects and what is held about
them), `retention` (legal hold, purge bookkeeping), `rights` (requests), `intake` (flags), `audit`.
"""

from ombud.store.tables._meta import metadata, new_public_id
from ombud.store.tables.access import api_tokens, sign_in_codes, staff, staff_roles
from ombud.store.tables.audit import audit_events
from ombud.store.tables.intake import intake_flags
from ombud.store.tables.register import (
    BASIS_STATUSES,
    IDENTIFIER_KINDS,
    RECORD_SOURCES,
    bases,
    consent_texts,
    consents,
    entries,
    events,
    records,
    subject_identifiers,
    subjects,
)
from ombud.store.tables.retention import (
    ERASURE_KINDS,
    erasure_log,
    held_records,
    locks,
    marketing_blocks,
    purge_runs,
)
from ombud.store.tables.rights import REQUEST_STATUSES, REQUEST_TYPES, requests, verification_codes

__all__ = [
    "BASIS_STATUSES",
    "ERASURE_KINDS",
    "IDENTIFIER_KINDS",
    "RECORD_SOURCES",
    "REQUEST_STATUSES",
    "REQUEST_TYPES",
    "api_tokens",
    "audit_events",
    "bases",
    "consent_texts",
    "consents",
    "entries",
    "erasure_log",
    "events",
    "held_records",
    "intake_flags",
    "locks",
    "marketing_blocks",
    "metadata",
    "new_public_id",
    "purge_runs",
    "records",
    "requests",
    "sign_in_codes",
    "staff",
    "staff_roles",
    "subject_identifiers",
    "subjects",
    "verification_codes",
]
