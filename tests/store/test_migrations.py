from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect

from ombud.store import current_revision, head_revision, metadata, upgrade
from ombud.store.migrate import alembic_config


def test_upgrade_from_empty_builds_exactly_the_declared_schema(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, metadata) == []


def test_upgrade_creates_every_check_constraint(engine):
    # Alembic's comparison ignores CHECK constraints; compare their names here.
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        declared = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        found = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert found == declared, table.name


def test_upgraded_database_is_at_the_single_head(engine):
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1
    assert current_revision(engine) == head_revision() == heads[0]


def test_upgrade_again_changes_nothing(engine):
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_downgrade_to_base_removes_every_table(fresh_engine):
    with fresh_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(fresh_engine).get_table_names()) == {"alembic_version"}
    assert current_revision(fresh_engine) is None
