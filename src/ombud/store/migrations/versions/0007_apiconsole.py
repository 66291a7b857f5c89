"""Tokens that may list data subject requests; intake flags an officer has reviewed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("api_tokens") as batch:
        batch.add_column(
            sa.Column("requests", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("intake_flags") as batch:
        batch.add_column(sa.Column("reviewed_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=100), nullable=True))
        batch.create_index("ix_intake_flags_purpose_reviewed_at", ["purpose", "reviewed_at"])


def downgrade() -> None:
    with op.batch_alter_table("intake_flags") as batch:
        batch.drop_index("ix_intake_flags_purpose_reviewed_at")
        batch.drop_column("reviewed_by")
        batch.drop_column("reviewed_at")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("requests")
