import base64
import json
import os
import stat

import pytest

from ombud.errors import OmbudError
from ombud.protect import (
    generate_key_file,
    keyring_from_env,
    load_key_file,
    new_data_key,
    retire_master_key,
    rewrap,
    rotate_key_file,
    unwrap,
    wrap,
)


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


MASTER_1, MASTER_2, INDEX = bytes(range(32)), bytes(range(32, 64)), bytes(range(64, 96))


def write(path, document, mode=0o600):
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    path.chmod(mode)
    return path


def test_a_generated_key_file_has_mode_0600_and_loads_back(tmp_path):
    path = tmp_path / "ombud.keys"
    keyring = generate_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key_file(path) == keyring
    assert len(keyring.active_key) == 32 and keyring.index_key != keyring.active_key


def test_a_key_file_is_never_overwritten(tmp_path):
    path = tmp_path / "ombud.keys"
    generate_key_file(path)
    before = path.read_bytes()
    with pytest.raises(OmbudError, match=f"key file {path}: already exists"):
        generate_key_file(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o660, 0o610])
def test_a_key_file_that_group_or_others_can_reach_is_refused_naming_path_and_mode(tmp_path, mode):
    path = tmp_path / "ombud.keys"
    generate_key_file(path)
    path.chmod(mode)
    with pytest.raises(OmbudError, match=f"key file {path}: has mode {mode:04o}"):
        load_key_file(path)


def test_a_key_file_readable_by_its_owner_only_loads(tmp_path):
    path = tmp_path / "ombud.keys"
    generate_key_file(path)
    path.chmod(0o400)
    assert load_key_file(path).active


def test_a_missing_key_file_is_refused_naming_the_path(tmp_path):
    with pytest.raises(OmbudError, match="cannot be opened"):
        load_key_file(tmp_path / "absent.keys")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not JSON"),
        ([], "expected JSON"),
        ({"active": "k1", "index_key": b64(INDEX)}, "expected JSON"),
        ({"master_keys": {"k1": b64(MASTER_1)}, "index_key": b64(INDEX)}, "active: missing"),
        (
            {"master_keys": {"k1": "not base64!"}, "active": "k1", "index_key": b64(INDEX)},
            "master_keys.k1: not valid base64",
        ),
        (
            {"master_keys": {"k1": b64(MASTER_1[:8])}, "active": "k1", "index_key": b64(INDEX)},
            "master_keys.k1: decodes to 8 bytes",
        ),
        ({"master_keys": {"k1": b64(MASTER_1)}, "active": "k1"}, "index_key: missing"),
        (
            {"master_keys": {"k1": b64(MASTER_1)}, "active": "k9", "index_key": b64(INDEX)},
            "active master key 'k9'",
        ),
    ],
)
def test_a_malformed_key_file_is_refused_without_echoing_key_material(tmp_path, document, message):
    path = write(tmp_path / "ombud.keys", document)
    with pytest.raises(OmbudError, match=message) as raised:
        load_key_file(path)
    assert str(path) in str(raised.value)
    assert b64(MASTER_1) not in str(raised.value) and b64(INDEX) not in str(raised.value)


def test_rotation_adds_an_active_key_and_old_wrapped_keys_still_open(tmp_path):
    path = tmp_path / "ombud.keys"
    before = generate_key_file(path)
    data_key = new_data_key()
    wrapped = wrap(before, data_key, "subject-1")
    after = rotate_key_file(path)
    assert after.active != before.active
    assert set(after.master_keys) == {before.active, after.active}
    assert after.index_key == before.index_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_key_file(path) == after
    assert unwrap(after, wrapped, "subject-1") == data_key
    moved = rewrap(after, wrapped, "subject-1")

    retired = retire_master_key(path, before.active)
    assert list(retired.master_keys) == [after.active]
    assert load_key_file(path) == retired
    assert unwrap(retired, moved, "subject-1") == data_key
    with pytest.raises(OmbudError, match="not in the keyring"):
        unwrap(retired, wrapped, "subject-1")


def test_the_active_master_key_cannot_be_retired_from_a_key_file(tmp_path):
    path = tmp_path / "ombud.keys"
    keyring = generate_key_file(path)
    with pytest.raises(OmbudError, match="is active"):
        retire_master_key(path, keyring.active)
    assert load_key_file(path) == keyring


def test_rotation_leaves_no_staged_file_behind(tmp_path):
    path = tmp_path / "ombud.keys"
    generate_key_file(path)
    rotate_key_file(path)
    assert os.listdir(tmp_path) == ["ombud.keys"]


def test_a_keyring_comes_from_environment_values_with_the_first_master_key_active():
    keyring = keyring_from_env(f"k2:{b64(MASTER_2)}, k1:{b64(MASTER_1)}", b64(INDEX))
    assert keyring.active == "k2"
    assert dict(keyring.master_keys) == {"k2": MASTER_2, "k1": MASTER_1}
    assert keyring.index_key == INDEX


@pytest.mark.parametrize(
    ("master", "index", "message"),
    [
        (b64(MASTER_1), b64(INDEX), "entry 1 is not `id:base64`"),
        (f"k1:{b64(MASTER_1)},k1:{b64(MASTER_2)}", b64(INDEX), "'k1' appears twice"),
        ("k1:abc", b64(INDEX), "key 'k1': not valid base64"),
        (f"k1:{b64(MASTER_1)}", "", "index key from the environment: not valid base64|decodes"),
        (f"k1:{b64(MASTER_1)}", b64(MASTER_1), "must differ from every master key"),
    ],
)
def test_unusable_environment_values_are_refused(master, index, message):
    with pytest.raises(OmbudError, match=message):
        keyring_from_env(master, index)
