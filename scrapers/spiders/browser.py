"""Browser contexts for rendered pages: each serves a bounded number of pages, then is closed.

Chromium's memory grows with every page a context has seen (caches, service workers, history),
so a long crawl rotates contexts instead of keeping one open for hours.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

logger = logging.getLogger(__name__)


class ContextRotation:
    def __init__(self, pages_per_context: int) -> None:
        if pages_per_context < 1:
            raise ValueError(
                f"pages per browser context must be at least 1, got {pages_per_context}"
            )
        self.pages_per_context = pages_per_context
        self.assigned = 0
        self.open_pages: Counter[str] = Counter()
        self.contexts: dict[str, Any] = {}  # name -> playwright BrowserContext, once seen
        self.closed: list[str] = []

    @property
    def current(self) -> str:
        return f"salesops-{self.assigned // self.pages_per_context}"

    def assign(self) -> str:
        """The context the next page goes to."""
        name = self.current
        self.assigned += 1
        self.open_pages[name] += 1
        return name

    async def release(self, meta: dict[str, Any]) -> None:
        """Close the request's page and, once an old context has no pages left, the context."""
        name = meta.get("playwright_context")
        if name is None or name not in self.open_pages:
            return
        page = meta.pop("playwright_page", None)
        if page is not None:
            self.contexts.setdefault(name, page.context)
            if not page.is_closed():
                await page.close()
        self.open_pages[name] -= 1
        # A context stays open while it still has pages to serve or pages in flight.
        if self.open_pages[name] <= 0 and name != self.current:
            del self.open_pages[name]
            context = self.contexts.pop(name, None)
            if context is not None:
                await context.close()
                self.closed.append(name)
                logger.debug("closed browser context %s", name)
