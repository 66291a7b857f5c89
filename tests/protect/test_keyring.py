import pytest

from ombud.protect import Keyring

MASTER_1, MASTER_2, INDEX = bytes(range(32)), bytes(range(32, 64)), bytes(range(64, 96))


def test_a_keyring_never_shows_its_keys_in_repr(keyring):
    text = repr(keyring)
    assert "k1" in text
    assert repr(MASTER_1) not in text and repr(INDEX) not in text


def test_a_keyring_cannot_be_changed_through_the_dict_it_was_made_from():
    keys = {"k1": MASTER_1}
    keyring = Keyring(keys, "k1", INDEX)
    keys["k2"] = MASTER_2
    assert list(keyring.master_keys) == ["k1"]
    with pytest.raises(TypeError):
        keyring.master_keys["k2"] = MASTER_2  # type: ignore[index]


@pytest.mark.parametrize(
    ("master_keys", "active", "index_key", "message"),
    [
        ({}, "k1", INDEX, "at least one master key"),
        ({"k1": MASTER_1[:16]}, "k1", INDEX, "got 16 bytes; expected 32"),
        ({"k 1": MASTER_1}, "k 1", INDEX, "master key id 'k 1'"),
        ({"k1": MASTER_1}, "k2", INDEX, "active master key 'k2'"),
        ({"k1": MASTER_1}, "k1", INDEX[:31], "index key: got 31 bytes"),
        ({"k1": MASTER_1}, "k1", MASTER_1, "must differ from every master key"),
    ],
)
def test_an_unusable_keyring_is_refused(master_keys, active, index_key, message):
    with pytest.raises(ValueError, match=message):
        Keyring(master_keys, active, index_key)


def test_the_active_master_key_cannot_be_retired(keyring):
    with pytest.raises(ValueError, match="is active"):
        keyring.without("k1")


def test_a_new_master_key_needs_a_new_id(keyring):
    with pytest.raises(ValueError, match="already in the keyring"):
        keyring.with_active("k1", MASTER_2)
