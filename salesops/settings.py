"""The one settings object: every knob is an env var with the SALESOPS_ prefix."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SALESOPS_", env_file=None, extra="ignore")

    database_url: str = "sqlite:///salesops.db"
    log_level: str = "INFO"
    # Observations older than this are shown as stale and left out of aggregates.
    staleness_days: int = 7
    # Hosts that may resolve to loopback/private addresses (the fixture shop, tests).
    allowed_private_hosts: list[str] = []
    user_agent: str = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Safari/537.36 salesops/0.1"
    )
    chromium_path: str = "/usr/bin/chromium"
    # Crawls: one page's download budget; browser pages open at once per context, and pages a
    # browser context serves before it is closed and replaced (bounds Chromium's memory).
    crawl_timeout_seconds: int = 30
    browser_concurrent_pages: int = 4
    browser_pages_per_context: int = 50
    # Scheduler: a run missed by more than the grace time (downtime) is skipped, not caught up;
    # a whole scheduled crawl is killed after its timeout; on SIGTERM a running crawl gets the
    # shutdown grace to finish before it is stopped and recorded as interrupted.
    scheduler_misfire_grace_seconds: int = 3600
    scheduler_crawl_timeout_seconds: int = 3600
    scheduler_shutdown_grace_seconds: int = 30
    scheduler_heartbeat_seconds: int = 15
    scheduler_sync_seconds: int = 10
    scheduler_max_parallel_crawls: int = 4
    max_upload_mb: int = 50
    # PostgreSQL connections per API worker for the one-product read path. A few per core is
    # enough: the query takes ~0.3 ms, and more connections only add backends competing for the
    # same cores (2 cores, 50 clients: p99 87-98 ms with 4, 109-116 ms with 10).
    api_read_pool_size: int = Field(4, ge=1, le=100)
    # Alert notifications: the SMTP relay for e-mails and how often a webhook is tried.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    alert_sender: str = "salesops@localhost"
    webhook_attempts: int = 3


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings are read once per process; tests call ``get_settings.cache_clear()``."""
    return Settings()
