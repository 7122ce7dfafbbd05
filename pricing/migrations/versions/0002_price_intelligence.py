"""price intelligence: exchange rates, alert rules, alerts

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

KINDS = (
    "undercut_percent",
    "undercut_amount",
    "price_drop_percent",
    "below_map",
    "out_of_stock",
    "back_in_stock",
    "failed_runs",
)


def upgrade() -> None:
    op.create_table(
        "fx_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=8), nullable=False),
        sa.Column("valid_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fx_rate")),
        sa.UniqueConstraint("base", "quote", "valid_on", name=op.f("uq_fx_rate_base_quote_valid_on")),
    )
    op.create_table(
        "alert_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="alert_kind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("threshold", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("product_id", sa.Integer(), nullable=True),
        sa.Column("competitor_id", sa.Integer(), nullable=True),
        sa.Column("webhook_url", sa.String(length=2000), nullable=True),
        sa.Column("email_to", sa.String(length=500), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["competitor_id"],
            ["competitor.id"],
            name=op.f("fk_alert_rule_competitor_id_competitor"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["product.id"],
            name=op.f("fk_alert_rule_product_id_product"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rule")),
        sa.UniqueConstraint("name", name=op.f("uq_alert_rule_name")),
    )
    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=False),
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_run_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_run_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notify_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["alert_rule.id"], name=op.f("fk_alert_rule_id_alert_rule"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_alert_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["opened_run_id"], ["crawl_run.id"], name=op.f("fk_alert_opened_run_id_crawl_run")
        ),
        sa.ForeignKeyConstraint(
            ["closed_run_id"], ["crawl_run.id"], name=op.f("fk_alert_closed_run_id_crawl_run")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert")),
    )
    op.create_index(
        op.f("ix_alert_rule_id_listing_id_closed_at"),
        "alert",
        ["rule_id", "listing_id", "closed_at"],
        unique=False,
    )
    op.create_index(op.f("ix_alert_closed_at"), "alert", ["closed_at"], unique=False)
    # Suspicious observations are rare; the review list finds them without a full scan.
    op.create_index(
        "ix_price_observation_suspicious_observed_at",
        "price_observation",
        ["observed_at"],
        unique=False,
        postgresql_where=sa.text("suspicious"),
        sqlite_where=sa.text("suspicious"),
    )


def downgrade() -> None:
    op.drop_index("ix_price_observation_suspicious_observed_at", table_name="price_observation")
    op.drop_index(op.f("ix_alert_closed_at"), table_name="alert")
    op.drop_index(op.f("ix_alert_rule_id_listing_id_closed_at"), table_name="alert")
    op.drop_table("alert")
    op.drop_table("alert_rule")
    op.drop_table("fx_rate")
