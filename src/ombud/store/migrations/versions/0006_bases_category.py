"""Copy each record's category onto its bases; index bases for an index-only purge dry run.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

The dry run counts due bases per purpose and category. With the category only on
`records`, it read one record per expired basis, and with expired rows spread thinly
that is nearly every page of both tables. A record's category never changes, so the
copy cannot drift. The backfill is one set-based UPDATE; on SQLite the table is then
rebuilt to make the column NOT NULL (SQLite cannot alter a column in place).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CATEGORY = sa.String(length=200)
COVERING = ("expires_at", "purpose", "category", "record_id")
SIBLINGS = ("record_id", "expires_at", "purpose")


def _index_name(columns: Sequence[str]) -> str:
    return "ix_bases_" + "_".join(columns)


def upgrade() -> None:
    op.add_column("bases", sa.Column("category", CATEGORY, nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE bases SET category = records.category FROM records "
            "WHERE records.id = bases.record_id"
        )
    else:
        op.execute(
            "UPDATE bases SET category = "
            "(SELECT records.category FROM records WHERE records.id = bases.record_id)"
        )
    with op.batch_alter_table("bases") as batch:
        batch.alter_column("category", existing_type=CATEGORY, nullable=False)
        batch.drop_index("ix_bases_expires_at")
        batch.create_index(_index_name(COVERING), list(COVERING))
        batch.create_index(_index_name(SIBLINGS), list(SIBLINGS))


def downgrade() -> None:
    with op.batch_alter_table("bases") as batch:
        batch.drop_index(_index_name(SIBLINGS))
        batch.drop_index(_index_name(COVERING))
        batch.create_index("ix_bases_expires_at", ["expires_at"])
        batch.drop_column("category")
