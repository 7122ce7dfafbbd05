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


AVAIL = ("InStock", "OutOfStock", "PreOrder", "BackOrder", "LimitedAvailability", "Discontinued")
COLS = (
    "listing_id, cur_id, cur_run_id, cur_observed_at, cur_price, cur_regular_price, "
    "cur_currency, cur_availability, prev_id, prev_run_id, prev_observed_at, prev_price, "
    "prev_regular_price, prev_currency, prev_availability"
)
PICK = (
    "c.listing_id, c.id, c.crawl_run_id, c.observed_at, c.price, c.regular_price, c.currency, "
    "c.availability, p.id, p.crawl_run_id, p.observed_at, p.price, p.regular_price, p.currency, "
    "p.availability"
)


def _newest(listing: str, offset: int) -> str:
    return (
        f"(SELECT * FROM price_observation WHERE listing_id = {listing} AND NOT suspicious "
        f"ORDER BY observed_at DESC, id DESC LIMIT 1 OFFSET {offset})"
    )


def refresh_sql(listing: str) -> str:
    """The two newest valid observations of one listing, as one latest_price row."""
    return f"SELECT {PICK} FROM {_newest(listing, 0)} c LEFT JOIN {_newest(listing, 1)} p ON 1 = 1"


REBUILD = f"""
INSERT INTO latest_price ({COLS})
WITH ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY listing_id ORDER BY observed_at DESC, id DESC) AS rn
    FROM price_observation WHERE NOT suspicious
)
SELECT {PICK} FROM ranked c LEFT JOIN ranked p ON p.listing_id = c.listing_id AND p.rn = 2
WHERE c.rn = 1
"""

PG_FUNCTION = f"""
CREATE FUNCTION refresh_latest_price(lid integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO latest_price ({COLS}) {refresh_sql("lid")}
    ON CONFLICT (listing_id) DO UPDATE SET ({COLS}) = ROW(EXCLUDED.*);
    IF NOT FOUND THEN
        DELETE FROM latest_price WHERE listing_id = lid;
    END IF;
END $$;
CREATE FUNCTION latest_price_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM refresh_latest_price(NEW.listing_id);
    END IF;
    IF TG_OP = 'DELETE' OR OLD.listing_id <> NEW.listing_id THEN
        PERFORM refresh_latest_price(OLD.listing_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER latest_price_sync AFTER INSERT OR UPDATE OR DELETE ON price_observation
FOR EACH ROW EXECUTE FUNCTION latest_price_trigger();
"""


def _sqlite_refresh(row: str) -> str:
    return (
        f"DELETE FROM latest_price WHERE listing_id = {row}.listing_id; "
        f"INSERT INTO latest_price ({COLS}) {refresh_sql(row + '.listing_id')} WHERE 1;"
    )


SQLITE_TRIGGERS = [
    "CREATE TRIGGER latest_price_insert AFTER INSERT ON price_observation BEGIN "
    + _sqlite_refresh("NEW")
    + " END",
    "CREATE TRIGGER latest_price_update AFTER UPDATE ON price_observation BEGIN "
    + _sqlite_refresh("OLD")
    + " "
    + _sqlite_refresh("NEW")
    + " END",
    "CREATE TRIGGER latest_price_delete AFTER DELETE ON price_observation BEGIN "
    + _sqlite_refresh("OLD")
    + " END",
]


def upgrade() -> None:
    op.create_table(
        "latest_price",
        sa.Column("listing_id", sa.Integer(), nullable=False),
        sa.Column("cur_id", sa.Integer(), nullable=False),
        sa.Column("cur_run_id", sa.Integer(), nullable=False),
        sa.Column("cur_observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cur_price", sa.Numeric(precision=14, scale=4), nullable=False),
        sa.Column("cur_regular_price", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("cur_currency", sa.String(length=3), nullable=False),
        sa.Column(
            "cur_availability",
            sa.Enum(*AVAIL, name="availability", native_enum=False, length=32),
            nullable=True,
        ),
        sa.Column("prev_id", sa.Integer(), nullable=True),
        sa.Column("prev_run_id", sa.Integer(), nullable=True),
        sa.Column("prev_observed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("prev_price", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("prev_regular_price", sa.Numeric(precision=14, scale=4), nullable=True),
        sa.Column("prev_currency", sa.String(length=3), nullable=True),
        sa.Column(
            "prev_availability",
            sa.Enum(*AVAIL, name="availability", native_enum=False, length=32),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["listing_id"], ["listing.id"], name=op.f("fk_latest_price_listing_id_listing"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("listing_id", name=op.f("pk_latest_price")),
    )
    op.create_index(op.f("ix_latest_price_cur_observed_at"), "latest_price", ["cur_observed_at"])
    op.execute(REBUILD)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
    else:
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER latest_price_sync ON price_observation")
        op.execute("DROP FUNCTION latest_price_trigger()")
        op.execute("DROP FUNCTION refresh_latest_price(integer)")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER latest_price_{name}")
    op.drop_index(op.f("ix_latest_price_cur_observed_at"), table_name="latest_price")
    op.drop_table("latest_price")
    op.drop_index("ix_price_observation_suspicious_observed_at", table_name="price_observation")
    op.drop_index(op.f("ix_alert_closed_at"), table_name="alert")
    op.drop_index(op.f("ix_alert_rule_id_listing_id_closed_at"), table_name="alert")
    op.drop_table("alert")
    op.drop_table("alert_rule")
    op.drop_table("fx_rate")
