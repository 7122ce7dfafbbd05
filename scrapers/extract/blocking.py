"""Recognising bot walls: a CAPTCHA or challenge page is a block, even when served with 200.

A normal product page may load a CAPTCHA script for its login or review form, so a page counts
as blocked only on a vendor's challenge markers or on a CAPTCHA widget in a page with no shop
content around it.
"""

from __future__ import annotations

import re
from html import unescape

# (reason, pattern) — markers that only challenge/deny pages carry.
_VENDOR_MARKERS = [
    (
        "Cloudflare challenge",
        r"<title>\s*just a moment\.\.\.|cf-chl-|cf_chl_opt|challenge-platform"
        r"|checking your browser before accessing|attention required! \| cloudflare",
    ),
    ("DataDome CAPTCHA", r"captcha-delivery\.com|geo\.captcha-delivery|datadome"),
    ("PerimeterX challenge", r"_pxcaptcha|px-captcha|perimeterx|_pxappid.*press (?:&|&amp;) hold"),
    ("Akamai access denied", r"errors\.edgesuite\.net|reference #\d+\.[0-9a-f]+\.\d+"),
    ("Imperva/Incapsula challenge", r"incapsula incident id|_incapsula_resource"),
    ("AWS WAF CAPTCHA", r"awswafintegration|captcha\.awswaf|aws-waf-token"),
    ("Kasada challenge", r"kpsdk|ips\.js\?"),
]
_VENDOR_RE = [(reason, re.compile(p, re.I)) for reason, p in _VENDOR_MARKERS]
_WIDGET = re.compile(
    r"class=[\"'][^\"']*\b(g-recaptcha|h-captcha|cf-turnstile|frc-captcha)\b|"
    r"hcaptcha\.com/1/api\.js|challenges\.cloudflare\.com/turnstile",
    re.I,
)
_HUMAN_TEXT = re.compile(
    r"verify (?:that )?you are (?:a )?human|are you a robot|not a robot|unusual traffic|"
    r"press (?:&|&amp;) hold|complete the security check|bot detection|"
    r"kein roboter|sind sie ein mensch|vous n'êtes pas un robot|no eres un robot|non sei un robot|"
    r"geen robot",
    re.I,
)
_DENIED_TITLE = re.compile(
    r"<title>[^<]*(access denied|access to this page has been denied|forbidden|request blocked|"
    r"zugriff verweigert|accès refusé|acceso denegado|you have been blocked|"
    r"pardon our interruption)",
    re.I,
)
_SHOP_CONTENT = re.compile(
    r"application/ld\+json|itemtype=[\"']https?://schema\.org/product|add[- _]?to[- _]?cart|"
    r"product:price:amount",
    re.I,
)
_TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.I | re.S)


def _visible_chars(html: str) -> int:
    return len("".join(_TAGS.sub(" ", html).split()))


def detect_block_page(html: str, status: int) -> str | None:
    """A short reason when the page is a bot wall, else None."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    head = unescape(html[:200_000])  # Akamai writes "errors&#46;edgesuite&#46;net"
    thin = _visible_chars(head) < 3000 and not _SHOP_CONTENT.search(head)
    for reason, pattern in _VENDOR_RE:
        if pattern.search(head) and (thin or status in (403, 429, 503)):
            return f"{reason} (HTTP {status})"
    widget = _WIDGET.search(head)
    if widget and thin:
        return f"CAPTCHA form ({widget.group(1) or 'captcha widget'}) (HTTP {status})"
    if _HUMAN_TEXT.search(_TAGS.sub(" ", head)) and thin:
        return f"human-verification page (HTTP {status})"
    if _DENIED_TITLE.search(head) and (thin or status in (401, 403, 429)):
        return f"access-denied page (HTTP {status})"
    return None
