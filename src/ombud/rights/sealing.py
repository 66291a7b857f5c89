"""Seal what a request carries that is personal data: the contact address, new values.

A request exists before anyone knows whose it is, so it cannot use a subject's key:
each request gets a data key of its own, wrapped by the master key and stored beside
the ciphertext. Closing the request drops the sealed values (and so the key).
"""

from __future__ import annotations

import struct

from ombud.protect import Keyring, ValueCipher, new_data_key, unwrap, wrap
from ombud.protect.model import Ciphertext, WrappedKey

_HEADER = struct.Struct(">H")


def _owner(request_id: str) -> str:
    return f"request:{request_id}"


def seal(keyring: Keyring, request_id: str, label: str, plaintext: str) -> bytes:
    """`plaintext` sealed under a fresh key for this request; `label` names the field."""
    key = new_data_key()
    wrapped = wrap(keyring, key, _owner(request_id))
    sealed = ValueCipher(key).encrypt(plaintext, aad=f"{_owner(request_id)}/{label}".encode())
    return _HEADER.pack(len(wrapped)) + wrapped + sealed


def unseal(keyring: Keyring, request_id: str, label: str, sealed: bytes) -> str:
    """The plaintext `seal` sealed; refuses a value moved from another request or field."""
    (length,) = _HEADER.unpack_from(sealed)
    wrapped = WrappedKey(sealed[_HEADER.size : _HEADER.size + length])
    key = unwrap(keyring, wrapped, _owner(request_id))
    body = Ciphertext(sealed[_HEADER.size + length :])
    return ValueCipher(key).decrypt(body, aad=f"{_owner(request_id)}/{label}".encode())
