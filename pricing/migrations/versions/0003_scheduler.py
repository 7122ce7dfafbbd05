"""scheduler: crawl schedules, their runs, heartbeats and APScheduler's job store

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TRIGGERS = ("manual", "schedule", "api")
STATUSES = ("running", "finished", "failed", "interrupted")


def upgrade() -> None:
    op.create_table(
        "crawl_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("competitor_id", sa.Integer(), nullable=True),
        sa.Column("cron", sa.String(length=200), nullable=True),
        sa.Column("interval_seconds", sa.Integer(), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("jitter_seconds", sa.Integer(), nullable=False),
        sa.Column("timeout_seconds", sa.Integer(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(cron IS NULL) <> (interval_seconds IS NULL)",
            name=op.f("ck_crawl_schedule_cron_xor_interval"),
        ),
        sa.ForeignKeyConstraint(
            ["competitor_id"],
            ["competitor.id"],
            name=op.f("fk_crawl_schedule_competitor_id_competitor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_schedule")),
        sa.UniqueConstraint("name", name=op.f("uq_crawl_schedule_name")),
    )
    op.create_table(
        "schedule_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "trigger",
            sa.Enum(*TRIGGERS, name="crawl_trigger", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(*STATUSES, name="crawl_status", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("crawl_run_id", sa.Integer(), nullable=True),
        sa.Column("runner", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["crawl_schedule.id"],
            name=op.f("fk_schedule_run_schedule_id_crawl_schedule"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["crawl_run_id"],
            ["crawl_run.id"],
            name=op.f("fk_schedule_run_crawl_run_id_crawl_run"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_run")),
        sa.UniqueConstraint(
            "schedule_id", "slot_at", name=op.f("uq_schedule_run_schedule_id_slot_at")
        ),
    )
    op.create_index(
        op.f("ix_schedule_run_schedule_id_started_at"),
        "schedule_run",
        ["schedule_id", "started_at"],
        unique=False,
    )
    op.create_table(
        "scheduler_heartbeat",
        sa.Column("runner", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("running_crawls", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("runner", name=op.f("pk_scheduler_heartbeat")),
    )
    # APScheduler 3's SQLAlchemyJobStore table, exactly as it would create it itself.
    op.create_table(
        "apscheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apscheduler_jobs")),
    )
    op.create_index(
        op.f("ix_apscheduler_jobs_next_run_time"),
        "apscheduler_jobs",
        ["next_run_time"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_apscheduler_jobs_next_run_time"), table_name="apscheduler_jobs")
    op.drop_table("apscheduler_jobs")
    op.drop_table("scheduler_heartbeat")
    op.drop_index(op.f("ix_schedule_run_schedule_id_started_at"), table_name="schedule_run")
    op.drop_table("schedule_run")
    op.drop_table("crawl_schedule")
