"""Plain data of protection at rest: identifier kinds, the keyring and the byte strings it makes.

The keyring never lives in the database: it comes from a key file or the environment
(`ombud.protect.keys`), so a dump of the store alone holds ciphertext, wrapped keys and
keyed hashes, and nothing that opens them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import NewType

KEY_BYTES = 32  # AES-256 for master and data keys; HMAC-SHA256 for the index key
KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

DataKey = NewType("DataKey", bytes)
"""A subject's own 32-byte key; it encrypts that subject's record values and is stored only
wrapped. Destroying its wrapped form makes everything it encrypted unreadable (crypto-shredding)."""

WrappedKey = NewType("WrappedKey", bytes)
"""A data key encrypted under a master key: format version, the master key's id, nonce and
ciphertext. It carries the master key id, so keys wrapped before a rotation still open."""

Ciphertext = NewType("Ciphertext", bytes)
"""One record value encrypted under its subject's data key: format version, nonce, ciphertext."""

BlindIndex = NewType("BlindIndex", bytes)
"""A keyed hash of a normalised identifier: the only way the store finds a subject by it."""


class IdentifierKind(StrEnum):
    """The identifiers a subject can be found by; each has one normalised form."""

    EMAIL = "email"
    PHONE = "phone"
    PERSONNUMMER = "personnummer"


@dataclass(frozen=True)
class Keyring:
    """The master keys (key id → 32 bytes), which of them wraps new data keys, and the index key.

    The index key keys every blind index, pseudonym and marketing-block hash. It is kept apart
    from the master keys so that finding a subject never needs a key that can decrypt, and
    it is not rotated: a marketing block outlives the data it could be recomputed from.
    Key bytes never appear in `repr`.
    """

    master_keys: Mapping[str, bytes] = field(repr=False)
    active: str
    index_key: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.master_keys:
            raise ValueError("a keyring needs at least one master key")
        for key_id, key in self.master_keys.items():
            if not KEY_ID.fullmatch(key_id):
                raise ValueError(
                    f"master key id {key_id!r}: expected 1-64 of the characters A-Z a-z 0-9 . _ -"
                )
            if len(key) != KEY_BYTES:
                raise ValueError(f"master key {key_id!r}: got {len(key)} bytes; expected 32")
        if self.active not in self.master_keys:
            raise ValueError(
                f"active master key {self.active!r}: expected one of {sorted(self.master_keys)}"
            )
        if len(self.index_key) != KEY_BYTES:
            raise ValueError(f"index key: got {len(self.index_key)} bytes; expected 32")
        if self.index_key in self.master_keys.values():
            raise ValueError("index key: must differ from every master key")
        # A read-only copy: the caller's dict cannot change a keyring after the checks.
        object.__setattr__(self, "master_keys", MappingProxyType(dict(self.master_keys)))

    @property
    def active_key(self) -> bytes:
        """The master key that wraps new data keys."""
        return self.master_keys[self.active]

    def with_active(self, key_id: str, key: bytes) -> Keyring:
        """This keyring with one more master key, made the active one (key rotation)."""
        if key_id in self.master_keys:
            raise ValueError(f"master key id {key_id!r}: already in the keyring")
        return Keyring({**self.master_keys, key_id: key}, key_id, self.index_key)

    def without(self, key_id: str) -> Keyring:
        """This keyring without one retired master key; the active key cannot be retired."""
        if key_id == self.active:
            raise ValueError(f"master key {key_id!r} is active; make another key active first")
        if key_id not in self.master_keys:
            raise ValueError(f"master key {key_id!r}: not in the keyring")
        rest = {kid: key for kid, key in self.master_keys.items() if kid != key_id}
        return Keyring(rest, self.active, self.index_key)
