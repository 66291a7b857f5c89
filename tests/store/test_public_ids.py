"""Public ids are what people copy into URLs and command lines."""

from ombud.store.tables import new_public_id


def test_public_ids_are_url_safe_unique_and_never_read_as_options() -> None:
    # One token in 64 would start with '-' by chance; 20,000 draws miss that with
    # probability (63/64)**20000, about 1e-137.
    ids = [new_public_id() for _ in range(20_000)]
    assert not [i for i in ids if i.startswith("-")]
    assert len(set(ids)) == len(ids)
    assert all(len(i) == 22 and i.replace("-", "").replace("_", "").isalnum() for i in ids)
