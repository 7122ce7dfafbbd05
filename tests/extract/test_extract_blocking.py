"""Bot walls are recognised (even with status 200); ordinary product pages are not."""

from __future__ import annotations

import pytest

from scrapers.extract import detect_block_page

CLOUDFLARE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body class="no-js"><div class="main-wrapper">
<h1 class="zone-name-title h1">shop.example</h1><h2 class="h2" id="challenge-body-text">Checking if
the site connection is secure</h2><script>window._cf_chl_opt={cvId: '3',cZone: "shop.example"};
</script><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script></div>
</body></html>"""
HCAPTCHA = """<html><head><title>Security check</title>
<script src="https://hcaptcha.com/1/api.js" async defer></script></head><body>
<form method="post" action="/verify"><p>Please complete the security check to continue.</p>
<div class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"></div>
<button type="submit">Continue</button></form></body></html>"""
RECAPTCHA = """<html><head><title>Are you a robot?</title></head><body>
<p>We have detected unusual traffic from your network.</p>
<form action="/captcha" method="post"><div class="g-recaptcha" data-sitekey="6LcX"></div>
<input type="submit"></form></body></html>"""
DATADOME = """<html><head><title>shop.example</title></head><body style="margin:0">
<p id="cmsg">Please enable JS and disable any ad blocker</p>
<script>var dd={'rt':'c','cid':'AHrlqAAA','hsh':'2013457ADA','t':'fe','s':17434,
'host':'geo.captcha-delivery.com'}</script>
<script src="https://ct.captcha-delivery.com/c.js"></script></body></html>"""
PERIMETERX = """<html lang="en"><head><title>Access to this page has been denied</title>
<script>window._pxAppId = 'PXu6b0qd2S';</script></head><body><div id="px-captcha"></div>
<p>Press &amp; Hold to confirm you are a human (and not a bot).</p></body></html>"""
AKAMAI = """<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n
You don't have permission to access "http&#58;&#47;&#47;www&#46;shop&#46;example&#47;p&#47;1" on
this server.<P>\nReference&#32;&#35;18&#46;1c2e3217&#46;1700000000&#46;5b1a2c3\n
<P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;1c2e3217</P>\n</BODY>\n</HTML>"""

PRODUCT_WITH_CAPTCHA_SCRIPT = """<!DOCTYPE html><html lang="en"><head><title>Kettle | Shop</title>
<script type="application/ld+json">{"@type":"Product","name":"Kettle","offers":{"price":"39"}}
</script><script src="https://www.google.com/recaptcha/api.js?render=6LcX"></script>
<script>var captchaConfig = {enabled: true, provider: "recaptcha"};</script></head><body>
<h1>Kettle</h1><p class="price">$39.00</p><button class="add-to-cart">Add to cart</button>
<form class="newsletter"><div class="g-recaptcha" data-sitekey="6LcX"></div></form>
<script src="https://js.datadome.co/tags.js"></script></body></html>"""


@pytest.mark.parametrize(
    ("html", "status", "vendor"),
    [
        (CLOUDFLARE, 403, "Cloudflare"),
        (CLOUDFLARE, 200, "Cloudflare"),
        (HCAPTCHA, 200, "CAPTCHA"),
        (RECAPTCHA, 200, "CAPTCHA"),
        (DATADOME, 403, "DataDome"),
        (PERIMETERX, 403, "PerimeterX"),
        (AKAMAI, 403, "Akamai"),
    ],
    ids=[
        "cloudflare-403",
        "cloudflare-200",
        "hcaptcha",
        "recaptcha",
        "datadome",
        "perimeterx",
        "akamai",
    ],
)
def test_bot_walls_are_blocked_pages(html: str, status: int, vendor: str):
    reason = detect_block_page(html, status)
    assert reason is not None and vendor in reason
    assert str(status) in reason


@pytest.mark.parametrize("status", [200, 404])
def test_a_product_page_that_loads_captcha_scripts_is_not_blocked(status: int):
    assert detect_block_page(PRODUCT_WITH_CAPTCHA_SCRIPT, status) is None


def test_an_ordinary_error_page_is_not_a_bot_wall():
    html = "<html><head><title>Page not found</title></head><body><h1>404</h1></body></html>"
    assert detect_block_page(html, 404) is None


def test_bytes_are_accepted():
    assert detect_block_page(CLOUDFLARE.encode(), 503) is not None
