"""Micro benchmark of protection at rest: how many values per second can be encrypted.

    .venv/bin/python bench/protect_bench.py

Prints three figures for 100,000 short values (an e-mail address, a name, a phone number):
one data key for all, a fresh data key per value, and the bulk-import path (a new subject
every three values: new data key, wrap under the master key, blind index, three values).
Bulk import needs 20,000 records/s with encryption on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ombud.protect import (
    IdentifierKind,
    ValueCipher,
    blind_index,
    encrypt_value,
    generate_keyring,
    new_data_key,
    record_aad,
    wrap,
)

COUNT = 100_000
VALUES = ["anna.berg@example.se", "Anna Berg", "+46701234567"]
CATEGORIES = ["user.contact.email", "user.name", "user.contact.phone"]


def rate(label: str, run: Callable[[], None]) -> None:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"{label:<52} {COUNT / elapsed:>12,.0f} values/s")


def one_key() -> None:
    cipher = ValueCipher(new_data_key())
    for i in range(COUNT):
        cipher.encrypt(VALUES[i % 3], aad=record_aad(str(i), CATEGORIES[i % 3]))


def key_per_value() -> None:
    for i in range(COUNT):
        encrypt_value(new_data_key(), VALUES[i % 3], aad=record_aad(str(i), CATEGORIES[i % 3]))


def bulk_import() -> None:
    keyring = generate_keyring()
    for subject in range(COUNT // 3 + 1):
        data_key = new_data_key()
        subject_id = str(subject)
        wrap(keyring, data_key, subject_id)
        blind_index(keyring, IdentifierKind.EMAIL, f"person{subject}@example.se")
        cipher = ValueCipher(data_key)
        for value, category in zip(VALUES, CATEGORIES, strict=True):
            cipher.encrypt(value, aad=record_aad(f"{subject_id}/{category}", category))


if __name__ == "__main__":
    rate("one data key (ValueCipher)", one_key)
    rate("a new data key per value (encrypt_value)", key_per_value)
    rate("bulk import: 3 values per subject + wrap + index", bulk_import)
