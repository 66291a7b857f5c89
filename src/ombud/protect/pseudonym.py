"""Keyed names for people where their identity must not appear: logs, reports, block lists."""

from __future__ import annotations

import base64

from ombud.protect.identifiers import BLIND_INDEX_BYTES
from ombud.protect.keyed import keyed_hash
from ombud.protect.model import IdentifierKind, Keyring

# 80 bits, 16 base32 characters: short enough to read in a log line; two of 10**8 subjects
# share one with odds below 10**-8, and a shared pseudonym only blurs a log, it grants nothing.
PSEUDONYM_BYTES = 10


def pseudonym(keyring: Keyring, subject_id: str) -> str:
    """A stable stand-in for a subject in logs and reports (`kq3v7m2x...`), no personal data.

    Keyed, so it cannot be traced back to the subject id without the index key.
    """
    digest = keyed_hash(keyring.index_key, "pseudonym", subject_id)[:PSEUDONYM_BYTES]
    return base64.b32encode(digest).decode("ascii").lower()


def marketing_block_hash(keyring: Keyring, kind: IdentifierKind, normalised: str) -> bytes:
    """The keyed hash that keeps a direct-marketing block after the person's erasure.

    An objection to direct marketing (GDPR Art. 21(3)) must hold if the person is collected
    again later, so the block is computed from the identifier alone, and is kept when
    everything else is erased. Its own domain label makes it differ from the live blind
    index of the same identifier: the block list cannot be joined against the subjects.
    """
    digest = keyed_hash(keyring.index_key, "marketing-block", kind.value, normalised)
    return digest[:BLIND_INDEX_BYTES]
