"""Scrapy settings for the salesops crawler (``scrapy crawl product`` and ``salesops scrape``).

Values users tune live in ``salesops.settings.Settings`` (env vars ``SALESOPS_*``); this module
only maps them onto Scrapy's names, so there is one place to configure a crawl.
"""

from salesops.settings import get_settings

_s = get_settings()

BOT_NAME = "salesops"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

# -- politeness ------------------------------------------------------------------------------
USER_AGENT = _s.user_agent
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
# A page yields one outcome; Scrapy's default of 100 starts 100 asyncio tasks per page to
# process it (about a fifth of the crawl process's CPU per page on the throughput benchmark).
CONCURRENT_ITEMS = 1
# One request at a time per competitor (a download slot per competitor, see the spider);
# a competitor's max_concurrency / delay_seconds override these through DOWNLOAD_SLOTS.
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = _s.crawl_timeout_seconds
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # a crawl process opens no listening ports
LOG_LEVEL = _s.log_level

# Retries: 5xx and timeouts back off exponentially; 429/503 wait for Retry-After.
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time
RETRY_BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120.0  # a Retry-After longer than this gives up (recorded as a failure)

# -- components ------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.PrivateAddressMiddleware": 50,  # before robots.txt is even fetched
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "scrapers.middlewares.PoliteAutoThrottle": 0,
}
ITEM_PIPELINES = {
    "scrapers.pipelines.ValidationPipeline": 100,
    "scrapers.pipelines.StorePipeline": 800,
}
SALESOPS_DATABASE_URL = _s.database_url
SALESOPS_ALLOWED_PRIVATE_HOSTS = list(_s.allowed_private_hosts)
SALESOPS_WRITE_BATCH = 100  # observations/failures per store transaction
SALESOPS_SUSPICIOUS_JUMP = 0.8  # a price move above 80% is kept but flagged
# Processes reading pages beside the crawl (None: one per spare core, at most 4, inline on
# one core; 0: inline).
SALESOPS_EXTRACT_WORKERS = None

# -- browser rendering (scrapy-playwright, Debian's Chromium; nothing is downloaded) -----------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": _s.chromium_path,
    "headless": True,
    "args": [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ],
}
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = _s.browser_concurrent_pages
PLAYWRIGHT_MAX_CONTEXTS = 4
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = _s.crawl_timeout_seconds * 1000
SALESOPS_BROWSER_PAGES_PER_CONTEXT = _s.browser_pages_per_context
# Set by the spider only when a listing needs a browser, so static crawls never start one.
PLAYWRIGHT_DOWNLOAD_HANDLERS = {
    "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
    "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
}

FEED_EXPORT_ENCODING = "utf-8"
