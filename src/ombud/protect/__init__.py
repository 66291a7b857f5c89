"""Protection at rest: envelope encryption, blind indexes, pseudonyms and key rotation.

Every record value is encrypted under its subject's own data key; data keys are wrapped by
a master key that lives outside the database; identifiers are found through keyed hashes.
A database dump alone reveals no names, e-mail addresses or personnummer.
"""

from ombud.protect.envelope import (
    ValueCipher,
    decrypt_value,
    encrypt_value,
    master_key_id,
    new_data_key,
    record_aad,
    rewrap,
    unwrap,
    wrap,
)
from ombud.protect.identifiers import (
    blind_index,
    mask,
    normalise,
    normalise_email,
    normalise_personnummer,
    normalise_phone,
)
from ombud.protect.keys import (
    generate_key_file,
    generate_keyring,
    keyring_from_env,
    load_key_file,
    retire_master_key,
    rotate_key_file,
)
from ombud.protect.model import (
    BlindIndex,
    Ciphertext,
    DataKey,
    IdentifierKind,
    Keyring,
    WrappedKey,
)
from ombud.protect.pseudonym import marketing_block_hash, pseudonym

__all__ = [
    "BlindIndex",
    "Ciphertext",
    "DataKey",
    "IdentifierKind",
    "Keyring",
    "ValueCipher",
    "WrappedKey",
    "blind_index",
    "decrypt_value",
    "encrypt_value",
    "generate_key_file",
    "generate_keyring",
    "keyring_from_env",
    "load_key_file",
    "marketing_block_hash",
    "mask",
    "master_key_id",
    "new_data_key",
    "normalise",
    "normalise_email",
    "normalise_personnummer",
    "normalise_phone",
    "pseudonym",
    "record_aad",
    "retire_master_key",
    "rewrap",
    "rotate_key_file",
    "unwrap",
    "wrap",
]
