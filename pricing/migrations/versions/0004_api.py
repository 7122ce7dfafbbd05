"""API keys and planning jobs

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column(
            "role",
            sa.Enum("viewer", "analyst", "admin", name="api_role", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_key_prefix")),
    )
    op.create_table(
        "planning_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued", "running", "finished", "failed",
                name="job_status", native_enum=False, length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("units_name", sa.String(length=500), nullable=False),
        sa.Column("units_data", sa.LargeBinary(), nullable=False),
        sa.Column("reps_data", sa.LargeBinary(), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("assignment", sa.JSON(), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planning_job")),
    )
    op.create_index(op.f("ix_planning_job_status"), "planning_job", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_planning_job_status"), table_name="planning_job")
    op.drop_table("planning_job")
    op.drop_table("api_key")
