"""Add intake flags: stored texts a rule asked the data protection officer to look at.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "intake_flags",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("kinds", sa.String(length=400), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_intake_flags_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_flags")),
    )
    op.create_index(op.f("ix_intake_flags_subject_id"), "intake_flags", ["subject_id"])
    op.create_index(op.f("ix_intake_flags_at"), "intake_flags", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_intake_flags_at"), table_name="intake_flags")
    op.drop_index(op.f("ix_intake_flags_subject_id"), table_name="intake_flags")
    op.drop_table("intake_flags")
