import re

from ombud.protect import (
    IdentifierKind,
    Keyring,
    blind_index,
    marketing_block_hash,
    pseudonym,
)

EMAIL = IdentifierKind.EMAIL


def test_a_pseudonym_is_stable_short_base32_and_differs_between_subjects(keyring):
    name = pseudonym(keyring, "subject-1")
    assert name == pseudonym(keyring, "subject-1")
    assert re.fullmatch(r"[a-z2-7]{16}", name)
    assert name != pseudonym(keyring, "subject-2")
    assert "subject" not in name


def test_a_pseudonym_depends_on_the_index_key(keyring):
    other = Keyring(dict(keyring.master_keys), "k1", bytes(range(100, 132)))
    assert pseudonym(other, "subject-1") != pseudonym(keyring, "subject-1")


def test_a_marketing_block_is_found_again_from_the_identifier_alone(keyring):
    block = marketing_block_hash(keyring, EMAIL, "anna@example.se")
    assert block == marketing_block_hash(keyring, EMAIL, "anna@example.se")
    assert block != marketing_block_hash(keyring, EMAIL, "berit@example.se")
    assert block != marketing_block_hash(keyring, IdentifierKind.PHONE, "anna@example.se")


def test_a_marketing_block_cannot_be_joined_against_the_live_blind_index(keyring):
    assert marketing_block_hash(keyring, EMAIL, "anna@example.se") != blind_index(
        keyring, EMAIL, "anna@example.se"
    )
