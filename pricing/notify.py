"""Alert notifications: a JSON POST to a webhook (retried) and an e-mail over SMTP.

Delivery problems never lose an alert: the caller stores the error on the alert and the
analyst still sees it in `salesops alerts list`.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from salesops.settings import get_settings

log = logging.getLogger(__name__)


class NotificationFailed(RuntimeError):
    """The receiver could not be reached or refused the message (after the retries)."""


@dataclass(frozen=True)
class Notifier:
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    sender: str = "salesops@localhost"
    webhook_attempts: int = 3
    backoff_seconds: float = 0.5
    timeout_seconds: float = 5.0

    @classmethod
    def from_settings(cls) -> Notifier:
        s = get_settings()
        return cls(
            smtp_host=s.smtp_host,
            smtp_port=s.smtp_port,
            sender=s.alert_sender,
            webhook_attempts=s.webhook_attempts,
        )

    def post_json(self, url: str, payload: dict[str, Any]) -> int:
        """POST ``payload``; retries connection errors, 429 and 5xx with a doubling pause."""
        if not url.lower().startswith(("http://", "https://")):
            raise NotificationFailed(f"webhook URL {url!r} must start with http:// or https://")
        body = json.dumps(payload, default=str).encode()
        last = ""
        for attempt in range(1, self.webhook_attempts + 1):
            request = urllib.request.Request(
                url,
                data=body,
                method="POST",
                headers={"Content-Type": "application/json", "User-Agent": "salesops-alerts"},
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout_seconds) as resp:
                    return resp.status
            except urllib.error.HTTPError as exc:
                last = f"HTTP {exc.code}"
                if exc.code != 429 and exc.code < 500:
                    break  # the receiver rejected this payload; sending it again won't help
            except (urllib.error.URLError, OSError) as exc:
                last = str(getattr(exc, "reason", exc))
            log.warning(
                "webhook %s attempt %d/%d failed: %s", url, attempt, self.webhook_attempts, last
            )
            if attempt < self.webhook_attempts:
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        raise NotificationFailed(f"webhook {url}: {last}")

    def send_email(self, to: str, subject: str, body: str) -> None:
        msg = EmailMessage()
        msg["From"] = self.sender
        msg["To"] = to
        msg["Subject"] = subject
        msg.set_content(body)
        try:
            with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=self.timeout_seconds) as smtp:
                smtp.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            raise NotificationFailed(
                f"e-mail to {to} via {self.smtp_host}:{self.smtp_port}: {exc}"
            ) from None
