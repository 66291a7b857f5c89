"""Add staff accounts and their roles, and the portal's sign-in codes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_roles",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("purposes", sa.Text(), nullable=False),
        sa.Column("requests", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("admin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_roles")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_roles_name")),
    )
    op.create_table(
        "staff",
        sa.Column("id", ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("role_id", ID, nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("disabled_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["role_id"], ["staff_roles.id"], name=op.f("fk_staff_role_id_staff_roles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("name", name=op.f("uq_staff_name")),
    )
    op.create_index(op.f("ix_staff_role_id"), "staff", ["role_id"])
    op.create_table(
        "sign_in_codes",
        sa.Column("id", ID, nullable=False),
        sa.Column("contact_index", sa.LargeBinary(length=32), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_codes")),
    )
    op.create_index(op.f("ix_sign_in_codes_contact_index"), "sign_in_codes", ["contact_index"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sign_in_codes_contact_index"), table_name="sign_in_codes")
    op.drop_table("sign_in_codes")
    op.drop_index(op.f("ix_staff_role_id"), table_name="staff")
    op.drop_table("staff")
    op.drop_table("staff_roles")
