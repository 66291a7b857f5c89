"""Index the subjects who blocked direct marketing, for the purge.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

Each purge batch asks which of its subjects blocked direct marketing, to keep a keyed
hash of their identifiers. Without an index PostgreSQL answers by reading every
subject, once per batch (a second of a ten-million-record purge per batch). Few
subjects block marketing, so a partial index over them is small.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_subjects_marketing_block",
        "subjects",
        ["id"],
        postgresql_where=sa.text("marketing_block"),
        sqlite_where=sa.text("marketing_block = 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_subjects_marketing_block", table_name="subjects")
