import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given
from hypothesis import strategies as st

from ombud.errors import OmbudError
from ombud.protect import (
    Ciphertext,
    Keyring,
    ValueCipher,
    WrappedKey,
    decrypt_value,
    encrypt_value,
    master_key_id,
    new_data_key,
    record_aad,
    rewrap,
    unwrap,
    wrap,
)

MASTER_1, MASTER_2, INDEX = bytes(range(32)), bytes(range(32, 64)), bytes(range(64, 96))

DATA_KEY = new_data_key()
AAD = record_aad("rec-1", "user.contact.email")


@given(st.text(), st.binary(max_size=64))
def test_any_text_round_trips_through_encrypt_and_decrypt(plaintext, aad):
    ciphertext = encrypt_value(DATA_KEY, plaintext, aad=aad)
    assert decrypt_value(DATA_KEY, ciphertext, aad=aad) == plaintext


@given(st.text(min_size=4))
def test_ciphertext_contains_no_plaintext_bytes(plaintext):
    ciphertext = encrypt_value(DATA_KEY, plaintext, aad=AAD)
    assert plaintext.encode() not in ciphertext


def test_the_same_value_encrypts_differently_each_time():
    assert encrypt_value(DATA_KEY, "Anna", aad=AAD) != encrypt_value(DATA_KEY, "Anna", aad=AAD)


@pytest.mark.parametrize(
    "other_aad",
    [record_aad("rec-2", "user.contact.email"), record_aad("rec-1", "user.name")],
    ids=["another record", "another category"],
)
def test_a_value_moved_to_another_record_or_category_does_not_decrypt(other_aad):
    ciphertext = encrypt_value(DATA_KEY, "anna@example.se", aad=AAD)
    with pytest.raises(OmbudError, match="does not open") as raised:
        decrypt_value(DATA_KEY, ciphertext, aad=other_aad)
    assert isinstance(raised.value.__cause__, InvalidTag)


def test_a_value_under_another_subjects_key_does_not_decrypt():
    ciphertext = encrypt_value(DATA_KEY, "anna@example.se", aad=AAD)
    with pytest.raises(OmbudError, match="does not open"):
        decrypt_value(new_data_key(), ciphertext, aad=AAD)


def test_a_tampered_value_does_not_decrypt():
    ciphertext = bytearray(encrypt_value(DATA_KEY, "anna@example.se", aad=AAD))
    ciphertext[-1] ^= 1
    with pytest.raises(OmbudError, match="altered"):
        decrypt_value(DATA_KEY, Ciphertext(bytes(ciphertext)), aad=AAD)


def test_a_value_in_an_unknown_format_is_refused():
    with pytest.raises(OmbudError, match="unknown format"):
        decrypt_value(DATA_KEY, Ciphertext(b"\x02" + bytes(40)), aad=AAD)


def test_record_aad_cannot_be_made_to_agree_by_shifting_characters_between_parts():
    assert record_aad("rec-1", "x.y") != record_aad("rec-1x", ".y")


def test_value_cipher_matches_the_one_shot_functions():
    cipher = ValueCipher(DATA_KEY)
    assert decrypt_value(DATA_KEY, cipher.encrypt("Anna", aad=AAD), aad=AAD) == "Anna"
    assert cipher.decrypt(encrypt_value(DATA_KEY, "Berg", aad=AAD), aad=AAD) == "Berg"


def test_a_data_key_is_32_random_bytes():
    assert len(DATA_KEY) == 32
    assert new_data_key() != new_data_key()


def test_a_wrapped_key_unwraps_for_its_subject_and_names_its_master_key(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    assert unwrap(keyring, wrapped, "subject-1") == DATA_KEY
    assert master_key_id(wrapped) == "k1"
    assert DATA_KEY not in wrapped


def test_a_wrapped_key_does_not_unwrap_for_another_subject(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    with pytest.raises(OmbudError, match="another subject") as raised:
        unwrap(keyring, wrapped, "subject-2")
    assert isinstance(raised.value.__cause__, InvalidTag)


def test_a_wrapped_key_whose_key_id_is_altered_does_not_unwrap():
    both = Keyring({"k1": MASTER_1, "k2": MASTER_2}, "k1", INDEX)
    wrapped = wrap(both, DATA_KEY, "subject-1")
    forged = WrappedKey(wrapped.replace(b"k1", b"k2", 1))
    with pytest.raises(OmbudError, match="does not open"):
        unwrap(both, forged, "subject-1")


def test_old_wrapped_keys_still_unwrap_after_a_new_master_key_becomes_active(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    rotated = keyring.with_active("k2", MASTER_2)
    assert unwrap(rotated, wrapped, "subject-1") == DATA_KEY
    assert master_key_id(wrap(rotated, DATA_KEY, "subject-1")) == "k2"


def test_rewrap_moves_a_data_key_to_the_active_master_key(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    rotated = keyring.with_active("k2", MASTER_2)
    moved = rewrap(rotated, wrapped, "subject-1")
    assert master_key_id(moved) == "k2"
    retired = rotated.without("k1")
    assert unwrap(retired, moved, "subject-1") == DATA_KEY


def test_rewrap_leaves_a_key_already_under_the_active_master_key_unchanged(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    assert rewrap(keyring, wrapped, "subject-1") is wrapped


def test_a_key_wrapped_under_a_retired_master_key_can_never_be_opened(keyring):
    wrapped = wrap(keyring, DATA_KEY, "subject-1")
    retired = keyring.with_active("k2", MASTER_2).without("k1")
    with pytest.raises(OmbudError, match="master key 'k1', which is not in the keyring"):
        unwrap(retired, wrapped, "subject-1")


@pytest.mark.parametrize("wrapped", [b"", b"\x02\x02k1" + bytes(60), b"\x01\x02k1" + bytes(10)])
def test_a_malformed_wrapped_key_is_refused(keyring, wrapped):
    with pytest.raises(OmbudError, match="wrapped data key"):
        unwrap(keyring, WrappedKey(wrapped), "subject-1")
