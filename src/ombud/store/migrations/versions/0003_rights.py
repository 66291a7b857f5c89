"""Carry out data subject requests: their target purpose, sealed detail, extension notice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)  # UTCDateTime: timestamptz; naive UTC on SQLite


def upgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("purpose", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("detail", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("extension_noticed_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("extension_noticed_at")
        batch.drop_column("detail")
        batch.drop_column("purpose")
