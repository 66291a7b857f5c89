"""Keyed hashes: HMAC-SHA256 over length-prefixed parts, stable across releases."""

import hmac
import struct

from hypothesis import given
from hypothesis import strategies as st

from ombud.protect.keyed import keyed_hash

KEY = bytes(range(64, 96))


def reference(key: bytes, domain: str, *parts: str) -> bytes:
    message = b"".join(
        struct.pack(">I", len(encoded)) + encoded
        for encoded in (piece.encode() for piece in ("ombud", domain, *parts))
    )
    return hmac.digest(key, message, "sha256")


def test_a_stored_blind_index_keeps_its_value():
    digest = keyed_hash(KEY, "blind-index", "email", "anna@example.se")
    assert digest.hex() == "4fa757df4fbee3042b5b3a43724b8ea97af757bfc89dbe6b2630843a7714ef78"


@given(st.binary(min_size=1, max_size=64), st.text(), st.lists(st.text(), max_size=4))
def test_a_keyed_hash_is_hmac_sha256_of_the_length_prefixed_parts(key, domain, parts):
    assert keyed_hash(key, domain, *parts) == reference(key, domain, *parts)
