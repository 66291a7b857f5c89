"""Less per-row work for the server when records are written in bulk.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23

- `bases.subject_id` loses its own foreign key. It repeats the subject of the basis's
  record, which is tied to its subject by the record's foreign key (and a subject
  cannot be removed while it has records); the second check found nothing the first
  did not, yet cost the server an index probe and a row lock for every basis written,
  about a tenth of a bulk import's time on PostgreSQL.
- The indexes on `records.entry_id` and `events.entry_id` hold only rows that belong to
  an entry: they answer "the records (events) of this entry", and nearly every row of
  an import or a form belongs to none. A lookup by entry id implies `entry_id IS NOT
  NULL`, so both backends still use them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_ENTRY = sa.text("entry_id IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("bases") as batch:
        batch.drop_constraint("fk_bases_subject_id_subjects", type_="foreignkey")
    for table in ("records", "events"):
        op.drop_index(f"ix_{table}_entry_id", table_name=table)
        op.create_index(
            f"ix_{table}_entry_id",
            table,
            ["entry_id"],
            postgresql_where=HAS_ENTRY,
            sqlite_where=HAS_ENTRY,
        )


def downgrade() -> None:
    for table in ("records", "events"):
        op.drop_index(f"ix_{table}_entry_id", table_name=table)
        op.create_index(f"ix_{table}_entry_id", table, ["entry_id"])
    with op.batch_alter_table("bases") as batch:
        batch.create_foreign_key("fk_bases_subject_id_subjects", "subjects", ["subject_id"], ["id"])
