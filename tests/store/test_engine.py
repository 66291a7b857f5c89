from pathlib import Path

import pytest
from sqlalchemy import text

from ombud.store import create_engine_for, default_database_url, session_factory
from ombud.store.engine import normalise_url


def test_the_default_database_is_an_sqlite_file_in_the_data_dir():
    assert default_database_url(Path("/srv/ombud")) == "sqlite:////srv/ombud/ombud.db"


@pytest.mark.parametrize(
    ("given", "driver"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg"),
        ("postgres://u@h/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg"),
        ("sqlite:///var/ombud.db", "sqlite"),
    ],
)
def test_postgresql_urls_use_psycopg_3(given, driver):
    assert normalise_url(given).drivername == driver


def test_other_backends_are_refused_naming_the_supported_ones():
    expected = r"'mysql' is not supported; expected sqlite:///"
    with pytest.raises(ValueError, match=expected) as raised:
        normalise_url("mysql://u:secret@h/db")
    assert "secret" not in str(raised.value)


def test_sqlite_connections_are_tuned_for_one_writer_and_enforce_foreign_keys(tmp_path):
    engine = create_engine_for(f"sqlite:///{tmp_path}/nested/ombud.db")
    try:
        with session_factory(engine)() as session:
            pragmas = {
                name: session.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
        assert pragmas == {
            "journal_mode": "wal",
            "foreign_keys": 1,
            "busy_timeout": 5000,
            "synchronous": 1,  # NORMAL
        }
    finally:
        engine.dispose()
    assert (tmp_path / "nested" / "ombud.db").exists()
