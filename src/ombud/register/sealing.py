"""A bulk row's keyed hashes and ciphertexts, computed before the store is read.

Everything about a row that needs keys but no store: the blind indexes its subject is
found by and, for the new subject the row creates when no stored one matches, a public
id, a data key wrapped under the master key, and each value's keyed hash and ciphertext
under that key. (Marketing-block hashes are left to the writer, which needs them only
when the store holds a block.)
An import computes this in the process that parses the file, beside the one writing;
a row that turns out to belong to a subject already known has its values sealed again
under that subject's key (`seal_values`). The hashes and ciphertexts are those `collect`
writes: the same functions, the same keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from ombud.protect import (
    IdentifierKind,
    Keyring,
    ValueCipher,
    blind_index,
    new_data_key,
    record_aad,
    wrap,
)
from ombud.register.rules import identifier_kind
from ombud.register.service import value_hash
from ombud.store.tables import new_public_id

IndexKey = tuple[str, bytes]  # (identifier kind, blind index)
SealedValue = tuple[str, bytes, bytes]  # (category, keyed hash of the value, ciphertext)


class Sealed(NamedTuple):
    """A row's hashes, and its values sealed for the new subject it would create.

    A tuple, as `Incoming` is: it crosses between processes with each row.
    """

    found_by: tuple[IndexKey, ...]  # blind index of each identifier, in the row's order
    identifying: tuple[IndexKey, ...]  # blind index of each value that is an identifier too
    public_id: str
    data_key: bytes
    wrapped: bytes
    values: tuple[SealedValue, ...]  # in the row's order of values


class Sealer:
    """Seals rows under one keyring, hashing each distinct identifier once."""

    def __init__(self, keyring: Keyring) -> None:
        self.keyring = keyring
        self._index: dict[tuple[IdentifierKind, str], IndexKey] = {}

    def key(self, kind: IdentifierKind, value: str) -> IndexKey:
        """The identifier's blind index, with its kind, as the store holds them."""
        key = self._index.get((kind, value))
        if key is None:
            key = (kind.value, bytes(blind_index(self.keyring, kind, value)))
            self._index[(kind, value)] = key
        return key

    def seal(self, identifiers: Mapping[IdentifierKind, str], values: Mapping[str, str]) -> Sealed:
        """The row's hashes, and its values sealed under a fresh subject's data key."""
        public_id = new_public_id()
        data_key = new_data_key()
        return Sealed(
            tuple(self.key(k, v) for k, v in identifiers.items()),
            tuple(self.key(k, v) for k, v in identifying(values)),
            public_id,
            bytes(data_key),
            bytes(wrap(self.keyring, data_key, public_id)),
            seal_values(self.keyring, public_id, ValueCipher(data_key), values),
        )


def identifying(values: Mapping[str, str]) -> list[tuple[IdentifierKind, str]]:
    """The values that are identifiers too: `collect` indexes them for lookup."""
    return [
        (kind, value)
        for category, value in values.items()
        if (kind := identifier_kind(category)) is not None
    ]


def seal_values(
    keyring: Keyring, public_id: str, cipher: ValueCipher, values: Mapping[str, str]
) -> tuple[SealedValue, ...]:
    """Each value's keyed hash and ciphertext for the subject `public_id` (key in `cipher`)."""
    return tuple(
        (
            category,
            value_hash(keyring, public_id, category, value),
            bytes(cipher.encrypt(value, aad=record_aad(public_id, category))),
        )
        for category, value in values.items()
    )
