"""Envelope encryption: values under a per-subject data key, data keys under a master key.

Both layers are AES-256-GCM with a random 96-bit nonce. Associated data ties every ciphertext
to its place: a wrapped key opens only for the subject it was made for, a value only for the
record and category it was written to, so rows copied between subjects or records in the
database fail to decrypt instead of leaking into the wrong answer.

Random nonces are safe here because a key encrypts few messages: NIST SP 800-38D allows
2**32 per key, and a data key encrypts one subject's values, a master key one data key per
subject (rotation re-wraps them under a fresh key).
"""

from __future__ import annotations

import os
import struct
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ombud.errors import OmbudError
from ombud.protect.model import KEY_BYTES, Ciphertext, DataKey, Keyring, WrappedKey

FORMAT_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
_VERSION = bytes([FORMAT_VERSION])
_WRAP_DOMAIN = b"ombud/data-key/v1\x00"
_RECORD_DOMAIN = b"ombud/record/v1\x00"


def new_data_key() -> DataKey:
    """A fresh random data key for one subject."""
    return DataKey(os.urandom(KEY_BYTES))


@lru_cache(maxsize=16)
def _master_cipher(master_key: bytes) -> AESGCM:
    # A bulk import wraps one data key per subject; build each master key's cipher once.
    return AESGCM(master_key)


def _wrap_header(key_id: str) -> bytes:
    kid = key_id.encode("ascii")
    return _VERSION + bytes([len(kid)]) + kid


def _split_wrapped(wrapped: bytes) -> tuple[bytes, str, bytes]:
    """The header, the master key id and the sealed rest of a wrapped key."""
    if len(wrapped) < 2 or wrapped[0] != FORMAT_VERSION:
        raise OmbudError(
            "wrapped data key: unknown format; expected format version "
            f"{FORMAT_VERSION} as written by ombud.protect.envelope.wrap"
        )
    end = 2 + wrapped[1]
    sealed = wrapped[end:]
    if len(sealed) != NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        raise OmbudError(
            "wrapped data key: truncated or padded; expected "
            f"{NONCE_BYTES + KEY_BYTES + TAG_BYTES} bytes after its master key id"
        )
    return wrapped[:end], wrapped[2:end].decode("ascii", errors="replace"), sealed


def master_key_id(wrapped: WrappedKey) -> str:
    """The id of the master key a data key is wrapped under (to find keys a rotation must move)."""
    return _split_wrapped(wrapped)[1]


def wrap(keyring: Keyring, data_key: DataKey, subject_id: str) -> WrappedKey:
    """The data key sealed under the active master key, openable only for `subject_id`."""
    if len(data_key) != KEY_BYTES:
        raise ValueError(f"data key: got {len(data_key)} bytes; expected {KEY_BYTES}")
    header = _wrap_header(keyring.active)
    nonce = os.urandom(NONCE_BYTES)
    aad = _WRAP_DOMAIN + header + subject_id.encode()
    sealed = _master_cipher(keyring.active_key).encrypt(nonce, data_key, aad)
    return WrappedKey(header + nonce + sealed)


def unwrap(keyring: Keyring, wrapped: WrappedKey, subject_id: str) -> DataKey:
    """The data key inside `wrapped`, under whichever master key of the keyring sealed it.

    Refuses (as `OmbudError`) a key wrapped for another subject, a tampered one, and one
    whose master key has been retired from the keyring.
    """
    header, key_id, sealed = _split_wrapped(wrapped)
    master = keyring.master_keys.get(key_id)
    if master is None:
        raise OmbudError(
            f"wrapped data key of subject {subject_id!r} names master key {key_id!r}, which is "
            f"not in the keyring (it holds {sorted(keyring.master_keys)}); "
            "a retired master key cannot be brought back"
        )
    aad = _WRAP_DOMAIN + header + subject_id.encode()
    try:
        data_key = _master_cipher(master).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise OmbudError(
            f"wrapped data key does not open for subject {subject_id!r} under master key "
            f"{key_id!r}: it was wrapped for another subject, or altered"
        ) from exc
    return DataKey(data_key)


def rewrap(keyring: Keyring, wrapped: WrappedKey, subject_id: str) -> WrappedKey:
    """The data key wrapped under the active master key (key rotation).

    A key already under the active master key is returned unchanged, so a rotation that is
    interrupted and run again only rewrites what it has not reached.
    """
    if master_key_id(wrapped) == keyring.active:
        return wrapped
    return wrap(keyring, unwrap(keyring, wrapped, subject_id), subject_id)


def record_aad(record_id: str, category: str) -> bytes:
    """The associated data that binds a value to its record and category.

    Each part is length-prefixed, so no choice of ids can make two different places agree.
    """
    parts = [part.encode() for part in (record_id, category)]
    return _RECORD_DOMAIN + b"".join(struct.pack(">I", len(p)) + p for p in parts)


class ValueCipher:
    """Encrypts and decrypts record values under one data key, building its cipher once.

    Use one per subject when writing or reading several of their values.
    """

    __slots__ = ("_aead",)

    def __init__(self, data_key: DataKey) -> None:
        if len(data_key) != KEY_BYTES:
            raise ValueError(f"data key: got {len(data_key)} bytes; expected {KEY_BYTES}")
        self._aead = AESGCM(data_key)

    def encrypt(self, plaintext: str, *, aad: bytes) -> Ciphertext:
        """`plaintext` sealed under this data key, openable only with the same `aad`."""
        nonce = os.urandom(NONCE_BYTES)
        return Ciphertext(_VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), aad))

    def decrypt(self, ciphertext: Ciphertext, *, aad: bytes) -> str:
        """The plaintext of `ciphertext`; refuses (`OmbudError`) a wrong key, aad or tampering."""
        if len(ciphertext) < 1 + NONCE_BYTES + TAG_BYTES or ciphertext[0] != FORMAT_VERSION:
            raise OmbudError(
                "encrypted value: unknown format; expected format version "
                f"{FORMAT_VERSION} as written by ombud.protect.envelope"
            )
        nonce, sealed = ciphertext[1 : 1 + NONCE_BYTES], ciphertext[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, aad).decode()
        except InvalidTag as exc:
            raise OmbudError(
                "encrypted value does not open: it belongs to another subject, record or "
                "category, or was altered"
            ) from exc


def encrypt_value(data_key: DataKey, plaintext: str, *, aad: bytes) -> Ciphertext:
    """One value sealed under a data key; for many values of one subject use `ValueCipher`."""
    return ValueCipher(data_key).encrypt(plaintext, aad=aad)


def decrypt_value(data_key: DataKey, ciphertext: Ciphertext, *, aad: bytes) -> str:
    """The plaintext of one value; refuses (as `OmbudError`) a wrong key, aad or tampering."""
    return ValueCipher(data_key).decrypt(ciphertext, aad=aad)
