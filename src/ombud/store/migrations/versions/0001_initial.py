"""Create the initial schema: subjects, records, bases, consents, requests, audit, purge.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The column types of ombud.store.types, spelled as the DDL they produce, so this
# revision keeps its meaning whatever those classes become.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")  # rowid alias on SQLite
UTC_TIME = sa.DateTime(timezone=True)  # UTCDateTime: timestamptz; naive UTC on SQLite


def upgrade() -> None:
    op.create_table(
        "subjects",
        sa.Column("id", ID, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("wrapped_key", sa.LargeBinary(), nullable=True),
        sa.Column("protected_identity", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("marketing_block", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("public_id", name=op.f("uq_subjects_public_id")),
    )

    op.create_table(
        "subject_identifiers",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("blind_index", sa.LargeBinary(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN ('email', 'phone', 'personnummer')",
            name=op.f("ck_subject_identifiers_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_subject_identifiers_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_identifiers")),
        sa.UniqueConstraint(
            "kind", "blind_index", name=op.f("uq_subject_identifiers_kind_blind_index")
        ),
    )
    op.create_index(
        op.f("ix_subject_identifiers_subject_id"), "subject_identifiers", ["subject_id"]
    )

    op.create_table(
        "entries",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_entries_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
    )
    op.create_index(op.f("ix_entries_subject_id"), "entries", ["subject_id"])

    op.create_table(
        "records",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("value_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_name", sa.String(length=200), nullable=True),
        sa.Column("provided_by_subject", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("collected_at", UTC_TIME, nullable=False),
        sa.Column("entry_id", ID, nullable=True),
        sa.CheckConstraint(
            "source <> 'third_party' OR source_name IS NOT NULL",
            name=op.f("ck_records_third_party_named"),
        ),
        sa.CheckConstraint(
            "source IN ('subject', 'third_party', 'observed')", name=op.f("ck_records_source_valid")
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_records_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_records_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint(
            "subject_id",
            "category",
            "value_hash",
            "entry_id",
            name=op.f("uq_records_subject_id_category_value_hash_entry_id"),
        ),
    )
    op.create_index(op.f("ix_records_entry_id"), "records", ["entry_id"])
    op.create_index(
        "uq_records_subject_id_category_value_hash_no_entry",
        "records",
        ["subject_id", "category", "value_hash"],
        unique=True,
        sqlite_where=sa.text("entry_id IS NULL"),
        postgresql_where=sa.text("entry_id IS NULL"),
    )

    op.create_table(
        "bases",
        sa.Column("id", ID, nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("legal_basis", sa.String(length=50), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="active", nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'restricted', 'objected', 'withdrawn')",
            name=op.f("ck_bases_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"], ["records.id"], name=op.f("fk_bases_record_id_records")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_bases_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bases")),
        sa.UniqueConstraint("record_id", "purpose", name=op.f("uq_bases_record_id_purpose")),
    )
    op.create_index(op.f("ix_bases_expires_at"), "bases", ["expires_at"])
    op.create_index(op.f("ix_bases_purpose_subject_id"), "bases", ["purpose", "subject_id"])
    op.create_index(op.f("ix_bases_subject_id_purpose"), "bases", ["subject_id", "purpose"])

    op.create_table(
        "events",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("entry_id", ID, nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_events_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_events_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_entry_id"), "events", ["entry_id"])
    op.create_index(op.f("ix_events_subject_id_name_at"), "events", ["subject_id", "name", "at"])

    op.create_table(
        "consent_texts",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.CheckConstraint("length(hash) = 64", name=op.f("ck_consent_texts_hash_length")),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_consent_texts")),
    )

    op.create_table(
        "consents",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("given_at", UTC_TIME, nullable=False),
        sa.Column("method", sa.String(length=50), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("explicit", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("withdrawn_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_consents_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["text_hash"], ["consent_texts.hash"], name=op.f("fk_consents_text_hash_consent_texts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    op.create_index(op.f("ix_consents_subject_id_purpose"), "consents", ["subject_id", "purpose"])
    op.create_index(op.f("ix_consents_text_hash"), "consents", ["text_hash"])

    op.create_table(
        "held_records",
        sa.Column("id", ID, nullable=False),
        sa.Column("subject_id", ID, nullable=False),
        sa.Column("hold", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("moved_at", UTC_TIME, nullable=False),
        sa.Column("law", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_held_records_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_records")),
    )
    op.create_index(op.f("ix_held_records_expires_at"), "held_records", ["expires_at"])
    op.create_index(op.f("ix_held_records_subject_id"), "held_records", ["subject_id"])

    op.create_table(
        "marketing_blocks",
        sa.Column("hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_marketing_blocks")),
    )

    op.create_table(
        "purge_runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("records_per_second", sa.Float(), nullable=True),
        sa.Column("as_of", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purge_runs")),
    )

    op.create_table(
        "erasure_log",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.CheckConstraint(
            "kind <> 'purge' OR run_id IS NOT NULL", name=op.f("ck_erasure_log_purge_has_run")
        ),
        sa.CheckConstraint("kind IN ('purge', 'erasure')", name=op.f("ck_erasure_log_kind_valid")),
        sa.CheckConstraint("count >= 0", name=op.f("ck_erasure_log_count_not_negative")),
        sa.ForeignKeyConstraint(
            ["run_id"], ["purge_runs.id"], name=op.f("fk_erasure_log_run_id_purge_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_log")),
    )
    op.create_index(op.f("ix_erasure_log_run_id"), "erasure_log", ["run_id"])

    op.create_table(
        "locks",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_locks")),
    )

    op.create_table(
        "requests",
        sa.Column("id", ID, nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("subject_id", ID, nullable=True),
        sa.Column("contact_index", sa.LargeBinary(length=32), nullable=True),
        sa.Column("contact_value", sa.LargeBinary(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("received_at", UTC_TIME, nullable=False),
        sa.Column("verified_at", UTC_TIME, nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_to", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), server_default="received", nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.CheckConstraint(
            "status IN ('received', 'verified', 'in_progress', 'completed', 'refused')",
            name=op.f("ck_requests_status_valid"),
        ),
        sa.CheckConstraint(
            "type IN ('access', 'rectification', 'erasure', 'restriction', 'objection', "
            "'portability', 'consent_withdrawal')",
            name=op.f("ck_requests_type_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_requests_subject_id_subjects"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requests")),
        sa.UniqueConstraint("public_id", name=op.f("uq_requests_public_id")),
    )
    op.create_index(op.f("ix_requests_contact_index"), "requests", ["contact_index"])
    op.create_index(op.f("ix_requests_status_due_on"), "requests", ["status", "due_on"])
    op.create_index(op.f("ix_requests_subject_id"), "requests", ["subject_id"])

    op.create_table(
        "verification_codes",
        sa.Column("id", ID, nullable=False),
        sa.Column("request_id", ID, nullable=True),
        sa.Column("purpose", sa.String(length=50), nullable=False),
        sa.Column("code_hash", sa.String(length=255), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("used_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_verification_codes_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verification_codes")),
    )
    op.create_index(op.f("ix_verification_codes_request_id"), "verification_codes", ["request_id"])

    op.create_table(
        "audit_events",
        sa.Column("id", ID, nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("subject_ref", sa.String(length=100), nullable=True),
        sa.Column("purpose", sa.String(length=100), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_events_hash")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_events_subject_ref"), "audit_events", ["subject_ref"])


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("verification_codes")
    op.drop_table("requests")
    op.drop_table("locks")
    op.drop_table("erasure_log")
    op.drop_table("purge_runs")
    op.drop_table("marketing_blocks")
    op.drop_table("held_records")
    op.drop_table("consents")
    op.drop_table("consent_texts")
    op.drop_table("events")
    op.drop_table("bases")
    op.drop_table("records")
    op.drop_table("entries")
    op.drop_table("subject_identifiers")
    op.drop_table("subjects")
