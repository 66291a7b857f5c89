from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect, select, text

from ombud.store import current_revision, head_revision, metadata, upgrade
from ombud.store.migrate import alembic_config
from ombud.store.tables import bases, subjects


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


def test_bases_category_is_backfilled_from_records_and_the_downgrade_drops_it(fresh_engine):
    with fresh_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    assert "category" not in {c["name"] for c in inspect(fresh_engine).get_columns("bases")}
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with fresh_engine.begin() as connection:
        connection.execute(subjects.insert().values(id=1, kind="member", created_at=now))
        for record_id, category in ((1, "user.name"), (2, "user.contact.email")):
            connection.execute(
                text(
                    "INSERT INTO records (id, subject_id, category, value, value_hash, source,"
                    " provided_by_subject, collected_at) VALUES (:id, 1, :category, :value,"
                    " :value, 'subject', false, :now)"
                ),
                {"id": record_id, "category": category, "value": bytes([record_id]), "now": now},
            )
            for purpose in ("membership", "newsletter"):
                connection.execute(
                    text(
                        "INSERT INTO bases (record_id, subject_id, purpose, legal_basis, status,"
                        " created_at, updated_at) VALUES (:record, 1, :purpose, 'contract',"
                        " 'active', :now, :now)"
                    ),
                    {"record": record_id, "purpose": purpose, "now": now},
                )
    upgrade(fresh_engine)
    with fresh_engine.connect() as connection:
        copied = connection.execute(
            select(bases.c.record_id, bases.c.purpose, bases.c.category).order_by(
                bases.c.record_id, bases.c.purpose
            )
        ).all()
    assert copied == [
        (1, "membership", "user.name"),
        (1, "newsletter", "user.name"),
        (2, "membership", "user.contact.email"),
        (2, "newsletter", "user.contact.email"),
    ]
    with fresh_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0005")
    assert "category" not in {c["name"] for c in inspect(fresh_engine).get_columns("bases")}
