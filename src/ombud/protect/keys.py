"""Where the keyring comes from: a key file only its owner can read, or environment values.

Never the database: a dump of the store must not carry what opens it.

The key file is JSON::

    {"master_keys": {"3f9a1c2e": "<base64 of 32 bytes>", ...},
     "active": "3f9a1c2e",
     "index_key": "<base64 of 32 bytes>"}

The environment form is two values: the master keys as `id:base64` entries separated by
commas, the active key first, and the index key as base64.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from ombud.errors import OmbudError
from ombud.protect.model import KEY_BYTES, Keyring

_FILE_FORM = 'JSON {"master_keys": {"<id>": "<base64>"}, "active": "<id>", "index_key": "<base64>"}'


def load_key_file(path: Path) -> Keyring:
    """The keyring in a key file; refuses a file that group or others may read or write."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        raise OmbudError(f"key file {path}: cannot be opened ({exc.strerror})") from exc
    with os.fdopen(fd, "rb") as handle:
        # Checked on the open file, so it cannot be swapped between the check and the read.
        mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
        if mode & 0o077:
            raise OmbudError(
                f"key file {path}: has mode {mode:04o}, so group or others can reach it; "
                f"expected 0600 or stricter (chmod 600 {path})"
            )
        text = handle.read()
    try:
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OmbudError(f"key file {path}: not JSON ({exc}); expected {_FILE_FORM}") from exc
    return _keyring_from_document(document, f"key file {path}")


def _keyring_from_document(document: Any, source: str) -> Keyring:
    if not isinstance(document, dict) or not isinstance(document.get("master_keys"), dict):
        raise OmbudError(f"{source}: expected {_FILE_FORM}")
    master_keys = {
        str(key_id): _decode_key(value, f"{source}: master_keys.{key_id}")
        for key_id, value in document["master_keys"].items()
    }
    index_key = _decode_key(document.get("index_key"), f"{source}: index_key")
    return _keyring(master_keys, document.get("active"), index_key, source)


def _decode_key(value: object, where: str) -> bytes:
    """32 key bytes from base64; the message never repeats the value, which is secret."""
    if not isinstance(value, str):
        raise OmbudError(f"{where}: missing or not a string; expected base64 of 32 bytes")
    try:
        key = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise OmbudError(f"{where}: not valid base64; expected base64 of 32 bytes") from exc
    if len(key) != KEY_BYTES:
        raise OmbudError(f"{where}: decodes to {len(key)} bytes; expected base64 of 32 bytes")
    return key


def _keyring(
    master_keys: dict[str, bytes], active: object, index_key: bytes, source: str
) -> Keyring:
    if not isinstance(active, str):
        raise OmbudError(f"{source}: active: missing; expected the id of one master key")
    try:
        return Keyring(master_keys, active, index_key)
    except ValueError as exc:
        raise OmbudError(f"{source}: {exc}") from exc


def keyring_from_env(master: str, index: str) -> Keyring:
    """The keyring from two environment values the caller has read.

    `master` is `id:base64` entries separated by commas, the active key first
    (`k2:…,k1:…`); `index` is the index key in base64.
    """
    source = "master keys from the environment"
    master_keys: dict[str, bytes] = {}
    for position, entry in enumerate(master.split(","), start=1):
        key_id, colon, value = entry.strip().partition(":")
        if not colon or not key_id:
            raise OmbudError(
                f"{source}: entry {position} is not `id:base64`; "
                "expected entries such as k2:<base64>,k1:<base64>, the active key first"
            )
        if key_id in master_keys:
            raise OmbudError(f"{source}: key id {key_id!r} appears twice")
        master_keys[key_id] = _decode_key(value, f"{source}: key {key_id!r}")
    index_key = _decode_key(index, "index key from the environment")
    return _keyring(master_keys, next(iter(master_keys)), index_key, source)


def new_key_id() -> str:
    """A fresh random master key id (8 hex digits)."""
    return secrets.token_hex(4)


def generate_keyring() -> Keyring:
    """A new keyring: one random master key, active, and a random index key."""
    key_id = new_key_id()
    return Keyring({key_id: os.urandom(KEY_BYTES)}, key_id, os.urandom(KEY_BYTES))


def generate_key_file(path: Path) -> Keyring:
    """A new keyring written to `path` with mode 0600; refuses to overwrite any file there."""
    keyring = generate_keyring()
    _write_exclusive(path, keyring)
    return keyring


def rotate_key_file(path: Path) -> Keyring:
    """Adds a fresh master key to the key file and makes it the active one.

    Data keys wrapped before stay readable under their old master key until they are
    re-wrapped (`ombud.protect.envelope.rewrap`); then the old key can be retired.
    """
    keyring = load_key_file(path)
    rotated = keyring.with_active(new_key_id(), os.urandom(KEY_BYTES))
    _replace(path, rotated)
    return rotated


def retire_master_key(path: Path, key_id: str) -> Keyring:
    """Removes a master key from the key file for good.

    Whatever is wrapped only under it, in the store or in any backup, can never be opened
    again: this is how erased subjects stay erased in old backups. Re-wrap every live data
    key first; the active key cannot be retired.
    """
    keyring = load_key_file(path)
    try:
        retired = keyring.without(key_id)
    except ValueError as exc:
        raise OmbudError(f"key file {path}: {exc}") from exc
    _replace(path, retired)
    return retired


def _document(keyring: Keyring) -> str:
    def encode(key: bytes) -> str:
        return base64.b64encode(key).decode("ascii")

    document = {
        "master_keys": {key_id: encode(key) for key_id, key in keyring.master_keys.items()},
        "active": keyring.active,
        "index_key": encode(keyring.index_key),
    }
    return json.dumps(document, indent=2) + "\n"


def _write_exclusive(path: Path, keyring: Keyring) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise OmbudError(
            f"key file {path}: already exists; a key file is never overwritten, "
            "since the data it opens would be lost with it"
        ) from exc
    except OSError as exc:
        raise OmbudError(f"key file {path}: cannot be created ({exc.strerror})") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        os.fchmod(handle.fileno(), 0o600)  # exactly 0600, whatever the umask
        handle.write(_document(keyring))
        handle.flush()
        os.fsync(handle.fileno())


def _replace(path: Path, keyring: Keyring) -> None:
    """Writes the key file anew atomically: a crash leaves the old file or the new one."""
    staged = path.with_name(path.name + ".new")
    _write_exclusive(staged, keyring)
    os.replace(staged, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
